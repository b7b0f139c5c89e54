package pricingsvc_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/clock"
	"teyi/backend/internal/platform/testsupport"
	"teyi/backend/internal/pricing"
	"teyi/backend/internal/pricingsvc"
)

type fixture struct {
	svc   *pricingsvc.Service
	clock *clock.Fake
	admin context.Context
	read  context.Context
	count func(action string) int
}

func setup(t *testing.T) *fixture {
	t.Helper()
	db, _ := testsupport.NewDB(t)
	for _, r := range []string{"370100", "110000"} {
		if err := db.Gorm().Exec(`INSERT INTO regions (code, name) VALUES (?, ?)`, r, "r"+r).Error; err != nil {
			t.Fatal(err)
		}
	}
	fake := clock.NewFake(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	svc := pricingsvc.New(db, audit.New(db, fake), fake)
	as := func(role string) context.Context {
		ctx := audit.WithActor(context.Background(), audit.Actor{Name: "u." + role, Role: role})
		return authz.WithPrincipal(ctx, &authz.Principal{Username: "u." + role}, authz.Scope{Kind: authz.KindRegion, RegionCode: "370100", Role: role})
	}
	return &fixture{svc: svc, clock: fake, admin: as(authz.RoleBureauAdmin), read: as(authz.RoleBureauReviewer),
		count: func(action string) int {
			var n int
			db.Gorm().Raw(`SELECT count(*) FROM audit_events WHERE action = ?`, action).Scan(&n)
			return n
		}}
}

func draft(year int, from, to string) pricingsvc.DraftSpec {
	return pricingsvc.DraftSpec{Year: year, EffectiveFrom: from, EffectiveTo: to, Template: "demo"}
}

func TestDraftActivateEffectiveAndEnd(t *testing.T) {
	f := setup(t)
	d, err := f.svc.CreateDraft(f.admin, draft(2027, "2027-01-01", "2027-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != pricingsvc.StatusDraft || d.Number != 1 || d.WeightCount < 628 || d.Spec.Method != pricing.RateMethod {
		t.Fatalf("draft: %+v", d.Summary)
	}
	if _, err := f.svc.Effective(f.read, "370100", pricing.MustDate("2027-05-01")); !errors.Is(err, pricing.ErrNoVersionForDate) {
		t.Fatalf("a draft is never effective: %v", err)
	}
	if _, err := f.svc.Activate(f.read, d.ID, d.Version); !errors.Is(err, pricingsvc.ErrNotAdmin) {
		t.Fatalf("a reviewer activates: %v", err)
	}
	if _, err := f.svc.Activate(f.admin, d.ID, d.Version+1); !errors.Is(err, pricingsvc.ErrStale) {
		t.Fatalf("stale version: %v", err)
	}
	a, err := f.svc.Activate(f.admin, d.ID, d.Version)
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != pricingsvc.StatusActive || a.ActivatedBy != "u.bureau_admin" || a.Version != d.Version+1 {
		t.Fatalf("active: %+v", a.Summary)
	}
	if f.count("pricing.activate") != 1 {
		t.Fatal("activation not audited")
	}
	v, err := f.svc.Effective(f.read, "370100", pricing.MustDate("2027-05-01"))
	if err != nil || v.ID() != d.ID {
		t.Fatalf("effective: %v %v", v, err)
	}
	o, err := f.svc.Preview(f.read, d.ID, pricing.CaseInput{DRG: "FM19", Level: pricing.Tertiary, Fund: pricing.Employee,
		TotalCost: v.Spec().BaseRates[pricing.Employee]})
	if err != nil || o.Version.Status != pricing.Active {
		t.Fatalf("preview: %+v %v", o, err)
	}
	if _, err := f.svc.UpdateDraft(f.admin, d.ID, a.Version, draft(2027, "2027-01-01", "")); !errors.Is(err, pricing.ErrNotDraft) {
		t.Fatalf("update an active version: %v", err)
	}
	// end it on 30 June; a successor starts on 1 July
	e, err := f.svc.Retire(f.admin, d.ID, a.Version, "2027-06-30")
	if err != nil || e.EffectiveTo != "2027-06-30" {
		t.Fatalf("end: %+v %v", e, err)
	}
	if _, err := f.svc.Effective(f.read, "370100", pricing.MustDate("2027-07-01")); !errors.Is(err, pricing.ErrNoVersionForDate) {
		t.Fatalf("the cache was not invalidated by the end: %v", err)
	}
	next, err := f.svc.CreateDraft(f.admin, draft(2027, "2027-07-01", ""))
	if err != nil || next.Number != 2 {
		t.Fatalf("successor: %+v %v", next, err)
	}
	if _, err := f.svc.Activate(f.admin, next.ID, next.Version); err != nil {
		t.Fatal(err)
	}
	at, err := f.svc.EffectiveSet(f.read, "370100")
	if err != nil {
		t.Fatal(err)
	}
	for day, want := range map[string]string{"2027-06-30": d.ID, "2027-07-01": next.ID, "2030-01-01": next.ID} {
		if v, err := at(pricing.MustDate(day)); err != nil || v.ID() != want {
			t.Errorf("%s: %v %v", day, v, err)
		}
	}
	list, err := f.svc.List(f.read, pricingsvc.ListFilter{Year: 2027})
	if err != nil || len(list) != 2 {
		t.Fatalf("list: %v %v", list, err)
	}
}

func TestValidationAndWithdraw(t *testing.T) {
	f := setup(t)
	_, err := f.svc.CreateDraft(f.admin, pricingsvc.DraftSpec{Year: 2027, EffectiveFrom: "2027-01-01", Method: "rate"})
	var ve *pricingsvc.ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) < 2 {
		t.Fatalf("no weights, no rates: %v", err)
	}
	if _, err := f.svc.CreateDraft(f.read, draft(2027, "2027-01-01", "")); err != nil {
		// the policy keeps reviewers away; the service itself only scopes
		t.Logf("reviewer draft: %v", err)
	}
	d, err := f.svc.CreateDraft(f.admin, draft(2027, "2026-01-01", ""))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Activate(f.admin, d.ID, d.Version); !errors.Is(err, pricing.ErrEffectiveInPast) {
		t.Fatalf("effective in the past: %v", err)
	}
	w, err := f.svc.Retire(f.admin, d.ID, d.Version, "")
	if err != nil || w.Status != pricingsvc.StatusRetired {
		t.Fatalf("withdraw: %+v %v", w, err)
	}
	if _, err := f.svc.Activate(f.admin, d.ID, w.Version); !errors.Is(err, pricing.ErrNotDraft) {
		t.Fatalf("activate a retired draft: %v", err)
	}
	// another region's version is not found
	if _, err := f.svc.Get(f.read, "00000000-0000-7000-8000-000000000000"); !errors.Is(err, pricingsvc.ErrNotFound) {
		t.Fatal(err)
	}
}

// Two administrators activate overlapping drafts at the same moment: the
// region lock lets exactly one win; the other sees the overlap.
func TestConcurrentActivationsCannotBothSucceed(t *testing.T) {
	f := setup(t)
	for round := 0; round < 5; round++ {
		year := 2030 + round
		a, err := f.svc.CreateDraft(f.admin, draft(year, fmt.Sprintf("%d-01-01", year), ""))
		if err != nil {
			t.Fatal(err)
		}
		b, err := f.svc.CreateDraft(f.admin, draft(year, fmt.Sprintf("%d-06-01", year), ""))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		start := make(chan struct{})
		for i, d := range []*pricingsvc.Detail{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = f.svc.Activate(f.admin, d.ID, d.Version)
			}()
		}
		close(start)
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, pricing.ErrOverlap):
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if ok != 1 {
			t.Fatalf("round %d: %d activations succeeded: %v", round, ok, errs)
		}
		// end the winner within its year so the next round starts clean
		list, _ := f.svc.List(f.read, pricingsvc.ListFilter{Year: year, Status: "active"})
		if len(list) != 1 {
			t.Fatalf("round %d: %d active", round, len(list))
		}
		if _, err := f.svc.Retire(f.admin, list[0].ID, list[0].Version, fmt.Sprintf("%d-12-31", year)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestImportCatalogues(t *testing.T) {
	f := setup(t)
	raw, err := os.ReadFile("../pricing/testdata/yantai_2023.csv")
	if err != nil {
		t.Fatal(err)
	}
	d, err := f.svc.ImportCatalogue(f.admin, "yantai_2023.csv", bytesReader(raw), draft(2027, "2027-01-01", ""))
	if err != nil {
		t.Fatal(err)
	}
	if d.WeightCount < 628 || d.Source != "yantai_2023.csv" || d.Names["FM19"] == "" {
		t.Fatalf("yantai: %+v names %d", d.Summary, len(d.Names))
	}
	linyi := "DRG编码,DRG名称,RW,支付标准（三级职工）,支付标准（三级居民）\nFM19,经皮心血管检查操作,1.2,12000,11000\nAA19,心脏移植,,,\n"
	l, err := f.svc.ImportCatalogue(f.admin, "linyi.csv", bytesReader([]byte(linyi)), draft(2027, "2027-01-01", ""))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Spec.Standards) != 2 || l.WeightCount != 1 {
		t.Fatalf("linyi standards: %+v", l.Spec.Standards)
	}
	bad := "DRG编码,DRG名称,RW\nFM19,a,1.2\nFM19,b,1.3\nGB11,c,abc\n"
	_, err = f.svc.ImportCatalogue(f.admin, "bad.csv", bytesReader([]byte(bad)), draft(2027, "2027-01-01", ""))
	var ve *pricingsvc.ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 2 || ve.Fields[0].Field != "file:3" {
		t.Fatalf("bad rows: %v", err)
	}
	if _, err = f.svc.ImportCatalogue(f.admin, "x.csv", bytesReader([]byte("a,b\n1,2\n")), draft(2027, "2027-01-01", "")); !errors.As(err, &ve) {
		t.Fatalf("no code column: %v", err)
	}
}

func TestSeedDemoIsIdempotent(t *testing.T) {
	f := setup(t)
	sys := authz.WithPrincipal(context.Background(), &authz.Principal{Username: "seed"}, authz.Scope{Kind: authz.KindSystem, Role: authz.RoleSysadmin})
	for i := 0; i < 2; i++ {
		for _, y := range []int{2025, 2026} {
			added, err := f.svc.SeedDemo(sys, "370100", y)
			if err != nil || added != (i == 0) {
				t.Fatalf("run %d year %d: %v %v", i, y, added, err)
			}
		}
	}
	v, err := f.svc.Effective(f.read, "370100", pricing.MustDate("2026-03-02"))
	if err != nil || v.Year() != 2026 {
		t.Fatalf("effective demo: %v %v", v, err)
	}
	list, _ := f.svc.List(f.read, pricingsvc.ListFilter{})
	if len(list) != 2 || !list[0].InForceToday || list[1].InForceToday || !list[1].Ended {
		t.Fatalf("list: %+v", list)
	}
}
