package casefile

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/pricing"
)

func TestRegisteredOnIsInclusiveAndPerCode(t *testing.T) {
	r := NewRegistered([]RegisteredItem{
		{Code: "xb01ab001", From: pricing.MustDate("2026-03-01"), To: pricing.MustDate("2026-03-31")},
		{Code: "C13150101900001", From: pricing.MustDate("2026-01-01")}, // open-ended
	})
	for _, tc := range []struct {
		code, day string
		want      bool
	}{
		{"XB01AB001", "2026-03-01", true}, {"XB01AB001", "2026-03-31", true}, {"XB01AB001", "2026-04-01", false},
		{"XB01AB001", "2026-02-28", false}, {"xb01ab001", "2026-03-10", true}, {"C13150101900001", "2030-01-01", true},
		{"C13150101900002", "2026-03-10", false}, {"", "2026-03-10", false},
	} {
		if got := r.On(tc.code, pricing.MustDate(tc.day)); got != tc.want {
			t.Errorf("On(%s, %s) = %v, want %v", tc.code, tc.day, got, tc.want)
		}
	}
	var none *Registered
	if none.On("XB01AB001", pricing.MustDate("2026-03-10")) || none.Len() != 0 {
		t.Error("a nil registry registers something")
	}
}

func TestScreenFlagsARegisteredItem(t *testing.T) {
	c := testCase(1, "11000")
	rules := DefaultScreenRules()
	if rs := rules.Screen(ScreenInput{Case: &c}); slices.Contains(rs, ReasonRegisteredItem) {
		t.Fatal("flagged without a registered item")
	}
	rs := rules.Screen(ScreenInput{Case: &c, Registered: true})
	if !slices.Contains(rs, ReasonRegisteredItem) {
		t.Fatalf("reasons %v, want registered_item", rs)
	}
	if m := ReasonMask([]Reason{ReasonRegisteredItem}); m != 1<<8 || !slices.Equal(ReasonsOf(m), []Reason{ReasonRegisteredItem}) {
		t.Errorf("mask %b", m)
	}
	if ReasonRegisteredItem.Title("zh-CN") != "已备案新药耗" {
		t.Errorf("title %q", ReasonRegisteredItem.Title("zh-CN"))
	}
}

// An import asks the registry once, carves the registered drug out of the
// bundle for the cases discharged while its approval is in force, flags
// them, and the case detail recomputes the same price with the carve-out.
func TestImportCarvesOutRegisteredItemsOnce(t *testing.T) {
	f := newFixture(t)
	var calls atomic.Int32
	f.svc.Env.Registry = func(region, hospitalID string) (*Registered, error) {
		calls.Add(1)
		if region != f.hosp.Region {
			t.Errorf("lookup for region %s", region)
		}
		if hospitalID != f.hosp.ID {
			return NewRegistered(nil), nil
		}
		// The heparin of testCase, approved for discharges up to 10 March.
		return NewRegistered([]RegisteredItem{{Code: "XB01AB001", From: pricing.MustDate("2026-03-01"), To: pricing.MustDate("2026-03-10")}}), nil
	}
	// testCase(i) is discharged on 8+i March.
	cases := []Case{testCase(1, "11000"), testCase(2, "11000"), testCase(5, "11000")}
	_, out := f.importFile(t, f.hosp, writeCSV(t, cases), FormatCSV)
	if out.Status != "committed" {
		t.Fatalf("import %+v", out)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d registry lookups for one import, want 1", n)
	}
	var rows []struct {
		ID           int64
		SettlementID string
		Reasons      int32
		FundPayment  decimal.Decimal
		DRGPayment   decimal.Decimal
	}
	if err := f.db.Conn(context.Background()).Raw(`SELECT id, settlement_id, reasons, fund_payment, drg_payment FROM cases ORDER BY settlement_id`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	drug := decimal.RequireFromString("6600") // 60% of 11,000
	for i, r := range rows {
		flagged := slices.Contains(ReasonsOf(r.Reasons), ReasonRegisteredItem)
		wantCarved := i < 2 // discharged 9 and 10 March; the third on 13 March
		if flagged != wantCarved {
			t.Errorf("%s flagged %v, want %v", r.SettlementID, flagged, wantCarved)
		}
		v, err := f.svc.GetCase(f.system(), strconv.FormatInt(r.ID, 10))
		if err != nil {
			t.Fatal(err)
		}
		if v.Pricing == nil {
			t.Fatalf("%s not priced: %s", r.SettlementID, v.PricingError)
		}
		p := v.Pricing
		if !p.FundPayment.Equal(r.FundPayment) || !p.DRGPayment.Equal(r.DRGPayment) {
			t.Errorf("%s: detail fund payment %s / DRG %s, stored %s / %s", r.SettlementID, p.FundPayment, p.DRGPayment, r.FundPayment, r.DRGPayment)
		}
		if wantCarved {
			if !p.CarvedOut.Equal(drug) || len(p.CarvedItems) != 1 || p.CarvedItems[0].Code != "XB01AB001" {
				t.Errorf("%s carved %s %+v, want 6600 of XB01AB001", r.SettlementID, p.CarvedOut, p.CarvedItems)
			}
			if !p.BundleCost.Equal(decimal.RequireFromString("4400")) {
				t.Errorf("%s bundle %s", r.SettlementID, p.BundleCost)
			}
		} else if !p.CarvedOut.IsZero() {
			t.Errorf("%s carved %s outside the approval", r.SettlementID, p.CarvedOut)
		}
	}
	// The other hospital's cases (not in scope of the approval) stay whole.
	_, out = f.importFile(t, f.other, writeCSV(t, []Case{testCase(7, "11000")}), FormatCSV)
	if out.Status != "committed" {
		t.Fatalf("import %+v", out)
	}
	if n := f.count(t, `hospital_id = ? AND reasons & ? <> 0`, f.other.ID, ReasonMask([]Reason{ReasonRegisteredItem})); n != 0 {
		t.Errorf("%d cases of another hospital flagged", n)
	}
}

func TestImportFailsWhenTheRegistryCannotAnswer(t *testing.T) {
	f := newFixture(t)
	f.svc.Env.Registry = func(string, string) (*Registered, error) { return nil, errors.New("registry down") }
	ctx := f.system()
	im, err := f.svc.CreateImport(ctx, NewImport{Hospital: f.hosp, Source: "cli", FileName: "c.csv", Format: FormatCSV,
		SpoolPath: writeCSV(t, []Case{testCase(1, "11000")})})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RunImport(ctx, im.ID, nil); err == nil {
		t.Fatal("an import without its registry lookup committed")
	}
	if n := f.count(t, `true`); n != 0 {
		t.Errorf("%d cases stored", n)
	}
}
