package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"teyi/backend/internal/platform/database"
)

// ErrNoTransaction is returned when Add is called outside a transaction: an
// outbox row written on its own would not commit together with the change.
var ErrNoTransaction = errors.New("outbox: Add must run inside database.WithTx")

// Message is one side effect to run after commit.
type Message struct {
	// Kind is the asynq task type, e.g. "specialcase:notify".
	Kind string
	// Payload is encoded as JSON.
	Payload any
	// BusinessKey identifies the effect for idempotent handlers (optional).
	BusinessKey string
	// MaxRetry defaults to 10.
	MaxRetry int
}

// Outbox writes messages in the caller's transaction.
type Outbox struct {
	db    *database.DB
	queue string
}

// NewOutbox writes to the given asynq queue.
func NewOutbox(db *database.DB, queue string) *Outbox { return &Outbox{db: db, queue: queue} }

// Add records m in the transaction carried by ctx and returns the row id,
// which becomes the asynq TaskID.
func (o *Outbox) Add(ctx context.Context, m Message) (string, error) {
	if !database.InTx(ctx) {
		return "", ErrNoTransaction
	}
	if m.Kind == "" {
		return "", errors.New("outbox: message without kind")
	}
	payload, err := json.Marshal(m.Payload)
	if err != nil {
		return "", fmt.Errorf("outbox payload: %w", err)
	}
	if m.Payload == nil {
		payload = []byte("{}")
	}
	retry := m.MaxRetry
	if retry == 0 {
		retry = 10
	}
	id := uuid.Must(uuid.NewV7()).String()
	var key *string
	if m.BusinessKey != "" {
		key = &m.BusinessKey
	}
	err = o.db.Conn(ctx).Exec(
		`INSERT INTO outbox (id, kind, queue, payload, business_key, max_retry, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id, m.Kind, o.queue, payload, key, retry, time.Now().UTC()).Error
	if err != nil {
		return "", fmt.Errorf("outbox add: %w", err)
	}
	return id, nil
}

// Row is an outbox row as the relay and the admin pages see it.
type Row struct {
	ID           string
	Kind         string
	Queue        string
	Payload      []byte
	BusinessKey  *string
	MaxRetry     int
	CreatedAt    time.Time
	EnqueuedAt   *time.Time
	EnqueueCount int
	DoneAt       *time.Time
	LastError    *string
}

// Stats counts outbox rows by state.
type Stats struct {
	Pending, Enqueued, Done int64
}

// OutboxStats reports how many rows wait, are in flight and are done.
func OutboxStats(ctx context.Context, db *database.DB) (Stats, error) {
	var s Stats
	err := db.Conn(ctx).Raw(`SELECT
		count(*) FILTER (WHERE enqueued_at IS NULL),
		count(*) FILTER (WHERE enqueued_at IS NOT NULL AND done_at IS NULL),
		count(*) FILTER (WHERE done_at IS NOT NULL) FROM outbox`).Row().Scan(&s.Pending, &s.Enqueued, &s.Done)
	return s, err
}
