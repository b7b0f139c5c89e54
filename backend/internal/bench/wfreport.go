package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"text/tabwriter"
	"time"
)

// WorkflowSummary is the one-line machine-readable result of a workflow
// run: every counted write, failed ones included in the percentiles.
type WorkflowSummary struct {
	Ops     int     `json:"ops"`
	Errors  int     `json:"errors"`
	P50     float64 `json:"p50_ms"`
	P90     float64 `json:"p90_ms"`
	P99     float64 `json:"p99_ms"`
	Max     float64 `json:"max_ms"`
	Rate    float64 `json:"rate"`
	Quota   int     `json:"quota_refusals"`
	Window  int     `json:"window_refusals"`
	Skipped int     `json:"skipped_cases"`
}

// Summary returns the machine-readable result.
func (r *WorkflowResult) Summary() WorkflowSummary {
	return WorkflowSummary{Ops: r.Requests, Errors: r.Errors, P50: ms(r.Latency.P50), P90: ms(r.Latency.P90),
		P99: ms(r.Latency.P99), Max: ms(r.Latency.Max), Rate: math.Round(r.Rate*100) / 100,
		Quota: r.ErrorKinds[KindQuota], Window: r.ErrorKinds[KindWindow], Skipped: r.ErrorKinds[KindOpenExists]}
}

// Report writes a table per operation for people and, as its last line, the
// summary as one JSON object.
func (r *WorkflowResult) Report(w io.Writer, title string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\n", title)
	if r.Setup != "" {
		fmt.Fprintf(tw, "setup\t%s\n", r.Setup)
	}
	if r.Interrupted {
		fmt.Fprintf(tw, "interrupted\tthe figures cover the writes sent until then\n")
	}
	fmt.Fprintf(tw, "writes\t%d (warm-up %d not counted)\n", r.Requests, r.Warmup)
	fmt.Fprintf(tw, "applications\t%d begun, %d accepted (warm-up included)\n", r.Started, r.Completed)
	fmt.Fprintf(tw, "rate\t%.1f writes/s achieved, %.1f/s scheduled, window %s (last response after %s)\n",
		r.Rate, r.TargetRate, r.Duration, r.Elapsed.Round(time.Millisecond))
	if err := tw.Flush(); err != nil {
		return err
	}
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "operation\tcount\tp50 ms\tp90 ms\tp99 ms\tmax ms\terrors\t\n")
	row := func(name string, n, errs int, l Latencies) {
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%d\t\n", name, n, ms(l.P50), ms(l.P90), ms(l.P99), ms(l.Max), errs)
	}
	labels := make([]string, 0, len(r.ByLabel))
	for l := range r.ByLabel {
		labels = append(labels, l)
	}
	order := func(l string) int {
		if i := slices.Index(WorkflowSteps, l); i >= 0 {
			return i
		}
		return len(WorkflowSteps)
	}
	slices.SortFunc(labels, func(a, b string) int { return order(a) - order(b) })
	for _, l := range labels {
		lr := r.ByLabel[l]
		row(l, lr.Requests, lr.Errors, lr.Latency)
	}
	row("all writes", r.Requests, r.Errors, r.Latency)
	if err := tw.Flush(); err != nil {
		return err
	}
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	pct := 0.0
	if r.Requests > 0 {
		pct = 100 * float64(r.Errors) / float64(r.Requests)
	}
	fmt.Fprintf(tw, "errors\t%d (%.2f %%)\n", r.Errors, pct)
	for _, k := range sortedKeys(r.ErrorKinds) {
		fmt.Fprintf(tw, "  %s\t%d\t%s\n", k, r.ErrorKinds[k], r.ErrorExamples[k])
		if h := refusalHelp[k]; h != "" {
			fmt.Fprintf(tw, "  \t\t%s\n", h)
		}
	}
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
