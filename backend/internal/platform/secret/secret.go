// Package secret encrypts personal data at rest (AES-256-GCM) and blinds
// identifiers (HMAC-SHA-256) so that records of one person can be linked
// without storing who the person is. The key is TEYI_SECRET_KEY: 32 bytes,
// hex or base64.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash"
	"strings"
	"sync"
)

// ErrNoKey is returned when no key is configured.
var ErrNoKey = errors.New("TEYI_SECRET_KEY is not set: personal data cannot be stored without it")

// ErrBadKey is returned for a key that is not 32 bytes of hex or base64.
var ErrBadKey = errors.New("TEYI_SECRET_KEY must be 32 bytes, written as 64 hex digits or base64")

// ErrOpen is returned when a ciphertext does not decrypt (another key, or
// tampered data).
var ErrOpen = errors.New("secret: ciphertext does not open with this key")

// Sealer encrypts and blinds. It is safe for concurrent use.
type Sealer struct {
	aead cipher.AEAD
	mac  sync.Pool
}

// ParseKey decodes a configured key.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, ErrNoKey
	}
	if b, err := hex.DecodeString(s); err == nil && len(b) == 32 {
		return b, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) == 32 {
			return b, nil
		}
	}
	return nil, ErrBadKey
}

// New builds a sealer from a configured key.
func New(key string) (*Sealer, error) {
	k, err := ParseKey(key)
	if err != nil {
		return nil, err
	}
	derive := func(label string) []byte {
		m := hmac.New(sha256.New, k)
		m.Write([]byte(label))
		return m.Sum(nil)
	}
	block, err := aes.NewCipher(derive("teyi/encrypt/v1"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	macKey := derive("teyi/blind/v1")
	s := &Sealer{aead: aead}
	s.mac.New = func() any { return hmac.New(sha256.New, macKey) }
	return s, nil
}

// Seal encrypts plaintext; aad binds the ciphertext to its context (a
// column name, say), so it cannot be moved to another. Empty plaintext
// seals to nil.
func (s *Sealer) Seal(plaintext, aad string) []byte {
	if plaintext == "" {
		return nil
	}
	out := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plaintext)+s.aead.Overhead())
	if _, err := rand.Read(out); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return s.aead.Seal(out, out, []byte(plaintext), []byte(aad))
}

// Open decrypts what Seal made.
func (s *Sealer) Open(ciphertext []byte, aad string) (string, error) {
	if len(ciphertext) == 0 {
		return "", nil
	}
	n := s.aead.NonceSize()
	if len(ciphertext) < n+s.aead.Overhead() {
		return "", ErrOpen
	}
	pt, err := s.aead.Open(nil, ciphertext[:n], ciphertext[n:], []byte(aad))
	if err != nil {
		return "", ErrOpen
	}
	return string(pt), nil
}

// Blind returns a keyed 63-bit digest of v for linking (the same person's
// cases), or 0 for an empty v. It does not reveal v to anyone without the
// key.
func (s *Sealer) Blind(v string) int64 {
	if v == "" {
		return 0
	}
	m := s.mac.Get().(hash.Hash)
	m.Reset()
	m.Write([]byte(v))
	var sum [sha256.Size]byte
	d := m.Sum(sum[:0])
	s.mac.Put(m)
	x := int64(binary.BigEndian.Uint64(d) >> 1)
	if x == 0 {
		x = 1
	}
	return x
}
