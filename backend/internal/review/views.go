package review

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"github.com/google/uuid"

	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/review/draw"
)

// PanelView is a panel as the bureau sees it: who sits and who has voted;
// the votes themselves only once the panel is closed.
type PanelView struct {
	ID            string        `json:"id"`
	ApplicationID string        `json:"application_id"`
	ApplicationNo string        `json:"application_no"`
	HospitalName  string        `json:"hospital_name"`
	CycleID       string        `json:"cycle_id,omitempty"`
	Round         int           `json:"round"`
	Status        string        `json:"status"`
	Size          int           `json:"size"`
	MDC           string        `json:"mdc"`
	VoteRound     int           `json:"vote_round"`
	VoteDue       *time.Time    `json:"vote_due"`
	Returned      bool          `json:"returned"`
	ReturnReason  string        `json:"return_reason"`
	Members       []MemberView  `json:"members"`
	Draws         []DrawSummary `json:"draws"`
	Votes         []VoteView    `json:"votes"`
	Decision      *DecisionView `json:"decision,omitempty"`
	CreatedAt     time.Time     `json:"created_at"`
}

// MemberView is one seat.
type MemberView struct {
	UserID      string     `json:"user_id"`
	Name        string     `json:"name"`
	Letter      string     `json:"letter"`
	Status      string     `json:"status"`
	RespondDue  time.Time  `json:"respond_due"`
	RespondedAt *time.Time `json:"responded_at"`
	Reason      string     `json:"reason"`
	Voted       bool       `json:"voted"`
}

// DrawSummary is one recorded draw.
type DrawSummary struct {
	ID       string    `json:"id"`
	Kind     string    `json:"kind"`
	DrawnAt  time.Time `json:"drawn_at"`
	Selected []string  `json:"selected" doc:"Names of the drawn experts"`
	Fallback []string  `json:"fallback"`
	Eligible int       `json:"eligible"`
}

type drawRow struct {
	ID, Kind      string
	DrawnAt       time.Time
	Seed          []byte
	Snapshot      []byte
	Request       []byte
	Result        []byte
	PanelID       string
	ApplicationID string
}

func (s *Service) draws(ctx context.Context, panelID string) ([]drawRow, error) {
	var out []drawRow
	err := s.DB.Conn(ctx).Raw(`SELECT id::text AS id, kind, drawn_at, seed, snapshot, request, result, panel_id::text AS panel_id,
		application_id::text AS application_id FROM panel_draws WHERE panel_id = ? ORDER BY drawn_at, id`, panelID).Scan(&out).Error
	return out, err
}

// Panel is one panel of the caller's region (bureau).
func (s *Service) Panel(ctx context.Context, id string) (*PanelView, error) {
	p, err := s.bureauPanel(ctx, id, false)
	if err != nil {
		return nil, err
	}
	return s.panelView(ctx, p, true)
}

