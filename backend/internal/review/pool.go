package review

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/lib/pq"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/calendar"
)

// Expert is one member of the region's pool.
type Expert struct {
	UserID       string     `json:"user_id"`
	Name         string     `json:"name"`
	HospitalID   string     `json:"hospital_id"`
	HospitalName string     `json:"hospital_name"`
	Group        string     `json:"group"`
	Specialties  []string   `json:"specialties"`
	Active       bool       `json:"active"`
	MaxLoad      int        `json:"max_load"`
	Organisation string     `json:"organisation"`
	Load         int        `json:"load" doc:"Panels the expert sits on that are not yet decided"`
	Absences     []Absence  `json:"absences"`
	Conflicts    []Conflict `json:"conflicts"`
	Version      int        `json:"version"`
}

// Absence is a period in which an expert cannot review.
type Absence struct {
	ID       string `json:"id"`
	UserID   string `json:"user_id"`
	StartsOn string `json:"starts_on"`
	EndsOn   string `json:"ends_on"`
	Note     string `json:"note"`
}

// Conflict is a standing conflict declaration, or one declared on seeing a
// case.
type Conflict struct {
	ID            string    `json:"id"`
	UserID        string    `json:"user_id"`
	Kind          string    `json:"kind" enum:"hospital,colleague,application"`
	HospitalID    string    `json:"hospital_id,omitempty"`
	HospitalName  string    `json:"hospital_name,omitempty"`
	ColleagueID   string    `json:"colleague_id,omitempty"`
	ColleagueName string    `json:"colleague_name,omitempty"`
	ApplicationID string    `json:"application_id,omitempty"`
	ApplicationNo string    `json:"application_no,omitempty"`
	Reason        string    `json:"reason"`
	CreatedAt     time.Time `json:"created_at"`
}

type expertRow struct {
	UserID, Name, HospitalID, HospitalName, GroupName string
	Specialties                                       pq.StringArray `gorm:"type:text[]"`
	Active                                            bool
	MaxLoad                                           int
	Organisation                                      string
	Load                                              int
	Version                                           int
}

const expertSelect = `SELECT e.user_id::text AS user_id, u.display_name AS name, coalesce(e.hospital_id::text, '') AS hospital_id,
	coalesce(h.name, '') AS hospital_name, coalesce(h.group_name, '') AS group_name, e.specialties, e.active, e.max_load, e.organisation,
	(SELECT count(*) FROM panel_members m JOIN panels p ON p.id = m.panel_id
	  WHERE m.user_id = e.user_id AND m.status IN ('INVITED', 'ACCEPTED') AND p.status <> 'CONFIRMED') AS load, e.version
	FROM expert_profiles e JOIN users u ON u.id = e.user_id LEFT JOIN hospitals h ON h.id = e.hospital_id
	WHERE e.region_code = ? AND NOT u.disabled AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = e.user_id AND r.role = 'expert')`

// Experts lists the caller's region's pool (bureau administrators).
func (s *Service) Experts(ctx context.Context) ([]Expert, error) {
	region, err := whoOf(ctx).regionOnly()
	if err != nil {
		return nil, err
	}
	return s.experts(ctx, region, "")
}

