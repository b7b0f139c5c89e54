package pricingsvc

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/clock"
	"teyi/backend/internal/platform/database"
	"teyi/backend/internal/pricing"
)

// CacheTTL bounds how long a process trusts its cached active versions. An
// activation in this process invalidates the region at once; one in another
// replica is seen at the latest after this time.
const CacheTTL = time.Minute

// Service is the pricing-version use cases.
type Service struct {
	db    *database.DB
	audit *audit.Log
	clock clock.Clock

	mu    sync.Mutex
	cache map[string]cached
}

type cached struct {
	versions []*pricing.Version
	at       time.Time
}

// New builds the service.
func New(db *database.DB, log *audit.Log, c clock.Clock) *Service {
	if c == nil {
		c = clock.Real{}
	}
	return &Service{db: db, audit: log, clock: c, cache: map[string]cached{}}
}

// row is a pricing_versions row.
type row struct {
	ID              string
	RegionCode      string
	Year            int
	Number          int
	Status          string
	Method          string
	EffectiveFrom   time.Time
	EffectiveTo     *time.Time
	Spec            []byte
	Names           []byte
	WeightCount     int
	Source          string
	CreatedByName   string
	CreatedAt       time.Time
	ActivatedByName string
	ActivatedAt     *time.Time
	RetiredByName   string
	RetiredAt       *time.Time
	Version         int
}

const columns = `id, region_code, year, number, status, method, effective_from, effective_to, spec, names, weight_count,
	source, created_by_name, created_at, activated_by_name, activated_at, retired_by_name, retired_at, version`

const summaryColumns = `id, region_code, year, number, status, method, effective_from, effective_to, weight_count,
	source, created_by_name, created_at, activated_by_name, activated_at, retired_by_name, retired_at, version`

func dateOf(t time.Time) pricing.Date { return pricing.NewDate(t.Year(), t.Month(), t.Day()) }

