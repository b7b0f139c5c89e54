package app_test

import (
	"context"
	"testing"
	"time"

	"teyi/backend/internal/account"
	"teyi/backend/internal/platform/authn"
	"teyi/backend/internal/seed"
)

func TestLockoutAfterFiveFailuresWithTheSameAnswerForUnknownUsers(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	wrong := map[string]string{"username": "h1.doctor", "password": "not the password"}
	var first response
	for i := 0; i < 5; i++ {
		first = c.do("POST", "/api/v1/auth/login", wrong)
		if first.Status != 401 {
			t.Fatalf("failure %d: %d", i+1, first.Status)
		}
	}
	unknown := c.do("POST", "/api/v1/auth/login", map[string]string{"username": "no.such.user", "password": "not the password"})
	if unknown.Status != first.Status || string(unknown.Body) != string(first.Body) {
		t.Fatalf("unknown user answered differently:\n%s\n%s", unknown.Body, first.Body)
	}
	// locked: even the right password is refused, with the same answer
	right := map[string]string{"username": "h1.doctor", "password": seed.DemoPassword}
	if r := c.do("POST", "/api/v1/auth/login", right); r.Status != 401 || string(r.Body) != string(first.Body) {
		t.Fatalf("locked account: %d %s", r.Status, r.Body)
	}
	// the address is locked too: another account from it is refused
	if r := c.do("POST", "/api/v1/auth/login", map[string]string{"username": "h2.doctor", "password": seed.DemoPassword}); r.Status != 401 {
		t.Fatalf("locked address let h2.doctor in: %d", r.Status)
	}
	var lockouts int64
	e.app.DB.Conn(context.Background()).Raw(`SELECT count(*) FROM audit_events WHERE action = 'auth.lockout'`).Scan(&lockouts)
	if lockouts != 1 {
		t.Fatalf("%d lockout audit events, want 1", lockouts)
	}
	// attempts during a lockout double it (back-off): 16 minutes on, still locked
	e.clock.Advance(16 * time.Minute)
	if r := c.do("POST", "/api/v1/auth/login", right); r.Status != 401 {
		t.Fatalf("after 16 min with further attempts: %d, want still locked", r.Status)
	}
	e.clock.Advance(5 * time.Hour)
	c.login("h1.doctor", seed.DemoPassword, "done")
}

func TestSessionEndsWhenIdleAndAtItsAbsoluteLifetime(t *testing.T) {
	e := newEnv(t)
	idle := e.signedIn("h1.doctor")
	e.clock.Advance(29 * time.Minute)
	if r := idle.do("GET", "/api/v1/me", nil); r.Status != 200 {
		t.Fatalf("after 29 min: %d", r.Status)
	}
	e.clock.Advance(31 * time.Minute)
	if r := idle.do("GET", "/api/v1/me", nil); r.Status != 401 {
		t.Fatalf("after 31 idle minutes: %d, want 401", r.Status)
	}
	busy := e.signedIn("h1.doctor")
	for elapsed := time.Duration(0); elapsed < 11*time.Hour+40*time.Minute; elapsed += 20 * time.Minute {
		e.clock.Advance(20 * time.Minute)
		if r := busy.do("GET", "/api/v1/me", nil); r.Status != 200 {
			t.Fatalf("active session ended after %s: %d", elapsed+20*time.Minute, r.Status)
		}
	}
	e.clock.Advance(20 * time.Minute)
	if r := busy.do("GET", "/api/v1/me", nil); r.Status != 401 {
		t.Fatalf("past 12 h: %d, want 401", r.Status)
	}
}

func TestLogoutEndsTheSession(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn("h1.office")
	if r := c.do("POST", "/api/v1/auth/logout", nil); r.Status != 204 {
		t.Fatalf("logout: %d", r.Status)
	}
	if r := c.do("GET", "/api/v1/me", nil); r.Status != 401 {
		t.Fatalf("after logout: %d, want 401", r.Status)
	}
}

func TestMutatingCallsWithoutCSRFTokenAreRefused(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn("bureau.admin")
	c.csrf = ""
	if r := c.do("POST", "/api/v1/auth/logout", nil); r.Status != 403 {
		t.Fatalf("logout without CSRF: %d, want 403", r.Status)
	}
	c.csrf = "forged"
	if r := c.do("PATCH", "/api/v1/users/"+e.ownUser, map[string]any{"version": 1, "disabled": true}); r.Status != 403 {
		t.Fatalf("forged CSRF: %d, want 403", r.Status)
	}
}

