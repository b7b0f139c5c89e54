// Package queue runs Teyi's background work on asynq and Redis, fed by a
// transactional outbox in PostgreSQL.
//
// A use case writes an outbox row with Outbox.Add inside its transaction, so
// the side effect exists exactly when the change commits. The Relay (in every
// worker) enqueues pending rows as asynq tasks whose TaskID is the row id; a
// relay that dies between enqueueing and marking the row re-enqueues it later
// and asynq refuses the duplicate id. The Reconciler re-enqueues rows that
// stayed unfinished too long (for example when Redis lost them). Handlers make
// their effects idempotent with Once, keyed by a business key, so a task
// delivered twice has one effect. Tasks that exhaust their retries stay in
// asynq's archive, visible and replayable (Admin).
package queue

import (
	"context"
	"fmt"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

func init() {
	// go-redis prints dial failures itself; readiness already reports them.
	redis.SetLogger(silentRedisLog{})
}

type silentRedisLog struct{}

func (silentRedisLog) Printf(context.Context, string, ...any) {}

// Conn holds the Redis connection settings shared by client, server,
// scheduler and inspector.
type Conn struct {
	opt   asynq.RedisConnOpt
	redis *redis.Client
}

// Connect parses a redis:// URL.
func Connect(redisURL string) (*Conn, error) {
	opt, err := asynq.ParseRedisURI(redisURL)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	ro, err := redis.ParseURL(redisURL)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	ro.DialTimeout = 2 * time.Second
	ro.ReadTimeout = 2 * time.Second
	ro.WriteTimeout = 2 * time.Second
	return &Conn{opt: opt, redis: redis.NewClient(ro)}, nil
}

// Redis is a plain client for locks and health checks.
func (c *Conn) Redis() *redis.Client { return c.redis }

// Ping checks Redis is reachable.
func (c *Conn) Ping(ctx context.Context) error { return c.redis.Ping(ctx).Err() }

// Close closes the plain client.
func (c *Conn) Close() error { return c.redis.Close() }

// Client enqueues tasks directly (the relay uses it; use cases use Outbox).
func (c *Conn) Client() *asynq.Client { return asynq.NewClient(c.opt) }

// Inspector gives access to queues and archived tasks.
func (c *Conn) Inspector() *asynq.Inspector { return asynq.NewInspector(c.opt) }
