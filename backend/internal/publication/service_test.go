package publication_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/clock"
	"teyi/backend/internal/platform/database"
	"teyi/backend/internal/platform/testsupport"
	"teyi/backend/internal/publication"
	"teyi/backend/internal/specialcase/settings"
)

var bj = publication.Beijing

type fixture struct {
	t                        *testing.T
	db                       *database.DB
	svc                      *publication.Service
	clock                    *clock.Fake
	h1, h2, h3, far, user    string
	admin, reviewer, office1 context.Context
	doctor2, farOffice       context.Context
	farAdmin, expert, system context.Context
	notices                  []publication.Notice
	importID, dsn            string
	nextCase                 int
}

func (f *fixture) exec(q string, args ...any) {
	f.t.Helper()
	if err := f.db.Gorm().Exec(q, args...).Error; err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
}

func setup(t *testing.T) *fixture { return setupQuota(t, true) }

// setupQuota: with hospitalQuota the region's quota is 50 % of each
// hospital's discharges per quarter (large, so that the fixture's few cases
// give caps above zero); without, the default (5 %, region-wide).
func setupQuota(t *testing.T, hospitalQuota bool) *fixture {
	t.Helper()
	db, dsn := testsupport.NewDB(t)
	f := &fixture{t: t, db: db, dsn: dsn, h1: uuid.NewString(), h2: uuid.NewString(), h3: uuid.NewString(), far: uuid.NewString(),
		user: uuid.NewString(), importID: uuid.NewString()}
	f.exec(`INSERT INTO regions (code, name) VALUES ('370100', '济南市'), ('110000', '北京市')`)
	for _, h := range []struct {
		id, code, name, region string
		active                 bool
	}{{f.h1, "H37010200001", "山东省立医院", "370100", true}, {f.h2, "H37010200002", "=济南市中心医院", "370100", true},
		{f.h3, "H37010200003", "已停用医院", "370100", false}, {f.far, "H11010100001", "外地医院", "110000", true}} {
		f.exec(`INSERT INTO hospitals (id, code, name, level, region_code, active) VALUES (?, ?, ?, 3, ?, ?)`, h.id, h.code, h.name, h.region, h.active)
	}
	f.exec(`INSERT INTO users (id, username, display_name, password_hash) VALUES (?, 'h1.doctor', '医生', 'x')`, f.user)
	if hospitalQuota {
		st := settings.Default()
		st.Quota.Basis, st.Quota.Rate, st.Quota.Scope = settings.BasisCustom, decimal.RequireFromString("0.5"), settings.ScopeHospital
		body, _ := json.Marshal(st)
		f.exec(`INSERT INTO specialcase_settings (region_code, version, effective_from, body) VALUES ('370100', 1, '2025-01-01', ?::jsonb)`, string(body))
	}

	f.clock = clock.NewFake(time.Date(2026, 7, 10, 2, 0, 0, 0, time.UTC))
	alog := audit.New(db, f.clock)
	f.svc = &publication.Service{DB: db, Audit: alog, Clock: f.clock, Rules: settings.New(db, alog, f.clock),
		Published: func(_ context.Context, n publication.Notice) error { f.notices = append(f.notices, n); return nil }}
	as := func(name, role string, sc authz.Scope) context.Context {
		sc.Role = role
		ctx := audit.WithActor(context.Background(), audit.Actor{Name: name, Role: role})
		return authz.WithPrincipal(ctx, &authz.Principal{Username: name}, sc)
	}
	region := func(code string) authz.Scope { return authz.Scope{Kind: authz.KindRegion, RegionCode: code} }
	f.admin = as("bureau.admin", authz.RoleBureauAdmin, region("370100"))
	f.reviewer = as("bureau.reviewer", authz.RoleBureauReviewer, region("370100"))
	f.expert = as("expert01", authz.RoleExpert, region("370100"))
	f.farAdmin = as("far.admin", authz.RoleBureauAdmin, region("110000"))
	f.office1 = as("h1.office", authz.RoleHospitalOffice, authz.Scope{Kind: authz.KindHospital, HospitalID: f.h1, RegionCode: "370100"})
	f.doctor2 = as("h2.doctor", authz.RoleClinician, authz.Scope{Kind: authz.KindHospital, HospitalID: f.h2, RegionCode: "370100"})
	f.farOffice = as("far.office", authz.RoleHospitalOffice, authz.Scope{Kind: authz.KindHospital, HospitalID: f.far, RegionCode: "110000"})
	f.system = as("system", "system", authz.Scope{Kind: authz.KindSystem})
	return f
}

