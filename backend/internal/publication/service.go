package publication

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/calendar"
	"teyi/backend/internal/platform/clock"
	"teyi/backend/internal/platform/database"
	"teyi/backend/internal/specialcase/settings"
)

// Rules gives the region's special-case settings in force on a day (the
// quota rule); *settings.Service is one.
type Rules interface {
	Effective(ctx context.Context, region string, day calendar.Date) (settings.Settings, error)
}

// Service drafts, publishes and serves the reports.
type Service struct {
	DB    *database.DB
	Audit *audit.Log
	Clock clock.Clock
	// Rules gives the quota rule; nil uses settings.Default().
	Rules Rules
	Log   *slog.Logger
	// Published, when set, tells the region's hospitals of a new version;
	// it runs inside the publishing transaction.
	Published func(ctx context.Context, n Notice) error
}

// Notice is a version just published.
type Notice struct {
	ID, RegionCode, Period, Label string
	Version                       int
	HospitalIDs                   []string
}

// Kinds of report.
const (
	KindDraft     = "draft"
	KindPublished = "published"
)

// PublicationSummary is one draft or published version in a list.
type PublicationSummary struct {
	ID         string `json:"id"`
	Kind       string `json:"kind" enum:"draft,published" doc:"draft: the bureau's working copy (bureau only); published: an immutable version"`
	RegionCode string `json:"region_code"`
	Period     string `json:"period" example:"2026H1"`
	// Version is the published version's number (0 for a draft).
	Version int `json:"version"`
	// Revision counts a draft's builds; a version names the revision it
	// was published from.
	Revision int    `json:"revision"`
	SHA256   string `json:"sha256" doc:"SHA-256 of the report's JSON"`
	// At and By are the build (draft) or the publication.
	At time.Time `json:"at"`
	By string    `json:"by"`
	// PublishedAs is, for a draft, the version its current revision was
	// published as (0: not published yet).
	PublishedAs int `json:"published_as"`
	// LatestVersion is the period's newest published version (0: none).
	LatestVersion int `json:"latest_version"`
	Discharges    int `json:"discharges"`
	Submitted     int `json:"submitted"`
	Approved      int `json:"approved"`
}

// PublicationDetail is a report with its figures.
type PublicationDetail struct {
	PublicationSummary
	Report PublicationReport `json:"report"`
}

func (s *Service) now() time.Time {
	if s.Clock == nil {
		return time.Now()
	}
	return s.Clock.Now()
}

func (s *Service) log() *slog.Logger {
	if s.Log == nil {
		return slog.Default()
	}
	return s.Log
}

// viewer is what the caller may see: the region's published versions, and
// its drafts for the bureau.
type viewer struct {
	region string // "" with all: every region (the system)
	all    bool
	drafts bool
	admin  bool
}

func viewerOf(ctx context.Context) (viewer, bool) {
	sc := authz.ScopeFrom(ctx)
	switch sc.Kind {
	case authz.KindSystem:
		return viewer{all: true, drafts: true}, true
	case authz.KindRegion:
		if sc.RegionCode == "" {
			return viewer{}, false
		}
		bureau := sc.Role == authz.RoleBureauAdmin || sc.Role == authz.RoleBureauReviewer
		return viewer{region: sc.RegionCode, drafts: bureau, admin: sc.Role == authz.RoleBureauAdmin}, bureau
	case authz.KindHospital:
		if sc.RegionCode == "" {
			return viewer{}, false
		}
		return viewer{region: sc.RegionCode}, true
	}
	return viewer{}, false
}

