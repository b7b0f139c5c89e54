package review

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"teyi/backend/internal/notify"
	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/calendar"
	"teyi/backend/internal/review/decision"
	"teyi/backend/internal/review/letter"
	"teyi/backend/internal/specialcase"
)

// Decision states.
const (
	DecisionProposed  = "PROPOSED"
	DecisionConfirmed = "CONFIRMED"
	DecisionReturned  = "RETURNED"
)

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// DecisionView is a panel's decision with the votes side by side.
type DecisionView struct {
	ID               string               `json:"id"`
	ApplicationID    string               `json:"application_id"`
	ApplicationNo    string               `json:"application_no"`
	HospitalName     string               `json:"hospital_name"`
	PanelID          string               `json:"panel_id"`
	Round            int                  `json:"round"`
	Version          int                  `json:"version"`
	VoteRound        int                  `json:"vote_round"`
	Outcome          decision.Outcome     `json:"outcome"`
	Deductions       []decision.Deduction `json:"deductions"`
	DeductionTotal   decimal.Decimal      `json:"deduction_total"`
	ProposedWeight   *decimal.Decimal     `json:"proposed_weight,omitempty"`
	ProposedStandard *decimal.Decimal     `json:"proposed_standard,omitempty"`
	ApprovedAmount   *decimal.Decimal     `json:"approved_amount,omitempty"`
	RuleVersion      string               `json:"rule_version"`
	Tally            decision.Tally       `json:"tally"`
	Explanation      []string             `json:"explanation"`
	Status           string               `json:"status"`
	Final            bool                 `json:"final"`
	ConfirmedAt      *time.Time           `json:"confirmed_at"`
	ConfirmedByName  string               `json:"confirmed_by_name,omitempty"`
	ReturnReason     string               `json:"return_reason,omitempty"`
	LetterCode       string               `json:"letter_code,omitempty"`
	AppealDue        string               `json:"appeal_due,omitempty"`
	CanConfirm       bool                 `json:"can_confirm"`
	CanReturn        bool                 `json:"can_return"`
	CanAppeal        bool                 `json:"can_appeal"`
	Votes            []VoteView           `json:"votes"`
	CreatedAt        time.Time            `json:"created_at"`
}

type decisionRow struct {
	ID, ApplicationID, ApplicationNo, HospitalName, HospitalID, RegionCode, PanelID string
	Round, Version, VoteRound                                                       int
	Outcome                                                                         string
	Deductions                                                                      []byte
	DeductionTotal                                                                  decimal.Decimal
	ProposedWeight, ProposedStandard, ApprovedAmount                                decimal.NullDecimal
	RuleVersion                                                                     string
	Tally                                                                           []byte
	Status                                                                          string
	Final                                                                           bool
	ConfirmedBy                                                                     *string
	ConfirmedAt                                                                     *time.Time
	ConfirmedByName, ReturnReason                                                   string
	LetterCode, LetterSha256                                                        *string
	AppealDue                                                                       *string
	AppStatus                                                                       string
	PanelReturned                                                                   bool
	CreatedAt                                                                       time.Time
}

const decisionSelect = `SELECT d.id::text AS id, d.application_id::text AS application_id, a.no AS application_no, h.name AS hospital_name,
	d.hospital_id::text AS hospital_id, d.region_code, d.panel_id::text AS panel_id, p.round, d.version, d.vote_round, d.outcome, d.deductions,
	d.deduction_total, d.proposed_weight, d.proposed_standard, d.approved_amount, d.rule_version, d.tally, d.status, d.final,
	d.confirmed_by::text AS confirmed_by, d.confirmed_at, coalesce(cu.display_name, '') AS confirmed_by_name, d.return_reason, d.letter_code,
	d.letter_sha256, to_char(d.appeal_due, 'YYYY-MM-DD') AS appeal_due, a.status AS app_status, p.returned AS panel_returned, d.created_at
	FROM review_decisions d JOIN special_applications a ON a.id = d.application_id JOIN hospitals h ON h.id = d.hospital_id
	JOIN panels p ON p.id = d.panel_id LEFT JOIN users cu ON cu.id = d.confirmed_by`