// bjt is a Beijing wall-clock time.
func bjt(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, bj)
	if err != nil {
		panic(err)
	}
	return t
}

// dischargeCase adds a case of hospital h (region of h) discharged at the
// Beijing time; current false adds a superseded version.
func (f *fixture) dischargeCase(h, region, at string, current bool) {
	f.t.Helper()
	f.nextCase++
	t := bjt(at)
	f.exec(`INSERT INTO cases (region_code, hospital_id, import_id, settlement_id, version, current, visit_id, sex, age, insurance_type,
		admitted_at, discharged_at, discharge_month, los, principal_dx, total_cost, plan_id, group_status, detail)
		VALUES (?, ?, ?, ?, 1, ?, 'v', 1, 50, '310', ?, ?, ?, 5, 'I21.000', 1000, 'chs-drg-1.1', 'grouped', '\x00')`,
		region, h, f.importID, fmt.Sprintf("S%06d", f.nextCase), current, t.Add(-96*time.Hour), t,
		time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC))
}

// decision is one review decision of an application.
type decision struct {
	version         int
	outcome, status string
	amount, deduct  string
}

// app adds an application of hospital h submitted at the Beijing time
// ("" = never submitted), in status, with its timeline's statuses and its
// decisions.
func (f *fixture) app(h, region, submitted, status string, accepted, quotaHeld bool, discharged string, ds ...decision) string {
	f.t.Helper()
	id := uuid.NewString()
	var sub any
	if submitted != "" {
		sub = bjt(submitted)
	}
	f.exec(`INSERT INTO special_applications (id, no, region_code, hospital_id, case_id, settlement_id, discharged_on, types, status, open,
		created_by, quota_key, quota_period, quota_held, created_at, updated_at, submitted_at)
		VALUES (?, ?, ?, ?, 1, ?, ?, '{HIGH_COST}', ?, true, ?, ?, '2026Q1', ?, now(), now(), ?)`,
		id, "TY"+id[:8], region, h, "S-"+id[:8], discharged, status, f.user, region, quotaHeld, sub)
	seq := 1
	event := func(from, to string) {
		f.exec(`INSERT INTO special_application_events (application_id, seq, at, actor_name, actor_role, command, from_status, to_status)
			VALUES (?, ?, now(), 'x', 'bureau_reviewer', 'cmd', ?, ?)`, id, seq, from, to)
		seq++
	}
	if submitted != "" {
		event("HOSPITAL_REVIEW", "SUBMITTED")
	}
	if accepted {
		event("SUBMITTED", "ACCEPTED")
	}
	if status != "SUBMITTED" && status != "ACCEPTED" && status != "DRAFT" {
		event("X", status)
	}
	panels := map[int]string{}
	for _, d := range ds {
		round := 1
		if d.version > 1 {
			round = 2
		}
		if panels[round] == "" {
			panels[round] = uuid.NewString()
			f.exec(`INSERT INTO panels (id, application_id, region_code, hospital_id, round, size, status, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, 3, 'CLOSED', now(), now())`, panels[round], id, region, h, round)
		}
		var amount any
		if d.amount != "" {
			amount = d.amount
		}
		deduct := d.deduct
		if deduct == "" {
			deduct = "0"
		}
		f.exec(`INSERT INTO review_decisions (id, application_id, panel_id, region_code, hospital_id, version, vote_round, outcome,
			deduction_total, approved_amount, rule_version, tally, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'v1', '{}', ?, now())`,
			uuid.NewString(), id, panels[round], region, h, d.version, 1, d.outcome, deduct, amount, d.status)
	}
	return id
}

