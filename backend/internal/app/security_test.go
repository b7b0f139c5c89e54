package app_test

import (
	"context"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"teyi/backend/internal/account"
	"teyi/backend/internal/platform/authz"
)

// roleUsers signs in as one demo user per role.
var roleUsers = map[string]string{
	authz.RoleClinician: "h1.doctor", authz.RoleHospitalOffice: "h1.office", authz.RoleBureauReviewer: "bureau.reviewer",
	authz.RoleBureauAdmin: "bureau.admin", authz.RoleExpert: "expert01", authz.RoleDataGroup: "data.group",
	authz.RoleSysadmin: "sysadmin",
}

// sampleBodies are minimal valid bodies, so that validation passes and the
// authorization and scope answers are what the test sees. An operation with
// a request body and no sample fails the test: new routes must add one.
var sampleBodies = map[string]any{
	"login":                  map[string]string{"username": "nobody", "password": "wrong password"},
	"verify-totp":            map[string]string{"code": "000000"},
	"change-password":        map[string]string{"current_password": "x", "new_password": "another long password"},
	"confirm-totp-enrolment": map[string]string{"code": "000000"},
	"create-region":          map[string]string{"code": "990000", "name": "测试"},
	"create-hospital":        map[string]any{"code": "H99999999999", "name": "测试医院", "level": 1},
	"update-hospital":        map[string]any{"version": 1},
	"create-user":            map[string]any{"username": "matrix.user", "display_name": "矩阵", "roles": []map[string]string{{"role": "bureau_reviewer"}}},
	"update-user":            map[string]any{"version": 1},
	"set-user-roles":         map[string]any{"version": 1, "roles": []map[string]string{{"role": "clinician"}}},
	"create-api-token":       map[string]any{"name": "matrix", "operations": []string{"get-token-info"}, "expires_in_days": 1},
	"group-case":             map[string]any{"case": map[string]any{"sex": 1, "age": 60, "diagnoses": []string{"I10.x00"}}},
	// a raw file upload; without file_name it is refused by validation
	"upload-case-import":   "setl_id",
	"create-pricing-draft": map[string]any{"year": 2028, "effective_from": "2028-01-01", "template": "demo"},
	// not multipart: the matrix only needs the authorization answer
	"import-pricing-catalogue":    map[string]any{"params": "{}"},
	"update-pricing-draft":        map[string]any{"version": 1, "draft": map[string]any{"year": 2028, "effective_from": "2028-01-01", "template": "demo"}},
	"activate-pricing-version":    map[string]any{"version": 1},
	"retire-pricing-version":      map[string]any{"version": 1},
	"price-preview":               map[string]any{"drg": "FM19", "level": "tertiary", "fund": "employee", "total_cost": "12000"},
	"create-application":          map[string]any{"case_id": "1", "types": []string{"HIGH_COST"}, "justification": "费用高"},
	"update-application":          map[string]any{"version": 1, "types": []string{"HIGH_COST"}},
	"transition-application":      map[string]any{"command": "forward", "version": 1},
	"assign-applications":         map[string]any{"reviewer_id": "00000000-0000-7000-8000-000000000000", "applications": []map[string]any{{"id": "00000000-0000-7000-8000-000000000000", "version": 1}}},
	"upload-application-evidence": "%PDF-1.4 matrix",
	"post-application-message":    map[string]any{"body": "请补充"},
	"preview-regrouping":          map[string]any{"case_id": "1", "diagnoses": []string{"I21.000"}},
	"create-registry-item": map[string]any{"kind": "consumable", "code": "C03121402000003", "name": "人工髋关节假体",
		"listed_on": "2025-01-01", "expected_cases": 50, "justification": "矩阵"},
	"update-registry-item": map[string]any{"version": 1, "kind": "consumable", "code": "C03121402000003", "name": "人工髋关节假体",
		"listed_on": "2025-01-01", "expected_cases": 50, "justification": "矩阵"},
	"submit-registry-item":   map[string]any{"version": 1},
	"withdraw-registry-item": map[string]any{"version": 1},
	"approve-registry-item":  map[string]any{"version": 1, "valid_from": "2026-03-01", "valid_to": "2026-12-31", "scope": "region"},
	"reject-registry-item":   map[string]any{"version": 1, "reason": "矩阵"},
	// a raw file upload (the evidence of a draft)
	"upload-registry-evidence": "%PDF-1.4",
	"update-screening-rules": map[string]any{"version": 0, "rules": map[string]any{"long_stay_days": 60, "icu_hours": 72,
		"ventilation_hours": 96, "min_departments": 3, "new_items": true, "high_cost": true, "ungroupable": true, "ambiguous_group": true}},
	// a stale version: the matrix only needs the authorization answer (409 for the administrator)
	"update-specialcase-settings": map[string]any{"version": 99, "effective_from": "2099-01-01",
		"quota":     map[string]any{"basis": "DRG_5pct", "rate": "0.05", "scope": "region", "period": "quarter", "replace_share": "0.20", "warn_at": "0.80"},
		"window":    map[string]any{"kind": "quarterly_first_workdays", "workdays": 15},
		"deadlines": map[string]any{"info_due_workdays": 5, "reminder_workdays_before": 2, "info_expiry": "withdraw", "intake_sla_workdays": 10}},
	"draft-special-case-report":    map[string]any{"period": "2026H1"},
	"publish-special-case-report":  map[string]any{"revision": 1},
	"update-calendar-year":         map[string]any{"version": 99, "entries": []map[string]string{{"date": "2026-10-01", "kind": "holiday", "name": "国庆节"}}},
	"mark-notifications-read":      map[string]any{"all": true},
	"update-review-expert":         map[string]any{"specialties": []string{"MDCF"}, "active": true, "max_load": 5, "version": 99},
	"add-review-absence":           map[string]any{"starts_on": "2026-05-01", "ends_on": "2026-05-02"},
	"add-review-conflict":          map[string]any{"kind": "hospital", "hospital_id": "00000000-0000-7000-8000-000000000000", "reason": "矩阵"},
	"open-review-cycle":            map[string]any{"name": "矩阵", "cadence": "single", "starts_on": "2026-04-01", "ends_on": "2026-06-30"},
	"draw-review-panel":            map[string]any{"application_id": "00000000-0000-7000-8000-000000000000"},
	"respond-review-invitation":    map[string]any{"answer": "accept"},
	"cast-review-vote":             map[string]any{"choice": "REJECT", "rationale": "矩阵"},
	"return-review-decision":       map[string]any{"reason": "矩阵"},
	"appeal-review-decision":       map[string]any{"reason": "矩阵"},
	"update-notification-settings": map[string]any{"version": 0, "email": "", "email_enabled": false},
}

