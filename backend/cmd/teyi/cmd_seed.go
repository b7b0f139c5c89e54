package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"teyi/backend/internal/seed"
)

func init() { commands = append(commands, newSeedCmd) }

func newSeedCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "seed", Short: "Load demo data"}
	demo := &cobra.Command{Use: "demo", Short: "Load the demo region, hospitals, users and data (idempotent)", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := connect(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			a.Wire()
			report, err := seed.Demo(cmd.Context(), &a.Deps)
			if err != nil {
				return err
			}
			fmt.Fprint(cmd.OutOrStdout(), report)
			return nil
		}}
	cmd.AddCommand(demo, seedCasesCmd())
	return cmd
}