// standardFixture: every outcome, the edges of the half-year, another
// region, drafts and superseded case versions.
func (f *fixture) standardFixture() {
	// discharges of hospital 1: 3 in Q1 (one at the first second), 2 in Q2
	// (one at the last second); outside: the day before, the first second
	// of H2, and a superseded version
	for _, at := range []string{"2026-01-01 00:00:00", "2026-02-10 10:00:00", "2026-03-31 23:59:59", "2026-04-15 08:00:00", "2026-06-30 23:59:59"} {
		f.dischargeCase(f.h1, "370100", at, true)
	}
	f.dischargeCase(f.h1, "370100", "2025-12-31 23:59:59", true)
	f.dischargeCase(f.h1, "370100", "2026-07-01 00:00:00", true)
	f.dischargeCase(f.h1, "370100", "2026-03-01 00:00:00", false)
	// hospital 2: 4 in Q2; the far region's: 2
	for _, at := range []string{"2026-04-01 00:00:00", "2026-05-01 00:00:00", "2026-05-02 00:00:00", "2026-06-01 00:00:00"} {
		f.dischargeCase(f.h2, "370100", at, true)
	}
	f.dischargeCase(f.far, "110000", "2026-03-01 00:00:00", true)
	f.dischargeCase(f.far, "110000", "2026-03-02 00:00:00", true)

	const d1 = "2026-02-01"
	// hospital 1
	f.app(f.h1, "370100", "2026-01-05 09:00:00", "DECIDED", true, true, d1,
		decision{1, "APPROVED_ITEM_BASED", "CONFIRMED", "1000.50", "200.25"})
	// an appeal decided: the confirmed second decision supersedes the first
	f.app(f.h1, "370100", "2026-02-05 09:00:00", "DECIDED", true, true, d1,
		decision{1, "REJECTED", "CONFIRMED", "", ""}, decision{2, "APPROVED_ADJUSTED_STANDARD", "CONFIRMED", "3000.00", "0"})
	// an appeal under way: the second decision is only proposed, the first stands
	f.app(f.h1, "370100", "2026-02-06 09:00:00", "EXPERT_REVIEW", true, true, d1,
		decision{1, "APPROVED_ITEM_BASED", "CONFIRMED", "500.00", "50.00"}, decision{2, "REJECTED", "PROPOSED", "", ""})
	// withdrawn after acceptance (its unit kept: no replacement left)
	f.app(f.h1, "370100", "2026-03-05 09:00:00", "WITHDRAWN", true, true, d1)
	// rejected at intake (its unit given back)
	f.app(f.h1, "370100", "2026-03-06 09:00:00", "REJECTED_AT_INTAKE", false, false, d1)
	// pending: submitted; in review with a returned proposal; information requested at the last second
	f.app(f.h1, "370100", "2026-04-06 09:00:00", "SUBMITTED", false, true, "2026-04-01")
	f.app(f.h1, "370100", "2026-05-06 09:00:00", "EXPERT_REVIEW", true, true, "2026-04-01",
		decision{1, "APPROVED_ITEM_BASED", "RETURNED", "999.00", ""})
	f.app(f.h1, "370100", "2026-06-30 23:59:59", "RETURNED_FOR_INFO", false, true, "2026-06-01")
	// rejected by the panel
	f.app(f.h1, "370100", "2026-06-01 09:00:00", "DECIDED", true, true, "2026-05-01",
		decision{1, "REJECTED", "CONFIRMED", "", ""})
	// not in the period: a draft, a submission of the last second of 2025
	// and of the first second of H2 (a Q2 discharge: it holds H1's quota)
	f.app(f.h1, "370100", "", "DRAFT", false, false, "2026-05-01")
	f.app(f.h1, "370100", "2025-12-31 23:59:59", "DECIDED", true, false, "2025-11-01",
		decision{1, "APPROVED_ITEM_BASED", "CONFIRMED", "7777.00", ""})
	f.app(f.h1, "370100", "2026-07-01 00:00:00", "SUBMITTED", false, true, "2026-06-15")
	// hospital 2: one approved item-based
	f.app(f.h2, "370100", "2026-04-20 09:00:00", "DECIDED", true, true, "2026-04-01",
		decision{1, "APPROVED_ITEM_BASED", "CONFIRMED", "100.10", "9.90"})
	// the far region
	f.app(f.far, "110000", "2026-03-01 09:00:00", "DECIDED", true, true, "2026-03-01",
		decision{1, "APPROVED_ITEM_BASED", "CONFIRMED", "55.00", ""})
}

