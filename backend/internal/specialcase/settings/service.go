package settings

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/calendar"
	"teyi/backend/internal/platform/clock"
	"teyi/backend/internal/platform/database"
)

// CacheTTL bounds how long a process trusts its cached settings and
// calendars. A change in this process invalidates the region at once; one
// made in another replica is seen at the latest after this time.
const CacheTTL = 30 * time.Second

// Named errors of the service.
var (
	ErrStale    = errors.New("the settings were changed by someone else since you read them: reload and try again")
	ErrNoRegion = errors.New("special-case settings belong to a region: act in a region's or a hospital's scope")
	ErrNotAdmin = errors.New("only a bureau administrator of the region changes these settings")
)

// Service keeps the regions' settings versions and calendars.
type Service struct {
	db    *database.DB
	audit *audit.Log
	clock clock.Clock

	mu       sync.Mutex
	versions map[string]cachedVersions
	cals     map[string]cachedCalendar
}

type cachedVersions struct {
	list []Stored // newest version first
	at   time.Time
}

type cachedCalendar struct {
	cal *calendar.Calendar
	at  time.Time
}

// New builds the service; a nil clock is the real one.
func New(db *database.DB, log *audit.Log, clk clock.Clock) *Service {
	if clk == nil {
		clk = clock.Real{}
	}
	return &Service{db: db, audit: log, clock: clk, versions: map[string]cachedVersions{}, cals: map[string]cachedCalendar{}}
}

// Today is the service clock's day in Beijing.
func (s *Service) Today() calendar.Date { return calendar.DateOf(s.clock.Now()) }

// Stored is a settings version with who made it.
type Stored struct {
	Settings
	CreatedBy string
	CreatedAt time.Time
}

// Invalidate drops the region's cached settings and calendar.
func (s *Service) Invalidate(region string) {
	s.mu.Lock()
	delete(s.versions, region)
	delete(s.cals, region)
	s.mu.Unlock()
}

func (s *Service) fresh(at time.Time) bool {
	age := s.clock.Now().Sub(at)
	return age >= 0 && age < CacheTTL
}

// Effective returns the settings in force in region on day: the version
// with the latest effective_from on or before day (the higher version on
// a tie), or Default() when there is none. It reads without the caller's
// scope (deciding a submission is not a disclosure) and is cached for
// CacheTTL.
func (s *Service) Effective(ctx context.Context, region string, day calendar.Date) (Settings, error) {
	list, err := s.cachedVersions(ctx, region)
	if err != nil {
		return Settings{}, err
	}
	return pick(list, day), nil
}

// pick chooses the version in force on day from a list sorted newest
// version first.
func pick(list []Stored, day calendar.Date) Settings {
	var best *Stored
	for i := range list {
		v := &list[i]
		if day.Before(v.EffectiveFrom) {
			continue
		}
		if best == nil || best.EffectiveFrom.Before(v.EffectiveFrom) ||
			(best.EffectiveFrom == v.EffectiveFrom && v.Version > best.Version) {
			best = v
		}
	}
	if best == nil {
		return Default()
	}
	return best.Settings
}

// History returns every version of the region, newest version first.
func (s *Service) History(ctx context.Context, region string) ([]Stored, error) {
	list, err := s.cachedVersions(ctx, region)
	if err != nil {
		return nil, err
	}
	return append([]Stored(nil), list...), nil
}

func (s *Service) cachedVersions(ctx context.Context, region string) ([]Stored, error) {
	s.mu.Lock()
	c, ok := s.versions[region]
	s.mu.Unlock()
	if ok && s.fresh(c.at) {
		return c.list, nil
	}
	list, err := s.loadVersions(ctx, region)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.versions[region] = cachedVersions{list: list, at: s.clock.Now()}
	s.mu.Unlock()
	return list, nil
}

type settingsRow struct {
	Version       int
	EffectiveFrom time.Time
	Body          []byte
	CreatedByName string
	CreatedAt     time.Time
}

