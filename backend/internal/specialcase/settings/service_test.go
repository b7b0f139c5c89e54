package settings_test

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/calendar"
	"teyi/backend/internal/platform/clock"
	"teyi/backend/internal/platform/database"
	"teyi/backend/internal/platform/testsupport"
	"teyi/backend/internal/specialcase/settings"
)

type fixture struct {
	db    *database.DB
	svc   *settings.Service
	clock *clock.Fake
	as    func(role, kind, region string) context.Context
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
	// 09:00 in Beijing on Wednesday 2 December 2026
	fake := clock.NewFake(time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC))
	f := &fixture{db: db, clock: fake, svc: settings.New(db, audit.New(db, fake), fake)}
	f.as = func(role, kind, region string) context.Context {
		ctx := audit.WithActor(context.Background(), audit.Actor{Name: "u." + role, Role: role})
		sc := authz.Scope{Kind: kind, RegionCode: region, Role: role}
		if kind == authz.KindHospital {
			sc.HospitalID = "00000000-0000-7000-8000-000000000001"
		}
		return authz.WithPrincipal(ctx, &authz.Principal{Username: "u." + role}, sc)
	}
	f.count = func(action string) int {
		var n int
		db.Gorm().Raw(`SELECT count(*) FROM audit_events WHERE action = ?`, action).Scan(&n)
		return n
	}
	return f
}

func (f *fixture) admin() context.Context {
	return f.as(authz.RoleBureauAdmin, authz.KindRegion, "370100")
}

func day(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func withWindow(n int, from string) settings.Settings {
	s := settings.Default()
	s.Window.Workdays = n
	s.EffectiveFrom = day(from)
	return s
}

func fields(err error) []string {
	var ve *settings.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field)
	}
	sort.Strings(out)
	return out
}

func TestSettingsVersionsByEffectiveDate(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	got, err := f.svc.Effective(ctx, "370100", day("2026-12-02"))
	if err != nil || got.Version != 0 || got.Window.Workdays != 15 {
		t.Fatalf("a region without settings: %+v %v, want Default()", got, err)
	}

	v1, err := f.svc.Update(f.admin(), 0, withWindow(10, "2026-12-02"))
	if err != nil {
		t.Fatal(err)
	}
	if v1.Version != 1 || v1.CreatedBy != "u.bureau_admin" {
		t.Fatalf("v1: %+v", v1)
	}
	v2 := withWindow(12, "2027-01-01")
	v2.Quota.Basis, v2.Quota.Rate = settings.BasisCustom, decimal.RequireFromString("0.005")
	if _, err := f.svc.Update(f.admin(), 1, v2); err != nil {
		t.Fatal(err)
	}
	for d, want := range map[string]int{"2026-12-01": 0, "2026-12-02": 1, "2026-12-31": 1, "2027-01-01": 2, "2030-06-01": 2} {
		got, err := f.svc.Effective(ctx, "370100", day(d))
		if err != nil || got.Version != want {
			t.Errorf("in force on %s: v%d %v, want v%d", d, got.Version, err, want)
		}
	}
	got, _ = f.svc.Effective(ctx, "370100", day("2027-02-01"))
	if got.Window.Workdays != 12 || got.Quota.Basis != settings.BasisCustom || !got.Quota.Rate.Equal(decimal.RequireFromString("0.005")) ||
		got.EffectiveFrom != day("2027-01-01") {
		t.Errorf("v2 read back: %+v", got)
	}
	if other, _ := f.svc.Effective(ctx, "110000", day("2027-02-01")); other.Version != 0 {
		t.Errorf("another region sees v%d", other.Version)
	}

	// a later version may take effect earlier than a scheduled one
	if _, err := f.svc.Update(f.admin(), 2, withWindow(8, "2026-12-20")); err != nil {
		t.Fatal(err)
	}
	for d, want := range map[string]int{"2026-12-19": 1, "2026-12-20": 3, "2027-01-01": 2} {
		if got, _ := f.svc.Effective(ctx, "370100", day(d)); got.Version != want {
			t.Errorf("in force on %s: v%d, want v%d", d, got.Version, want)
		}
	}
	// the same day: the higher version wins
	if _, err := f.svc.Update(f.admin(), 3, withWindow(9, "2026-12-20")); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.svc.Effective(ctx, "370100", day("2026-12-25")); got.Version != 4 || got.Window.Workdays != 9 {
		t.Errorf("tie on the effective day: v%d N=%d, want v4 N=9", got.Version, got.Window.Workdays)
	}

	o, err := f.svc.ForMyRegion(f.as(authz.RoleClinician, authz.KindHospital, "370100"))
	if err != nil {
		t.Fatal(err)
	}
	if o.Region != "370100" || o.Latest != 4 || len(o.History) != 4 || o.InForce.Version != 1 || o.Today != day("2026-12-02") {
		t.Errorf("overview for a clinician: latest %d, %d versions, in force v%d, today %s", o.Latest, len(o.History), o.InForce.Version, o.Today)
	}
	if f.count("specialcase.settings.update") != 4 {
		t.Errorf("%d audit events, want 4", f.count("specialcase.settings.update"))
	}
}

