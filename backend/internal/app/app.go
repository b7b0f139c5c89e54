// Package app wires Teyi's platform and domain packages into the processes
// the binary runs: the API server, the worker and the scheduler.
//
// Domain packages plug in as modules: a module may register HTTP operations,
// task handlers and periodic tasks. Registration never touches the database,
// so the OpenAPI document can be produced without one.
package app

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/danielgtaylor/huma/v2"
	"github.com/hibiken/asynq"

	"teyi/backend/internal/platform/config"
	"teyi/backend/internal/platform/database"
	"teyi/backend/internal/platform/httpapi"
	"teyi/backend/internal/platform/queue"
)

// Version is set by the linker (see the Makefile).
var Version = "dev"

// Deps are the shared services a module may use at run time.
type Deps struct {
	Config config.Config
	Log    *slog.Logger
	DB     *database.DB
	Redis  *queue.Conn
	Outbox *queue.Outbox
}

// Module is one capability of Teyi.
type Module interface {
	Name() string
}

// RouteModule registers HTTP operations.
type RouteModule interface {
	Routes(api huma.API, d *Deps)
}

// TaskModule registers task handlers.
type TaskModule interface {
	Tasks(mux *queue.Mux, d *Deps)
}

// PeriodicModule declares periodic tasks for the scheduler.
type PeriodicModule interface {
	Periodic() []queue.Periodic
}

// App is one running process's wiring.
type App struct {
	Deps
	modules []Module
}

// New builds the wiring without connecting (for the OpenAPI command).
func New(cfg config.Config, log *slog.Logger) *App {
	a := &App{Deps: Deps{Config: cfg, Log: log}}
	a.modules = modules()
	return a
}

// Connect opens PostgreSQL and Redis.
func (a *App) Connect(ctx context.Context) error {
	db, err := database.Open(ctx, a.Config.DatabaseURL, database.Options{
		MaxOpen: a.Config.DBMaxOpen, MaxIdle: a.Config.DBMaxIdle, Logger: a.Log,
	})
	if err != nil {
		return err
	}
	conn, err := queue.Connect(a.Config.RedisURL)
	if err != nil {
		db.Close()
		return err
	}
	a.DB, a.Redis = db, conn
	a.Outbox = queue.NewOutbox(db, a.Config.Queue)
	return nil
}

// Close releases connections.
func (a *App) Close() {
	if a.DB != nil {
		a.DB.Close()
	}
	if a.Redis != nil {
		a.Redis.Close()
	}
}

// Server builds the HTTP server with every module's operations.
func (a *App) Server(ui fs.FS) *httpapi.Server {
	s := httpapi.New(httpapi.Options{Version: Version, BodyLimit: a.Config.BodyLimit, Logger: a.Log})
	if a.DB != nil {
		s.AddCheck("postgres", a.DB.Ping)
	}
	if a.Redis != nil {
		s.AddCheck("redis", a.Redis.Ping)
	}
	for _, m := range a.modules {
		if rm, ok := m.(RouteModule); ok {
			rm.Routes(s.API, &a.Deps)
		}
	}
	s.ServeUI(ui)
	s.NotFound()
	return s
}

// Mux builds the task mux with every module's handlers.
func (a *App) Mux() *queue.Mux {
	mux := queue.NewMux(a.DB)
	rec := queue.NewReconciler(a.DB, a.Redis, a.Config.OutboxStaleAfter, a.Log)
	mux.Handle(queue.TaskReconcile, func(ctx context.Context, _ *asynq.Task) error {
		_, err := rec.ReconcileOnce(ctx)
		return err
	})
	for _, m := range a.modules {
		if tm, ok := m.(TaskModule); ok {
			tm.Tasks(mux, &a.Deps)
		}
	}
	return mux
}

// Periodic lists every periodic task.
func (a *App) Periodic() []queue.Periodic {
	out := []queue.Periodic{{Spec: "@every 1m", Kind: queue.TaskReconcile}}
	for _, m := range a.modules {
		if pm, ok := m.(PeriodicModule); ok {
			out = append(out, pm.Periodic()...)
		}
	}
	return out
}

// Worker builds a worker process.
func (a *App) Worker() *queue.Worker {
	return queue.NewWorker(a.DB, a.Redis, a.Mux(), queue.WorkerOptions{
		Queue: a.Config.Queue, Concurrency: a.Config.WorkerConcurrency, Logger: a.Log,
	})
}

// Scheduler builds the (single-leader) scheduler.
func (a *App) Scheduler() *queue.Scheduler {
	return queue.NewScheduler(a.Redis, a.Config.Queue, a.Periodic(), a.Log)
}

// OpenAPI returns the OpenAPI document as indented JSON.
func (a *App) OpenAPI() ([]byte, error) {
	s := a.Server(nil)
	b, err := s.API.OpenAPI().MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	return indent(b)
}