func dateOf(t time.Time) calendar.Date {
	return calendar.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

func (s *Service) loadVersions(ctx context.Context, region string) ([]Stored, error) {
	var rows []settingsRow
	if err := s.db.Conn(ctx).Raw(`SELECT version, effective_from, body, created_by_name, created_at FROM specialcase_settings
		WHERE region_code = ? ORDER BY version DESC`, region).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]Stored, 0, len(rows))
	for _, r := range rows {
		var st Settings
		if err := json.Unmarshal(r.Body, &st); err != nil {
			return nil, fmt.Errorf("special-case settings %s v%d: %w", region, r.Version, err)
		}
		st.Version, st.EffectiveFrom = r.Version, dateOf(r.EffectiveFrom)
		st.Review = st.Review.orDefault()
		out = append(out, Stored{Settings: st, CreatedBy: r.CreatedByName, CreatedAt: r.CreatedAt})
	}
	return out, nil
}

// regionOf is the region the caller acts in: a region's or a hospital's.
func regionOf(ctx context.Context) string {
	sc := authz.ScopeFrom(ctx)
	if sc.Kind == authz.KindRegion || sc.Kind == authz.KindHospital {
		return strings.TrimSpace(sc.RegionCode)
	}
	return ""
}

// adminRegion is the region of a bureau administrator, or an error.
func adminRegion(ctx context.Context) (string, error) {
	sc := authz.ScopeFrom(ctx)
	if sc.Kind != authz.KindRegion || sc.RegionCode == "" {
		return "", ErrNoRegion
	}
	if sc.Role != authz.RoleBureauAdmin {
		return "", ErrNotAdmin
	}
	return strings.TrimSpace(sc.RegionCode), nil
}

// MyRegion is the caller's region ("" for none).
func MyRegion(ctx context.Context) string { return regionOf(ctx) }

// Overview is the caller's region's settings as the settings page shows
// them.
type Overview struct {
	Region  string
	Today   calendar.Date
	InForce Settings
	// Latest is the highest version number (0 when the region has none):
	// the version an update must name.
	Latest  int
	History []Stored
}

// ForMyRegion returns the caller's region's settings in force today and
// their history.
func (s *Service) ForMyRegion(ctx context.Context) (Overview, error) {
	region := regionOf(ctx)
	if region == "" {
		return Overview{}, ErrNoRegion
	}
	list, err := s.loadVersions(ctx, region)
	if err != nil {
		return Overview{}, err
	}
	today := s.Today()
	o := Overview{Region: region, Today: today, InForce: pick(list, today), History: list}
	if len(list) > 0 {
		o.Latest = list[0].Version
	}
	return o, nil
}

