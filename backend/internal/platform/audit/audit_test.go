package audit_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/testsupport"
)

func record(t *testing.T, l *audit.Log, n int) {
	t.Helper()
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: "0190c2f0-0000-7000-8000-000000000001", Name: "admin", Role: "sysadmin", IP: "127.0.0.1"})
	for i := 0; i < n; i++ {
		if err := l.Record(ctx, audit.Event{Action: "user.create", ObjectType: "user", ObjectID: "u" + string(rune('a'+i)),
			New: map[string]any{"username": "zhang", "roles": []string{"clinician"}, "n": 1.50, "note": "<三级>"}}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestChainVerifiesWhenUntouched(t *testing.T) {
	db, _ := testsupport.NewDB(t)
	l := audit.New(db, nil)
	record(t, l, 5)
	res, err := l.Verify(context.Background())
	if err != nil || res.Problem != nil || res.Rows != 5 {
		t.Fatalf("verify: %+v %v", res, err)
	}
}

func TestConcurrentRecordsFormOneChain(t *testing.T) {
	db, _ := testsupport.NewDB(t)
	l := audit.New(db, nil)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() { defer wg.Done(); record(t, l, 10) }()
	}
	wg.Wait()
	res, err := l.Verify(context.Background())
	if err != nil || res.Problem != nil || res.Rows != 80 {
		t.Fatalf("verify: %+v %v", res, err)
	}
}

func TestApplicationRoleCannotUpdateOrDeleteAuditRows(t *testing.T) {
	db, _ := testsupport.NewDB(t)
	l := audit.New(db, nil)
	record(t, l, 1)
	ctx := context.Background()
	for _, stmt := range []string{`UPDATE audit_events SET action = 'x'`, `DELETE FROM audit_events`, `TRUNCATE audit_events`} {
		err := db.Conn(ctx).Exec(stmt).Error
		if err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("%s as the application role: %v, want permission denied", stmt, err)
		}
	}
}

func TestSuperuserTamperingIsDetectedAndNamed(t *testing.T) {
	cases := map[string]struct {
		sql  []string
		row  int64
		want string
	}{
		"edited":      {[]string{`UPDATE audit_events SET actor_name = 'someone else' WHERE id = 3`}, 3, "edited"},
		"edited json": {[]string{`UPDATE audit_events SET new_values = '{"username":"li"}' WHERE id = 2`}, 2, "edited"},
		"removed":     {[]string{`DELETE FROM audit_events WHERE id = 4`}, 4, "removed"},
		"inserted": {[]string{`UPDATE audit_events SET id = id + 1 WHERE id >= 3`,
			`INSERT INTO audit_events (id, at, action, prev_hash, hash) VALUES (3, now(), 'forged', '\x00', '\x00')`}, 3, "inserted"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			db, dsn := testsupport.NewDB(t)
			l := audit.New(db, nil)
			record(t, l, 5)
			stmts := append([]string{`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`}, c.sql...)
			if name == "inserted" {
				// shift from the top down so the primary key stays unique
				stmts = []string{`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`,
					`UPDATE audit_events SET id = -id WHERE id >= 3`, `UPDATE audit_events SET id = -id + 1 WHERE id < 0`, c.sql[1]}
			}
			testsupport.AdminExec(t, dsn, stmts...)
			res, err := l.Verify(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if res.Problem == nil || res.Problem.RowID != c.row || !strings.Contains(res.Problem.Reason, c.want) {
				t.Fatalf("problem = %+v, want row %d %s", res.Problem, c.row, c.want)
			}
		})
	}
}

func TestSearchFiltersAndPages(t *testing.T) {
	db, _ := testsupport.NewDB(t)
	l := audit.New(db, nil)
	ctx := context.Background()
	for i := 0; i < 7; i++ {
		region := "370100"
		if i%2 == 1 {
			region = "110000"
		}
		if err := l.Record(ctx, audit.Event{Action: "hospital.update", ObjectType: "hospital", ObjectID: "h1", RegionCode: region}); err != nil {
			t.Fatal(err)
		}
	}
	rows, next, err := l.Search(ctx, audit.Filter{RegionCode: "370100", Limit: 3})
	if err != nil || len(rows) != 3 || next == 0 {
		t.Fatalf("page 1: %d rows next %d %v", len(rows), next, err)
	}
	more, next2, _ := l.Search(ctx, audit.Filter{RegionCode: "370100", Limit: 3, Before: next})
	if len(more) != 1 || next2 != 0 {
		t.Fatalf("page 2: %d rows next %d", len(more), next2)
	}
	for _, r := range append(rows, more...) {
		if r.RegionCode != "370100" {
			t.Fatalf("foreign region row %+v", r)
		}
	}
}
