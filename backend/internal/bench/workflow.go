package bench

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// The steps of an application in `teyi bench workflow`, in order; each is
// one write (one mutating request).
const (
	StepCreate      = "create"
	StepUpload      = "upload"
	StepSend        = "send_to_office"
	StepForward     = "forward"
	StepRequestInfo = "request_info"
	StepReply       = "reply"
	StepAccept      = "accept"
	// the expert review (with experts among --users)
	StepDraw    = "draw"
	StepRespond = "respond"
	StepVote    = "vote"
	StepConfirm = "confirm"
)

// PanelSteps follow accept when the run has experts: the administrator
// draws the panel, each member accepts and votes, a reviewer confirms.
var PanelSteps = []string{StepDraw, StepRespond, StepRespond, StepRespond, StepVote, StepVote, StepVote, StepConfirm}

// WorkflowSteps are the steps of an application whose hospital has a
// clinician; without one the office creates and forwards the draft itself
// (no send_to_office).
var WorkflowSteps = []string{StepCreate, StepUpload, StepSend, StepForward, StepRequestInfo, StepReply, StepAccept}

// DefaultWorkflowUsers are the demo users that drive the applications: the
// hospitals' clinicians and offices and the bureau's reviewer.
var DefaultWorkflowUsers = []string{"h1.doctor", "h1.office", "h2.doctor", "h2.office", "h3.office", "bureau.reviewer"}

// DefaultPanelUsers join the run with --panels: the administrator who
// draws and the demo expert pool.
var DefaultPanelUsers = []string{"bureau.admin",
	"expert01", "expert02", "expert03", "expert04", "expert05", "expert06", "expert07", "expert08",
	"expert09", "expert10", "expert11", "expert12", "expert13", "expert14", "expert15", "expert16"}

// DefaultWorkflowAdmin is the user whose --setup raises the quota.
const DefaultWorkflowAdmin = "bureau.admin"

// Roles the workflow recognises.
const (
	roleClinician = "clinician"
	roleOffice    = "hospital_office"
	roleReviewer  = "bureau_reviewer"
	roleAdmin     = "bureau_admin"
	roleExpert    = "expert"
)

// WorkflowConfig is the configuration of `teyi bench workflow`.
type WorkflowConfig struct {
	Base        string
	Rate        float64 // writes per second across all steps
	Duration    time.Duration
	Warmup      time.Duration
	Timeout     time.Duration
	Users       []string
	Password    string
	Connections int
	// Setup: before the run, as Admin, set the region's quota to a custom
	// rate of 1.0 per year and the window to any time, effective today.
	Setup bool
	Admin string
}

// Validate checks the settings and normalises Base.
func (c *WorkflowConfig) Validate() error {
	lc := ListConfig{Base: c.Base, Rate: c.Rate, Duration: c.Duration, Warmup: c.Warmup, Timeout: c.Timeout,
		Users: c.Users, Password: c.Password, PageSize: 50, Connections: c.Connections}
	if err := lc.Validate(); err != nil {
		return err
	}
	c.Base = lc.Base
	if c.Setup && c.Admin == "" {
		return badConfig("--admin: name the bureau administrator who raises the quota for --setup")
	}
	return nil
}

// wfTeam is one hospital's users and the cases they apply for.
type wfTeam struct {
	hospital string
	doctor   *Session // nil: the office creates and forwards
	office   *Session
	cases    []string // case ids not used yet
	panels   bool     // the run reviews the accepted applications
}

func (t *wfTeam) steps() []string {
	out := WorkflowSteps
	if t.doctor == nil {
		out = []string{StepCreate, StepUpload, StepForward, StepRequestInfo, StepReply, StepAccept}
	}
	if t.panels {
		out = append(append([]string(nil), out...), PanelSteps...)
	}
	return out
}

// wfApp is an application being driven.
type wfApp struct {
	team    *wfTeam
	steps   []string
	step    int // index into steps of the next write
	caseID  string
	id      string
	version int
	// the review: the panel, its members (user ids, in seat order) and the
	// decision the last vote produced
	panel    string
	members  []string
	seat     int
	decision string
}

