package settings

import (
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/platform/calendar"
)

func day(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestCapIsFloorOfExactDecimal(t *testing.T) {
	cases := []struct {
		basis, rate string
		discharges  int
		want        int
	}{
		{BasisDRG5pct, "0.05", 1000, 50},
		{BasisDRG5pct, "0.05", 19, 0}, // 0.95
		{BasisDRG5pct, "0.05", 20, 1},
		{BasisDRG5pct, "0.05", 39, 1}, // 1.95
		{BasisDRG5pct, "0.05", 0, 0},
		{BasisDRG5pct, "0.05", -5, 0},
		{BasisDIP5permille, "0.005", 199, 0},
		{BasisDIP5permille, "0.005", 200, 1},
		{BasisDIP5permille, "0.005", 12345, 61}, // 61.725
		{BasisCustom, "0.29", 100, 29},          // float64 would give 28.999999999999996
		{BasisCustom, "0.07", 100, 7},
		{BasisCustom, "1", 7, 7},
		{BasisCustom, "0.005", 3_000_000, 15000},
	}
	for _, tc := range cases {
		q := Quota{Basis: tc.basis, Rate: dec(tc.rate)}
		if got := q.Cap(tc.discharges); got != tc.want {
			t.Errorf("Cap(%s × %d) = %d, want %d", tc.rate, tc.discharges, got, tc.want)
		}
	}
	if got := (Quota{}).Cap(100); got != 0 {
		t.Errorf("a zero rate caps at %d, want 0", got)
	}
}

func TestQuotaLevelAndReplacement(t *testing.T) {
	q := Default().Quota
	cases := []struct {
		used, cap int
		want      string
	}{
		{0, 10, LevelOK}, {7, 10, LevelOK}, {8, 10, LevelWarn}, {9, 10, LevelWarn},
		{10, 10, LevelFull}, {11, 10, LevelFull}, {0, 0, LevelFull}, {0, 1, LevelOK},
		{3, 4, LevelOK}, {4, 5, LevelWarn}, // 3 < 3.2; 4 ≥ 4.0
	}
	for _, tc := range cases {
		if got := q.Level(tc.used, tc.cap); got != tc.want {
			t.Errorf("Level(%d of %d) = %s, want %s", tc.used, tc.cap, got, tc.want)
		}
	}
	for apps, want := range map[int]int{10: 2, 4: 0, 5: 1, 0: 0, 99: 19} {
		if got := q.ReplaceCap(apps); got != want {
			t.Errorf("ReplaceCap(%d) = %d, want %d", apps, got, want)
		}
	}
	q.ReplaceShare = decimal.Zero
	if got := q.ReplaceCap(100); got != 0 {
		t.Errorf("replacement off: %d, want 0", got)
	}
}

func TestPeriodOf(t *testing.T) {
	cases := []struct {
		period, d, from, to string
	}{
		{PeriodMonth, "2026-02-15", "2026-02-01", "2026-03-01"},
		{PeriodMonth, "2026-12-31", "2026-12-01", "2027-01-01"},
		{PeriodMonth, "2026-01-01", "2026-01-01", "2026-02-01"},
		{PeriodQuarter, "2026-11-05", "2026-10-01", "2027-01-01"},
		{PeriodQuarter, "2026-03-31", "2026-01-01", "2026-04-01"},
		{PeriodQuarter, "2026-04-01", "2026-04-01", "2026-07-01"},
		{PeriodQuarter, "2026-09-30", "2026-07-01", "2026-10-01"},
		{PeriodYear, "2026-07-04", "2026-01-01", "2027-01-01"},
		{"", "2026-05-05", "2026-04-01", "2026-07-01"}, // unknown → quarter
	}
	for _, tc := range cases {
		from, to := Quota{Period: tc.period}.PeriodOf(day(tc.d))
		if from != day(tc.from) || to != day(tc.to) {
			t.Errorf("%s PeriodOf(%s) = [%s, %s), want [%s, %s)", tc.period, tc.d, from, to, tc.from, tc.to)
		}
	}
}

func TestWindowCheck(t *testing.T) {
	cal := calendar.Shipped()
	q15 := Window{Kind: WindowQuarterly, Workdays: 15}
	q10 := Window{Kind: WindowQuarterly, Workdays: 10}
	a15 := Window{Kind: WindowAfterDischarge, Workdays: 15}
	a5 := Window{Kind: WindowAfterDischarge, Workdays: 5}
	cases := []struct {
		name              string
		w                 Window
		today, discharged string
		open              bool
		opens, closes     string
		reason            string
	}{
		// Q4 2025 discharges: Q1 2026 opens on Sunday 4 Jan (元旦 1–3 Jan off, the 4th a working Sunday).
		{"q before the quarter", q15, "2025-12-31", "2025-11-20", false, "2026-01-04", "2026-01-22", ReasonNotYetOpen},
		{"q on New Year holiday", q15, "2026-01-03", "2025-11-20", false, "2026-01-04", "2026-01-22", ReasonNotYetOpen},
		{"q adjusted Sunday opens", q15, "2026-01-04", "2025-11-20", true, "2026-01-04", "2026-01-22", ""},
		{"q last day", q15, "2026-01-22", "2025-12-31", true, "2026-01-04", "2026-01-22", ""},
		{"q day after", q15, "2026-01-23", "2025-10-01", false, "2026-01-04", "2026-01-22", ReasonClosed},
		{"q during the discharge quarter", q15, "2025-12-01", "2025-10-01", false, "2026-01-04", "2026-01-22", ReasonNotYetOpen},
		// Q1 2026 discharges (Spring Festival in Feb): Q2 from Wed 1 Apr, 清明 4–6 Apr.
		{"q Q1 over Spring Festival", q15, "2026-02-20", "2026-01-10", false, "2026-04-01", "2026-04-22", ReasonNotYetOpen},
		{"q Q2 window", q15, "2026-04-22", "2026-03-31", true, "2026-04-01", "2026-04-22", ""},
		{"q on 清明", q15, "2026-04-05", "2026-02-20", true, "2026-04-01", "2026-04-22", ""},
		// Q3 2026 discharges: Q4 opens after 国庆 on 8 Oct, Saturday 10 Oct works.
		{"q National Day", q15, "2026-10-07", "2026-07-15", false, "2026-10-08", "2026-10-27", ReasonNotYetOpen},
		{"q first after National Day", q15, "2026-10-08", "2026-07-15", true, "2026-10-08", "2026-10-27", ""},
		{"q N=15 last", q15, "2026-10-27", "2026-09-30", true, "2026-10-08", "2026-10-27", ""},
		{"q N=15 closed", q15, "2026-10-28", "2026-09-30", false, "2026-10-08", "2026-10-27", ReasonClosed},
		{"q N=10 last", q10, "2026-10-20", "2026-08-01", true, "2026-10-08", "2026-10-20", ""},
		{"q N=10 closed", q10, "2026-10-21", "2026-08-01", false, "2026-10-08", "2026-10-20", ReasonClosed},
		// After discharge over the Spring Festival: 14 Feb and 28 Feb are working Saturdays, 15–23 Feb off.
		{"a Spring Festival last", a15, "2026-03-09", "2026-02-10", true, "2026-02-10", "2026-03-09", ""},
		{"a Spring Festival closed", a15, "2026-03-10", "2026-02-10", false, "2026-02-10", "2026-03-09", ReasonClosed},
		{"a discharge day", a15, "2026-02-10", "2026-02-10", true, "2026-02-10", "2026-03-09", ""},
		{"a before discharge", a15, "2026-02-09", "2026-02-10", false, "2026-02-10", "2026-03-09", ReasonNotYetOpen},
		{"a on holiday within", a15, "2026-02-18", "2026-02-10", true, "2026-02-10", "2026-03-09", ""},
		// After discharge over National Day: 10 Oct (Saturday) is the 5th working day.
		{"a National Day", a5, "2026-10-10", "2026-09-28", true, "2026-09-28", "2026-10-10", ""},
		{"a National Day closed", a5, "2026-10-11", "2026-09-28", false, "2026-09-28", "2026-10-10", ReasonClosed},
		{"a 中秋", Window{Kind: WindowAfterDischarge, Workdays: 3}, "2026-10-01", "2026-09-24", false, "2026-09-24", "2026-09-30", ReasonClosed},
		{"any time", Window{Kind: WindowAnyTime}, "2030-01-01", "2026-02-10", true, "2026-02-10", "0000-00-00", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.w.Check(cal, day(tc.today), day(tc.discharged))
			if err != nil {
				t.Fatal(err)
			}
			wantCloses := calendar.Date{}
			if tc.closes != "0000-00-00" {
				wantCloses = day(tc.closes)
			}
			if got.Open != tc.open || got.Opens != day(tc.opens) || got.Closes != wantCloses || got.Reason != tc.reason {
				t.Errorf("Check(today %s, discharged %s) = %+v, want open=%v %s–%s %q", tc.today, tc.discharged, got, tc.open, tc.opens, tc.closes, tc.reason)
			}
		})
	}
}

