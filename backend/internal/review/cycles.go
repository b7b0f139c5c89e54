package review

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/calendar"
)

// Cycle is a review cycle of a region.
type Cycle struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Cadence   string    `json:"cadence"`
	StartsOn  string    `json:"starts_on"`
	EndsOn    string    `json:"ends_on"`
	Status    string    `json:"status"`
	Panels    int       `json:"panels"`
	CreatedAt time.Time `json:"created_at"`
}

const cycleSelect = `SELECT c.id::text AS id, c.name, c.cadence, to_char(c.starts_on, 'YYYY-MM-DD') AS starts_on,
	to_char(c.ends_on, 'YYYY-MM-DD') AS ends_on, c.status, (SELECT count(*) FROM panels p WHERE p.cycle_id = c.id) AS panels, c.created_at
	FROM review_cycles c`

// Cycles lists the region's cycles, newest first.
func (s *Service) Cycles(ctx context.Context) ([]Cycle, error) {
	region, err := whoOf(ctx).regionOnly()
	if err != nil {
		return nil, err
	}
	out := []Cycle{}
	err = s.DB.Conn(ctx).Raw(cycleSelect+` WHERE c.region_code = ? ORDER BY c.starts_on DESC, c.created_at DESC LIMIT 200`, region).Scan(&out).Error
	return out, err
}

// NewCycle opens a cycle.
type NewCycle struct{ Name, Cadence, StartsOn, EndsOn string }

// OpenCycle opens a review cycle (bureau administrators).
func (s *Service) OpenCycle(ctx context.Context, in NewCycle) (*Cycle, error) {
	w := whoOf(ctx)
	region, err := w.regionOnly()
	if err != nil {
		return nil, err
	}
	var fe []FieldError
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 100 {
		fe = append(fe, FieldError{"name", "a name of at most 100 characters"})
	}
	switch in.Cadence {
	case "monthly", "quarterly", "single":
	default:
		fe = append(fe, FieldError{"cadence", "monthly, quarterly or single"})
	}
	from, err1 := calendar.ParseDate(in.StartsOn)
	to, err2 := calendar.ParseDate(in.EndsOn)
	if err1 != nil {
		fe = append(fe, FieldError{"starts_on", "a date YYYY-MM-DD"})
	}
	if err2 != nil {
		fe = append(fe, FieldError{"ends_on", "a date YYYY-MM-DD"})
	}
	if err1 == nil && err2 == nil && (to.Before(from) || from.AddDays(400).Before(to)) {
		fe = append(fe, FieldError{"ends_on", "on or after the start, within about a year"})
	}
	if len(fe) > 0 {
		return nil, &ValidationError{Fields: fe}
	}
	id := uuid.Must(uuid.NewV7()).String()
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.DB.Conn(ctx).Exec(`INSERT INTO review_cycles (id, region_code, name, cadence, starts_on, ends_on, status, opened_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, 'OPEN', ?, ?)`, id, region, in.Name, in.Cadence, from.String(), to.String(), nullable(w.userID), s.now()).Error; err != nil {
			return err
		}
		return s.Audit.Record(ctx, audit.Event{Action: "review.cycle_open", ObjectType: "review_cycle", ObjectID: id,
			New: map[string]any{"name": in.Name, "cadence": in.Cadence, "starts_on": in.StartsOn, "ends_on": in.EndsOn}, RegionCode: region})
	})
	if err != nil {
		return nil, err
	}
	var c Cycle
	err = s.DB.Conn(ctx).Raw(cycleSelect+` WHERE c.id = ?`, id).Scan(&c).Error
	return &c, err
}

// BoardRow is one application on the cycle board.
type BoardRow struct {
	ApplicationID string        `json:"application_id"`
	No            string        `json:"no"`
	HospitalName  string        `json:"hospital_name"`
	Types         []string      `json:"types"`
	Status        string        `json:"status"`
	MDC           string        `json:"mdc"`
	DischargedOn  string        `json:"discharged_on"`
	Panel         *PanelSummary `json:"panel,omitempty"`
}

// PanelSummary is a panel's progress.
type PanelSummary struct {
	ID             string     `json:"id"`
	Round          int        `json:"round"`
	Status         string     `json:"status"`
	Size           int        `json:"size"`
	Invited        int        `json:"invited"`
	Accepted       int        `json:"accepted"`
	Voted          int        `json:"voted"`
	VoteDue        *time.Time `json:"vote_due"`
	DecisionID     string     `json:"decision_id,omitempty"`
	DecisionStatus string     `json:"decision_status,omitempty"`
}

