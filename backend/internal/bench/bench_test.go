package bench_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"teyi/backend/internal/bench"
	"teyi/backend/internal/bench/benchtest"
)

func TestPercentileIsNearestRank(t *testing.T) {
	var xs []time.Duration
	for i := 1; i <= 100; i++ {
		xs = append(xs, time.Duration(i)*time.Millisecond)
	}
	rand.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
	l := bench.Summarise(xs)
	want := bench.Latencies{P50: 50 * time.Millisecond, P90: 90 * time.Millisecond, P95: 95 * time.Millisecond,
		P99: 99 * time.Millisecond, Max: 100 * time.Millisecond}
	if l != want {
		t.Fatalf("1..100 ms: got %+v, want %+v", l, want)
	}

	ten := []time.Duration{10, 1, 9, 2, 8, 3, 7, 4, 6, 5}
	l = bench.Summarise(ten)
	if l.P50 != 5 || l.P90 != 9 || l.P95 != 10 || l.P99 != 10 || l.Max != 10 {
		t.Fatalf("1..10: got %+v", l)
	}
	if l := bench.Summarise([]time.Duration{7}); l.P50 != 7 || l.P99 != 7 || l.Max != 7 {
		t.Fatalf("one sample: got %+v", l)
	}
	if l := bench.Summarise(nil); l != (bench.Latencies{}) {
		t.Fatalf("no samples: got %+v", l)
	}
	if p := bench.Percentile([]time.Duration{1, 2, 3, 4}, 25); p != 1 {
		t.Fatalf("p25 of 1..4 = %d, want 1", p)
	}
}

// getWorkload sends GET url?i=N.
type getWorkload struct{ url string }

func (g getWorkload) Next(ctx context.Context, i int) (bench.Op, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, g.url+"?i="+strconv.Itoa(i), nil)
	return bench.Op{Req: req, Label: "get"}, err
}

// The open model: a server that serves one request at a time in 50 ms can
// do 20/s; sent 100/s the queue grows by 80 requests a second, and the
// latency, timed from the due time, must show it.
func TestLatencyCountsQueueingAtTheServer(t *testing.T) {
	t.Parallel()
	var mu, serve sync.Mutex
	var inFlight, peak int
	srv := newHandlerServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		peak = max(peak, inFlight)
		mu.Unlock()
		serve.Lock() // concurrency 1
		time.Sleep(50 * time.Millisecond)
		serve.Unlock()
		mu.Lock()
		inFlight--
		mu.Unlock()
		w.Write([]byte("ok"))
	})
	start := time.Now()
	res, err := bench.Run(context.Background(), bench.Options{Rate: 100, Duration: 300 * time.Millisecond,
		Timeout: 5 * time.Second}, getWorkload{srv})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 30 || res.Errors != 0 {
		t.Fatalf("requests %d, errors %d (%v); want 30 and 0", res.Requests, res.Errors, res.ErrorKinds)
	}
	// The last request is due at 290 ms and served after the other 29: about
	// 30 × 50 ms − 290 ms ≈ 1.2 s. A closed loop would report ~50 ms.
	if res.Latency.P99 < 800*time.Millisecond || res.Latency.P50 < 300*time.Millisecond {
		t.Fatalf("latency %+v does not show the queue (p99 should be ~1.2 s, far above the 50 ms service time)", res.Latency)
	}
	mu.Lock()
	defer mu.Unlock()
	if peak < 10 {
		t.Fatalf("at most %d requests were open at once; the schedule waited for answers", peak)
	}
	if res.MaxLag > 100*time.Millisecond {
		t.Fatalf("requests left up to %s late; the schedule must not wait for answers", res.MaxLag)
	}
	if res.Rate > 30 {
		t.Fatalf("achieved %.1f/s; the server can only do ~20/s", res.Rate)
	}
	t.Logf("%s: %+v, rate %.1f/s", time.Since(start).Round(time.Millisecond), res.Latency, res.Rate)
}