func (s *Service) decisionRows(ctx context.Context, where string, args ...any) ([]decisionRow, error) {
	var rows []decisionRow
	err := s.DB.Conn(ctx).Raw(decisionSelect+` WHERE `+where, args...).Scan(&rows).Error
	for i := range rows {
		rows[i].RegionCode = strings.TrimSpace(rows[i].RegionCode)
	}
	return rows, err
}

func (r *decisionRow) view() *DecisionView {
	v := &DecisionView{ID: r.ID, ApplicationID: r.ApplicationID, ApplicationNo: r.ApplicationNo, HospitalName: r.HospitalName,
		PanelID: r.PanelID, Round: r.Round, Version: r.Version, VoteRound: r.VoteRound, Outcome: decision.Outcome(r.Outcome),
		Deductions: []decision.Deduction{}, DeductionTotal: r.DeductionTotal, RuleVersion: r.RuleVersion, Status: r.Status, Final: r.Final,
		ConfirmedAt: r.ConfirmedAt, ConfirmedByName: r.ConfirmedByName, ReturnReason: r.ReturnReason, Votes: []VoteView{},
		Explanation: []string{}, CreatedAt: r.CreatedAt}
	_ = json.Unmarshal(r.Deductions, &v.Deductions)
	var t struct {
		Tally       decision.Tally `json:"tally"`
		Explanation []string       `json:"explanation"`
	}
	if json.Unmarshal(r.Tally, &t) == nil {
		v.Tally = t.Tally
		if t.Explanation != nil {
			v.Explanation = t.Explanation
		}
	}
	for _, p := range []struct {
		src decimal.NullDecimal
		dst **decimal.Decimal
	}{{r.ProposedWeight, &v.ProposedWeight}, {r.ProposedStandard, &v.ProposedStandard}, {r.ApprovedAmount, &v.ApprovedAmount}} {
		if p.src.Valid {
			d := p.src.Decimal
			*p.dst = &d
		}
	}
	if r.LetterCode != nil {
		v.LetterCode = *r.LetterCode
	}
	if r.AppealDue != nil {
		v.AppealDue = *r.AppealDue
	}
	return v
}

func (s *Service) decisionOfPanel(ctx context.Context, panelID string, round int) (*DecisionView, error) {
	rows, err := s.decisionRows(ctx, `d.panel_id = ? AND d.vote_round = ?`, panelID, round)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return rows[0].view(), nil
}

// decisionFor reads a decision the caller may see: the bureau of its
// region (every state), the applying hospital (confirmed ones only).
func (s *Service) decisionFor(ctx context.Context, id string) (*decisionRow, bool, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, false, ErrNotFound
	}
	rows, err := s.decisionRows(ctx, `d.id = ?`, id)
	if err != nil {
		return nil, false, err
	}
	if len(rows) == 0 {
		return nil, false, ErrNotFound
	}
	r := &rows[0]
	bureau, ok := s.visible(ctx, r)
	if !ok {
		return nil, false, ErrNotFound
	}
	if !bureau {
		// a clinician sees the decisions of their own applications only
		if _, err := s.Apps.Get(ctx, r.ApplicationID); err != nil {
			return nil, false, ErrNotFound
		}
	}
	return r, bureau, nil
}

// visible says whether the caller sees a decision, and as the bureau (every
// state) or as the applying hospital (confirmed ones); the application's own
// scope is the caller's to check.
func (s *Service) visible(ctx context.Context, r *decisionRow) (bureau, ok bool) {
	sc := authz.ScopeFrom(ctx)
	switch sc.Kind {
	case authz.KindRegion:
		w := whoOf(ctx)
		return true, r.RegionCode == w.region && (w.has(authz.RoleBureauReviewer) || w.has(authz.RoleBureauAdmin))
	case authz.KindHospital:
		return false, r.HospitalID == sc.HospitalID && r.Status == DecisionConfirmed
	}
	return false, false
}