func (a *wfApp) label() string { return a.steps[a.step] }

// wfPlan decides which write comes next: the oldest application waiting
// for its next step, else a new application from the next hospital's
// unused cases. An application's step is handed out once; it returns to
// the queue only when that write succeeded (advance), so a failed write
// drops its application and the load goes on with others.
type wfPlan struct {
	mu        sync.Mutex
	ready     []*wfApp // FIFO
	teams     []*wfTeam
	rr        int
	started   int
	completed int
}

// errNoCases is the plan running out of cases.
var errNoCases = errors.New("bench: no unused cases left to apply for; lower --rate or --duration, or load more cases")

func (p *wfPlan) next() (*wfApp, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.ready) > 0 {
		a := p.ready[0]
		p.ready[0] = nil
		p.ready = p.ready[1:]
		return a, nil
	}
	for range p.teams {
		t := p.teams[p.rr%len(p.teams)]
		p.rr++
		if n := len(t.cases); n > 0 {
			c := t.cases[n-1]
			t.cases = t.cases[:n-1]
			p.started++
			return &wfApp{team: t, steps: t.steps(), caseID: c}, nil
		}
	}
	return nil, errNoCases
}

// advance records that a's current step succeeded and queues its next one.
func (p *wfPlan) advance(a *wfApp) {
	p.mu.Lock()
	defer p.mu.Unlock()
	a.step++
	if a.step >= len(a.steps) {
		p.completed++
		return
	}
	p.ready = append(p.ready, a)
}

func (p *wfPlan) counts() (started, completed, waiting int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.started, p.completed, len(p.ready)
}

// WorkflowWorkload drives whole applications: each Next is one write of
// some application (see wfPlan), sent as the user whose turn it is, with an
// Idempotency-Key.
type WorkflowWorkload struct {
	Base      string
	plan      *wfPlan
	reviewers []*Session
	admin     *Session
	experts   map[string]*Session // by user id
	rr        int
	run       string // prefix of the idempotency keys
}

// workflowPDF is a small valid PDF; n makes each file distinct (the store
// deduplicates by content, a real hospital's files differ).
func workflowPDF(n int) []byte {
	return fmt.Appendf(nil, "%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"+
		"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"+
		"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"+
		"%% teyi bench workflow evidence %d\ntrailer<</Root 1 0 R>>\n%%%%EOF\n", n)
}

