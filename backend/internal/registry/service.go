package registry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/clock"
	"teyi/backend/internal/platform/database"
	"teyi/backend/internal/platform/storage"
	"teyi/backend/internal/pricing"
)

// CacheTTL bounds how long a process trusts its cached approvals of a
// region. A decision in this process drops the region at once; one in
// another replica is seen at the latest after this time.
const CacheTTL = time.Minute

// Service is the registry's use cases.
type Service struct {
	db    *database.DB
	audit *audit.Log
	files storage.Store
	clock clock.Clock
	log   *slog.Logger

	mu    sync.Mutex
	cache map[string]cachedApprovals
}

type cachedApprovals struct {
	list []Approval
	at   time.Time
}

// New builds the service; files keeps the evidence (nil: uploads answer 503).
func New(db *database.DB, log *audit.Log, files storage.Store, c clock.Clock, l *slog.Logger) *Service {
	if c == nil {
		c = clock.Real{}
	}
	if l == nil {
		l = slog.Default()
	}
	return &Service{db: db, audit: log, files: files, clock: c, log: l, cache: map[string]cachedApprovals{}}
}

func (s *Service) today() pricing.Date { return pricing.DateOf(s.clock.Now()) }

// row is a registry_items row with its hospital's name.
type row struct {
	ID            string
	RegionCode    string
	HospitalID    string
	HospitalName  string
	Kind          string
	Code          string
	Name          string
	ListedOn      time.Time
	ExpectedCases int
	Justification string
	Status        string
	Scope         string
	ValidFrom     *time.Time
	ValidTo       *time.Time
	RejectReason  string
	CreatedByName string
	CreatedAt     time.Time
	SubmittedAt   *time.Time
	DecidedByName string
	DecidedAt     *time.Time
	RemindedAt    *time.Time
	Version       int
	EvidenceCount int
}

const selectCols = `i.id, i.region_code, i.hospital_id, h.name AS hospital_name, i.kind, i.code, i.name, i.listed_on,
	i.expected_cases, i.justification, i.status, i.scope, i.valid_from, i.valid_to, i.reject_reason, i.created_by_name,
	i.created_at, i.submitted_at, i.decided_by_name, i.decided_at, i.reminded_at, i.version,
	(SELECT count(*) FROM registry_evidence e WHERE e.item_id = i.id) AS evidence_count`

const fromItems = ` FROM registry_items i JOIN hospitals h ON h.id = i.hospital_id`

func dateOf(t time.Time) pricing.Date { return pricing.NewDate(t.Year(), t.Month(), t.Day()) }

func daysBetween(a, b pricing.Date) int {
	ta, _ := time.Parse(time.DateOnly, a.String())
	tb, _ := time.Parse(time.DateOnly, b.String())
	return int(tb.Sub(ta).Hours() / 24)
}

func (r *row) item(today pricing.Date) Filing {
	it := Filing{ID: r.ID, RegionCode: strings.TrimSpace(r.RegionCode), HospitalID: r.HospitalID, HospitalName: r.HospitalName,
		Kind: Kind(r.Kind), Code: r.Code, Name: r.Name, ListedOn: dateOf(r.ListedOn).String(), ExpectedCases: r.ExpectedCases,
		Justification: r.Justification, Status: Status(r.Status), Scope: Scope(r.Scope), RejectReason: r.RejectReason,
		EvidenceCount: r.EvidenceCount, CreatedBy: r.CreatedByName, CreatedAt: r.CreatedAt, SubmittedAt: r.SubmittedAt,
		DecidedBy: r.DecidedByName, DecidedAt: r.DecidedAt, RemindedAt: r.RemindedAt, Version: r.Version}
	if r.ValidFrom != nil && r.ValidTo != nil {
		from, to := dateOf(*r.ValidFrom), dateOf(*r.ValidTo)
		it.ValidFrom, it.ValidTo = from.String(), to.String()
		if it.Status == StatusApproved || it.Status == StatusExpired {
			it.DaysLeft = daysBetween(today, to)
			it.InForce = it.Status == StatusApproved && !today.Before(from) && !today.After(to)
		}
	}
	return it
}

