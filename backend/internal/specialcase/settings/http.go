package settings

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/shopspring/decimal"

	"teyi/backend/internal/platform/calendar"
)

// Routes registers the settings and calendar operations.
func (s *Service) Routes(api huma.API) {
	h := &handlers{s: s}
	tags := []string{"specialcase"}
	huma.Register(api, huma.Operation{OperationID: "get-specialcase-settings", Method: http.MethodGet, Path: "/api/v1/specialcase/settings",
		Summary: "The region's special-case settings in force today, and every version", Tags: tags}, h.get)
	huma.Register(api, huma.Operation{OperationID: "update-specialcase-settings", Method: http.MethodPut, Path: "/api/v1/specialcase/settings",
		Summary:     "Store a new version of the region's special-case settings from a day on (bureau administrators; audited)",
		Description: "`version` is the `latest_version` read (0 while the region uses the defaults); another version since answers 409.",
		Tags:        tags}, h.update)
	ctags := []string{"calendar"}
	huma.Register(api, huma.Operation{OperationID: "list-calendar-years", Method: http.MethodGet, Path: "/api/v1/calendar/years",
		Summary: "The years of the working-day calendar (shipped, or replaced by the region)", Tags: ctags}, h.listYears)
	huma.Register(api, huma.Operation{OperationID: "get-calendar-year", Method: http.MethodGet, Path: "/api/v1/calendar/years/{year}",
		Summary: "One year's holidays and adjusted working days", Tags: ctags}, h.getYear)
	huma.Register(api, huma.Operation{OperationID: "update-calendar-year", Method: http.MethodPut, Path: "/api/v1/calendar/years/{year}",
		Summary:     "Replace or add one year of the region's working-day calendar (bureau administrators; audited)",
		Description: "`version` is the year's version read (0 while the year is shipped or not loaded); another change since answers 409.",
		Tags:        ctags}, h.updateYear)
}

type handlers struct{ s *Service }

// toHTTP maps the service's errors to problem+json.
func toHTTP(err error) error {
	var ve *ValidationError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ve):
		details := make([]error, 0, len(ve.Fields))
		for _, f := range ve.Fields {
			details = append(details, &huma.ErrorDetail{Location: "body." + f.Field, Message: f.Message})
		}
		return huma.Error422UnprocessableEntity("validation failed", details...)
	case errors.Is(err, ErrStale):
		return huma.Error409Conflict(err.Error())
	case errors.Is(err, ErrNotAdmin), errors.Is(err, ErrNoRegion):
		return huma.Error403Forbidden(err.Error())
	}
	return err
}

// ---- settings ----

type scsQuota struct {
	Basis        string `json:"basis" enum:"DRG_5pct,DIP_5permille,custom" doc:"DRG_5pct: 5 % of DRG discharges; DIP_5permille: 5 ‰ of DIP discharges; custom: rate"`
	Rate         string `json:"rate" maxLength:"12" example:"0.05" doc:"Share of the period's discharges (0 < rate ≤ 1); fixed by a named basis"`
	Scope        string `json:"scope" enum:"region,hospital" doc:"The cap counts the region as a whole or each hospital"`
	Period       string `json:"period" enum:"month,quarter,year"`
	ReplaceShare string `json:"replace_share" maxLength:"12" example:"0.20" doc:"Share of a hospital's applications it may replace before annual clearance; 0 = off"`
	WarnAt       string `json:"warn_at" maxLength:"12" example:"0.80" doc:"Share of the cap from which the gauge warns"`
}

type scsWindow struct {
	Kind     string `json:"kind" enum:"quarterly_first_workdays,after_discharge_workdays,any_time"`
	Workdays int    `json:"workdays" minimum:"0" maximum:"60" doc:"N working days (ignored for any_time)"`
}

type scsDeadlines struct {
	InfoDueWorkdays        int    `json:"info_due_workdays" minimum:"1" maximum:"60" doc:"An information request is due after N working days"`
	ReminderWorkdaysBefore int    `json:"reminder_workdays_before" minimum:"0" maximum:"59" doc:"Remind the hospital N working days before the due day"`
	InfoExpiry             string `json:"info_expiry" enum:"withdraw,escalate" doc:"At expiry the application is withdrawn, or escalated to the bureau"`
	IntakeSLAWorkdays      int    `json:"intake_sla_workdays" minimum:"1" maximum:"120" doc:"The bureau's intake decides within N working days"`
}

type scsVersion struct {
	Version       int          `json:"version" doc:"0: the defaults (the region has set nothing)"`
	EffectiveFrom string       `json:"effective_from" doc:"First day in force; empty for the defaults"`
	Status        string       `json:"status" enum:"in_force,scheduled,superseded,default"`
	CreatedBy     string       `json:"created_by,omitempty"`
	CreatedAt     *time.Time   `json:"created_at,omitempty"`
	Quota         scsQuota     `json:"quota"`
	Window        scsWindow    `json:"window"`
	Deadlines     scsDeadlines `json:"deadlines"`
}

type scsOverview struct {
	Region        string       `json:"region"`
	Today         string       `json:"today"`
	InForce       scsVersion   `json:"in_force"`
	LatestVersion int          `json:"latest_version" doc:"The version an update names (0 for none)"`
	History       []scsVersion `json:"history" doc:"Every version, newest first"`
}

func viewQuota(q Quota) scsQuota {
	return scsQuota{Basis: q.Basis, Rate: q.Rate.String(), Scope: q.Scope, Period: q.Period,
		ReplaceShare: q.ReplaceShare.StringFixed(2), WarnAt: q.WarnAt.StringFixed(2)}
}