// Next implements Workload.
func (w *WorkflowWorkload) Next(ctx context.Context, i int) (Op, error) {
	a, err := w.plan.next()
	if err != nil {
		return Op{}, err
	}
	t := a.team
	label := a.label()
	var (
		who    *Session
		method = http.MethodPost
		path   string
		body   []byte
		ctype  = "application/json"
	)
	creator := t.doctor
	if creator == nil {
		creator = t.office
	}
	cmd := func(command string, extra map[string]any) []byte {
		m := map[string]any{"command": command, "version": a.version}
		for k, v := range extra {
			m[k] = v
		}
		b, _ := json.Marshal(m)
		return b
	}
	switch label {
	case StepCreate:
		who, path = creator, "/api/v1/applications"
		body, _ = json.Marshal(map[string]any{"case_id": a.caseID, "types": []string{"HIGH_COST"},
			"justification": "费用远超病组支付标准（负载测试）：高值耗材与延长的重症监护。", "claimed_amount": "50000.00"})
	case StepUpload:
		who, ctype = creator, "application/octet-stream"
		path = "/api/v1/applications/" + url.PathEscape(a.id) + "/evidence?kind=discharge_record&file_name=discharge.pdf"
		body = workflowPDF(i)
	case StepSend:
		who, path, body = t.doctor, "/api/v1/applications/"+url.PathEscape(a.id)+"/transitions", cmd(StepSend, nil)
	case StepForward:
		who, path, body = t.office, "/api/v1/applications/"+url.PathEscape(a.id)+"/transitions", cmd(StepForward, nil)
	case StepRequestInfo:
		who, path = w.reviewer(), "/api/v1/applications/"+url.PathEscape(a.id)+"/transitions"
		body = cmd(StepRequestInfo, map[string]any{"reason_code": "missing_fee_detail", "note": "请补充费用明细。"})
	case StepReply:
		who, path = creator, "/api/v1/applications/"+url.PathEscape(a.id)+"/transitions"
		body = cmd(StepReply, map[string]any{"note": "已补充费用明细，见病案。"})
	case StepAccept:
		who, path, body = w.reviewer(), "/api/v1/applications/"+url.PathEscape(a.id)+"/transitions", cmd(StepAccept, nil)
	case StepDraw:
		who, path = w.admin, "/api/v1/review/panels"
		body, _ = json.Marshal(map[string]any{"application_id": a.id})
	case StepRespond, StepVote:
		if a.seat >= len(a.members) || w.experts[a.members[a.seat]] == nil {
			return Op{}, fmt.Errorf("bench: panel member %d of %s is not among --users", a.seat, a.panel)
		}
		who = w.experts[a.members[a.seat]]
		if label == StepRespond {
			path, body = "/api/v1/review/panels/"+url.PathEscape(a.panel)+"/response", []byte(`{"answer":"accept"}`)
		} else {
			path = "/api/v1/review/panels/" + url.PathEscape(a.panel) + "/votes"
			body = []byte(`{"choice":"APPROVE_ITEM_BASED","rationale":"病情复杂，费用合理（负载测试）"}`)
		}
	case StepConfirm:
		who, path, body = w.reviewer(), "/api/v1/review/decisions/"+url.PathEscape(a.decision)+"/confirmation", []byte(`{}`)
	default:
		return Op{}, fmt.Errorf("bench: unknown step %q", label)
	}
	req, err := http.NewRequestWithContext(ctx, method, w.Base+path, bytes.NewReader(body))
	if err != nil {
		return Op{}, err
	}
	who.AuthoriseWrite(req)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Idempotency-Key", fmt.Sprintf("%s-%d", w.run, i))
	return Op{Req: req, Label: label, Refused: refusalKind, Check: func(b []byte) error {
		if err := a.review(label, b); err != nil {
			return err
		}
		if label != StepUpload && !slices.Contains(PanelSteps, label) {
			var r struct {
				ID      string `json:"id"`
				Version int    `json:"version"`
			}
			if err := json.Unmarshal(b, &r); err != nil || r.ID == "" || r.Version < 1 {
				return fmt.Errorf("not an application (%s)", label)
			}
			a.id, a.version = r.ID, r.Version
		}
		w.plan.advance(a)
		return nil
	}}, nil
}

// review reads what a review step's answer tells the next one.
func (a *wfApp) review(label string, b []byte) error {
	switch label {
	case StepDraw:
		var p struct {
			ID      string `json:"id"`
			Members []struct {
				UserID string `json:"user_id"`
			} `json:"members"`
		}
		if err := json.Unmarshal(b, &p); err != nil || p.ID == "" || len(p.Members) == 0 {
			return errors.New("not a panel (draw)")
		}
		a.panel, a.members, a.seat = p.ID, nil, 0
		for _, m := range p.Members {
			a.members = append(a.members, m.UserID)
		}
	case StepRespond, StepVote:
		a.seat++
		if a.seat >= len(a.members) {
			a.seat = 0
		}
		if label == StepVote {
			var v struct {
				DecisionID string `json:"decision_id"`
			}
			_ = json.Unmarshal(b, &v)
			if v.DecisionID != "" {
				a.decision = v.DecisionID
			}
		}
	case StepConfirm:
		var d struct {
			Status string `json:"status"`
		}
		if json.Unmarshal(b, &d) != nil || d.Status != "CONFIRMED" {
			return errors.New("not a confirmed decision")
		}
	}
	return nil
}

