package database_test

import (
	"context"
	"errors"
	"testing"

	"teyi/backend/internal/platform/database"
	"teyi/backend/internal/platform/testsupport"
)

func TestWithTxCommitsRollsBackAndNests(t *testing.T) {
	db, dsn := testsupport.NewDB(t)
	testsupport.AdminExec(t, dsn, `CREATE TABLE notes (n int PRIMARY KEY)`, `GRANT ALL ON notes TO teyi_app`)
	ctx := context.Background()
	count := func() (n int64) {
		db.Conn(ctx).Raw(`SELECT count(*) FROM notes`).Scan(&n)
		return
	}
	if err := db.WithTx(ctx, func(ctx context.Context) error {
		if !database.InTx(ctx) {
			t.Fatal("no transaction in ctx")
		}
		return db.Conn(ctx).Exec(`INSERT INTO notes VALUES (1)`).Error
	}); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := db.WithTx(ctx, func(ctx context.Context) error {
		db.Conn(ctx).Exec(`INSERT INTO notes VALUES (2)`)
		// The nested call joins the outer transaction, so its insert is
		// rolled back with the outer failure.
		if err := db.WithTx(ctx, func(ctx context.Context) error {
			return db.Conn(ctx).Exec(`INSERT INTO notes VALUES (3)`).Error
		}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) || count() != 1 {
		t.Fatalf("err %v, rows %d; want boom and 1 row", err, count())
	}
	err = db.Conn(ctx).Exec(`INSERT INTO notes VALUES (1)`).Error
	if !database.IsDuplicate(err) {
		t.Fatalf("duplicate insert: %v, want IsDuplicate", err)
	}
}

func TestApplicationRunsAsTheNarrowRole(t *testing.T) {
	db, _ := testsupport.NewDB(t)
	var role string
	db.Conn(context.Background()).Raw(`SELECT current_user`).Scan(&role)
	if role != testsupport.AppRole {
		t.Fatalf("current_user = %q, want %q", role, testsupport.AppRole)
	}
}

func TestLoggedSQLCarriesNoLiterals(t *testing.T) {
	got := database.TruncateForTest(`SELECT * FROM users WHERE name = '张三' AND id_number = 370102199001011234 AND n = 5`)
	if got != `SELECT * FROM users WHERE name = ? AND id_number = ? AND n = 5` {
		t.Fatalf("got %q", got)
	}
}