// Limiting connections on the client also queues, and that counts too.
func TestLatencyCountsWaitingForAConnection(t *testing.T) {
	t.Parallel()
	srv := newHandlerServer(t, func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(40 * time.Millisecond)
	})
	res, err := bench.Run(context.Background(), bench.Options{Rate: 100, Duration: 200 * time.Millisecond,
		Timeout: 5 * time.Second, Client: bench.NewClient(1, 5*time.Second)}, getWorkload{srv})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 20 || res.Latency.P99 < 400*time.Millisecond {
		t.Fatalf("requests %d, latency %+v; want 20 with p99 ≈ 20 × 40 ms − 190 ms", res.Requests, res.Latency)
	}
}

func TestErrorsAreCountedByKind(t *testing.T) {
	t.Parallel()
	srv := newHandlerServer(t, func(w http.ResponseWriter, r *http.Request) {
		i, _ := strconv.Atoi(r.URL.Query().Get("i"))
		switch {
		case i%4 == 0:
			http.Error(w, "boom", http.StatusInternalServerError)
		case i%5 == 1:
			select { // far past the timeout, so that a loaded machine cannot blur the count
			case <-time.After(5 * time.Second):
			case <-r.Context().Done():
			}
		case i%7 == 2:
			http.Error(w, "no", http.StatusServiceUnavailable)
		}
	})
	res, err := bench.Run(context.Background(), bench.Options{Rate: 200, Duration: 500 * time.Millisecond,
		Timeout: time.Second}, getWorkload{srv})
	if err != nil {
		t.Fatal(err)
	}
	var want500, wantTimeout, want503 int
	for i := range 100 {
		switch {
		case i%4 == 0:
			want500++
		case i%5 == 1:
			wantTimeout++
		case i%7 == 2:
			want503++
		}
	}
	got := res.ErrorKinds
	if res.Requests != 100 || got["http_500"] != want500 || got["timeout"] != wantTimeout || got["http_503"] != want503 ||
		res.Errors != want500+wantTimeout+want503 || len(got) != 3 {
		t.Fatalf("requests %d, errors %d %v; want 100 with http_500 %d, timeout %d, http_503 %d",
			res.Requests, res.Errors, got, want500, wantTimeout, want503)
	}
	// Timed-out requests count with the time they were given.
	if res.Latency.Max < time.Second || res.Latency.Max > 3*time.Second {
		t.Fatalf("max latency %s; want about the 1 s timeout", res.Latency.Max)
	}
}

func TestTransportErrorsAreCounted(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	dead := srv.URL
	srv.Close()
	res, err := bench.Run(context.Background(), bench.Options{Rate: 100, Duration: 100 * time.Millisecond,
		Timeout: time.Second}, getWorkload{dead})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 10 || res.Errors != 10 || res.ErrorKinds["transport"] != 10 {
		t.Fatalf("requests %d, errors %v; want 10 transport errors", res.Requests, res.ErrorKinds)
	}
	if !strings.Contains(res.ErrorExamples["transport"], "refused") {
		t.Errorf("example %q does not say what went wrong", res.ErrorExamples["transport"])
	}
}

func TestWarmupIsSentButNotCounted(t *testing.T) {
	t.Parallel()
	var seen atomic.Int64
	srv := newHandlerServer(t, func(w http.ResponseWriter, r *http.Request) { seen.Add(1) })
	res, err := bench.Run(context.Background(), bench.Options{Rate: 100, Duration: 200 * time.Millisecond,
		Warmup: 150 * time.Millisecond, Timeout: time.Second}, getWorkload{srv})
	if err != nil {
		t.Fatal(err)
	}
	n := seen.Load()
	if res.Warmup != 15 || res.Requests != 20 || n != 35 {
		t.Fatalf("warm-up %d, counted %d, server saw %d; want 15, 20, 35", res.Warmup, res.Requests, n)
	}
}

func TestInterruptStopsTheSchedule(t *testing.T) {
	srv := newHandlerServer(t, func(http.ResponseWriter, *http.Request) {})
	ctx, cancel := context.WithTimeout(context.Background(), 250*time.Millisecond)
	defer cancel()
	start := time.Now()
	res, err := bench.Run(ctx, bench.Options{Rate: 100, Duration: 10 * time.Second, Timeout: time.Second}, getWorkload{srv})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Interrupted || time.Since(start) > 2*time.Second || res.Requests < 10 || res.Requests > 40 || res.Errors != 0 {
		t.Fatalf("interrupted %v after %s with %d requests, %d errors", res.Interrupted, time.Since(start), res.Requests, res.Errors)
	}
}