func (s *Service) experts(ctx context.Context, region, userID string) ([]Expert, error) {
	q, args := expertSelect, []any{region}
	if userID != "" {
		q += ` AND e.user_id = ?`
		args = append(args, userID)
	}
	var rows []expertRow
	if err := s.DB.Conn(ctx).Raw(q+` ORDER BY u.display_name, e.user_id`, args...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]Expert, 0, len(rows))
	idx := map[string]int{}
	ids := make([]string, 0, len(rows))
	for _, r := range rows {
		idx[r.UserID] = len(out)
		ids = append(ids, r.UserID)
		sp := []string(r.Specialties)
		if sp == nil {
			sp = []string{}
		}
		out = append(out, Expert{UserID: r.UserID, Name: r.Name, HospitalID: r.HospitalID, HospitalName: r.HospitalName, Group: r.GroupName,
			Specialties: sp, Active: r.Active, MaxLoad: r.MaxLoad, Organisation: r.Organisation, Load: r.Load, Version: r.Version,
			Absences: []Absence{}, Conflicts: []Conflict{}})
	}
	if len(ids) == 0 {
		return out, nil
	}
	abs, err := s.absences(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, a := range abs {
		out[idx[a.UserID]].Absences = append(out[idx[a.UserID]].Absences, a)
	}
	cons, err := s.conflicts(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, c := range cons {
		out[idx[c.UserID]].Conflicts = append(out[idx[c.UserID]].Conflicts, c)
	}
	return out, nil
}

func (s *Service) absences(ctx context.Context, ids []string) ([]Absence, error) {
	var out []Absence
	err := s.DB.Conn(ctx).Raw(`SELECT id::text AS id, user_id::text AS user_id, to_char(starts_on, 'YYYY-MM-DD') AS starts_on,
		to_char(ends_on, 'YYYY-MM-DD') AS ends_on, note FROM expert_absences WHERE user_id::text = ANY(?) ORDER BY starts_on, id`,
		pq.StringArray(ids)).Scan(&out).Error
	return out, err
}

func (s *Service) conflicts(ctx context.Context, ids []string) ([]Conflict, error) {
	var out []Conflict
	err := s.DB.Conn(ctx).Raw(`SELECT c.id::text AS id, c.user_id::text AS user_id, c.kind, coalesce(c.hospital_id::text, '') AS hospital_id,
		coalesce(h.name, '') AS hospital_name, coalesce(c.colleague_id::text, '') AS colleague_id, coalesce(u.display_name, '') AS colleague_name,
		coalesce(c.application_id::text, '') AS application_id, coalesce(a.no, '') AS application_no, c.reason, c.created_at
		FROM expert_conflicts c LEFT JOIN hospitals h ON h.id = c.hospital_id LEFT JOIN users u ON u.id = c.colleague_id
		LEFT JOIN special_applications a ON a.id = c.application_id
		WHERE c.user_id::text = ANY(?) ORDER BY c.created_at, c.id`, pq.StringArray(ids)).Scan(&out).Error
	return out, err
}

// Me is the calling expert's own profile.
func (s *Service) Me(ctx context.Context) (*Expert, error) {
	w := whoOf(ctx)
	region, err := w.regionOnly()
	if err != nil || w.userID == "" {
		return nil, ErrNotFound
	}
	list, err := s.experts(ctx, region, w.userID)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, ErrNotFound
	}
	return &list[0], nil
}

var mdcCode = regexp.MustCompile(`^MDC[A-Z0-9]$`)

// ExpertUpdate is what a bureau administrator changes about an expert.
type ExpertUpdate struct {
	Specialties  []string
	Active       bool
	MaxLoad      int
	Organisation string
	Version      int
}

// UpdateExpert changes an expert's pool attributes (bureau administrators).
func (s *Service) UpdateExpert(ctx context.Context, userID string, in ExpertUpdate) (*Expert, error) {
	w := whoOf(ctx)
	region, err := w.regionOnly()
	if err != nil {
		return nil, err
	}
	if _, err := uuid.Parse(userID); err != nil {
		return nil, ErrNotFound
	}
	var fe []FieldError
	if len(in.Specialties) == 0 || len(in.Specialties) > 10 {
		fe = append(fe, FieldError{"specialties", "one to ten MDC codes"})
	}
	seen := map[string]bool{}
	for _, sp := range in.Specialties {
		if !mdcCode.MatchString(sp) || seen[sp] {
			fe = append(fe, FieldError{"specialties", "MDC codes such as MDCF, each once"})
			break
		}
		seen[sp] = true
	}
	if in.MaxLoad < 1 || in.MaxLoad > 100 {
		fe = append(fe, FieldError{"max_load", "1 to 100 panels"})
	}
	in.Organisation = strings.TrimSpace(in.Organisation)
	if utf8.RuneCountInString(in.Organisation) > 100 {
		fe = append(fe, FieldError{"organisation", "at most 100 characters"})
	}
	if len(fe) > 0 {
		return nil, &ValidationError{Fields: fe}
	}
	var out *Expert
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		res := s.DB.Conn(ctx).Exec(`UPDATE expert_profiles SET specialties = ?, active = ?, max_load = ?, organisation = ?,
			version = version + 1, updated_at = ? WHERE user_id = ? AND region_code = ? AND version = ?`,
			pq.StringArray(in.Specialties), in.Active, in.MaxLoad, in.Organisation, s.now(), userID, region, in.Version)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			list, err := s.experts(ctx, region, userID)
			if err != nil {
				return err
			}
			if len(list) == 0 {
				return ErrNotFound
			}
			return ErrStale
		}
		list, err := s.experts(ctx, region, userID)
		if err != nil || len(list) == 0 {
			return ErrNotFound
		}
		out = &list[0]
		return s.Audit.Record(ctx, audit.Event{Action: "review.expert_update", ObjectType: "expert", ObjectID: userID,
			New:        map[string]any{"specialties": in.Specialties, "active": in.Active, "max_load": in.MaxLoad, "organisation": in.Organisation},
			RegionCode: region})
	})
	return out, err
}