func TestReportCountsEveryOutcomeOnce(t *testing.T) {
	f := setup(t)
	f.standardFixture()
	p, _ := publication.ParsePeriod("2026H1")
	r, err := f.svc.BuildConsistent(context.Background(), "370100", p)
	if err != nil {
		t.Fatal(err)
	}
	if r.RegionName != "济南市" || r.From != "2026-01-01" || r.To != "2026-06-30" || r.Basis != "submitted_at" || r.Period != "2026H1" {
		t.Errorf("header: %+v", r)
	}
	if r.Quota.Scope != "hospital" || r.Quota.Rate != "0.5" || r.Quota.Period != "quarter" || r.Quota.AsOf != "2026-06-30" {
		t.Errorf("quota rule: %+v", r.Quota)
	}
	if len(r.Hospitals) != 2 {
		t.Fatalf("rows: %+v (the inactive hospital without figures is left out)", r.Hospitals)
	}
	h1 := r.Hospitals[0]
	want1 := publication.PublicationRow{HospitalID: f.h1, HospitalCode: "H37010200001", HospitalName: "山东省立医院",
		Discharges: 5, Submitted: 9, Accepted: 6, ApprovedItemBased: 2, ApprovedAdjustedStandard: 1, Approved: 3, Rejected: 1,
		RejectedAtIntake: 1, Withdrawn: 1, Pending: 3,
		// caps: floor(0.5 × 3) + floor(0.5 × 2); used: held units for H1 discharges (the H2 submission included)
		QuotaUsed: 9, ApprovedAmount: "4500.50", Deductions: "250.25"}
	if h1.QuotaCap == nil || *h1.QuotaCap != 2 {
		t.Errorf("hospital 1's cap: %v", h1.QuotaCap)
	}
	h1.QuotaCap, want1.QuotaCap = nil, nil
	if h1 != want1 {
		t.Errorf("hospital 1:\n got %+v\nwant %+v", h1, want1)
	}
	h2 := r.Hospitals[1]
	if h2.HospitalName != "=济南市中心医院" || h2.Discharges != 4 || h2.Submitted != 1 || h2.ApprovedItemBased != 1 || h2.Accepted != 1 ||
		*h2.QuotaCap != 2 || h2.QuotaUsed != 1 || h2.ApprovedAmount != "100.10" || h2.Deductions != "9.90" {
		t.Errorf("hospital 2: %+v", h2)
	}
	tot := r.Totals
	if tot.HospitalName != "合计" || tot.Discharges != 9 || tot.Submitted != 10 || tot.Approved != 4 || tot.ApprovedItemBased != 3 ||
		tot.Pending != 3 || *tot.QuotaCap != 4 || tot.QuotaUsed != 10 || tot.ApprovedAmount != "4600.60" || tot.Deductions != "260.15" {
		t.Errorf("totals: %+v", tot)
	}
	// the region-wide count (for a table without a visibility map) gives
	// the same report
	restore := publication.ForceScan(publication.ScanRegion)
	rr, err := f.svc.BuildConsistent(context.Background(), "370100", p)
	restore()
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(r)
	b, _ := json.Marshal(rr)
	if string(a) != string(b) {
		t.Errorf("the region-wide count differs:\n%s\n%s", a, b)
	}
	for _, row := range append(r.Hospitals, r.Totals) {
		if sum := row.ApprovedItemBased + row.ApprovedAdjustedStandard + row.Rejected + row.RejectedAtIntake + row.Withdrawn + row.Pending; sum != row.Submitted {
			t.Errorf("%s: outcomes add up to %d of %d submitted", row.HospitalName, sum, row.Submitted)
		}
	}
	wantMonths := []publication.PublicationMonth{{"2026-01", 1, 1}, {"2026-02", 1, 2}, {"2026-03", 1, 2}, {"2026-04", 2, 2}, {"2026-05", 2, 1}, {"2026-06", 2, 2}}
	if fmt.Sprint(r.Months) != fmt.Sprint(wantMonths) {
		t.Errorf("months %v, want %v", r.Months, wantMonths)
	}
	// H2 holds the first second of July; the region without hospitals is empty
	p2, _ := publication.ParsePeriod("2026H2")
	r2, err := f.svc.BuildConsistent(context.Background(), "370100", p2)
	if err != nil || r2.Totals.Submitted != 1 || r2.Totals.Discharges != 1 || r2.Totals.QuotaUsed != 0 {
		t.Errorf("H2: %+v %v", r2.Totals, err)
	}
	if _, err := f.svc.BuildConsistent(context.Background(), "999999", p); !errors.Is(err, publication.ErrNotFound) {
		t.Errorf("unknown region: %v", err)
	}
}