func (v viewer) where(col string) (string, []any) {
	if v.all {
		return "true", nil
	}
	return col + " = ?", []any{v.region}
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

// BuildConsistent is Build in one read-only repeatable-read transaction, so
// that every figure is read from the same snapshot.
func (s *Service) BuildConsistent(ctx context.Context, region string, p Period) (*PublicationReport, error) {
	var r *PublicationReport
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.DB.Conn(ctx).Exec(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`).Error; err != nil {
			return err
		}
		var err error
		r, err = s.Build(ctx, region, p)
		return err
	})
	return r, err
}

// Draft builds the caller's region's report for period from the data and
// keeps it as the period's draft (a second draft replaces the first,
// revision + 1). Bureau administrators only.
func (s *Service) Draft(ctx context.Context, period string) (*PublicationDetail, error) {
	v, ok := viewerOf(ctx)
	if !ok || !v.admin {
		return nil, ErrForbidden
	}
	p, err := ParsePeriod(period)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	r, err := s.BuildConsistent(ctx, v.region, p)
	if err != nil {
		return nil, err
	}
	sum, body, err := Digest(r)
	if err != nil {
		return nil, err
	}
	a := audit.ActorFrom(ctx)
	var id string
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		var out []struct {
			ID       string
			Revision int
		}
		if err := s.DB.Conn(ctx).Raw(`INSERT INTO publication_drafts (id, region_code, period, revision, content, sha256, built_by, built_by_name, built_at)
			VALUES (?, ?, ?, 1, ?::jsonb, ?, ?, ?, ?)
			ON CONFLICT (region_code, period) DO UPDATE SET revision = publication_drafts.revision + 1, content = EXCLUDED.content,
				sha256 = EXCLUDED.sha256, built_by = EXCLUDED.built_by, built_by_name = EXCLUDED.built_by_name, built_at = EXCLUDED.built_at
			RETURNING id::text AS id, revision`, uuid.Must(uuid.NewV7()).String(), v.region, p.String(), string(body), sum,
			actorUUID(a), actorName(a), r.BuiltAt).Scan(&out).Error; err != nil {
			return err
		}
		if len(out) != 1 {
			return fmt.Errorf("publication: draft not written")
		}
		id = out[0].ID
		return s.Audit.Record(ctx, audit.Event{Action: "publication.draft", ObjectType: "publication_draft", ObjectID: id,
			New: map[string]any{"period": p.String(), "revision": out[0].Revision, "sha256": sum,
				"hospitals": len(r.Hospitals), "submitted": r.Totals.Submitted}, RegionCode: v.region})
	})
	if err != nil {
		return nil, err
	}
	s.log().InfoContext(ctx, "publication drafted", "region", v.region, "period", p.String(), "hospitals", len(r.Hospitals),
		"ms", time.Since(start).Milliseconds())
	return s.Get(ctx, id)
}

type draftRow struct {
	ID, RegionCode, Period, SHA256, Content, BuiltByName string
	Revision                                             int
	BuiltAt                                              time.Time
}

// Publish publishes revision of the draft id as the period's next version.
// A stale revision (the draft was rebuilt since) or one already published
// answers 409. Bureau administrators of the draft's region only.
func (s *Service) Publish(ctx context.Context, id string, revision int) (*PublicationDetail, error) {
	v, ok := viewerOf(ctx)
	if !ok {
		return nil, ErrNotFound
	}
	if _, err := uuid.Parse(id); err != nil {
		return nil, ErrNotFound
	}
	a := audit.ActorFrom(ctx)
	var pubID string
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		conn := s.DB.Conn(ctx)
		where, args := v.where("region_code")
		var d []draftRow
		if v.drafts {
			if err := conn.Raw(`SELECT id::text AS id, region_code, period, sha256, revision FROM publication_drafts
				WHERE id = ? AND `+where+` FOR UPDATE`, append([]any{id}, args...)...).Scan(&d).Error; err != nil {
				return err
			}
		}
		if len(d) == 0 {
			var n int
			if err := conn.Raw(`SELECT count(*) FROM publications WHERE id = ? AND `+where, append([]any{id}, args...)...).Scan(&n).Error; err != nil {
				return err
			}
			if n > 0 && v.drafts {
				return ErrNotDraft
			}
			return ErrNotFound
		}
		if !v.admin {
			return ErrForbidden
		}
		dr := d[0]
		region := strings.TrimSpace(dr.RegionCode)
		if dr.Revision != revision {
			return ErrStale
		}
		var done []int
		if err := conn.Raw(`SELECT version FROM publications WHERE draft_id = ? AND draft_revision = ?`, dr.ID, dr.Revision).Scan(&done).Error; err != nil {
			return err
		}
		if len(done) > 0 {
			return fmt.Errorf("%w (version %d)", ErrPublished, done[0])
		}
		var version int
		if err := conn.Raw(`SELECT coalesce(max(version), 0) + 1 FROM publications WHERE region_code = ? AND period = ?`,
			region, dr.Period).Scan(&version).Error; err != nil {
			return err
		}
		pubID = uuid.Must(uuid.NewV7()).String()
		err := conn.Exec(`INSERT INTO publications (id, region_code, period, version, content, sha256, draft_id, draft_revision,
				published_by, published_by_name, published_at)
			SELECT ?, region_code, period, ?, content, sha256, id, revision, ?, ?, ? FROM publication_drafts WHERE id = ?`,
			pubID, version, actorUUID(a), actorName(a), s.now(), dr.ID).Error
		if database.IsDuplicate(err) {
			return ErrPublished
		}
		if err != nil {
			return err
		}
		if err := s.Audit.Record(ctx, audit.Event{Action: "publication.publish", ObjectType: "publication", ObjectID: pubID,
			New:        map[string]any{"period": dr.Period, "version": version, "draft_id": dr.ID, "revision": dr.Revision, "sha256": dr.SHA256},
			RegionCode: region}); err != nil {
			return err
		}
		if s.Published == nil {
			return nil
		}
		var hs []string
		if err := conn.Raw(`SELECT id::text FROM hospitals WHERE region_code = ? AND active ORDER BY code`, region).Scan(&hs).Error; err != nil {
			return err
		}
		p, _ := ParsePeriod(dr.Period)
		return s.Published(ctx, Notice{ID: pubID, RegionCode: region, Period: dr.Period, Label: p.Label(), Version: version, HospitalIDs: hs})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, pubID)
}

const publishedCols = `p.id::text AS id, 'published' AS kind, p.region_code, p.period, p.version, p.draft_revision AS revision, p.sha256,
	p.published_at AS "at", p.published_by_name AS "by", 0 AS published_as,
	(SELECT max(version) FROM publications l WHERE l.region_code = p.region_code AND l.period = p.period) AS latest_version,
	(p.content->'totals'->>'discharges')::int AS discharges, (p.content->'totals'->>'submitted')::int AS submitted,
	(p.content->'totals'->>'approved')::int AS approved`

const draftCols = `d.id::text AS id, 'draft' AS kind, d.region_code, d.period, 0 AS version, d.revision, d.sha256,
	d.built_at AS "at", d.built_by_name AS "by",
	coalesce((SELECT version FROM publications l WHERE l.draft_id = d.id AND l.draft_revision = d.revision), 0) AS published_as,
	coalesce((SELECT max(version) FROM publications l WHERE l.region_code = d.region_code AND l.period = d.period), 0) AS latest_version,
	(d.content->'totals'->>'discharges')::int AS discharges, (d.content->'totals'->>'submitted')::int AS submitted,
	(d.content->'totals'->>'approved')::int AS approved`

// List returns the caller's region's published versions, and its drafts
// for the bureau, newest period first (a period's draft before its
// versions, newest version first). period filters ("" = all).
func (s *Service) List(ctx context.Context, period string) ([]PublicationSummary, error) {
	v, ok := viewerOf(ctx)
	if !ok {
		return nil, ErrNotFound
	}
	if period != "" {
		if _, err := ParsePeriod(period); err != nil {
			return nil, err
		}
	}
	conn := s.DB.Conn(ctx)
	out := []PublicationSummary{}
	where, args := v.where("p.region_code")
	q := `SELECT ` + publishedCols + ` FROM publications p WHERE ` + where
	if period != "" {
		q += ` AND p.period = ?`
		args = append(args, period)
	}
	if err := conn.Raw(q, args...).Scan(&out).Error; err != nil {
		return nil, err
	}
	if v.drafts {
		var drafts []PublicationSummary
		where, args := v.where("d.region_code")
		q := `SELECT ` + draftCols + ` FROM publication_drafts d WHERE ` + where
		if period != "" {
			q += ` AND d.period = ?`
			args = append(args, period)
		}
		if err := conn.Raw(q, args...).Scan(&drafts).Error; err != nil {
			return nil, err
		}
		out = append(out, drafts...)
	}
	for i := range out {
		out[i].RegionCode = strings.TrimSpace(out[i].RegionCode)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Period != b.Period {
			return a.Period > b.Period
		}
		if a.RegionCode != b.RegionCode {
			return a.RegionCode < b.RegionCode
		}
		if (a.Kind == KindDraft) != (b.Kind == KindDraft) {
			return a.Kind == KindDraft
		}
		return a.Version > b.Version
	})
	return out, nil
}

// Get returns one report in scope: a published version, or (bureau only) a
// draft. Anything else is not found.
func (s *Service) Get(ctx context.Context, id string) (*PublicationDetail, error) {
	v, ok := viewerOf(ctx)
	if !ok {
		return nil, ErrNotFound
	}
	if _, err := uuid.Parse(id); err != nil {
		return nil, ErrNotFound
	}
	conn := s.DB.Conn(ctx)
	var rows []struct {
		PublicationSummary
		Content string
	}
	where, args := v.where("p.region_code")
	if err := conn.Raw(`SELECT `+publishedCols+`, p.content::text AS content FROM publications p WHERE p.id = ? AND `+where,
		append([]any{id}, args...)...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 && v.drafts {
		where, args := v.where("d.region_code")
		if err := conn.Raw(`SELECT `+draftCols+`, d.content::text AS content FROM publication_drafts d WHERE d.id = ? AND `+where,
			append([]any{id}, args...)...).Scan(&rows).Error; err != nil {
			return nil, err
		}
	}
	if len(rows) == 0 {
		return nil, ErrNotFound
	}
	d := &PublicationDetail{PublicationSummary: rows[0].PublicationSummary}
	d.RegionCode = strings.TrimSpace(d.RegionCode)
	if err := json.Unmarshal([]byte(rows[0].Content), &d.Report); err != nil {
		return nil, fmt.Errorf("publication %s: stored content: %w", id, err)
	}
	return d, nil
}

// Verify recomputes a stored report's digest: true when the content is the
// one its SHA-256 names.
func Verify(d *PublicationDetail) bool {
	sum, _, err := Digest(&d.Report)
	return err == nil && sum == d.SHA256
}
