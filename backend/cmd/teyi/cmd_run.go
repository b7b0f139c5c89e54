package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"golang.org/x/sync/errgroup"

	"teyi/backend/internal/app"
)

func init() {
	commands = append(commands, newServeCmd, newWorkerCmd, newSchedulerCmd, newAllCmd)
}

func newServeCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "Run the HTTP API and the embedded UI (listens on TEYI_ADDR)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return run(true, false, false)
		},
	}
}

func newWorkerCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "worker",
		Short: "Run background tasks and the outbox relay (any number may run)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return run(false, true, false)
		},
	}
}

func newSchedulerCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "scheduler",
		Short: "Run the periodic scheduler (a second one stays idle until the first stops)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return run(false, false, true)
		},
	}
}

func newAllCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "all",
		Short: "Run server, worker and scheduler in one process (one machine, the demo)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return run(true, true, true)
		},
	}
}

func run(serve, work, schedule bool) error {
	ctx, stop := signalContext()
	defer stop()
	a, err := connect(ctx)
	if err != nil {
		return err
	}
	defer a.Close()
	startProfiler(a.Log)
	g, ctx := errgroup.WithContext(ctx)
	if serve {
		srv := a.Server(uiFS())
		g.Go(func() error {
			a.Log.Info("teyi serving", "addr", a.Config.Addr, "version", app.Version)
			if err := srv.Listen(ctx, a.Config.Addr); err != nil {
				return fmt.Errorf("listen on TEYI_ADDR %s: %w", a.Config.Addr, err)
			}
			return nil
		})
	}
	if work {
		w := a.Worker()
		g.Go(func() error { return w.Run(ctx) })
	}
	if schedule {
		s := a.Scheduler()
		g.Go(func() error { return s.Run(ctx) })
	}
	err = g.Wait()
	if err != nil && ctx.Err() != nil && err == context.Canceled {
		return nil
	}
	return err
}
