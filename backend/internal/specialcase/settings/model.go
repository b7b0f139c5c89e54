// Package settings holds a region's special-case (特例单议) settings — the
// quota (限额), the application window and the working-day deadlines — and
// the region's working-day calendar (domain.md §1.3, §1.4).
//
// This file is pure: the rules and their validation, no database. The
// service (service.go) stores the settings versioned per region with an
// effective date, and the per-year calendar replacements an administrator
// makes.
package settings

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/platform/calendar"
)

// Quota bases.
const (
	BasisDRG5pct      = "DRG_5pct"      // national: ≤ 5 % of the region's DRG discharges
	BasisDIP5permille = "DIP_5permille" // national: ≤ 5 ‰ of the region's DIP discharges
	BasisCustom       = "custom"        // a local rate, e.g. Zhejiang's 5 ‰ of DRG discharges
)

// Quota scopes: the cap counts the region's discharges and applications as
// a whole, or each hospital's own.
const (
	ScopeRegion   = "region"
	ScopeHospital = "hospital"
)

// Quota periods.
const (
	PeriodMonth   = "month"
	PeriodQuarter = "quarter"
	PeriodYear    = "year"
)

// Window kinds.
const (
	WindowQuarterly      = "quarterly_first_workdays" // first N working days of the next quarter
	WindowAfterDischarge = "after_discharge_workdays" // within N working days after discharge
	WindowAnyTime        = "any_time"
)

// Window refusal reasons.
const (
	ReasonNotYetOpen = "not_yet_open"
	ReasonClosed     = "closed"
)

// What happens when an information request (补正材料) expires unanswered.
const (
	ExpiryWithdraw = "withdraw"
	ExpiryEscalate = "escalate"
)

// Quota levels returned by Quota.Level.
const (
	LevelOK   = "ok"
	LevelWarn = "warn" // at or above WarnAt of the cap
	LevelFull = "full" // the cap is reached: a new application is refused
)

// Limits of the numeric settings (validation).
const (
	MaxWindowWorkdays = 60  // about one quarter's working days
	MaxInfoDue        = 60  // working days
	MaxIntakeSLA      = 120 // working days
)

var (
	rateDRG = decimal.RequireFromString("0.05")
	rateDIP = decimal.RequireFromString("0.005")
	one     = decimal.NewFromInt(1)
)

// BasisRate is the fixed rate of a named basis (false for custom or an
// unknown basis).
func BasisRate(basis string) (decimal.Decimal, bool) {
	switch basis {
	case BasisDRG5pct:
		return rateDRG, true
	case BasisDIP5permille:
		return rateDIP, true
	}
	return decimal.Zero, false
}

// Quota is the cap on special-case applications (domain.md §1.3).
type Quota struct {
	Basis  string          `json:"basis"`  // BasisDRG5pct | BasisDIP5permille | BasisCustom
	Rate   decimal.Decimal `json:"rate"`   // 0.05, 0.005 or the custom rate (0 < rate ≤ 1)
	Scope  string          `json:"scope"`  // ScopeRegion | ScopeHospital
	Period string          `json:"period"` // PeriodMonth | PeriodQuarter | PeriodYear
	// ReplaceShare is the Zhejiang rule: the share of a hospital's
	// applications it may replace before annual clearance (0.20); 0 = off.
	ReplaceShare decimal.Decimal `json:"replace_share"`
	// WarnAt is the share of the cap from which the gauge warns (0.80).
	WarnAt decimal.Decimal `json:"warn_at"`
}

// Cap is floor(rate × discharges), computed exactly in decimal; 0 for no
// (or a negative number of) discharges.
func (q Quota) Cap(discharges int) int {
	if discharges <= 0 || q.Rate.Sign() <= 0 {
		return 0
	}
	return int(q.Rate.Mul(decimal.NewFromInt(int64(discharges))).Floor().IntPart())
}

// Level tells the gauge's state for used applications against a cap:
// LevelFull when used ≥ cap (a cap of 0 is always full), LevelWarn when
// used ≥ WarnAt × cap, else LevelOK.
func (q Quota) Level(used, cap int) string {
	if used >= cap {
		return LevelFull
	}
	if q.WarnAt.Sign() > 0 && decimal.NewFromInt(int64(used)).GreaterThanOrEqual(q.WarnAt.Mul(decimal.NewFromInt(int64(cap)))) {
		return LevelWarn
	}
	return LevelOK
}

