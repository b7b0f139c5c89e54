package bench

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// The schedule: new applications only when none waits for its next step,
// hospitals in turn, every step once and in order, a failed step drops its
// application, and the plan says when the cases run out.
func TestWorkflowPlanOrdersStepsAndTakesTurns(t *testing.T) {
	doc, off := &Session{User: "d", Roles: []string{roleClinician}}, &Session{User: "o", Roles: []string{roleOffice}}
	t1 := &wfTeam{hospital: "h1", doctor: doc, office: off, cases: []string{"1", "2"}}
	t2 := &wfTeam{hospital: "h2", office: off, cases: []string{"3"}}
	p := &wfPlan{teams: []*wfTeam{t1, t2}}

	a, err := p.next()
	if err != nil || a.team != t1 || a.caseID != "2" || a.label() != StepCreate {
		t.Fatalf("first write: %+v %v", a, err)
	}
	b, _ := p.next() // a is in flight: a new application from the next hospital
	if b.team != t2 || b.caseID != "3" || len(b.steps) != 6 || b.steps[2] != StepForward {
		t.Fatalf("second write: %+v (a hospital without a clinician forwards from the draft)", b)
	}
	p.advance(a)
	again, _ := p.next()
	if again != a || again.label() != StepUpload {
		t.Fatalf("a waiting application goes first: %+v", again)
	}
	// b's create failed: it is not advanced and never comes back.
	c, _ := p.next()
	if c == b || c.caseID != "1" {
		t.Fatalf("after a failure the plan starts another case: %+v", c)
	}
	if _, err := p.next(); err != errNoCases {
		t.Fatalf("no cases left: %v", err)
	}
	var seen []string
	for a.step < len(a.steps) {
		seen = append(seen, a.label())
		p.advance(a)
		if a.step < len(a.steps) {
			if n, _ := p.next(); n != a {
				t.Fatalf("next = %+v", n)
			}
		}
	}
	if strings.Join(seen, ",") != strings.Join(WorkflowSteps[1:], ",") {
		t.Fatalf("steps %v", seen)
	}
	if s, done, wait := p.counts(); s != 3 || done != 1 || wait != 0 {
		t.Fatalf("counts %d %d %d", s, done, wait)
	}
}

func TestFormTeamsNeedsOfficesAndAReviewer(t *testing.T) {
	doc := &Session{User: "h1.doctor", HospitalID: "h1", Roles: []string{roleClinician}}
	off := &Session{User: "h1.office", HospitalID: "h1", Roles: []string{roleOffice}}
	rev := &Session{User: "bureau.reviewer", RegionCode: "370100", Roles: []string{roleReviewer}}
	lone := &Session{User: "h2.doctor", HospitalID: "h2", Roles: []string{roleClinician}}
	teams, revs, err := formTeams([]*Session{doc, off, rev})
	if err != nil || len(teams) != 1 || teams[0].doctor != doc || teams[0].office != off || len(revs) != 1 {
		t.Fatalf("teams %+v %v %v", teams, revs, err)
	}
	for _, set := range [][]*Session{{doc, off}, {doc, off, lone, rev}, {rev}} {
		if _, _, err := formTeams(set); err == nil {
			t.Fatalf("%v: want a config error", set)
		} else if _, ok := err.(*ConfigError); !ok {
			t.Fatalf("%T", err)
		}
	}
}

func TestRefusalKindReadsTheProblemCode(t *testing.T) {
	cases := map[string]string{
		`{"status":409,"code":"quota-exhausted","cap":3,"used":3}`:   KindQuota,
		`{"status":422,"code":"window-closed","opens":"2027-01-04"}`: KindWindow,
		`{"status":409,"code":"open-application-exists"}`:            KindOpenExists,
		`{"status":500,"title":"Internal Server Error"}`:             "",
		`not json`: "",
	}
	for body, want := range cases {
		if got := refusalKind(409, []byte(body)); got != want {
			t.Errorf("%s: %q, want %q", body, got, want)
		}
	}
}

// The report: a row per operation in workflow order, the refusals explained,
// and the summary as the last line.
func TestWorkflowReportEndsWithTheJSONLine(t *testing.T) {
	ms := time.Millisecond
	r := &WorkflowResult{Result: &Result{TargetRate: 200, Duration: time.Minute, Requests: 10, Errors: 3,
		ErrorKinds:    map[string]int{KindQuota: 2, KindWindow: 1},
		ErrorExamples: map[string]string{KindQuota: "409 quota used up", KindWindow: "422 window closed"},
		ByLabel: map[string]*LabelResult{
			StepAccept: {Requests: 3, Latency: Latencies{P50: 4 * ms, P99: 9 * ms, Max: 9 * ms}},
			StepCreate: {Requests: 4, Latency: Latencies{P50: 5 * ms, P99: 7 * ms, Max: 7 * ms}},
			StepForward: {Requests: 3, Errors: 3, ErrorKinds: map[string]int{KindQuota: 2, KindWindow: 1},
				Latency: Latencies{P50: 6 * ms, P99: 8 * ms, Max: 8 * ms}},
		},
		Latency: Latencies{P50: 5 * ms, P90: 8 * ms, P99: 9 * ms, Max: 9500 * time.Microsecond}, Rate: 199.996, Elapsed: time.Minute},
		Started: 4, Completed: 1, Setup: "as bureau.admin, …"}
	var out bytes.Buffer
	if err := r.Report(&out, "title"); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	var sum map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil {
		t.Fatalf("last line: %v\n%s", err, text)
	}
	want := map[string]any{"ops": 10.0, "errors": 3.0, "p50_ms": 5.0, "p99_ms": 9.0, "max_ms": 9.5, "rate": 200.0,
		"quota_refusals": 2.0, "window_refusals": 1.0}
	for k, v := range want {
		if sum[k] != v {
			t.Errorf("%s = %v, want %v\n%s", k, sum[k], v, text)
		}
	}
	ci, fi, ai := strings.Index(text, " create "), strings.Index(text, " forward "), strings.Index(text, " accept ")
	if ci < 0 || !(ci < fi && fi < ai) || !strings.Contains(text, "all writes") {
		t.Errorf("operations out of order:\n%s", text)
	}
	for _, s := range []string{"--setup", "setup", "quota-exhausted", "window-closed"} {
		if !strings.Contains(text, s) {
			t.Errorf("report lacks %q:\n%s", s, text)
		}
	}
}

func TestWorkflowPDFLooksLikeAPDF(t *testing.T) {
	a, b := workflowPDF(1), workflowPDF(2)
	if !bytes.HasPrefix(a, []byte("%PDF-")) || bytes.Equal(a, b) || !bytes.Contains(a, []byte("%%EOF")) {
		t.Fatalf("%q", a)
	}
}