func TestRegionWideQuotaHasNoHospitalCaps(t *testing.T) {
	f := setupQuota(t, false)
	for i := 0; i < 40; i++ {
		f.dischargeCase(f.h1, "370100", fmt.Sprintf("2026-01-%02d 10:00:00", 1+i%28), true)
	}
	for i := 0; i < 25; i++ {
		f.dischargeCase(f.h2, "370100", fmt.Sprintf("2026-05-%02d 10:00:00", 1+i%28), true)
	}
	p, _ := publication.ParsePeriod("2026H1")
	r, err := f.svc.BuildConsistent(context.Background(), "370100", p)
	if err != nil {
		t.Fatal(err)
	}
	// the default: 5 % of the region's discharges per quarter, region-wide
	if r.Quota.Basis != settings.BasisDRG5pct || r.Quota.Scope != "region" {
		t.Errorf("quota %+v", r.Quota)
	}
	for _, h := range r.Hospitals {
		if h.QuotaCap != nil {
			t.Errorf("%s has a cap under a region-wide quota", h.HospitalName)
		}
	}
	if r.Totals.QuotaCap == nil || *r.Totals.QuotaCap != 2+1 { // floor(0.05 × 40) + floor(0.05 × 25)
		t.Errorf("region cap %v", r.Totals.QuotaCap)
	}
}

