package review

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/notify"
	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/database"
	"teyi/backend/internal/review/decision"
	"teyi/backend/internal/specialcase/settings"
)

// VoteInput is an expert's sealed vote.
type VoteInput struct {
	Choice           decision.Choice
	Rationale        string
	Deductions       []decision.Deduction
	ProposedWeight   *decimal.Decimal
	ProposedStandard *decimal.Decimal
}

// VoteView is a vote as shown once the panel is closed (the bureau sees the
// expert's name; the hospital only the letter), or to its own author.
type VoteView struct {
	Letter           string               `json:"letter"`
	Name             string               `json:"name,omitempty"`
	Choice           decision.Choice      `json:"choice"`
	Rationale        string               `json:"rationale"`
	Deductions       []decision.Deduction `json:"deductions"`
	ProposedWeight   *decimal.Decimal     `json:"proposed_weight,omitempty"`
	ProposedStandard *decimal.Decimal     `json:"proposed_standard,omitempty"`
	CastAt           time.Time            `json:"cast_at"`
	// DecisionID is set on the vote that closed the panel.
	DecisionID string `json:"decision_id,omitempty"`
}

type voteRow struct {
	UserID, Name, Letter, Choice, Rationale string
	Deductions                              []byte
	ProposedWeight, ProposedStandard        decimal.NullDecimal
	CastAt                                  time.Time
}

func (r voteRow) view(withName bool) VoteView {
	v := VoteView{Letter: r.Letter, Choice: decision.Choice(r.Choice), Rationale: r.Rationale, CastAt: r.CastAt, Deductions: []decision.Deduction{}}
	if withName {
		v.Name = r.Name
	}
	_ = json.Unmarshal(r.Deductions, &v.Deductions)
	if r.ProposedWeight.Valid {
		d := r.ProposedWeight.Decimal
		v.ProposedWeight = &d
	}
	if r.ProposedStandard.Valid {
		d := r.ProposedStandard.Decimal
		v.ProposedStandard = &d
	}
	return v
}

func (r voteRow) vote() decision.Vote {
	v := r.view(false)
	return decision.Vote{Member: r.UserID, Choice: v.Choice, Rationale: v.Rationale, Deductions: v.Deductions,
		ProposedWeight: v.ProposedWeight, ProposedStandard: v.ProposedStandard}
}

func (s *Service) voteRows(ctx context.Context, panelID string, round int, userID string) ([]voteRow, error) {
	q := `SELECT v.user_id::text AS user_id, u.display_name AS name, m.letter, v.choice, v.rationale, v.deductions, v.proposed_weight,
		v.proposed_standard, v.cast_at FROM panel_votes v JOIN users u ON u.id = v.user_id
		JOIN panel_members m ON m.panel_id = v.panel_id AND m.user_id = v.user_id WHERE v.panel_id = ? AND v.vote_round = ?`
	args := []any{panelID, round}
	if userID != "" {
		q += ` AND v.user_id = ?`
		args = append(args, userID)
	}
	var rows []voteRow
	err := s.DB.Conn(ctx).Raw(q+` ORDER BY length(m.letter), m.letter`, args...).Scan(&rows).Error
	return rows, err
}

func (s *Service) votes(ctx context.Context, panelID string, round int, withNames bool) ([]VoteView, error) {
	rows, err := s.voteRows(ctx, panelID, round, "")
	if err != nil {
		return nil, err
	}
	out := make([]VoteView, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.view(withNames))
	}
	return out, nil
}