// reviewer is the next reviewer in turn (called from Next only).
func (w *WorkflowWorkload) reviewer() *Session {
	s := w.reviewers[w.rr%len(w.reviewers)]
	w.rr++
	return s
}

// Refusal kinds the report explains.
const (
	KindQuota      = "quota-exhausted"
	KindWindow     = "window-closed"
	KindOpenExists = "open-application-exists"
)

// refusalKind names a refused write by the problem's code.
func refusalKind(status int, body []byte) string {
	var p struct {
		Code string `json:"code"`
	}
	if json.Unmarshal(body, &p) != nil || p.Code == "" || len(p.Code) > 40 {
		return ""
	}
	return p.Code
}

// Explanations of refusal kinds, for the report.
var refusalHelp = map[string]string{
	KindQuota: "409: the region's special-case quota is used up, so forward is refused. " +
		"Run with --setup (raises the quota as bureau.admin) or raise it on 特例单议设置.",
	KindWindow: "422: the application window is closed for these cases' discharge dates (the default quarterly window " +
		"opens only in the first working days of a quarter). Run with --setup (window any time).",
	KindOpenExists:       "409: the case already had an open application (an earlier run or a user); it was skipped.",
	"stale-version":      "409: the application changed between two steps: another user acted on it at the same time.",
	"illegal-transition": "409: the step did not fit the application's state: another user acted on it at the same time.",
}

// WorkflowResult is a run with its workflow counts.
type WorkflowResult struct {
	*Result
	Started, Completed int    // applications begun and accepted
	Setup              string // what --setup did, for the report
	Users              int
}

// RunWorkflow signs the users in, optionally raises the quota, collects
// unused cases for each hospital and drives the applications. A
// *ConfigError or *LoginError says which step failed.
func RunWorkflow(ctx context.Context, c WorkflowConfig, log io.Writer) (*WorkflowResult, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	client := NewClient(c.Connections, c.Timeout)
	defer client.CloseIdleConnections()
	login := func(user string) (*Session, error) {
		lctx, cancel := context.WithTimeout(ctx, 10*c.Timeout+10*time.Second)
		defer cancel()
		return Login(lctx, client, c.Base, user, c.Password)
	}
	var sessions []*Session
	var errs []error
	for _, user := range c.Users {
		s, err := login(user)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		fmt.Fprintf(log, "signed in %s\n", s)
		sessions = append(sessions, s)
	}
	if len(errs) > 0 {
		return nil, &LoginError{errors.Join(errs...)}
	}
	teams, reviewers, err := formTeams(sessions)
	if err != nil {
		return nil, err
	}
	var admin *Session
	experts := map[string]*Session{}
	for _, s := range sessions {
		switch {
		case s.Has(roleExpert):
			experts[s.UserID] = s
		case s.Bureau() && s.Has(roleAdmin) && admin == nil:
			admin = s
		}
	}
	// panels need an administrator and enough experts for recusal
	panels := admin != nil && len(experts) >= 9
	for _, t := range teams {
		t.panels = panels
	}
	res := &WorkflowResult{Users: len(sessions)}
	if c.Setup {
		admin, err := login(c.Admin)
		if err != nil {
			return nil, &LoginError{err}
		}
		sctx, cancel := context.WithTimeout(ctx, 10*c.Timeout+10*time.Second)
		res.Setup, err = raiseQuota(sctx, client, c.Base, admin)
		cancel()
		if err != nil {
			return nil, fmt.Errorf("--setup: %w", err)
		}
		fmt.Fprintf(log, "setup: %s\n", res.Setup)
	}
	// Creates are about a sixth of the writes once the run is going, all of
	// them during its first second; a margin covers skipped cases.
	need := int(c.Rate*(c.Warmup+c.Duration).Seconds()/5) + int(c.Rate) + 50
	perTeam := need/len(teams) + 1
	total := 0
	for _, t := range teams {
		cctx, cancel := context.WithTimeout(ctx, 30*c.Timeout+30*time.Second)
		t.cases, err = unusedCases(cctx, client, c.Base, t.office, perTeam)
		cancel()
		if err != nil {
			return nil, fmt.Errorf("cases of %s: %w", t.office.User, err)
		}
		total += len(t.cases)
		fmt.Fprintf(log, "hospital %s: %d unused cases to apply for\n", t.hospital, len(t.cases))
	}
	if total < need {
		fmt.Fprintf(log, "warning: %d unused cases for about %d applications; the run may stop early\n", total, need)
	}
	plan := &wfPlan{teams: teams}
	w := &WorkflowWorkload{Base: c.Base, plan: plan, reviewers: reviewers, admin: admin, experts: experts, run: "bench-wf-" + randomHex(8)}
	steps := WorkflowSteps
	if panels {
		steps = append(append([]string(nil), steps...), PanelSteps...)
	}
	fmt.Fprintf(log, "workflow writes at %g/s for %s after a %s warm-up (timeout %s): %s\n",
		c.Rate, c.Duration, c.Warmup, c.Timeout, strings.Join(steps, ", "))
	r, err := Run(ctx, Options{Rate: c.Rate, Duration: c.Duration, Warmup: c.Warmup, Timeout: c.Timeout, Client: client}, w)
	if err != nil {
		return nil, err
	}
	res.Result = r
	res.Started, res.Completed, _ = plan.counts()
	return res, nil
}

