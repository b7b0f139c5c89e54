package authn

import (
	"errors"
	"testing"
	"time"
)

func TestPasswordPolicy(t *testing.T) {
	cases := map[string]error{
		"short1!":               ErrPasswordTooShort,
		"abcdefgh\x00ijklmnop":  ErrPasswordControlChr,
		"Password123!":          ErrPasswordCommon,
		"!!qwertyuiop2024":      ErrPasswordCommon,
		"aaaaaaaaaaaaaa":        ErrPasswordCommon,
		"abcabcabcabc":          ErrPasswordCommon,
		"123456789012":          ErrPasswordCommon,
		"zhangsan-likes-tea":    ErrPasswordHasName,
		"医保特例单议审核很重要2026":       nil,
		"correct horse battery": nil,
	}
	for pw, want := range cases {
		if got := CheckPolicy("zhangsan", pw); !errors.Is(got, want) {
			t.Errorf("CheckPolicy(%q) = %v, want %v", pw, got, want)
		}
	}
	long := ""
	for len(long) < 129 {
		long += "Xk9#"
	}
	if err := CheckPolicy("u", long[:129]); !errors.Is(err, ErrPasswordTooLong) {
		t.Errorf("129 chars: %v", err)
	}
}

func TestHashAndCheck(t *testing.T) {
	h := NewHasher(TestParams)
	hash, err := h.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !h.Check("correct horse battery", hash) || h.Check("wrong horse battery", hash) || h.Check("x", "") {
		t.Fatal("check gave the wrong answer")
	}
}

func TestTOTPCodeCannotBeReplayed(t *testing.T) {
	e, err := NewEnrolment("Teyi", "admin")
	if err != nil || e.QRPNGBase6 == "" {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	code, _ := TOTPCode(e.Secret, now)
	step, ok := CheckTOTP(e.Secret, code, now, 0)
	if !ok {
		t.Fatal("fresh code refused")
	}
	if _, ok := CheckTOTP(e.Secret, code, now.Add(5*time.Second), step); ok {
		t.Fatal("the same code was accepted twice")
	}
	old, _ := TOTPCode(e.Secret, now.Add(-30*time.Second))
	if _, ok := CheckTOTP(e.Secret, old, now, step); ok {
		t.Fatal("an older code was accepted after a newer one")
	}
	next, _ := TOTPCode(e.Secret, now.Add(30*time.Second))
	if _, ok := CheckTOTP(e.Secret, next, now.Add(30*time.Second), step); !ok {
		t.Fatal("the next step's code was refused")
	}
	if _, ok := CheckTOTP(e.Secret, code, now.Add(5*time.Minute), 0); ok {
		t.Fatal("a code five minutes old was accepted")
	}
}

func TestRecoveryCodesHashNormalised(t *testing.T) {
	codes, hashes := NewRecoveryCodes(10)
	if len(codes) != 10 {
		t.Fatal("want 10 codes")
	}
	if string(HashRecoveryCode(" "+codes[3]+" ")) != string(hashes[3]) {
		t.Fatal("normalisation changed the hash")
	}
	if !LooksLikeRecoveryCode(codes[0]) || LooksLikeRecoveryCode("123456") {
		t.Fatal("recovery code detection")
	}
}
