package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/testsupport"
	"teyi/backend/internal/publication"
)

func TestReportSpecialCasesWritesTheWorkbook(t *testing.T) {
	db, dsn := testsupport.NewDB(t)
	t.Setenv("DATABASE_URL", dsn)
	t.Setenv("REDIS_URL", testsupport.RedisURL())
	t.Setenv("TEYI_LOG_LEVEL", "error")
	h := uuid.NewString()
	for _, q := range []string{`INSERT INTO regions (code, name) VALUES ('370100', '济南市')`,
		`INSERT INTO hospitals (id, code, name, level, region_code) VALUES ('` + h + `', 'H37010200001', '山东省立医院', 3, '370100')`,
		`INSERT INTO cases (region_code, hospital_id, import_id, settlement_id, version, visit_id, sex, age, insurance_type, admitted_at,
			discharged_at, discharge_month, los, principal_dx, total_cost, plan_id, group_status, detail)
			SELECT '370100', '` + h + `', gen_random_uuid(), 'S' || g, 1, 'v', 1, 40, '310', '2026-03-01', '2026-03-05T10:00:00+08',
			'2026-03-01', 4, 'I21.000', 1000, 'chs-drg-1.1', 'grouped', '\x00' FROM generate_series(1, 7) g`} {
		if err := db.Gorm().Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "h1.xlsx")
	for _, bad := range [][]string{{"--region", "370100", "--period", "2026H3", "--out", out}, {"--region", "999999", "--period", "2026H1", "--out", out},
		{"--period", "2026H1", "--out", out}, {"--region", "370100", "--period", "2026H1"},
		{"--region", "370100", "--period", "2026H1", "--out", out, "--version", "1"}} {
		if _, err := runCmd(t, append([]string{"report", "special-cases"}, bad...)...); exitCode(err) != 2 {
			t.Errorf("%v: %v (exit %d), want exit 2", bad, err, exitCode(err))
		}
	}
	msg, err := runCmd(t, "report", "special-cases", "--region", "370100", "--period", "2026H1", "--out", out)
	if err != nil || !strings.Contains(msg, "370100 2026H1: 1 hospitals, 7 discharges, 0 applications") {
		t.Fatalf("%v %q", err, msg)
	}
	x, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows(publication.SheetName)
	if len(rows) != publication.HeaderRow+2 || rows[publication.HeaderRow][2] != "山东省立医院" || rows[publication.HeaderRow][3] != "7" ||
		!strings.Contains(rows[1][0], "命令行生成") {
		t.Errorf("rows %q", rows)
	}
	// a published version, as it was published
	admin := authz.WithPrincipal(audit.WithActor(context.Background(), audit.Actor{Name: "bureau.admin"}), &authz.Principal{},
		authz.Scope{Kind: authz.KindRegion, RegionCode: "370100", Role: authz.RoleBureauAdmin})
	svc := &publication.Service{DB: db, Audit: audit.New(db, nil)}
	d, err := svc.Draft(admin, "2026H1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Publish(admin, d.ID, d.Revision); err != nil {
		t.Fatal(err)
	}
	v1 := filepath.Join(t.TempDir(), "v1.xlsx")
	if msg, err := runCmd(t, "report", "special-cases", "--region", "370100", "--period", "2026H1", "--out", v1, "--version", "1"); err != nil {
		t.Fatalf("--version 1: %v %s", err, msg)
	}
	x, _ = excelize.OpenFile(v1)
	if rows, _ := x.GetRows(publication.SheetName); len(rows) < 2 || !strings.Contains(rows[1][0], "第 1 版") {
		t.Errorf("version 1's rows %q", rows)
	}
}
