package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"teyi/backend/internal/bench/benchtest"
)

func runTeyi(args ...string) (stdout, stderr string, code int) {
	root := newRootCmd()
	var out, errb bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errb)
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		errb.WriteString(err.Error())
		return out.String(), errb.String(), exitCode(err)
	}
	return out.String(), errb.String(), 0
}

func TestBenchListRejectsBadFlagsWithExit2(t *testing.T) {
	for _, args := range [][]string{
		{"--rate", "0"}, {"--rate", "-1"}, {"--rate", "100001"}, {"--duration", "0s"},
		{"--base", "ftp://x"}, {"--base", "localhost:8080"}, {"--page-size", "500"}, {"--users", ","},
	} {
		_, stderr, code := runTeyi(append([]string{"bench", "list", "--base", "http://127.0.0.1:1"}, args...)...)
		flag := args[0]
		if code != 2 || !strings.Contains(stderr, flag) {
			t.Errorf("%v: exit %d, %q; want exit 2 naming %s", args, code, stderr, flag)
		}
	}
}

func TestBenchListEndsWithOneJSONLine(t *testing.T) {
	f := benchtest.New()
	defer f.Close()
	stdout, stderr, code := runTeyi("bench", "list", "--base", f.URL, "--rate", "100", "--duration", "300ms",
		"--warmup", "100ms", "--password", benchtest.Password)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimRight(stdout, "\n"), "\n")
	var sum map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil {
		t.Fatalf("last line is not JSON: %v\n%s", err, stdout)
	}
	if sum["requests"] != float64(30) || sum["errors"] != float64(0) || sum["p50_ms"] == nil || sum["p99_ms"] == nil {
		t.Fatalf("summary %v\n%s", sum, stdout)
	}
	if strings.Contains(stdout+stderr, benchtest.Password) || strings.Contains(stdout+stderr, "tok-") {
		t.Fatalf("a secret was printed:\n%s\n%s", stdout, stderr)
	}
	t.Logf("\n%s%s", stderr, stdout)
}

func TestBenchListFailedSignInExits3(t *testing.T) {
	f := benchtest.New()
	defer f.Close()
	_, stderr, code := runTeyi("bench", "list", "--base", f.URL, "--duration", "100ms", "--users", "h1.office,with.totp",
		"--password", benchtest.Password)
	if code != 3 || !strings.Contains(stderr, "with.totp") || !strings.Contains(stderr, "second factor") {
		t.Fatalf("exit %d, %q; want exit 3 naming with.totp and the second factor", code, stderr)
	}
	t.Setenv("TEYI_BENCH_PASSWORD", "Not-The-Password")
	_, stderr, code = runTeyi("bench", "list", "--base", f.URL, "--duration", "100ms")
	if code != 3 || !strings.Contains(stderr, "h1.office") || strings.Contains(stderr, "Not-The-Password") {
		t.Fatalf("exit %d, %q; want exit 3 naming the user without the password", code, stderr)
	}
}

func lastJSON(t *testing.T, stdout string) map[string]any {
	t.Helper()
	lines := strings.Split(strings.TrimRight(stdout, "\n"), "\n")
	var sum map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil {
		t.Fatalf("last line is not JSON: %v\n%s", err, stdout)
	}
	return sum
}

func TestBenchWorkflowDrivesApplicationsAndEndsWithOneJSONLine(t *testing.T) {
	f := benchtest.New()
	defer f.Close()
	stdout, stderr, code := runTeyi("bench", "workflow", "--base", f.URL, "--rate", "200", "--duration", "500ms",
		"--warmup", "100ms", "--password", benchtest.Password, "--setup")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	sum := lastJSON(t, stdout)
	if sum["ops"] != float64(100) || sum["errors"] != float64(0) || sum["p50_ms"] == nil || sum["p99_ms"] == nil {
		t.Fatalf("summary %v\n%s%s", sum, stderr, stdout)
	}
	st := f.Workflow()
	if st.NoKey != 0 || st.NoCSRF != 0 || st.BadStep != 0 || st.Accepted < 5 || st.Writes != 121 { // 120 steps and the settings
		t.Fatalf("fake saw %+v\n%s", st, stdout)
	}
	for _, s := range []string{"create", "upload", "send_to_office", "forward", "request_info", "reply", "accept", "setup", "bureau.admin"} {
		if !strings.Contains(stdout, s) {
			t.Errorf("report lacks %q:\n%s", s, stdout)
		}
	}
	if strings.Contains(stdout+stderr, benchtest.Password) || strings.Contains(stdout+stderr, "tok-") {
		t.Fatalf("a secret was printed:\n%s\n%s", stdout, stderr)
	}
	t.Logf("\n%s%s", stderr, stdout)
}

// Without --setup the fake's quota runs out: the run goes on, and the
// refusals are counted apart and explained.
func TestBenchWorkflowCountsQuotaRefusalsApart(t *testing.T) {
	f := benchtest.New()
	defer f.Close()
	stdout, stderr, code := runTeyi("bench", "workflow", "--base", f.URL, "--rate", "200", "--duration", "500ms",
		"--warmup", "0s", "--password", benchtest.Password)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	sum := lastJSON(t, stdout)
	q, _ := sum["quota_refusals"].(float64)
	if q == 0 || sum["errors"] != q || sum["ops"] != float64(100) || !strings.Contains(stdout, "--setup") {
		t.Fatalf("summary %v\n%s", sum, stdout)
	}
	if st := f.Workflow(); st.Accepted > benchtest.QuotaCap || st.BadStep != 0 {
		t.Fatalf("fake saw %+v", st)
	}
}

func TestBenchWorkflowRejectsBadFlagsAndUsers(t *testing.T) {
	for _, args := range [][]string{{"--rate", "0"}, {"--duration", "0s"}, {"--base", "ftp://x"}, {"--users", ","}} {
		_, stderr, code := runTeyi(append([]string{"bench", "workflow", "--base", "http://127.0.0.1:1"}, args...)...)
		if code != 2 || !strings.Contains(stderr, args[0]) {
			t.Errorf("%v: exit %d, %q; want exit 2 naming %s", args, code, stderr, args[0])
		}
	}
	f := benchtest.New()
	defer f.Close()
	_, stderr, code := runTeyi("bench", "workflow", "--base", f.URL, "--duration", "100ms", "--users", "h1.doctor,h1.office",
		"--password", benchtest.Password)
	if code != 2 || !strings.Contains(stderr, "reviewer") {
		t.Fatalf("no reviewer: exit %d, %q", code, stderr)
	}
	_, stderr, code = runTeyi("bench", "workflow", "--base", f.URL, "--duration", "100ms", "--users", "with.totp,bureau.reviewer",
		"--password", benchtest.Password)
	if code != 3 || !strings.Contains(stderr, "with.totp") {
		t.Fatalf("second factor: exit %d, %q", code, stderr)
	}
}
