package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"sync"
	"time"
)

// Op is one request of a workload.
type Op struct {
	Req   *http.Request
	Label string // counted per label in the result ("first page", "next page")
	// Check, if set, reads a successful response body; an error counts the
	// request as failed with kind "bad_body".
	Check func(body []byte) error
	// Refused, if set, names the kind of a non-2xx answer from its status
	// and body (say "quota-exhausted"); "" keeps "http_NNN".
	Refused func(status int, body []byte) string
}

// Workload makes the requests of a run. Next is called in order from the one
// scheduling goroutine and must return quickly; Check functions run
// concurrently.
type Workload interface {
	Next(ctx context.Context, i int) (Op, error)
}

// Options is how hard and how long to push.
type Options struct {
	Rate     float64       // requests per second
	Duration time.Duration // measured window
	Warmup   time.Duration // sent before the window, not counted
	Timeout  time.Duration // per request, sending to the end of the body
	Client   *http.Client
}

// maxBody bounds how much of a response is read.
const maxBody = 32 << 20

type sample struct {
	latency time.Duration
	lag     time.Duration
	kind    string // "" for success
	msg     string
	label   string
}

// dueAt is the offset of request i from the start of the run.
func dueAt(i int, rate float64) time.Duration {
	return time.Duration(float64(i) * float64(time.Second) / rate)
}

// countBefore is how many requests are due before offset d.
func countBefore(d time.Duration, rate float64) int {
	return int(math.Ceil(d.Seconds()*rate - 1e-9))
}

// Run sends the workload's requests at the fixed rate: request i leaves at
// t0 + i/rate however many earlier ones are still open (one goroutine each),
// and its latency runs from that due time to the end of its body, so time
// spent waiting for a connection or in the server's queue is counted.
// Cancelling ctx stops the schedule; requests already sent are awaited.
func Run(ctx context.Context, opt Options, w Workload) (*Result, error) {
	if opt.Rate <= 0 || opt.Duration <= 0 || opt.Timeout <= 0 || opt.Warmup < 0 {
		return nil, fmt.Errorf("bench: rate, duration and timeout must be positive")
	}
	client := opt.Client
	if client == nil {
		client = NewClient(0, opt.Timeout)
	}
	nWarm := countBefore(opt.Warmup, opt.Rate)
	total := countBefore(opt.Warmup+opt.Duration, opt.Rate)
	samples := make([]sample, total)
	res := &Result{TargetRate: opt.Rate, Duration: opt.Duration, ErrorKinds: map[string]int{},
		ErrorExamples: map[string]string{}, Labels: map[string]int{}, ByLabel: map[string]*LabelResult{}}

	var wg sync.WaitGroup
	var endMu sync.Mutex
	var lastEnd time.Time
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	t0 := time.Now()
	sent := 0
schedule:
	for i := range total {
		due := t0.Add(dueAt(i, opt.Rate))
		if d := time.Until(due); d > 0 {
			timer.Reset(d)
			select {
			case <-ctx.Done():
				break schedule
			case <-timer.C:
			}
		} else if ctx.Err() != nil {
			break
		}
		op, err := w.Next(ctx, i)
		if err != nil {
			wg.Wait()
			return nil, err
		}
		sent++
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := do(client, op, due, opt.Timeout)
			samples[i] = s
			if i >= nWarm {
				endMu.Lock()
				if end := due.Add(s.latency); end.After(lastEnd) {
					lastEnd = end
				}
				endMu.Unlock()
			}
		}()
	}
	wg.Wait()
	res.Interrupted = sent < total

	counted := make([]time.Duration, 0, max(sent-nWarm, 0))
	perLabel := map[string][]time.Duration{}
	for i := range sent {
		s := samples[i]
		if i < nWarm {
			res.Warmup++
			continue
		}
		res.Requests++
		counted = append(counted, s.latency)
		res.MaxLag = max(res.MaxLag, s.lag)
		if s.label != "" {
			res.Labels[s.label]++
		}
		lr := res.ByLabel[s.label]
		if lr == nil {
			lr = &LabelResult{ErrorKinds: map[string]int{}}
			res.ByLabel[s.label] = lr
		}
		lr.Requests++
		perLabel[s.label] = append(perLabel[s.label], s.latency)
		if s.kind != "" {
			res.Errors++
			res.ErrorKinds[s.kind]++
			lr.Errors++
			lr.ErrorKinds[s.kind]++
			if _, ok := res.ErrorExamples[s.kind]; !ok {
				res.ErrorExamples[s.kind] = s.msg
			}
		}
	}
	for l, xs := range perLabel {
		res.ByLabel[l].Latency = Summarise(xs)
	}
	res.Latency = Summarise(counted)
	if res.Requests > 0 {
		// The window's requests are due over Duration; a server that keeps
		// up answers them within it, one that does not stretches it.
		res.Elapsed = max(lastEnd.Sub(t0.Add(opt.Warmup)), opt.Duration)
		if res.Elapsed > 0 {
			res.Rate = float64(res.Requests) / res.Elapsed.Seconds()
		}
	}
	return res, nil
}

// do sends one request and times it from its due time.
func do(client *http.Client, op Op, due time.Time, timeout time.Duration) sample {
	s := sample{label: op.Label, lag: time.Since(due)}
	// Interrupting the run stops the schedule, not the requests already sent.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(op.Req.Context()), timeout)
	defer cancel()
	resp, err := client.Do(op.Req.WithContext(ctx))
	var body []byte
	if err == nil {
		body, err = io.ReadAll(io.LimitReader(resp.Body, maxBody))
		resp.Body.Close()
	}
	s.latency = time.Since(due)
	switch {
	case err != nil:
		s.kind, s.msg = classify(err)
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		s.kind, s.msg = fmt.Sprintf("http_%d", resp.StatusCode), http.StatusText(resp.StatusCode)
		if op.Refused != nil {
			if k := op.Refused(resp.StatusCode, body); k != "" {
				s.kind, s.msg = k, problem(resp.StatusCode, body)
			}
		}
	case op.Check != nil:
		if err := op.Check(body); err != nil {
			s.kind, s.msg = "bad_body", err.Error()
		}
	}
	return s
}

func classify(err error) (kind, msg string) {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return "timeout", "no complete response within the timeout"
	}
	if errors.Is(err, context.Canceled) {
		return "canceled", "run interrupted"
	}
	return "transport", err.Error()
}

// NewClient returns a client for load: keep-alive, enough idle connections
// per host that a burst does not close and reopen them, and at most conns
// open connections per host when conns > 0 (requests beyond wait for one,
// and that wait is counted in their latency). No cookie jar: sessions are
// set per request.
func NewClient(conns int, timeout time.Duration) *http.Client {
	idle := 1024
	if conns > 0 {
		idle = conns
	}
	tr := &http.Transport{
		DialContext:           (&net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:          idle,
		MaxIdleConnsPerHost:   idle,
		MaxConnsPerHost:       conns,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   timeout,
		ExpectContinueTimeout: time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{Transport: tr}
}
