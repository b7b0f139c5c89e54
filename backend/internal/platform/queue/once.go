package queue

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"

	"teyi/backend/internal/platform/database"
)

// Once runs effect at most once for key: it records the key in task_effects
// and runs effect in the same transaction. A second delivery finds the key and
// returns without running effect. The effect must do its work through
// db.Conn(ctx) to be covered.
func Once(ctx context.Context, db *database.DB, kind, key string, effect func(ctx context.Context) error) (ran bool, err error) {
	if key == "" {
		return false, errors.New("queue.Once: empty business key")
	}
	taskID, _ := asynq.GetTaskID(ctx)
	err = db.WithTx(ctx, func(ctx context.Context) error {
		res := db.Conn(ctx).Exec(`INSERT INTO task_effects (key, kind, task_id) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING`,
			key, kind, taskID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return nil
		}
		ran = true
		if err := effect(ctx); err != nil {
			return err
		}
		// Mark the outbox row in the same commit as the effect.
		if marked, ok := ctx.Value(doneKey{}).(*bool); ok && isUUID(taskID) {
			if err := db.Conn(ctx).Exec(`UPDATE outbox SET done_at = now() WHERE id = ? AND done_at IS NULL`, taskID).Error; err != nil {
				return err
			}
			*marked = true
		}
		return nil
	})
	if err != nil {
		ran = false
	}
	return ran, err
}

type doneKey struct{}

func isUUID(s string) bool { _, err := uuid.Parse(s); return err == nil }
