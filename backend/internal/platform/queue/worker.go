package queue

import (
	"context"
	"log/slog"
	"time"

	"github.com/hibiken/asynq"

	"teyi/backend/internal/platform/database"
)

// Handler handles one task kind.
type Handler func(ctx context.Context, t *asynq.Task) error

// Mux routes task kinds to handlers. Features register their handlers on it.
type Mux struct {
	db       *database.DB
	handlers map[string]Handler
}

// NewMux builds an empty mux.
func NewMux(db *database.DB) *Mux { return &Mux{db: db, handlers: map[string]Handler{}} }

// Handle registers h for kind; registering a kind twice is a programming error.
func (m *Mux) Handle(kind string, h Handler) {
	if _, dup := m.handlers[kind]; dup {
		panic("queue: handler registered twice for " + kind)
	}
	m.handlers[kind] = h
}

// Kinds lists the registered kinds.
func (m *Mux) Kinds() []string {
	out := make([]string, 0, len(m.handlers))
	for k := range m.handlers {
		out = append(out, k)
	}
	return out
}

func (m *Mux) serveMux() *asynq.ServeMux {
	sm := asynq.NewServeMux()
	for kind, h := range m.handlers {
		kind, h := kind, h
		sm.HandleFunc(kind, func(ctx context.Context, t *asynq.Task) error {
			marked := new(bool)
			ctx = context.WithValue(ctx, doneKey{}, marked)
			err := h(ctx, t)
			if err != nil {
				tasksProcessed.WithLabelValues(kind, "error").Inc()
				return err
			}
			tasksProcessed.WithLabelValues(kind, "ok").Inc()
			if id, ok := asynq.GetTaskID(ctx); ok && !*marked {
				// Mark the outbox row finished; tasks not from the outbox
				// (periodic ones) have no uuid id and no row.
				if isUUID(id) {
					m.db.Conn(ctx).Exec(`UPDATE outbox SET done_at = now() WHERE id = ? AND done_at IS NULL`, id) //nolint:errcheck
				}
			}
			return nil
		})
	}
	return sm
}

// Worker is an asynq server plus the outbox relay.
type Worker struct {
	srv   *asynq.Server
	mux   *Mux
	relay *Relay
	log   *slog.Logger
}

// WorkerOptions configure a worker.
type WorkerOptions struct {
	Queue       string
	Concurrency int
	Logger      *slog.Logger
	// RetryDelay overrides asynq's exponential back-off (tests shorten it).
	RetryDelay func(n int, err error, t *asynq.Task) time.Duration
	// PollInterval overrides how often retries and scheduled tasks are moved
	// back to pending (asynq's default is 5 s).
	PollInterval time.Duration
}

// NewWorker builds a worker that serves mux on the queue.
func NewWorker(db *database.DB, conn *Conn, mux *Mux, o WorkerOptions) *Worker {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	cfg := asynq.Config{
		Concurrency:     o.Concurrency,
		Queues:          map[string]int{o.Queue: 1},
		Logger:          asynqLogger{o.Logger},
		LogLevel:        asynq.WarnLevel,
		ShutdownTimeout: 20 * time.Second,
	}
	if o.PollInterval > 0 {
		cfg.DelayedTaskCheckInterval = o.PollInterval
		cfg.TaskCheckInterval = o.PollInterval
	}
	if o.RetryDelay != nil {
		cfg.RetryDelayFunc = o.RetryDelay
	}
	return &Worker{srv: asynq.NewServer(conn.opt, cfg), mux: mux, relay: NewRelay(db, conn, o.Logger), log: o.Logger}
}

// Run processes tasks and relays the outbox until ctx ends.
func (w *Worker) Run(ctx context.Context) error {
	if err := w.srv.Start(w.mux.serveMux()); err != nil {
		return err
	}
	w.relay.Run(ctx)
	w.srv.Shutdown()
	return w.relay.Close()
}

type asynqLogger struct{ l *slog.Logger }

func (a asynqLogger) Debug(args ...any) { a.l.Debug(fmtArgs(args)) }
func (a asynqLogger) Info(args ...any)  { a.l.Info(fmtArgs(args)) }
func (a asynqLogger) Warn(args ...any)  { a.l.Warn(fmtArgs(args)) }
func (a asynqLogger) Error(args ...any) { a.l.Error(fmtArgs(args)) }
func (a asynqLogger) Fatal(args ...any) { a.l.Error(fmtArgs(args)) }

func fmtArgs(args []any) string {
	s := ""
	for i, a := range args {
		if i > 0 {
			s += " "
		}
		if str, ok := a.(string); ok {
			s += str
		} else if err, ok := a.(error); ok {
			s += err.Error()
		}
	}
	return "asynq: " + s
}