// formTeams groups the hospital users by hospital; every hospital needs an
// office, and the run needs a reviewer.
func formTeams(sessions []*Session) ([]*wfTeam, []*Session, error) {
	byHosp := map[string]*wfTeam{}
	var order []string
	var reviewers []*Session
	for _, s := range sessions {
		if s.Has(roleExpert) {
			continue // experts sit on panels, not on a hospital's team
		}
		if s.Bureau() {
			if s.Has(roleReviewer) {
				reviewers = append(reviewers, s)
			}
			continue
		}
		t := byHosp[s.HospitalID]
		if t == nil {
			t = &wfTeam{hospital: s.HospitalID}
			byHosp[s.HospitalID] = t
			order = append(order, s.HospitalID)
		}
		switch {
		case s.Has(roleOffice) && t.office == nil:
			t.office = s
		case s.Has(roleClinician) && t.doctor == nil:
			t.doctor = s
		}
	}
	var teams []*wfTeam
	var missing []string
	for _, h := range order {
		t := byHosp[h]
		if t.office == nil {
			missing = append(missing, h)
			continue
		}
		teams = append(teams, t)
	}
	switch {
	case len(missing) > 0:
		return nil, nil, badConfig("--users: hospital(s) %s have no insurance-office user (hospital_office), who forwards the applications",
			strings.Join(missing, ", "))
	case len(teams) == 0:
		return nil, nil, badConfig("--users: name at least one hospital's office user (e.g. h1.office) and clinician (h1.doctor)")
	case len(reviewers) == 0:
		return nil, nil, badConfig("--users: name a bureau reviewer (e.g. bureau.reviewer), who requests information and accepts")
	}
	return teams, reviewers, nil
}

// openStates are the states in which an application blocks its case.
const openStates = "DRAFT,HOSPITAL_REVIEW,SUBMITTED,RETURNED_FOR_INFO,ACCEPTED,EXPERT_REVIEW,DECIDED,APPEALED,REGROUPED"