func viewSettings(st Settings, status string) scsVersion {
	v := scsVersion{Version: st.Version, Status: status, Quota: viewQuota(st.Quota),
		Window: scsWindow(st.Window), Deadlines: scsDeadlines(st.Deadlines)}
	if st.EffectiveFrom != (calendar.Date{}) {
		v.EffectiveFrom = st.EffectiveFrom.String()
	}
	return v
}

func viewOverview(o Overview) scsOverview {
	out := scsOverview{Region: o.Region, Today: o.Today.String(), LatestVersion: o.Latest, History: []scsVersion{}}
	status := "in_force"
	if o.InForce.Version == 0 {
		status = "default"
	}
	out.InForce = viewSettings(o.InForce, status)
	for _, h := range o.History {
		st := "superseded"
		switch {
		case h.Version == o.InForce.Version:
			st = "in_force"
		case o.Today.Before(h.EffectiveFrom):
			st = "scheduled"
		}
		v := viewSettings(h.Settings, st)
		at := h.CreatedAt
		v.CreatedBy, v.CreatedAt = h.CreatedBy, &at
		if h.Version == o.InForce.Version {
			out.InForce = v
		}
		out.History = append(out.History, v)
	}
	return out
}

type scsOverviewOutput struct{ Body scsOverview }

func (h *handlers) get(ctx context.Context, _ *struct{}) (*scsOverviewOutput, error) {
	o, err := h.s.ForMyRegion(ctx)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &scsOverviewOutput{Body: viewOverview(o)}, nil
}

type scsUpdateInput struct {
	Body struct {
		Version       int          `json:"version" minimum:"0" doc:"The latest_version read; a stale one answers 409"`
		EffectiveFrom string       `json:"effective_from" maxLength:"10" example:"2026-12-02" doc:"First day in force (today or later)"`
		Quota         scsQuota     `json:"quota"`
		Window        scsWindow    `json:"window"`
		Deadlines     scsDeadlines `json:"deadlines"`
	}
}

// parse turns the request body into Settings, reporting unreadable numbers
// and dates as field errors (Validate reports the rest).
func (in *scsUpdateInput) parse() (Settings, *fieldErrors) {
	b := in.Body
	var fe fieldErrors
	num := func(field, s string) decimal.Decimal {
		d, err := decimal.NewFromString(s)
		if err != nil {
			fe.add(field, "must be a decimal number like 0.05")
		}
		return d
	}
	st := Settings{
		Quota: Quota{Basis: b.Quota.Basis, Scope: b.Quota.Scope, Period: b.Quota.Period,
			Rate:         num("quota.rate", b.Quota.Rate),
			ReplaceShare: num("quota.replace_share", b.Quota.ReplaceShare),
			WarnAt:       num("quota.warn_at", b.Quota.WarnAt)},
		Window:    Window(b.Window),
		Deadlines: Deadlines(b.Deadlines),
	}
	if b.EffectiveFrom != "" {
		d, err := calendar.ParseDate(b.EffectiveFrom)
		if err != nil {
			fe.add("effective_from", "must be a date like 2026-12-02")
		}
		st.EffectiveFrom = d
	}
	return st, &fe
}

func (h *handlers) update(ctx context.Context, in *scsUpdateInput) (*scsOverviewOutput, error) {
	st, fe := in.parse()
	if len(fe.list) > 0 {
		// report the unreadable values with every other problem at once
		for _, f := range h.s.problems(in.Body.Version, st).list {
			if !fe.has(f.Field) {
				fe.list = append(fe.list, f)
			}
		}
		return nil, toHTTP(fe.err())
	}
	if _, err := h.s.Update(ctx, in.Body.Version, st); err != nil {
		return nil, toHTTP(err)
	}
	o, err := h.s.ForMyRegion(ctx)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &scsOverviewOutput{Body: viewOverview(o)}, nil
}

// ---- calendar ----

type calendarYearsOutput struct {
	Body struct {
		Region string         `json:"region" doc:"The region whose calendar this is; empty: the shipped calendar"`
		Items  []CalendarYear `json:"items"`
	}
}

func (h *handlers) listYears(ctx context.Context, _ *struct{}) (*calendarYearsOutput, error) {
	items, err := h.s.CalendarYears(ctx)
	if err != nil {
		return nil, toHTTP(err)
	}
	out := &calendarYearsOutput{}
	out.Body.Region, out.Body.Items = MyRegion(ctx), items
	return out, nil
}

type calendarYearInput struct {
	Year int `path:"year" minimum:"2000" maximum:"2100"`
}

type calendarYearOutput struct{ Body CalendarYear }

func (h *handlers) getYear(ctx context.Context, in *calendarYearInput) (*calendarYearOutput, error) {
	y, err := h.s.CalendarYearOf(ctx, in.Year)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &calendarYearOutput{Body: y}, nil
}

type calendarYearUpdateInput struct {
	Year int `path:"year" minimum:"2000" maximum:"2100"`
	Body struct {
		Version int           `json:"version" minimum:"0" doc:"The year's version read; a stale one answers 409"`
		Entries []CalendarDay `json:"entries" maxItems:"200" doc:"Every holiday and adjusted working day of the year"`
	}
}

func (h *handlers) updateYear(ctx context.Context, in *calendarYearUpdateInput) (*calendarYearOutput, error) {
	y, err := h.s.UpdateCalendarYear(ctx, in.Year, in.Body.Version, in.Body.Entries)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &calendarYearOutput{Body: y}, nil
}