// target is whose availability or declarations a call changes: the expert
// themself, or (bureau administrators) an expert of the region.
func (s *Service) target(ctx context.Context, userID string) (string, string, error) {
	w := whoOf(ctx)
	region, err := w.regionOnly()
	if err != nil {
		return "", "", err
	}
	switch {
	case userID == "" || userID == w.userID:
		if !w.has(authz.RoleExpert) {
			return "", "", invalid("user_id", "name the expert")
		}
		userID = w.userID
	case !w.has(authz.RoleBureauAdmin):
		return "", "", ErrNotFound
	}
	if _, err := uuid.Parse(userID); err != nil {
		return "", "", ErrNotFound
	}
	var n int64
	if err := s.DB.Conn(ctx).Raw(`SELECT count(*) FROM expert_profiles WHERE user_id = ? AND region_code = ?`, userID, region).Scan(&n).Error; err != nil {
		return "", "", err
	}
	if n == 0 {
		return "", "", ErrNotFound
	}
	return userID, region, nil
}

// NewAbsence is a period of unavailability.
type NewAbsence struct {
	UserID, StartsOn, EndsOn, Note string
}

// AddAbsence records a period in which the expert cannot review.
func (s *Service) AddAbsence(ctx context.Context, in NewAbsence) (*Absence, error) {
	var fe []FieldError
	from, err1 := calendar.ParseDate(in.StartsOn)
	to, err2 := calendar.ParseDate(in.EndsOn)
	if err1 != nil {
		fe = append(fe, FieldError{"starts_on", "a date YYYY-MM-DD"})
	}
	if err2 != nil {
		fe = append(fe, FieldError{"ends_on", "a date YYYY-MM-DD"})
	}
	if err1 == nil && err2 == nil && (to.Before(from) || from.AddDays(366).Before(to)) {
		fe = append(fe, FieldError{"ends_on", "on or after the start, at most a year later"})
	}
	if utf8.RuneCountInString(in.Note) > 200 {
		fe = append(fe, FieldError{"note", "at most 200 characters"})
	}
	if len(fe) > 0 {
		return nil, &ValidationError{Fields: fe}
	}
	uid, region, err := s.target(ctx, in.UserID)
	if err != nil {
		return nil, err
	}
	a := &Absence{ID: uuid.Must(uuid.NewV7()).String(), UserID: uid, StartsOn: from.String(), EndsOn: to.String(), Note: strings.TrimSpace(in.Note)}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.DB.Conn(ctx).Exec(`INSERT INTO expert_absences (id, user_id, starts_on, ends_on, note) VALUES (?, ?, ?, ?, ?)`,
			a.ID, uid, a.StartsOn, a.EndsOn, a.Note).Error; err != nil {
			return err
		}
		return s.Audit.Record(ctx, audit.Event{Action: "review.absence_add", ObjectType: "expert", ObjectID: uid,
			New: map[string]any{"starts_on": a.StartsOn, "ends_on": a.EndsOn}, RegionCode: region})
	})
	return a, err
}

