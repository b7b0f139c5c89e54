package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"teyi/backend/internal/account"
)

func init() { commands = append(commands, newAdminCmd, newAuditCmd) }

// readPassword takes the password from TEYI_ADMIN_PASSWORD or one line of
// stdin, so it never appears in the process list or shell history.
func readPassword(cmd *cobra.Command) (string, error) {
	if pw := os.Getenv("TEYI_ADMIN_PASSWORD"); pw != "" {
		return pw, nil
	}
	fmt.Fprint(cmd.ErrOrStderr(), "password (12–128 characters): ")
	line, err := bufio.NewReader(cmd.InOrStdin()).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password given (stdin or TEYI_ADMIN_PASSWORD)")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// onUser connects, finds username and runs fn as the shell's system actor.
func onUser(cmd *cobra.Command, username string, fn func(ctx context.Context, acc *account.Service, id string) error) error {
	a, err := connect(cmd.Context())
	if err != nil {
		return err
	}
	defer a.Close()
	a.Wire()
	ctx := account.SystemContext(cmd.Context(), "teyi admin")
	id, err := a.Accounts.UserIDByName(ctx, username)
	if err != nil {
		return err
	}
	if id == "" {
		return fmt.Errorf("no user %q", username)
	}
	return fn(ctx, a.Accounts, id)
}

func newAdminCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "admin", Short: "Create the first system administrator, reset passwords and second factors"}
	var name string
	create := &cobra.Command{Use: "create-sysadmin USERNAME", Short: "Create a system administrator (password from stdin or TEYI_ADMIN_PASSWORD)",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pw, err := readPassword(cmd)
			if err != nil {
				return err
			}
			if err := account.CheckPassword(args[0], pw); err != nil {
				return withExit(2, err)
			}
			a, err := connect(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			a.Wire()
			ctx := account.SystemContext(cmd.Context(), "teyi admin")
			if name == "" {
				name = args[0]
			}
			u, err := a.Accounts.CreateUser(ctx, account.UserInput{Username: args[0], DisplayName: name,
				Roles: []account.RoleAssignment{{Role: "sysadmin"}}})
			if err != nil {
				return err
			}
			if err := a.Accounts.SetPassword(ctx, u.User.ID, pw, false, false); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "created system administrator %s; enrol a second factor at first sign-in\n", args[0])
			return nil
		}}
	create.Flags().StringVar(&name, "name", "", "display name")
	reset := &cobra.Command{Use: "reset-password USERNAME", Short: "Set a new password (stdin or TEYI_ADMIN_PASSWORD); ends the user's sessions",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pw, err := readPassword(cmd)
			if err != nil {
				return err
			}
			if err := account.CheckPassword(args[0], pw); err != nil {
				return withExit(2, err)
			}
			err = onUser(cmd, args[0], func(ctx context.Context, acc *account.Service, id string) error {
				return acc.SetPassword(ctx, id, pw, true, false)
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "password of %s set; they must change it at the next sign-in\n", args[0])
			return nil
		}}
	totp := &cobra.Command{Use: "reset-totp USERNAME", Short: "Remove a user's second factor so they enrol again", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			err := onUser(cmd, args[0], func(ctx context.Context, acc *account.Service, id string) error {
				return acc.ResetSecondFactor(ctx, id)
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "second factor of %s removed\n", args[0])
			return nil
		}}
	cmd.AddCommand(create, reset, totp)
	return cmd
}

func newAuditCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "audit", Short: "Check the audit log"}
	verify := &cobra.Command{Use: "verify", Short: "Walk the hash chain; exit 1 naming the first edited, inserted or removed row",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := connect(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			a.Wire()
			res, err := a.Audit.Verify(cmd.Context())
			if err != nil {
				return err
			}
			if res.Problem != nil {
				return withExit(1, fmt.Errorf("audit chain broken after %d rows: %w", res.Rows-1, res.Problem))
			}
			fmt.Fprintf(cmd.OutOrStdout(), "audit chain intact: %d rows\n", res.Rows)
			return nil
		}}
	cmd.AddCommand(verify)
	return cmd
}
