package specialcase_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/specialcase"
	"teyi/backend/internal/specialcase/settings"
)

// at sets the fake clock to 10:00 Beijing time on day (YYYY-MM-DD).
func (e *env) at(day string) {
	t, err := time.ParseInLocation(time.DateOnly, day, beijing)
	if err != nil {
		e.t.Fatal(err)
	}
	e.clock.Set(t.Add(10 * time.Hour))
}

// runDays runs the timers once on every day from..to (inclusive) and
// returns what fired, as "day kind action" lines per application.
func (e *env) runDays(from, to string) map[string][]string {
	e.t.Helper()
	out := map[string][]string{}
	d, _ := time.Parse(time.DateOnly, from)
	end, _ := time.Parse(time.DateOnly, to)
	for ; !d.After(end); d = d.AddDate(0, 0, 1) {
		e.at(d.Format(time.DateOnly))
		fired, err := e.svc.RunTimers(e.as("h1.office", "get-application"))
		if err != nil {
			e.t.Fatal(err)
		}
		for _, f := range fired {
			out[f.ApplicationID] = append(out[f.ApplicationID], f.On+" "+f.Kind+" "+f.Action)
		}
		// a second run on the same day fires nothing again
		again, err := e.svc.RunTimers(e.as("h1.office", "get-application"))
		if err != nil || len(again) != 0 {
			e.t.Fatalf("second run on %s fired %v (%v)", d.Format(time.DateOnly), again, err)
		}
	}
	return out
}

func (e *env) forwarded(id int64) string {
	e.t.Helper()
	d := e.draft(id)
	e.must(e.do("h1.doctor", d.ID, specialcase.SendToOffice, "", ""))
	e.must(e.do("h1.office", d.ID, specialcase.Forward, "", ""))
	return d.ID
}

func (e *env) status(id string) (specialcase.Status, bool) {
	d, err := e.svc.Get(e.as("h1.office", "get-application"), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return d.Status, d.Escalated
}

func TestDeadlinesCountWorkingDaysAcrossTheSpringFestival(t *testing.T) {
	e := newEnv(t, 0)
	cases := e.importCases(e.h1, 30, time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC))
	e.rules.change(func(s *settings.Settings) {
		s.Window = settings.Window{Kind: settings.WindowAnyTime}
		s.Quota.Basis, s.Quota.Rate = settings.BasisCustom, decimal.NewFromInt(1)
	})
	// Thursday 2026-02-12, the last days before the holiday (15–23 February
	// off, Saturday 14 and Saturday 28 worked)
	e.at("2026-02-12")
	withdrawn, escalated, idle := e.forwarded(cases[0]), e.forwarded(cases[1]), e.forwarded(cases[2])
	e.must(e.do("bureau.reviewer", withdrawn, specialcase.RequestInfo, "missing_records", ""))
	e.rules.change(func(s *settings.Settings) { s.Deadlines.InfoExpiry = settings.ExpiryEscalate })
	e.must(e.do("bureau.reviewer", escalated, specialcase.RequestInfo, "missing_fee_detail", ""))
	e.rules.change(func(s *settings.Settings) { s.Deadlines.InfoExpiry = settings.ExpiryWithdraw })

	d, _ := e.svc.Get(e.as("h1.office", "get-application"), withdrawn)
	ir := d.InfoRequests[0]
	// 13 Feb (1), Sat 14 Feb worked (2), 24 (3), 25 (4), 26 (5)
	if ir.DueOn != "2026-02-26" || ir.RemindOn != "2026-02-24" {
		t.Fatalf("due %s, reminder %s; want 2026-02-26 and 2026-02-24", ir.DueOn, ir.RemindOn)
	}
	d, _ = e.svc.Get(e.as("h1.office", "get-application"), idle)
	// ten working days: 13, 14, 24, 25, 26, 27, Sat 28 (worked), 2, 3, 4 March
	if d.IntakeDue == nil || *d.IntakeDue != "2026-03-04" {
		t.Fatalf("intake due %v, want 2026-03-04", d.IntakeDue)
	}
	e.rules.change(func(s *settings.Settings) { s.Deadlines.InfoExpiry = settings.ExpiryWithdraw })
	fired := e.runDays("2026-02-13", "2026-03-06")
	// the escalating request's expiry follows the setting in force when it fires
	want := map[string]string{
		withdrawn: "2026-02-24 info_reminder reminded|2026-02-27 info_expiry withdraw",
		escalated: "2026-02-24 info_reminder reminded|2026-02-27 info_expiry withdraw",
		idle:      "2026-03-05 intake_overdue escalate",
	}
	for id, w := range want {
		if got := strings.Join(fired[id], "|"); got != w {
			t.Errorf("%s fired %q, want %q", id[:8], got, w)
		}
	}
	if st, _ := e.status(withdrawn); st != specialcase.Withdrawn {
		t.Errorf("after expiry: %s", st)
	}
	if st, esc := e.status(idle); st != specialcase.Submitted || !esc {
		t.Errorf("overdue intake: %s escalated=%v", st, esc)
	}
}

func TestExpiryEscalatesAcrossNationalDayWhenSetSo(t *testing.T) {
	e := newEnv(t, 0)
	cases := e.importCases(e.h1, 30, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 9, 20, 0, 0, 0, 0, time.UTC))
	e.rules.change(func(s *settings.Settings) {
		s.Window = settings.Window{Kind: settings.WindowAnyTime}
		s.Quota.Basis, s.Quota.Rate = settings.BasisCustom, decimal.NewFromInt(1)
		s.Deadlines.InfoExpiry = settings.ExpiryEscalate
	})
	// Wednesday 30 September; 1–7 October off, Saturday 10 October worked
	e.at("2026-09-30")
	id := e.forwarded(cases[0])
	e.must(e.do("bureau.reviewer", id, specialcase.RequestInfo, "unclear_justification", "请说明"))
	d, _ := e.svc.Get(e.as("h1.office", "get-application"), id)
	// 8 (1), 9 (2), Sat 10 worked (3), 12 (4), 13 (5); reminder on the worked Saturday
	if ir := d.InfoRequests[0]; ir.DueOn != "2026-10-13" || ir.RemindOn != "2026-10-10" {
		t.Fatalf("due %s, reminder %s", ir.DueOn, ir.RemindOn)
	}
	fired := e.runDays("2026-10-01", "2026-10-16")
	var days []string
	for _, f := range fired[id] {
		days = append(days, f)
	}
	sort.Strings(days)
	if got := strings.Join(days, "|"); got != "2026-10-10 info_reminder reminded|2026-10-14 info_expiry escalate" {
		t.Fatalf("fired %q", got)
	}
	if st, esc := e.status(id); st != specialcase.ReturnedForInfo || !esc {
		t.Errorf("after expiry with escalation: %s escalated=%v", st, esc)
	}
	// an answered request fires nothing more
	e.at("2026-10-15")
	e.must(e.do("h1.doctor", id, specialcase.Reply, "", "补充说明"))
	if rest := e.runDays("2026-10-16", "2026-10-20"); len(rest[id]) != 0 {
		t.Errorf("after the reply: %v", rest[id])
	}
	fmt.Sprint()
}
