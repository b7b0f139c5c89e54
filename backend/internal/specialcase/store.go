package specialcase

import (
	"errors"

	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"teyi/backend/internal/platform/authz"
	"time"

	"github.com/google/uuid"
	"github.com/lib/pq"
	"github.com/shopspring/decimal"
)

// appCols are the columns every read of an application takes (alias a,
// hospitals h, users u creator, users r assignee).
const appCols = `a.id::text AS id, a.no, a.region_code, a.hospital_id::text AS hospital_id, h.name AS hospital_name,
	a.case_id, a.settlement_id, to_char(a.discharged_on, 'YYYY-MM-DD') AS discharged_on, array_to_string(a.types, ',') AS types, a.status, a.version,
	a.justification, a.claimed_amount, a.proposal, a.snapshot, a.screening, a.created_by::text AS created_by,
	u.display_name AS created_by_name, a.assigned_to::text AS assigned_to, coalesce(r.display_name, '') AS assigned_name,
	a.quota_key, a.quota_period, a.quota_held, to_char(a.intake_due, 'YYYY-MM-DD') AS intake_due, a.escalated, a.evidence_frozen,
	a.created_at, a.updated_at, a.submitted_at`

const appFrom = ` FROM special_applications a JOIN hospitals h ON h.id = a.hospital_id JOIN users u ON u.id = a.created_by
	LEFT JOIN users r ON r.id = a.assigned_to`

type appRow struct {
	ID, No, RegionCode, HospitalID, HospitalName string
	CaseID                                       int64
	SettlementID, DischargedOn                   string
	Types                                        string
	Status                                       string
	Version                                      int
	Justification                                string
	ClaimedAmount                                decimal.NullDecimal
	Proposal, Snapshot, Screening                []byte
	CreatedBy, CreatedByName                     string
	AssignedTo                                   *string
	AssignedName, QuotaKey, QuotaPeriod          string
	QuotaHeld                                    bool
	IntakeDue                                    *string
	Escalated, EvidenceFrozen                    bool
	CreatedAt, UpdatedAt                         time.Time
	SubmittedAt                                  *time.Time
}

func (r *appRow) app() *Application {
	a := &Application{ID: r.ID, No: r.No, RegionCode: strings.TrimSpace(r.RegionCode), HospitalID: r.HospitalID,
		HospitalName: r.HospitalName, CaseID: r.CaseID, SettlementID: r.SettlementID, DischargedOn: r.DischargedOn,
		Status: Status(r.Status), Version: r.Version, Justification: r.Justification, CreatedBy: r.CreatedBy,
		CreatedByName: r.CreatedByName, AssignedTo: r.AssignedTo, AssignedName: r.AssignedName, QuotaPeriod: r.QuotaPeriod, QuotaKey: r.QuotaKey, QuotaHeld: r.QuotaHeld,
		IntakeDue: r.IntakeDue, Escalated: r.Escalated, EvidenceFrozen: r.EvidenceFrozen, CreatedAt: r.CreatedAt,
		UpdatedAt: r.UpdatedAt, SubmittedAt: r.SubmittedAt, Types: []Type{}}
	for _, t := range strings.Split(r.Types, ",") {
		if t != "" {
			a.Types = append(a.Types, Type(t))
		}
	}
	if r.ClaimedAmount.Valid {
		v := r.ClaimedAmount.Decimal.StringFixed(2)
		a.ClaimedAmount = &v
	}
	if len(r.Proposal) > 0 {
		a.Proposal = &Proposal{}
		_ = json.Unmarshal(r.Proposal, a.Proposal)
	}
	if len(r.Snapshot) > 0 {
		a.CaseSnapshot = &CaseSnapshot{}
		_ = json.Unmarshal(r.Snapshot, a.CaseSnapshot)
	}
	if len(r.Screening) > 0 {
		a.ScreeningHits = &ScreeningHits{}
		_ = json.Unmarshal(r.Screening, a.ScreeningHits)
	}
	return a
}

// lockApp reads and locks an application in the caller's scope.
func (s *Service) lockApp(ctx context.Context, c caller, id string) (*Application, error) {
	scope, args, err := c.scopeSQL("a")
	if err != nil {
		return nil, err
	}
	var row appRow
	res := s.DB.Conn(ctx).Raw(`SELECT `+appCols+appFrom+` WHERE a.id = ? AND `+scope+` FOR UPDATE OF a`,
		append([]any{id}, args...)...).Scan(&row)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, ErrNotFound
	}
	return row.app(), nil
}

// readApp reads an application in the caller's scope without a lock.
func (s *Service) readApp(ctx context.Context, c caller, id string) (*Application, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, ErrNotFound
	}
	scope, args, err := c.scopeSQL("a")
	if err != nil {
		return nil, err
	}
	var row appRow
	res := s.DB.Conn(ctx).Raw(`SELECT `+appCols+appFrom+` WHERE a.id = ? AND `+scope, append([]any{id}, args...)...).Scan(&row)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, ErrNotFound
	}
	return row.app(), nil
}

