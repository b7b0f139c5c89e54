package queue

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/hibiken/asynq"

	"teyi/backend/internal/platform/database"
)

// TaskReconcile is the periodic task that runs the reconciler.
const TaskReconcile = "outbox:reconcile"

// Reconciler finds outbox rows enqueued long ago and never finished. If asynq
// no longer knows the task (Redis lost it, or it finished without marking), it
// is handed back to the relay; if asynq archived it after its retries, the row
// records that and stays for an administrator to replay.
type Reconciler struct {
	db        *database.DB
	inspector *asynq.Inspector
	log       *slog.Logger
	staleAge  time.Duration
}

// NewReconciler builds a reconciler; rows older than staleAge are checked.
func NewReconciler(db *database.DB, conn *Conn, staleAge time.Duration, log *slog.Logger) *Reconciler {
	return &Reconciler{db: db, inspector: conn.Inspector(), log: log, staleAge: staleAge}
}

// Close releases the inspector.
func (r *Reconciler) Close() error { return r.inspector.Close() }

// ReconcileResult says what one pass did.
type ReconcileResult struct {
	Checked, Requeued, Archived int
}

// ReconcileOnce checks stale rows once.
func (r *Reconciler) ReconcileOnce(ctx context.Context) (ReconcileResult, error) {
	var res ReconcileResult
	var rows []Row
	cutoff := time.Now().UTC().Add(-r.staleAge)
	err := r.db.Conn(ctx).Raw(`SELECT id, queue FROM outbox WHERE done_at IS NULL AND enqueued_at IS NOT NULL
		AND enqueued_at < ? ORDER BY enqueued_at LIMIT 1000`, cutoff).Scan(&rows).Error
	if err != nil {
		return res, err
	}
	for _, row := range rows {
		res.Checked++
		info, err := r.inspector.GetTaskInfo(row.Queue, row.ID)
		switch {
		case errors.Is(err, asynq.ErrTaskNotFound) || errors.Is(err, asynq.ErrQueueNotFound):
			if err := r.db.Conn(ctx).Exec(`UPDATE outbox SET enqueued_at = NULL WHERE id = ? AND done_at IS NULL`, row.ID).Error; err != nil {
				return res, err
			}
			res.Requeued++
		case err != nil:
			return res, err
		case info.State == asynq.TaskStateArchived:
			msg := "archived after retries: " + info.LastErr
			if err := r.db.Conn(ctx).Exec(`UPDATE outbox SET last_error = ?, enqueued_at = now() WHERE id = ?`, msg, row.ID).Error; err != nil {
				return res, err
			}
			res.Archived++
		default:
			// still pending, scheduled, active or retrying: leave it
		}
	}
	if res.Requeued > 0 {
		outboxRequeued.Add(float64(res.Requeued))
		r.log.Warn("outbox reconciler re-enqueued stale rows", "count", res.Requeued)
	}
	return res, nil
}
