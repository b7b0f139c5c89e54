package queue

import (
	"time"

	"github.com/hibiken/asynq"
)

// ArchivedTask is a task that exhausted its retries.
type ArchivedTask struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	Queue     string    `json:"queue"`
	Retried   int       `json:"retried"`
	LastError string    `json:"last_error"`
	FailedAt  time.Time `json:"failed_at"`
}

// Admin lists and replays archived tasks.
type Admin struct {
	in    *asynq.Inspector
	queue string
}

// NewAdmin inspects the queue.
func NewAdmin(conn *Conn, queue string) *Admin { return &Admin{in: conn.Inspector(), queue: queue} }

// Close releases the inspector.
func (a *Admin) Close() error { return a.in.Close() }

// Archived lists archived tasks (at most 1000).
func (a *Admin) Archived() ([]ArchivedTask, error) {
	if ok, err := a.exists(); err != nil || !ok {
		return nil, err
	}
	infos, err := a.in.ListArchivedTasks(a.queue, asynq.PageSize(1000))
	if err != nil {
		return nil, err
	}
	out := make([]ArchivedTask, 0, len(infos))
	for _, i := range infos {
		out = append(out, ArchivedTask{ID: i.ID, Kind: i.Type, Queue: i.Queue, Retried: i.Retried, LastError: i.LastErr, FailedAt: i.LastFailedAt})
	}
	return out, nil
}

// Replay moves one archived task back to pending; its handler runs again and
// its idempotency key prevents a second effect.
func (a *Admin) Replay(id string) error { return a.in.RunTask(a.queue, id) }

// ReplayAll moves every archived task back to pending.
func (a *Admin) ReplayAll() (int, error) {
	if ok, err := a.exists(); err != nil || !ok {
		return 0, err
	}
	return a.in.RunAllArchivedTasks(a.queue)
}

// exists reports whether asynq has seen the queue; the inspector's errors
// for unknown queues do not unwrap to asynq.ErrQueueNotFound.
func (a *Admin) exists() (bool, error) {
	qs, err := a.in.Queues()
	if err != nil {
		return false, err
	}
	for _, q := range qs {
		if q == a.queue {
			return true, nil
		}
	}
	return false, nil
}

// Sizes reports the queue's pending, active, retry and archived counts.
func (a *Admin) Sizes() (pending, active, retry, archived int, err error) {
	if ok, err := a.exists(); err != nil || !ok {
		return 0, 0, 0, 0, err
	}
	info, err := a.in.GetQueueInfo(a.queue)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	return info.Pending + info.Scheduled, info.Active, info.Retry, info.Archived, nil
}