// Decision is one decision: the bureau sees the votes with the experts'
// names and what it may do; the hospital sees a confirmed decision with
// the experts as letters.
func (s *Service) Decision(ctx context.Context, id string) (*DecisionView, error) {
	r, bureau, err := s.decisionFor(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.decisionView(ctx, r, bureau)
}

func (s *Service) decisionView(ctx context.Context, r *decisionRow, bureau bool) (*DecisionView, error) {
	v := r.view()
	var err error
	if v.Votes, err = s.votes(ctx, r.PanelID, r.VoteRound, bureau); err != nil {
		return nil, err
	}
	if bureau {
		s.setActions(ctx, v, r)
	}
	if !bureau && r.Status == DecisionConfirmed && !r.Final && r.AppStatus == string(specialcase.Decided) && r.AppealDue != nil &&
		calendar.DateOf(s.Clock.Now()).String() <= *r.AppealDue && authz.ScopeFrom(ctx).Role == authz.RoleHospitalOffice {
		v.CanAppeal = true
	}
	return v, nil
}

// Decisions lists the region's decisions (bureau), newest first.
func (s *Service) Decisions(ctx context.Context, status string) ([]DecisionView, error) {
	region, err := whoOf(ctx).regionOnly()
	if err != nil {
		return nil, err
	}
	where, args := `d.region_code = ?`, []any{region}
	if status != "" {
		where += ` AND d.status = ?`
		args = append(args, status)
	}
	rows, err := s.decisionRows(ctx, where+` ORDER BY d.created_at DESC LIMIT 500`, args...)
	if err != nil {
		return nil, err
	}
	out := make([]DecisionView, 0, len(rows))
	for i := range rows {
		v := rows[i].view()
		s.setActions(ctx, v, &rows[i])
		out = append(out, *v)
	}
	return out, nil
}

// ApplicationDecisions lists an application's decisions: all of them for
// the bureau, the confirmed ones for the hospital.
func (s *Service) ApplicationDecisions(ctx context.Context, appID string) ([]DecisionView, error) {
	if _, err := uuid.Parse(appID); err != nil {
		return nil, ErrNotFound
	}
	a, err := s.Apps.Get(ctx, appID)
	if err != nil {
		return nil, ErrNotFound
	}
	rows, err := s.decisionRows(ctx, `d.application_id = ? ORDER BY d.version`, a.ID)
	if err != nil {
		return nil, err
	}
	out := []DecisionView{}
	for i := range rows {
		bureau, ok := s.visible(ctx, &rows[i])
		if !ok {
			continue
		}
		v, err := s.decisionView(ctx, &rows[i], bureau)
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, nil
}

// mayConfirm is the maker-checker rule: a bureau reviewer (or
// administrator) who sat on no panel of the application and is not linked
// to the applying hospital.
func (s *Service) mayConfirm(ctx context.Context, r *decisionRow, w who) error {
	if !w.has(authz.RoleBureauReviewer) && !w.has(authz.RoleBureauAdmin) {
		return &ForbiddenError{"bureau reviewers confirm decisions"}
	}
	var n int64
	if err := s.DB.Conn(ctx).Raw(`SELECT (SELECT count(*) FROM panel_members m JOIN panels p ON p.id = m.panel_id
			WHERE p.application_id = ? AND m.user_id = ?)
		+ (SELECT count(*) FROM users WHERE id = ? AND hospital_id = ?)
		+ (SELECT count(*) FROM user_roles WHERE user_id = ? AND domain_kind = 'hospital' AND domain_id = ?)`,
		r.ApplicationID, w.userID, w.userID, r.HospitalID, w.userID, r.HospitalID).Scan(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return &ForbiddenError{"you sat on this application's panel or are linked to the applying hospital: another reviewer confirms"}
	}
	return nil
}

// setActions fills what the bureau caller may do with a proposed decision.
func (s *Service) setActions(ctx context.Context, v *DecisionView, r *decisionRow) {
	if r.Status != DecisionProposed {
		return
	}
	ok := s.mayConfirm(ctx, r, whoOf(ctx)) == nil
	v.CanConfirm, v.CanReturn = ok, ok && !r.PanelReturned
}

// lockedDecision reads a decision of the caller's region under its panel's
// row lock, on which confirmation, return and the votes serialise.
func (s *Service) lockedDecision(ctx context.Context, id string) (*decisionRow, *panelRow, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, nil, ErrNotFound
	}
	var panelID string
	if err := s.DB.Conn(ctx).Raw(`SELECT panel_id::text FROM review_decisions WHERE id = ?`, id).Scan(&panelID).Error; err != nil {
		return nil, nil, err
	}
	if panelID == "" {
		return nil, nil, ErrNotFound
	}
	p, err := s.panelByID(ctx, panelID, true)
	if err != nil {
		return nil, nil, err
	}
	r, bureau, err := s.decisionFor(ctx, id)
	if err != nil || !bureau {
		return nil, nil, ErrNotFound
	}
	return r, p, nil
}

// Confirm makes a proposed decision the bureau's: the application moves
// to DECIDED, the decision letter is issued with its verification code,
// the hospital is notified. Audited with the panel, the votes and the rule.
func (s *Service) Confirm(ctx context.Context, id string) (*DecisionView, error) {
	w := whoOf(ctx)
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		r, _, err := s.lockedDecision(ctx, id)
		if err != nil {
			return err
		}
		if err := s.mayConfirm(ctx, r, w); err != nil {
			return err
		}
		if r.Status != DecisionProposed {
			return conflict("decision-not-proposed", "the decision was already "+strings.ToLower(r.Status))
		}
		a, err := s.Apps.Get(sysCtx(ctx), r.ApplicationID)
		if err != nil {
			return err
		}
		now := s.now()
		rv, cal, err := s.settingsFor(ctx, r.RegionCode)
		if err != nil {
			return err
		}
		var appealDue any
		var due *time.Time
		if !r.Final {
			d, err := specialcase.AddWorkdays(cal, calendar.DateOf(now), rv.AppealWorkdays)
			if err != nil {
				return err
			}
			appealDue = d.String()
			t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, beijing)
			due = &t
		}
		votes, err := s.voteRows(ctx, r.PanelID, r.VoteRound, "")
		if err != nil {
			return err
		}
		if _, err := s.Apps.Do(specialcase.Internal(ctx), a.ID, specialcase.CommandInput{Command: specialcase.Decide, Version: a.Version,
			Data: map[string]any{"decision_id": r.ID, "outcome": r.Outcome, "final": r.Final}}); err != nil {
			return err
		}
		code := letter.NewCode()
		view := r.view()
		pdf, err := s.renderLetter(ctx, a, view, votes, code, now, due)
		if err != nil {
			return err
		}
		obj, err := s.Letters.Put(ctx, bytes.NewReader(pdf), 50<<20)
		if err != nil {
			return err
		}
		conn := s.DB.Conn(ctx)
		if err := conn.Exec(`UPDATE review_decisions SET status = 'CONFIRMED', confirmed_by = ?, confirmed_at = ?, letter_code = ?,
			letter_sha256 = ?, appeal_due = ? WHERE id = ?`, w.userID, now, code, obj.SHA256, appealDue, r.ID).Error; err != nil {
			return err
		}
		if err := conn.Exec(`UPDATE panels SET status = 'CONFIRMED', version = version + 1, updated_at = ? WHERE id = ?`, now, r.PanelID).Error; err != nil {
			return err
		}
		members := make([]map[string]any, 0, len(votes))
		for _, v := range votes {
			members = append(members, map[string]any{"expert": v.UserID, "letter": v.Letter, "choice": v.Choice})
		}
		if err := s.Audit.Record(ctx, audit.Event{Action: "review.confirm", ObjectType: "review_decision", ObjectID: r.ID,
			New: map[string]any{"application_id": a.ID, "panel_id": r.PanelID, "outcome": r.Outcome, "votes": members,
				"rule_version": r.RuleVersion, "letter_sha256": obj.SHA256, "final": r.Final},
			RegionCode: r.RegionCode, HospitalID: r.HospitalID}); err != nil {
			return err
		}
		return s.send(ctx, notify.Audience{Roles: []string{authz.RoleHospitalOffice}, HospitalID: r.HospitalID, UserIDs: []string{a.CreatedBy}},
			notify.Notice{Kind: "review.decided", Title: "特例单议评审决定", Body: fmt.Sprintf("申请 %s 的评审决定已作出，请查看决定书。", a.No),
				Link: "/applications/" + a.ID, ObjectType: "special_application", ObjectID: a.ID, Params: map[string]string{"no": a.No}})
	})
	if err != nil {
		return nil, err
	}
	return s.Decision(ctx, id)
}