func TestDraftPublishAndWhoSeesWhat(t *testing.T) {
	f := setup(t)
	f.standardFixture()
	if _, err := f.svc.Draft(f.office1, "2026H1"); !errors.Is(err, publication.ErrForbidden) {
		t.Errorf("a hospital drafting: %v", err)
	}
	if _, err := f.svc.Draft(f.reviewer, "2026H1"); !errors.Is(err, publication.ErrForbidden) {
		t.Errorf("a reviewer drafting: %v", err)
	}
	for _, bad := range []string{"2026H3", "2026h1", "26H1", "2018H1", "", "2026H1 "} {
		if _, err := f.svc.Draft(f.admin, bad); !errors.Is(err, publication.ErrPeriod) {
			t.Errorf("period %q: %v", bad, err)
		}
	}
	d, err := f.svc.Draft(f.admin, "2026H1")
	if err != nil {
		t.Fatal(err)
	}
	if d.Kind != "draft" || d.Revision != 1 || d.Version != 0 || d.PublishedAs != 0 || d.Report.Totals.Submitted != 10 ||
		d.Submitted != 10 || d.Discharges != 9 || d.Approved != 4 || d.By != "bureau.admin" || !publication.Verify(d) {
		t.Fatalf("draft: %+v", d.PublicationSummary)
	}
	// drafts are the bureau's: a hospital, another region and an expert see nothing
	for name, ctx := range map[string]context.Context{"office": f.office1, "doctor": f.doctor2, "far admin": f.farAdmin, "far office": f.farOffice, "expert": f.expert} {
		if _, err := f.svc.Get(ctx, d.ID); !errors.Is(err, publication.ErrNotFound) {
			t.Errorf("%s reading the draft: %v", name, err)
		}
		if list, _ := f.svc.List(ctx, ""); len(list) != 0 {
			t.Errorf("%s lists %+v", name, list)
		}
	}
	if got, err := f.svc.Get(f.reviewer, d.ID); err != nil || got.Kind != "draft" {
		t.Errorf("the reviewer reads the draft: %v", err)
	}

	// a later change shows in a new draft revision only
	f.app(f.h2, "370100", "2026-06-10 09:00:00", "SUBMITTED", false, true, "2026-05-01")
	if _, err := f.svc.Publish(f.admin, d.ID, 2); !errors.Is(err, publication.ErrStale) {
		t.Errorf("a revision not drafted: %v", err)
	}
	if _, err := f.svc.Publish(f.reviewer, d.ID, 1); !errors.Is(err, publication.ErrForbidden) {
		t.Errorf("a reviewer publishing: %v", err)
	}
	if _, err := f.svc.Publish(f.farAdmin, d.ID, 1); !errors.Is(err, publication.ErrNotFound) {
		t.Errorf("another region publishing: %v", err)
	}
	f.clock.Advance(time.Hour)
	v1, err := f.svc.Publish(f.admin, d.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if v1.Kind != "published" || v1.Version != 1 || v1.Revision != 1 || v1.SHA256 != d.SHA256 || v1.Report.Totals.Submitted != 10 ||
		v1.LatestVersion != 1 || !publication.Verify(v1) {
		t.Fatalf("version 1: %+v", v1.PublicationSummary)
	}
	if len(f.notices) != 1 || f.notices[0].Version != 1 || f.notices[0].Label != "2026年上半年" || len(f.notices[0].HospitalIDs) != 2 {
		t.Errorf("notices: %+v", f.notices)
	}
	if _, err := f.svc.Publish(f.admin, d.ID, 1); !errors.Is(err, publication.ErrPublished) {
		t.Errorf("publishing a revision twice: %v", err)
	}
	if _, err := f.svc.Publish(f.admin, v1.ID, 1); !errors.Is(err, publication.ErrNotDraft) {
		t.Errorf("publishing a version: %v", err)
	}
	if _, err := f.svc.Publish(f.office1, v1.ID, 1); !errors.Is(err, publication.ErrNotFound) {
		t.Errorf("a hospital publishing: %v", err)
	}
	// every hospital of the region and the bureau see the version; no one else
	for name, ctx := range map[string]context.Context{"office": f.office1, "doctor": f.doctor2, "reviewer": f.reviewer, "admin": f.admin} {
		got, err := f.svc.Get(ctx, v1.ID)
		if err != nil || got.Version != 1 || len(got.Report.Hospitals) != 2 {
			t.Errorf("%s reading version 1: %v", name, err)
		}
	}
	for name, ctx := range map[string]context.Context{"far admin": f.farAdmin, "far office": f.farOffice, "expert": f.expert} {
		if _, err := f.svc.Get(ctx, v1.ID); !errors.Is(err, publication.ErrNotFound) {
			t.Errorf("%s reading version 1: %v", name, err)
		}
	}
	list, err := f.svc.List(f.office1, "")
	if err != nil || len(list) != 1 || list[0].Kind != "published" {
		t.Errorf("the hospital's list: %+v %v", list, err)
	}

	// re-drafting takes the change; the second publication is version 2,
	// and version 1 is unchanged
	d2, err := f.svc.Draft(f.admin, "2026H1")
	if err != nil {
		t.Fatal(err)
	}
	if d2.ID != d.ID || d2.Revision != 2 || d2.Report.Totals.Submitted != 11 || d2.PublishedAs != 0 || d2.LatestVersion != 1 {
		t.Fatalf("draft 2: %+v", d2.PublicationSummary)
	}
	v2, err := f.svc.Publish(f.admin, d.ID, 2)
	if err != nil || v2.Version != 2 || v2.Report.Totals.Submitted != 11 {
		t.Fatalf("version 2: %+v %v", v2, err)
	}
	again, _ := f.svc.Get(f.office1, v1.ID)
	if again.Report.Totals.Submitted != 10 || again.SHA256 != v1.SHA256 || again.LatestVersion != 2 || !publication.Verify(again) {
		t.Errorf("version 1 after version 2: %+v", again.PublicationSummary)
	}
	list, _ = f.svc.List(f.admin, "2026H1")
	if len(list) != 3 || list[0].Kind != "draft" || list[0].PublishedAs != 2 || list[1].Version != 2 || list[2].Version != 1 {
		t.Errorf("the bureau's list: %+v", list)
	}
	if _, err := f.svc.List(f.admin, "2026H3"); !errors.Is(err, publication.ErrPeriod) {
		t.Errorf("listing 2026H3: %v", err)
	}
	var n int
	f.db.Gorm().Raw(`SELECT count(*) FROM audit_events WHERE action IN ('publication.draft', 'publication.publish')`).Scan(&n)
	if n != 4 {
		t.Errorf("%d audit events, want 2 drafts and 2 publications", n)
	}

	// the application role cannot change or remove a publication
	for _, q := range []string{`UPDATE publications SET content = '{}'::jsonb WHERE id = '` + v1.ID + `'`,
		`DELETE FROM publications WHERE id = '` + v1.ID + `'`, `TRUNCATE publications`} {
		err := f.db.Gorm().Exec(q).Error
		if err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("%s as teyi_app: %v", q, err)
		}
	}
	if err := f.db.Gorm().Exec(`DELETE FROM publication_drafts`).Error; err == nil {
		t.Error("teyi_app deleted a draft")
	}
}