// scopeWhere limits a query to the caller: a hospital sees its own
// filings, the bureau its region's once submitted (a draft is the
// hospital's own work), the system scope everything.
func scopeWhere(ctx context.Context) (string, []any) {
	sc := authz.ScopeFrom(ctx)
	switch sc.Kind {
	case authz.KindSystem:
		return "true", nil
	case authz.KindHospital:
		if sc.HospitalID != "" {
			return "i.hospital_id = ?", []any{sc.HospitalID}
		}
	case authz.KindRegion:
		if sc.RegionCode != "" {
			return "i.region_code = ? AND i.status <> 'draft'", []any{sc.RegionCode}
		}
	}
	return "false", nil
}

func (s *Service) load(ctx context.Context, id string, lock bool) (*row, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, ErrNotFound
	}
	where, args := scopeWhere(ctx)
	q := `SELECT ` + selectCols + fromItems + ` WHERE i.id = ? AND ` + where
	if lock {
		q += ` FOR UPDATE OF i`
	}
	var r row
	res := s.db.Conn(ctx).Raw(q, append([]any{id}, args...)...).Scan(&r)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, ErrNotFound
	}
	return &r, nil
}

// ListFilter narrows a list.
type ListFilter struct {
	Status     string
	Kind       string
	Q          string // code prefix or part of the name
	HospitalID string
	Limit      int
}