func (s *Service) renderLetter(ctx context.Context, a *specialcase.ApplicationDetail, d *DecisionView, votes []voteRow, code string,
	now time.Time, appealDue *time.Time) ([]byte, error) {
	var region string
	if err := s.DB.Conn(ctx).Raw(`SELECT name FROM regions WHERE code = ?`, a.RegionCode).Scan(&region).Error; err != nil {
		return nil, err
	}
	dis, _ := time.Parse(time.DateOnly, a.DischargedOn)
	l := letter.Letter{Code: code, VerifyURL: strings.TrimRight(s.BaseURL, "/") + "/verify/" + code, RegionName: region,
		HospitalName: a.HospitalName, ApplicationNo: a.No, SettlementID: a.SettlementID, DischargedOn: dis, Outcome: d.Outcome,
		Final: d.Final, Deductions: d.Deductions, DeductionTotal: d.DeductionTotal, ProposedWeight: d.ProposedWeight,
		ProposedStandard: d.ProposedStandard, ApprovedAmount: d.ApprovedAmount, RuleVersion: d.RuleVersion, DecidedAt: now,
		ConfirmedBy: region + "医疗保障局", AppealDue: appealDue}
	for _, t := range a.Types {
		l.Types = append(l.Types, typeLabel(t))
	}
	for _, v := range votes {
		l.Reasons = append(l.Reasons, letter.Reason{Expert: "专家" + v.Letter, Choice: decision.Choice(v.Choice), Rationale: v.Rationale})
	}
	return letter.Render(l)
}

