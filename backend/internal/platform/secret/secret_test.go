package secret

import (
	"bytes"
	"encoding/base64"
	"errors"
	"testing"
)

const key = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

func TestSealOpensOnlyWithItsKeyAndContext(t *testing.T) {
	s, err := New(key)
	if err != nil {
		t.Fatal(err)
	}
	ct := s.Seal("张三", "cases.name")
	if bytes.Contains(ct, []byte("张三")) {
		t.Fatal("plaintext visible in the ciphertext")
	}
	if ct2 := s.Seal("张三", "cases.name"); bytes.Equal(ct, ct2) {
		t.Fatal("two seals of one value are equal: the nonce is not random")
	}
	if got, err := s.Open(ct, "cases.name"); err != nil || got != "张三" {
		t.Fatalf("open: %q %v", got, err)
	}
	if _, err := s.Open(ct, "cases.idno"); !errors.Is(err, ErrOpen) {
		t.Fatalf("moved to another column: %v", err)
	}
	other, _ := New(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32)))
	if _, err := other.Open(ct, "cases.name"); !errors.Is(err, ErrOpen) {
		t.Fatalf("another key opened it: %v", err)
	}
	ct[len(ct)-1] ^= 1
	if _, err := s.Open(ct, "cases.name"); !errors.Is(err, ErrOpen) {
		t.Fatal("tampering not detected")
	}
	if s.Seal("", "x") != nil {
		t.Fatal("empty values seal to nil")
	}
}

func TestBlindLinksWithoutRevealing(t *testing.T) {
	s, _ := New(key)
	a, b := s.Blind("370102198001011234"), s.Blind("370102198001011234")
	if a != b || a <= 0 {
		t.Fatalf("blind %d %d", a, b)
	}
	if s.Blind("370102198001011235") == a {
		t.Fatal("different ids blind alike")
	}
	other, _ := New(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32)))
	if other.Blind("370102198001011234") == a {
		t.Fatal("the digest does not depend on the key")
	}
	if s.Blind("") != 0 {
		t.Fatal("empty id must blind to 0")
	}
}

func TestKeysAreValidated(t *testing.T) {
	for _, k := range []string{"", "short", "zz" + key[2:], key[:62]} {
		if _, err := New(k); err == nil {
			t.Errorf("key %q accepted", k)
		}
	}
	if _, err := New(""); !errors.Is(err, ErrNoKey) {
		t.Errorf("empty key: %v", err)
	}
}
