package app_test

import (
	"strconv"
	"testing"

	"teyi/backend/internal/platform/calendar"
)

func mustDate(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func itoa(n int) string { return strconv.Itoa(n) }

func scSettingsBody(version, workdays int, from string) map[string]any {
	return map[string]any{"version": version, "effective_from": from,
		"quota":     map[string]any{"basis": "DRG_5pct", "rate": "0.05", "scope": "region", "period": "quarter", "replace_share": "0.20", "warn_at": "0.80"},
		"window":    map[string]any{"kind": "quarterly_first_workdays", "workdays": workdays},
		"deadlines": map[string]any{"info_due_workdays": 5, "reminder_workdays_before": 2, "info_expiry": "withdraw", "intake_sla_workdays": 10}}
}

func TestSpecialCaseSettingsOverHTTP(t *testing.T) {
	e := newEnv(t)
	admin := e.signedIn("bureau.admin")
	type version struct {
		Version       int
		EffectiveFrom string `json:"effective_from"`
		Status        string
		Window        struct {
			Kind     string
			Workdays int
		}
		Quota struct{ Basis, Rate string }
	}
	var o struct {
		Region        string
		Today         string
		InForce       version `json:"in_force"`
		LatestVersion int     `json:"latest_version"`
		History       []version
	}
	res := admin.do("GET", "/api/v1/specialcase/settings", nil)
	res.json(t, &o)
	if res.Status != 200 || o.InForce.Status != "default" || o.InForce.Window.Workdays != 15 || o.InForce.Quota.Rate != "0.05" ||
		o.LatestVersion != 0 || len(o.History) != 0 || o.Today != "2026-03-02" {
		t.Fatalf("defaults: %d %s", res.Status, res.Body)
	}
	// every bad field at once, as field errors
	bad := scSettingsBody(0, 0, "2026-03-01")
	bad["quota"].(map[string]any)["rate"] = "five"
	bad["deadlines"].(map[string]any)["reminder_workdays_before"] = 5
	res = admin.do("PUT", "/api/v1/specialcase/settings", bad)
	for _, f := range []string{"body.quota.rate", "body.window.workdays", "body.deadlines.reminder_workdays_before", "body.effective_from"} {
		if res.Status != 422 || !contains(res.Body, f) {
			t.Errorf("bad settings: %d %s, want a field error on %s", res.Status, res.Body, f)
		}
	}
	res = admin.do("PUT", "/api/v1/specialcase/settings", scSettingsBody(0, 10, "2026-03-02"))
	res.json(t, &o)
	if res.Status != 200 || o.InForce.Version != 1 || o.InForce.Window.Workdays != 10 || o.InForce.Status != "in_force" || o.LatestVersion != 1 {
		t.Fatalf("update: %d %s", res.Status, res.Body)
	}
	if r := admin.do("PUT", "/api/v1/specialcase/settings", scSettingsBody(0, 12, "2026-04-01")); r.Status != 409 {
		t.Errorf("stale: %d %s", r.Status, r.Body)
	}
	res = admin.do("PUT", "/api/v1/specialcase/settings", scSettingsBody(1, 12, "2026-04-01"))
	res.json(t, &o)
	if res.Status != 200 || o.InForce.Version != 1 || len(o.History) != 2 || o.History[0].Status != "scheduled" || o.History[1].Status != "in_force" {
		t.Fatalf("a scheduled version: %d %s", res.Status, res.Body)
	}
	// the hospital reads the same settings; it may not change them
	doctor := e.signedIn("h1.doctor")
	res = doctor.do("GET", "/api/v1/specialcase/settings", nil)
	if res.Status != 200 || !contains(res.Body, `"workdays":10`) {
		t.Errorf("the clinician reads: %d %s", res.Status, res.Body)
	}
	if r := doctor.do("PUT", "/api/v1/specialcase/settings", scSettingsBody(2, 5, "2026-04-01")); r.Status != 403 {
		t.Errorf("the clinician writes: %d", r.Status)
	}
	if r := e.signedIn("bureau.reviewer").do("PUT", "/api/v1/specialcase/settings", scSettingsBody(2, 5, "2026-04-01")); r.Status != 403 {
		t.Errorf("the reviewer writes: %d", r.Status)
	}
	// another region still has the defaults
	if far, err := e.app.Settings.Effective(t.Context(), "110000", mustDate("2026-04-01")); err != nil || far.Version != 0 {
		t.Errorf("another region: v%d %v, want the defaults", far.Version, err)
	}
	if r := admin.do("GET", "/api/v1/audit-events?action=specialcase.settings.update", nil); r.Status != 200 || !contains(r.Body, "specialcase.settings.update") {
		t.Errorf("not audited: %d %s", r.Status, r.Body)
	}
	in, err := e.app.Settings.Effective(t.Context(), "370100", mustDate("2026-04-01"))
	if err != nil || in.Version != 2 || in.Window.Workdays != 12 {
		t.Errorf("Effective on 1 April: %+v %v", in, err)
	}
}

func TestCalendarYearsOverHTTP(t *testing.T) {
	e := newEnv(t)
	admin := e.signedIn("bureau.admin")
	type day struct{ Date, Kind, Name string }
	type year struct {
		Year               int
		Source             string
		Version            int
		Holidays, Workdays int
		Entries            []day
	}
	var list struct{ Items []year }
	res := admin.do("GET", "/api/v1/calendar/years", nil)
	res.json(t, &list)
	if res.Status != 200 || len(list.Items) != 2 || list.Items[1].Year != 2026 || list.Items[1].Source != "shipped" {
		t.Fatalf("years: %d %s", res.Status, res.Body)
	}
	var y year
	res = admin.do("GET", "/api/v1/calendar/years/2026", nil)
	res.json(t, &y)
	if res.Status != 200 || y.Version != 0 || len(y.Entries) != y.Holidays+y.Workdays || y.Workdays != 6 {
		t.Fatalf("2026: %d %s", res.Status, res.Body)
	}
	if r := admin.do("GET", "/api/v1/calendar/years/1999", nil); r.Status != 422 {
		t.Errorf("1999: %d", r.Status)
	}
	if r := admin.do("GET", "/api/v1/calendar/years/2031", nil); r.Status != 200 || !contains(r.Body, `"source":"none"`) {
		t.Errorf("a year not loaded: %d %s", r.Status, r.Body)
	}
	entries := append(y.Entries, day{"2026-12-07", "holiday", "地方假日"})
	badEntries := append(append([]day{}, entries...), day{"2027-01-01", "holiday", "元旦"}, day{"2026-12-07", "holiday", "重复"},
		day{"2026-12-08", "workday", "调休"})
	res = admin.do("PUT", "/api/v1/calendar/years/2026", map[string]any{"version": 0, "entries": badEntries})
	n := len(entries)
	for _, f := range []string{"entries[" + itoa(n) + "].date", "entries[" + itoa(n+1) + "].date", "entries[" + itoa(n+2) + "].kind"} {
		if res.Status != 422 || !contains(res.Body, f) {
			t.Errorf("bad year: %d %s, want an error on %s", res.Status, res.Body, f)
		}
	}
	if r := admin.do("PUT", "/api/v1/calendar/years/2026", map[string]any{"version": 0, "entries": []day{{"2026-10-01", "rest", "国庆节"}}}); r.Status != 422 {
		t.Errorf("a bad kind: %d", r.Status)
	}
	if r := e.signedIn("bureau.reviewer").do("PUT", "/api/v1/calendar/years/2026", map[string]any{"version": 0, "entries": entries}); r.Status != 403 {
		t.Errorf("a reviewer edits: %d", r.Status)
	}
	res = admin.do("PUT", "/api/v1/calendar/years/2026", map[string]any{"version": 0, "entries": entries})
	res.json(t, &y)
	if res.Status != 200 || y.Source != "region" || y.Version != 1 {
		t.Fatalf("replace 2026: %d %s", res.Status, res.Body)
	}
	if r := admin.do("PUT", "/api/v1/calendar/years/2026", map[string]any{"version": 0, "entries": entries}); r.Status != 409 {
		t.Errorf("stale: %d", r.Status)
	}
	if r := e.signedIn("h1.doctor").do("GET", "/api/v1/calendar/years/2026", nil); r.Status != 200 || !contains(r.Body, "地方假日") {
		t.Errorf("the clinician's calendar: %d", r.Status)
	}
	if far, _ := e.app.Settings.Calendar(t.Context(), "110000"); far != calendar.Shipped() {
		t.Error("another region's calendar changed")
	}
	cal, err := e.app.Settings.Calendar(t.Context(), "370100")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := cal.IsWorkday(mustDate("2026-12-07")); ok {
		t.Error("the edited day is still a working day")
	}
	if r := admin.do("GET", "/api/v1/audit-events?action=calendar.year.update", nil); !contains(r.Body, "calendar.year.update") {
		t.Errorf("not audited: %s", r.Body)
	}
}