// Update stores next as the caller's region's new version, in force from
// next.EffectiveFrom (today or later). latest is the highest version the
// caller read (0 for none); another version since answers ErrStale. Only a
// bureau administrator of the region may; the change is audited as
// specialcase.settings.update.
func (s *Service) Update(ctx context.Context, latest int, next Settings) (Stored, error) {
	region, err := adminRegion(ctx)
	if err != nil {
		return Stored{}, err
	}
	if err := s.problems(latest, next).err(); err != nil {
		return Stored{}, err
	}
	next = normalise(next)
	next.Version = latest + 1
	body, err := json.Marshal(next)
	if err != nil {
		return Stored{}, err
	}
	a := audit.ActorFrom(ctx)
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		var cur int
		if err := s.db.Conn(ctx).Raw(`SELECT coalesce(max(version), 0) FROM specialcase_settings WHERE region_code = ?`, region).
			Scan(&cur).Error; err != nil {
			return err
		}
		if cur != latest {
			return ErrStale
		}
		old, err := s.loadVersions(ctx, region)
		if err != nil {
			return err
		}
		err = s.db.Conn(ctx).Exec(`INSERT INTO specialcase_settings (region_code, version, effective_from, body, created_by, created_by_name, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, region, next.Version, next.EffectiveFrom.String(), string(body), actorUUID(a), actorName(a),
			s.clock.Now()).Error
		if database.IsDuplicate(err) {
			return ErrStale
		}
		if err != nil {
			return err
		}
		prev := pick(old, next.EffectiveFrom)
		return s.audit.Record(ctx, audit.Event{Action: "specialcase.settings.update", ObjectType: "specialcase_settings",
			ObjectID: fmt.Sprintf("%s/v%d", region, next.Version), RegionCode: region,
			Old: map[string]any{"version": prev.Version, "settings": prev},
			New: map[string]any{"version": next.Version, "effective_from": next.EffectiveFrom.String(), "settings": next}})
	})
	if err != nil {
		return Stored{}, err
	}
	s.Invalidate(region)
	return Stored{Settings: next, CreatedBy: actorName(a), CreatedAt: s.clock.Now()}, nil
}

// problems lists every field problem of an update.
func (s *Service) problems(latest int, next Settings) *fieldErrors {
	var fe fieldErrors
	next.Review = next.Review.orDefault()
	if err := next.Validate(); err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			fe.list = ve.Fields
		}
	}
	today := s.Today()
	switch {
	case next.EffectiveFrom == (calendar.Date{}):
		fe.add("effective_from", "is required (YYYY-MM-DD)")
	case next.EffectiveFrom.Before(today):
		fe.add("effective_from", "must be today ("+today.String()+") or later: past applications keep the settings they were decided by")
	case next.EffectiveFrom.Year > 2100:
		fe.add("effective_from", "must be before 2101")
	}
	if latest < 0 {
		fe.add("version", "must not be negative")
	}
	return &fe
}

// normalise stores the fixed rate of a named basis as written by the
// basis, so that 0.050 and 0.05 are one value.
func normalise(st Settings) Settings {
	if r, ok := BasisRate(st.Quota.Basis); ok {
		st.Quota.Rate = r
	}
	return st
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

// ---- the calendar ----

// Calendar sources.
const (
	SourceShipped = "shipped" // the year as shipped in the binary
	SourceRegion  = "region"  // the region's administrator replaced or added it
	SourceNone    = "none"    // no arrangement loaded: deadlines into it fail
)

// CalendarDay is one listed day of a year.
type CalendarDay struct {
	Date string `json:"date" doc:"YYYY-MM-DD" example:"2026-10-01"`
	Kind string `json:"kind" enum:"holiday,workday" doc:"holiday: a day off; workday: a weekend day made a working day (调休上班)"`
	Name string `json:"name" maxLength:"40" doc:"The holiday's name, e.g. 国庆节"`
}

// CalendarYear is one year of a region's calendar.
type CalendarYear struct {
	Year      int           `json:"year"`
	Source    string        `json:"source" enum:"shipped,region,none"`
	Version   int           `json:"version" doc:"0 unless the region replaced the year; an update names it"`
	Holidays  int           `json:"holidays"`
	Workdays  int           `json:"workdays" doc:"Adjusted working weekend days"`
	UpdatedBy string        `json:"updated_by,omitempty"`
	UpdatedAt *time.Time    `json:"updated_at,omitempty"`
	Entries   []CalendarDay `json:"entries,omitempty"`
}

type yearRow struct {
	Year          int
	Entries       []byte
	Version       int
	UpdatedByName string
	UpdatedAt     time.Time
}

func (s *Service) regionYears(ctx context.Context, region string) ([]yearRow, error) {
	var rows []yearRow
	if region == "" {
		return nil, nil
	}
	err := s.db.Conn(ctx).Raw(`SELECT year, entries, version, updated_by_name, updated_at FROM calendar_years
		WHERE region_code = ? ORDER BY year`, region).Scan(&rows).Error
	return rows, err
}

func (r yearRow) days() ([]CalendarDay, error) {
	var d []CalendarDay
	if err := json.Unmarshal(r.Entries, &d); err != nil {
		return nil, fmt.Errorf("calendar year %d: %w", r.Year, err)
	}
	return d, nil
}

// shippedDays lists the shipped entries of a year in date order.
func shippedDays(year int) []CalendarDay {
	var out []CalendarDay
	c := calendar.Shipped()
	for d := (calendar.Date{Year: year, Month: time.January, Day: 1}); d.Year == year; d = d.AddDays(1) {
		if e, ok := c.Entry(d); ok {
			out = append(out, CalendarDay{Date: d.String(), Kind: string(e.Kind), Name: e.Name})
		}
	}
	return out
}

func shippedHas(year int) bool {
	for _, y := range calendar.Shipped().Years() {
		if y == year {
			return true
		}
	}
	return false
}

func count(days []CalendarDay) (holidays, workdays int) {
	for _, d := range days {
		if d.Kind == string(calendar.Workday) {
			workdays++
		} else {
			holidays++
		}
	}
	return
}

func (r yearRow) year(withDays bool) (CalendarYear, error) {
	days, err := r.days()
	if err != nil {
		return CalendarYear{}, err
	}
	at := r.UpdatedAt
	y := CalendarYear{Year: r.Year, Source: SourceRegion, Version: r.Version, UpdatedBy: r.UpdatedByName, UpdatedAt: &at}
	y.Holidays, y.Workdays = count(days)
	if withDays {
		y.Entries = days
	}
	return y, nil
}

func shippedYear(year int, withDays bool) CalendarYear {
	days := shippedDays(year)
	y := CalendarYear{Year: year, Source: SourceShipped}
	y.Holidays, y.Workdays = count(days)
	if withDays {
		y.Entries = days
	}
	return y
}

// Calendar is the working-day calendar of region: the shipped years, each
// replaced by the region's own version of it when it has one, plus the
// years the region added. Cached for CacheTTL; "" is the shipped calendar.
func (s *Service) Calendar(ctx context.Context, region string) (*calendar.Calendar, error) {
	region = strings.TrimSpace(region)
	if region == "" {
		return calendar.Shipped(), nil
	}
	s.mu.Lock()
	c, ok := s.cals[region]
	s.mu.Unlock()
	if ok && s.fresh(c.at) {
		return c.cal, nil
	}
	rows, err := s.regionYears(ctx, region)
	if err != nil {
		return nil, err
	}
	cal := calendar.Shipped()
	if len(rows) > 0 {
		if cal, err = buildCalendar(rows); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	s.cals[region] = cachedCalendar{cal: cal, at: s.clock.Now()}
	s.mu.Unlock()
	return cal, nil
}

func buildCalendar(rows []yearRow) (*calendar.Calendar, error) {
	byYear := map[int][]CalendarDay{}
	for _, y := range calendar.Shipped().Years() {
		byYear[y] = shippedDays(y)
	}
	for _, r := range rows {
		d, err := r.days()
		if err != nil {
			return nil, err
		}
		byYear[r.Year] = d
	}
	years := make([]int, 0, len(byYear))
	for y := range byYear {
		years = append(years, y)
	}
	sort.Ints(years)
	var b strings.Builder
	b.WriteString("date,kind,name\n")
	for _, y := range years {
		for _, d := range byYear[y] {
			fmt.Fprintf(&b, "%s,%s,%s\n", d.Date, d.Kind, csvField(d.Name))
		}
	}
	return calendar.Load(strings.NewReader(b.String()))
}

func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n\r") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// CalendarYears lists the years of the caller's region's calendar
// (shipped and the region's own), without their days.
func (s *Service) CalendarYears(ctx context.Context) ([]CalendarYear, error) {
	rows, err := s.regionYears(ctx, regionOf(ctx))
	if err != nil {
		return nil, err
	}
	byYear := map[int]CalendarYear{}
	for _, y := range calendar.Shipped().Years() {
		byYear[y] = shippedYear(y, false)
	}
	for _, r := range rows {
		y, err := r.year(false)
		if err != nil {
			return nil, err
		}
		byYear[r.Year] = y
	}
	out := make([]CalendarYear, 0, len(byYear))
	for _, y := range byYear {
		out = append(out, y)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out, nil
}

// CalendarYearOf returns one year of the caller's region's calendar with
// its days; a year with no arrangement has Source none and no days.
func (s *Service) CalendarYearOf(ctx context.Context, year int) (CalendarYear, error) {
	region := regionOf(ctx)
	if region != "" {
		var rows []yearRow
		if err := s.db.Conn(ctx).Raw(`SELECT year, entries, version, updated_by_name, updated_at FROM calendar_years
			WHERE region_code = ? AND year = ?`, region, year).Scan(&rows).Error; err != nil {
			return CalendarYear{}, err
		}
		if len(rows) == 1 {
			return rows[0].year(true)
		}
	}
	if shippedHas(year) {
		return shippedYear(year, true), nil
	}
	return CalendarYear{Year: year, Source: SourceNone, Entries: []CalendarDay{}}, nil
}

// MaxYearEntries bounds a year's listed days.
const MaxYearEntries = 200

// ValidateYear checks a year's days: dates of that year, each once, kind
// holiday or workday, a workday only on a Saturday or Sunday, a name. It
// returns the days in date order with trimmed names.
func ValidateYear(year int, days []CalendarDay) ([]CalendarDay, error) {
	var fe fieldErrors
	if year < 2000 || year > 2100 {
		fe.add("year", "must be between 2000 and 2100")
		return nil, fe.err()
	}
	switch {
	case len(days) == 0:
		fe.add("entries", "list at least one holiday: a year without any is surely a mistake")
	case len(days) > MaxYearEntries:
		fe.add("entries", fmt.Sprintf("at most %d days", MaxYearEntries))
	}
	seen := map[calendar.Date]int{}
	type dated struct {
		d   calendar.Date
		day CalendarDay
	}
	var ok []dated
	for i, d := range days {
		at := fmt.Sprintf("entries[%d].", i)
		date, err := calendar.ParseDate(d.Date)
		good := true
		if err != nil {
			fe.add(at+"date", "must be a date like "+fmt.Sprint(year)+"-10-01")
			good = false
		} else if date.Year != year {
			fe.add(at+"date", fmt.Sprintf("%s is not in %d", date, year))
			good = false
		} else if j, dup := seen[date]; dup {
			fe.add(at+"date", fmt.Sprintf("%s is listed twice (also entries[%d])", date, j))
			good = false
		} else {
			seen[date] = i
		}
		switch calendar.Kind(d.Kind) {
		case calendar.Holiday:
		case calendar.Workday:
			if err == nil {
				if wd := date.Weekday(); wd != time.Saturday && wd != time.Sunday {
					fe.add(at+"kind", fmt.Sprintf("%s is a %s; only a Saturday or Sunday can be made a working day", date, wd))
					good = false
				}
			}
		default:
			fe.add(at+"kind", "must be holiday or workday")
			good = false
		}
		name := strings.TrimSpace(d.Name)
		switch {
		case name == "":
			fe.add(at+"name", "is required (e.g. 国庆节)")
			good = false
		case len([]rune(name)) > 40:
			fe.add(at+"name", "at most 40 characters")
			good = false
		case strings.ContainsAny(name, "\n\r"):
			fe.add(at+"name", "one line")
			good = false
		}
		if good {
			ok = append(ok, dated{date, CalendarDay{Date: date.String(), Kind: d.Kind, Name: name}})
		}
	}
	if err := fe.err(); err != nil {
		return nil, err
	}
	sort.Slice(ok, func(i, j int) bool { return ok[i].d.Before(ok[j].d) })
	out := make([]CalendarDay, 0, len(ok))
	for _, d := range ok {
		out = append(out, d.day)
	}
	return out, nil
}

// UpdateCalendarYear replaces (or adds) one year of the caller's region's
// calendar; version is the one read (0 while the year is shipped or not
// loaded). Only a bureau administrator of the region may; audited as
// calendar.year.update.
func (s *Service) UpdateCalendarYear(ctx context.Context, year, version int, days []CalendarDay) (CalendarYear, error) {
	region, err := adminRegion(ctx)
	if err != nil {
		return CalendarYear{}, err
	}
	clean, err := ValidateYear(year, days)
	if err != nil {
		return CalendarYear{}, err
	}
	body, err := json.Marshal(clean)
	if err != nil {
		return CalendarYear{}, err
	}
	a := audit.ActorFrom(ctx)
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		old, err := s.CalendarYearOf(ctx, year)
		if err != nil {
			return err
		}
		if old.Version != version {
			return ErrStale
		}
		now := s.clock.Now()
		var n int64
		if version == 0 {
			r := s.db.Conn(ctx).Exec(`INSERT INTO calendar_years (region_code, year, entries, version, updated_by, updated_by_name, updated_at)
				VALUES (?, ?, ?, 1, ?, ?, ?) ON CONFLICT (region_code, year) DO NOTHING`,
				region, year, string(body), actorUUID(a), actorName(a), now)
			if r.Error != nil {
				return r.Error
			}
			n = r.RowsAffected
		} else {
			r := s.db.Conn(ctx).Exec(`UPDATE calendar_years SET entries = ?, version = version + 1, updated_by = ?, updated_by_name = ?,
				updated_at = ? WHERE region_code = ? AND year = ? AND version = ?`,
				string(body), actorUUID(a), actorName(a), now, region, year, version)
			if r.Error != nil {
				return r.Error
			}
			n = r.RowsAffected
		}
		if n != 1 {
			return ErrStale
		}
		return s.audit.Record(ctx, audit.Event{Action: "calendar.year.update", ObjectType: "calendar_year",
			ObjectID: fmt.Sprintf("%s/%d", region, year), RegionCode: region,
			Old: map[string]any{"source": old.Source, "version": old.Version, "entries": old.Entries},
			New: map[string]any{"source": SourceRegion, "version": version + 1, "entries": clean}})
	})
	if err != nil {
		return CalendarYear{}, err
	}
	s.Invalidate(region)
	return s.CalendarYearOf(ctx, year)
}