// ReplaceCap is how many of a hospital's applications it may replace
// before annual clearance: floor(ReplaceShare × applications); 0 when the
// rule is off.
func (q Quota) ReplaceCap(applications int) int {
	if applications <= 0 || q.ReplaceShare.Sign() <= 0 {
		return 0
	}
	return int(q.ReplaceShare.Mul(decimal.NewFromInt(int64(applications))).Floor().IntPart())
}

// PeriodOf is the quota period containing d: [from, to) — to is the first
// day of the next period. An unknown period is treated as a quarter.
func (q Quota) PeriodOf(d calendar.Date) (from, to calendar.Date) {
	switch q.Period {
	case PeriodMonth:
		from = calendar.Date{Year: d.Year, Month: d.Month, Day: 1}
		return from, addMonths(from, 1)
	case PeriodYear:
		from = calendar.Date{Year: d.Year, Month: time.January, Day: 1}
		return from, calendar.Date{Year: d.Year + 1, Month: time.January, Day: 1}
	}
	from = quarterStart(d)
	return from, addMonths(from, 3)
}

func quarterStart(d calendar.Date) calendar.Date {
	m := time.Month((int(d.Month)-1)/3*3 + 1)
	return calendar.Date{Year: d.Year, Month: m, Day: 1}
}

// addMonths moves a first-of-month date by n months.
func addMonths(first calendar.Date, n int) calendar.Date {
	m := int(first.Month) - 1 + n
	y := first.Year + m/12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	return calendar.Date{Year: y, Month: time.Month(m + 1), Day: 1}
}

// Window is when a hospital may submit an application for a discharge.
type Window struct {
	Kind     string `json:"kind"`     // WindowQuarterly | WindowAfterDischarge | WindowAnyTime
	Workdays int    `json:"workdays"` // N, default 15 (ignored for any_time)
}

// WindowDecision is the answer of Window.Check.
type WindowDecision struct {
	Open bool
	// Opens and Closes are the first and the last day (inclusive) of the
	// window that applies to this discharge; Closes is the zero Date for
	// any_time (no end).
	Opens, Closes calendar.Date
	Reason        string // ReasonNotYetOpen | ReasonClosed | "" when open
}

// Check decides whether an application for a case discharged on
// discharged may be submitted on today.
//
//   - quarterly_first_workdays: a case discharged in quarter Q may be
//     submitted during the first N working days of quarter Q+1 (Opens is
//     the first working day on or after the quarter's first day, Closes the
//     N-th); before → not_yet_open, after → closed.
//   - after_discharge_workdays: from the discharge day up to and including
//     the N-th working day after it (the discharge day not counted).
//   - any_time: always open, from the discharge day.
//
// Counting into a year the calendar has no arrangement for returns an
// error wrapping calendar.ErrUnknownYear: the bureau must load that year.
func (w Window) Check(cal *calendar.Calendar, today, discharged calendar.Date) (WindowDecision, error) {
	var dec WindowDecision
	switch w.Kind {
	case WindowAnyTime:
		return WindowDecision{Open: true, Opens: discharged}, nil
	case WindowQuarterly:
		if w.Workdays < 1 {
			return dec, fmt.Errorf("settings: the window needs at least one working day, has %d", w.Workdays)
		}
		next := addMonths(quarterStart(discharged), 3)
		first, last, err := cal.FirstWorkdays(next, w.Workdays)
		if err != nil {
			return dec, fmt.Errorf("settings: window for the discharges of %s: %w", quarterLabel(discharged), err)
		}
		dec.Opens, dec.Closes = first, last
	case WindowAfterDischarge:
		if w.Workdays < 1 {
			return dec, fmt.Errorf("settings: the window needs at least one working day, has %d", w.Workdays)
		}
		last, err := cal.AddWorkdays(discharged, w.Workdays)
		if err != nil {
			return dec, fmt.Errorf("settings: window after the discharge on %s: %w", discharged, err)
		}
		dec.Opens, dec.Closes = discharged, last
	default:
		return dec, fmt.Errorf("settings: unknown window kind %q", w.Kind)
	}
	switch {
	case today.Before(dec.Opens):
		dec.Reason = ReasonNotYetOpen
	case dec.Closes.Before(today):
		dec.Reason = ReasonClosed
	default:
		dec.Open = true
	}
	return dec, nil
}