// newHandlerServer starts h and returns its URL.
func newHandlerServer(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s.URL
}

func newFake(t *testing.T) *benchtest.Server {
	t.Helper()
	f := benchtest.New()
	t.Cleanup(f.Close)
	return f
}

func listConfig(base string) bench.ListConfig {
	return bench.ListConfig{Base: base + "/", Rate: 200, Duration: time.Second, Warmup: 200 * time.Millisecond,
		Timeout: 2 * time.Second, Users: bench.DefaultUsers, Password: benchtest.Password, PageSize: 20, Seed: 7}
}

func TestListAgainstAFakeServer(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	var log bytes.Buffer
	res, err := bench.RunList(context.Background(), listConfig(f.URL), &log)
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 200 || res.Warmup != 40 || f.Cases.Load() != 240 {
		t.Fatalf("counted %d, warm-up %d, server answered %d; want 200, 40, 240", res.Requests, res.Warmup, f.Cases.Load())
	}
	if res.Rate < 170 || res.Rate > 210 {
		t.Fatalf("achieved %.1f/s at 200/s", res.Rate)
	}
	if res.Errors != 0 || f.BadCursors.Load() != 0 || f.Forbidden.Load() != 0 || f.WrongMonth.Load() != 0 {
		t.Fatalf("errors %v, bad cursors %d, forbidden %d, wrong months %d", res.ErrorKinds, f.BadCursors.Load(),
			f.Forbidden.Load(), f.WrongMonth.Load())
	}
	next, first := res.Labels[bench.LabelNext], res.Labels[bench.LabelFirst]
	if next+first != 200 || next < 40 || next > 90 {
		t.Fatalf("%d first and %d next pages; want about a third next pages", first, next)
	}
	if f.BureauHosp.Load() < 10 || f.Filtered.Load() < 30 {
		t.Fatalf("bureau requests with hospital_id %d, filtered first pages %d", f.BureauHosp.Load(), f.Filtered.Load())
	}
	if f.SawPassword.Load() || strings.Contains(log.String(), benchtest.Password) || strings.Contains(log.String(), "tok-") {
		t.Fatalf("a secret leaked: %s", log.String())
	}
	if !strings.Contains(log.String(), "bureau.reviewer (region 370100, 3 hospitals)") {
		t.Fatalf("log %q: the bureau user should see all hospitals over two pages", log.String())
	}

	var out bytes.Buffer
	if err := res.Report(&out, "test"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var sum map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil {
		t.Fatalf("last line %q is not JSON: %v", lines[len(lines)-1], err)
	}
	for _, k := range []string{"requests", "errors", "p50_ms", "p95_ms", "p99_ms", "max_ms", "rate"} {
		if _, ok := sum[k]; !ok {
			t.Errorf("summary %v lacks %q", sum, k)
		}
	}
	if sum["requests"].(float64) != 200 || !strings.Contains(out.String(), "p99") {
		t.Fatalf("report:\n%s", out.String())
	}
}

func TestListCountsServerErrorsAndBadBodies(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.Fail = func(r *http.Request) int {
		if r.URL.Query().Get("reason") != "" {
			return http.StatusInternalServerError
		}
		return 0
	}
	c := listConfig(f.URL)
	c.Duration, c.Warmup = 500*time.Millisecond, 0
	res, err := bench.RunList(context.Background(), c, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 100 || res.ErrorKinds["http_500"] == 0 || res.ErrorKinds["http_500"] != res.Errors {
		t.Fatalf("requests %d, errors %d %v; want only http_500 (reason filter)", res.Requests, res.Errors, res.ErrorKinds)
	}

	// A 200 that is not a case list counts as bad_body.
	srv := newHandlerServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1/cases" {
			w.Write([]byte(`<html>proxy error</html>`))
		}
	})
	w := bench.NewListWorkload(srv, []*bench.Session{bench.NewSession("h1.office", "t")}, 10, 1)
	res, err = bench.Run(context.Background(), bench.Options{Rate: 100, Duration: 100 * time.Millisecond, Timeout: time.Second}, w)
	if err != nil {
		t.Fatal(err)
	}
	if res.ErrorKinds["bad_body"] != 10 {
		t.Fatalf("errors %v; want 10 bad_body", res.ErrorKinds)
	}
}

