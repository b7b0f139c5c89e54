package app

import (
	"context"
	"path/filepath"
	"sync"

	"github.com/danielgtaylor/huma/v2"
	"github.com/hibiken/asynq"

	"teyi/backend/internal/platform/queue"
	"teyi/backend/internal/platform/storage"
	"teyi/backend/internal/review"
)

// reviewModule is the expert review of accepted applications (issue 7).
type reviewModule struct {
	cases *casesModule
	apps  *specialcaseModule
	once  sync.Once
	svc   *review.Service
}

func (m *reviewModule) Name() string { return "review" }

// Service builds the review from the shared dependencies.
func (m *reviewModule) Service(d *Deps) *review.Service {
	m.once.Do(func() {
		m.svc = &review.Service{DB: d.DB, Audit: d.Audit, Clock: d.Clock, Log: d.Log, Apps: m.apps.Service(d), Settings: d.Settings,
			Cases: m.cases.Service(d), Letters: storage.Dir{Root: filepath.Join(d.Config.DataDir, "letters")}, Notify: d.Notify,
			BaseURL: d.Config.PublicURL}
		d.Todos.Add(m.svc.Todos)
	})
	return m.svc
}

func (m *reviewModule) Routes(api huma.API, d *Deps) { m.Service(d).Routes(api) }

func (m *reviewModule) Tasks(mux *queue.Mux, d *Deps) {
	svc := m.Service(d)
	mux.Handle(review.TaskTimers, func(ctx context.Context, _ *asynq.Task) error {
		_, err := svc.RunTimers(ctx)
		return err
	})
}

// Periodic: the review's deadlines are checked every minute.
func (m *reviewModule) Periodic() []queue.Periodic {
	return []queue.Periodic{{Spec: "@every 1m", Kind: review.TaskTimers}}
}

// Reviews is the expert review (for the CLI, the seed and tests).
func (a *App) Reviews() *review.Service {
	a.Wire()
	for _, m := range a.modules {
		if rm, ok := m.(*reviewModule); ok {
			return rm.Service(&a.Deps)
		}
	}
	panic("app: review module not wired")
}