func quarterLabel(d calendar.Date) string {
	return fmt.Sprintf("%d Q%d", d.Year, (int(d.Month)-1)/3+1)
}

// Deadlines are the working-day service levels of the process.
type Deadlines struct {
	// InfoDueWorkdays: an information request is due this many working
	// days after it is made (5).
	InfoDueWorkdays int `json:"info_due_workdays"`
	// ReminderWorkdaysBefore: the hospital is reminded this many working
	// days before the due day (2); 0 = on the due day itself.
	ReminderWorkdaysBefore int `json:"reminder_workdays_before"`
	// InfoExpiry: ExpiryWithdraw or ExpiryEscalate when the due day passes.
	InfoExpiry string `json:"info_expiry"`
	// IntakeSLAWorkdays: the bureau's intake decides within this many
	// working days of submission (10); later ones are flagged overdue.
	IntakeSLAWorkdays int `json:"intake_sla_workdays"`
}

// InfoDue is the due day of an information request made on asked, and the
// day its reminder is sent (the working day ReminderWorkdaysBefore working
// days before due, never before asked).
func (d Deadlines) InfoDue(cal *calendar.Calendar, asked calendar.Date) (due, remind calendar.Date, err error) {
	due, err = cal.AddWorkdays(asked, d.InfoDueWorkdays)
	if err != nil {
		return due, remind, err
	}
	remind, err = SubWorkdays(cal, due, d.ReminderWorkdaysBefore)
	if err != nil {
		return due, remind, err
	}
	if remind.Before(asked) {
		remind = asked
	}
	return due, remind, nil
}

// IntakeDue is the last day of the bureau's intake service level for an
// application submitted on submitted.
func (d Deadlines) IntakeDue(cal *calendar.Calendar, submitted calendar.Date) (calendar.Date, error) {
	return cal.AddWorkdays(submitted, d.IntakeSLAWorkdays)
}

// SubWorkdays returns the n-th working day before d (d not counted); d
// itself for n = 0.
func SubWorkdays(cal *calendar.Calendar, d calendar.Date, n int) (calendar.Date, error) {
	if n < 0 {
		return d, errors.New("settings: a negative number of working days")
	}
	for n > 0 {
		d = d.AddDays(-1)
		ok, err := cal.IsWorkday(d)
		if err != nil {
			return d, err
		}
		if ok {
			n--
		}
	}
	return d, nil
}

// Settings is one version of a region's special-case settings.
type Settings struct {
	Quota     Quota     `json:"quota"`
	Window    Window    `json:"window"`
	Deadlines Deadlines `json:"deadlines"`
	// Review is the expert review's settings (package review); versions
	// stored before it existed read as DefaultReview().
	Review Review `json:"review"`
	// Version counts the region's versions from 1; 0 for Default().
	Version int `json:"-"`
	// EffectiveFrom is the first day the version is in force; the zero
	// Date for Default().
	EffectiveFrom calendar.Date `json:"-"`
}

// Default is the template used while a region has set nothing. It follows
// the Zhejiang process of domain.md §1.4 — one cycle per quarter, the
// first 15 working days of the next quarter as the window, the 20 %
// replacement rule before annual clearance — but with the national quota
// DRG_5pct (5 % of the region's DRG discharges, counted for the region as a
// whole, per quarter) instead of Zhejiang's stricter 5 ‰: the national rule
// is the one every region is bound by; a Zhejiang region sets basis custom
// with rate 0.005. Deadlines: information due in 5 working days, reminder 2
// working days before, withdrawal at expiry, intake within 10 working days.
func Default() Settings {
	return Settings{
		Quota: Quota{
			Basis:        BasisDRG5pct,
			Rate:         rateDRG,
			Scope:        ScopeRegion,
			Period:       PeriodQuarter,
			ReplaceShare: decimal.RequireFromString("0.20"),
			WarnAt:       decimal.RequireFromString("0.80"),
		},
		Window:    Window{Kind: WindowQuarterly, Workdays: 15},
		Deadlines: Deadlines{InfoDueWorkdays: 5, ReminderWorkdaysBefore: 2, InfoExpiry: ExpiryWithdraw, IntakeSLAWorkdays: 10},
		Review:    DefaultReview(),
	}
}

