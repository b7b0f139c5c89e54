package publication_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/platform/calendar"
	"teyi/backend/internal/publication"
	"teyi/backend/internal/specialcase/settings"
)

func TestPeriods(t *testing.T) {
	for _, tc := range []struct {
		in, first, last, label string
	}{{"2026H1", "2026-01-01", "2026-06-30", "2026年上半年"}, {"2026H2", "2026-07-01", "2026-12-31", "2026年下半年"},
		{"2019H1", "2019-01-01", "2019-06-30", "2019年上半年"}, {"2100H2", "2100-07-01", "2100-12-31", "2100年下半年"}} {
		p, err := publication.ParsePeriod(tc.in)
		if err != nil || p.String() != tc.in || p.First().String() != tc.first || p.Last().String() != tc.last || p.Label() != tc.label {
			t.Errorf("%s: %v %v %v %v %v", tc.in, err, p, p.First(), p.Last(), p.Label())
		}
	}
	for _, bad := range []string{"2026H3", "2026H0", "2026h1", "2026-H1", "H1", "2018H2", "2101H1", "２０２６H1", "2026H1\n", " 2026H1"} {
		if _, err := publication.ParsePeriod(bad); !errors.Is(err, publication.ErrPeriod) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	p, _ := publication.ParsePeriod("2026H2")
	ms := p.Months()
	if ms[0].String() != "2026-07-01" || ms[5].String() != "2026-12-01" {
		t.Errorf("months %v", ms)
	}
	if publication.PeriodOf(calendar.Date{Year: 2026, Month: time.June, Day: 30}).String() != "2026H1" ||
		publication.PeriodOf(calendar.Date{Year: 2026, Month: time.July, Day: 1}).String() != "2026H2" {
		t.Error("PeriodOf")
	}
}

func TestClassifyPutsEveryApplicationInOneBucket(t *testing.T) {
	for _, tc := range []struct {
		status, outcome string
		want            publication.Bucket
	}{
		{"DECIDED", "APPROVED_ITEM_BASED", publication.BucketItemBased},
		{"SETTLED", "APPROVED_ADJUSTED_STANDARD", publication.BucketAdjusted},
		{"DECIDED", "REJECTED", publication.BucketRejected},
		// an appeal in progress keeps the confirmed first decision
		{"APPEALED", "REJECTED", publication.BucketRejected},
		{"EXPERT_REVIEW", "APPROVED_ITEM_BASED", publication.BucketItemBased},
		{"WITHDRAWN", "", publication.BucketWithdrawn},
		{"REJECTED_AT_INTAKE", "", publication.BucketRejectedAtIntake},
		{"SUBMITTED", "", publication.BucketPending},
		{"RETURNED_FOR_INFO", "", publication.BucketPending},
		{"ACCEPTED", "", publication.BucketPending},
		{"EXPERT_REVIEW", "", publication.BucketPending},
		{"DECIDED", "", publication.BucketPending}, // a decision not confirmed (yet)
	} {
		if got := publication.Classify(publication.AppFact{Status: tc.status, Outcome: tc.outcome}); got != tc.want {
			t.Errorf("%s %s: %v, want %v", tc.status, tc.outcome, got, tc.want)
		}
	}
}

func TestQuotaCapPerQuotaPeriod(t *testing.T) {
	p, _ := publication.ParsePeriod("2026H1")
	months := [6]int{19, 19, 19, 39, 1, 0}
	for _, tc := range []struct {
		period string
		want   int
	}{
		// month: floor(0.05 × n) per month = 0+0+0+1+0+0
		{settings.PeriodMonth, 1},
		// quarter: floor(0.05 × 57) + floor(0.05 × 40) = 2 + 2
		{settings.PeriodQuarter, 4},
		// year: the half-year's share floor(0.05 × 97)
		{settings.PeriodYear, 4},
	} {
		q := settings.Quota{Basis: settings.BasisDRG5pct, Rate: decimal.RequireFromString("0.05"), Scope: settings.ScopeRegion, Period: tc.period}
		if got := publication.QuotaCap(q, p, months); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.period, got, tc.want)
		}
	}
}

func TestAssembleIsDeterministicAndDigestStable(t *testing.T) {
	p, _ := publication.ParsePeriod("2026H1")
	f := publication.Facts{RegionCode: "370100", RegionName: "济南市", Period: p, BuiltAt: time.Date(2026, 7, 1, 1, 2, 3, 456, time.UTC),
		Hospitals:  []publication.Hospital{{ID: "b", Code: "H2", Name: "乙", Active: true}, {ID: "a", Code: "H1", Name: "甲", Active: true}, {ID: "c", Code: "H0", Name: "停", Active: false}},
		Discharges: map[string][6]int{"a": {10, 0, 0, 0, 0, 0}},
		Apps: []publication.AppFact{{HospitalID: "a", Month: 0, Status: "DECIDED", Outcome: "APPROVED_ITEM_BASED", ApprovedAmount: decimal.RequireFromString("0.1"),
			DeductionTotal: decimal.RequireFromString("0.2")}, {HospitalID: "a", Month: 0, Status: "DECIDED", Outcome: "APPROVED_ITEM_BASED", ApprovedAmount: decimal.RequireFromString("0.2")},
			{HospitalID: "b", Month: 5, Status: "DECIDED", Outcome: "REJECTED", ApprovedAmount: decimal.RequireFromString("99"), DeductionTotal: decimal.RequireFromString("1")}},
		QuotaUsed: map[string]int{}, Quota: settings.Default().Quota, AsOf: p.Last()}
	r := publication.Assemble(f)
	if len(r.Hospitals) != 2 || r.Hospitals[0].HospitalCode != "H1" || r.BuiltAt.Nanosecond() != 0 {
		t.Fatalf("rows %+v", r.Hospitals)
	}
	// exact decimals; a rejection's amounts are not counted
	if r.Totals.ApprovedAmount != "0.30" || r.Totals.Deductions != "0.20" || r.Hospitals[1].ApprovedAmount != "0.00" {
		t.Errorf("amounts %+v", r.Totals)
	}
	sum, body, err := publication.Digest(&r)
	if err != nil {
		t.Fatal(err)
	}
	var back publication.PublicationReport
	if err := json.Unmarshal(body, &back); err != nil {
		t.Fatal(err)
	}
	sum2, _, _ := publication.Digest(&back)
	if sum2 != sum || len(sum) != 64 {
		t.Errorf("digest after a round trip: %s vs %s", sum2, sum)
	}
}
