// Package testsupport gives integration tests real PostgreSQL databases and
// real Redis. A template database is migrated once per schema version (under
// an advisory lock, so parallel test packages share it), and each test package
// or test gets its own clone.
//
// Connection settings come from TEYI_TEST_DATABASE_URL (an admin connection,
// default: DATABASE_URL on database "postgres", or the local trust socket)
// and TEYI_TEST_REDIS_URL (default REDIS_URL, else 127.0.0.1:6379 db 15).
package testsupport

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"teyi/backend/internal/platform/database"
	"teyi/backend/internal/platform/migrate"
	"teyi/migrations"
)

// AdminURL is the connection used to create and drop test databases.
func AdminURL() string {
	if u := os.Getenv("TEYI_TEST_DATABASE_URL"); u != "" {
		return u
	}
	if u := os.Getenv("DATABASE_URL"); u != "" {
		return withDatabase(u, "postgres")
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// RedisURL is the Redis used by tests.
func RedisURL() string {
	if u := os.Getenv("TEYI_TEST_REDIS_URL"); u != "" {
		return u
	}
	if u := os.Getenv("REDIS_URL"); u != "" {
		return u
	}
	return "redis://127.0.0.1:6379/15"
}

func withDatabase(dsn, name string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	u.Path = "/" + name
	return u.String()
}

var (
	tmplOnce sync.Once
	tmplName string
	tmplErr  error
)

// schemaHash names the template after the migration files, so a changed
// migration gets a fresh template.
func schemaHash() string {
	h := sha256.New()
	_ = fs.WalkDir(migrations.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := fs.ReadFile(migrations.FS, p)
		h.Write([]byte(p))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}

const lockID = 7420117

func template() (string, error) {
	tmplOnce.Do(func() {
		tmplName = "teyi_tmpl_" + schemaHash()
		tmplErr = buildTemplate(tmplName)
	})
	return tmplName, tmplErr
}

func buildTemplate(name string) error {
	ctx := context.Background()
	admin, err := sql.Open("pgx", AdminURL())
	if err != nil {
		return err
	}
	defer admin.Close()
	conn, err := admin.Conn(ctx)
	if err != nil {
		return fmt.Errorf("test database: %w (is PostgreSQL running? see deploy/local/services.sh)", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lockID); err != nil {
		return err
	}
	defer conn.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", lockID) //nolint:errcheck
	var ready sql.NullString
	err = conn.QueryRowContext(ctx, `SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1`, name).Scan(&ready)
	if err == nil && ready.String == "ready" {
		return nil
	}
	if err == nil { // half-built by a crashed run
		if _, err := conn.ExecContext(ctx, "DROP DATABASE "+quote(name)+" WITH (FORCE)"); err != nil {
			return err
		}
	}
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+quote(name)); err != nil {
		return err
	}
	db, err := migrate.Open(withDatabase(AdminURL(), name))
	if err != nil {
		return err
	}
	if err := migrate.Up(ctx, db, io.Discard); err != nil {
		db.Close()
		return err
	}
	db.Close()
	_, err = conn.ExecContext(ctx, "COMMENT ON DATABASE "+quote(name)+" IS 'ready'")
	return err
}

func quote(ident string) string { return `"` + strings.ReplaceAll(ident, `"`, `""`) + `"` }

// CreateDatabase clones the migrated template into a new database and returns
// its URL and a function that drops it.
func CreateDatabase(prefix string) (string, func(), error) {
	tmpl, err := template()
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("teyi_t_%s_%s", sanitize(prefix), randHex(4))
	ctx := context.Background()
	admin, err := sql.Open("pgx", AdminURL())
	if err != nil {
		return "", nil, err
	}
	conn, err := admin.Conn(ctx)
	if err != nil {
		admin.Close()
		return "", nil, err
	}
	// Clones run under the template lock: PostgreSQL refuses to copy a
	// database that another session is connected to.
	_, err = conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lockID)
	if err == nil {
		_, err = conn.ExecContext(ctx, "CREATE DATABASE "+quote(name)+" TEMPLATE "+quote(tmpl))
		conn.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", lockID) //nolint:errcheck
	}
	conn.Close()
	if err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("clone template: %w", err)
	}
	drop := func() {
		admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+quote(name)+" WITH (FORCE)") //nolint:errcheck
		admin.Close()
	}
	return withDatabase(AdminURL(), name), drop, nil
}

func sanitize(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
		if b.Len() >= 20 {
			break
		}
	}
	return b.String()
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// NewDB gives the test its own migrated database, dropped when it ends.
func NewDB(t testing.TB) (*database.DB, string) {
	t.Helper()
	dsn, drop, err := CreateDatabase(t.Name())
	if err != nil {
		t.Fatalf("test database: %v", err)
	}
	db, err := database.Open(context.Background(), dsn, database.Options{MaxOpen: 20, MaxIdle: 5, Role: AppRole})
	if err != nil {
		drop()
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() {
		db.Close()
		drop()
	})
	return db, dsn
}

// AppRole is the role the application runs as; tests run as it too.
const AppRole = "teyi_app"

// AdminExec runs statements on the test database as the connecting (owner)
// user, for fixtures the application role may not create, such as tables.
func AdminExec(t testing.TB, dsn string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// UniqueName returns a name unique to this run, for queue names and keys.
func UniqueName(prefix string) string { return prefix + "_" + randHex(6) }