// List returns the filings in scope, newest first.
func (s *Service) List(ctx context.Context, f ListFilter) ([]Filing, error) {
	where, args := scopeWhere(ctx)
	q := s.db.Conn(ctx).Table("registry_items i").Joins("JOIN hospitals h ON h.id = i.hospital_id").
		Select(selectCols).Where(where, args...)
	if f.Status != "" {
		q = q.Where("i.status = ?", f.Status)
	}
	if f.Kind != "" {
		q = q.Where("i.kind = ?", f.Kind)
	}
	if f.HospitalID != "" {
		if _, err := uuid.Parse(f.HospitalID); err != nil {
			return []Filing{}, nil
		}
		q = q.Where("i.hospital_id = ?", f.HospitalID)
	}
	if t := strings.TrimSpace(f.Q); t != "" {
		like := escapeLike(t)
		q = q.Where("(i.code LIKE ? OR i.name LIKE ?)", strings.ToUpper(like)+"%", "%"+like+"%")
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 500
	}
	var rows []row
	if err := q.Order("i.created_at DESC, i.id").Limit(f.Limit).Scan(&rows).Error; err != nil {
		return nil, err
	}
	today := s.today()
	out := make([]Filing, 0, len(rows))
	for i := range rows {
		out = append(out, rows[i].item(today))
	}
	return out, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Get returns one filing in scope with its evidence.
func (s *Service) Get(ctx context.Context, id string) (*FilingDetail, error) {
	r, err := s.load(ctx, id, false)
	if err != nil {
		return nil, err
	}
	return s.detail(ctx, r)
}

func (s *Service) detail(ctx context.Context, r *row) (*FilingDetail, error) {
	d := &FilingDetail{Filing: r.item(s.today()), Evidence: []FilingEvidence{}}
	if err := s.db.Conn(ctx).Raw(`SELECT id, file_name, content_type, size, sha256, uploaded_by_name AS uploaded_by, uploaded_at
		FROM registry_evidence WHERE item_id = ? ORDER BY uploaded_at, id`, r.ID).Scan(&d.Evidence).Error; err != nil {
		return nil, err
	}
	d.EvidenceCount = len(d.Evidence)
	return d, nil
}

// validateInput checks a hospital's filing and returns it normalised.
func (s *Service) validateInput(in FilingInput) (FilingInput, pricing.Date, error) {
	var fe fieldErrors
	in.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	in.Name = strings.TrimSpace(in.Name)
	in.Justification = strings.TrimSpace(in.Justification)
	if _, ok := codeShapes[in.Kind]; !ok {
		fe.add("kind", "drug, consumable or service")
	} else if !ValidCode(in.Kind, in.Code) {
		fe.add("code", "not a %s code: want %s", in.Kind, CodeHint[in.Kind])
	}
	if in.Name == "" {
		fe.add("name", "required")
	} else if utf8.RuneCountInString(in.Name) > 200 {
		fe.add("name", "at most 200 characters")
	}
	listed, err := pricing.ParseDate(in.ListedOn)
	switch {
	case err != nil || listed.IsZero():
		fe.add("listed_on", "want a date YYYY-MM-DD")
	case listed.After(s.today()):
		fe.add("listed_on", "the approval or listing date cannot be in the future")
	}
	if in.ExpectedCases < 0 {
		fe.add("expected_cases", "must not be negative")
	}
	return in, listed, fe.err()
}

func actorUUID(a audit.Actor) any {
	if _, err := uuid.Parse(a.UserID); err == nil {
		return a.UserID
	}
	return nil
}

func actorName(a audit.Actor) string {
	if a.Name != "" {
		return a.Name
	}
	return "system"
}

func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// Create files a new item as a draft of the caller's hospital.
func (s *Service) Create(ctx context.Context, in FilingInput) (*FilingDetail, error) {
	sc := authz.ScopeFrom(ctx)
	if sc.Kind != authz.KindHospital || sc.HospitalID == "" {
		return nil, ErrForbidden
	}
	in, listed, err := s.validateInput(in)
	if err != nil {
		return nil, err
	}
	id := uuid.Must(uuid.NewV7()).String()
	a := audit.ActorFrom(ctx)
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		var region string
		if err := s.db.Conn(ctx).Raw(`SELECT region_code FROM hospitals WHERE id = ?`, sc.HospitalID).Scan(&region).Error; err != nil {
			return err
		}
		if region == "" {
			return ErrForbidden
		}
		err := s.db.Conn(ctx).Exec(`INSERT INTO registry_items (id, region_code, hospital_id, kind, code, name, listed_on,
			expected_cases, justification, created_by, created_by_name, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, region, sc.HospitalID, in.Kind, in.Code, in.Name, listed.String(),
			in.ExpectedCases, in.Justification, actorUUID(a), actorName(a), s.clock.Now(), s.clock.Now()).Error
		if isUniqueViolation(err) {
			return ErrDuplicate
		}
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "registry.create", ObjectType: "registry_item", ObjectID: id,
			New: in, RegionCode: region, HospitalID: sc.HospitalID})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

// change is one guarded step: the action, and what it writes.
type change struct {
	act Action
	// apply checks the action's own rules against the locked row and
	// returns the columns to set (besides status and version).
	apply func(r *row) (map[string]any, error)
	// audit is what the event records as new values.
	audit any
}

// step runs one change under the row lock: in scope (404), the version
// read (409), the actor of the action, the state table (409), the
// action's rules, the update and its audit event, in one transaction.
func (s *Service) step(ctx context.Context, id string, version int, c change) (*FilingDetail, error) {
	var out *row
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.load(ctx, id, true)
		if err != nil {
			return err
		}
		if err := mayAct(ctx, Transitions[c.act].By, r); err != nil {
			return err
		}
		if version != r.Version {
			return ErrStale
		}
		to, ok := Allowed(c.act, Status(r.Status))
		if !ok {
			return fmt.Errorf("%w: cannot %s a filing that is %s", ErrState, c.act, r.Status)
		}
		set := map[string]any{}
		if c.apply != nil {
			if set, err = c.apply(r); err != nil {
				return err
			}
		}
		if err := s.write(ctx, r, to, set); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, audit.Event{Action: "registry." + string(c.act), ObjectType: "registry_item", ObjectID: r.ID,
			Old:        map[string]any{"status": r.Status, "version": r.Version},
			New:        map[string]any{"status": to, "version": r.Version + 1, "change": c.audit},
			RegionCode: strings.TrimSpace(r.RegionCode), HospitalID: r.HospitalID}); err != nil {
			return err
		}
		out, err = s.load(withSystemScope(ctx), id, false)
		return err
	})
	if err != nil {
		return nil, err
	}
	if c.act == ActApprove || c.act == ActExpire {
		s.invalidate(strings.TrimSpace(out.RegionCode))
	}
	return s.detail(ctx, out)
}

func (s *Service) write(ctx context.Context, r *row, to Status, set map[string]any) error {
	cols := []string{"status = ?", "version = version + 1", "updated_at = ?"}
	args := []any{string(to), s.clock.Now()}
	for k, v := range set {
		cols = append(cols, k+" = ?")
		args = append(args, v)
	}
	args = append(args, r.ID, r.Version)
	res := s.db.Conn(ctx).Exec(`UPDATE registry_items SET `+strings.Join(cols, ", ")+` WHERE id = ? AND version = ?`, args...)
	if isUniqueViolation(res.Error) {
		return ErrDuplicate
	}
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return ErrStale
	}
	return nil
}

// mayAct checks the caller is the actor of the action: the filing
// hospital's office, a bureau administrator of its region, or the system.
func mayAct(ctx context.Context, by Actor, r *row) error {
	sc := authz.ScopeFrom(ctx)
	switch by {
	case ByHospital:
		if sc.Kind == authz.KindHospital && sc.HospitalID == r.HospitalID {
			return nil
		}
	case ByBureau:
		if sc.Kind == authz.KindRegion && sc.Role == authz.RoleBureauAdmin && sc.RegionCode == strings.TrimSpace(r.RegionCode) {
			return nil
		}
	case BySystem:
		if sc.Kind == authz.KindSystem {
			return nil
		}
	}
	return ErrForbidden
}

func withSystemScope(ctx context.Context) context.Context {
	return authz.WithPrincipal(ctx, authz.PrincipalFrom(ctx), authz.Scope{Kind: authz.KindSystem})
}

// Update replaces a draft's fields.
func (s *Service) Update(ctx context.Context, id string, version int, in FilingInput) (*FilingDetail, error) {
	in, listed, err := s.validateInput(in)
	if err != nil {
		return nil, err
	}
	return s.step(ctx, id, version, change{act: ActUpdate, audit: in, apply: func(*row) (map[string]any, error) {
		return map[string]any{"kind": string(in.Kind), "code": in.Code, "name": in.Name, "listed_on": listed.String(),
			"expected_cases": in.ExpectedCases, "justification": in.Justification}, nil
	}})
}

// Submit sends a draft to the bureau; it needs evidence and a justification.
func (s *Service) Submit(ctx context.Context, id string, version int) (*FilingDetail, error) {
	return s.step(ctx, id, version, change{act: ActSubmit, apply: func(r *row) (map[string]any, error) {
		if r.EvidenceCount == 0 {
			return nil, ErrNoEvidence
		}
		if strings.TrimSpace(r.Justification) == "" {
			return nil, &ValidationError{Fields: []FieldError{{Field: "justification", Message: "a justification is required before submitting"}}}
		}
		return map[string]any{"submitted_at": s.clock.Now()}, nil
	}})
}

// Approve puts a submitted filing in force for [valid_from, valid_to] and
// a scope.
func (s *Service) Approve(ctx context.Context, id string, version int, d Decision) (*FilingDetail, error) {
	var fe fieldErrors
	from, err1 := pricing.ParseDate(d.ValidFrom)
	to, err2 := pricing.ParseDate(d.ValidTo)
	if err1 != nil || from.IsZero() {
		fe.add("valid_from", "want a date YYYY-MM-DD")
	}
	if err2 != nil || to.IsZero() {
		fe.add("valid_to", "want a date YYYY-MM-DD")
	}
	if d.Scope != ScopeRegion && d.Scope != ScopeHospital {
		fe.add("scope", "region or hospital")
	}
	if fe.err() == nil {
		switch {
		case to.Before(from):
			fe.add("valid_to", "the last day cannot be before the first")
		case to.Before(s.today()):
			fe.add("valid_to", "the validity has already ended")
		case daysBetween(from, to) > int(MaxValidity.Hours()/24):
			fe.add("valid_to", "a validity is at most three years")
		}
	}
	if err := fe.err(); err != nil {
		return nil, err
	}
	a := audit.ActorFrom(ctx)
	return s.step(ctx, id, version, change{act: ActApprove, audit: d, apply: func(*row) (map[string]any, error) {
		return map[string]any{"valid_from": from.String(), "valid_to": to.String(), "scope": string(d.Scope),
			"decided_by_name": actorName(a), "decided_at": s.clock.Now(), "reminded_at": nil}, nil
	}})
}

// Reject refuses a submitted filing with a reason.
func (s *Service) Reject(ctx context.Context, id string, version int, reason string) (*FilingDetail, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, &ValidationError{Fields: []FieldError{{Field: "reason", Message: "a reason is required"}}}
	}
	a := audit.ActorFrom(ctx)
	return s.step(ctx, id, version, change{act: ActReject, audit: map[string]string{"reason": reason}, apply: func(*row) (map[string]any, error) {
		return map[string]any{"reject_reason": reason, "decided_by_name": actorName(a), "decided_at": s.clock.Now()}, nil
	}})
}

// Withdraw takes back a draft or a submitted filing.
func (s *Service) Withdraw(ctx context.Context, id string, version int) (*FilingDetail, error) {
	return s.step(ctx, id, version, change{act: ActWithdraw})
}

// sanitizeName keeps a file's base name, printable and bounded; it is only
// ever shown, never used as a path.
func sanitizeName(n string) string {
	n = strings.ReplaceAll(n, `\`, "/")
	n = filepath.Base(n)
	n = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' || r == '/' {
			return -1
		}
		return r
	}, n)
	if n == "." || n == ".." || n == "" {
		n = "evidence"
	}
	if utf8.RuneCountInString(n) > 120 {
		n = string([]rune(n)[:120])
	}
	return n
}

// Upload adds an evidence file to a draft. The content decides the type
// (PDF, JPEG, PNG, TIFF, OFD); a file over MaxEvidenceBytes is refused
// while it is read, and nothing is kept.
func (s *Service) Upload(ctx context.Context, id, fileName string, body io.Reader) (*FilingEvidence, error) {
	if s.files == nil {
		return nil, ErrNoFileStorage
	}
	// Scope, actor and state first, so nothing foreign is even stored.
	r, err := s.load(ctx, id, false)
	if err != nil {
		return nil, err
	}
	if err := mayAct(ctx, ByHospital, r); err != nil {
		return nil, err
	}
	if _, ok := Allowed(ActUpdate, Status(r.Status)); !ok {
		return nil, fmt.Errorf("%w: evidence is added to a draft only (it is frozen at submission)", ErrState)
	}
	obj, err := s.files.Put(ctx, body, MaxEvidenceBytes)
	if err != nil {
		return nil, err
	}
	ev := &FilingEvidence{ID: uuid.Must(uuid.NewV7()).String(), FileName: sanitizeName(fileName), ContentType: string(obj.Type),
		Size: obj.Size, SHA256: obj.SHA256, UploadedBy: actorName(audit.ActorFrom(ctx)), UploadedAt: s.clock.Now().UTC().Truncate(time.Microsecond)}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.load(ctx, id, true)
		if err != nil {
			return err
		}
		if _, ok := Allowed(ActUpdate, Status(r.Status)); !ok {
			return fmt.Errorf("%w: evidence is added to a draft only", ErrState)
		}
		if r.EvidenceCount >= MaxEvidenceFiles {
			return ErrTooManyFiles
		}
		if err := s.db.Conn(ctx).Exec(`INSERT INTO registry_evidence (id, item_id, sha256, size, content_type, file_name, uploaded_by_name, uploaded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, ev.ID, r.ID, ev.SHA256, ev.Size, ev.ContentType, ev.FileName, ev.UploadedBy, ev.UploadedAt).Error; err != nil {
			return err
		}
		if err := s.db.Conn(ctx).Exec(`UPDATE registry_items SET version = version + 1, updated_at = ? WHERE id = ?`, s.clock.Now(), r.ID).Error; err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "registry.evidence.upload", ObjectType: "registry_item", ObjectID: r.ID,
			New:        map[string]any{"file_id": ev.ID, "sha256": ev.SHA256, "size": ev.Size, "type": ev.ContentType},
			RegionCode: strings.TrimSpace(r.RegionCode), HospitalID: r.HospitalID})
	})
	if err != nil {
		return nil, err
	}
	return ev, nil
}

