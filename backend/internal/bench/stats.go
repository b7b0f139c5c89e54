package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"text/tabwriter"
	"time"
)

// Percentile is the nearest-rank percentile p (0 < p ≤ 100) of sorted: the
// smallest sample such that at least p % of the samples are at or below it.
// It is 0 for no samples.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(n)))
	rank = min(max(rank, 1), n)
	return sorted[rank-1]
}

// Latencies summarises a set of latencies.
type Latencies struct {
	P50, P90, P95, P99, Max time.Duration
}

// Summarise sorts samples in place and returns their percentiles.
func Summarise(samples []time.Duration) Latencies {
	slices.Sort(samples)
	var l Latencies
	if len(samples) == 0 {
		return l
	}
	l.P50, l.P90, l.P95, l.P99 = Percentile(samples, 50), Percentile(samples, 90), Percentile(samples, 95), Percentile(samples, 99)
	l.Max = samples[len(samples)-1]
	return l
}

// Result is what a run measured. Requests, errors and latencies count only
// requests due after the warm-up.
type Result struct {
	TargetRate    float64
	Duration      time.Duration // the measured window as asked for
	Warmup        int           // requests sent during the warm-up, not counted
	Requests      int           // counted requests (completed, successfully or not)
	Errors        int           // counted requests that failed
	ErrorKinds    map[string]int
	ErrorExamples map[string]string // one message per kind, for the operator
	Labels        map[string]int    // counted requests by the workload's label
	Elapsed       time.Duration     // from the start of the window to the last counted answer, at least Duration
	Rate          float64           // Requests / Elapsed
	Latency       Latencies         // over all counted requests, failed ones included
	MaxLag        time.Duration     // the latest a request left after its due time (client overload)
	Interrupted   bool
	// ByLabel are the counted requests per label ("" for unlabelled ones).
	ByLabel map[string]*LabelResult
}

// LabelResult is one label's share of a run.
type LabelResult struct {
	Requests, Errors int
	ErrorKinds       map[string]int
	Latency          Latencies
}

// LagWarning is how late a request may leave before the report warns that
// the client, not only the server, could not keep up.
const LagWarning = 50 * time.Millisecond

// Summary is the one-line machine-readable result.
type Summary struct {
	Requests int     `json:"requests"`
	Errors   int     `json:"errors"`
	P50      float64 `json:"p50_ms"`
	P95      float64 `json:"p95_ms"`
	P99      float64 `json:"p99_ms"`
	Max      float64 `json:"max_ms"`
	Rate     float64 `json:"rate"`
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/float64(time.Millisecond)*1000) / 1000 }

// Summary returns the machine-readable result.
func (r *Result) Summary() Summary {
	return Summary{Requests: r.Requests, Errors: r.Errors, P50: ms(r.Latency.P50), P95: ms(r.Latency.P95),
		P99: ms(r.Latency.P99), Max: ms(r.Latency.Max), Rate: math.Round(r.Rate*100) / 100}
}

// Report writes a table for people and then, as its last line, the summary
// as one JSON object.
func (r *Result) Report(w io.Writer, title string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\n", title)
	if r.Interrupted {
		fmt.Fprintf(tw, "interrupted\tthe figures cover the requests sent until then\n")
	}
	fmt.Fprintf(tw, "requests\t%d (warm-up %d not counted)\n", r.Requests, r.Warmup)
	for _, k := range sortedKeys(r.Labels) {
		fmt.Fprintf(tw, "  %s\t%d\n", k, r.Labels[k])
	}
	fmt.Fprintf(tw, "rate\t%.1f/s achieved, %.1f/s scheduled, window %s (last response after %s)\n",
		r.Rate, r.TargetRate, r.Duration, r.Elapsed.Round(time.Millisecond))
	pct := 0.0
	if r.Requests > 0 {
		pct = 100 * float64(r.Errors) / float64(r.Requests)
	}
	fmt.Fprintf(tw, "errors\t%d (%.2f %%)\n", r.Errors, pct)
	for _, k := range sortedKeys(r.ErrorKinds) {
		fmt.Fprintf(tw, "  %s\t%d\t%s\n", k, r.ErrorKinds[k], r.ErrorExamples[k])
	}
	fmt.Fprintf(tw, "latency (ms)\tp50 %.1f\tp90 %.1f\tp95 %.1f\tp99 %.1f\tmax %.1f\n",
		ms(r.Latency.P50), ms(r.Latency.P90), ms(r.Latency.P95), ms(r.Latency.P99), ms(r.Latency.Max))
	fmt.Fprintf(tw, "client lag\tmax %.1f ms after the due time\n", ms(r.MaxLag))
	if r.MaxLag > LagWarning {
		fmt.Fprintf(tw, "warning\tthe client fell behind its schedule; the latencies include its own overload (lower --rate or split the load)\n")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	b, err := json.Marshal(r.Summary())
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

func sortedKeys(m map[string]int) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