// RemoveAbsence deletes a period (the expert or an administrator).
func (s *Service) RemoveAbsence(ctx context.Context, id string) error {
	return s.removeOwned(ctx, "expert_absences", "review.absence_remove", id)
}

// RemoveConflict deletes a standing declaration (not one declared on a
// case: that one stays with the panel's record).
func (s *Service) RemoveConflict(ctx context.Context, id string) error {
	return s.removeOwned(ctx, "expert_conflicts", "review.conflict_remove", id)
}

func (s *Service) removeOwned(ctx context.Context, table, action, id string) error {
	if _, err := uuid.Parse(id); err != nil {
		return ErrNotFound
	}
	var owner string
	q := `SELECT user_id::text FROM ` + table + ` WHERE id = ?`
	if table == "expert_conflicts" {
		q += ` AND kind <> 'application'`
	}
	if err := s.DB.Conn(ctx).Raw(q, id).Scan(&owner).Error; err != nil {
		return err
	}
	if owner == "" {
		return ErrNotFound
	}
	uid, region, err := s.target(ctx, owner)
	if err != nil {
		return err
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.DB.Conn(ctx).Exec(`DELETE FROM `+table+` WHERE id = ?`, id).Error; err != nil {
			return err
		}
		return s.Audit.Record(ctx, audit.Event{Action: action, ObjectType: "expert", ObjectID: uid, Old: map[string]any{"id": id}, RegionCode: region})
	})
}

// NewConflict is a standing declaration.
type NewConflict struct {
	UserID, Kind, HospitalID, ColleagueID, Reason string
}

// AddConflict records a standing declaration: a hospital or a colleague.
func (s *Service) AddConflict(ctx context.Context, in NewConflict) (*Conflict, error) {
	var fe []FieldError
	switch in.Kind {
	case "hospital":
		if _, err := uuid.Parse(in.HospitalID); err != nil {
			fe = append(fe, FieldError{"hospital_id", "choose the hospital"})
		}
		in.ColleagueID = ""
	case "colleague":
		if _, err := uuid.Parse(in.ColleagueID); err != nil {
			fe = append(fe, FieldError{"colleague_id", "choose the colleague"})
		}
		in.HospitalID = ""
	default:
		fe = append(fe, FieldError{"kind", "hospital or colleague"})
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Reason == "" || utf8.RuneCountInString(in.Reason) > 500 {
		fe = append(fe, FieldError{"reason", "say why (at most 500 characters)"})
	}
	if len(fe) > 0 {
		return nil, &ValidationError{Fields: fe}
	}
	uid, region, err := s.target(ctx, in.UserID)
	if err != nil {
		return nil, err
	}
	var n int64
	if in.Kind == "hospital" {
		err = s.DB.Conn(ctx).Raw(`SELECT count(*) FROM hospitals WHERE id = ? AND region_code = ?`, in.HospitalID, region).Scan(&n).Error
	} else {
		err = s.DB.Conn(ctx).Raw(`SELECT count(*) FROM users WHERE id = ? AND region_code = ? AND id <> ?`, in.ColleagueID, region, uid).Scan(&n).Error
	}
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, invalid(in.Kind+"_id", "no such "+in.Kind+" in the region")
	}
	id := uuid.Must(uuid.NewV7()).String()
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.DB.Conn(ctx).Exec(`INSERT INTO expert_conflicts (id, user_id, kind, hospital_id, colleague_id, reason, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, uid, in.Kind, nullable(in.HospitalID), nullable(in.ColleagueID), in.Reason, s.now()).Error; err != nil {
			return err
		}
		return s.Audit.Record(ctx, audit.Event{Action: "review.conflict_add", ObjectType: "expert", ObjectID: uid,
			New: map[string]any{"kind": in.Kind, "hospital_id": in.HospitalID, "colleague_id": in.ColleagueID}, RegionCode: region})
	})
	if err != nil {
		return nil, err
	}
	list, err := s.conflicts(ctx, []string{uid})
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		if c.ID == id {
			return &c, nil
		}
	}
	return nil, ErrNotFound
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
