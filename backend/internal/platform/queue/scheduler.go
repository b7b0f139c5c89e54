package queue

import (
	"context"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// Periodic is one scheduled task.
type Periodic struct {
	// Spec is a cron spec or "@every 1m".
	Spec string
	Kind string
}

// Scheduler enqueues periodic tasks. Exactly one runs in a deployment: each
// scheduler process competes for a Redis lease, and only the holder runs
// asynq's scheduler; the others stay idle and take over when the lease lapses.
type Scheduler struct {
	conn    *Conn
	queue   string
	tasks   []Periodic
	log     *slog.Logger
	id      string
	lockKey string
	lease   time.Duration
	leader  chan bool
}

// NewScheduler builds a scheduler for the queue.
func NewScheduler(conn *Conn, queue string, tasks []Periodic, log *slog.Logger) *Scheduler {
	return &Scheduler{conn: conn, queue: queue, tasks: tasks, log: log, id: uuid.NewString(),
		lockKey: "teyi:" + queue + ":scheduler:leader", lease: 15 * time.Second, leader: make(chan bool, 16)}
}

// Leadership reports changes of leadership (for tests and logs).
func (s *Scheduler) Leadership() <-chan bool { return s.leader }

var renewScript = redis.NewScript(`if redis.call("get", KEYS[1]) == ARGV[1] then
  return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`)

var releaseScript = redis.NewScript(`if redis.call("get", KEYS[1]) == ARGV[1] then
  return redis.call("del", KEYS[1]) else return 0 end`)

// Run competes for leadership until ctx ends.
func (s *Scheduler) Run(ctx context.Context) error {
	tick := time.NewTicker(s.lease / 3)
	defer tick.Stop()
	var running *asynq.Scheduler
	stop := func() {
		if running != nil {
			running.Shutdown()
			running = nil
			s.notify(false)
			s.log.Info("scheduler: stepped down")
		}
	}
	defer func() {
		stop()
		releaseScript.Run(context.Background(), s.conn.redis, []string{s.lockKey}, s.id) //nolint:errcheck
	}()
	for {
		held := s.holdLease(ctx, running != nil)
		switch {
		case held && running == nil:
			sch, err := s.start()
			if err != nil {
				s.log.Error("scheduler: start", "err", err.Error())
			} else {
				running = sch
				s.notify(true)
				s.log.Info("scheduler: leading", "tasks", len(s.tasks))
			}
		case !held:
			stop()
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

func (s *Scheduler) holdLease(ctx context.Context, leading bool) bool {
	if leading {
		n, err := renewScript.Run(ctx, s.conn.redis, []string{s.lockKey}, s.id, s.lease.Milliseconds()).Int()
		return err == nil && n == 1
	}
	ok, err := s.conn.redis.SetNX(ctx, s.lockKey, s.id, s.lease).Result()
	return err == nil && ok
}

func (s *Scheduler) start() (*asynq.Scheduler, error) {
	sch := asynq.NewScheduler(s.conn.opt, &asynq.SchedulerOpts{Logger: asynqLogger{s.log}, LogLevel: asynq.WarnLevel})
	for _, p := range s.tasks {
		if _, err := sch.Register(p.Spec, asynq.NewTask(p.Kind, nil), asynq.Queue(s.queue), asynq.MaxRetry(1)); err != nil {
			return nil, err
		}
	}
	if err := sch.Start(); err != nil {
		return nil, err
	}
	return sch, nil
}

func (s *Scheduler) notify(v bool) {
	select {
	case s.leader <- v:
	default:
	}
}
