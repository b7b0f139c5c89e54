package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/testsupport"
)

func runCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := root.Execute()
	return out.String(), err
}

func TestAuditVerifyFailsAndNamesTheTamperedRow(t *testing.T) {
	db, dsn := testsupport.NewDB(t)
	t.Setenv("DATABASE_URL", dsn)
	t.Setenv("REDIS_URL", testsupport.RedisURL())
	t.Setenv("TEYI_LOG_LEVEL", "error")
	log := audit.New(db, nil)
	for i := 0; i < 4; i++ {
		if err := log.Record(context.Background(), audit.Event{Action: "test.event", ObjectID: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	out, err := runCmd(t, "audit", "verify")
	if err != nil || !strings.Contains(out, "intact: 4 rows") {
		t.Fatalf("untouched chain: %v %q", err, out)
	}
	testsupport.AdminExec(t, dsn, `ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`,
		`UPDATE audit_events SET object_id = 'y' WHERE id = 3`)
	_, err = runCmd(t, "audit", "verify")
	if err == nil || exitCode(err) != 1 || !strings.Contains(err.Error(), "audit row 3") {
		t.Fatalf("tampered chain: %v (exit %d), want exit 1 naming row 3", err, exitCode(err))
	}
}

func TestAdminResetPasswordNeedsAKnownUserAndAGoodPassword(t *testing.T) {
	_, dsn := testsupport.NewDB(t)
	t.Setenv("DATABASE_URL", dsn)
	t.Setenv("REDIS_URL", testsupport.RedisURL())
	t.Setenv("TEYI_LOG_LEVEL", "error")
	t.Setenv("TEYI_ADMIN_PASSWORD", "a long and unusual password 7")
	if out, err := runCmd(t, "admin", "create-sysadmin", "root.admin"); err != nil {
		t.Fatalf("create-sysadmin: %v %s", err, out)
	}
	if out, err := runCmd(t, "admin", "reset-password", "root.admin"); err != nil || !strings.Contains(out, "must change it") {
		t.Fatalf("reset-password: %v %s", err, out)
	}
	if _, err := runCmd(t, "admin", "reset-totp", "nobody.here"); err == nil || !strings.Contains(err.Error(), "no user") {
		t.Fatalf("unknown user: %v", err)
	}
	t.Setenv("TEYI_ADMIN_PASSWORD", "short")
	if _, err := runCmd(t, "admin", "reset-password", "root.admin"); exitCode(err) != 2 {
		t.Fatalf("weak password: %v (exit %d), want exit 2", err, exitCode(err))
	}
}