// Board is the cycle board: the region's applications waiting for a panel
// (accepted, appealed) and those under review, with their latest panel.
type Board struct {
	Cycle *Cycle     `json:"cycle,omitempty"`
	Rows  []BoardRow `json:"rows"`
}

// Board lists the applications to draw for and the panels of a cycle (or of
// every open panel when no cycle is named).
func (s *Service) Board(ctx context.Context, cycleID string) (*Board, error) {
	region, err := whoOf(ctx).regionOnly()
	if err != nil {
		return nil, err
	}
	b := &Board{Rows: []BoardRow{}}
	if cycleID != "" {
		if _, err := uuid.Parse(cycleID); err != nil {
			return nil, ErrNotFound
		}
		var cs []Cycle
		if err := s.DB.Conn(ctx).Raw(cycleSelect+` WHERE c.id = ? AND c.region_code = ?`, cycleID, region).Scan(&cs).Error; err != nil {
			return nil, err
		}
		if len(cs) == 0 {
			return nil, ErrNotFound
		}
		b.Cycle = &cs[0]
	}
	var rows []struct {
		ApplicationID, No, HospitalName, Types, Status, DischargedOn, DRG string
		PanelID                                                           *string
		Round, Size, Invited, Accepted, Voted                             int
		PanelStatus                                                       string
		VoteDue                                                           *time.Time
		DecisionID, DecisionStatus                                        *string
	}
	cycleCond := `(p.id IS NULL OR p.status <> 'CONFIRMED' OR a.status IN ('EXPERT_REVIEW'))`
	args := []any{region}
	if cycleID != "" {
		cycleCond = `(p.id IS NULL OR p.cycle_id = ?)`
		args = append(args, cycleID)
	}
	if err := s.DB.Conn(ctx).Raw(`SELECT a.id::text AS application_id, a.no, h.name AS hospital_name, array_to_string(a.types, ',') AS types,
		a.status, to_char(a.discharged_on, 'YYYY-MM-DD') AS discharged_on, coalesce(a.snapshot->>'drg', '') AS drg,
		p.id::text AS panel_id, coalesce(p.round, 0) AS round, coalesce(p.size, 0) AS size, coalesce(p.status, '') AS panel_status, p.vote_due,
		(SELECT count(*) FROM panel_members m WHERE m.panel_id = p.id AND m.status = 'INVITED') AS invited,
		(SELECT count(*) FROM panel_members m WHERE m.panel_id = p.id AND m.status = 'ACCEPTED') AS accepted,
		(SELECT count(*) FROM panel_votes v WHERE v.panel_id = p.id AND v.vote_round = p.vote_round) AS voted,
		(SELECT d.id::text FROM review_decisions d WHERE d.panel_id = p.id ORDER BY d.vote_round DESC LIMIT 1) AS decision_id,
		(SELECT d.status FROM review_decisions d WHERE d.panel_id = p.id ORDER BY d.vote_round DESC LIMIT 1) AS decision_status
		FROM special_applications a JOIN hospitals h ON h.id = a.hospital_id
		LEFT JOIN LATERAL (SELECT * FROM panels p WHERE p.application_id = a.id ORDER BY p.round DESC LIMIT 1) p ON true
		WHERE a.region_code = ? AND a.status IN ('ACCEPTED', 'APPEALED', 'EXPERT_REVIEW', 'DECIDED') AND `+cycleCond+`
		AND (a.status <> 'DECIDED' OR p.updated_at > now() - interval '30 days')
		ORDER BY (a.status IN ('ACCEPTED', 'APPEALED')) DESC, a.updated_at DESC LIMIT 500`, args...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		row := BoardRow{ApplicationID: r.ApplicationID, No: r.No, HospitalName: r.HospitalName, Status: r.Status, DischargedOn: r.DischargedOn, Types: []string{}}
		for _, t := range strings.Split(r.Types, ",") {
			if t != "" {
				row.Types = append(row.Types, t)
			}
		}
		if r.DRG != "" {
			row.MDC = "MDC" + r.DRG[:1]
		}
		if r.PanelID != nil && r.Status != "ACCEPTED" && !(r.Status == "APPEALED" && r.Round == 1) {
			ps := &PanelSummary{ID: *r.PanelID, Round: r.Round, Status: r.PanelStatus, Size: r.Size, Invited: r.Invited, Accepted: r.Accepted,
				Voted: r.Voted, VoteDue: r.VoteDue}
			if r.DecisionID != nil {
				ps.DecisionID, ps.DecisionStatus = *r.DecisionID, *r.DecisionStatus
			}
			row.Panel = ps
		}
		b.Rows = append(b.Rows, row)
	}
	return b, nil
}