func typeLabel(t specialcase.Type) string {
	labels := map[specialcase.Type]string{specialcase.LongStay: "住院时间长", specialcase.HighCost: "费用极高",
		specialcase.NewDrugDevice: "使用新药耗新技术", specialcase.ComplexCritical: "复杂危重", specialcase.MDT: "多学科联合诊疗",
		specialcase.Other: "其他", specialcase.GroupingDispute: "分组异议"}
	if l, ok := labels[t]; ok {
		return l
	}
	return string(t)
}

// Return sends a proposed decision back to the panel once, with a reason:
// the panel votes again (vote round 2) by a new deadline.
func (s *Service) Return(ctx context.Context, id, reason string) (*DecisionView, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || len([]rune(reason)) > 2000 {
		return nil, invalid("reason", "say why the panel should reconsider (at most 2000 characters)")
	}
	w := whoOf(ctx)
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		r, p, err := s.lockedDecision(ctx, id)
		if err != nil {
			return err
		}
		if err := s.mayConfirm(ctx, r, w); err != nil {
			return err
		}
		if r.Status != DecisionProposed {
			return conflict("decision-not-proposed", "the decision was already "+strings.ToLower(r.Status))
		}
		if p.Returned {
			return conflict("already-returned", "a decision goes back to its panel once")
		}
		now := s.now()
		rv, cal, err := s.settingsFor(ctx, p.RegionCode)
		if err != nil {
			return err
		}
		due, err := dueAfter(cal, now, rv.VoteWorkdays)
		if err != nil {
			return err
		}
		conn := s.DB.Conn(ctx)
		if err := conn.Exec(`UPDATE review_decisions SET status = 'RETURNED', return_reason = ? WHERE id = ?`, reason, r.ID).Error; err != nil {
			return err
		}
		if err := conn.Exec(`UPDATE panels SET status = 'VOTING', vote_round = 2, returned = true, return_reason = ?, vote_due = ?,
			reminded = false, closed_at = NULL, version = version + 1, updated_at = ? WHERE id = ?`, reason, due, now, p.ID).Error; err != nil {
			return err
		}
		if err := s.Audit.Record(ctx, audit.Event{Action: "review.return", ObjectType: "review_decision", ObjectID: r.ID,
			New: map[string]any{"panel_id": p.ID}, RegionCode: p.RegionCode, HospitalID: p.HospitalID}); err != nil {
			return err
		}
		ids, err := s.seatedIDs(ctx, p.ID)
		if err != nil {
			return err
		}
		return s.send(ctx, notify.Audience{UserIDs: ids}, notify.Notice{Kind: "review.returned", Title: "评审决定退回合议",
			Body: "经办机构将评审决定退回合议：" + reason, Link: "/review/panels/" + p.ID + "/case", ObjectType: "panel", ObjectID: p.ID})
	})
	if err != nil {
		return nil, err
	}
	return s.Decision(ctx, id)
}