// valueParams are path parameters that name no object (a format, say):
// they get a fixed valid value and no foreign-id check.
var valueParams = map[string]string{"format": "csv", "year": "2026", "code": "AAAA-BBBB-CCCC"}

var pathParam = regexp.MustCompile(`\{([a-zA-Z]+)\}`)

type route struct {
	id, method, path string
	hasBody          bool
}

func routes(t *testing.T, e *env) []route {
	var out []route
	for _, op := range e.app.Server(nil).Operations() {
		r := route{id: op.OperationID, method: op.Method, path: op.Path, hasBody: op.RequestBody != nil}
		if r.hasBody && sampleBodies[r.id] == nil {
			t.Errorf("operation %s has a request body but no sample in sampleBodies", r.id)
		}
		out = append(out, r)
	}
	// sign-out last, so every other call still has its session
	sort.Slice(out, func(i, j int) bool {
		if (out[i].id == "logout") != (out[j].id == "logout") {
			return out[j].id == "logout"
		}
		return out[i].id < out[j].id
	})
	return out
}

func fill(path string, ids map[string]string) string {
	return pathParam.ReplaceAllStringFunc(path, func(m string) string {
		if id, ok := ids[m[1:len(m)-1]]; ok {
			return id
		}
		if v, ok := valueParams[m[1:len(m)-1]]; ok {
			return v
		}
		return "00000000-0000-7000-8000-000000000000"
	})
}

// expected says whether the policy lets this caller run op.
func expected(e *env, role, op string) bool {
	enf := e.app.Authz
	if enf.Can(authz.PseudoAnonymous, "", op) {
		return true
	}
	if role == "anonymous" {
		return false
	}
	if enf.Can(authz.PseudoSession, "", op) {
		return role != authz.RoleHospitalSystem // tokens have no session
	}
	if role == authz.RoleHospitalSystem {
		return enf.Can(role, authz.KindHospital, op) && op == "get-token-info"
	}
	return enf.Can(authz.PseudoAuthenticated, "", op) || enf.Can(role, authz.KindOf(role), op)
}

