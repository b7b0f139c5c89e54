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
	apps := &cobra.Command{Use: "applications",
		Short: "Seed special-case applications in every state for the demo hospitals' candidate cases (once; after `seed demo` and `seed cases`)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := connect(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			a.Wire()
			report, err := seed.Applications(cmd.Context(), a)
			fmt.Fprint(cmd.OutOrStdout(), report)
			return err
		}}
	cmd.AddCommand(demo, seedCasesCmd(), apps)
	return cmd
}
