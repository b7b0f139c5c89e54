package registry_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/clock"
	"teyi/backend/internal/platform/database"
	"teyi/backend/internal/platform/storage"
	"teyi/backend/internal/platform/testsupport"
	"teyi/backend/internal/pricing"
	"teyi/backend/internal/registry"
)

type fixture struct {
	db               *database.DB
	svc              *registry.Service
	clock            *clock.Fake
	h1, h2, far      string
	office1, office2 context.Context
	farOffice        context.Context
	admin, reviewer  context.Context
	farAdmin, system context.Context
}

func setup(t *testing.T) *fixture {
	t.Helper()
	db, _ := testsupport.NewDB(t)
	f := &fixture{db: db, h1: uuid.NewString(), h2: uuid.NewString(), far: uuid.NewString()}
	for _, r := range []string{"370100", "110000"} {
		if err := db.Gorm().Exec(`INSERT INTO regions (code, name) VALUES (?, ?)`, r, "r"+r).Error; err != nil {
			t.Fatal(err)
		}
	}
	for _, h := range []struct{ id, code, region string }{{f.h1, "H37010200001", "370100"}, {f.h2, "H37010200002", "370100"}, {f.far, "H11010100001", "110000"}} {
		if err := db.Gorm().Exec(`INSERT INTO hospitals (id, code, name, level, region_code) VALUES (?, ?, ?, 3, ?)`, h.id, h.code, "医院"+h.code, h.region).Error; err != nil {
			t.Fatal(err)
		}
	}
	f.clock = clock.NewFake(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	f.svc = registry.New(db, audit.New(db, f.clock), storage.Dir{Root: t.TempDir()}, f.clock, nil)
	as := func(name, role string, sc authz.Scope) context.Context {
		sc.Role = role
		ctx := audit.WithActor(context.Background(), audit.Actor{Name: name, Role: role})
		return authz.WithPrincipal(ctx, &authz.Principal{Username: name}, sc)
	}
	f.office1 = as("h1.office", authz.RoleHospitalOffice, authz.Scope{Kind: authz.KindHospital, HospitalID: f.h1, RegionCode: "370100"})
	f.office2 = as("h2.office", authz.RoleHospitalOffice, authz.Scope{Kind: authz.KindHospital, HospitalID: f.h2, RegionCode: "370100"})
	f.farOffice = as("far.office", authz.RoleHospitalOffice, authz.Scope{Kind: authz.KindHospital, HospitalID: f.far, RegionCode: "110000"})
	f.admin = as("bureau.admin", authz.RoleBureauAdmin, authz.Scope{Kind: authz.KindRegion, RegionCode: "370100"})
	f.reviewer = as("bureau.reviewer", authz.RoleBureauReviewer, authz.Scope{Kind: authz.KindRegion, RegionCode: "370100"})
	f.farAdmin = as("far.admin", authz.RoleBureauAdmin, authz.Scope{Kind: authz.KindRegion, RegionCode: "110000"})
	f.system = as("system", "system", authz.Scope{Kind: authz.KindSystem})
	return f
}

func (f *fixture) events(t *testing.T, action, id string) int {
	t.Helper()
	var n int
	if err := f.db.Gorm().Raw(`SELECT count(*) FROM audit_events WHERE action = ? AND object_id = ?`, action, id).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

var pdf = []byte("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")

func stent() registry.FilingInput {
	return registry.FilingInput{Kind: registry.KindConsumable, Code: "c13150101900001", Name: " 可吸收冠脉药物洗脱支架 ",
		ListedOn: "2025-06-01", ExpectedCases: 60, Justification: "新上市耗材，历史数据无法反映成本"}
}

// file creates a draft with one PDF and submits it.
func (f *fixture) file(t *testing.T, ctx context.Context, in registry.FilingInput) *registry.FilingDetail {
	t.Helper()
	d, err := f.svc.Create(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Upload(ctx, d.ID, "说明书.pdf", bytes.NewReader(pdf)); err != nil {
		t.Fatal(err)
	}
	d, err = f.svc.Submit(ctx, d.ID, d.Version+1)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func fieldsOf(err error) []string {
	var ve *registry.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var out []string
	for _, fe := range ve.Fields {
		out = append(out, fe.Field)
	}
	return out
}

func TestCodesAreCheckedPerKind(t *testing.T) {
	for _, tc := range []struct {
		kind registry.Kind
		code string
		ok   bool
	}{
		{registry.KindDrug, "XL01XCA350B001", true}, {registry.KindDrug, "ZA12CAD0034030101", true},
		{registry.KindDrug, "C13150101900001", false}, {registry.KindDrug, "X123", false},
		{registry.KindConsumable, "C13150101900001", true}, {registry.KindConsumable, "C1315010190000A", false},
		{registry.KindConsumable, "XL01XCA350B001", false}, {registry.KindService, "330100005", true},
		{registry.KindService, "331001005A", true}, {registry.KindService, "33010000", false}, {registry.KindService, "C13150101900001", false},
	} {
		if got := registry.ValidCode(tc.kind, tc.code); got != tc.ok {
			t.Errorf("ValidCode(%s, %s) = %v, want %v", tc.kind, tc.code, got, tc.ok)
		}
	}
	f := setup(t)
	bad := stent()
	bad.Kind, bad.ListedOn, bad.Name = registry.KindDrug, "2027-01-01", " "
	_, err := f.svc.Create(f.office1, bad)
	if got := strings.Join(fieldsOf(err), ","); got != "code,name,listed_on" {
		t.Errorf("fields at fault %q (%v)", got, err)
	}
	if _, err := f.svc.Create(f.admin, stent()); !errors.Is(err, registry.ErrForbidden) {
		t.Errorf("the bureau filing: %v", err)
	}
}

func TestAFilingGoesFromDraftToApprovedAndIsAudited(t *testing.T) {
	f := setup(t)
	d, err := f.svc.Create(f.office1, stent())
	if err != nil {
		t.Fatal(err)
	}
	if d.Code != "C13150101900001" || d.Name != "可吸收冠脉药物洗脱支架" || d.Status != registry.StatusDraft || d.Version != 1 || d.RegionCode != "370100" {
		t.Fatalf("created %+v", d.Filing)
	}
	// The bureau does not see a draft.
	if _, err := f.svc.Get(f.admin, d.ID); !errors.Is(err, registry.ErrNotFound) {
		t.Errorf("bureau reading a draft: %v", err)
	}
	if _, err := f.svc.Submit(f.office1, d.ID, 1); !errors.Is(err, registry.ErrNoEvidence) {
		t.Errorf("submit without evidence: %v", err)
	}
	// Evidence by content: a text file named .pdf is refused, nothing kept.
	if _, err := f.svc.Upload(f.office1, d.ID, "fake.pdf", strings.NewReader("not a pdf at all")); !errors.Is(err, storage.ErrType) {
		t.Errorf("wrong type: %v", err)
	}
	big := io.MultiReader(bytes.NewReader(pdf), bytes.NewReader(make([]byte, registry.MaxEvidenceBytes)))
	if _, err := f.svc.Upload(f.office1, d.ID, "big.pdf", big); !errors.Is(err, storage.ErrTooLarge) {
		t.Errorf("oversized: %v", err)
	}
	ev, err := f.svc.Upload(f.office1, d.ID, "../../etc/说明书.pdf", bytes.NewReader(pdf))
	if err != nil {
		t.Fatal(err)
	}
	if ev.FileName != "说明书.pdf" || ev.ContentType != string(storage.PDF) || ev.Size != int64(len(pdf)) {
		t.Errorf("evidence %+v", ev)
	}
	if _, err := f.svc.Upload(f.office2, d.ID, "x.pdf", bytes.NewReader(pdf)); !errors.Is(err, registry.ErrNotFound) {
		t.Errorf("another hospital uploading: %v", err)
	}
	// The upload bumped the version: the old one is stale.
	if _, err := f.svc.Submit(f.office1, d.ID, 1); !errors.Is(err, registry.ErrStale) {
		t.Errorf("stale submit: %v", err)
	}
	d, err = f.svc.Submit(f.office1, d.ID, 2)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != registry.StatusSubmitted || d.SubmittedAt == nil || len(d.Evidence) != 1 {
		t.Fatalf("submitted %+v", d)
	}
	// Frozen: no edits, no more evidence.
	if _, err := f.svc.Update(f.office1, d.ID, d.Version, stent()); !errors.Is(err, registry.ErrState) {
		t.Errorf("editing a submitted filing: %v", err)
	}
	if _, err := f.svc.Upload(f.office1, d.ID, "y.pdf", bytes.NewReader(pdf)); !errors.Is(err, registry.ErrState) {
		t.Errorf("evidence after submission: %v", err)
	}
	// The hospital cannot approve; a reviewer cannot; a foreign bureau does not see it.
	dec := registry.Decision{ValidFrom: "2026-03-01", ValidTo: "2026-12-31", Scope: registry.ScopeRegion}
	if _, err := f.svc.Approve(f.office1, d.ID, d.Version, dec); !errors.Is(err, registry.ErrForbidden) {
		t.Errorf("hospital approving: %v", err)
	}
	if _, err := f.svc.Approve(f.reviewer, d.ID, d.Version, dec); !errors.Is(err, registry.ErrForbidden) {
		t.Errorf("reviewer approving: %v", err)
	}
	if _, err := f.svc.Approve(f.farAdmin, d.ID, d.Version, dec); !errors.Is(err, registry.ErrNotFound) {
		t.Errorf("foreign bureau approving: %v", err)
	}
	for name, bad := range map[string]registry.Decision{
		"reversed":   {ValidFrom: "2026-06-01", ValidTo: "2026-05-31", Scope: registry.ScopeRegion},
		"ended":      {ValidFrom: "2025-01-01", ValidTo: "2026-03-01", Scope: registry.ScopeRegion},
		"too long":   {ValidFrom: "2026-03-01", ValidTo: "2029-12-31", Scope: registry.ScopeRegion},
		"no scope":   {ValidFrom: "2026-03-01", ValidTo: "2026-12-31"},
		"not a date": {ValidFrom: "2026-13-01", ValidTo: "2026-12-31", Scope: registry.ScopeRegion},
	} {
		if _, err := f.svc.Approve(f.admin, d.ID, d.Version, bad); fieldsOf(err) == nil {
			t.Errorf("%s: %v, want a field error", name, err)
		}
	}
	a, err := f.svc.Approve(f.admin, d.ID, d.Version, dec)
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != registry.StatusApproved || a.ValidFrom != "2026-03-01" || a.ValidTo != "2026-12-31" || !a.InForce ||
		a.Scope != registry.ScopeRegion || a.DecidedBy != "bureau.admin" || a.DaysLeft != 304 {
		t.Fatalf("approved %+v", a.Filing)
	}
	if _, err := f.svc.Reject(f.admin, d.ID, a.Version, "x"); !errors.Is(err, registry.ErrState) {
		t.Errorf("rejecting an approved filing: %v", err)
	}
	if _, err := f.svc.Withdraw(f.office1, d.ID, a.Version); !errors.Is(err, registry.ErrState) {
		t.Errorf("withdrawing an approved filing: %v", err)
	}
	// A second open filing of the same code by the same hospital is refused.
	if _, err := f.svc.Create(f.office1, stent()); !errors.Is(err, registry.ErrDuplicate) {
		t.Errorf("duplicate: %v", err)
	}
	for action, want := range map[string]int{"registry.create": 1, "registry.evidence.upload": 1, "registry.submit": 1, "registry.approve": 1} {
		if n := f.events(t, action, d.ID); n != want {
			t.Errorf("%d %s events, want %d", n, action, want)
		}
	}
	// Downloads are audited, and only in scope.
	if _, _, err := f.svc.OpenEvidence(f.office2, d.ID, ev.ID); !errors.Is(err, registry.ErrNotFound) {
		t.Errorf("another hospital downloading: %v", err)
	}
	_, rc, err := f.svc.OpenEvidence(f.reviewer, d.ID, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(got, pdf) || f.events(t, "registry.evidence.download", ev.ID) != 1 {
		t.Errorf("download: %d bytes, %d events", len(got), f.events(t, "registry.evidence.download", ev.ID))
	}
}

func TestRejectAndWithdraw(t *testing.T) {
	f := setup(t)
	d := f.file(t, f.office1, stent())
	if _, err := f.svc.Reject(f.admin, d.ID, d.Version, "  "); fieldsOf(err) == nil {
		t.Errorf("reject without a reason: %v", err)
	}
	r, err := f.svc.Reject(f.admin, d.ID, d.Version, "临床效果证据不足")
	if err != nil || r.Status != registry.StatusRejected || r.RejectReason != "临床效果证据不足" {
		t.Fatalf("rejected %+v %v", r, err)
	}
	// After a rejection the hospital may file the code again, and withdraw it.
	d2, err := f.svc.Create(f.office1, stent())
	if err != nil {
		t.Fatal(err)
	}
	w, err := f.svc.Withdraw(f.office1, d2.ID, d2.Version)
	if err != nil || w.Status != registry.StatusWithdrawn {
		t.Fatalf("withdrawn %+v %v", w, err)
	}
	if _, err := f.svc.Withdraw(f.office1, d2.ID, w.Version); !errors.Is(err, registry.ErrState) {
		t.Errorf("withdrawing twice: %v", err)
	}
	if n := f.events(t, "registry.reject", d.ID) + f.events(t, "registry.withdraw", d2.ID); n != 2 {
		t.Errorf("%d events", n)
	}
}

func TestListsStayInScope(t *testing.T) {
	f := setup(t)
	f.file(t, f.office1, stent())
	draft, _ := f.svc.Create(f.office2, registry.FilingInput{Kind: registry.KindDrug, Code: "XL01XCA350B001", Name: "帕博利珠单抗",
		ListedOn: "2025-01-01", Justification: "x"})
	f.file(t, f.farOffice, stent())
	count := func(ctx context.Context, filter registry.ListFilter) int {
		items, err := f.svc.List(ctx, filter)
		if err != nil {
			t.Fatal(err)
		}
		return len(items)
	}
	if n := count(f.office1, registry.ListFilter{}); n != 1 {
		t.Errorf("hospital 1 sees %d", n)
	}
	if n := count(f.office2, registry.ListFilter{}); n != 1 {
		t.Errorf("hospital 2 sees %d (its draft)", n)
	}
	if n := count(f.admin, registry.ListFilter{}); n != 1 {
		t.Errorf("the bureau sees %d, want the submitted one only", n)
	}
	if n := count(f.admin, registry.ListFilter{Q: "C1315"}); n != 1 {
		t.Errorf("code prefix: %d", n)
	}
	if n := count(f.admin, registry.ListFilter{Q: "%"}); n != 0 {
		t.Errorf("a LIKE wildcard matched %d", n)
	}
	if n := count(f.admin, registry.ListFilter{Status: "approved"}); n != 0 {
		t.Errorf("status filter: %d", n)
	}
	if _, err := f.svc.Get(f.office1, draft.ID); !errors.Is(err, registry.ErrNotFound) {
		t.Errorf("another hospital's draft: %v", err)
	}
}

func TestApprovalsForCaseIntakeFollowTheScope(t *testing.T) {
	f := setup(t)
	region := f.file(t, f.office1, stent())
	own := f.file(t, f.office1, registry.FilingInput{Kind: registry.KindService, Code: "331001005", Name: "新技术", ListedOn: "2025-01-01", Justification: "x"})
	if _, err := f.svc.Approve(f.admin, region.ID, region.Version, registry.Decision{ValidFrom: "2026-03-01", ValidTo: "2026-06-30", Scope: registry.ScopeRegion}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Approve(f.admin, own.ID, own.Version, registry.Decision{ValidFrom: "2026-03-01", ValidTo: "2026-06-30", Scope: registry.ScopeHospital}); err != nil {
		t.Fatal(err)
	}
	codes := func(h string) []string {
		list, err := f.svc.ForHospital(context.Background(), "370100", h)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range list {
			out = append(out, a.Code)
		}
		return out
	}
	if got := strings.Join(codes(f.h1), ","); got != "331001005,C13150101900001" {
		t.Errorf("hospital 1: %s", got)
	}
	if got := strings.Join(codes(f.h2), ","); got != "C13150101900001" {
		t.Errorf("hospital 2: %s", got)
	}
	list, _ := f.svc.ForHospital(context.Background(), "110000", f.far)
	if len(list) != 0 {
		t.Errorf("the foreign region: %+v", list)
	}
	a, _ := f.svc.ForHospital(context.Background(), "370100", f.h2)
	if a[0].From != pricing.MustDate("2026-03-01") || a[0].To != pricing.MustDate("2026-06-30") {
		t.Errorf("span %s–%s", a[0].From, a[0].To)
	}
}

func TestDailyRunRemindsOnceAndExpires(t *testing.T) {
	f := setup(t)
	d := f.file(t, f.office1, stent())
	a, err := f.svc.Approve(f.admin, d.ID, d.Version, registry.Decision{ValidFrom: "2026-03-01", ValidTo: "2026-04-30", Scope: registry.ScopeRegion})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// 2 March: 59 days left, no reminder yet.
	if res, err := f.svc.RunDaily(ctx); err != nil || res != (registry.DailyResult{}) {
		t.Fatalf("2 March: %+v %v", res, err)
	}
	f.clock.Set(time.Date(2026, 4, 1, 1, 0, 0, 0, time.UTC)) // 29 days left
	if res, err := f.svc.RunDaily(ctx); err != nil || res.Reminded != 1 {
		t.Fatalf("1 April: %+v %v", res, err)
	}
	if res, _ := f.svc.RunDaily(ctx); res.Reminded != 0 {
		t.Errorf("a second run reminded again: %+v", res)
	}
	if n := f.events(t, "registry.remind", d.ID); n != 1 {
		t.Errorf("%d reminders recorded", n)
	}
	f.clock.Set(time.Date(2026, 4, 30, 16, 30, 0, 0, time.UTC)) // 00:30 on 1 May in Beijing
	res, err := f.svc.RunDaily(ctx)
	if err != nil || res.Expired != 1 {
		t.Fatalf("1 May: %+v %v", res, err)
	}
	got, _ := f.svc.Get(f.admin, d.ID)
	if got.Status != registry.StatusExpired || got.InForce || got.Version != a.Version+1 || got.DaysLeft != -1 {
		t.Errorf("after expiry %+v", got.Filing)
	}
	if res, _ := f.svc.RunDaily(ctx); res != (registry.DailyResult{}) {
		t.Errorf("a second run: %+v", res)
	}
	// An expired approval still covers the cases discharged while it was in force.
	list, _ := f.svc.ForHospital(ctx, "370100", f.h2)
	if len(list) != 1 || list[0].To != pricing.MustDate("2026-04-30") {
		t.Errorf("approvals after expiry: %+v", list)
	}
	// And the hospital may file the code again once it expired.
	if _, err := f.svc.Create(f.office1, stent()); err != nil {
		t.Errorf("refiling after expiry: %v", err)
	}
}