func (s *Service) panelView(ctx context.Context, p *panelRow, bureau bool) (*PanelView, error) {
	var app struct{ No, HospitalName string }
	if err := s.DB.Conn(ctx).Raw(`SELECT a.no, h.name AS hospital_name FROM special_applications a JOIN hospitals h ON h.id = a.hospital_id
		WHERE a.id = ?`, p.ApplicationID).Scan(&app).Error; err != nil {
		return nil, err
	}
	v := &PanelView{ID: p.ID, ApplicationID: p.ApplicationID, ApplicationNo: app.No, HospitalName: app.HospitalName, Round: p.Round,
		Status: p.Status, Size: p.Size, MDC: p.MDC, VoteRound: p.VoteRound, VoteDue: p.VoteDue, Returned: p.Returned,
		ReturnReason: p.ReturnReason, Members: []MemberView{}, Draws: []DrawSummary{}, Votes: []VoteView{}, CreatedAt: p.CreatedAt}
	if p.CycleID != nil {
		v.CycleID = *p.CycleID
	}
	ms, err := s.members(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	voted, err := s.votedSet(ctx, p.ID, p.VoteRound)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, m := range ms {
		names[m.UserID] = m.Name
		v.Members = append(v.Members, MemberView{UserID: m.UserID, Name: m.Name, Letter: m.Letter, Status: m.Status, RespondDue: m.RespondDue,
			RespondedAt: m.RespondedAt, Reason: m.Reason, Voted: voted[m.UserID]})
	}
	ds, err := s.draws(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		var res draw.Result
		_ = json.Unmarshal(d.Result, &res)
		sum := DrawSummary{ID: d.ID, Kind: d.Kind, DrawnAt: d.DrawnAt, Selected: []string{}, Fallback: res.Fallback, Eligible: len(res.Eligible)}
		if sum.Fallback == nil {
			sum.Fallback = []string{}
		}
		for _, id := range res.Selected {
			sum.Selected = append(sum.Selected, names[id])
		}
		v.Draws = append(v.Draws, sum)
	}
	if p.Status == PanelClosed || p.Status == PanelConfirmed {
		if v.Votes, err = s.votes(ctx, p.ID, p.VoteRound, bureau); err != nil {
			return nil, err
		}
		if v.Decision, err = s.decisionOfPanel(ctx, p.ID, p.VoteRound); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// DrawRecord is a recorded draw for an auditor: its seed, and whether
// replaying it on the recorded pool snapshot gives the same panel.
type DrawRecord struct {
	ID         string          `json:"id"`
	PanelID    string          `json:"panel_id"`
	Kind       string          `json:"kind"`
	DrawnAt    time.Time       `json:"drawn_at"`
	Seed       string          `json:"seed"`
	Request    json.RawMessage `json:"request"`
	Result     json.RawMessage `json:"result"`
	Reproduced bool            `json:"reproduced"`
	Problem    string          `json:"problem,omitempty"`
}

// Draw returns one recorded draw of the caller's region, replayed.
func (s *Service) Draw(ctx context.Context, id string) (*DrawRecord, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, ErrNotFound
	}
	var panelID string
	if err := s.DB.Conn(ctx).Raw(`SELECT panel_id::text FROM panel_draws WHERE id = ?`, id).Scan(&panelID).Error; err != nil {
		return nil, err
	}
	if panelID == "" {
		return nil, ErrNotFound
	}
	if _, err := s.bureauPanel(ctx, panelID, false); err != nil {
		return nil, err
	}
	return s.Replay(ctx, id)
}

// Replay re-runs a recorded draw from its pool snapshot and seed (`teyi
// panel replay DRAW_ID`; no scope: the shell is the auditor's).
func (s *Service) Replay(ctx context.Context, id string) (*DrawRecord, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, ErrNotFound
	}
	var rows []drawRow
	if err := s.DB.Conn(ctx).Raw(`SELECT id::text AS id, kind, drawn_at, seed, snapshot, request, result, panel_id::text AS panel_id
		FROM panel_draws WHERE id = ?`, id).Scan(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, ErrNotFound
	}
	d := rows[0]
	rec := &DrawRecord{ID: d.ID, PanelID: d.PanelID, Kind: d.Kind, DrawnAt: d.DrawnAt, Seed: hex.EncodeToString(d.Seed),
		Request: d.Request, Result: d.Result}
	var snap draw.Snapshot
	var req draw.Request
	var res draw.Result
	if err := json.Unmarshal(d.Snapshot, &snap); err != nil {
		rec.Problem = "snapshot: " + err.Error()
		return rec, nil
	}
	if err := json.Unmarshal(d.Request, &req); err != nil {
		rec.Problem = "request: " + err.Error()
		return rec, nil
	}
	if err := json.Unmarshal(d.Result, &res); err != nil {
		rec.Problem = "result: " + err.Error()
		return rec, nil
	}
	if err := draw.Replay(snap, req, d.Seed, res); err != nil {
		rec.Problem = err.Error()
		return rec, nil
	}
	rec.Reproduced = true
	return rec, nil
}

// InboxItem is one panel in an expert's inbox.
type InboxItem struct {
	PanelID       string     `json:"panel_id"`
	ApplicationNo string     `json:"application_no"`
	Types         []string   `json:"types" gorm:"-"`
	HospitalName  string     `json:"hospital_name"`
	Round         int        `json:"round"`
	PanelStatus   string     `json:"panel_status"`
	VoteRound     int        `json:"vote_round"`
	MyStatus      string     `json:"my_status"`
	MyLetter      string     `json:"my_letter"`
	RespondDue    time.Time  `json:"respond_due"`
	VoteDue       *time.Time `json:"vote_due"`
	Voted         bool       `json:"voted"`
	InvitedAt     time.Time  `json:"invited_at"`
}

const inboxSelect = `SELECT p.id::text AS panel_id, a.no AS application_no, array_to_string(a.types, ',') AS type_list, h.name AS hospital_name,
	p.round, p.status AS panel_status, p.vote_round, m.status AS my_status, m.letter AS my_letter, m.respond_due, p.vote_due,
	EXISTS (SELECT 1 FROM panel_votes v WHERE v.panel_id = p.id AND v.user_id = m.user_id AND v.vote_round = p.vote_round) AS voted, m.invited_at
	FROM panel_members m JOIN panels p ON p.id = m.panel_id JOIN special_applications a ON a.id = p.application_id
	JOIN hospitals h ON h.id = a.hospital_id WHERE m.user_id = ?`

type inboxRow struct {
	InboxItem
	TypeList string
}

func (r inboxRow) item() InboxItem {
	it := r.InboxItem
	it.Types = []string{}
	for _, t := range strings.Split(r.TypeList, ",") {
		if t != "" {
			it.Types = append(it.Types, t)
		}
	}
	return it
}

// Inbox lists the calling expert's panels: invitations first, then panels
// to vote on, then the rest (newest first).
func (s *Service) Inbox(ctx context.Context) ([]InboxItem, error) {
	w := whoOf(ctx)
	if w.userID == "" || !w.has(authz.RoleExpert) {
		return []InboxItem{}, nil
	}
	var rows []inboxRow
	if err := s.DB.Conn(ctx).Raw(inboxSelect+` ORDER BY (m.status = 'INVITED') DESC,
		(p.status = 'VOTING' AND m.status = 'ACCEPTED') DESC, m.invited_at DESC LIMIT 500`, w.userID).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]InboxItem, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.item())
	}
	return out, nil
}

func (s *Service) inboxItem(ctx context.Context, panelID string) (*InboxItem, error) {
	w := whoOf(ctx)
	var rows []inboxRow
	if err := s.DB.Conn(ctx).Raw(inboxSelect+` AND p.id = ?`, w.userID, panelID).Scan(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, ErrNotFound
	}
	it := rows[0].item()
	return &it, nil
}