func TestSettingsUpdateRefusals(t *testing.T) {
	f := setup(t)
	if _, err := f.svc.Update(f.as(authz.RoleBureauReviewer, authz.KindRegion, "370100"), 0, withWindow(10, "2026-12-02")); !errors.Is(err, settings.ErrNotAdmin) {
		t.Errorf("a reviewer updates: %v", err)
	}
	if _, err := f.svc.Update(f.as(authz.RoleHospitalOffice, authz.KindHospital, "370100"), 0, withWindow(10, "2026-12-02")); !errors.Is(err, settings.ErrNoRegion) {
		t.Errorf("a hospital updates: %v", err)
	}
	if _, err := f.svc.Update(f.as(authz.RoleSysadmin, authz.KindSystem, ""), 0, withWindow(10, "2026-12-02")); !errors.Is(err, settings.ErrNoRegion) {
		t.Errorf("system scope updates: %v", err)
	}
	if _, err := f.svc.Update(f.admin(), 0, withWindow(10, "2026-12-01")); strings.Join(fields(err), ",") != "effective_from" {
		t.Errorf("effective yesterday: %v", err)
	}
	if _, err := f.svc.Update(f.admin(), 0, settings.Settings{}); len(fields(err)) < 5 ||
		!strings.Contains(strings.Join(fields(err), ","), "effective_from") {
		t.Errorf("empty settings: %v", fields(err))
	}
	if _, err := f.svc.Update(f.admin(), 1, withWindow(10, "2026-12-02")); !errors.Is(err, settings.ErrStale) {
		t.Errorf("version 1 of none: %v", err)
	}
	if _, err := f.svc.Update(f.admin(), 0, withWindow(10, "2026-12-02")); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Update(f.admin(), 0, withWindow(11, "2026-12-02")); !errors.Is(err, settings.ErrStale) {
		t.Errorf("stale 0: %v", err)
	}
	if f.count("specialcase.settings.update") != 1 {
		t.Errorf("refusals audited as updates: %d", f.count("specialcase.settings.update"))
	}
	// a named basis's rate is stored as the basis says
	s := withWindow(10, "2026-12-03")
	s.Quota.Rate = decimal.RequireFromString("0.0500")
	if _, err := f.svc.Update(f.admin(), 1, s); err != nil {
		t.Fatal(err)
	}
	got, _ := f.svc.Effective(context.Background(), "370100", day("2026-12-03"))
	if got.Quota.Rate.String() != "0.05" {
		t.Errorf("rate stored as %s", got.Quota.Rate)
	}
}

func TestConcurrentUpdatesOneWins(t *testing.T) {
	f := setup(t)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, errs[i] = f.svc.Update(f.admin(), 0, withWindow(10+i, "2026-12-02"))
		}(i)
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, settings.ErrStale) && !database.IsSerialization(err):
			t.Errorf("unexpected: %v", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d concurrent writers of version 1 succeeded, want 1", ok)
	}
}

