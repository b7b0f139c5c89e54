package specialcase_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/account"
	"teyi/backend/internal/app"
	"teyi/backend/internal/app/apptest"
	"teyi/backend/internal/casefile"
	"teyi/backend/internal/platform/authn"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/calendar"
	"teyi/backend/internal/platform/clock"
	"teyi/backend/internal/platform/config"
	"teyi/backend/internal/platform/queue"
	"teyi/backend/internal/platform/storage"
	"teyi/backend/internal/platform/testsupport"
	"teyi/backend/internal/pricing"
	"teyi/backend/internal/seed"
	"teyi/backend/internal/specialcase"
	"teyi/backend/internal/specialcase/settings"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

const testSecretKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

// rules is a rule source the test can change.
type rules struct {
	mu  sync.Mutex
	set settings.Settings
	cal *calendar.Calendar
}

func (r *rules) Rules(_ context.Context, _ string, _ calendar.Date) (specialcase.Rules, error) {
	r.mu.Lock()
	st := r.set
	r.mu.Unlock()
	q, w, dl := st.Quota, st.Window, st.Deadlines
	return specialcase.Rules{QuotaScope: q.Scope, QuotaPeriod: q.PeriodOf, QuotaCap: q.Cap, QuotaWarnAt: q.WarnAt,
		ReplaceShare: q.ReplaceShare,
		Window: func(cal *calendar.Calendar, today, dis calendar.Date) (specialcase.WindowDecision, error) {
			d, err := w.Check(cal, today, dis)
			return specialcase.WindowDecision{Open: d.Open, Opens: d.Opens, Closes: d.Closes, Reason: d.Reason}, err
		},
		InfoDueWorkdays: dl.InfoDueWorkdays, ReminderWorkdaysBefore: dl.ReminderWorkdaysBefore,
		IntakeSLAWorkdays: dl.IntakeSLAWorkdays, InfoExpiry: dl.InfoExpiry}, nil
}

func (r *rules) Calendar(context.Context, string) (*calendar.Calendar, error) { return r.cal, nil }

func (r *rules) change(f func(s *settings.Settings)) {
	r.mu.Lock()
	f(&r.set)
	r.mu.Unlock()
}

type env struct {
	t     testing.TB
	app   *app.App
	svc   *specialcase.Service
	clock *clock.Fake
	rules *rules
	// users by demo username
	users map[string]*authz.Principal
	// h1 is the demo hospital 济南市第一人民医院; cases are its case ids
	h1    casefile.Hospital
	cases []int64
}

// newEnv starts the services on a fresh database with the demo data and n
// cases of hospital h1 discharged in the first quarter of 2026; the clock
// stands at 2026-04-07 10:00 in Beijing, inside the quarterly window.
func newEnv(t testing.TB, n int) *env {
	t.Helper()
	_, dsn := testsupport.NewDB(t)
	cfg, err := config.Parse(map[string]string{"DATABASE_URL": dsn, "REDIS_URL": testsupport.RedisURL(), "TEYI_DEMO": "true",
		"TEYI_SECRET_KEY": testSecretKey, "TEYI_DATA_DIR": t.TempDir(), "TEYI_DB_MAX_OPEN": "40"})
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
	r := &rules{set: settings.Default(), cal: calendar.Shipped()}
	e := &env{t: t, app: a, clock: fake, rules: r, users: map[string]*authz.Principal{}}
	e.svc = &specialcase.Service{DB: a.DB, Audit: a.Audit, Outbox: queue.NewOutbox(a.DB, "default"), Clock: fake, Log: quiet,
		Cases: a.Cases(), Rules: r, Files: storage.Dir{Root: filepath.Join(t.TempDir(), "evidence")}}
	e.users = apptest.Principals(t, a)
	sys := account.SystemContext(context.Background(), "test")
	h, err := a.Cases().HospitalFor(sys, "H37010200001")
	if err != nil {
		t.Fatal(err)
	}
	e.h1 = h
	if n > 0 {
		e.cases = e.importCases(h, n, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC))
	}
	return e
}

// as is the request context of a demo user for an operation, scoped as the
// authorization middleware would scope it.
func (e *env) as(username, op string) context.Context {
	p := e.users[username]
	if p == nil {
		e.t.Fatalf("no demo user %s", username)
	}
	return apptest.As(e.t, e.app, p, op)
}

func (e *env) importCases(h casefile.Hospital, n int, from, to time.Time) []int64 {
	e.t.Helper()
	im := apptest.ImportCases(e.t, e.app, h, n, int64(n), from, to)
	var ids []int64
	if err := e.app.DB.Gorm().Raw(`SELECT id FROM cases WHERE import_id = ? AND current ORDER BY id`, im).Scan(&ids).Error; err != nil {
		e.t.Fatal(err)
	}
	return ids
}

// setCap makes the quota cap exactly n for the first quarter's discharges.
func (e *env) setCap(n int) {
	var discharges int
	if err := e.app.DB.Gorm().Raw(`SELECT count(*) FROM cases WHERE current AND region_code = ? AND discharged_at >= ? AND discharged_at < ?`,
		e.h1.Region, time.Date(2026, 1, 1, 0, 0, 0, 0, beijing), time.Date(2026, 4, 1, 0, 0, 0, 0, beijing)).Scan(&discharges).Error; err != nil {
		e.t.Fatal(err)
	}
	if discharges < n {
		e.t.Fatalf("only %d discharges for a cap of %d", discharges, n)
	}
	// rate = (n + 0.5) / discharges: floor(rate × discharges) = n
	rate := decimal.NewFromFloat(float64(n) + 0.5).Div(decimal.NewFromInt(int64(discharges))).Round(8)
	e.rules.change(func(s *settings.Settings) {
		s.Quota.Basis, s.Quota.Rate = settings.BasisCustom, rate
	})
	if got := e.rules.set.Quota.Cap(discharges); got != n {
		e.t.Fatalf("cap %d, want %d (rate %s of %d)", got, n, rate, discharges)
	}
}

var beijing = time.FixedZone("CST", 8*3600)

// pdf is a small file that passes the content check.
func pdf(s string) io.Reader { return strings.NewReader("%PDF-1.4\n% " + s + "\n%%EOF\n") }

// draft opens an application for case id as h1.doctor with one piece of
// evidence.
func (e *env) draft(id int64, types ...specialcase.Type) *specialcase.ApplicationDetail {
	e.t.Helper()
	if len(types) == 0 {
		types = []specialcase.Type{specialcase.HighCost}
	}
	ctx := e.as("h1.doctor", "create-application")
	d, err := e.svc.Create(ctx, specialcase.NewApplication{CaseID: id, Types: types, Justification: "费用远超病组支付标准"})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.svc.AddEvidence(e.as("h1.doctor", "upload-application-evidence"), d.ID,
		specialcase.Upload{Kind: specialcase.EvFrontPage, FileName: "首页.pdf", Body: pdf(d.ID)}); err != nil {
		e.t.Fatal(err)
	}
	return d
}

// do runs a command as a user, with the application's current version.
func (e *env) do(user, id string, cmd specialcase.Command, reason, note string) (*specialcase.CommandResult, error) {
	ctx := e.as(user, "transition-application")
	d, err := e.svc.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return e.svc.Do(ctx, id, specialcase.CommandInput{Command: cmd, Version: d.Version, ReasonCode: reason, Note: note})
}

func (e *env) must(r *specialcase.CommandResult, err error) *specialcase.CommandResult {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

var _ = pricing.Tertiary
