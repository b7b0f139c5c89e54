package app

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/danielgtaylor/huma/v2"
	"github.com/hibiken/asynq"

	"teyi/backend/internal/notify"
	"teyi/backend/internal/platform/calendar"
	"teyi/backend/internal/platform/queue"
	"teyi/backend/internal/platform/storage"
	"teyi/backend/internal/specialcase"
	"teyi/backend/internal/specialcase/settings"
)

// specialcaseModule is the special-case application workflow (issue 6).
type specialcaseModule struct {
	cases *casesModule
	once  sync.Once
	svc   *specialcase.Service
}

func (m *specialcaseModule) Name() string { return "specialcase" }

// Service builds the workflow from the shared dependencies.
func (m *specialcaseModule) Service(d *Deps) *specialcase.Service {
	m.once.Do(func() {
		m.svc = &specialcase.Service{DB: d.DB, Audit: d.Audit, Outbox: d.Outbox, Clock: d.Clock, Log: d.Log,
			Cases: m.cases.Service(d), Rules: ruleSource{d.Settings}, Files: storage.Dir{Root: filepath.Join(d.Config.DataDir, "evidence")},
			Notify: d.notifier()}
		d.Todos.Add(m.svc.Todos)
	})
	return m.svc
}

func (m *specialcaseModule) Routes(api huma.API, d *Deps) { m.Service(d).Routes(api) }

func (m *specialcaseModule) Tasks(mux *queue.Mux, d *Deps) {
	svc := m.Service(d)
	mux.Handle(specialcase.TaskTransitioned, func(ctx context.Context, t *asynq.Task) error {
		var p struct {
			ApplicationID string `json:"application_id"`
			Seq           int    `json:"seq"`
		}
		if err := json.Unmarshal(t.Payload(), &p); err != nil || p.ApplicationID == "" {
			return fmt.Errorf("%w: bad payload", asynq.SkipRetry)
		}
		return svc.HandleTransitioned(ctx, p.ApplicationID, p.Seq)
	})
	mux.Handle(specialcase.TaskTimers, func(ctx context.Context, _ *asynq.Task) error {
		_, err := svc.RunTimers(ctx)
		return err
	})
}

// Periodic: the timers are checked every minute by the single scheduler.
func (m *specialcaseModule) Periodic() []queue.Periodic {
	return []queue.Periodic{{Spec: "@every 1m", Kind: specialcase.TaskTimers}}
}

// ruleSource adapts the region settings to the workflow's rules.
type ruleSource struct{ s *settings.Service }

func (r ruleSource) Rules(ctx context.Context, region string, day calendar.Date) (specialcase.Rules, error) {
	st, err := r.s.Effective(ctx, region, day)
	if err != nil {
		return specialcase.Rules{}, err
	}
	q, w, dl := st.Quota, st.Window, st.Deadlines
	return specialcase.Rules{
		QuotaScope: q.Scope, QuotaPeriod: q.PeriodOf, QuotaCap: q.Cap, QuotaWarnAt: q.WarnAt, ReplaceShare: q.ReplaceShare,
		Window: func(cal *calendar.Calendar, today, discharged calendar.Date) (specialcase.WindowDecision, error) {
			d, err := w.Check(cal, today, discharged)
			return specialcase.WindowDecision{Open: d.Open, Opens: d.Opens, Closes: d.Closes, Reason: d.Reason}, err
		},
		InfoDueWorkdays: dl.InfoDueWorkdays, ReminderWorkdaysBefore: dl.ReminderWorkdaysBefore,
		IntakeSLAWorkdays: dl.IntakeSLAWorkdays, InfoExpiry: dl.InfoExpiry,
	}, nil
}

func (r ruleSource) Calendar(ctx context.Context, region string) (*calendar.Calendar, error) {
	return r.s.Calendar(ctx, region)
}

// Applications is the workflow (for the CLI, the seed and tests).
func (a *App) Applications() *specialcase.Service {
	a.Wire()
	for _, m := range a.modules {
		if sm, ok := m.(*specialcaseModule); ok {
			return sm.Service(&a.Deps)
		}
	}
	panic("app: specialcase module not wired")
}

// notifier is the in-app notifications service as the workflow sees it.
func (d *Deps) notifier() specialcase.Notifier {
	if d.Notify == nil {
		return nil
	}
	return notifier{d.Notify}
}

type notifier struct{ n *notify.Service }

func (x notifier) Send(ctx context.Context, to specialcase.Audience, n specialcase.Notice) (int, error) {
	return x.n.Send(ctx, notify.Audience{UserIDs: to.UserIDs, Roles: to.Roles, HospitalID: to.HospitalID, RegionCode: to.RegionCode,
		ExceptUserID: to.ExceptUserID}, notify.Notice{Kind: n.Kind, Title: n.Title, Body: n.Body, Link: n.Link,
		ObjectType: n.ObjectType, ObjectID: n.ObjectID, Params: n.Params})
}