// Letter opens a confirmed decision's letter (PDF) for the bureau or the
// applying hospital; every download is audited.
func (s *Service) Letter(ctx context.Context, id string) ([]byte, string, error) {
	r, _, err := s.decisionFor(ctx, id)
	if err != nil {
		return nil, "", err
	}
	if r.Status != DecisionConfirmed || r.LetterSha256 == nil {
		return nil, "", ErrNotFound
	}
	f, err := s.Letters.Open(ctx, *r.LetterSha256)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, "", err
	}
	if err := s.Audit.Record(ctx, audit.Event{Action: "review.letter_download", ObjectType: "review_decision", ObjectID: r.ID,
		RegionCode: r.RegionCode, HospitalID: r.HospitalID}); err != nil {
		return nil, "", err
	}
	return b, fmt.Sprintf("decision-%s-v%d.pdf", r.ApplicationNo, r.Version), nil
}

// Verification is what the public page shows for a letter's code.
type Verification struct {
	Code          string           `json:"code"`
	ApplicationNo string           `json:"application_no"`
	HospitalName  string           `json:"hospital_name"`
	Outcome       decision.Outcome `json:"outcome"`
	Final         bool             `json:"final"`
	DecidedAt     time.Time        `json:"decided_at"`
	SHA256        string           `json:"sha256" doc:"Digest of the issued PDF: a downloaded copy must have it"`
}

// Verify resolves a letter's verification code (public: it shows no
// patient and no expert).
func (s *Service) Verify(ctx context.Context, code string) (*Verification, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if !letter.ValidCode(code) {
		return nil, ErrNotFound
	}
	rows, err := s.decisionRows(ctx, `d.letter_code = ? AND d.status = 'CONFIRMED'`, code)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 || rows[0].ConfirmedAt == nil || rows[0].LetterSha256 == nil {
		return nil, ErrNotFound
	}
	r := rows[0]
	return &Verification{Code: code, ApplicationNo: r.ApplicationNo, HospitalName: r.HospitalName, Outcome: decision.Outcome(r.Outcome),
		Final: r.Final, DecidedAt: *r.ConfirmedAt, SHA256: *r.LetterSha256}, nil
}

// Appeal is the hospital's one appeal (申诉) against a first decision,
// within the appeal period, with a reason; new evidence is uploaded as
// supplements. A fresh panel is then drawn; its decision is final.
func (s *Service) Appeal(ctx context.Context, appID, reason string) (*specialcase.CommandResult, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || len([]rune(reason)) > 2000 {
		return nil, invalid("reason", "say why the decision should be reviewed again (at most 2000 characters)")
	}
	if _, err := uuid.Parse(appID); err != nil {
		return nil, ErrNotFound
	}
	var out *specialcase.CommandResult
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		a, err := s.Apps.Get(ctx, appID)
		if err != nil {
			return ErrNotFound
		}
		rows, err := s.decisionRows(ctx, `d.application_id = ? AND d.status = 'CONFIRMED' ORDER BY d.version DESC LIMIT 1`, a.ID)
		if err != nil {
			return err
		}
		if len(rows) == 0 || a.Status != specialcase.Decided {
			return conflict("not-decided", "only a decided application can be appealed")
		}
		d := rows[0]
		if d.Final {
			return conflict("appeal-final", "the appeal's decision is final; it cannot be appealed again")
		}
		if d.AppealDue == nil || calendar.DateOf(s.Clock.Now()).String() > *d.AppealDue {
			return conflict("appeal-period-over", "the appeal period ended")
		}
		r, err := s.Apps.Do(specialcase.Internal(ctx), a.ID, specialcase.CommandInput{Command: specialcase.Appeal, Version: a.Version,
			Note: reason, Data: map[string]any{"decision_id": d.ID}})
		if err != nil {
			return err
		}
		out = r
		return s.send(ctx, notify.Audience{Roles: []string{authz.RoleBureauAdmin}, RegionCode: a.RegionCode}, notify.Notice{
			Kind: "review.appealed", Title: "特例单议申诉", Body: fmt.Sprintf("医院对申请 %s 的评审决定提出申诉，请抽取新的评审组复核。", a.No),
			Link: "/review", ObjectType: "special_application", ObjectID: a.ID, Params: map[string]string{"no": a.No}})
	})
	var te *specialcase.TransitionError
	if errors.As(err, &te) {
		return nil, &ForbiddenError{te.Error()}
	}
	return out, err
}
