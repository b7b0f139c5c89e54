package letter

import (
	"crypto/rand"
	"strings"
)

// CodeAlphabet is the 32 characters of verification codes: digits and
// capital letters without 0, 1, I and O, which are easily confused with each
// other. 32 symbols make each character exactly 5 random bits.
const CodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// Code shape: three groups of four characters, "K7QM-3XPA-9TRD", 60 bits.
const (
	codeGroups   = 3
	codeGroupLen = 4
	CodeBits     = codeGroups * codeGroupLen * 5
)

// NewCode returns a fresh verification code from crypto/rand, such as
// "K7QM-3XPA-9TRD" (60 random bits). It panics only if the system's random
// source fails, as crypto/rand.Read does.
func NewCode() string {
	var buf [codeGroups * codeGroupLen]byte
	if _, err := rand.Read(buf[:]); err != nil {
		panic("letter: crypto/rand failed: " + err.Error())
	}
	var b strings.Builder
	for i, x := range buf {
		if i > 0 && i%codeGroupLen == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(CodeAlphabet[x&31]) // 256 is a multiple of 32: unbiased
	}
	return b.String()
}

// ValidCode reports whether s is a verification code in its canonical form:
// three groups of four characters of CodeAlphabet joined by "-".
func ValidCode(s string) bool {
	if len(s) != codeGroups*codeGroupLen+codeGroups-1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (i+1)%(codeGroupLen+1) == 0 {
			if s[i] != '-' {
				return false
			}
			continue
		}
		if strings.IndexByte(CodeAlphabet, s[i]) < 0 {
			return false
		}
	}
	return true
}

// NormalizeCode turns what a person typed on the verification page
// ("k7qm 3xpa9trd", "K7QM-3XPA-9TRD ") into the canonical form, and reports
// whether the result is a valid code.
func NormalizeCode(s string) (string, bool) {
	var raw []byte
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ' || r == '\t' || r == '　' || r == '－':
			continue
		case r < 0x80:
			raw = append(raw, byte(r))
		default:
			return "", false
		}
	}
	if len(raw) != codeGroups*codeGroupLen {
		return "", false
	}
	var b strings.Builder
	for i, c := range raw {
		if i > 0 && i%codeGroupLen == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(c)
	}
	out := b.String()
	return out, ValidCode(out)
}
