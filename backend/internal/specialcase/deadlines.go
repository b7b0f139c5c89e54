package specialcase

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/calendar"
)

// addWorkdays counts n working days after d in cal. Beyond the years the
// calendar knows (the State Council publishes the next year's arrangement
// in November or December) it counts Monday to Friday, so that a deadline
// late in the year can still be set; the estimate is replaced when a
// timer fires, which re-reads the calendar.
func addWorkdays(cal *calendar.Calendar, d calendar.Date, n int) (calendar.Date, error) {
	out, err := cal.AddWorkdays(d, n)
	if !errors.Is(err, calendar.ErrUnknownYear) {
		return out, err
	}
	for n > 0 {
		d = d.AddDays(1)
		ok, err := cal.IsWorkday(d)
		if errors.Is(err, calendar.ErrUnknownYear) {
			wd := d.Weekday()
			ok, err = wd != time.Saturday && wd != time.Sunday, nil
		}
		if err != nil {
			return calendar.Date{}, err
		}
		if ok {
			n--
		}
	}
	return d, nil
}

// startIntakeClock sets the bureau's intake due date and its timer: the
// application is overdue from the working day after the due date.
func (s *Service) startIntakeClock(ctx context.Context, a *Application, today calendar.Date, set map[string]any) error {
	rules, cal, err := s.rulesFor(ctx, a.RegionCode, today)
	if err != nil {
		return err
	}
	due, err := addWorkdays(cal, today, rules.IntakeSLAWorkdays)
	if err != nil {
		return err
	}
	fire, err := addWorkdays(cal, due, 1)
	if err != nil {
		return err
	}
	set["intake_due"] = due.String()
	set["escalated"] = false
	if err := s.cancelTimers(ctx, a.ID, "intake_overdue"); err != nil {
		return err
	}
	return s.addTimer(ctx, a.ID, "intake_overdue", nil, fire)
}

