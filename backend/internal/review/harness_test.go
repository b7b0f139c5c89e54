package review_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"teyi/backend/internal/account"
	"teyi/backend/internal/app"
	"teyi/backend/internal/app/apptest"
	"teyi/backend/internal/casefile"
	"teyi/backend/internal/platform/authn"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/clock"
	"teyi/backend/internal/platform/config"
	"teyi/backend/internal/platform/testsupport"
	"teyi/backend/internal/review"
	"teyi/backend/internal/seed"
	"teyi/backend/internal/specialcase"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

const testSecretKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

type env struct {
	t     testing.TB
	app   *app.App
	apps  *specialcase.Service
	rev   *review.Service
	clock *clock.Fake
	users map[string]*authz.Principal
	h1    casefile.Hospital
	cases []int64
	next  int
}

// newEnv: the demo data, n cases of 济南市第一人民医院 discharged in the
// first quarter of 2026, the clock at 2026-04-07 10:00 Beijing (inside the
// quarterly window).
func newEnv(t testing.TB, n int) *env {
	t.Helper()
	_, dsn := testsupport.NewDB(t)
	cfg, err := config.Parse(map[string]string{"DATABASE_URL": dsn, "REDIS_URL": testsupport.RedisURL(), "TEYI_DEMO": "true",
		"TEYI_SECRET_KEY": testSecretKey, "TEYI_DATA_DIR": t.TempDir(), "TEYI_PUBLIC_URL": "https://teyi.example"})
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(cfg, quiet)
	a.Argon2 = &authn.TestParams
	fake := clock.NewFake(time.Date(2026, 4, 7, 2, 0, 0, 0, time.UTC))
	a.Clock = fake
	if err := a.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	a.Wire()
	if _, err := seed.Demo(context.Background(), &a.Deps); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, app: a, apps: a.Applications(), rev: a.Reviews(), clock: fake, users: map[string]*authz.Principal{}}
	e.users = apptest.Principals(t, a)
	sys := account.SystemContext(context.Background(), "test")
	h, err := a.Cases().HospitalFor(sys, "H37010200001")
	if err != nil {
		t.Fatal(err)
	}
	e.h1 = h
	e.cases = e.importCases(h, n)
	return e
}

// as is a demo user's request context for an operation, scoped as the
// authorization middleware scopes it.
func (e *env) as(username, op string) context.Context {
	e.t.Helper()
	p := e.users[username]
	if p == nil {
		e.t.Fatalf("no demo user %s", username)
	}
	return apptest.As(e.t, e.app, p, op)
}

func (e *env) importCases(h casefile.Hospital, n int) []int64 {
	e.t.Helper()
	im := apptest.ImportCases(e.t, e.app, h, n, 7, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC))
	var ids []int64
	// grouped cases only: a panel is drawn by the case's MDC
	if err := e.app.DB.Gorm().Raw(`SELECT id FROM cases WHERE import_id = ? AND current AND drg <> '' ORDER BY id`, im).Scan(&ids).Error; err != nil {
		e.t.Fatal(err)
	}
	return ids
}

func pdf(s string) io.Reader { return strings.NewReader("%PDF-1.4\n% " + s + "\n%%EOF\n") }

// accepted takes a fresh case through application, submission and intake.
func (e *env) accepted() *specialcase.ApplicationDetail {
	e.t.Helper()
	if e.next >= len(e.cases) {
		e.t.Fatal("out of cases")
	}
	id := e.cases[e.next]
	e.next++
	d, err := e.apps.Create(e.as("h1.office", "create-application"), specialcase.NewApplication{CaseID: id,
		Types: []specialcase.Type{specialcase.HighCost}, Justification: "费用远超病组支付标准"})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.apps.AddEvidence(e.as("h1.office", "upload-application-evidence"), d.ID,
		specialcase.Upload{Kind: specialcase.EvFrontPage, FileName: "患者张三首页.pdf", Body: pdf(d.ID)}); err != nil {
		e.t.Fatal(err)
	}
	e.cmd("h1.office", d.ID, specialcase.Forward)
	e.cmd("bureau.reviewer", d.ID, specialcase.Accept)
	out, err := e.apps.Get(e.as("bureau.reviewer", "get-application"), d.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

func (e *env) cmd(user, id string, c specialcase.Command) {
	e.t.Helper()
	ctx := e.as(user, "transition-application")
	d, err := e.apps.Get(ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.apps.Do(ctx, id, specialcase.CommandInput{Command: c, Version: d.Version}); err != nil {
		e.t.Fatalf("%s %s: %v", user, c, err)
	}
}

// username is the demo username of a user id.
func (e *env) username(id string) string {
	for n, p := range e.users {
		if p.UserID == id {
			return n
		}
	}
	e.t.Fatalf("no user %s", id)
	return ""
}

// draw draws the application's panel as the bureau administrator.
func (e *env) draw(appID string) *review.PanelView {
	e.t.Helper()
	p, err := e.rev.DrawPanel(e.as("bureau.admin", "draw-review-panel"), appID, "")
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// seat has every invited member accept; it returns the members' usernames.
func (e *env) seat(panelID string) []string {
	e.t.Helper()
	p, err := e.rev.Panel(e.as("bureau.admin", "get-review-panel"), panelID)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, m := range p.Members {
		if m.Status != review.MemberInvited && m.Status != review.MemberAccepted {
			continue
		}
		u := e.username(m.UserID)
		if m.Status == review.MemberInvited {
			if _, err := e.rev.Respond(e.as(u, "respond-review-invitation"), panelID, "accept", ""); err != nil {
				e.t.Fatalf("%s accepts: %v", u, err)
			}
		}
		out = append(out, u)
	}
	return out
}

func (e *env) status(appID string) specialcase.Status {
	e.t.Helper()
	d, err := e.apps.Get(account.SystemContext(context.Background(), "test"), appID)
	if err != nil {
		e.t.Fatal(err)
	}
	return d.Status
}