func TestWindowCheckErrors(t *testing.T) {
	cal := calendar.Shipped()
	// Q4 2026 discharges open in 2027, which is not loaded.
	_, err := Window{Kind: WindowQuarterly, Workdays: 15}.Check(cal, day("2026-12-01"), day("2026-11-01"))
	if !errors.Is(err, calendar.ErrUnknownYear) {
		t.Errorf("a window in an unloaded year: %v, want ErrUnknownYear", err)
	}
	_, err = Window{Kind: WindowAfterDischarge, Workdays: 15}.Check(cal, day("2026-12-01"), day("2026-12-28"))
	if !errors.Is(err, calendar.ErrUnknownYear) {
		t.Errorf("after discharge into 2027: %v, want ErrUnknownYear", err)
	}
	for _, w := range []Window{{Kind: "weekly", Workdays: 5}, {Kind: WindowQuarterly}, {Kind: WindowAfterDischarge, Workdays: -1}} {
		if _, err := w.Check(cal, day("2026-05-01"), day("2026-03-01")); err == nil {
			t.Errorf("%+v accepted", w)
		}
	}
}

func TestDeadlinesCountWorkingDays(t *testing.T) {
	cal := calendar.Shipped()
	dl := Default().Deadlines
	cases := []struct{ asked, due, remind string }{
		{"2026-02-12", "2026-02-26", "2026-02-24"}, // 13 Feb, Sat 14 Feb, then 24–26 after 春节
		{"2026-02-13", "2026-02-27", "2026-02-25"},
		{"2026-02-10", "2026-02-24", "2026-02-13"}, // reminder before the holiday: 14 Feb (Sat) then 13 Feb
		{"2026-09-29", "2026-10-12", "2026-10-09"}, // 30 Sep, 8, 9, Sat 10, Mon 12 Oct
		{"2026-09-24", "2026-10-09", "2026-09-30"}, // 中秋 25–27 Sep: 28, 29, 30 Sep, 8, 9 Oct; reminder on 30 Sep
	}
	for _, tc := range cases {
		due, remind, err := dl.InfoDue(cal, day(tc.asked))
		if err != nil {
			t.Fatal(err)
		}
		if due != day(tc.due) || remind != day(tc.remind) {
			t.Errorf("InfoDue(%s) = due %s remind %s, want %s, %s", tc.asked, due, remind, tc.due, tc.remind)
		}
	}
	dl0 := dl
	dl0.ReminderWorkdaysBefore = 0
	if due, remind, _ := dl0.InfoDue(cal, day("2026-02-12")); remind != due {
		t.Errorf("reminder 0 days before: %s, want the due day %s", remind, due)
	}
	dlLong := Deadlines{InfoDueWorkdays: 1, ReminderWorkdaysBefore: 3}
	if _, remind, _ := dlLong.InfoDue(cal, day("2026-10-09")); remind != day("2026-10-09") {
		t.Errorf("a reminder never precedes the request: %s", remind)
	}
	if got, err := dl.IntakeDue(cal, day("2026-09-21")); err != nil || got != day("2026-10-12") {
		t.Errorf("IntakeDue across 中秋 and 国庆: %s %v, want 2026-10-12", got, err)
	}
	// 12, 13, Sat 14, 24, 25, 26, 27, Sat 28 Feb, Mon 2, Tue 3 Mar.
	if got, err := dl.IntakeDue(cal, day("2026-02-11")); err != nil || got != day("2026-03-03") {
		t.Errorf("IntakeDue across 春节: %s %v, want 2026-03-03", got, err)
	}
	if _, _, err := dl.InfoDue(cal, day("2026-12-28")); !errors.Is(err, calendar.ErrUnknownYear) {
		t.Errorf("a deadline into 2027: %v, want ErrUnknownYear", err)
	}
}