// OpenEvidence opens one evidence file of a filing in scope and records
// the download in the audit log.
func (s *Service) OpenEvidence(ctx context.Context, id, fileID string) (*FilingEvidence, io.ReadCloser, error) {
	if s.files == nil {
		return nil, nil, ErrNoFileStorage
	}
	if _, err := uuid.Parse(fileID); err != nil {
		return nil, nil, ErrNotFound
	}
	var ev FilingEvidence
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.load(ctx, id, false)
		if err != nil {
			return err
		}
		res := s.db.Conn(ctx).Raw(`SELECT id, file_name, content_type, size, sha256, uploaded_by_name AS uploaded_by, uploaded_at
			FROM registry_evidence WHERE id = ? AND item_id = ?`, fileID, r.ID).Scan(&ev)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return s.audit.Record(ctx, audit.Event{Action: "registry.evidence.download", ObjectType: "registry_evidence", ObjectID: ev.ID,
			New: map[string]any{"item_id": r.ID, "sha256": ev.SHA256}, RegionCode: strings.TrimSpace(r.RegionCode), HospitalID: r.HospitalID})
	})
	if err != nil {
		return nil, nil, err
	}
	rc, err := s.files.Open(ctx, strings.TrimSpace(ev.SHA256))
	if err != nil {
		return nil, nil, err
	}
	return &ev, rc, nil
}

