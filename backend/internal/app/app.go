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
	"path/filepath"

	"github.com/alexedwards/argon2id"
	"github.com/danielgtaylor/huma/v2"
	"github.com/hibiken/asynq"

	"teyi/backend/internal/account"
	"teyi/backend/internal/grouping"
	"teyi/backend/internal/notify"
	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/clock"
	"teyi/backend/internal/platform/config"
	"teyi/backend/internal/platform/database"
	"teyi/backend/internal/platform/httpapi"
	"teyi/backend/internal/platform/idempotency"
	"teyi/backend/internal/platform/queue"
	"teyi/backend/internal/platform/storage"
	"teyi/backend/internal/pricingsvc"
	"teyi/backend/internal/publication"
	"teyi/backend/internal/registry"
	"teyi/backend/internal/specialcase/settings"
	"teyi/backend/internal/todo"
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
	Clock  clock.Clock
	Authz  *authz.Enforcer
	// Accounts is identity: sessions, users, hospitals.
	Accounts *account.Service
	// Audit is the hash-chained audit log.
	Audit *audit.Log
	// Grouping serves the grouper (plans, what-if grouping, code search).
	Grouping *grouping.Service
	// Pricing keeps the pricing parameter versions and answers which one is
	// in force for a region and date.
	Pricing *pricingsvc.Service
	// Settings keeps each region's special-case settings (quota, window,
	// deadlines; versioned by effective date) and working-day calendar.
	Settings *settings.Service
	// Todos collects the home page's to-do items from the domains.
	Todos *todo.Registry
	// Notify sends in-app notifications (and their e-mail copies when SMTP
	// is configured); call Send inside the transaction of the change.
	Notify *notify.Service
	// Registry keeps the new drug, device and technology filings and
	// answers which registered items a hospital's cases carve out.
	Registry *registry.Service
	// Publication drafts and publishes the semi-annual special-case
	// publication (特例单议情况公示) and serves its versions.
	Publication *publication.Service
	// Argon2 overrides the password-hash cost (tests only).
	Argon2 *argon2id.Params
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
		MaxOpen: a.Config.DBMaxOpen, MaxIdle: a.Config.DBMaxIdle, Logger: a.Log, Role: a.Config.DBRole,
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

// Server builds the HTTP server with every module's operations. Every
// operation passes the authorization middleware, and every operation must be
// named by the policy: an operation without a rule stops the server here.
func (a *App) Server(ui fs.FS) *httpapi.Server {
	a.Wire()
	enf := a.Authz
	denied := func(ctx context.Context, op string) {
		if a.DB == nil {
			return
		}
		if err := a.Audit.Record(ctx, audit.Event{Action: "authz.denied", ObjectType: "operation", ObjectID: op}); err != nil {
			a.Log.WarnContext(ctx, "audit denial", "err", err.Error())
		}
	}
	s := httpapi.New(httpapi.Options{Version: Version, BodyLimit: a.Config.BodyLimit, Logger: a.Log,
		Middleware: []func(huma.API) func(huma.Context, func(huma.Context)){
			func(api huma.API) func(huma.Context, func(huma.Context)) {
				return authz.Middleware(api, enf, a.Accounts, denied)
			},
			func(api huma.API) func(huma.Context, func(huma.Context)) {
				return idempotency.Middleware(api, a.DB)
			},
		}})
	a.Accounts.Routes(s.API, enf)
	a.Grouping.Routes(s.API)
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
	for _, op := range s.Operations() {
		if !enf.Known(op.OperationID) {
			panic(fmt.Sprintf("operation %s has no rule in policies/policy.csv", op.OperationID))
		}
	}
	a.Todos.Routes(s.API)
	s.ServeUI(ui)
	s.NotFound()
	return s
}

// Wire builds the shared services (authorization, accounts, audit); it is
// idempotent.
func (a *App) Wire() {
	if a.Authz != nil {
		return
	}
	if a.Clock == nil {
		a.Clock = clock.Real{}
	}
	enf, err := authz.Load()
	if err != nil {
		panic(err) // the embedded policy is part of the binary
	}
	a.Authz = enf
	a.Accounts = account.NewService(a.DB, a.Config, account.Options{Clock: a.Clock, Argon2: a.Argon2})
	a.Audit = a.Accounts.Audit()
	g, err := grouping.New(a.Config.PlanDir)
	if err != nil {
		a.Log.Error("stored grouping plans not loaded", "dir", a.Config.PlanDir, "err", err.Error())
		g, _ = grouping.New("")
	}
	a.Grouping = g
	a.Pricing = pricingsvc.New(a.DB, a.Audit, a.Clock)
	a.Todos = &todo.Registry{}
	a.Settings = settings.New(a.DB, a.Audit, a.Clock)
	a.Notify = notify.New(a.DB, a.Outbox, a.Clock, notify.MailConfig{Addr: a.Config.SMTPAddr, From: a.Config.SMTPFrom,
		User: a.Config.SMTPUser, Password: a.Config.SMTPPassword, StartTLS: a.Config.SMTPStartTLS, LinkBase: a.Config.PublicURL}, a.Log)
	a.Notify.Audit = a.Audit
	a.Registry = registry.New(a.DB, a.Audit, storage.Dir{Root: filepath.Join(a.Config.DataDir, "evidence")}, a.Clock, a.Log)
	a.Registry.Remind = func(ctx context.Context, r registry.Reminder) error {
		_, err := a.Notify.Send(ctx, notify.Audience{Roles: []string{"hospital_office"}, HospitalID: r.HospitalID},
			notify.Notice{Kind: "registry.expiring", Title: "新药耗备案即将到期", Link: "/registry/" + r.ItemID,
				Body:       fmt.Sprintf("备案项目 %s（%s）将于 %s 到期，剩余 %d 天。", r.Name, r.Code, r.ValidTo, r.DaysLeft),
				ObjectType: "registry_item", ObjectID: r.ItemID,
				Params: map[string]string{"code": r.Code, "name": r.Name, "valid_to": r.ValidTo, "days": fmt.Sprint(r.DaysLeft)}})
		return err
	}
	a.Publication = &publication.Service{DB: a.DB, Audit: a.Audit, Clock: a.Clock, Rules: a.Settings, Log: a.Log}
	a.Publication.Published = func(ctx context.Context, n publication.Notice) error {
		for _, h := range n.HospitalIDs {
			if _, err := a.Notify.Send(ctx, notify.Audience{Roles: []string{"hospital_office"}, HospitalID: h},
				notify.Notice{Kind: "publication.published", Title: "特例单议情况公示已发布", Link: "/publication/" + n.ID,
					Body:       fmt.Sprintf("%s特例单议情况公示（第 %d 版）已发布。", n.Label, n.Version),
					ObjectType: "publication", ObjectID: n.ID,
					Params: map[string]string{"period": n.Period, "label": n.Label, "version": fmt.Sprint(n.Version)}}); err != nil {
				return err
			}
		}
		return nil
	}
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
