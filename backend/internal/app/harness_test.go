package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"teyi/backend/internal/account"
	"teyi/backend/internal/app"
	"teyi/backend/internal/app/apptest"
	"teyi/backend/internal/casefile"
	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authn"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/clock"
	"teyi/backend/internal/platform/config"
	"teyi/backend/internal/platform/testsupport"
	"teyi/backend/internal/pricing"
	"teyi/backend/internal/pricingsvc"
	"teyi/backend/internal/registry"
	"teyi/backend/internal/seed"
	"teyi/backend/internal/specialcase"
)

// env is a running Teyi server on a real database with the demo data, a
// foreign region with its own hospital, user and API token, and a fake clock.
type env struct {
	t     *testing.T
	app   *app.App
	base  string
	clock *clock.Fake
	dsn   string
	// foreign objects, outside the demo region
	foreignHospital, foreignUser, foreignToken, foreignVersion string
	foreignCase, foreignImport                                 string
	foreignApplication, foreignEvidence                        string
	foreignRegistryItem, foreignRegistryFile                   string
	// another region's expert review: a panel, its draw, a decision, an
	// expert's absence and conflict declaration
	foreignPanel, foreignDraw, foreignDecision, foreignAbsence, foreignConflict string
	foreignReport                                                               string
	ownHospital, ownUser                                                        string
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func newEnv(t *testing.T) *env {
	t.Helper()
	_, dsn := testsupport.NewDB(t)
	cfg, err := config.Parse(map[string]string{"DATABASE_URL": dsn, "REDIS_URL": testsupport.RedisURL(), "TEYI_DEMO": "true",
		"TEYI_SECRET_KEY": testSecretKey, "TEYI_DATA_DIR": t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(cfg, quiet)
	a.Argon2 = &authn.TestParams
	fake := clock.NewFake(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	a.Clock = fake
	if err := a.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	srv := a.Server(nil)
	if _, err := seed.Demo(context.Background(), &a.Deps); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.App.Listener(ln)                  //nolint:errcheck
	t.Cleanup(func() { srv.App.Shutdown() }) //nolint:errcheck
	e := &env{t: t, app: a, base: "http://" + ln.Addr().String(), clock: fake, dsn: dsn}
	e.foreignFixtures()
	return e
}

// foreignFixtures adds region 110000 with a hospital, a user and a token that
// no demo user outside the system scope may see.
func (e *env) foreignFixtures() {
	ctx := account.SystemContext(context.Background(), "test")
	acc := e.app.Accounts
	if _, err := acc.CreateRegion(ctx, "110000", "北京市"); err != nil {
		e.t.Fatal(err)
	}
	h, err := acc.CreateHospital(ctx, account.HospitalInput{Code: "H11010100001", Name: "外地医院", Level: 3, Grade: "甲", RegionCode: "110000"})
	if err != nil {
		e.t.Fatal(err)
	}
	u, err := acc.CreateUser(ctx, account.UserInput{Username: "far.doctor", DisplayName: "外地医生", HospitalID: h.ID,
		Roles: []account.RoleAssignment{{Role: "clinician"}}})
	if err != nil {
		e.t.Fatal(err)
	}
	tok, _, err := acc.CreateToken(ctx, e.app.Authz, account.TokenInput{HospitalID: h.ID, Name: "his", Operations: []string{"get-token-info"}, ExpiresInDays: 30})
	if err != nil {
		e.t.Fatal(err)
	}
	e.foreignHospital, e.foreignUser, e.foreignToken = h.ID, u.User.ID, tok.ID
	e.foreignImport, e.foreignCase = e.importCases(casefile.Hospital{ID: h.ID, Code: h.Code, Region: "110000", Level: pricing.Tertiary}, 3)
	far := authz.WithPrincipal(audit.WithActor(context.Background(), audit.Actor{Name: "far.admin", Role: authz.RoleBureauAdmin}),
		&authz.Principal{Username: "far.admin"}, authz.Scope{Kind: authz.KindRegion, RegionCode: "110000", Role: authz.RoleBureauAdmin})
	v, err := e.app.Pricing.CreateDraft(far, pricingsvc.DraftSpec{Year: 2027, EffectiveFrom: "2027-01-01", Template: "demo"})
	if err != nil {
		e.t.Fatal(err)
	}
	e.foreignVersion = v.ID
	e.foreignApplication, e.foreignEvidence = e.foreignApp(h.ID, u.User.ID, e.foreignCase)
	e.foreignRegistryItem, e.foreignRegistryFile = e.fileRegistryItem(h.ID, "110000")
	e.foreignReview(h.ID)
	e.foreignReport = e.publishReport(far, "2026H1")
	hs, _ := acc.Hospitals(ctx, "H37010200001", "", 1)
	e.ownHospital = hs[0].ID
	e.ownUser, _ = acc.UserIDByName(ctx, "h1.doctor")
}

// publishReport drafts and publishes a region's special-case publication
// as its bureau administrator (ctx) and returns the version's id.
func (e *env) publishReport(ctx context.Context, period string) string {
	e.t.Helper()
	d, err := e.app.Publication.Draft(ctx, period)
	if err != nil {
		e.t.Fatal(err)
	}
	v, err := e.app.Publication.Publish(ctx, d.ID, d.Revision)
	if err != nil {
		e.t.Fatal(err)
	}
	return v.ID
}

// fileRegistryItem files and submits a consumable for a hospital, with one
// PDF, and returns the filing's and the file's ids.
func (e *env) fileRegistryItem(hospitalID, region string) (string, string) {
	e.t.Helper()
	office := authz.WithPrincipal(audit.WithActor(context.Background(), audit.Actor{Name: "far.office", Role: authz.RoleHospitalOffice}),
		&authz.Principal{Username: "far.office"}, authz.Scope{Kind: authz.KindHospital, HospitalID: hospitalID, RegionCode: region, Role: authz.RoleHospitalOffice})
	reg := e.app.Registry
	it, err := reg.Create(office, registry.FilingInput{Kind: registry.KindConsumable, Code: "C13150101900001", Name: "可吸收冠脉药物洗脱支架",
		ListedOn: "2025-06-01", ExpectedCases: 60, Justification: "新上市耗材，历史数据无法反映其成本"})
	if err != nil {
		e.t.Fatal(err)
	}
	ev, err := reg.Upload(office, it.ID, "说明书.pdf", strings.NewReader("%PDF-1.4\n% registry fixture\n"))
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := reg.Submit(office, it.ID, it.Version+1); err != nil {
		e.t.Fatal(err)
	}
	return it.ID, ev.ID
}

const testSecretKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

// importCases imports n synthetic cases for h and returns the import id and
// one case id.
func (e *env) importCases(h casefile.Hospital, n int) (string, string) {
	e.t.Helper()
	imID := apptest.ImportCases(e.t, e.app, h, n, int64(len(h.Code)+n), time.Time{}, time.Time{})
	ctx := account.SystemContext(context.Background(), "test")
	var id string
	if err := e.app.DB.Conn(ctx).Raw(`SELECT id::text FROM cases WHERE import_id = ? LIMIT 1`, imID).Scan(&id).Error; err != nil || id == "" {
		e.t.Fatalf("no case imported: %v", err)
	}
	return imID, id
}

// client is one browser: a cookie jar and the CSRF token.
type client struct {
	e      *env
	http   *http.Client
	csrf   string
	bearer string
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, http: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
}

type response struct {
	Status int
	Body   []byte
}

func (r response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

func (c *client) do(method, path string, body any) response {
	c.e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.e.base+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, Body: b}
}

// login signs in and expects the given next step.
func (c *client) login(username, password, wantNext string) {
	c.e.t.Helper()
	r := c.do("POST", "/api/v1/auth/login", map[string]string{"username": username, "password": password})
	if r.Status != 200 {
		c.e.t.Fatalf("login %s: %d %s", username, r.Status, r.Body)
	}
	var res struct {
		Next string `json:"next"`
		CSRF string `json:"csrf_token"`
	}
	r.json(c.e.t, &res)
	if res.Next != wantNext {
		c.e.t.Fatalf("login %s: next %q, want %q", username, res.Next, wantNext)
	}
	c.csrf = res.CSRF
}

func (e *env) signedIn(username string) *client {
	c := e.client()
	c.login(username, seed.DemoPassword, "done")
	return c
}

func contains(b []byte, s string) bool { return strings.Contains(string(b), s) }

// foreignApp opens an application with one piece of evidence for a case of
// the foreign region, as its clinician.
func (e *env) foreignApp(hospitalID, userID, caseID string) (string, string) {
	e.t.Helper()
	ctx := authz.WithPrincipal(audit.WithActor(context.Background(), audit.Actor{UserID: userID, Name: "far.doctor", Role: authz.RoleClinician}),
		&authz.Principal{UserID: userID, Username: "far.doctor", Grants: []authz.Grant{{Role: authz.RoleClinician, Kind: authz.KindHospital, ID: hospitalID, Region: "110000"}}},
		authz.Scope{Kind: authz.KindHospital, HospitalID: hospitalID, RegionCode: "110000", Role: authz.RoleClinician})
	n, _ := strconv.ParseInt(caseID, 10, 64)
	svc := e.app.Applications()
	d, err := svc.Create(ctx, specialcase.NewApplication{CaseID: n, Types: []specialcase.Type{specialcase.HighCost}, Justification: "外地"})
	if err != nil {
		e.t.Fatal(err)
	}
	ev, err := svc.AddEvidence(ctx, d.ID, specialcase.Upload{Kind: specialcase.EvFrontPage, FileName: "a.pdf", Body: strings.NewReader("%PDF-1.4 far")})
	if err != nil {
		e.t.Fatal(err)
	}
	return d.ID, ev.ID
}

// foreignReview writes another region's expert review rows directly: an
// expert with an absence and a conflict declaration, a panel of the foreign
// application with its draw and member, and a proposed decision.
func (e *env) foreignReview(hospitalID string) {
	e.t.Helper()
	ctx := account.SystemContext(context.Background(), "test")
	x, err := e.app.Accounts.CreateUser(ctx, account.UserInput{Username: "far.expert", DisplayName: "外地专家", HospitalID: hospitalID,
		Roles: []account.RoleAssignment{{Role: "expert"}}, Specialties: []string{"MDCF"}})
	if err != nil {
		e.t.Fatal(err)
	}
	db := e.app.DB.Gorm()
	ids := make([]string, 5)
	for i := range ids {
		ids[i] = uuid.Must(uuid.NewV7()).String()
	}
	now := time.Now()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO expert_absences (id, user_id, starts_on, ends_on) VALUES (?, ?, '2026-01-01', '2026-01-31')`, []any{ids[0], x.User.ID}},
		{`INSERT INTO expert_conflicts (id, user_id, kind, hospital_id, reason) VALUES (?, ?, 'hospital', ?, '外地')`, []any{ids[1], x.User.ID, hospitalID}},
		{`INSERT INTO panels (id, application_id, region_code, hospital_id, round, size, status, created_at, updated_at)
			VALUES (?, ?, '110000', ?, 1, 3, 'CLOSED', ?, ?)`, []any{ids[2], e.foreignApplication, hospitalID, now, now}},
		{`INSERT INTO panel_draws (id, panel_id, application_id, kind, seed, snapshot, request, result, drawn_at)
			VALUES (?, ?, ?, 'initial', '\\x00', '{}', '{}', '{}', ?)`, []any{ids[3], ids[2], e.foreignApplication, now}},
		{`INSERT INTO panel_members (panel_id, user_id, letter, draw_id, status, respond_due, invited_at)
			VALUES (?, ?, 'A', ?, 'ACCEPTED', ?, ?)`, []any{ids[2], x.User.ID, ids[3], now.Add(time.Hour), now}},
		{`INSERT INTO review_decisions (id, application_id, panel_id, region_code, hospital_id, version, vote_round, outcome, rule_version,
			tally, status, created_at) VALUES (?, ?, ?, '110000', ?, 1, 1, 'REJECTED', '2026.1', '{}', 'PROPOSED', ?)`,
			[]any{ids[4], e.foreignApplication, ids[2], hospitalID, now}},
	} {
		if err := db.Exec(q.sql, q.args...).Error; err != nil {
			e.t.Fatal(err)
		}
	}
	e.foreignAbsence, e.foreignConflict, e.foreignPanel, e.foreignDraw, e.foreignDecision = ids[0], ids[1], ids[2], ids[3], ids[4]
}