func TestEveryRouteAnswersEveryRoleAsThePolicySays(t *testing.T) {
	e := newEnv(t)
	callers := map[string]*client{"anonymous": e.client()}
	for role, user := range roleUsers {
		callers[role] = e.signedIn(user)
	}
	tokenClient := e.client()
	ctx := account.SystemContext(context.Background(), "test")
	_, secret, err := e.app.Accounts.CreateToken(ctx, e.app.Authz, account.TokenInput{HospitalID: e.ownHospital, Name: "his",
		Operations: []string{"get-token-info"}, ExpiresInDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	tokenClient.bearer = secret
	callers[authz.RoleHospitalSystem] = tokenClient
	rs := routes(t, e)
	if len(rs) < 20 {
		t.Fatalf("only %d routes found", len(rs))
	}
	for _, r := range rs {
		for role, c := range callers {
			res := c.do(r.method, fill(r.path, nil), sampleBodies[r.id])
			allowed := expected(e, role, r.id)
			denied := res.Status == http.StatusUnauthorized || res.Status == http.StatusForbidden
			if r.id == "login" && res.Status == http.StatusUnauthorized && contains(res.Body, "invalid username") {
				denied = false // the sample credentials are wrong on purpose
			}
			switch {
			case allowed && denied:
				t.Errorf("%s %s as %s: %d %s, want allowed", r.method, r.id, role, res.Status, res.Body)
			case !allowed && !denied:
				t.Errorf("%s %s as %s: %d, want denied", r.method, r.id, role, res.Status)
			case !allowed && role == "anonymous" && res.Status != http.StatusUnauthorized:
				t.Errorf("%s as anonymous: %d, want 401", r.id, res.Status)
			}
			if res.Status >= 500 {
				t.Errorf("%s as %s: server error %s", r.id, role, res.Body)
			}
		}
	}
}

func TestForeignIDsAnswer404ForEveryScopedRole(t *testing.T) {
	e := newEnv(t)
	foreign := map[string]string{"hospitalId": e.foreignHospital, "userId": e.foreignUser, "tokenId": e.foreignToken,
		"caseId": e.foreignCase, "importId": e.foreignImport, "versionId": e.foreignVersion,
		"applicationId": e.foreignApplication, "evidenceId": e.foreignEvidence,
		"itemId": e.foreignRegistryItem, "fileId": e.foreignRegistryFile,
		"panelId": e.foreignPanel, "drawId": e.foreignDraw, "decisionId": e.foreignDecision,
		"absenceId": e.foreignAbsence, "conflictId": e.foreignConflict, "reportId": e.foreignReport}
	checked := 0
	for _, r := range routes(t, e) {
		params := pathParam.FindAllStringSubmatch(r.path, -1)
		if len(params) == 0 {
			continue
		}
		ids := 0
		for _, p := range params {
			if _, ok := valueParams[p[1]]; ok {
				continue
			}
			ids++
			if foreign[p[1]] == "" {
				t.Fatalf("route %s takes {%s}: add a foreign fixture for it", r.id, p[1])
			}
		}
		if ids == 0 {
			continue
		}
		for role, user := range roleUsers {
			if role == authz.RoleSysadmin || !expected(e, role, r.id) {
				continue // the system scope sees every region
			}
			c := e.signedIn(user)
			res := c.do(r.method, fill(r.path, foreign), sampleBodies[r.id])
			if res.Status != http.StatusNotFound {
				t.Errorf("%s %s as %s on a foreign id: %d %s, want 404", r.method, r.id, role, res.Status, res.Body)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no scoped route was checked")
	}
	// and the same ids are found within their own scope
	admin := e.signedIn("sysadmin")
	if res := admin.do("GET", "/api/v1/hospitals/"+e.foreignHospital, nil); res.Status != 200 {
		t.Fatalf("sysadmin reading the hospital: %d", res.Status)
	}
}

func TestListsNeverReturnForeignRows(t *testing.T) {
	e := newEnv(t)
	for _, user := range []string{"bureau.admin", "h1.office"} {
		c := e.signedIn(user)
		for _, path := range []string{"/api/v1/hospitals?limit=200", "/api/v1/users?limit=200", "/api/v1/api-tokens", "/api/v1/audit-events?limit=200"} {
			res := c.do("GET", path, nil)
			if res.Status == 403 {
				continue
			}
			if res.Status != 200 {
				t.Fatalf("%s %s: %d %s", user, path, res.Status, res.Body)
			}
			for _, id := range []string{e.foreignHospital, e.foreignUser, e.foreignToken, "110000", "外地"} {
				if contains(res.Body, id) {
					t.Errorf("%s %s leaks foreign %s", user, path, id)
				}
			}
		}
	}
	office := e.signedIn("h1.office")
	res := office.do("GET", "/api/v1/users?limit=200", nil)
	if contains(res.Body, "h2.doctor") || !contains(res.Body, "h1.doctor") {
		t.Errorf("hospital office sees other hospitals' users or not its own: %s", res.Body)
	}
}

func TestInjectionPayloadsInFiltersAreHarmless(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn("bureau.admin")
	for _, p := range []string{"' OR 1=1 --", "%' OR '1'='1", `\'; DROP TABLE users; --`, "_%"} {
		for _, path := range []string{"/api/v1/users?q=", "/api/v1/hospitals?q=", "/api/v1/audit-events?action=", "/api/v1/users?after="} {
			res := c.do("GET", path+urlEscape(p), nil)
			if res.Status >= 500 || (res.Status == 200 && contains(res.Body, e.foreignUser)) {
				t.Errorf("%s%q: %d %s", path, p, res.Status, res.Body)
			}
		}
	}
	if res := c.do("GET", "/api/v1/users?limit=1000", nil); res.Status != 422 {
		t.Errorf("page size above the cap: %d, want 422", res.Status)
	}
}

func urlEscape(s string) string {
	return strings.NewReplacer("%", "%25", " ", "%20", "'", "%27", ";", "%3B", "\\", "%5C", "=", "%3D").Replace(s)
}