func TestCacheIsInvalidatedLocallyAndExpiresForOthers(t *testing.T) {
	f := setup(t)
	other := settings.New(f.db, audit.New(f.db, f.clock), f.clock) // another replica
	ctx := context.Background()
	today := day("2026-12-02")
	if got, _ := other.Effective(ctx, "370100", today); got.Version != 0 {
		t.Fatal("not default")
	}
	if _, err := f.svc.Effective(ctx, "370100", today); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Update(f.admin(), 0, withWindow(10, "2026-12-02")); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.svc.Effective(ctx, "370100", today); got.Version != 1 {
		t.Errorf("the writer's own process still sees v%d", got.Version)
	}
	if got, _ := other.Effective(ctx, "370100", today); got.Version != 0 {
		t.Errorf("the other replica reads through its cache: v%d", got.Version)
	}
	f.clock.Advance(settings.CacheTTL)
	if got, _ := other.Effective(ctx, "370100", today); got.Version != 1 {
		t.Errorf("after the TTL the other replica sees v%d, want v1", got.Version)
	}
}

func entries(days ...string) []settings.CalendarDay {
	var out []settings.CalendarDay
	for _, d := range days {
		p := strings.SplitN(d, " ", 3)
		out = append(out, settings.CalendarDay{Date: p[0], Kind: p[1], Name: p[2]})
	}
	return out
}

func TestCalendarYearsReplaceAndAdd(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	cal, err := f.svc.Calendar(ctx, "370100")
	if err != nil || cal != calendar.Shipped() {
		t.Fatalf("a region without years: %v", err)
	}
	y, err := f.svc.CalendarYearOf(f.admin(), 2026)
	if err != nil || y.Source != settings.SourceShipped || y.Version != 0 || len(y.Entries) < 30 || y.Workdays != 6 {
		t.Fatalf("shipped 2026: %+v %v", y, err)
	}
	// the region makes Monday 7 December 2026 a holiday
	days := append(y.Entries, settings.CalendarDay{Date: "2026-12-07", Kind: "holiday", Name: " 地方假日 "})
	up, err := f.svc.UpdateCalendarYear(f.admin(), 2026, 0, days)
	if err != nil {
		t.Fatal(err)
	}
	if up.Source != settings.SourceRegion || up.Version != 1 || len(up.Entries) != len(days) || up.UpdatedBy != "u.bureau_admin" {
		t.Fatalf("replaced: %+v", up)
	}
	if last := up.Entries[len(up.Entries)-1]; last.Date != "2026-12-07" || last.Name != "地方假日" {
		t.Errorf("entries in date order with trimmed names: %+v", last)
	}
	cal, err = f.svc.Calendar(ctx, "370100")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := cal.IsWorkday(day("2026-12-07")); ok {
		t.Error("the region's holiday is a working day")
	}
	if ok, _ := cal.IsWorkday(day("2026-02-14")); !ok {
		t.Error("the kept adjusted Saturday is lost")
	}
	if ok, err := cal.IsWorkday(day("2025-10-11")); err != nil || !ok {
		t.Errorf("the shipped 2025 is lost: %v %v", ok, err)
	}
	if ok, _ := calendar.Shipped().IsWorkday(day("2026-12-07")); !ok {
		t.Error("the shipped calendar changed")
	}
	if c2, _ := f.svc.Calendar(ctx, "110000"); c2 != calendar.Shipped() {
		t.Error("another region's calendar changed")
	}
	// deadlines follow the region's calendar: 4 Dec + 1 working day skips the 7th
	if d, _ := cal.AddWorkdays(day("2026-12-04"), 1); d != day("2026-12-08") {
		t.Errorf("next working day after Fri 4 Dec: %s", d)
	}

	// 2027 is not shipped: Q4 2026 discharges cannot be windowed until it is added
	w := settings.Window{Kind: settings.WindowQuarterly, Workdays: 15}
	if _, err := w.Check(cal, day("2026-12-02"), day("2026-11-02")); !errors.Is(err, calendar.ErrUnknownYear) {
		t.Fatalf("2027 before it is added: %v", err)
	}
	if y, _ := f.svc.CalendarYearOf(f.admin(), 2027); y.Source != settings.SourceNone || y.Version != 0 {
		t.Errorf("2027 before it is added: %+v", y)
	}
	if _, err := f.svc.UpdateCalendarYear(f.admin(), 2027, 0, entries(
		"2027-01-01 holiday 元旦", "2027-02-06 holiday 春节", "2027-02-07 holiday 春节", "2027-02-08 holiday 春节",
		"2027-02-09 holiday 春节", "2027-02-10 holiday 春节", "2027-02-11 holiday 春节", "2027-02-12 holiday 春节",
		"2027-02-20 workday 春节")); err != nil {
		t.Fatal(err)
	}
	cal, _ = f.svc.Calendar(ctx, "370100")
	dec, err := w.Check(cal, day("2027-01-05"), day("2026-11-02"))
	if err != nil || !dec.Open || dec.Opens != day("2027-01-04") || dec.Closes != day("2027-01-22") {
		t.Errorf("the Q4 2026 window with 2027 added: %+v %v, want 2027-01-04–2027-01-22", dec, err)
	}
	years, err := f.svc.CalendarYears(f.admin())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, y := range years {
		got = append(got, y.Source)
	}
	if strings.Join(got, ",") != "shipped,region,region" || years[2].Year != 2027 || years[2].Holidays != 8 || years[2].Workdays != 1 {
		t.Errorf("years: %+v", years)
	}
	// a hospital reads its region's years; system scope the shipped ones
	if y, _ := f.svc.CalendarYearOf(f.as(authz.RoleClinician, authz.KindHospital, "370100"), 2027); y.Source != settings.SourceRegion {
		t.Errorf("a clinician's 2027: %s", y.Source)
	}
	if ys, _ := f.svc.CalendarYears(f.as(authz.RoleSysadmin, authz.KindSystem, "")); len(ys) != 2 || ys[1].Source != settings.SourceShipped {
		t.Errorf("system scope: %+v", ys)
	}
	if f.count("calendar.year.update") != 2 {
		t.Errorf("%d audit events", f.count("calendar.year.update"))
	}
}