func TestLoginFailuresNameTheUser(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	c := listConfig(f.URL)
	c.Password = "wrong-Secret-99"
	_, err := bench.RunList(context.Background(), c, &bytes.Buffer{})
	var le *bench.LoginError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "h2.office") || !strings.Contains(err.Error(), "401") ||
		strings.Contains(err.Error(), c.Password) {
		t.Fatalf("got %v; want a LoginError naming the users and the 401, without the password", err)
	}

	c = listConfig(f.URL)
	c.Users = []string{"h1.office", "with.totp"}
	_, err = bench.RunList(context.Background(), c, &bytes.Buffer{})
	if !errors.As(err, &le) || !errors.Is(err, bench.ErrSecondFactor) || !strings.Contains(err.Error(), "with.totp") ||
		strings.Contains(err.Error(), "h1.office") {
		t.Fatalf("got %v; want a second-factor error naming with.totp only", err)
	}
	if f.Cases.Load() != 0 {
		t.Fatalf("%d list requests sent after a failed sign-in", f.Cases.Load())
	}
}

func TestSessionsDoNotPrintTheirToken(t *testing.T) {
	s := bench.NewSession("h1.office", "secret-token-123")
	for _, txt := range []string{fmt.Sprint(s), fmt.Sprintf("%v %+v %#v", s, *s, s), fmt.Sprintf("%+v", []*bench.Session{s})} {
		if strings.Contains(txt, "secret-token") {
			t.Fatalf("token printed: %s", txt)
		}
	}
}

func TestValidate(t *testing.T) {
	good := func() bench.ListConfig {
		return bench.ListConfig{Base: "https://teyi.example/", Rate: 500, Duration: 30 * time.Second, Warmup: 2 * time.Second,
			Timeout: 2 * time.Second, Users: []string{"h1.office"}, Password: "x", PageSize: 50}
	}
	c := good()
	if err := c.Validate(); err != nil || c.Base != "https://teyi.example" {
		t.Fatalf("good config: %v, base %q", err, c.Base)
	}
	bad := map[string]func(*bench.ListConfig){
		"--rate":        func(c *bench.ListConfig) { c.Rate = 0 },
		"--rate ":       func(c *bench.ListConfig) { c.Rate = -5 },
		"--rate  ":      func(c *bench.ListConfig) { c.Rate = 100001 },
		"--duration":    func(c *bench.ListConfig) { c.Duration = 0 },
		"--base":        func(c *bench.ListConfig) { c.Base = "ftp://teyi.example" },
		"--base ":       func(c *bench.ListConfig) { c.Base = "teyi.example:8080" },
		"--base  ":      func(c *bench.ListConfig) { c.Base = "http://" },
		"--timeout":     func(c *bench.ListConfig) { c.Timeout = 0 },
		"--warmup":      func(c *bench.ListConfig) { c.Warmup = -time.Second },
		"--page-size":   func(c *bench.ListConfig) { c.PageSize = 201 },
		"--page-size ":  func(c *bench.ListConfig) { c.PageSize = 0 },
		"--users":       func(c *bench.ListConfig) { c.Users = bench.ParseUsers(" , ") },
		"--connections": func(c *bench.ListConfig) { c.Connections = -1 },
		"--password":    func(c *bench.ListConfig) { c.Password = "" },
		"--rate × ":     func(c *bench.ListConfig) { c.Rate, c.Duration = 100000, time.Minute },
	}
	for flag, change := range bad {
		c := good()
		change(&c)
		err := c.Validate()
		var ce *bench.ConfigError
		if !errors.As(err, &ce) || !strings.HasPrefix(err.Error(), strings.TrimSpace(flag)) {
			t.Errorf("%s: got %v, want a ConfigError about it", flag, err)
		}
	}
	if got := bench.ParseUsers(" h1.office, ,bureau.reviewer,"); len(got) != 2 || got[1] != "bureau.reviewer" {
		t.Fatalf("ParseUsers: %q", got)
	}
}
