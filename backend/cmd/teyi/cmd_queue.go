package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"teyi/backend/internal/platform/queue"
)

func init() { commands = append(commands, newQueueCmd) }

func newQueueCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "queue", Short: "Inspect the task queue and replay archived tasks"}
	stats := &cobra.Command{Use: "stats", Short: "Show queue sizes and outbox counts", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := connect(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			adm := queue.NewAdmin(a.Redis, a.Config.Queue)
			defer adm.Close()
			p, act, r, arch, err := adm.Sizes()
			if err != nil {
				return err
			}
			ob, err := queue.OutboxStats(cmd.Context(), a.DB)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "queue %s: pending %d, active %d, retry %d, archived %d\noutbox: pending %d, in flight %d, done %d\n",
				a.Config.Queue, p, act, r, arch, ob.Pending, ob.Enqueued, ob.Done)
			return nil
		}}
	archived := &cobra.Command{Use: "archived", Short: "List tasks that exhausted their retries", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := connect(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			adm := queue.NewAdmin(a.Redis, a.Config.Queue)
			defer adm.Close()
			tasks, err := adm.Archived()
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tKIND\tRETRIED\tFAILED AT\tLAST ERROR")
			for _, t := range tasks {
				fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\n", t.ID, t.Kind, t.Retried, t.FailedAt.Format("2006-01-02 15:04:05"), t.LastError)
			}
			return w.Flush()
		}}
	var all bool
	replay := &cobra.Command{Use: "replay [TASK_ID]", Short: "Run an archived task (or --all) again; handlers are idempotent",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !all && len(args) == 0 {
				return fmt.Errorf("give a TASK_ID or --all")
			}
			a, err := connect(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			adm := queue.NewAdmin(a.Redis, a.Config.Queue)
			defer adm.Close()
			if all {
				n, err := adm.ReplayAll()
				if err == nil {
					fmt.Fprintf(cmd.OutOrStdout(), "replaying %d tasks\n", n)
				}
				return err
			}
			if err := adm.Replay(args[0]); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "replaying %s\n", args[0])
			return nil
		}}
	replay.Flags().BoolVar(&all, "all", false, "replay every archived task")
	cmd.AddCommand(stats, archived, replay)
	return cmd
}
