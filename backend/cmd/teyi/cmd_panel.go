package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newPanelCmd) }

func newPanelCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "panel", Short: "Expert panels: audit recorded draws"}
	replay := &cobra.Command{Use: "replay DRAW_ID", Short: "Re-run a recorded draw on its pool snapshot and seed; exit 1 when the panel differs",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := connect(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			rec, err := a.Reviews().Replay(cmd.Context(), args[0])
			if err != nil {
				return withExit(1, fmt.Errorf("draw %s: %w", args[0], err))
			}
			var res struct {
				Selected []string `json:"selected"`
				Fallback []string `json:"fallback"`
				Eligible []string `json:"eligible"`
			}
			_ = json.Unmarshal(rec.Result, &res)
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "draw %s (%s) of panel %s at %s\nseed %s\n", rec.ID, rec.Kind, rec.PanelID, rec.DrawnAt.Format("2006-01-02 15:04:05Z07:00"), rec.Seed)
			fmt.Fprintf(out, "eligible %d, selected %v", len(res.Eligible), res.Selected)
			if len(res.Fallback) > 0 {
				fmt.Fprintf(out, ", fallback specialties %v", res.Fallback)
			}
			fmt.Fprintln(out)
			if !rec.Reproduced {
				return withExit(1, fmt.Errorf("replay differs: %s", rec.Problem))
			}
			fmt.Fprintln(out, "replay reproduces the recorded panel")
			return nil
		}}
	cmd.AddCommand(replay)
	return cmd
}