// ---- approvals for case intake ----

// Approvals returns the region's approvals, in force or ended (an expired
// approval still carves out cases discharged while it was in force),
// cached for CacheTTL.
func (s *Service) Approvals(ctx context.Context, region string) ([]Approval, error) {
	s.mu.Lock()
	c, ok := s.cache[region]
	s.mu.Unlock()
	if ok && s.clock.Now().Sub(c.at) < CacheTTL && s.clock.Now().Sub(c.at) >= 0 {
		return c.list, nil
	}
	var rows []struct {
		Code, HospitalID, Scope string
		ValidFrom, ValidTo      time.Time
	}
	if err := s.db.Conn(ctx).Raw(`SELECT code, hospital_id::text AS hospital_id, scope, valid_from, valid_to FROM registry_items
		WHERE region_code = ? AND status IN ('approved', 'expired') ORDER BY code`, region).Scan(&rows).Error; err != nil {
		return nil, err
	}
	list := make([]Approval, 0, len(rows))
	for _, r := range rows {
		list = append(list, Approval{Code: r.Code, HospitalID: r.HospitalID, Scope: Scope(r.Scope), From: dateOf(r.ValidFrom), To: dateOf(r.ValidTo)})
	}
	s.mu.Lock()
	s.cache[region] = cachedApprovals{list: list, at: s.clock.Now()}
	s.mu.Unlock()
	return list, nil
}

// ForHospital returns the approvals that apply to the cases of a hospital
// of the region: region-wide ones and the hospital's own.
func (s *Service) ForHospital(ctx context.Context, region, hospitalID string) ([]Approval, error) {
	all, err := s.Approvals(ctx, region)
	if err != nil {
		return nil, err
	}
	out := make([]Approval, 0, len(all))
	for _, a := range all {
		if a.Covers(hospitalID) {
			out = append(out, a)
		}
	}
	return out, nil
}

func (s *Service) invalidate(region string) {
	s.mu.Lock()
	delete(s.cache, region)
	s.mu.Unlock()
}