func (s *Service) votedSet(ctx context.Context, panelID string, round int) (map[string]bool, error) {
	var ids []string
	if err := s.DB.Conn(ctx).Raw(`SELECT user_id::text FROM panel_votes WHERE panel_id = ? AND vote_round = ?`, panelID, round).Scan(&ids).Error; err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// Cast records the calling expert's sealed vote. Voting twice, after the
// deadline, on a panel that is not voting or without an accepted seat is a
// conflict (409). When every seat has voted the panel closes.
func (s *Service) Cast(ctx context.Context, panelID string, in VoteInput) (*VoteView, error) {
	w := whoOf(ctx)
	in.Rationale = strings.TrimSpace(in.Rationale)
	v := decision.Vote{Member: w.userID, Choice: in.Choice, Rationale: in.Rationale, Deductions: in.Deductions,
		ProposedWeight: in.ProposedWeight, ProposedStandard: in.ProposedStandard}
	if v.Deductions == nil {
		v.Deductions = []decision.Deduction{}
	}
	var out *VoteView
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, m, err := s.memberPanel(ctx, panelID, w.userID, true)
		if err != nil {
			return err
		}
		if m.Status != MemberAccepted {
			return conflict("not-seated", "only experts who accepted the invitation vote")
		}
		if p.Status != PanelVoting {
			return conflict("panel-closed", "the panel is not voting")
		}
		now := s.now()
		if p.VoteDue != nil && now.After(*p.VoteDue) {
			return conflict("deadline-passed", "the voting deadline has passed")
		}
		voted, err := s.votedSet(ctx, p.ID, p.VoteRound)
		if err != nil {
			return err
		}
		if voted[w.userID] {
			return conflict("already-voted", "you have already voted; a vote cannot be changed")
		}
		if err := decision.ValidateVote(v); err != nil {
			var ve *decision.VoteError
			if errors.As(err, &ve) {
				return invalid(ve.Field, ve.Message)
			}
			return invalid("vote", err.Error())
		}
		dj, _ := json.Marshal(v.Deductions)
		err = s.DB.Conn(ctx).Exec(`INSERT INTO panel_votes (panel_id, user_id, vote_round, choice, rationale, deductions, proposed_weight,
			proposed_standard, cast_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, w.userID, p.VoteRound, string(v.Choice), v.Rationale, dj,
			decOrNil(v.ProposedWeight), decOrNil(v.ProposedStandard), now).Error
		if database.IsDuplicate(err) {
			return conflict("already-voted", "you have already voted; a vote cannot be changed")
		}
		if err != nil {
			return err
		}
		// the audit names that a vote was cast, not what it says: votes are sealed
		if err := s.Audit.Record(ctx, audit.Event{Action: "review.vote", ObjectType: "panel", ObjectID: p.ID,
			New: map[string]any{"vote_round": p.VoteRound}, RegionCode: p.RegionCode, HospitalID: p.HospitalID}); err != nil {
			return err
		}
		rows, err := s.voteRows(ctx, p.ID, p.VoteRound, w.userID)
		if err != nil || len(rows) == 0 {
			return fmt.Errorf("vote not read back: %v", err)
		}
		vv := rows[0].view(false)
		out = &vv
		if len(voted)+1 >= p.Size {
			out.DecisionID, err = s.closePanel(ctx, p, now)
			return err
		}
		return nil
	})
	return out, err
}

func decOrNil(d *decimal.Decimal) any {
	if d == nil {
		return nil
	}
	return d.String()
}

// ruleOf is the decision rule the region's settings configure.
func ruleOf(rv settings.Review) decision.Rule {
	r := decision.DefaultRule()
	if rv.TieForm != "" {
		r.TieForm = decision.Choice(rv.TieForm)
	}
	if rv.DeductionBasis != "" {
		r.DeductionBasis = rv.DeductionBasis
	}
	if r.TieForm != decision.DefaultRule().TieForm || r.DeductionBasis != decision.DefaultRule().DeductionBasis {
		r.Version = fmt.Sprintf("%s+tie=%s,basis=%s", r.Version, r.TieForm, r.DeductionBasis)
	}
	return r
}

// closePanel counts the votes of the panel's round under the region's
// decision rule (a missing vote counts as not agreeing) and proposes the
// decision to the bureau reviewers.
func (s *Service) closePanel(ctx context.Context, p *panelRow, now time.Time) (string, error) {
	rows, err := s.voteRows(ctx, p.ID, p.VoteRound, "")
	if err != nil {
		return "", err
	}
	votes := make([]decision.Vote, 0, len(rows))
	for _, r := range rows {
		votes = append(votes, r.vote())
	}
	rv, _, err := s.settingsFor(ctx, p.RegionCode)
	if err != nil {
		return "", err
	}
	rule := ruleOf(rv)
	res, err := decision.Decide(p.Size, votes, rule)
	if err != nil {
		return "", err
	}
	approved, err := s.approvedAmount(ctx, p.ApplicationID, res)
	if err != nil {
		return "", err
	}
	var version int
	if err := s.DB.Conn(ctx).Raw(`SELECT coalesce(max(version), 0) + 1 FROM review_decisions WHERE application_id = ?`, p.ApplicationID).Scan(&version).Error; err != nil {
		return "", err
	}
	tally, _ := json.Marshal(map[string]any{"tally": res.Tally, "explanation": res.Explanation})
	dj, _ := json.Marshal(res.Deductions)
	id := newID()
	conn := s.DB.Conn(ctx)
	if err := conn.Exec(`INSERT INTO review_decisions (id, application_id, panel_id, region_code, hospital_id, version, vote_round, outcome,
		deductions, deduction_total, proposed_weight, proposed_standard, approved_amount, rule_version, tally, status, final, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PROPOSED', ?, ?)`, id, p.ApplicationID, p.ID, p.RegionCode, p.HospitalID, version,
		p.VoteRound, string(res.Outcome), dj, res.DeductionTotal.String(), decOrNil(res.ProposedWeight), decOrNil(res.ProposedStandard),
		decOrNil(approved), res.RuleVersion, tally, p.Round == 2, now).Error; err != nil {
		return "", err
	}
	if err := conn.Exec(`UPDATE panels SET status = 'CLOSED', closed_at = ?, version = version + 1, updated_at = ? WHERE id = ?`, now, now, p.ID).Error; err != nil {
		return "", err
	}
	p.Status = PanelClosed
	if err := s.Audit.Record(ctx, audit.Event{Action: "review.panel_close", ObjectType: "panel", ObjectID: p.ID,
		New:        map[string]any{"decision_id": id, "outcome": res.Outcome, "tally": res.Tally, "rule_version": res.RuleVersion},
		RegionCode: p.RegionCode, HospitalID: p.HospitalID}); err != nil {
		return "", err
	}
	return id, s.send(ctx, notify.Audience{Roles: []string{authz.RoleBureauReviewer}, RegionCode: p.RegionCode}, notify.Notice{
		Kind: "review.proposed", Title: "评审决定待确认", Body: "专家评审组已完成合议，请确认评审决定。",
		Link: "/review/decisions/" + id, ObjectType: "review_decision", ObjectID: id})
}

// approvedAmount is what the decision approves: item-based, the case's
// in-policy items (甲类 + 乙类) minus the deductions; an adjusted standard,
// the proposed standard (a proposed weight alone is priced by the payment
// step). Nil for a rejection.
func (s *Service) approvedAmount(ctx context.Context, appID string, res decision.Result) (*decimal.Decimal, error) {
	switch res.Outcome {
	case decision.ApprovedItemBased:
		a, err := s.Apps.Get(sysCtx(ctx), appID)
		if err != nil {
			return nil, err
		}
		cv, err := s.Cases.GetCase(sysCtx(ctx), fmt.Sprint(a.CaseID))
		if err != nil {
			return nil, err
		}
		v := cv.Case.ClassA.Add(cv.Case.ClassB).Sub(res.DeductionTotal)
		if v.IsNegative() {
			v = decimal.Zero
		}
		v = v.Round(2)
		return &v, nil
	case decision.ApprovedAdjusted:
		return res.ProposedStandard, nil
	}
	return nil, nil
}
