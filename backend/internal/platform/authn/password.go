// Package authn authenticates people and hospital systems: argon2id password
// hashes and the password policy, TOTP second factors with recovery codes,
// server-side sessions and API tokens. It holds the pure mechanisms; the
// account package stores users and decides.
package authn

import (
	_ "embed"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"
)

// Hasher hashes and checks passwords with argon2id.
type Hasher struct {
	params *argon2id.Params
	// dummy is checked against when the user does not exist, so unknown
	// users take as long as known ones.
	dummy string
}

// DefaultParams follow OWASP's argon2id recommendation (19 MiB, t=2, p=1).
var DefaultParams = argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// TestParams are cheap, for test suites only.
var TestParams = argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// NewHasher builds a hasher with the given parameters.
func NewHasher(p argon2id.Params) *Hasher {
	h := &Hasher{params: &p}
	h.dummy, _ = argon2id.CreateHash("dummy password for timing", h.params)
	return h
}

// Hash returns the encoded hash of password.
func (h *Hasher) Hash(password string) (string, error) {
	return argon2id.CreateHash(password, h.params)
}

// Check reports whether password matches hash; with an empty hash it checks
// against a dummy, spending the same time, and returns false.
func (h *Hasher) Check(password, hash string) bool {
	if hash == "" {
		argon2id.ComparePasswordAndHash(password, h.dummy) //nolint:errcheck
		return false
	}
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	return err == nil && ok
}

// Password policy errors, shown to the user.
var (
	ErrPasswordTooShort   = errors.New("password must be at least 12 characters")
	ErrPasswordTooLong    = errors.New("password must be at most 128 characters")
	ErrPasswordCommon     = errors.New("password is too common or too easy to guess")
	ErrPasswordHasName    = errors.New("password must not contain the username")
	ErrPasswordControlChr = errors.New("password must not contain control characters")
)

//go:embed common-passwords.txt
var commonList string

var common = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonList, "\n") {
		l = strings.TrimSpace(strings.ToLower(l))
		if l != "" && !strings.HasPrefix(l, "#") {
			m[l] = true
		}
	}
	return m
}()

// CheckPolicy validates a new password for username.
func CheckPolicy(username, password string) error {
	n := utf8.RuneCountInString(password)
	if n < 12 {
		return ErrPasswordTooShort
	}
	if n > 128 {
		return ErrPasswordTooLong
	}
	for _, r := range password {
		if unicode.IsControl(r) {
			return ErrPasswordControlChr
		}
	}
	lower := strings.ToLower(password)
	if username != "" && len(username) >= 3 && strings.Contains(lower, strings.ToLower(username)) {
		return ErrPasswordHasName
	}
	if common[lower] || common[stripDecor(lower)] || repetitive(lower) {
		return ErrPasswordCommon
	}
	return nil
}

// stripDecor removes digits and symbols around a word: "Password123!" and
// "!!password2024" both become "password".
func stripDecor(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
}

// repetitive catches one repeated character or a repeated short block
// ("aaaaaaaaaaaa", "abcabcabcabc", "121212121212") and plain sequences.
func repetitive(s string) bool {
	r := []rune(s)
	for block := 1; block <= 4; block++ {
		if len(r)%block != 0 && block > 1 {
			continue
		}
		same := true
		for i := block; i < len(r); i++ {
			if r[i] != r[i-block] {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	up, down := true, true
	for i := 1; i < len(r); i++ {
		if r[i] != r[i-1]+1 {
			up = false
		}
		if r[i] != r[i-1]-1 {
			down = false
		}
	}
	return up || down
}