// Get returns an application with its timeline, evidence and requests.
func (s *Service) Get(ctx context.Context, id string) (*ApplicationDetail, error) {
	return s.detail(ctx, id)
}

func (s *Service) detail(ctx context.Context, id string) (*ApplicationDetail, error) {
	c := callerOf(ctx)
	a, err := s.readApp(ctx, c, id)
	if err != nil {
		return nil, err
	}
	d := &ApplicationDetail{Application: *a, Actions: c.available(a)}
	conn := s.DB.Conn(ctx)
	if err := conn.Raw(`SELECT seq, at, actor_name, actor_role, command, from_status AS "from", to_status AS "to",
		reason_code, note, data FROM special_application_events WHERE application_id = ? ORDER BY seq`, id).Scan(&d.Timeline).Error; err != nil {
		return nil, err
	}
	if err := conn.Raw(`SELECT e.id::text AS id, e.kind, e.purpose, e.file_name, e.content_type, e.size_bytes AS size, e.sha256,
		u.display_name AS uploaded_by, e.uploaded_side, e.created_at FROM special_application_evidence e JOIN users u ON u.id = e.uploaded_by
		WHERE e.application_id = ? AND e.deleted_at IS NULL ORDER BY e.created_at, e.id`, id).Scan(&d.EvidenceFile).Error; err != nil {
		return nil, err
	}
	if err := conn.Raw(`SELECT id::text AS id, reason_code, note, requested_at, to_char(due_on, 'YYYY-MM-DD') AS due_on,
		to_char(remind_on, 'YYYY-MM-DD') AS remind_on, answered_at, expired_at FROM special_info_requests
		WHERE application_id = ? ORDER BY requested_at DESC`, id).Scan(&d.InfoRequests).Error; err != nil {
		return nil, err
	}
	if d.Timeline == nil {
		d.Timeline = []ApplicationEvent{}
	}
	if d.EvidenceFile == nil {
		d.EvidenceFile = []EvidenceFile{}
	}
	if d.InfoRequests == nil {
		d.InfoRequests = []InfoRequest{}
	}
	for _, k := range Checklist(a.Types) {
		present := slices.ContainsFunc(d.EvidenceFile, func(e EvidenceFile) bool { return e.Kind == k && e.Purpose == "evidence" })
		d.Checklist = append(d.Checklist, ChecklistItem{Kind: k, Present: present})
	}
	return d, nil
}

