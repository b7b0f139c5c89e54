package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/hibiken/asynq"

	"teyi/backend/internal/platform/database"
)

// Relay moves committed outbox rows into asynq. Any number of relays may run:
// each claims rows with FOR UPDATE SKIP LOCKED.
type Relay struct {
	db       *database.DB
	client   *asynq.Client
	log      *slog.Logger
	batch    int
	interval time.Duration
	// afterEnqueue runs after the batch is enqueued and before the rows are
	// marked; tests use it to simulate a relay that dies in between.
	afterEnqueue func() error
}

// NewRelay builds a relay over conn.
func NewRelay(db *database.DB, conn *Conn, log *slog.Logger) *Relay {
	return &Relay{db: db, client: conn.Client(), log: log, batch: 500, interval: 200 * time.Millisecond}
}

// Close releases the asynq client.
func (r *Relay) Close() error { return r.client.Close() }

// Run relays until ctx ends.
func (r *Relay) Run(ctx context.Context) {
	t := time.NewTicker(r.interval)
	defer t.Stop()
	for {
		n, err := r.RelayOnce(ctx)
		if err != nil && ctx.Err() == nil {
			r.log.Warn("outbox relay", "err", err.Error())
		}
		if n == r.batch {
			continue // more waiting: go on at once
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RelayOnce enqueues one batch of pending rows and returns how many.
func (r *Relay) RelayOnce(ctx context.Context) (int, error) {
	var n int
	err := r.db.WithTx(ctx, func(ctx context.Context) error {
		var rows []Row
		err := r.db.Conn(ctx).Raw(`SELECT id, kind, queue, payload, max_retry FROM outbox
			WHERE enqueued_at IS NULL ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED`, r.batch).Scan(&rows).Error
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		ids := make([]string, 0, len(rows))
		for _, row := range rows {
			if err := r.enqueue(ctx, row); err != nil {
				return err
			}
			ids = append(ids, row.ID)
		}
		if r.afterEnqueue != nil {
			if err := r.afterEnqueue(); err != nil {
				return err
			}
		}
		n = len(ids)
		outboxRelayed.Add(float64(n))
		return r.db.Conn(ctx).Exec(`UPDATE outbox SET enqueued_at = now(), enqueue_count = enqueue_count + 1
			WHERE id = ANY(?::uuid[])`, pgArray(ids)).Error
	})
	return n, err
}

func (r *Relay) enqueue(ctx context.Context, row Row) error {
	task := asynq.NewTask(row.Kind, row.Payload)
	_, err := r.client.EnqueueContext(ctx, task,
		asynq.TaskID(row.ID), asynq.Queue(row.Queue), asynq.MaxRetry(row.MaxRetry), asynq.Timeout(30*time.Minute))
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		return nil // already in the queue: an earlier relay got this far
	}
	if err != nil {
		return fmt.Errorf("enqueue %s: %w", row.ID, err)
	}
	return nil
}

// pgArray renders ids as a PostgreSQL array literal.
func pgArray(ids []string) string {
	b := make([]byte, 0, len(ids)*37+2)
	b = append(b, '{')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, id...)
	}
	return string(append(b, '}'))
}
