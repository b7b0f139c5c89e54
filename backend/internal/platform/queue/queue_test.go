package queue

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"teyi/backend/internal/platform/database"
	"teyi/backend/internal/platform/testsupport"
)

type harness struct {
	t      *testing.T
	db     *database.DB
	conn   *Conn
	queue  string
	outbox *Outbox
	mux    *Mux
	calls  atomic.Int64 // handler invocations, effects or not
	fail   atomic.Bool  // make the handler fail
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func newHarness(t *testing.T) *harness {
	t.Helper()
	db, dsn := testsupport.NewDB(t)
	conn, err := Connect(testsupport.RedisURL())
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.Ping(context.Background()); err != nil {
		t.Fatalf("redis: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	testsupport.AdminExec(t, dsn, `CREATE TABLE effects (key text NOT NULL, at timestamptz DEFAULT now())`,
		`GRANT SELECT, INSERT ON effects TO teyi_app`)
	h := &harness{t: t, db: db, conn: conn, queue: testsupport.UniqueName("q"), mux: NewMux(db)}
	h.outbox = NewOutbox(db, h.queue)
	t.Cleanup(func() {
		in := conn.Inspector()
		in.DeleteQueue(h.queue, true) //nolint:errcheck
		in.Close()
	})
	h.mux.Handle("test:effect", func(ctx context.Context, task *asynq.Task) error {
		h.calls.Add(1)
		if h.fail.Load() {
			return errors.New("deliberate failure")
		}
		var p struct{ Key string }
		if err := json.Unmarshal(task.Payload(), &p); err != nil {
			return err
		}
		_, err := Once(ctx, db, "test:effect", p.Key, func(ctx context.Context) error {
			return db.Conn(ctx).Exec(`INSERT INTO effects (key) VALUES (?)`, p.Key).Error
		})
		return err
	})
	return h
}

// startWorker runs a worker (without its relay loop when relay is false).
func (h *harness) startWorker(relay bool) func() {
	w := NewWorker(h.db, h.conn, h.mux, WorkerOptions{Queue: h.queue, Concurrency: 4, Logger: quiet,
		PollInterval: 100 * time.Millisecond,
		RetryDelay:   func(int, error, *asynq.Task) time.Duration { return 10 * time.Millisecond }})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	if relay {
		go func() { w.Run(ctx); close(done) }() //nolint:errcheck
	} else {
		if err := w.srv.Start(h.mux.serveMux()); err != nil {
			h.t.Fatal(err)
		}
		go func() { <-ctx.Done(); w.srv.Shutdown(); close(done) }()
	}
	return func() { cancel(); <-done }
}

func (h *harness) add(ctx context.Context, key string) string {
	h.t.Helper()
	var id string
	err := h.db.WithTx(ctx, func(ctx context.Context) error {
		var err error
		id, err = h.outbox.Add(ctx, Message{Kind: "test:effect", Payload: map[string]string{"Key": key}, BusinessKey: key, MaxRetry: 2})
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

func (h *harness) effects(key string) int64 {
	var n int64
	h.db.Conn(context.Background()).Raw(`SELECT count(*) FROM effects WHERE key = ?`, key).Scan(&n)
	return n
}

func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (h *harness) rowDone(id string) bool {
	var done bool
	h.db.Conn(context.Background()).Raw(`SELECT done_at IS NOT NULL FROM outbox WHERE id = ?`, id).Scan(&done)
	return done
}

func (h *harness) queueEmpty() bool {
	admin := NewAdmin(h.conn, h.queue)
	defer admin.Close()
	p, a, r, _, err := admin.Sizes()
	if err != nil {
		h.t.Logf("queue sizes: %v", err)
	}
	return err == nil && p+a+r == 0
}

func TestCommittedTransactionRunsItsTaskExactlyOnce(t *testing.T) {
	h := newHarness(t)
	stop := h.startWorker(true)
	defer stop()
	id := h.add(context.Background(), "k1")
	h.waitFor("outbox row done", func() bool { return h.rowDone(id) })
	h.waitFor("queue drained", h.queueEmpty)
	if n := h.effects("k1"); n != 1 {
		t.Fatalf("effects = %d, want 1", n)
	}
	if c := h.calls.Load(); c != 1 {
		t.Fatalf("handler ran %d times, want 1", c)
	}
}

func TestRolledBackTransactionEnqueuesNothing(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	err := h.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := h.outbox.Add(ctx, Message{Kind: "test:effect", Payload: map[string]string{"Key": "gone"}}); err != nil {
			return err
		}
		return errors.New("use case failed")
	})
	if err == nil {
		t.Fatal("want the use case error")
	}
	r := NewRelay(h.db, h.conn, quiet)
	defer r.Close()
	n, err := r.RelayOnce(ctx)
	if err != nil || n != 0 {
		t.Fatalf("relayed %d rows (err %v), want 0", n, err)
	}
	var rows int64
	h.db.Conn(ctx).Raw(`SELECT count(*) FROM outbox`).Scan(&rows)
	if rows != 0 {
		t.Fatalf("outbox has %d rows after rollback", rows)
	}
	if !h.queueEmpty() {
		t.Fatal("queue is not empty")
	}
}

func TestAddOutsideTransactionIsRefused(t *testing.T) {
	h := newHarness(t)
	_, err := h.outbox.Add(context.Background(), Message{Kind: "test:effect"})
	if !errors.Is(err, ErrNoTransaction) {
		t.Fatalf("got %v, want ErrNoTransaction", err)
	}
}

func TestHandlerDeliveredTwiceHasOneEffect(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	id := h.add(ctx, "twice")
	// Deliver the same task twice by hand, as asynq would after a lost ack.
	client := h.conn.Client()
	defer client.Close()
	payload, _ := json.Marshal(map[string]string{"Key": "twice"})
	for i := 0; i < 2; i++ {
		if _, err := client.Enqueue(asynq.NewTask("test:effect", payload), asynq.Queue(h.queue), asynq.TaskID(id)); err != nil {
			t.Fatal(err)
		}
		stop := h.startWorker(false)
		h.waitFor("handler call", func() bool { return h.calls.Load() == int64(i+1) })
		h.waitFor("queue drained", h.queueEmpty)
		stop()
	}
	if n := h.effects("twice"); n != 1 {
		t.Fatalf("effects = %d after two deliveries, want 1", n)
	}
}

func TestRelayDyingBeforeMarkingDoesNotDoubleTheEffect(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	ids := []string{h.add(ctx, "a"), h.add(ctx, "b"), h.add(ctx, "c")}
	crashing := NewRelay(h.db, h.conn, quiet)
	crashing.afterEnqueue = func() error { return errors.New("relay killed") }
	if _, err := crashing.RelayOnce(ctx); err == nil {
		t.Fatal("want the simulated crash")
	}
	crashing.Close()
	var pending int64
	h.db.Conn(ctx).Raw(`SELECT count(*) FROM outbox WHERE enqueued_at IS NULL`).Scan(&pending)
	if pending != 3 {
		t.Fatalf("%d rows still pending, want 3 (the mark was rolled back)", pending)
	}
	// Tasks are in Redis; the worker runs them, then a healthy relay sends
	// the same rows again.
	stop := h.startWorker(false)
	defer stop()
	h.waitFor("first effects", func() bool { return h.effects("a")+h.effects("b")+h.effects("c") == 3 })
	relay := NewRelay(h.db, h.conn, quiet)
	defer relay.Close()
	if n, err := relay.RelayOnce(ctx); err != nil || n != 3 {
		t.Fatalf("second relay: %d rows, %v", n, err)
	}
	for _, id := range ids {
		h.waitFor("row done", func() bool { return h.rowDone(id) })
	}
	h.waitFor("queue drained", h.queueEmpty)
	for _, k := range []string{"a", "b", "c"} {
		if n := h.effects(k); n != 1 {
			t.Errorf("effect %s happened %d times, want 1", k, n)
		}
	}
}

func TestReconcilerReenqueuesStaleRow(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	id := h.add(ctx, "lost")
	// The row was enqueued long ago, but Redis lost the task.
	if err := h.db.Conn(ctx).Exec(`UPDATE outbox SET enqueued_at = now() - interval '1 hour', enqueue_count = 1 WHERE id = ?`, id).Error; err != nil {
		t.Fatal(err)
	}
	rec := NewReconciler(h.db, h.conn, time.Minute, quiet)
	defer rec.Close()
	res, err := rec.ReconcileOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Requeued != 1 {
		t.Fatalf("reconciler: %+v, want 1 requeued", res)
	}
	stop := h.startWorker(true)
	defer stop()
	h.waitFor("stale row done", func() bool { return h.rowDone(id) })
	if n := h.effects("lost"); n != 1 {
		t.Fatalf("effects = %d, want 1", n)
	}
	// A fresh unfinished row is left alone.
	fresh := h.add(ctx, "fresh")
	h.db.Conn(ctx).Exec(`UPDATE outbox SET enqueued_at = now() WHERE id = ?`, fresh)
	res, _ = rec.ReconcileOnce(ctx)
	if res.Checked != 0 {
		t.Fatalf("reconciler touched a fresh row: %+v", res)
	}
}

func TestExhaustedTaskIsArchivedAndReplayable(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.fail.Store(true)
	stop := h.startWorker(true)
	defer stop()
	id := h.add(ctx, "flaky")
	admin := NewAdmin(h.conn, h.queue)
	defer admin.Close()
	h.waitFor("task archived", func() bool {
		a, _ := admin.Archived()
		return len(a) == 1 && a[0].ID == id
	})
	a, _ := admin.Archived()
	if a[0].LastError != "deliberate failure" || a[0].Kind != "test:effect" {
		t.Fatalf("archived task: %+v", a[0])
	}
	if h.effects("flaky") != 0 || h.rowDone(id) {
		t.Fatal("a failed task must leave no effect and an unfinished row")
	}
	// The reconciler records the archive on the row instead of re-enqueueing.
	h.db.Conn(ctx).Exec(`UPDATE outbox SET enqueued_at = now() - interval '1 hour' WHERE id = ?`, id)
	rec := NewReconciler(h.db, h.conn, time.Minute, quiet)
	defer rec.Close()
	if res, err := rec.ReconcileOnce(ctx); err != nil || res.Archived != 1 {
		t.Fatalf("reconcile archived: %+v %v", res, err)
	}
	h.fail.Store(false)
	if err := admin.Replay(id); err != nil {
		t.Fatal(err)
	}
	h.waitFor("replayed row done", func() bool { return h.rowDone(id) })
	if n := h.effects("flaky"); n != 1 {
		t.Fatalf("effects after replay = %d, want 1", n)
	}
}

func TestSecondSchedulerStaysIdleUntilTheFirstStops(t *testing.T) {
	h := newHarness(t)
	tasks := []Periodic{{Spec: "@every 1h", Kind: "test:noop"}}
	first := NewScheduler(h.conn, h.queue, tasks, quiet)
	second := NewScheduler(h.conn, h.queue, tasks, quiet)
	first.lease, second.lease = 600*time.Millisecond, 600*time.Millisecond
	ctx1, stop1 := context.WithCancel(context.Background())
	done1 := make(chan struct{})
	go func() { first.Run(ctx1); close(done1) }() //nolint:errcheck
	if !<-first.Leadership() {
		t.Fatal("first scheduler did not lead")
	}
	ctx2, stop2 := context.WithCancel(context.Background())
	defer stop2()
	go second.Run(ctx2) //nolint:errcheck
	select {
	case v := <-second.Leadership():
		t.Fatalf("second scheduler changed leadership to %v while the first leads", v)
	case <-time.After(1500 * time.Millisecond):
	}
	stop1()
	<-done1
	select {
	case v := <-second.Leadership():
		if !v {
			t.Fatal("second scheduler reported stepping down")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("second scheduler did not take over")
	}
}