func TestDisablingAUserEndsAllTheirSessionsAtOnce(t *testing.T) {
	e := newEnv(t)
	a, b := e.signedIn("h1.doctor"), e.signedIn("h1.doctor")
	admin := e.signedIn("bureau.admin")
	var u struct{ Version int }
	admin.do("GET", "/api/v1/users/"+e.ownUser, nil).json(t, &u)
	if r := admin.do("PATCH", "/api/v1/users/"+e.ownUser, map[string]any{"version": u.Version, "disabled": true}); r.Status != 200 {
		t.Fatalf("disable: %d %s", r.Status, r.Body)
	}
	for _, c := range []*client{a, b} {
		if r := c.do("GET", "/api/v1/me", nil); r.Status != 401 {
			t.Fatalf("session of a disabled user: %d, want 401", r.Status)
		}
	}
	if r := e.client().do("POST", "/api/v1/auth/login", map[string]string{"username": "h1.doctor", "password": seed.DemoPassword}); r.Status != 401 {
		t.Fatalf("disabled user signed in: %d", r.Status)
	}
	// a stale version is refused
	if r := admin.do("PATCH", "/api/v1/users/"+e.ownUser, map[string]any{"version": u.Version, "disabled": false}); r.Status != 409 {
		t.Fatalf("stale version: %d, want 409", r.Status)
	}
}

func TestTOTPIsRequiredOnceEnrolledAndCodesCannotBeReplayed(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn("bureau.admin")
	var enrol authn.Enrolment
	r := c.do("POST", "/api/v1/me/totp", nil)
	r.json(t, &enrol)
	code, _ := authn.TOTPCode(enrol.Secret, e.clock.Now())
	var rec struct {
		RecoveryCodes []string `json:"recovery_codes"`
	}
	if r := c.do("POST", "/api/v1/me/totp/confirm", map[string]string{"code": code}); r.Status != 200 {
		t.Fatalf("confirm: %d %s", r.Status, r.Body)
	} else {
		r.json(t, &rec)
	}
	if len(rec.RecoveryCodes) != 10 {
		t.Fatalf("%d recovery codes", len(rec.RecoveryCodes))
	}
	second := e.client()
	second.login("bureau.admin", seed.DemoPassword, "totp")
	// before the second factor, only the sign-in steps are open
	if r := second.do("GET", "/api/v1/users", nil); r.Status != 403 {
		t.Fatalf("users before TOTP: %d, want 403", r.Status)
	}
	if r := second.do("POST", "/api/v1/auth/totp", map[string]string{"code": code}); r.Status != 422 {
		t.Fatalf("replayed enrolment code: %d, want 422", r.Status)
	}
	e.clock.Advance(30 * time.Second)
	fresh, _ := authn.TOTPCode(enrol.Secret, e.clock.Now())
	if r := second.do("POST", "/api/v1/auth/totp", map[string]string{"code": fresh}); r.Status != 200 {
		t.Fatalf("fresh code: %d %s", r.Status, r.Body)
	}
	if r := second.do("GET", "/api/v1/users", nil); r.Status != 200 {
		t.Fatalf("users after TOTP: %d", r.Status)
	}
	third := e.client()
	third.login("bureau.admin", seed.DemoPassword, "totp")
	if r := third.do("POST", "/api/v1/auth/totp", map[string]string{"code": fresh}); r.Status != 422 {
		t.Fatalf("the same code in another session: %d, want 422", r.Status)
	}
	if r := third.do("POST", "/api/v1/auth/totp", map[string]string{"code": rec.RecoveryCodes[0]}); r.Status != 200 {
		t.Fatalf("recovery code: %d %s", r.Status, r.Body)
	}
	fourth := e.client()
	fourth.login("bureau.admin", seed.DemoPassword, "totp")
	if r := fourth.do("POST", "/api/v1/auth/totp", map[string]string{"code": rec.RecoveryCodes[0]}); r.Status != 422 {
		t.Fatalf("used recovery code: %d, want 422", r.Status)
	}
}

func TestBureauRolesMustEnrolASecondFactorOutsideDemo(t *testing.T) {
	e := newEnv(t)
	ctx := account.SystemContext(context.Background(), "test")
	u, err := e.app.Accounts.CreateUser(ctx, account.UserInput{Username: "real.reviewer", DisplayName: "审核员",
		RegionCode: seed.DemoRegion, Roles: []account.RoleAssignment{{Role: "bureau_reviewer"}}})
	if err != nil {
		t.Fatal(err)
	}
	c := e.client()
	c.login("real.reviewer", u.TemporaryPassword, "enrol_totp")
	if r := c.do("GET", "/api/v1/hospitals", nil); r.Status != 403 {
		t.Fatalf("before enrolment: %d, want 403", r.Status)
	}
	var enrol authn.Enrolment
	c.do("POST", "/api/v1/me/totp", nil).json(t, &enrol)
	code, _ := authn.TOTPCode(enrol.Secret, e.clock.Now())
	if r := c.do("POST", "/api/v1/me/totp/confirm", map[string]string{"code": code}); r.Status != 200 {
		t.Fatalf("confirm: %d %s", r.Status, r.Body)
	}
	// the temporary password must be changed before anything else
	if r := c.do("GET", "/api/v1/hospitals", nil); r.Status != 403 {
		t.Fatalf("before the password change: %d, want 403", r.Status)
	}
	if r := c.do("POST", "/api/v1/me/password", map[string]string{"current_password": u.TemporaryPassword, "new_password": "password123456"}); r.Status != 422 {
		t.Fatalf("common password accepted: %d", r.Status)
	}
	if r := c.do("POST", "/api/v1/me/password", map[string]string{"current_password": u.TemporaryPassword, "new_password": "医保审核员的长密码2026"}); r.Status != 204 {
		t.Fatalf("password change: %d %s", r.Status, r.Body)
	}
	if r := c.do("GET", "/api/v1/hospitals", nil); r.Status != 200 {
		t.Fatalf("after enrolment and password change: %d", r.Status)
	}
}

