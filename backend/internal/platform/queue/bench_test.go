package queue

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"teyi/backend/internal/platform/testsupport"
)

// BenchmarkOutboxEndToEnd measures P8: tasks written to the outbox in
// committed transactions (100 per transaction), relayed to Redis and run by
// a worker whose handler writes one PostgreSQL row per task through Once.
// The figure is tasks per second from the first commit to the last effect.
func BenchmarkOutboxEndToEnd(b *testing.B) {
	db, dsn := testsupport.NewDB(b)
	testsupport.AdminExec(b, dsn, `CREATE TABLE effects (key text NOT NULL, at timestamptz DEFAULT now())`,
		`GRANT SELECT, INSERT ON effects TO teyi_app`)
	conn, err := Connect(testsupport.RedisURL())
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	q := testsupport.UniqueName("bench")
	defer func() { in := conn.Inspector(); in.DeleteQueue(q, true); in.Close() }() //nolint:errcheck
	mux := NewMux(db)
	mux.Handle("bench:effect", func(ctx context.Context, t *asynq.Task) error {
		var p struct{ Key string }
		if err := json.Unmarshal(t.Payload(), &p); err != nil {
			return err
		}
		_, err := Once(ctx, db, "bench:effect", p.Key, func(ctx context.Context) error {
			return db.Conn(ctx).Exec(`INSERT INTO effects (key) VALUES (?)`, p.Key).Error
		})
		return err
	})
	w := NewWorker(db, conn, mux, WorkerOptions{Queue: q, Concurrency: benchConcurrency, Logger: quiet})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }() //nolint:errcheck
	defer func() { cancel(); <-done }()
	ob := NewOutbox(db, q)
	n := b.N
	if n < 1000 {
		n = 1000
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < n; i += 100 {
		err := db.WithTx(context.Background(), func(ctx context.Context) error {
			for j := i; j < i+100 && j < n; j++ {
				if _, err := ob.Add(ctx, Message{Kind: "bench:effect", Payload: map[string]string{"Key": fmt.Sprint("k", j)}}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	for {
		var got int64
		db.Conn(context.Background()).Raw(`SELECT count(*) FROM effects`).Scan(&got)
		if got >= int64(n) {
			break
		}
		if time.Since(start) > 5*time.Minute {
			b.Fatalf("only %d of %d effects after 5 minutes", got, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
	b.StopTimer()
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "tasks/s")
}

// benchConcurrency is the worker's concurrency in the benchmark; tasks wait
// mostly on PostgreSQL commits and Redis round trips, not on CPU.
const benchConcurrency = 64
