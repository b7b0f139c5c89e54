package review_test

import (
	"encoding/json"
	"errors"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/platform/pdfdoc"
	"teyi/backend/internal/review"
	"teyi/backend/internal/review/decision"
	"teyi/backend/internal/specialcase"
)

func isConflict(err error, code string) bool {
	var ce *review.ConflictError
	return errors.As(err, &ce) && ce.Code == code
}

func vote(choice decision.Choice, why string, ded ...decision.Deduction) review.VoteInput {
	return review.VoteInput{Choice: choice, Rationale: why, Deductions: ded}
}

// The whole story: a draw with recusal, invitations, sealed votes, the
// decision rule, confirmation with the letter, the appeal to a fresh panel
// whose decision is final.
func TestPanelDecidesAndAppealGoesToAFreshPanel(t *testing.T) {
	e := newEnv(t, 40)
	a := e.accepted()

	// the hospital's group: 济南市第一人民医院 and 历下区人民医院 (demo)
	var groupHospitals []string
	if err := e.app.DB.Gorm().Raw(`SELECT id::text FROM hospitals WHERE group_name = '济南市第一医疗集团'`).Scan(&groupHospitals).Error; err != nil {
		t.Fatal(err)
	}
	pv, err := e.rev.PreviewDraw(e.as("bureau.admin", "preview-review-draw"), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if pv.Short != nil || pv.Need != 3 || len(pv.Eligible) < 3 {
		t.Fatalf("preview: need %d, eligible %d, short %+v", pv.Need, len(pv.Eligible), pv.Short)
	}
	reasons := map[string]bool{}
	for _, x := range pv.Excluded {
		reasons[x.Reason] = true
	}
	if !reasons["same_hospital"] || !reasons["same_group"] {
		t.Errorf("the preview names no hospital or group recusal: %v", reasons)
	}

	p := e.draw(a.ID)
	if p.Status != review.PanelForming || len(p.Members) != 3 || p.Round != 1 {
		t.Fatalf("panel %+v", p)
	}
	if st := e.status(a.ID); st != specialcase.ExpertReview {
		t.Fatalf("application %s after the draw", st)
	}
	for _, m := range p.Members {
		var hosp string
		e.app.DB.Gorm().Raw(`SELECT coalesce(hospital_id::text, '') FROM expert_profiles WHERE user_id = ?`, m.UserID).Scan(&hosp)
		if slices.Contains(groupHospitals, hosp) {
			t.Errorf("%s from the applying hospital or its group was drawn", m.Name)
		}
	}
	// the draw replays
	rec, err := e.rev.Replay(e.as("bureau.admin", "get-review-draw"), p.Draws[0].ID)
	if err != nil || !rec.Reproduced {
		t.Fatalf("replay %+v %v", rec, err)
	}

	// a second draw for the same application is refused
	if _, err := e.rev.DrawPanel(e.as("bureau.admin", "draw-review-panel"), a.ID, ""); !isConflict(err, "panel-complete") {
		t.Errorf("second draw: %v", err)
	}

	// S3: an expert not on the panel gets 404
	var outsider string
	for u, pr := range e.users {
		if !strings.HasPrefix(u, "expert") || slices.ContainsFunc(p.Members, func(m review.MemberView) bool { return m.UserID == pr.UserID }) {
			continue
		}
		outsider = u
		break
	}
	if _, err := e.rev.Case(e.as(outsider, "get-review-case"), p.ID); !errors.Is(err, review.ErrNotFound) {
		t.Errorf("outsider sees the case: %v", err)
	}
	if _, err := e.rev.Cast(e.as(outsider, "cast-review-vote"), p.ID, vote(decision.Reject, "无")); !errors.Is(err, review.ErrNotFound) {
		t.Errorf("outsider votes: %v", err)
	}

	members := e.seat(p.ID)
	p, _ = e.rev.Panel(e.as("bureau.admin", "get-review-panel"), p.ID)
	if p.Status != review.PanelVoting || p.VoteDue == nil {
		t.Fatalf("panel %s after every seat accepted", p.Status)
	}

	// S3: the member's view is de-identified, with a fixed set of keys
	c, err := e.rev.Case(e.as(members[0], "get-review-case"), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	checkKeys(t, c)
	if len(c.Fees.Items) == 0 {
		t.Fatal("no fee lines to deduct")
	}
	line := c.Fees.Items[0]

	// votes: two item-based (one with a deduction), one reject
	ded := decision.Deduction{Key: line.Key, Label: line.Name, Amount: decimal.RequireFromString("100.00"), Reason: "超标准收费"}
	if _, err := e.rev.Cast(e.as(members[0], "cast-review-vote"), p.ID, vote(decision.ApproveItemBased, "病情复杂，费用合理", ded)); err != nil {
		t.Fatal(err)
	}
	// S4: twice → 409
	if _, err := e.rev.Cast(e.as(members[0], "cast-review-vote"), p.ID, vote(decision.Reject, "改变主意")); !isConflict(err, "already-voted") {
		t.Errorf("second vote: %v", err)
	}
	// the bureau sees who voted, not how
	p, _ = e.rev.Panel(e.as("bureau.admin", "get-review-panel"), p.ID)
	if len(p.Votes) != 0 {
		t.Errorf("the bureau sees %d votes before the panel closed", len(p.Votes))
	}
	voted := 0
	for _, m := range p.Members {
		if m.Voted {
			voted++
		}
	}
	if voted != 1 {
		t.Errorf("%d members shown as voted, want 1", voted)
	}
	// a blank rationale is refused
	var ve *review.ValidationError
	if _, err := e.rev.Cast(e.as(members[1], "cast-review-vote"), p.ID, vote(decision.ApproveItemBased, "  ")); !errors.As(err, &ve) {
		t.Errorf("blank rationale: %v", err)
	}
	if _, err := e.rev.Cast(e.as(members[1], "cast-review-vote"), p.ID, vote(decision.ApproveItemBased, "同意按项目付费", ded)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.rev.Cast(e.as(members[2], "cast-review-vote"), p.ID, vote(decision.Reject, "属于常规病例")); err != nil {
		t.Fatal(err)
	}
	// S4: after the panel closed → 409
	if _, err := e.rev.Cast(e.as(members[2], "cast-review-vote"), p.ID, vote(decision.Reject, "再投")); !isConflict(err, "already-voted") && !isConflict(err, "panel-closed") {
		t.Errorf("vote after close: %v", err)
	}
	p, _ = e.rev.Panel(e.as("bureau.reviewer", "get-review-panel"), p.ID)
	if p.Status != review.PanelClosed || p.Decision == nil || len(p.Votes) != 3 {
		t.Fatalf("closed panel: %s, decision %v, %d votes", p.Status, p.Decision, len(p.Votes))
	}
	d := p.Decision
	if d.Outcome != decision.ApprovedItemBased || d.Tally.Approve != 2 || len(d.Deductions) != 1 || !d.DeductionTotal.Equal(decimal.RequireFromString("100")) {
		t.Fatalf("decision %+v", d)
	}
	if d.ApprovedAmount == nil || !d.ApprovedAmount.IsPositive() {
		t.Errorf("approved amount %v", d.ApprovedAmount)
	}

	// maker-checker: a reviewer linked to the applying hospital may not confirm
	e.app.DB.Gorm().Exec(`UPDATE users SET hospital_id = ? WHERE username = 'bureau.reviewer'`, e.h1.ID)
	var fe *review.ForbiddenError
	if _, err := e.rev.Confirm(e.as("bureau.reviewer", "confirm-review-decision"), d.ID); !errors.As(err, &fe) {
		t.Errorf("linked reviewer confirms: %v", err)
	}
	e.app.DB.Gorm().Exec(`UPDATE users SET hospital_id = NULL WHERE username = 'bureau.reviewer'`)

	d, err = e.rev.Confirm(e.as("bureau.reviewer", "confirm-review-decision"), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != review.DecisionConfirmed || d.LetterCode == "" || d.AppealDue == "" || d.Final {
		t.Fatalf("confirmed %+v", d)
	}
	if st := e.status(a.ID); st != specialcase.Decided {
		t.Fatalf("application %s after confirmation", st)
	}
	if _, err := e.rev.Confirm(e.as("bureau.reviewer", "confirm-review-decision"), d.ID); !isConflict(err, "decision-not-proposed") {
		t.Errorf("second confirmation: %v", err)
	}

	// the hospital downloads the letter: Chinese decision text, its code, experts as letters
	hd, err := e.rev.Decision(e.as("h1.office", "get-review-decision"), d.ID)
	if err != nil || !hd.CanAppeal {
		t.Fatalf("hospital view %+v %v", hd, err)
	}
	for _, v := range hd.Votes {
		if v.Name != "" {
			t.Errorf("the hospital sees an expert's name %q", v.Name)
		}
	}
	b, _, err := e.rev.Letter(e.as("h1.office", "get-review-letter"), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	text, err := pdfdoc.ExtractText(b)
	if err != nil {
		t.Fatal(err)
	}
	compact := strings.Join(strings.Fields(text), "")
	for _, want := range []string{"特例单议", "按项目付费", "专家A", d.LetterCode, a.No} {
		if !strings.Contains(compact, strings.Join(strings.Fields(want), "")) {
			t.Errorf("the letter lacks %q", want)
		}
	}
	for _, m := range p.Members {
		if strings.Contains(compact, m.Name) {
			t.Errorf("the letter names expert %s", m.Name)
		}
	}
	ver, err := e.rev.Verify(t.Context(), d.LetterCode)
	if err != nil || ver.ApplicationNo != a.No || ver.Outcome != decision.ApprovedItemBased {
		t.Fatalf("verify %+v %v", ver, err)
	}
	if _, err := e.rev.Verify(t.Context(), "AAAA-BBBB-CCCC"); !errors.Is(err, review.ErrNotFound) {
		t.Errorf("unknown code: %v", err)
	}
	// another hospital sees nothing
	if _, err := e.rev.Decision(e.as("h2.office", "get-review-decision"), d.ID); !errors.Is(err, review.ErrNotFound) {
		t.Errorf("h2 sees h1's decision: %v", err)
	}

	// the appeal: a fresh panel without anyone who sat before
	if _, err := e.rev.Appeal(e.as("h1.office", "appeal-review-decision"), a.ID, "补充了新的手术记录"); err != nil {
		t.Fatal(err)
	}
	if st := e.status(a.ID); st != specialcase.Appealed {
		t.Fatalf("application %s after the appeal", st)
	}
	p2 := e.draw(a.ID)
	if p2.Round != 2 || len(p2.Members) != 3 {
		t.Fatalf("appeal panel %+v", p2)
	}
	for _, m := range p2.Members {
		if slices.ContainsFunc(p.Members, func(o review.MemberView) bool { return o.UserID == m.UserID }) {
			t.Errorf("%s sat on the first panel and on the appeal", m.Name)
		}
	}
	members2 := e.seat(p2.ID)
	for _, u := range members2 {
		if _, err := e.rev.Cast(e.as(u, "cast-review-vote"), p2.ID, vote(decision.Reject, "复核不予通过")); err != nil {
			t.Fatal(err)
		}
	}
	p2, _ = e.rev.Panel(e.as("bureau.reviewer", "get-review-panel"), p2.ID)
	d2, err := e.rev.Confirm(e.as("bureau.reviewer", "confirm-review-decision"), p2.Decision.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !d2.Final || d2.Outcome != decision.Rejected || d2.Version <= d.Version {
		t.Fatalf("appeal decision %+v", d2)
	}
	if _, err := e.rev.Appeal(e.as("h1.office", "appeal-review-decision"), a.ID, "再次申诉"); !isConflict(err, "appeal-final") {
		t.Errorf("second appeal: %v", err)
	}
	// the application's timeline has the review's steps
	full, _ := e.apps.Get(e.as("h1.office", "get-application"), a.ID)
	var cmds []string
	for _, ev := range full.Timeline {
		cmds = append(cmds, string(ev.Command))
	}
	want := []string{"start_review", "decide", "appeal", "re_review", "decide"}
	if got := cmds[len(cmds)-len(want):]; !slices.Equal(got, want) {
		t.Errorf("timeline ends %v, want %v", got, want)
	}
}

// checkKeys fixes the JSON keys an expert sees (quality.md S3): no name,
// ID number, record number, settlement or visit number, address, contact
// or uploaded file name anywhere.
func checkKeys(t *testing.T, c *review.ReviewCase) {
	t.Helper()
	b, _ := json.Marshal(c)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	keys := map[string]bool{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, vv := range x {
				keys[prefix+k] = true
				walk(prefix+k+".", vv)
			}
		case []any:
			for _, vv := range x {
				walk(prefix+"[].", vv)
			}
		}
	}
	walk("", m)
	top := []string{}
	for k := range keys {
		if !strings.Contains(k, ".") {
			top = append(top, k)
		}
	}
	sort.Strings(top)
	wantTop := []string{"application", "clinical", "evidence", "fees", "findings", "grouping", "my_vote", "panel", "patient", "pricing", "return_note"}
	if !slices.Equal(top, wantTop) {
		t.Errorf("top-level keys %v, want %v", top, wantTop)
	}
	patient := []string{}
	for k := range keys {
		if strings.HasPrefix(k, "patient.") {
			patient = append(patient, k)
		}
	}
	sort.Strings(patient)
	if !slices.Equal(patient, []string{"patient.age", "patient.age_days", "patient.sex"}) {
		t.Errorf("patient keys %v", patient)
	}
	app := []string{}
	for k := range keys {
		if strings.HasPrefix(k, "application.") && strings.Count(k, ".") == 1 {
			app = append(app, k)
		}
	}
	sort.Strings(app)
	wantApp := []string{"application.claimed_amount", "application.discharged_on", "application.hospital_name", "application.justification",
		"application.no", "application.proposal", "application.screening", "application.snapshot", "application.types"}
	if !slices.Equal(app, wantApp) {
		t.Errorf("application keys %v, want %v", app, wantApp)
	}
	for k := range keys {
		for _, bad := range []string{"name_", "psn_name", "certno", "idno", "id_number", "medcasno", "mrn", "setl_id", "settlement", "mdtrt",
			"addr", "phone", "tel", "contact", "file_name", "created_by", "birth"} {
			if strings.Contains(strings.ToLower(k), bad) {
				t.Errorf("personal key %s in the expert's view", k)
			}
		}
	}
	if strings.Contains(string(b), "张三") {
		t.Error("an uploaded file name (with a patient name) reaches the expert")
	}
}

// S4: a vote after the deadline is refused; the timers close the panel
// with the missing vote counted as not agreeing.
func TestVoteDeadlineAndMissingVotes(t *testing.T) {
	e := newEnv(t, 40)
	a := e.accepted()
	p := e.draw(a.ID)
	members := e.seat(p.ID)
	for _, u := range members[:2] {
		if _, err := e.rev.Cast(e.as(u, "cast-review-vote"), p.ID, vote(decision.ApproveAdjusted, "调整支付标准")); err == nil {
			t.Fatal("an adjusted-standard vote without a proposal was accepted")
		}
	}
	w := decimal.RequireFromString("2.5")
	if _, err := e.rev.Cast(e.as(members[0], "cast-review-vote"), p.ID, review.VoteInput{Choice: decision.ApproveAdjusted,
		Rationale: "权重偏低", ProposedWeight: &w}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.rev.Cast(e.as(members[1], "cast-review-vote"), p.ID, vote(decision.Reject, "不符合条件")); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(30 * 24 * time.Hour)
	if _, err := e.rev.Cast(e.as(members[2], "cast-review-vote"), p.ID, vote(decision.ApproveItemBased, "迟到的票")); !isConflict(err, "deadline-passed") {
		t.Errorf("late vote: %v", err)
	}
	rep, err := e.rev.RunTimers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Closed != 1 {
		t.Fatalf("timers %+v", rep)
	}
	p, _ = e.rev.Panel(e.as("bureau.reviewer", "get-review-panel"), p.ID)
	if p.Status != review.PanelClosed || p.Decision == nil {
		t.Fatalf("panel %s", p.Status)
	}
	if d := p.Decision; d.Outcome != decision.Rejected || d.Tally.Missing != 1 || d.Tally.Approve != 1 {
		t.Errorf("one approval of three with a missing vote: %+v", d.Tally)
	}
	if _, err := e.rev.Cast(e.as(members[2], "cast-review-vote"), p.ID, vote(decision.ApproveItemBased, "关闭后")); !isConflict(err, "panel-closed") {
		t.Errorf("vote on a closed panel: %v", err)
	}
}

// A decline and a conflict declared on seeing the case draw replacements
// under the same rules; a missed answer expires and is replaced too. A
// return sends the decision back to the panel once.
func TestReplacementsAndReturnOnce(t *testing.T) {
	e := newEnv(t, 40)
	a := e.accepted()
	p := e.draw(a.ID)
	first := e.username(p.Members[0].UserID)
	second := e.username(p.Members[1].UserID)
	var ve *review.ValidationError
	if _, err := e.rev.Respond(e.as(first, "respond-review-invitation"), p.ID, "decline", ""); !errors.As(err, &ve) {
		t.Errorf("decline without a reason: %v", err)
	}
	if _, err := e.rev.Respond(e.as(first, "respond-review-invitation"), p.ID, "decline", "出差"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.rev.Respond(e.as(second, "respond-review-invitation"), p.ID, "conflict", "患者为本人亲属"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.rev.Case(e.as(second, "get-review-case"), p.ID); !errors.Is(err, review.ErrNotFound) {
		t.Errorf("a conflicted expert still sees the case: %v", err)
	}
	p, _ = e.rev.Panel(e.as("bureau.admin", "get-review-panel"), p.ID)
	invited := 0
	for _, m := range p.Members {
		if m.Status == review.MemberInvited {
			invited++
		}
	}
	if len(p.Members) != 5 || invited != 3 || len(p.Draws) != 3 {
		t.Fatalf("after a decline and a conflict: %d members, %d invited, %d draws", len(p.Members), invited, len(p.Draws))
	}
	var n int64
	e.app.DB.Gorm().Raw(`SELECT count(*) FROM expert_conflicts WHERE kind = 'application' AND application_id = ?`, a.ID).Scan(&n)
	if n != 1 {
		t.Errorf("%d case conflicts recorded", n)
	}
	// nobody answers in time: each expired seat is replaced
	e.clock.Advance(10 * 24 * time.Hour)
	rep, err := e.rev.RunTimers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Expired != 3 {
		t.Errorf("timers %+v, want 3 expired", rep)
	}
	for _, d := range e.mustPanel(p.ID).Draws {
		rec, err := e.rev.Replay(t.Context(), d.ID)
		if err != nil || !rec.Reproduced {
			t.Errorf("draw %s (%s) does not replay: %+v %v", d.ID, d.Kind, rec, err)
		}
	}
	members := e.seat(p.ID)
	if len(members) != 3 {
		t.Fatalf("%d seated", len(members))
	}
	for _, u := range members {
		if _, err := e.rev.Cast(e.as(u, "cast-review-vote"), p.ID, vote(decision.ApproveItemBased, "同意")); err != nil {
			t.Fatal(err)
		}
	}
	d := e.mustPanel(p.ID).Decision
	if _, err := e.rev.Return(e.as("bureau.reviewer", "return-review-decision"), d.ID, ""); !errors.As(err, &ve) {
		t.Errorf("return without a reason: %v", err)
	}
	if _, err := e.rev.Return(e.as("bureau.reviewer", "return-review-decision"), d.ID, "请核对扣减项目"); err != nil {
		t.Fatal(err)
	}
	p = e.mustPanel(p.ID)
	if p.Status != review.PanelVoting || p.VoteRound != 2 || !p.Returned {
		t.Fatalf("returned panel %+v", p)
	}
	for _, u := range members {
		if _, err := e.rev.Cast(e.as(u, "cast-review-vote"), p.ID, vote(decision.Reject, "复议不通过")); err != nil {
			t.Fatal(err)
		}
	}
	d2 := e.mustPanel(p.ID).Decision
	if d2 == nil || d2.VoteRound != 2 || d2.Outcome != decision.Rejected {
		t.Fatalf("second vote's decision %+v", d2)
	}
	if _, err := e.rev.Return(e.as("bureau.reviewer", "return-review-decision"), d2.ID, "再退一次"); !isConflict(err, "already-returned") {
		t.Errorf("second return: %v", err)
	}
}

func (e *env) mustPanel(id string) *review.PanelView {
	e.t.Helper()
	p, err := e.rev.Panel(e.as("bureau.admin", "get-review-panel"), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// Too few eligible experts: the draw fails naming the constraint, and
// nothing changes.
func TestDrawShortNamesTheConstraint(t *testing.T) {
	e := newEnv(t, 40)
	a := e.accepted()
	e.app.DB.Gorm().Exec(`UPDATE expert_profiles SET active = false WHERE user_id IN (SELECT user_id FROM expert_profiles ORDER BY user_id OFFSET 2)`)
	_, err := e.rev.DrawPanel(e.as("bureau.admin", "draw-review-panel"), a.ID, "")
	var se *review.DrawShortError
	if !errors.As(err, &se) || se.Info.Constraint == "" || se.Info.Need != 3 {
		t.Fatalf("draw with two active experts: %v", err)
	}
	if st := e.status(a.ID); st != specialcase.Accepted {
		t.Errorf("the failed draw left the application %s", st)
	}
	var n int64
	e.app.DB.Gorm().Raw(`SELECT count(*) FROM panels WHERE application_id = ?`, a.ID).Scan(&n)
	if n != 0 {
		t.Errorf("%d panels after a failed draw", n)
	}
	// only bureau administrators draw; the internal commands cannot be run directly
	if _, err := e.rev.DrawPanel(e.as("bureau.reviewer", "get-review-panel"), a.ID, ""); err == nil {
		t.Error("a reviewer drew a panel")
	}
	ctx := e.as("bureau.admin", "transition-application")
	d, _ := e.apps.Get(ctx, a.ID)
	_, err = e.apps.Do(ctx, a.ID, specialcase.CommandInput{Command: specialcase.StartReview, Version: d.Version})
	var te *specialcase.TransitionError
	if !errors.As(err, &te) || te.Refusal != specialcase.NotYourTurn {
		t.Errorf("start_review through the workflow API: %v", err)
	}
}

// Pool upkeep: experts keep their own absences and declarations; an absent
// or conflicted expert is not drawn; another region's expert is not found.
func TestPoolAvailabilityAndDeclarations(t *testing.T) {
	e := newEnv(t, 40)
	me, err := e.rev.Me(e.as("expert02", "get-my-review-profile"))
	if err != nil {
		t.Fatal(err)
	}
	var ve *review.ValidationError
	if _, err := e.rev.AddAbsence(e.as("expert02", "add-review-absence"), review.NewAbsence{StartsOn: "2026-04-10", EndsOn: "2026-04-01"}); !errors.As(err, &ve) {
		t.Errorf("backwards absence: %v", err)
	}
	if _, err := e.rev.AddAbsence(e.as("expert02", "add-review-absence"), review.NewAbsence{StartsOn: "2026-04-01", EndsOn: "2026-04-30", Note: "出差"}); err != nil {
		t.Fatal(err)
	}
	// an expert may not change another expert's availability
	if _, err := e.rev.AddAbsence(e.as("expert02", "add-review-absence"), review.NewAbsence{UserID: e.users["expert03"].UserID,
		StartsOn: "2026-04-01", EndsOn: "2026-04-02"}); !errors.Is(err, review.ErrNotFound) {
		t.Errorf("expert edits a colleague: %v", err)
	}
	var h2 string
	e.app.DB.Gorm().Raw(`SELECT id::text FROM hospitals WHERE code = 'H37010200002'`).Scan(&h2)
	c, err := e.rev.AddConflict(e.as("expert04", "add-review-conflict"), review.NewConflict{Kind: "hospital", HospitalID: e.h1.ID, Reason: "曾在该院任职"})
	if err != nil || c.HospitalName == "" {
		t.Fatalf("conflict %+v %v", c, err)
	}
	if _, err := e.rev.AddConflict(e.as("expert04", "add-review-conflict"), review.NewConflict{Kind: "hospital", HospitalID: h2}); !errors.As(err, &ve) {
		t.Errorf("conflict without a reason: %v", err)
	}
	a := e.accepted()
	pv, err := e.rev.PreviewDraw(e.as("bureau.admin", "preview-review-draw"), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	why := map[string]string{}
	for _, x := range pv.Excluded {
		why[x.UserID] = x.Reason
	}
	if why[me.UserID] != "absent" || why[e.users["expert04"].UserID] != "conflict" {
		t.Errorf("exclusions: expert02 %q, expert04 %q", why[me.UserID], why[e.users["expert04"].UserID])
	}
	// the administrator keeps the pool; bad specialties are refused
	list, err := e.rev.Experts(e.as("bureau.admin", "list-review-experts"))
	if err != nil || len(list) != 16 {
		t.Fatalf("%d experts, %v", len(list), err)
	}
	x := list[0]
	if _, err := e.rev.UpdateExpert(e.as("bureau.admin", "update-review-expert"), x.UserID, review.ExpertUpdate{Specialties: []string{"心血管"},
		Active: true, MaxLoad: 5, Version: x.Version}); !errors.As(err, &ve) {
		t.Errorf("specialty name instead of MDC: %v", err)
	}
	up, err := e.rev.UpdateExpert(e.as("bureau.admin", "update-review-expert"), x.UserID, review.ExpertUpdate{Specialties: []string{"MDCF"},
		Active: false, MaxLoad: 2, Version: x.Version})
	if err != nil || up.Active || up.MaxLoad != 2 {
		t.Fatalf("update %+v %v", up, err)
	}
	if _, err := e.rev.UpdateExpert(e.as("bureau.admin", "update-review-expert"), x.UserID, review.ExpertUpdate{Specialties: []string{"MDCF"},
		Active: true, MaxLoad: 2, Version: x.Version}); !errors.Is(err, review.ErrStale) {
		t.Errorf("stale update: %v", err)
	}
}
