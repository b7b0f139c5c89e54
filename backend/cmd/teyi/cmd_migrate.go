package main

import (
	"context"
	"database/sql"
	"os"

	"github.com/spf13/cobra"

	"teyi/backend/internal/platform/migrate"
)

func init() { commands = append(commands, newMigrateCmd) }

func newMigrateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Apply, roll back or list the database migrations (DATABASE_URL)",
	}
	sub := func(use, short string, fn func(context.Context, *migrateDB) error) *cobra.Command {
		return &cobra.Command{Use: use, Short: short, Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig()
			if err != nil {
				return err
			}
			db, err := migrate.Open(cfg.DatabaseURL)
			if err != nil {
				return err
			}
			defer db.Close()
			return fn(cmd.Context(), &migrateDB{DB: db})
		}}
	}
	cmd.AddCommand(
		sub("up", "Apply every pending migration", func(ctx context.Context, m *migrateDB) error { return migrate.Up(ctx, m.DB, os.Stdout) }),
		sub("down", "Roll back the latest migration", func(ctx context.Context, m *migrateDB) error { return migrate.Down(ctx, m.DB, os.Stdout) }),
		sub("status", "List migrations and whether each is applied", func(ctx context.Context, m *migrateDB) error { return migrate.Status(ctx, m.DB, os.Stdout) }),
	)
	return cmd
}

type migrateDB struct{ DB *sql.DB }
