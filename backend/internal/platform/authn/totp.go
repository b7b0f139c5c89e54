package authn

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTP settings: RFC 6238 defaults that every authenticator app supports.
const (
	totpPeriod = 30
	totpSkew   = 1 // accept the previous and next 30-second step
)

// Enrolment is a new TOTP secret offered to a user.
type Enrolment struct {
	Secret     string `json:"secret"`
	URL        string `json:"otpauth_url"`
	QRPNGBase6 string `json:"qr_png_base64"`
}

// NewEnrolment generates a secret for account at issuer, with a QR code.
func NewEnrolment(issuer, account string) (Enrolment, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: totpPeriod,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return Enrolment{}, err
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return Enrolment{}, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return Enrolment{}, err
	}
	return Enrolment{Secret: key.Secret(), URL: key.URL(), QRPNGBase6: base64.StdEncoding.EncodeToString(buf.Bytes())}, nil
}

// CheckTOTP validates code for secret at now and returns the time step it
// matched. A step at or before lastStep is refused, so a code cannot be
// replayed, nor an older one used after a newer one.
func CheckTOTP(secret, code string, now time.Time, lastStep int64) (step int64, ok bool) {
	code = strings.TrimSpace(code)
	if len(code) != 6 {
		return 0, false
	}
	cur := now.Unix() / totpPeriod
	for d := -totpSkew; d <= totpSkew; d++ {
		s := cur + int64(d)
		if s <= lastStep {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*totpPeriod, 0), totp.ValidateOpts{
			Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err == nil && subtleEqual(want, code) {
			return s, true
		}
	}
	return 0, false
}

// TOTPCode computes the code for secret at t (the demo and tests use it).
func TOTPCode(secret string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
}

func subtleEqual(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	var v byte
	for i := 0; i < len(a); i++ {
		v |= a[i] ^ b[i]
	}
	return v == 0
}

// NewRecoveryCodes returns n one-time codes (shown once) and their hashes.
func NewRecoveryCodes(n int) (codes []string, hashes [][]byte) {
	for i := 0; i < n; i++ {
		b := make([]byte, 8)
		rand.Read(b) //nolint:errcheck
		c := strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))[:12]
		c = c[:4] + "-" + c[4:8] + "-" + c[8:]
		codes = append(codes, c)
		hashes = append(hashes, HashRecoveryCode(c))
	}
	return codes, hashes
}

// HashRecoveryCode normalises and hashes a recovery code.
func HashRecoveryCode(code string) []byte {
	c := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(code), " ", ""))
	if len(c) == 12 {
		c = c[:4] + "-" + c[4:8] + "-" + c[8:]
	}
	h := sha256.Sum256([]byte("teyi-recovery:" + c))
	return h[:]
}

// LooksLikeRecoveryCode tells a recovery code from a TOTP code.
func LooksLikeRecoveryCode(s string) bool {
	return len(strings.TrimSpace(s)) > 6
}

// Token is a random secret for sessions, CSRF and API tokens.
func Token(prefix string) string {
	b := make([]byte, 32)
	rand.Read(b) //nolint:errcheck
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// HashToken hashes a bearer secret for storage.
func HashToken(t string) []byte {
	h := sha256.Sum256([]byte(t))
	return h[:]
}

// ErrTOTP is the generic second-factor failure.
var ErrTOTP = fmt.Errorf("invalid or already used code")