func (s *Service) addEvent(ctx context.Context, id string, seq int, at time.Time, c caller, actor Actor, cmd string, from, to Status,
	reason, note string, data map[string]any) error {
	var actorID any
	if c.userID != "" {
		actorID = c.userID
	}
	var js any
	if data != nil {
		b, err := json.Marshal(data)
		if err != nil {
			return err
		}
		js = string(b)
	}
	return s.DB.Conn(ctx).Exec(`INSERT INTO special_application_events (application_id, seq, at, actor_id, actor_name, actor_role,
		command, from_status, to_status, reason_code, note, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, seq, at, actorID, c.name, string(actor), cmd, string(from), string(to), reason, note, js).Error
}

func (s *Service) countEvidence(ctx context.Context, id, purpose string) (int, error) {
	var n int
	err := s.DB.Conn(ctx).Raw(`SELECT count(*) FROM special_application_evidence WHERE application_id = ? AND purpose = ?
		AND deleted_at IS NULL`, id, purpose).Scan(&n).Error
	return n, err
}

// countEvidenceSince counts material uploaded for the open information
// request.
func (s *Service) countEvidenceSince(ctx context.Context, id string) (int, error) {
	var n int
	err := s.DB.Conn(ctx).Raw(`SELECT count(*) FROM special_application_evidence e JOIN special_info_requests r ON r.id = e.info_request_id
		WHERE e.application_id = ? AND r.answered_at IS NULL AND r.expired_at IS NULL AND e.deleted_at IS NULL`, id).Scan(&n).Error
	return n, err
}

func (s *Service) isReviewer(ctx context.Context, userID, region string) (bool, error) {
	if _, err := uuid.Parse(userID); err != nil {
		return false, nil
	}
	var n int
	err := s.DB.Conn(ctx).Raw(`SELECT count(*) FROM user_roles ur JOIN users u ON u.id = ur.user_id
		WHERE ur.user_id = ? AND ur.role IN ('bureau_reviewer', 'bureau_admin') AND ur.domain_kind = 'region' AND ur.domain_id = ?
		AND NOT u.disabled`, userID, region).Scan(&n).Error
	return n > 0, err
}

// Filter selects applications for a list.
type Filter struct {
	Status []Status
	// Queue: "mine" (created by me), "assigned" (to me), "" all in scope.
	Queue      string
	HospitalID string
	Type       Type
	Overdue    bool
	Q          string
	After      string
	Limit      int
	// Sort: "updated" (newest first, default) or "age" (oldest submission
	// first: the intake queue by service-level age).
	Sort string
}

// Summary is a row of the list.
type ApplicationSummary struct {
	Application
	// AgeWorkdays is how long it has waited for the bureau, in days since
	// submission (calendar days; the detail shows the due date).
	AgeDays int `json:"age_days"`
}

// List returns applications in the caller's scope, keyset-paged.
func (s *Service) List(ctx context.Context, f Filter) ([]ApplicationSummary, string, error) {
	c := callerOf(ctx)
	scope, args, err := c.scopeSQL("a")
	if err != nil {
		return nil, "", err
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	where := []string{scope}
	if len(f.Status) > 0 {
		ss := make(pq.StringArray, len(f.Status))
		for i, st := range f.Status {
			ss[i] = string(st)
		}
		where = append(where, "a.status = ANY(?)")
		args = append(args, ss)
	}
	switch f.Queue {
	case "mine":
		where = append(where, "a.created_by = ?")
		args = append(args, c.userID)
	case "assigned":
		where = append(where, "a.assigned_to = ?")
		args = append(args, c.userID)
	}
	if f.HospitalID != "" {
		if _, err := uuid.Parse(f.HospitalID); err != nil {
			return nil, "", invalid("hospital_id", "not a hospital id")
		}
		where = append(where, "a.hospital_id = ?")
		args = append(args, f.HospitalID)
	}
	if f.Type != "" {
		where = append(where, "? = ANY(a.types)")
		args = append(args, string(f.Type))
	}
	if f.Overdue {
		where = append(where, "(a.escalated OR a.intake_due < ?)")
		args = append(args, s.Clock.Now().In(beijing).Format(time.DateOnly))
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		where = append(where, "(a.no = ? OR a.settlement_id = ?)")
		args = append(args, q, q)
	}
	order := "a.updated_at DESC, a.id DESC"
	key := "a.updated_at"
	cmp := "<"
	if f.Sort == "age" {
		order, key, cmp = "a.submitted_at ASC NULLS LAST, a.id ASC", "a.submitted_at", ">"
		where = append(where, "a.submitted_at IS NOT NULL")
	}
	if f.After != "" {
		t, id, ok := decodeCursor(f.After)
		if !ok {
			return nil, "", invalid("after", "not a cursor of this list")
		}
		where = append(where, fmt.Sprintf("(%s, a.id) %s (?, ?)", key, cmp))
		args = append(args, t, id)
	}
	var rows []appRow
	if err := s.DB.Conn(ctx).Raw(`SELECT `+appCols+appFrom+` WHERE `+strings.Join(where, " AND ")+` ORDER BY `+order+
		fmt.Sprintf(" LIMIT %d", f.Limit+1), args...).Scan(&rows).Error; err != nil {
		return nil, "", err
	}
	next := ""
	if len(rows) > f.Limit {
		rows = rows[:f.Limit]
		last := rows[len(rows)-1]
		t := last.UpdatedAt
		if f.Sort == "age" && last.SubmittedAt != nil {
			t = *last.SubmittedAt
		}
		next = encodeCursor(t, last.ID)
	}
	now := s.Clock.Now()
	out := make([]ApplicationSummary, 0, len(rows))
	for i := range rows {
		a := rows[i].app()
		a.Proposal, a.CaseSnapshot = nil, nil
		sm := ApplicationSummary{Application: *a}
		if a.SubmittedAt != nil {
			sm.AgeDays = int(now.Sub(*a.SubmittedAt).Hours() / 24)
		}
		out = append(out, sm)
	}
	return out, next, nil
}

var beijing = time.FixedZone("CST", 8*3600)

func encodeCursor(t time.Time, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(t.UTC().Format(time.RFC3339Nano) + "|" + id))
}

func decodeCursor(c string) (time.Time, string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return time.Time{}, "", false
	}
	ts, id, ok := strings.Cut(string(b), "|")
	if !ok {
		return time.Time{}, "", false
	}
	t, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return time.Time{}, "", false
	}
	if _, err := uuid.Parse(id); err != nil {
		return time.Time{}, "", false
	}
	return t, id, true
}

// isUserError reports an error of the caller's making (a 4xx answer).
func isUserError(err error) bool {
	var te *TransitionError
	var ve *ValidationError
	return errors.As(err, &te) || errors.As(err, &ve) || errors.Is(err, ErrStale) || errors.Is(err, ErrNotFound)
}

// Reviewers lists the region's reviewers and administrators with the number
// of open applications assigned to each.
func (s *Service) Reviewers(ctx context.Context) ([]Reviewer, error) {
	c := callerOf(ctx)
	if c.scope.Kind != authz.KindRegion || c.scope.RegionCode == "" {
		return nil, ErrNotFound
	}
	var out []Reviewer
	err := s.DB.Conn(ctx).Raw(`SELECT u.id::text AS id, u.display_name AS name,
		(SELECT count(*) FROM special_applications a WHERE a.assigned_to = u.id AND a.open) AS open
		FROM users u WHERE NOT u.disabled AND EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id
		AND ur.role IN ('bureau_reviewer', 'bureau_admin') AND ur.domain_kind = 'region' AND ur.domain_id = ?)
		ORDER BY u.display_name`, c.scope.RegionCode).Scan(&out).Error
	if out == nil {
		out = []Reviewer{}
	}
	return out, err
}
