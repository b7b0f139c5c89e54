package seed_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"teyi/backend/internal/account"
	"teyi/backend/internal/app"
	"teyi/backend/internal/casefile"
	"teyi/backend/internal/casefile/synth"
	"teyi/backend/internal/platform/authn"
	"teyi/backend/internal/platform/config"
	"teyi/backend/internal/platform/testsupport"
	"teyi/backend/internal/seed"
	"teyi/backend/internal/specialcase"
)

const testSecretKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

func importCases(t *testing.T, a *app.App, code string, n int) {
	t.Helper()
	ctx := account.SystemContext(context.Background(), "test")
	h, err := a.Cases().HospitalFor(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	g, err := synth.New(synth.Options{Seed: int64(n) + int64(len(code)), Hospitals: []synth.Hospital{{Code: h.Code, Level: 3, Region: h.Region}},
		From: now.AddDate(-1, 0, 0), To: now.AddDate(0, 0, -1)})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "cases.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := synth.WriteCSV(f, g, n); err != nil {
		t.Fatal(err)
	}
	f.Close()
	im, err := a.Cases().CreateImport(ctx, casefile.NewImport{Hospital: h, Source: "cli", FileName: "cases.csv",
		Format: casefile.FormatCSV, SpoolPath: path})
	if err != nil {
		t.Fatal(err)
	}
	if out, err := a.Cases().RunImport(ctx, im.ID, nil); err != nil || out.Status != "committed" {
		t.Fatalf("import: %+v %v", out, err)
	}
}

// The demo queue: applications in every state of the workflow, some
// overdue at intake and some assigned, evidence and messages, the demo
// settings in force today; a second run adds nothing.
func TestApplicationsSeedEveryStateOnce(t *testing.T) {
	_, dsn := testsupport.NewDB(t)
	cfg, err := config.Parse(map[string]string{"DATABASE_URL": dsn, "REDIS_URL": testsupport.RedisURL(), "TEYI_DEMO": "true",
		"TEYI_SECRET_KEY": testSecretKey, "TEYI_DATA_DIR": t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	a.Argon2 = &authn.TestParams
	ctx := context.Background()
	if err := a.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	a.Wire()
	if _, err := seed.Applications(ctx, a); err == nil {
		t.Fatal("without the demo users the seed must say so")
	}
	if _, err := seed.Demo(ctx, &a.Deps); err != nil {
		t.Fatal(err)
	}
	for _, h := range seed.Hospitals[:3] {
		importCases(t, a, h.Code, 1500)
	}
	report, err := seed.Applications(ctx, a)
	if err != nil {
		t.Fatalf("%v\n%s", err, report)
	}
	t.Log(report)
	db := a.DB.Gorm()
	var rows []struct {
		Status string
		N      int
	}
	if err := db.Raw(`SELECT status, count(*) AS n FROM special_applications GROUP BY status`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	total := 0
	for _, r := range rows {
		got[r.Status] = r.N
		total += r.N
	}
	for _, st := range []specialcase.Status{specialcase.Draft, specialcase.HospitalReview, specialcase.Submitted, specialcase.ReturnedForInfo,
		specialcase.Accepted, specialcase.RejectedAtIntake, specialcase.Withdrawn} {
		if got[string(st)] == 0 {
			t.Errorf("no application in %s: %v", st, got)
		}
	}
	if total < 18 {
		t.Errorf("%d applications, want about 20", total)
	}
	var checks struct{ Overdue, Assigned, Files, Messages, Events, Hospitals int }
	today := time.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01-02")
	db.Raw(`SELECT
		(SELECT count(*) FROM special_applications WHERE status = 'SUBMITTED' AND intake_due < ?) AS overdue,
		(SELECT count(*) FROM special_applications WHERE assigned_to IS NOT NULL) AS assigned,
		(SELECT count(*) FROM special_application_evidence) AS files,
		(SELECT count(*) FROM special_application_messages) AS messages,
		(SELECT count(*) FROM special_application_events) AS events,
		(SELECT count(DISTINCT hospital_id) FROM special_applications) AS hospitals`, today).Scan(&checks)
	if checks.Overdue < 1 || checks.Assigned < 2 || checks.Files < total || checks.Messages < 3 || checks.Events < 3*total || checks.Hospitals != 3 {
		t.Errorf("queue %+v", checks)
	}
	st, err := a.Settings.Effective(ctx, seed.DemoRegion, a.Settings.Today())
	if err != nil || st.Window.Kind != "any_time" || st.Quota.Basis != "DRG_5pct" || st.Version != 1 {
		t.Errorf("settings in force today: %+v %v", st, err)
	}

	again, err := seed.Applications(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	var after int
	db.Raw(`SELECT count(*) FROM special_applications`).Scan(&after)
	var versions int
	db.Raw(`SELECT count(*) FROM specialcase_settings`).Scan(&versions)
	if after != total || versions != 1 {
		t.Fatalf("second run: %d applications (was %d), %d settings versions: %s", after, total, versions, again)
	}
}