func TestAPITokensWorkUntilRevokedOrExpired(t *testing.T) {
	e := newEnv(t)
	office := e.signedIn("h1.office")
	var created struct {
		Token  struct{ ID string }
		Secret string
	}
	r := office.do("POST", "/api/v1/api-tokens", map[string]any{"name": "HIS", "operations": []string{"get-token-info"}, "expires_in_days": 1})
	if r.Status != 201 {
		t.Fatalf("create token: %d %s", r.Status, r.Body)
	}
	r.json(t, &created)
	his := e.client()
	his.bearer = created.Secret
	if r := his.do("GET", "/api/v1/token-info", nil); r.Status != 200 || !contains(r.Body, e.ownHospital) {
		t.Fatalf("token info: %d %s", r.Status, r.Body)
	}
	if r := his.do("GET", "/api/v1/hospitals", nil); r.Status != 403 {
		t.Fatalf("token outside its operations: %d, want 403", r.Status)
	}
	if r := office.do("POST", "/api/v1/api-tokens", map[string]any{"name": "x", "operations": []string{"create-user"}, "expires_in_days": 1}); r.Status != 422 {
		t.Fatalf("token for a non-system operation: %d, want 422", r.Status)
	}
	e.clock.Advance(25 * time.Hour)
	if r := his.do("GET", "/api/v1/token-info", nil); r.Status != 401 {
		t.Fatalf("expired token: %d, want 401", r.Status)
	}
	office = e.signedIn("h1.office")
	r = office.do("POST", "/api/v1/api-tokens", map[string]any{"name": "HIS2", "operations": []string{"get-token-info"}, "expires_in_days": 30})
	r.json(t, &created)
	his.bearer = created.Secret
	if r := office.do("DELETE", "/api/v1/api-tokens/"+created.Token.ID, nil); r.Status != 204 {
		t.Fatalf("revoke: %d %s", r.Status, r.Body)
	}
	if r := his.do("GET", "/api/v1/token-info", nil); r.Status != 401 {
		t.Fatalf("revoked token: %d, want 401", r.Status)
	}
}

func TestAdministrativeActionsAndDenialsAreAudited(t *testing.T) {
	e := newEnv(t)
	admin := e.signedIn("bureau.admin")
	r := admin.do("POST", "/api/v1/users", map[string]any{"username": "new.doctor", "display_name": "新医生", "hospital_id": e.ownHospital,
		"roles": []map[string]string{{"role": "clinician"}}})
	if r.Status != 201 || contains(r.Body, "password_hash") {
		t.Fatalf("create user: %d %s", r.Status, r.Body)
	}
	doctor := e.signedIn("h1.doctor")
	doctor.do("GET", "/api/v1/users", nil)
	var rows struct {
		Items []struct {
			Action string `json:"action"`
		}
	}
	admin.do("GET", "/api/v1/audit-events?action=user.create", nil).json(t, &rows)
	if len(rows.Items) == 0 {
		t.Fatal("user.create not in the audit log")
	}
	var denials int64
	e.app.DB.Conn(context.Background()).Raw(`SELECT count(*) FROM audit_events WHERE action = 'authz.denied' AND object_id = 'list-users'`).Scan(&denials)
	if denials != 1 {
		t.Fatalf("%d denial events, want 1", denials)
	}
	res, err := e.app.Audit.Verify(context.Background())
	if err != nil || res.Problem != nil {
		t.Fatalf("chain after the run: %+v %v", res, err)
	}
}

func TestRegionAdministratorsSeeTheirUsersSignInEventsAndCanResetASecondFactor(t *testing.T) {
	e := newEnv(t)
	e.signedIn("h1.doctor")
	admin := e.signedIn("bureau.admin")
	var rows struct {
		Items []struct {
			Action   string `json:"action"`
			ObjectID string `json:"object_id"`
		}
	}
	admin.do("GET", "/api/v1/audit-events?action=auth.login", nil).json(t, &rows)
	found := false
	for _, r := range rows.Items {
		found = found || r.ObjectID == e.ownUser
	}
	if !found {
		t.Fatal("h1.doctor's sign-in is not in the region's audit log")
	}
	if r := admin.do("POST", "/api/v1/users/"+e.ownUser+"/totp-reset", nil); r.Status != 204 {
		t.Fatalf("reset second factor: %d %s", r.Status, r.Body)
	}
	if r := admin.do("POST", "/api/v1/users/"+e.foreignUser+"/totp-reset", nil); r.Status != 404 {
		t.Fatalf("foreign user: %d, want 404", r.Status)
	}
}
