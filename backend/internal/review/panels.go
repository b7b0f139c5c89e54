package review

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/lib/pq"

	"teyi/backend/internal/notify"
	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/calendar"
	"teyi/backend/internal/review/draw"
	"teyi/backend/internal/specialcase"
	"teyi/backend/internal/specialcase/settings"
)

// Panel states.
const (
	PanelForming   = "FORMING"   // invitations out; not every seat accepted yet
	PanelVoting    = "VOTING"    // every seat accepted; sealed votes until the deadline
	PanelClosed    = "CLOSED"    // votes counted; a decision awaits the bureau reviewer
	PanelConfirmed = "CONFIRMED" // the decision is confirmed
)

// Member states.
const (
	MemberInvited  = "INVITED"
	MemberAccepted = "ACCEPTED"
	MemberDeclined = "DECLINED"
	MemberConflict = "CONFLICT"
	MemberExpired  = "EXPIRED"
)

type panelRow struct {
	ID, ApplicationID, RegionCode, HospitalID string
	CycleID                                   *string
	Round, Size                               int
	MDC, Status                               string
	VoteRound                                 int
	Returned                                  bool
	ReturnReason                              string
	VoteDue                                   *time.Time
	Reminded                                  bool
	ClosedAt                                  *time.Time
	Version                                   int
	CreatedAt, UpdatedAt                      time.Time
}

const panelCols = `id::text AS id, application_id::text AS application_id, region_code, hospital_id::text AS hospital_id,
	cycle_id::text AS cycle_id, round, size, mdc, status, vote_round, returned, return_reason, vote_due, reminded, closed_at, version,
	created_at, updated_at`

func (s *Service) panelByID(ctx context.Context, id string, lock bool) (*panelRow, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, ErrNotFound
	}
	q := `SELECT ` + panelCols + ` FROM panels WHERE id = ?`
	if lock {
		q += ` FOR UPDATE`
	}
	var p panelRow
	res := s.DB.Conn(ctx).Raw(q, id).Scan(&p)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, ErrNotFound
	}
	p.RegionCode = strings.TrimSpace(p.RegionCode)
	return &p, nil
}

// bureauPanel is a panel of the caller's region.
func (s *Service) bureauPanel(ctx context.Context, id string, lock bool) (*panelRow, error) {
	region, err := whoOf(ctx).regionOnly()
	if err != nil {
		return nil, err
	}
	p, err := s.panelByID(ctx, id, lock)
	if err != nil {
		return nil, err
	}
	if p.RegionCode != region {
		return nil, ErrNotFound
	}
	return p, nil
}

type memberRow struct {
	PanelID, UserID, Name, Letter, DrawID, Status string
	RespondDue                                    time.Time
	RespondedAt                                   *time.Time
	Reason                                        string
	InvitedAt                                     time.Time
}

func (s *Service) members(ctx context.Context, panelIDs ...string) ([]memberRow, error) {
	var out []memberRow
	err := s.DB.Conn(ctx).Raw(`SELECT m.panel_id::text AS panel_id, m.user_id::text AS user_id, u.display_name AS name, m.letter,
		m.draw_id::text AS draw_id, m.status, m.respond_due, m.responded_at, m.reason, m.invited_at
		FROM panel_members m JOIN users u ON u.id = m.user_id WHERE m.panel_id::text = ANY(?)
		ORDER BY m.panel_id, length(m.letter), m.letter`, pq.StringArray(panelIDs)).Scan(&out).Error
	return out, err
}