func TestPublishedContentIsImmutableEvenForTheOwner(t *testing.T) {
	f := setup(t)
	f.standardFixture()
	d, err := f.svc.Draft(f.admin, "2026H1")
	if err != nil {
		t.Fatal(err)
	}
	v1, err := f.svc.Publish(f.admin, d.ID, d.Revision)
	if err != nil {
		t.Fatal(err)
	}
	// the trigger refuses the table's owner too
	owner, err := sql.Open("pgx", f.dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	for _, q := range []string{`UPDATE publications SET version = 9 WHERE id = $1`, `DELETE FROM publications WHERE id = $1`} {
		_, err := owner.Exec(q, v1.ID)
		if err == nil || !strings.Contains(err.Error(), "immutable") {
			t.Errorf("%s as the owner: %v", q, err)
		}
	}
	if _, err := owner.Exec(`TRUNCATE publications CASCADE`); err == nil || !strings.Contains(err.Error(), "immutable") {
		t.Errorf("truncate as the owner: %v", err)
	}
	got, err := f.svc.Get(f.office1, v1.ID)
	if err != nil || got.Version != 1 || !publication.Verify(got) {
		t.Errorf("after the attempts: %+v %v", got, err)
	}
}

func TestXLSXHasTheRows(t *testing.T) {
	f := setup(t)
	f.standardFixture()
	d, err := f.svc.Draft(f.admin, "2026H1")
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.svc.Publish(f.admin, d.ID, d.Revision)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := publication.WriteXLSX(&buf, &v.Report, publication.StatusLine(v)); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows(publication.SheetName)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != publication.HeaderRow+3 {
		t.Fatalf("%d rows: %q", len(rows), rows)
	}
	if rows[0][0] != "济南市2026年上半年特例单议情况公示" || !strings.Contains(rows[1][0], "第 1 版") || !strings.Contains(rows[1][0], v.SHA256) {
		t.Errorf("title %q, status %q", rows[0], rows[1])
	}
	if strings.Join(rows[publication.HeaderRow-1], "|") != strings.Join(publication.Columns, "|") {
		t.Errorf("headings %q", rows[publication.HeaderRow-1])
	}
	h1 := rows[publication.HeaderRow]
	want := []string{"1", "H37010200001", "山东省立医院", "5", "9", "6", "2", "1", "3", "1", "1", "1", "3", "2", "9", "4,500.50", "250.25"}
	if strings.Join(h1, "|") != strings.Join(want, "|") {
		t.Errorf("hospital 1 row\n got %q\nwant %q", h1, want)
	}
	if h2 := rows[publication.HeaderRow+1]; h2[2] != "'=济南市中心医院" {
		t.Errorf("a formula-like name is neutralised: %q", h2[2])
	}
	tot := rows[publication.HeaderRow+2]
	if tot[2] != "合计" || tot[4] != "10" || tot[13] != "4" || tot[15] != "4,600.60" {
		t.Errorf("totals row %q", tot)
	}
	raw, _ := x.GetCellValue(publication.SheetName, "P5", excelize.Options{RawCellValue: true})
	if raw != "4500.5" {
		t.Errorf("the amount is a number: %q", raw)
	}
	notes, _ := x.GetRows(publication.NotesSheet)
	if len(notes) < 5 || !strings.Contains(notes[2][0], "提交") {
		t.Errorf("notes %q", notes)
	}
}
