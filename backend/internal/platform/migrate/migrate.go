// Package migrate applies the embedded SQL migrations with goose.
package migrate

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"sort"
	"strconv"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"github.com/pressly/goose/v3"

	"teyi/migrations"
)

// Open opens a database/sql handle for migrations.
func Open(dsn string) (*sql.DB, error) {
	return sql.Open("pgx", dsn)
}

func provider(db *sql.DB) (*goose.Provider, error) {
	return goose.NewProvider(goose.DialectPostgres, db, migrations.FS)
}

// Up applies every pending migration.
func Up(ctx context.Context, db *sql.DB, out io.Writer) error {
	p, err := provider(db)
	if err != nil {
		return err
	}
	res, err := p.Up(ctx)
	for _, r := range res {
		fmt.Fprintf(out, "applied %05d %s (%s)\n", r.Source.Version, baseName(r.Source.Path), r.Duration.Round(1e6))
	}
	if err != nil {
		return fmt.Errorf("migrate up: %w", err)
	}
	if len(res) == 0 {
		fmt.Fprintln(out, "schema is up to date")
	}
	return nil
}

// Down rolls back the latest migration.
func Down(ctx context.Context, db *sql.DB, out io.Writer) error {
	p, err := provider(db)
	if err != nil {
		return err
	}
	r, err := p.Down(ctx)
	if err != nil {
		return fmt.Errorf("migrate down: %w", err)
	}
	if r != nil {
		fmt.Fprintf(out, "rolled back %05d %s\n", r.Source.Version, baseName(r.Source.Path))
	}
	return nil
}

// Status prints each migration and whether it is applied.
func Status(ctx context.Context, db *sql.DB, out io.Writer) error {
	p, err := provider(db)
	if err != nil {
		return err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return err
	}
	for _, s := range st {
		at := "pending"
		if s.State == goose.StateApplied {
			at = "applied " + s.AppliedAt.Format("2006-01-02 15:04:05")
		}
		fmt.Fprintf(out, "%05d %-40s %s\n", s.Source.Version, baseName(s.Source.Path), at)
	}
	return nil
}

func baseName(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return p[i+1:]
		}
	}
	return p
}

var fileName = regexp.MustCompile(`^(\d{5})_[a-z0-9_]+\.sql$`)

// CheckFiles verifies the migration files are named NNNNN_name.sql with
// versions 1..n, none missing and none repeated.
func CheckFiles(fsys fs.FS) error {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return err
	}
	seen := map[int]string{}
	var versions []int
	for _, e := range entries {
		if e.IsDir() || e.Name() == "embed.go" {
			continue
		}
		m := fileName.FindStringSubmatch(e.Name())
		if m == nil {
			return fmt.Errorf("migration %q: want NNNNN_lower_snake.sql", e.Name())
		}
		v, _ := strconv.Atoi(m[1])
		if prev, dup := seen[v]; dup {
			return fmt.Errorf("migration version %05d used twice: %s and %s", v, prev, e.Name())
		}
		seen[v] = e.Name()
		versions = append(versions, v)
	}
	sort.Ints(versions)
	for i, v := range versions {
		if v != i+1 {
			return fmt.Errorf("migration version %05d is missing (next present is %05d)", i+1, v)
		}
	}
	return nil
}