// openInfoRequest records an information request with its due date (the
// rule's working days after today), a reminder the rule's working days
// before it, and the expiry on the working day after the due date.
func (s *Service) openInfoRequest(ctx context.Context, c caller, a *Application, in CommandInput, now time.Time, today calendar.Date) (*InfoRequest, error) {
	rules, cal, err := s.rulesFor(ctx, a.RegionCode, today)
	if err != nil {
		return nil, err
	}
	due, err := addWorkdays(cal, today, rules.InfoDueWorkdays)
	if err != nil {
		return nil, err
	}
	remind, err := addWorkdays(cal, today, max(rules.InfoDueWorkdays-rules.ReminderWorkdaysBefore, 0))
	if err != nil {
		return nil, err
	}
	expire, err := addWorkdays(cal, due, 1)
	if err != nil {
		return nil, err
	}
	id := uuid.Must(uuid.NewV7()).String()
	var by any
	if c.userID != "" {
		by = c.userID
	}
	if err := s.DB.Conn(ctx).Exec(`INSERT INTO special_info_requests (id, application_id, reason_code, note, requested_by,
		requested_at, due_on, remind_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, a.ID, in.ReasonCode, in.Note, by, now,
		due.String(), remind.String()).Error; err != nil {
		return nil, err
	}
	if remind.Before(due) && today.Before(remind) {
		if err := s.addTimer(ctx, a.ID, "info_reminder", &id, remind); err != nil {
			return nil, err
		}
	}
	if err := s.addTimer(ctx, a.ID, "info_expiry", &id, expire); err != nil {
		return nil, err
	}
	return &InfoRequest{ID: id, ReasonCode: in.ReasonCode, Note: in.Note, RequestedAt: now, DueOn: due.String(), RemindOn: remind.String()}, nil
}

func (s *Service) answerInfoRequest(ctx context.Context, a *Application, now time.Time) error {
	if err := s.DB.Conn(ctx).Exec(`UPDATE special_info_requests SET answered_at = ? WHERE application_id = ?
		AND answered_at IS NULL AND expired_at IS NULL`, now, a.ID).Error; err != nil {
		return err
	}
	return s.cancelTimers(ctx, a.ID, "")
}

func (s *Service) expireInfoRequest(ctx context.Context, id string, now time.Time) error {
	return s.DB.Conn(ctx).Exec(`UPDATE special_info_requests SET expired_at = ? WHERE application_id = ?
		AND answered_at IS NULL AND expired_at IS NULL`, now, id).Error
}

func (s *Service) addTimer(ctx context.Context, app, kind string, ref *string, on calendar.Date) error {
	var r any
	if ref != nil {
		r = *ref
	}
	return s.DB.Conn(ctx).Exec(`INSERT INTO special_timers (application_id, kind, ref_id, fire_on) VALUES (?, ?, ?, ?)`,
		app, kind, r, on.String()).Error
}

// cancelTimers cancels an application's pending timers (of one kind, or
// all for "").
func (s *Service) cancelTimers(ctx context.Context, app, kind string) error {
	q := `UPDATE special_timers SET cancelled_at = now() WHERE application_id = ? AND fired_at IS NULL AND cancelled_at IS NULL`
	args := []any{app}
	if kind != "" {
		q += ` AND kind = ?`
		args = append(args, kind)
	}
	return s.DB.Conn(ctx).Exec(q, args...).Error
}

// Fired is one timer that fired.
type Fired struct {
	ApplicationID string
	Kind          string
	On            string
	Action        string
}

// RunTimers fires every timer due on or before today (the clock's day in
// Beijing). It is the handler of the single scheduler's periodic task; each
// timer fires in its own transaction, locked, so two runs never fire one
// timer twice. Actions only happen on working days: a timer that falls due
// on a day off waits for the next working day.
func (s *Service) RunTimers(ctx context.Context) ([]Fired, error) {
	today := calendar.DateOf(s.Clock.Now())
	sys := systemCtx(ctx)
	var fired []Fired
	for {
		var batch []struct {
			ID            int64
			ApplicationID string
			Kind          string
			RefID         *string
			FireOn        time.Time
		}
		err := s.DB.Conn(ctx).Raw(`SELECT id, application_id::text AS application_id, kind, ref_id::text AS ref_id, fire_on
			FROM special_timers WHERE fire_on <= ? AND fired_at IS NULL AND cancelled_at IS NULL ORDER BY fire_on, id LIMIT 100`,
			today.String()).Scan(&batch).Error
		if err != nil {
			return fired, err
		}
		if len(batch) == 0 {
			return fired, nil
		}
		progressed := false
		for _, t := range batch {
			f, ok, err := s.fire(sys, t.ID, t.ApplicationID, t.Kind, today)
			if err != nil {
				return fired, fmt.Errorf("timer %d: %w", t.ID, err)
			}
			if ok {
				progressed = true
				fired = append(fired, f)
			}
		}
		if !progressed {
			return fired, nil
		}
	}
}

// fire runs one timer; ok is false when another run took it or today is not
// a working day.
func (s *Service) fire(ctx context.Context, timerID int64, appID, kind string, today calendar.Date) (Fired, bool, error) {
	f := Fired{ApplicationID: appID, Kind: kind, On: today.String()}
	var region string
	if err := s.DB.Conn(ctx).Raw(`SELECT region_code FROM special_applications WHERE id = ?`, appID).Scan(&region).Error; err != nil {
		return f, false, err
	}
	_, cal, err := s.rulesFor(ctx, region, today)
	if err != nil {
		return f, false, err
	}
	if ok, err := cal.IsWorkday(today); err == nil && !ok {
		return f, false, nil
	}
	done := false
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		res := s.DB.Conn(ctx).Exec(`UPDATE special_timers SET fired_at = now() WHERE id = ? AND fired_at IS NULL AND cancelled_at IS NULL`, timerID)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		done = true
		c := callerOf(ctx)
		a, err := s.lockApp(ctx, c, appID)
		if err != nil {
			return err
		}
		switch kind {
		case "info_reminder":
			f.Action = "reminded"
			if err := s.Audit.Record(ctx, audit.Event{Action: "specialcase.info_reminder", ObjectType: "special_application",
				ObjectID: appID, RegionCode: a.RegionCode, HospitalID: a.HospitalID}); err != nil {
				return err
			}
			return s.notifyNow(ctx, a, "specialcase.info_reminder", "", "")
		case "info_expiry":
			if a.Status != ReturnedForInfo {
				f.Action = "none"
				return nil
			}
			rules, err := s.Rules.Rules(ctx, a.RegionCode, today)
			if err != nil {
				return err
			}
			cmd := Withdraw
			if rules.InfoExpiry == "escalate" {
				cmd = Escalate
			}
			f.Action = string(cmd)
			t, r := Lookup(cmd, ActSystem, a.Status)
			if r != Allowed {
				return nil
			}
			_, err = s.apply(ctx, c, ActSystem, a, t, CommandInput{Command: cmd, ReasonCode: "info_expired"})
			return err
		case "intake_overdue":
			if a.Status != Submitted || a.Escalated {
				f.Action = "none"
				return nil
			}
			f.Action = string(Escalate)
			t, _ := Lookup(Escalate, ActSystem, a.Status)
			_, err := s.apply(ctx, c, ActSystem, a, t, CommandInput{Command: Escalate, ReasonCode: "intake_overdue"})
			return err
		}
		return nil
	})
	if err != nil {
		return f, false, err
	}
	return f, done, nil
}

// systemCtx acts as the system (timers).
func systemCtx(ctx context.Context) context.Context {
	ctx = audit.WithActor(ctx, audit.Actor{Name: "system", Role: "system"})
	return authz.WithPrincipal(ctx, &authz.Principal{Username: "system"}, authz.Scope{Kind: authz.KindSystem})
}

// AddWorkdays is n working days after d on cal; days of years the calendar
// does not have count Monday to Friday (for other modules' deadlines).
func AddWorkdays(cal *calendar.Calendar, d calendar.Date, n int) (calendar.Date, error) {
	return addWorkdays(cal, d, n)
}
