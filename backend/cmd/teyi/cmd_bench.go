package main

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"teyi/backend/internal/bench"
	"teyi/backend/internal/seed"
)

func init() { commands = append(commands, newBenchCmd) }

// newBenchCmd is the parent of the load commands, one subcommand per
// workload.
func newBenchCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "bench", Short: "Load a running server at a fixed rate and measure latency (open model)",
		Args: cobra.NoArgs}
	cmd.AddCommand(newBenchListCmd(), newBenchWorkflowCmd())
	return cmd
}

func newBenchWorkflowCmd() *cobra.Command {
	c := bench.WorkflowConfig{}
	var users string
	var panels bool
	cmd := &cobra.Command{
		Use:   "workflow",
		Short: "Drive whole special-case applications over HTTP at a fixed rate of writes and measure each step",
		Long: `Signs the users in (hospital clinicians and offices, a bureau reviewer), collects
each hospital's cases without an open application, and drives applications through
create, upload (a small PDF), send_to_office, forward, request_info, reply and accept.
Each step is one write and --rate counts writes per second across all steps (open
model: write i leaves at start + i/rate; its latency runs from that due time). Every
write carries an Idempotency-Key. Quota (409 quota-exhausted) and window (422
window-closed) refusals are counted apart; --setup first raises the region's quota
(custom rate 1.0 per year) and opens the window (any time) from today, as --admin.
With --panels the bureau administrator and the expert pool join and each accepted
application goes on through the expert review: draw, three accepts, three votes
and the reviewer's confirmation (which issues the decision letter).
The report ends with one line of JSON: {"ops","errors","p50_ms","p99_ms",…}.`,
		Example: "  teyi bench workflow --base http://127.0.0.1:8080 --rate 200 --duration 60s --setup",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c.Users = bench.ParseUsers(users)
			if panels {
				c.Users = append(c.Users, bench.DefaultPanelUsers...)
			}
			if !cmd.Flags().Changed("password") {
				c.Password = cmp.Or(os.Getenv("TEYI_BENCH_PASSWORD"), seed.DemoPassword)
			}
			if err := c.Validate(); err != nil {
				return withExit(2, err)
			}
			ctx, stop := signalContext()
			defer stop()
			res, err := bench.RunWorkflow(ctx, c, cmd.ErrOrStderr())
			var le *bench.LoginError
			var ce *bench.ConfigError
			switch {
			case errors.As(err, &ce):
				return withExit(2, err)
			case errors.As(err, &le):
				return withExit(3, err)
			case err != nil:
				return err
			}
			title := fmt.Sprintf("teyi bench workflow: %s, %d user(s), %g writes/s", c.Base, res.Users, c.Rate)
			return res.Report(cmd.OutOrStdout(), title)
		},
	}
	f := cmd.Flags()
	f.StringVar(&c.Base, "base", "http://127.0.0.1:8080", "root URL of the server")
	f.Float64Var(&c.Rate, "rate", 100, "writes per second across all steps (open model)")
	f.DurationVar(&c.Duration, "duration", 30*time.Second, "measured window")
	f.DurationVar(&c.Warmup, "warmup", 2*time.Second, "sent first and not counted")
	f.DurationVar(&c.Timeout, "timeout", 5*time.Second, "per write; slower answers count as timeouts")
	f.StringVar(&users, "users", strings.Join(bench.DefaultWorkflowUsers, ","),
		"comma-separated users: per hospital an office user (and a clinician), and a bureau reviewer")
	f.StringVar(&c.Password, "password", "", "password of the users (default: $TEYI_BENCH_PASSWORD, else the demo password)")
	f.IntVar(&c.Connections, "connections", 0, "at most this many connections to the server (0: as many as needed)")
	f.BoolVar(&panels, "panels", false, "also run the expert review steps (draw, accept, vote, confirm) with the demo experts")
	f.BoolVar(&c.Setup, "setup", false, "first raise the region's quota and open its window from today, as --admin")
	f.StringVar(&c.Admin, "admin", bench.DefaultWorkflowAdmin, "bureau administrator for --setup")
	return cmd
}

func newBenchListCmd() *cobra.Command {
	c := bench.ListConfig{}
	var users string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "Measure the case list (GET /api/v1/cases): filtered first pages and cursor pages per user",
		Long: `Signs the users in, then sends GET /api/v1/cases at a fixed rate: request i leaves
at start + i/rate whatever happened to earlier ones, and its latency runs from that
due time to the end of the body, so queueing in the client or the server counts.
Requests of the warm-up are sent but not counted. The report ends with one line of
JSON: {"requests","errors","p50_ms","p95_ms","p99_ms","max_ms","rate"}.`,
		Example: "  teyi bench list --base http://127.0.0.1:8080 --rate 500 --duration 30s",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c.Users = bench.ParseUsers(users)
			if !cmd.Flags().Changed("password") {
				c.Password = cmp.Or(os.Getenv("TEYI_BENCH_PASSWORD"), seed.DemoPassword)
			}
			if err := c.Validate(); err != nil {
				return withExit(2, err)
			}
			ctx, stop := signalContext()
			defer stop()
			res, err := bench.RunList(ctx, c, cmd.ErrOrStderr())
			var le *bench.LoginError
			var ce *bench.ConfigError
			switch {
			case errors.As(err, &ce):
				return withExit(2, err)
			case errors.As(err, &le):
				return withExit(3, err)
			case err != nil:
				return err
			}
			title := fmt.Sprintf("teyi bench list: %s, %d user(s), page size %d", c.Base, len(c.Users), c.PageSize)
			return res.Report(cmd.OutOrStdout(), title)
		},
	}
	f := cmd.Flags()
	f.StringVar(&c.Base, "base", "http://127.0.0.1:8080", "root URL of the server")
	f.Float64Var(&c.Rate, "rate", 500, "requests per second (open model)")
	f.DurationVar(&c.Duration, "duration", 30*time.Second, "measured window")
	f.DurationVar(&c.Warmup, "warmup", 2*time.Second, "sent first and not counted")
	f.DurationVar(&c.Timeout, "timeout", 2*time.Second, "per request; slower answers count as timeouts")
	f.StringVar(&users, "users", strings.Join(bench.DefaultUsers, ","), "comma-separated users; requests go to each in turn")
	// The default is not shown in the help, so the password is never printed.
	f.StringVar(&c.Password, "password", "", "password of the users (default: $TEYI_BENCH_PASSWORD, else the demo password)")
	f.IntVar(&c.PageSize, "page-size", 50, "limit of each page, 1 to 200")
	f.IntVar(&c.Connections, "connections", 0, "at most this many connections to the server (0: as many as needed)")
	f.Uint64Var(&c.Seed, "seed", 0, "seed of the request mix (0: from the clock)")
	return cmd
}
