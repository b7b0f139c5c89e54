package casefile

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"teyi/backend/internal/grouper"
	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/clock"
	"teyi/backend/internal/platform/database"
	"teyi/backend/internal/platform/secret"
	"teyi/backend/internal/platform/testsupport"
	"teyi/backend/internal/pricing"
)

const testKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

// testCase is a valid case: a pulmonary embolism (ER2) in a tertiary
// hospital, costing cost yuan, with two fee lines.
func testCase(i int, cost string) Case {
	in := time.Date(2026, 3, 1+i%20, 9, 0, 0, 0, beijing)
	out := in.Add(7 * 24 * time.Hour)
	total := decimal.RequireFromString(cost)
	drug := total.Mul(decimal.RequireFromString("0.6")).Round(2)
	rest := total.Sub(drug)
	c := Case{
		SettlementID: fmt.Sprintf("S%08d", i), VisitID: fmt.Sprintf("M%08d", i), MRN: fmt.Sprintf("BA%06d", i),
		Patient: Patient{Name: "王小明", IDNumber: fmt.Sprintf("3701021960%08d", i), Sex: 1,
			BirthDate: time.Date(1960, 1, 1, 0, 0, 0, 0, beijing), Age: 66, AgeDays: -1},
		InsuranceType: InsuranceEmployee, InsuredPlace: "370102",
		AdmittedAt: in, DischargedAt: out, LOS: 7, AdmissionDept: "A03", DischargeDept: "A03", DischargeWay: 1,
		Diagnoses:  []Diagnosis{{Code: "I26.900x005", Condition: "1", Name: "肺栓塞"}, {Code: "Z85.800x011", Condition: "1"}},
		Procedures: []Procedure{{Code: "39.7900x038", Date: in.Add(24 * time.Hour)}},
		TotalCost:  total, ClassA: rest, ClassB: drug,
		Funds:    FundPayments{Pool: total.Mul(decimal.RequireFromString("0.7")).Round(2)},
		Personal: PersonalPayment{},
		Items: []FeeItem{
			{Code: "250101001", Name: "治疗", Category: "05", Level: 1, Quantity: decimal.NewFromInt(1), Price: rest, Amount: rest},
			{Code: "XB01AB001", Name: "低分子肝素", Category: "09", Level: 2, Quantity: decimal.NewFromInt(1), Price: drug, Amount: drug},
		},
	}
	c.Fees[4], c.Fees[8] = rest, drug
	c.Personal.Cash = total.Sub(c.Funds.Pool)
	return c
}

func writeCSV(t testing.TB, cases []Case) string {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(HeaderRow()) //nolint:errcheck
	for i := range cases {
		r := ToRecord(&cases[i])
		w.Write(r[:]) //nolint:errcheck
	}
	w.Flush()
	return writeFile(t, "cases.csv", buf.Bytes())
}

func writeFile(t testing.TB, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

type fixture struct {
	db      *database.DB
	dsn     string
	svc     *Service
	hosp    Hospital
	other   Hospital
	foreign Hospital
	logs    *bytes.Buffer
	sealer  *secret.Sealer
	userID  string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db, dsn := testsupport.NewDB(t)
	f := &fixture{db: db, dsn: dsn, logs: &bytes.Buffer{}}
	mk := func(code, region string, level int) Hospital {
		id := uuid.NewString()
		testsupport.AdminExec(t, dsn,
			fmt.Sprintf(`INSERT INTO regions (code, name) VALUES ('%s', 'R%s') ON CONFLICT DO NOTHING`, region, region),
			fmt.Sprintf(`INSERT INTO hospitals (id, code, name, level, region_code) VALUES ('%s', '%s', '医院%s', %d, '%s')`, id, code, code, level, region))
		lvl := map[int]pricing.Level{3: pricing.Tertiary, 2: pricing.Secondary, 1: pricing.Primary}[level]
		return Hospital{ID: id, Code: code, Name: "医院" + code, Region: region, Level: lvl}
	}
	f.hosp = mk("H37010200001", "370100", 3)
	f.other = mk("H37010200002", "370100", 2)
	f.foreign = mk("H11010100001", "110000", 3)
	s, err := secret.New(testKey)
	if err != nil {
		t.Fatal(err)
	}
	f.sealer = s
	env := &Env{Plans: grouper.NewShippedRegistry(), Dict: DefaultDictionaries(), Rules: DefaultScreenRules(), Sealer: s,
		Pricing: func(region string, d pricing.Date) (*pricing.Version, error) {
			return pricing.Demo(region, d.Year()), nil
		}}
	log := slog.New(slog.NewJSONHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f.svc = &Service{DB: db, Env: env, Log: log, SpoolDir: t.TempDir(), Workers: 2}
	f.svc.Audit = audit.New(db, clock.Real{})
	return f
}

func (f *fixture) importFile(t *testing.T, h Hospital, path string, format Format) (*Import, *Outcome) {
	t.Helper()
	ctx := f.system()
	im, err := f.svc.CreateImport(ctx, NewImport{Hospital: h, Source: "cli", FileName: filepath.Base(path), Format: format, SpoolPath: path})
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.svc.RunImport(ctx, im.ID, nil)
	if err != nil {
		t.Fatalf("run import: %v", err)
	}
	got, err := f.svc.GetImport(ctx, im.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got, out
}

func (f *fixture) system() context.Context {
	return authz.WithPrincipal(context.Background(), authz.Anonymous(), authz.Scope{Kind: authz.KindSystem})
}

func (f *fixture) count(t *testing.T, where string, args ...any) int {
	t.Helper()
	var n int
	if err := f.db.Conn(context.Background()).Raw(`SELECT count(*) FROM cases WHERE `+where, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