// Review cadences (domain.md §1.4: "一般按月或季度").
const (
	CadenceMonthly   = "monthly"
	CadenceQuarterly = "quarterly"
	CadenceSingle    = "single" // one application at a time
)

// Review is how accepted applications are judged by expert panels
// (domain.md §1.4, §8).
type Review struct {
	// Cadence: CadenceQuarterly (default, Zhejiang), CadenceMonthly or
	// CadenceSingle.
	Cadence string `json:"cadence"`
	// PanelSize: odd, 3 to 9 (3: "at least 3 experts at random").
	PanelSize int `json:"panel_size"`
	// AcceptWorkdays: an invited expert accepts or declines within this
	// many working days (2); a missed deadline draws a replacement.
	AcceptWorkdays int `json:"accept_workdays"`
	// VoteWorkdays: the panel votes within this many working days after it
	// is complete (5); a missing vote counts as not agreeing. Experts are
	// reminded one working day before.
	VoteWorkdays int `json:"vote_workdays"`
	// AppealWorkdays: the hospital may appeal within this many working days
	// of the decision (10).
	AppealWorkdays int `json:"appeal_workdays"`
	// CrossReview (交叉评审): only experts attached to another hospital.
	CrossReview bool `json:"cross_review"`
	// Organisation: review delegated to a third-party organisation; only
	// its members are drawn ("" = the bureau's own pool).
	Organisation string `json:"organisation"`
	// TieForm: the form of approval when both forms have as many approving
	// votes: APPROVE_ITEM_BASED (default) or APPROVE_ADJUSTED_STANDARD.
	TieForm string `json:"tie_form"`
	// DeductionBasis: "approvers" (default: a deduction stands when named
	// by more than half of the approving votes) or "form" (of the votes for
	// the decided form).
	DeductionBasis string `json:"deduction_basis"`
}

// DefaultReview: quarterly cycles, panels of 3, 2 working days to accept,
// 5 to vote, 10 to appeal, the region's own pool, ties to item-based.
func DefaultReview() Review {
	return Review{Cadence: CadenceQuarterly, PanelSize: 3, AcceptWorkdays: 2, VoteWorkdays: 5, AppealWorkdays: 10,
		TieForm: "APPROVE_ITEM_BASED", DeductionBasis: "approvers"}
}

// orDefault fills a Review stored before the section existed.
func (r Review) orDefault() Review {
	if r.Cadence == "" && r.PanelSize == 0 {
		return DefaultReview()
	}
	return r
}

func (r Review) validate(fe *fieldErrors) {
	switch r.Cadence {
	case CadenceMonthly, CadenceQuarterly, CadenceSingle:
	default:
		fe.add("review.cadence", "must be monthly, quarterly or single")
	}
	if r.PanelSize < 3 || r.PanelSize > 9 || r.PanelSize%2 == 0 {
		fe.add("review.panel_size", "must be odd, 3 to 9")
	}
	if r.AcceptWorkdays < 1 || r.AcceptWorkdays > 20 {
		fe.add("review.accept_workdays", "must be 1 to 20 working days")
	}
	if r.VoteWorkdays < 1 || r.VoteWorkdays > 30 {
		fe.add("review.vote_workdays", "must be 1 to 30 working days")
	}
	if r.AppealWorkdays < 1 || r.AppealWorkdays > 60 {
		fe.add("review.appeal_workdays", "must be 1 to 60 working days")
	}
	if len(r.Organisation) > 100 {
		fe.add("review.organisation", "at most 100 characters")
	}
	if r.TieForm != "APPROVE_ITEM_BASED" && r.TieForm != "APPROVE_ADJUSTED_STANDARD" {
		fe.add("review.tie_form", "must be APPROVE_ITEM_BASED or APPROVE_ADJUSTED_STANDARD")
	}
	if r.DeductionBasis != "approvers" && r.DeductionBasis != "form" {
		fe.add("review.deduction_basis", "must be approvers or form")
	}
}