func TestSubWorkdays(t *testing.T) {
	cal := calendar.Shipped()
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2026-02-24", 1, "2026-02-14"}, // back over 春节 to the working Saturday
		{"2026-02-24", 2, "2026-02-13"},
		{"2026-10-08", 1, "2026-09-30"},
		{"2026-10-12", 1, "2026-10-10"}, // the working Saturday
		{"2026-09-21", 1, "2026-09-20"}, // the working Sunday before 国庆
		{"2026-03-02", 0, "2026-03-02"},
	}
	for _, tc := range cases {
		got, err := SubWorkdays(cal, day(tc.from), tc.n)
		if err != nil || got != day(tc.want) {
			t.Errorf("SubWorkdays(%s, %d) = %s %v, want %s", tc.from, tc.n, got, err, tc.want)
		}
	}
	if _, err := SubWorkdays(cal, day("2026-03-02"), -1); err == nil {
		t.Error("negative accepted")
	}
	if _, err := SubWorkdays(cal, day("2025-01-02"), 3); !errors.Is(err, calendar.ErrUnknownYear) {
		t.Errorf("back into 2024: %v", err)
	}
}

func TestDefault(t *testing.T) {
	s := Default()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.Quota.Basis != BasisDRG5pct || !s.Quota.Rate.Equal(dec("0.05")) || s.Quota.Scope != ScopeRegion || s.Quota.Period != PeriodQuarter ||
		!s.Quota.ReplaceShare.Equal(dec("0.2")) || !s.Quota.WarnAt.Equal(dec("0.8")) {
		t.Errorf("quota %+v", s.Quota)
	}
	if s.Window != (Window{Kind: WindowQuarterly, Workdays: 15}) {
		t.Errorf("window %+v", s.Window)
	}
	if s.Deadlines != (Deadlines{5, 2, ExpiryWithdraw, 10}) {
		t.Errorf("deadlines %+v", s.Deadlines)
	}
	if s.Version != 0 || s.EffectiveFrom != (calendar.Date{}) {
		t.Errorf("default version %d from %s", s.Version, s.EffectiveFrom)
	}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name   string
		edit   func(*Settings)
		fields []string // empty = valid
	}{
		{"default", func(*Settings) {}, nil},
		{"DIP", func(s *Settings) { s.Quota.Basis, s.Quota.Rate = BasisDIP5permille, dec("0.005") }, nil},
		{"DIP with DRG rate", func(s *Settings) { s.Quota.Basis = BasisDIP5permille }, []string{"quota.rate"}},
		{"DRG with another rate", func(s *Settings) { s.Quota.Rate = dec("0.04") }, []string{"quota.rate"}},
		{"DRG rate written 0.050", func(s *Settings) { s.Quota.Rate = dec("0.050") }, nil},
		{"custom Zhejiang", func(s *Settings) { s.Quota.Basis, s.Quota.Rate = BasisCustom, dec("0.005") }, nil},
		{"custom 1", func(s *Settings) { s.Quota.Basis, s.Quota.Rate = BasisCustom, dec("1") }, nil},
		{"custom 0", func(s *Settings) { s.Quota.Basis, s.Quota.Rate = BasisCustom, decimal.Zero }, []string{"quota.rate"}},
		{"custom negative", func(s *Settings) { s.Quota.Basis, s.Quota.Rate = BasisCustom, dec("-0.1") }, []string{"quota.rate"}},
		{"custom over 1", func(s *Settings) { s.Quota.Basis, s.Quota.Rate = BasisCustom, dec("1.5") }, []string{"quota.rate"}},
		{"custom too precise", func(s *Settings) { s.Quota.Basis, s.Quota.Rate = BasisCustom, dec("0.0000001") }, []string{"quota.rate"}},
		{"unknown basis", func(s *Settings) { s.Quota.Basis = "DRG_10pct" }, []string{"quota.basis"}},
		{"hospital scope", func(s *Settings) { s.Quota.Scope = ScopeHospital }, nil},
		{"bad scope", func(s *Settings) { s.Quota.Scope = "province" }, []string{"quota.scope"}},
		{"month", func(s *Settings) { s.Quota.Period = PeriodMonth }, nil},
		{"year", func(s *Settings) { s.Quota.Period = PeriodYear }, nil},
		{"bad period", func(s *Settings) { s.Quota.Period = "week" }, []string{"quota.period"}},
		{"replacement off", func(s *Settings) { s.Quota.ReplaceShare = decimal.Zero }, nil},
		{"replacement negative", func(s *Settings) { s.Quota.ReplaceShare = dec("-0.2") }, []string{"quota.replace_share"}},
		{"replacement over 1", func(s *Settings) { s.Quota.ReplaceShare = dec("1.2") }, []string{"quota.replace_share"}},
		{"warn 0", func(s *Settings) { s.Quota.WarnAt = decimal.Zero }, []string{"quota.warn_at"}},
		{"warn 1", func(s *Settings) { s.Quota.WarnAt = one }, nil},
		{"warn over 1", func(s *Settings) { s.Quota.WarnAt = dec("1.01") }, []string{"quota.warn_at"}},
		{"window 10", func(s *Settings) { s.Window.Workdays = 10 }, nil},
		{"window 0", func(s *Settings) { s.Window.Workdays = 0 }, []string{"window.workdays"}},
		{"window too long", func(s *Settings) { s.Window.Workdays = MaxWindowWorkdays + 1 }, []string{"window.workdays"}},
		{"after discharge", func(s *Settings) { s.Window = Window{WindowAfterDischarge, 15} }, nil},
		{"after discharge 0", func(s *Settings) { s.Window = Window{WindowAfterDischarge, 0} }, []string{"window.workdays"}},
		{"any time without N", func(s *Settings) { s.Window = Window{WindowAnyTime, 0} }, nil},
		{"any time negative", func(s *Settings) { s.Window = Window{WindowAnyTime, -1} }, []string{"window.workdays"}},
		{"bad window", func(s *Settings) { s.Window.Kind = "monthly" }, []string{"window.kind"}},
		{"info due 0", func(s *Settings) { s.Deadlines.InfoDueWorkdays = 0 }, []string{"deadlines.info_due_workdays"}},
		{"info due too long", func(s *Settings) { s.Deadlines.InfoDueWorkdays = MaxInfoDue + 1 }, []string{"deadlines.info_due_workdays"}},
		{"reminder = due", func(s *Settings) { s.Deadlines.ReminderWorkdaysBefore = 5 }, []string{"deadlines.reminder_workdays_before"}},
		{"reminder negative", func(s *Settings) { s.Deadlines.ReminderWorkdaysBefore = -1 }, []string{"deadlines.reminder_workdays_before"}},
		{"reminder 0", func(s *Settings) { s.Deadlines.ReminderWorkdaysBefore = 0 }, nil},
		{"escalate", func(s *Settings) { s.Deadlines.InfoExpiry = ExpiryEscalate }, nil},
		{"bad expiry", func(s *Settings) { s.Deadlines.InfoExpiry = "delete" }, []string{"deadlines.info_expiry"}},
		{"intake 0", func(s *Settings) { s.Deadlines.IntakeSLAWorkdays = 0 }, []string{"deadlines.intake_sla_workdays"}},
		{"intake too long", func(s *Settings) { s.Deadlines.IntakeSLAWorkdays = MaxIntakeSLA + 1 }, []string{"deadlines.intake_sla_workdays"}},
		{"everything wrong at once", func(s *Settings) { *s = Settings{} }, []string{
			"deadlines.info_due_workdays", "deadlines.info_expiry", "deadlines.intake_sla_workdays",
			"quota.basis", "quota.period", "quota.scope", "quota.warn_at",
			"review.accept_workdays", "review.appeal_workdays", "review.cadence", "review.deduction_basis", "review.panel_size",
			"review.tie_form", "review.vote_workdays", "window.kind"}},
		{"even panel", func(s *Settings) { s.Review.PanelSize = 4 }, []string{"review.panel_size"}},
		{"panel of one", func(s *Settings) { s.Review.PanelSize = 1 }, []string{"review.panel_size"}},
		{"bad cadence and tie", func(s *Settings) { s.Review.Cadence, s.Review.TieForm = "weekly", "REJECT" },
			[]string{"review.cadence", "review.tie_form"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := Default()
			tc.edit(&s)
			err := s.Validate()
			if len(tc.fields) == 0 {
				if err != nil {
					t.Fatalf("valid settings refused: %v", err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("got %v, want a ValidationError on %v", err, tc.fields)
			}
			var got []string
			for _, f := range ve.Fields {
				got = append(got, f.Field)
				if f.Message == "" {
					t.Errorf("%s without a message", f.Field)
				}
			}
			sort.Strings(got)
			if strings.Join(got, ",") != strings.Join(tc.fields, ",") {
				t.Errorf("fields %v, want %v", got, tc.fields)
			}
		})
	}
}