func TestCalendarYearRefusals(t *testing.T) {
	f := setup(t)
	ok := entries("2026-10-01 holiday 国庆节")
	if _, err := f.svc.UpdateCalendarYear(f.as(authz.RoleBureauReviewer, authz.KindRegion, "370100"), 2026, 0, ok); !errors.Is(err, settings.ErrNotAdmin) {
		t.Errorf("a reviewer edits: %v", err)
	}
	if _, err := f.svc.UpdateCalendarYear(f.as(authz.RoleHospitalOffice, authz.KindHospital, "370100"), 2026, 0, ok); !errors.Is(err, settings.ErrNoRegion) {
		t.Errorf("a hospital edits: %v", err)
	}
	if _, err := f.svc.UpdateCalendarYear(f.admin(), 2026, 3, ok); !errors.Is(err, settings.ErrStale) {
		t.Errorf("version 3 of a shipped year: %v", err)
	}
	cases := []struct {
		name string
		days []settings.CalendarDay
		want string
	}{
		{"empty", nil, "entries"},
		{"other year", entries("2025-10-01 holiday 国庆节"), "entries[0].date"},
		{"not a date", entries("2026-02-30 holiday 春节"), "entries[0].date"},
		{"twice", entries("2026-10-01 holiday 国庆节", "2026-10-01 holiday 国庆节"), "entries[1].date"},
		{"weekday made a workday", entries("2026-10-01 holiday 国庆节", "2026-10-09 workday 国庆节"), "entries[1].kind"},
		{"bad kind", entries("2026-10-01 rest 国庆节"), "entries[0].kind"},
		{"no name", entries("2026-10-01 holiday  "), "entries[0].name"},
		{"long name", entries("2026-10-01 holiday " + strings.Repeat("节", 41)), "entries[0].name"},
	}
	for _, tc := range cases {
		_, err := f.svc.UpdateCalendarYear(f.admin(), 2026, 0, tc.days)
		if strings.Join(fields(err), ",") != tc.want {
			t.Errorf("%s: %v, want a field error on %s", tc.name, err, tc.want)
		}
	}
	if _, err := f.svc.UpdateCalendarYear(f.admin(), 1999, 0, ok); strings.Join(fields(err), ",") != "year" {
		t.Errorf("1999: %v", err)
	}
	if _, err := f.svc.UpdateCalendarYear(f.admin(), 2026, 0, ok); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.UpdateCalendarYear(f.admin(), 2026, 0, ok); !errors.Is(err, settings.ErrStale) {
		t.Errorf("a second first write: %v", err)
	}
	if y, err := f.svc.UpdateCalendarYear(f.admin(), 2026, 1, ok); err != nil || y.Version != 2 {
		t.Errorf("the second version: %+v %v", y, err)
	}
	if f.count("calendar.year.update") != 2 {
		t.Errorf("%d audit events, want 2", f.count("calendar.year.update"))
	}
}