func dateArg(d pricing.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func (r *row) summary(today pricing.Date) Summary {
	s := Summary{ID: r.ID, RegionCode: strings.TrimSpace(r.RegionCode), Year: r.Year, Number: r.Number, Status: Status(r.Status),
		Method: r.Method, EffectiveFrom: dateOf(r.EffectiveFrom).String(), WeightCount: r.WeightCount, Source: r.Source,
		CreatedBy: r.CreatedByName, CreatedAt: r.CreatedAt, ActivatedBy: r.ActivatedByName, ActivatedAt: r.ActivatedAt,
		RetiredBy: r.RetiredByName, RetiredAt: r.RetiredAt, Version: r.Version}
	from := dateOf(r.EffectiveFrom)
	var to pricing.Date
	if r.EffectiveTo != nil {
		to = dateOf(*r.EffectiveTo)
		s.EffectiveTo = to.String()
	}
	if s.Status == StatusActive {
		s.Ended = !to.IsZero() && to.Before(today)
		s.InForceToday = !today.Before(from) && (to.IsZero() || !today.After(to))
	}
	return s
}

// version rebuilds the pricing.Version of a row (a retired row as a draft:
// it is never used to price).
func (r *row) version() (*pricing.Version, error) {
	var s pricing.Spec
	if err := json.Unmarshal(r.Spec, &s); err != nil {
		return nil, fmt.Errorf("pricing version %s: spec: %w", r.ID, err)
	}
	s.ID, s.Region, s.Year, s.Number = r.ID, strings.TrimSpace(r.RegionCode), r.Year, r.Number
	s.EffectiveFrom = dateOf(r.EffectiveFrom)
	s.EffectiveTo = pricing.Date{}
	if r.EffectiveTo != nil {
		s.EffectiveTo = dateOf(*r.EffectiveTo)
	}
	if r.Status == string(StatusActive) {
		var at time.Time
		if r.ActivatedAt != nil {
			at = *r.ActivatedAt
		}
		return pricing.Restore(s, pricing.Active, at, r.ActivatedByName)
	}
	return pricing.Restore(s, pricing.Draft, time.Time{}, "")
}

func (r *row) detail(today pricing.Date) (*Detail, error) {
	v, err := r.version()
	if err != nil {
		return nil, err
	}
	d := &Detail{Summary: r.summary(today), Spec: v.Spec(), Names: map[string]string{}}
	if len(r.Names) > 0 {
		if err := json.Unmarshal(r.Names, &d.Names); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// regionOf is the region the caller acts in; system scope (the seed, the
// shell) may name one.
func regionOf(ctx context.Context) (string, error) {
	sc := authz.ScopeFrom(ctx)
	if sc.Kind == authz.KindRegion && sc.RegionCode != "" {
		return sc.RegionCode, nil
	}
	return "", ErrNoRegion
}

// scopeWhere limits a query to the caller's region; hospitals see nothing
// (they are priced by active versions, never shown drafts).
func scopeWhere(ctx context.Context) (string, []any) {
	sc := authz.ScopeFrom(ctx)
	switch sc.Kind {
	case authz.KindSystem:
		return "true", nil
	case authz.KindRegion:
		return "region_code = ?", []any{sc.RegionCode}
	}
	return "false", nil
}

func (s *Service) load(ctx context.Context, id string, lock bool) (*row, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, ErrNotFound
	}
	where, args := scopeWhere(ctx)
	q := `SELECT ` + columns + ` FROM pricing_versions WHERE id = ? AND ` + where
	if lock {
		q += ` FOR UPDATE`
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
	Year   int
	Status string
}

// List returns the region's versions, newest year and number first.
func (s *Service) List(ctx context.Context, f ListFilter) ([]Summary, error) {
	where, args := scopeWhere(ctx)
	q := s.db.Conn(ctx).Table("pricing_versions").Select(summaryColumns).Where(where, args...)
	if f.Year != 0 {
		q = q.Where("year = ?", f.Year)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	var rows []row
	if err := q.Order("year DESC, number DESC").Limit(500).Scan(&rows).Error; err != nil {
		return nil, err
	}
	today := pricing.DateOf(s.clock.Now())
	out := make([]Summary, 0, len(rows))
	for i := range rows {
		out = append(out, rows[i].summary(today))
	}
	return out, nil
}

// Get returns one version in scope with its parameters.
func (s *Service) Get(ctx context.Context, id string) (*Detail, error) {
	r, err := s.load(ctx, id, false)
	if err != nil {
		return nil, err
	}
	return r.detail(pricing.DateOf(s.clock.Now()))
}

// CreateDraft validates d and stores it as a draft of the caller's region.
func (s *Service) CreateDraft(ctx context.Context, d DraftSpec) (*Detail, error) {
	return s.create(ctx, d, nil)
}

// ImportCatalogue reads a catalogue CSV (UTF-8 or GB18030) for the weights,
// and for the rate method its published standards, and stores them with the
// other parameters of d as a draft. Every bad row is a field error
// ("file:LINE"); a catalogue with any is refused.
func (s *Service) ImportCatalogue(ctx context.Context, name string, r io.Reader, d DraftSpec) (*Detail, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxCatalogueBytes+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > MaxCatalogueBytes {
		return nil, fmt.Errorf("%w: over %d bytes", ErrTooLarge, MaxCatalogueBytes)
	}
	name = strings.TrimSpace(name)
	if name == "" {
		name = "catalogue.csv"
	}
	cat, probs, err := pricing.ReadCatalogue(strings.NewReader(string(raw)), name)
	if err != nil {
		return nil, invalid("file", err.Error())
	}
	if len(probs) > 0 {
		ve := &ValidationError{}
		for i, p := range probs {
			if i == 100 {
				ve.Fields = append(ve.Fields, FieldError{Field: "file", Message: fmt.Sprintf("%d more problems", len(probs)-i)})
				break
			}
			msg := p.Message
			if p.Column != "" {
				msg = p.Column + ": " + msg
			}
			ve.Fields = append(ve.Fields, FieldError{Field: fmt.Sprintf("file:%d", p.Line), Message: msg, Value: p.Value})
		}
		return nil, ve
	}
	d.Weights = cat.Weights()
	if d.Method == "" && d.Template == "demo" {
		d.Method = string(pricing.RateMethod)
	}
	if len(d.Weights) == 0 {
		return nil, invalid("file", "the catalogue has no weights")
	}
	if d.Method == string(pricing.RateMethod) {
		d.Standards = append(d.Standards, cat.Standards()...)
	}
	if d.Source == "" {
		d.Source = name
	}
	names := map[string]string{}
	for _, e := range cat.Entries {
		if e.Name != "" {
			names[e.Code] = e.Name
		}
	}
	return s.create(ctx, d, names)
}

func (s *Service) create(ctx context.Context, d DraftSpec, names map[string]string) (*Detail, error) {
	region, err := regionOf(ctx)
	if err != nil {
		return nil, err
	}
	spec, err := d.toSpec(region)
	if err != nil {
		return nil, err
	}
	var id string
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if spec.Number == 0 {
			if err := s.db.Conn(ctx).Raw(`SELECT coalesce(max(number), 0) + 1 FROM pricing_versions WHERE region_code = ? AND year = ?`,
				region, spec.Year).Scan(&spec.Number).Error; err != nil {
				return err
			}
		}
		v, err := pricing.NewDraft(spec)
		if err != nil {
			return fromPricing(err, "")
		}
		id, err = s.insert(ctx, v, StatusDraft, names)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
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

func specJSON(v *pricing.Version) ([]byte, error) {
	sp := v.Spec()
	sp.ID = ""
	return json.Marshal(sp)
}

func (s *Service) insert(ctx context.Context, v *pricing.Version, st Status, names map[string]string) (string, error) {
	id := uuid.Must(uuid.NewV7()).String()
	sp := v.Spec()
	b, err := specJSON(v)
	if err != nil {
		return "", err
	}
	if names == nil {
		names = map[string]string{}
	}
	nb, _ := json.Marshal(names)
	a := audit.ActorFrom(ctx)
	now := s.clock.Now()
	var actAt any
	var actBy, actByName any = nil, ""
	if st == StatusActive {
		actAt, actBy, actByName = v.ActivatedAt(), actorUUID(a), v.ActivatedBy()
	}
	err = s.db.Conn(ctx).Exec(`INSERT INTO pricing_versions (id, region_code, year, number, status, method, effective_from, effective_to,
		spec, names, weight_count, source, created_by, created_by_name, created_at, updated_at, activated_by, activated_by_name, activated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, sp.Region, sp.Year, sp.Number, string(st), string(sp.Method), sp.EffectiveFrom.String(), dateArg(sp.EffectiveTo),
		string(b), string(nb), len(sp.Weights), sp.Source, actorUUID(a), actorName(a), now, now, actBy, actByName, actAt).Error
	if database.IsDuplicate(err) {
		return "", fmt.Errorf("%w: %s/%d v%d", ErrNumberTaken, sp.Region, sp.Year, sp.Number)
	}
	if err != nil {
		return "", err
	}
	return id, s.audit.Record(ctx, audit.Event{Action: "pricing.create", ObjectType: "pricing_version", ObjectID: id,
		RegionCode: sp.Region, New: map[string]any{"year": sp.Year, "number": sp.Number, "status": st, "method": sp.Method,
			"effective_from": sp.EffectiveFrom, "effective_to": sp.EffectiveTo, "weights": len(sp.Weights), "source": sp.Source}})
}

// UpdateDraft replaces a draft's parameters. Without weights the draft keeps
// its weights, published standards and names (the console edits parameters,
// not a 628-row catalogue). version must be the one read.
func (s *Service) UpdateDraft(ctx context.Context, id string, version int, d DraftSpec) (*Detail, error) {
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.load(ctx, id, true)
		if err != nil {
			return err
		}
		if r.Status != string(StatusDraft) {
			return fmt.Errorf("%w: it is %s", pricing.ErrNotDraft, r.Status)
		}
		if r.Version != version {
			return ErrStale
		}
		old, err := r.version()
		if err != nil {
			return err
		}
		spec, err := d.toSpec(strings.TrimSpace(r.RegionCode))
		if err != nil {
			return err
		}
		if len(spec.Weights) == 0 {
			os := old.Spec()
			spec.Weights = os.Weights
			if len(spec.Standards) == 0 {
				spec.Standards = os.Standards
			}
		}
		if spec.Number == 0 {
			spec.Number = r.Number
		}
		if spec.Year != r.Year && d.Number == 0 {
			if err := s.db.Conn(ctx).Raw(`SELECT coalesce(max(number), 0) + 1 FROM pricing_versions WHERE region_code = ? AND year = ?`,
				r.RegionCode, spec.Year).Scan(&spec.Number).Error; err != nil {
				return err
			}
		}
		v, err := pricing.NewDraft(spec)
		if err != nil {
			return fromPricing(err, "")
		}
		b, err := specJSON(v)
		if err != nil {
			return err
		}
		sp := v.Spec()
		res := s.db.Conn(ctx).Exec(`UPDATE pricing_versions SET year = ?, number = ?, method = ?, effective_from = ?, effective_to = ?,
			spec = ?, weight_count = ?, source = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			sp.Year, sp.Number, string(sp.Method), sp.EffectiveFrom.String(), dateArg(sp.EffectiveTo), string(b), len(sp.Weights),
			sp.Source, s.clock.Now(), id, version)
		if database.IsDuplicate(res.Error) {
			return fmt.Errorf("%w: %d v%d", ErrNumberTaken, sp.Year, sp.Number)
		}
		if res.Error != nil {
			return res.Error
		}
		return s.audit.Record(ctx, audit.Event{Action: "pricing.update", ObjectType: "pricing_version", ObjectID: id,
			RegionCode: sp.Region, Old: map[string]any{"year": r.Year, "number": r.Number, "effective_from": dateOf(r.EffectiveFrom)},
			New: map[string]any{"year": sp.Year, "number": sp.Number, "effective_from": sp.EffectiveFrom, "effective_to": sp.EffectiveTo,
				"method": sp.Method, "weights": len(sp.Weights)}})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

func isAdmin(ctx context.Context) bool {
	sc := authz.ScopeFrom(ctx)
	return sc.System() || sc.Role == authz.RoleBureauAdmin
}

// lockRegion serialises activations and ends within a region: the region
// row is the mutex (FOR NO KEY UPDATE does not block inserts that reference
// the region), and the region's active versions are then read FOR UPDATE.
func (s *Service) lockRegion(ctx context.Context, region string) ([]*pricing.Version, error) {
	if err := s.db.Conn(ctx).Exec(`SELECT code FROM regions WHERE code = ? FOR NO KEY UPDATE`, region).Error; err != nil {
		return nil, err
	}
	var rows []row
	if err := s.db.Conn(ctx).Raw(`SELECT `+columns+` FROM pricing_versions WHERE region_code = ? AND status = 'active' ORDER BY effective_from FOR UPDATE`,
		region).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]*pricing.Version, 0, len(rows))
	for i := range rows {
		v, err := rows[i].version()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Activate makes a draft the region's active version for its dates
// (pricing.Activate: not in the past, no overlap with another active
// version). Audited as pricing.activate.
func (s *Service) Activate(ctx context.Context, id string, version int) (*Detail, error) {
	if !isAdmin(ctx) {
		return nil, ErrNotAdmin
	}
	var region string
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.load(ctx, id, false)
		if err != nil {
			return err
		}
		region = strings.TrimSpace(r.RegionCode)
		others, err := s.lockRegion(ctx, region)
		if err != nil {
			return err
		}
		if r, err = s.load(ctx, id, true); err != nil {
			return err
		}
		if r.Version != version {
			return ErrStale
		}
		v, err := r.version()
		if err != nil {
			return err
		}
		if r.Status != string(StatusDraft) {
			return fmt.Errorf("%w: it is %s", pricing.ErrNotDraft, r.Status)
		}
		a := audit.ActorFrom(ctx)
		act, err := pricing.Activate(v, others, s.clock.Now(), actorName(a))
		if err != nil {
			return err
		}
		if err := s.db.Conn(ctx).Exec(`UPDATE pricing_versions SET status = 'active', activated_by = ?, activated_by_name = ?,
			activated_at = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
			actorUUID(a), act.ActivatedBy(), act.ActivatedAt(), s.clock.Now(), id).Error; err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "pricing.activate", ObjectType: "pricing_version", ObjectID: id, RegionCode: region,
			Old: map[string]any{"status": r.Status},
			New: map[string]any{"status": "active", "year": r.Year, "number": r.Number, "effective_from": act.EffectiveFrom(),
				"effective_to": act.EffectiveTo(), "method": act.Method()}})
	})
	if err != nil {
		return nil, err
	}
	s.Invalidate(region)
	return s.Get(ctx, id)
}

// Retire withdraws a draft (it becomes retired and is never used), or ends
// an active version on lastDay (pricing.EndOn: it stays in force up to and
// including that day, so a successor can start the day after).
func (s *Service) Retire(ctx context.Context, id string, version int, lastDay string) (*Detail, error) {
	if !isAdmin(ctx) {
		return nil, ErrNotAdmin
	}
	last, err := pricing.ParseDate(lastDay)
	if err != nil {
		return nil, invalid("effective_to", "want YYYY-MM-DD")
	}
	var region string
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.load(ctx, id, false)
		if err != nil {
			return err
		}
		region = strings.TrimSpace(r.RegionCode)
		if _, err := s.lockRegion(ctx, region); err != nil {
			return err
		}
		if r, err = s.load(ctx, id, true); err != nil {
			return err
		}
		if r.Version != version {
			return ErrStale
		}
		a := audit.ActorFrom(ctx)
		now := s.clock.Now()
		switch Status(r.Status) {
		case StatusRetired:
			return ErrRetiredFinal
		case StatusDraft:
			if err := s.db.Conn(ctx).Exec(`UPDATE pricing_versions SET status = 'retired', retired_by_name = ?, retired_at = ?,
				updated_at = ?, version = version + 1 WHERE id = ?`, actorName(a), now, now, id).Error; err != nil {
				return err
			}
			return s.audit.Record(ctx, audit.Event{Action: "pricing.retire", ObjectType: "pricing_version", ObjectID: id, RegionCode: region,
				Old: map[string]any{"status": "draft"}, New: map[string]any{"status": "retired"}})
		}
		if last.IsZero() {
			return ErrNoEndDate
		}
		v, err := r.version()
		if err != nil {
			return err
		}
		ended, err := pricing.EndOn(v, last, now)
		if err != nil {
			return err
		}
		b, err := specJSON(ended)
		if err != nil {
			return err
		}
		if err := s.db.Conn(ctx).Exec(`UPDATE pricing_versions SET effective_to = ?, spec = ?, retired_by_name = ?, retired_at = ?,
			updated_at = ?, version = version + 1 WHERE id = ?`, last.String(), string(b), actorName(a), now, now, id).Error; err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "pricing.end", ObjectType: "pricing_version", ObjectID: id, RegionCode: region,
			Old: map[string]any{"effective_to": v.EffectiveTo()}, New: map[string]any{"effective_to": last}})
	})
	if err != nil {
		return nil, err
	}
	s.Invalidate(region)
	return s.Get(ctx, id)
}

// Preview prices one case under a version in scope, draft or active.
func (s *Service) Preview(ctx context.Context, id string, c pricing.CaseInput) (pricing.Outcome, error) {
	r, err := s.load(ctx, id, false)
	if err != nil {
		return pricing.Outcome{}, err
	}
	v, err := r.version()
	if err != nil {
		return pricing.Outcome{}, err
	}
	o, err := pricing.Price(v, c)
	if err != nil {
		return o, fromPricing(err, "")
	}
	return o, nil
}

// Invalidate drops the cached active versions of region.
func (s *Service) Invalidate(region string) {
	s.mu.Lock()
	delete(s.cache, region)
	s.mu.Unlock()
}

// actives returns the region's active versions, cached for CacheTTL. It
// reads without the caller's scope: pricing a case is not a disclosure.
func (s *Service) actives(ctx context.Context, region string) ([]*pricing.Version, error) {
	now := s.clock.Now()
	s.mu.Lock()
	c, ok := s.cache[region]
	s.mu.Unlock()
	if ok && now.Sub(c.at) < CacheTTL && now.Sub(c.at) >= 0 {
		return c.versions, nil
	}
	var rows []row
	if err := s.db.Conn(ctx).Raw(`SELECT `+columns+` FROM pricing_versions WHERE region_code = ? AND status = 'active' ORDER BY effective_from`,
		region).Scan(&rows).Error; err != nil {
		return nil, err
	}
	vs := make([]*pricing.Version, 0, len(rows))
	for i := range rows {
		v, err := rows[i].version()
		if err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	s.mu.Lock()
	s.cache[region] = cached{versions: vs, at: now}
	s.mu.Unlock()
	return vs, nil
}

// Effective returns the active version of region in force on d
// (pricing.ErrNoVersionForDate when none is).
func (s *Service) Effective(ctx context.Context, region string, d pricing.Date) (*pricing.Version, error) {
	vs, err := s.actives(ctx, region)
	if err != nil {
		return nil, err
	}
	return pricing.Effective(vs, region, d)
}

// EffectiveSet loads the region's active versions once and returns a lookup
// by date, for a batch (a case import prices every discharge month with it).
func (s *Service) EffectiveSet(ctx context.Context, region string) (func(pricing.Date) (*pricing.Version, error), error) {
	vs, err := s.actives(ctx, region)
	if err != nil {
		return nil, err
	}
	return func(d pricing.Date) (*pricing.Version, error) { return pricing.Effective(vs, region, d) }, nil
}

// SeedDemo stores pricing.Demo(region, year) as an active version of the
// region unless the region already has a version for that year; it reports
// whether it added one. For the demo data only (system scope).
func (s *Service) SeedDemo(ctx context.Context, region string, year int) (bool, error) {
	if !authz.ScopeFrom(ctx).System() {
		return false, ErrNotAdmin
	}
	added := false
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		others, err := s.lockRegion(ctx, region)
		if err != nil {
			return err
		}
		var n int64
		if err := s.db.Conn(ctx).Raw(`SELECT count(*) FROM pricing_versions WHERE region_code = ? AND year = ?`, region, year).Scan(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		v := pricing.Demo(region, year)
		for _, o := range others {
			if o.Covers(v.EffectiveFrom()) || o.Covers(v.EffectiveTo()) {
				return nil
			}
		}
		if _, err := s.insert(ctx, v, StatusActive, nil); err != nil {
			return err
		}
		added = true
		return nil
	})
	if err == nil && added {
		s.Invalidate(region)
	}
	return added, err
}