// FieldError is one problem with one setting; Field is the JSON path
// ("quota.rate", "window.workdays" …).
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// ValidationError lists every problem at once.
type ValidationError struct{ Fields []FieldError }

func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		parts = append(parts, f.Field+": "+f.Message)
	}
	return "invalid settings: " + strings.Join(parts, "; ")
}

type fieldErrors struct{ list []FieldError }

func (f *fieldErrors) add(field, msg string) {
	f.list = append(f.list, FieldError{Field: field, Message: msg})
}

func (f *fieldErrors) has(field string) bool {
	for _, e := range f.list {
		if e.Field == field {
			return true
		}
	}
	return false
}

func (f *fieldErrors) err() error {
	if len(f.list) == 0 {
		return nil
	}
	return &ValidationError{Fields: f.list}
}

// Validate checks the rules (not Version nor EffectiveFrom, which the
// service sets) and returns a *ValidationError with every field problem.
func (s Settings) Validate() error {
	var fe fieldErrors
	q := s.Quota
	switch q.Basis {
	case BasisDRG5pct, BasisDIP5permille:
		if want, _ := BasisRate(q.Basis); !q.Rate.Equal(want) {
			fe.add("quota.rate", fmt.Sprintf("must be %s for basis %s (choose custom for another rate)", want, q.Basis))
		}
	case BasisCustom:
		if q.Rate.Sign() <= 0 || q.Rate.GreaterThan(one) {
			fe.add("quota.rate", "must be more than 0 and at most 1")
		} else if q.Rate.Exponent() < -6 {
			fe.add("quota.rate", "at most 6 decimal places")
		}
	default:
		fe.add("quota.basis", "must be DRG_5pct, DIP_5permille or custom")
	}
	if q.Scope != ScopeRegion && q.Scope != ScopeHospital {
		fe.add("quota.scope", "must be region or hospital")
	}
	if q.Period != PeriodMonth && q.Period != PeriodQuarter && q.Period != PeriodYear {
		fe.add("quota.period", "must be month, quarter or year")
	}
	if q.ReplaceShare.Sign() < 0 || q.ReplaceShare.GreaterThan(one) {
		fe.add("quota.replace_share", "must be between 0 (off) and 1")
	}
	if q.WarnAt.Sign() <= 0 || q.WarnAt.GreaterThan(one) {
		fe.add("quota.warn_at", "must be more than 0 and at most 1")
	}
	switch s.Window.Kind {
	case WindowQuarterly, WindowAfterDischarge:
		if s.Window.Workdays < 1 || s.Window.Workdays > MaxWindowWorkdays {
			fe.add("window.workdays", fmt.Sprintf("must be 1 to %d working days", MaxWindowWorkdays))
		}
	case WindowAnyTime:
		if s.Window.Workdays < 0 || s.Window.Workdays > MaxWindowWorkdays {
			fe.add("window.workdays", fmt.Sprintf("must be 0 to %d working days", MaxWindowWorkdays))
		}
	default:
		fe.add("window.kind", "must be quarterly_first_workdays, after_discharge_workdays or any_time")
	}
	d := s.Deadlines
	if d.InfoDueWorkdays < 1 || d.InfoDueWorkdays > MaxInfoDue {
		fe.add("deadlines.info_due_workdays", fmt.Sprintf("must be 1 to %d working days", MaxInfoDue))
	}
	if d.ReminderWorkdaysBefore < 0 {
		fe.add("deadlines.reminder_workdays_before", "must not be negative")
	} else if d.InfoDueWorkdays >= 1 && d.ReminderWorkdaysBefore >= d.InfoDueWorkdays {
		fe.add("deadlines.reminder_workdays_before", "must be less than the information due days")
	}
	if d.InfoExpiry != ExpiryWithdraw && d.InfoExpiry != ExpiryEscalate {
		fe.add("deadlines.info_expiry", "must be withdraw or escalate")
	}
	if d.IntakeSLAWorkdays < 1 || d.IntakeSLAWorkdays > MaxIntakeSLA {
		fe.add("deadlines.intake_sla_workdays", fmt.Sprintf("must be 1 to %d working days", MaxIntakeSLA))
	}
	s.Review.validate(&fe)
	return fe.err()
}
