// Command teyi is the one binary of Teyi: API server, worker, scheduler,
// migrations, seeding and the command-line tools (grouper, plans, admin).
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

// commands is filled by init functions of the files in this package, one file
// per subcommand, so that features add their commands without touching main.
var commands []func() *cobra.Command

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "teyi",
		Short:         "Teyi (特议): special-case review, panels, negotiation and payments for DRG/DIP",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	for _, c := range commands {
		root.AddCommand(c())
	}
	return root
}

func main() {
	if err := newRootCmd().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "teyi:", err)
		os.Exit(exitCode(err))
	}
}