// application reads an application of the caller's region (bureau), as
// the system: the review checks the region itself.
func (s *Service) application(ctx context.Context, id string) (*specialcase.ApplicationDetail, error) {
	region, err := whoOf(ctx).regionOnly()
	if err != nil {
		return nil, err
	}
	if _, err := uuid.Parse(id); err != nil {
		return nil, ErrNotFound
	}
	a, err := s.Apps.Get(sysCtx(ctx), id)
	if err != nil {
		if errors.Is(err, specialcase.ErrNotFound) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	if a.RegionCode != region || a.SubmittedAt == nil {
		return nil, ErrNotFound
	}
	return a, nil
}

// mdcOf is the case's MDC from its grouping at submission: a CHS-DRG code
// begins with its MDC's letter.
func mdcOf(a *specialcase.ApplicationDetail) string {
	if a.CaseSnapshot == nil || a.CaseSnapshot.DRG == "" {
		return ""
	}
	return "MDC" + a.CaseSnapshot.DRG[:1]
}

// snapshot is the pool as a draw sees it on the day: absences of the day,
// standing and case conflicts, and load (undecided panels).
func (s *Service) snapshot(ctx context.Context, region string, now time.Time) (draw.Snapshot, error) {
	list, err := s.experts(ctx, region, "")
	if err != nil {
		return draw.Snapshot{}, err
	}
	today := calendar.DateOf(now).String()
	snap := draw.Snapshot{At: now, Experts: make([]draw.Expert, 0, len(list))}
	for _, e := range list {
		x := draw.Expert{ID: e.UserID, HospitalID: e.HospitalID, Group: e.Group, Specialties: e.Specialties, Organisation: e.Organisation,
			Active: e.Active, Load: e.Load, MaxLoad: e.MaxLoad, ConflictHospitals: []string{}, ConflictPeople: []string{}, ConflictApplications: []string{}}
		for _, a := range e.Absences {
			if a.StartsOn <= today && today <= a.EndsOn {
				x.Absent = true
			}
		}
		for _, c := range e.Conflicts {
			switch c.Kind {
			case "hospital":
				x.ConflictHospitals = append(x.ConflictHospitals, c.HospitalID)
			case "colleague":
				x.ConflictPeople = append(x.ConflictPeople, c.ColleagueID)
			case "application":
				x.ConflictApplications = append(x.ConflictApplications, c.ApplicationID)
			}
		}
		snap.Experts = append(snap.Experts, x)
	}
	return snap, nil
}

// request builds the draw request for an application: its hospital and
// group, the people involved, the MDC and related specialties, the
// settings' modes and who may not sit (everyone on this or, for an appeal,
// any earlier panel of the application).
func (s *Service) request(ctx context.Context, a *specialcase.ApplicationDetail, rv settings.Review, need int) (draw.Request, error) {
	var group string
	if err := s.DB.Conn(ctx).Raw(`SELECT group_name FROM hospitals WHERE id = ?`, a.HospitalID).Scan(&group).Error; err != nil {
		return draw.Request{}, err
	}
	var people []string
	if err := s.DB.Conn(ctx).Raw(`SELECT DISTINCT actor_id::text FROM special_application_events
		WHERE application_id = ? AND actor_id IS NOT NULL AND actor_role IN ('clinician', 'hospital_office')`, a.ID).Scan(&people).Error; err != nil {
		return draw.Request{}, err
	}
	if !slices.Contains(people, a.CreatedBy) {
		people = append(people, a.CreatedBy)
	}
	slices.Sort(people)
	var exclude []string
	if err := s.DB.Conn(ctx).Raw(`SELECT DISTINCT m.user_id::text FROM panel_members m JOIN panels p ON p.id = m.panel_id
		WHERE p.application_id = ? ORDER BY 1`, a.ID).Scan(&exclude).Error; err != nil {
		return draw.Request{}, err
	}
	mdc := mdcOf(a)
	return draw.Request{ApplicationID: a.ID, HospitalID: a.HospitalID, HospitalGroup: group, People: people, MDC: mdc,
		Related: draw.Related(mdc), Need: need, Exclude: exclude, CrossReview: rv.CrossReview, Organisation: rv.Organisation}, nil
}

// PoolView is what the draw dialog shows before a draw.
type PoolView struct {
	ApplicationID string         `json:"application_id"`
	Round         int            `json:"round"`
	Size          int            `json:"size"`
	Need          int            `json:"need"`
	MDC           string         `json:"mdc"`
	Related       []string       `json:"related"`
	Eligible      []PoolExpert   `json:"eligible"`
	Excluded      []PoolExpert   `json:"excluded"`
	Fallback      []string       `json:"fallback"`
	Short         *ShortInfo     `json:"short,omitempty"`
	Modes         map[string]any `json:"modes"`
}

// PoolExpert is one expert in the draw dialog.
type PoolExpert struct {
	UserID       string   `json:"user_id"`
	Name         string   `json:"name"`
	HospitalName string   `json:"hospital_name"`
	Specialties  []string `json:"specialties"`
	Load         int      `json:"load"`
	MaxLoad      int      `json:"max_load"`
	Reason       string   `json:"reason,omitempty"`
}

// ShortInfo says which constraint left too few experts.
type ShortInfo struct {
	Constraint string `json:"constraint"`
	Need       int    `json:"need"`
	Have       int    `json:"have"`
	Message    string `json:"message"`
}

// DrawShortError is a draw with too few eligible experts (422).
type DrawShortError struct{ Info ShortInfo }

func (e *DrawShortError) Error() string { return e.Info.Message }

// plan is what a draw for an application would be now.
type plan struct {
	app   *specialcase.ApplicationDetail
	rv    settings.Review
	round int
	open  *panelRow // a forming panel short of members
	need  int
	snap  draw.Snapshot
	req   draw.Request
}

func (s *Service) plan(ctx context.Context, appID string) (*plan, error) {
	a, err := s.application(ctx, appID)
	if err != nil {
		return nil, err
	}
	rv, _, err := s.settingsFor(ctx, a.RegionCode)
	if err != nil {
		return nil, err
	}
	p := &plan{app: a, rv: rv}
	var panels []panelRow
	if err := s.DB.Conn(ctx).Raw(`SELECT `+panelCols+` FROM panels WHERE application_id = ? ORDER BY round`, a.ID).Scan(&panels).Error; err != nil {
		return nil, err
	}
	switch a.Status {
	case specialcase.Accepted:
		p.round = 1
	case specialcase.Appealed:
		p.round = 2
	case specialcase.ExpertReview:
		// a panel that lost members and could not replace them all
		for i := range panels {
			if panels[i].Status == PanelForming {
				p.open = &panels[i]
				p.round = panels[i].Round
			}
		}
		if p.open == nil {
			return nil, conflict("panel-complete", "the application's panel is already complete")
		}
	default:
		return nil, conflict("not-ready", fmt.Sprintf("a panel is drawn for accepted or appealed applications; this one is %s", a.Status))
	}
	p.need = rv.PanelSize
	if p.open != nil {
		var seated int64
		if err := s.DB.Conn(ctx).Raw(`SELECT count(*) FROM panel_members WHERE panel_id = ? AND status IN ('INVITED', 'ACCEPTED')`,
			p.open.ID).Scan(&seated).Error; err != nil {
			return nil, err
		}
		p.need = p.open.Size - int(seated)
		if p.need <= 0 {
			return nil, conflict("panel-complete", "every seat of the panel is taken")
		}
	}
	if p.snap, err = s.snapshot(ctx, a.RegionCode, s.now()); err != nil {
		return nil, err
	}
	if p.req, err = s.request(ctx, a, rv, p.need); err != nil {
		return nil, err
	}
	return p, nil
}

func shortInfo(err error) (*ShortInfo, bool) {
	var se *draw.ShortError
	if !errors.As(err, &se) {
		return nil, false
	}
	return &ShortInfo{Constraint: se.Constraint, Need: se.Need, Have: se.Have, Message: se.Error()}, true
}

// PreviewDraw shows the eligible pool and why the others are excluded,
// without drawing (the draw dialog).
func (s *Service) PreviewDraw(ctx context.Context, appID string) (*PoolView, error) {
	p, err := s.plan(ctx, appID)
	if err != nil {
		return nil, err
	}
	names := map[string]Expert{}
	list, err := s.experts(ctx, p.app.RegionCode, "")
	if err != nil {
		return nil, err
	}
	for _, e := range list {
		names[e.UserID] = e
	}
	pe := func(id, reason string) PoolExpert {
		e := names[id]
		return PoolExpert{UserID: id, Name: e.Name, HospitalName: e.HospitalName, Specialties: e.Specialties, Load: e.Load, MaxLoad: e.MaxLoad, Reason: reason}
	}
	v := &PoolView{ApplicationID: p.app.ID, Round: p.round, Size: p.rv.PanelSize, Need: p.need, MDC: p.req.MDC, Related: p.req.Related,
		Eligible: []PoolExpert{}, Excluded: []PoolExpert{}, Fallback: []string{},
		Modes: map[string]any{"cross_review": p.rv.CrossReview, "organisation": p.rv.Organisation}}
	if v.Related == nil {
		v.Related = []string{}
	}
	res, err := draw.Screen(p.snap, p.req)
	if info, ok := shortInfo(err); ok {
		v.Short, err = info, nil
	}
	if err != nil {
		return nil, err
	}
	for _, id := range res.Eligible {
		v.Eligible = append(v.Eligible, pe(id, ""))
	}
	for _, x := range res.Excluded {
		v.Excluded = append(v.Excluded, pe(x.ExpertID, x.Reason))
	}
	if res.Fallback != nil {
		v.Fallback = res.Fallback
	}
	return v, nil
}

// DrawPanel draws the panel of an accepted application (round 1), the
// fresh panel of an appealed one (round 2), or the missing members of a
// forming panel. The draw, its seed and pool snapshot are recorded; the
// application moves to EXPERT_REVIEW; the experts are invited.
func (s *Service) DrawPanel(ctx context.Context, appID, cycleID string) (*PanelView, error) {
	w := whoOf(ctx)
	if !w.has(authz.RoleBureauAdmin) {
		return nil, &ForbiddenError{"bureau administrators draw panels"}
	}
	var panelID string
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if _, err := uuid.Parse(appID); err != nil {
			return ErrNotFound
		}
		// one draw at a time per application
		if err := s.DB.Conn(ctx).Exec(`SELECT 1 FROM special_applications WHERE id = ? FOR UPDATE`, appID).Error; err != nil {
			return err
		}
		p, err := s.plan(ctx, appID)
		if err != nil {
			return err
		}
		now := s.now()
		var cycle any
		if p.open == nil && cycleID != "" {
			if _, err := uuid.Parse(cycleID); err != nil {
				return invalid("cycle_id", "no such open cycle")
			}
			var n int64
			if err := s.DB.Conn(ctx).Raw(`SELECT count(*) FROM review_cycles WHERE id = ? AND region_code = ? AND status = 'OPEN'`,
				cycleID, p.app.RegionCode).Scan(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				return invalid("cycle_id", "no such open cycle")
			}
			cycle = cycleID
		}
		kind := "initial"
		if p.open == nil {
			panelID = uuid.Must(uuid.NewV7()).String()
			if p.round == 2 {
				kind = "appeal"
			}
			cmd := specialcase.StartReview
			if p.round == 2 {
				cmd = specialcase.ReReview
			}
			if _, err := s.Apps.Do(specialcase.Internal(ctx), p.app.ID, specialcase.CommandInput{Command: cmd, Version: p.app.Version,
				Data: map[string]any{"panel_id": panelID, "round": p.round}}); err != nil {
				return err
			}
			if err := s.DB.Conn(ctx).Exec(`INSERT INTO panels (id, application_id, region_code, hospital_id, cycle_id, round, size, mdc,
				status, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'FORMING', ?, ?, ?)`,
				panelID, p.app.ID, p.app.RegionCode, p.app.HospitalID, cycle, p.round, p.rv.PanelSize, p.req.MDC, w.userID, now, now).Error; err != nil {
				return err
			}
		} else {
			panelID, kind = p.open.ID, "replacement"
		}
		_, err = s.drawInto(ctx, panelID, p, kind, nullable(w.userID), now)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Panel(ctx, panelID)
}

// drawInto runs one draw for p and seats the drawn experts on the panel as
// invited members; it records the draw and notifies them.
func (s *Service) drawInto(ctx context.Context, panelID string, p *plan, kind string, by any, now time.Time) ([]string, error) {
	seed := draw.NewSeed()
	res, err := draw.Draw(p.snap, p.req, seed)
	if info, ok := shortInfo(err); ok {
		return nil, &DrawShortError{Info: *info}
	}
	if err != nil {
		return nil, err
	}
	_, cal, err := s.settingsFor(ctx, p.app.RegionCode)
	if err != nil {
		return nil, err
	}
	due, err := dueAfter(cal, now, p.rv.AcceptWorkdays)
	if err != nil {
		return nil, err
	}
	drawID := uuid.Must(uuid.NewV7()).String()
	snapJSON, _ := json.Marshal(p.snap)
	reqJSON, _ := json.Marshal(p.req)
	resJSON, _ := json.Marshal(res)
	conn := s.DB.Conn(ctx)
	if err := conn.Exec(`INSERT INTO panel_draws (id, panel_id, application_id, kind, seed, snapshot, request, result, drawn_by, drawn_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, drawID, panelID, p.app.ID, kind, seed, snapJSON, reqJSON, resJSON, by, now).Error; err != nil {
		return nil, err
	}
	var used int64
	if err := conn.Raw(`SELECT count(*) FROM panel_members WHERE panel_id = ?`, panelID).Scan(&used).Error; err != nil {
		return nil, err
	}
	for i, id := range res.Selected {
		if err := conn.Exec(`INSERT INTO panel_members (panel_id, user_id, letter, draw_id, status, respond_due, invited_at)
			VALUES (?, ?, ?, ?, 'INVITED', ?, ?)`, panelID, id, letterOf(int(used)+i), drawID, due, now).Error; err != nil {
			return nil, err
		}
	}
	if err := s.Audit.Record(ctx, audit.Event{Action: "review.draw", ObjectType: "panel", ObjectID: panelID,
		New: map[string]any{"draw_id": drawID, "kind": kind, "seed": hex.EncodeToString(seed), "selected": res.Selected,
			"fallback": res.Fallback, "eligible": len(res.Eligible), "application_id": p.app.ID},
		RegionCode: p.app.RegionCode, HospitalID: p.app.HospitalID}); err != nil {
		return nil, err
	}
	err = s.send(ctx, notify.Audience{UserIDs: res.Selected}, notify.Notice{Kind: "review.invited",
		Title: "特例单议评审邀请", Body: fmt.Sprintf("您被抽取为申请 %s 的评审专家，请于 %s 前接受或回避。", p.app.No, calendar.DateOf(due.Add(-time.Second))),
		Link: "/review/inbox", ObjectType: "panel", ObjectID: panelID, Params: map[string]string{"no": p.app.No}})
	return res.Selected, err
}

// Respond is an invited expert's answer: accept, decline, or declare a
// conflict on seeing the case (recorded as a declaration for the
// application). A decline or conflict draws a replacement under the same
// rules; when every seat has accepted, voting opens.
func (s *Service) Respond(ctx context.Context, panelID, answer, reason string) (*InboxItem, error) {
	w := whoOf(ctx)
	reason = strings.TrimSpace(reason)
	switch answer {
	case "accept":
	case "decline", "conflict":
		if reason == "" || len([]rune(reason)) > 500 {
			return nil, invalid("reason", "say why (at most 500 characters)")
		}
	default:
		return nil, invalid("answer", "accept, decline or conflict")
	}
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		p, m, err := s.memberPanel(ctx, panelID, w.userID, true)
		if err != nil {
			return err
		}
		if m.Status != MemberInvited {
			return conflict("already-answered", "the invitation was already answered")
		}
		now := s.now()
		if now.After(m.RespondDue) {
			return conflict("deadline-passed", "the time to answer the invitation has passed")
		}
		status := map[string]string{"accept": MemberAccepted, "decline": MemberDeclined, "conflict": MemberConflict}[answer]
		conn := s.DB.Conn(ctx)
		if err := conn.Exec(`UPDATE panel_members SET status = ?, responded_at = ?, reason = ? WHERE panel_id = ? AND user_id = ?`,
			status, now, reason, p.ID, w.userID).Error; err != nil {
			return err
		}
		if answer == "conflict" {
			if err := conn.Exec(`INSERT INTO expert_conflicts (id, user_id, kind, application_id, reason, created_at)
				VALUES (?, ?, 'application', ?, ?, ?)`, uuid.Must(uuid.NewV7()).String(), w.userID, p.ApplicationID, reason, now).Error; err != nil {
				return err
			}
		}
		if err := s.Audit.Record(ctx, audit.Event{Action: "review.respond", ObjectType: "panel", ObjectID: p.ID,
			New: map[string]any{"answer": answer}, RegionCode: p.RegionCode, HospitalID: p.HospitalID}); err != nil {
			return err
		}
		if answer != "accept" {
			return s.replace(ctx, p, now)
		}
		return s.maybeOpenVoting(ctx, p, now)
	})
	if err != nil {
		return nil, err
	}
	return s.inboxItem(ctx, panelID)
}

// replace draws one replacement for a lost seat (a decline, a conflict, a
// missed deadline). When too few experts are left the panel stays short
// and the bureau administrators are told which constraint ran short.
func (s *Service) replace(ctx context.Context, p *panelRow, now time.Time) error {
	a, err := s.Apps.Get(sysCtx(ctx), p.ApplicationID)
	if err != nil {
		return err
	}
	rv, _, err := s.settingsFor(ctx, p.RegionCode)
	if err != nil {
		return err
	}
	var seated int64
	if err := s.DB.Conn(ctx).Raw(`SELECT count(*) FROM panel_members WHERE panel_id = ? AND status IN ('INVITED', 'ACCEPTED')`, p.ID).Scan(&seated).Error; err != nil {
		return err
	}
	need := p.Size - int(seated)
	if need <= 0 {
		return nil
	}
	pl := &plan{app: a, rv: rv, round: p.Round, open: p, need: need}
	if pl.snap, err = s.snapshot(ctx, p.RegionCode, now); err != nil {
		return err
	}
	if pl.req, err = s.request(ctx, a, rv, need); err != nil {
		return err
	}
	_, err = s.drawInto(ctx, p.ID, pl, "replacement", nil, now)
	var short *DrawShortError
	if errors.As(err, &short) {
		return s.send(ctx, notify.Audience{Roles: []string{authz.RoleBureauAdmin}, RegionCode: p.RegionCode}, notify.Notice{
			Kind: "review.short", Title: "评审专家补抽失败", Body: fmt.Sprintf("申请 %s 的评审组缺少专家：%s", a.No, short.Info.Message),
			Link: "/review/panels/" + p.ID, ObjectType: "panel", ObjectID: p.ID, Params: map[string]string{"no": a.No}})
	}
	return err
}

// maybeOpenVoting opens the vote when every seat has accepted.
func (s *Service) maybeOpenVoting(ctx context.Context, p *panelRow, now time.Time) error {
	var accepted int64
	if err := s.DB.Conn(ctx).Raw(`SELECT count(*) FROM panel_members WHERE panel_id = ? AND status = 'ACCEPTED'`, p.ID).Scan(&accepted).Error; err != nil {
		return err
	}
	if int(accepted) < p.Size || p.Status != PanelForming {
		return nil
	}
	rv, cal, err := s.settingsFor(ctx, p.RegionCode)
	if err != nil {
		return err
	}
	due, err := dueAfter(cal, now, rv.VoteWorkdays)
	if err != nil {
		return err
	}
	if err := s.DB.Conn(ctx).Exec(`UPDATE panels SET status = 'VOTING', vote_due = ?, version = version + 1, updated_at = ? WHERE id = ?`,
		due, now, p.ID).Error; err != nil {
		return err
	}
	p.Status, p.VoteDue = PanelVoting, &due
	ids, err := s.seatedIDs(ctx, p.ID)
	if err != nil {
		return err
	}
	return s.send(ctx, notify.Audience{UserIDs: ids}, notify.Notice{Kind: "review.voting", Title: "评审组已组成，请投票",
		Body: fmt.Sprintf("评审组已组成，请于 %s 前投票。", calendar.DateOf(due.Add(-time.Second))), Link: "/review/panels/" + p.ID + "/case",
		ObjectType: "panel", ObjectID: p.ID})
}

func (s *Service) seatedIDs(ctx context.Context, panelID string) ([]string, error) {
	var ids []string
	err := s.DB.Conn(ctx).Raw(`SELECT user_id::text FROM panel_members WHERE panel_id = ? AND status = 'ACCEPTED' ORDER BY letter`, panelID).Scan(&ids).Error
	return ids, err
}

// memberPanel is a panel of which the caller is (or was) a member; anything
// else is not found.
func (s *Service) memberPanel(ctx context.Context, panelID, userID string, lock bool) (*panelRow, *memberRow, error) {
	if userID == "" {
		return nil, nil, ErrNotFound
	}
	p, err := s.panelByID(ctx, panelID, lock)
	if err != nil {
		return nil, nil, err
	}
	ms, err := s.members(ctx, p.ID)
	if err != nil {
		return nil, nil, err
	}
	for i := range ms {
		if ms[i].UserID == userID {
			return p, &ms[i], nil
		}
	}
	return nil, nil, ErrNotFound
}