// unusedCases returns up to n of the hospital's cases without an open
// application: the screening candidates first, then any case.
func unusedCases(ctx context.Context, client *http.Client, base string, s *Session, n int) ([]string, error) {
	taken := map[string]bool{}
	after := ""
	for range 500 {
		q := url.Values{"limit": {"200"}, "status": {openStates}}
		if after != "" {
			q.Set("after", after)
		}
		var page struct {
			Items []struct {
				CaseID flexID `json:"case_id"`
			} `json:"items"`
			Next string `json:"next"`
		}
		if err := s.getJSON(ctx, client, base+"/api/v1/applications?"+q.Encode(), &page); err != nil {
			return nil, fmt.Errorf("list-applications: %w", err)
		}
		for _, it := range page.Items {
			taken[string(it.CaseID)] = true
		}
		if page.Next == "" || page.Next == after || len(page.Items) == 0 {
			break
		}
		after = page.Next
	}
	var out []string
	seen := map[string]bool{}
	for _, reason := range []string{"any", ""} {
		cursor := ""
		for range 200 {
			if len(out) >= n {
				return out, nil
			}
			q := url.Values{"limit": {"200"}}
			if reason != "" {
				q.Set("reason", reason)
			}
			if cursor != "" {
				q.Set("cursor", cursor)
			}
			var page struct {
				Items []struct {
					ID flexID `json:"id"`
				} `json:"items"`
				NextCursor string `json:"next_cursor"`
			}
			if err := s.getJSON(ctx, client, base+"/api/v1/cases?"+q.Encode(), &page); err != nil {
				return nil, fmt.Errorf("list-cases: %w", err)
			}
			for _, it := range page.Items {
				id := string(it.ID)
				if id == "" || taken[id] || seen[id] {
					continue
				}
				seen[id] = true
				out = append(out, id)
			}
			if page.NextCursor == "" || page.NextCursor == cursor {
				break
			}
			cursor = page.NextCursor
		}
	}
	return out, nil
}

// flexID reads an id sent as a JSON string or number.
type flexID string

func (f *flexID) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*f = flexID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*f = flexID(n.String())
	return nil
}

// raiseQuota sets, as the bureau administrator, the region's quota to a
// custom rate of 1.0 of the year's discharges and the window to any time,
// from the server's today; the deadlines stay. It returns what it did.
func raiseQuota(ctx context.Context, client *http.Client, base string, admin *Session) (string, error) {
	var ov struct {
		Region  string `json:"region"`
		Today   string `json:"today"`
		InForce struct {
			Version int             `json:"version"`
			Quota   map[string]any  `json:"quota"`
			Window  map[string]any  `json:"window"`
			Dl      json.RawMessage `json:"deadlines"`
		} `json:"in_force"`
		Latest int `json:"latest_version"`
	}
	if err := admin.getJSON(ctx, client, base+"/api/v1/specialcase/settings", &ov); err != nil {
		return "", fmt.Errorf("get-specialcase-settings as %s: %w", admin.User, err)
	}
	q, win := ov.InForce.Quota, ov.InForce.Window
	if rate, _ := q["rate"].(string); q["basis"] == "custom" && (rate == "1" || rate == "1.0") && q["period"] == "year" {
		if win["kind"] == "any_time" {
			return fmt.Sprintf("region %s already has quota custom rate %v per %v %v and window any_time (version %d); nothing changed",
				ov.Region, q["rate"], q["scope"], q["period"], ov.InForce.Version), nil
		}
	}
	quota := map[string]any{"basis": "custom", "rate": "1.0", "scope": "region", "period": "year",
		"replace_share": orDefault(q["replace_share"], "0.20"), "warn_at": orDefault(q["warn_at"], "0.80")}
	body, _ := json.Marshal(map[string]any{"version": ov.Latest, "effective_from": ov.Today, "quota": quota,
		"window": map[string]any{"kind": "any_time", "workdays": 0}, "deadlines": ov.InForce.Dl})
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, base+"/api/v1/specialcase/settings", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	admin.AuthoriseWrite(req)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", "bench-wf-setup-"+randomHex(8))
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("update-specialcase-settings as %s: %s", admin.User, problem(resp.StatusCode, b))
	}
	return fmt.Sprintf("as %s, region %s's special-case settings version %d from %s: quota custom rate 1.0 of the region's "+
		"discharges per year (was %v %v per %v), window any_time (was %v), deadlines unchanged",
		admin.User, ov.Region, ov.Latest+1, ov.Today, q["basis"], q["rate"], q["period"], win["kind"]), nil
}

func orDefault(v any, def string) any {
	if s, ok := v.(string); ok && s != "" {
		return s
	}
	return def
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) //nolint:errcheck
	return hex.EncodeToString(b)
}
