package account

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/lib/pq"

	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/database"
)

// store is the PostgreSQL side; every read that serves a request takes the
// caller's scope.
type store struct{ db *database.DB }

// scopeHospitals limits a hospitals query to the scope.
func hospitalScope(sc authz.Scope) (string, []any) {
	switch sc.Kind {
	case authz.KindSystem:
		return "true", nil
	case authz.KindRegion:
		return "region_code = ?", []any{sc.RegionCode}
	case authz.KindHospital:
		return "id = ?", []any{sc.HospitalID}
	}
	return "false", nil
}

func userScope(sc authz.Scope) (string, []any) {
	switch sc.Kind {
	case authz.KindSystem:
		return "true", nil
	case authz.KindRegion:
		return "u.region_code = ?", []any{sc.RegionCode}
	case authz.KindHospital:
		return "u.hospital_id = ?", []any{sc.HospitalID}
	}
	return "false", nil
}

func (s *store) regions(ctx context.Context, sc authz.Scope) ([]Region, error) {
	q := s.db.Conn(ctx).Table("regions").Order("code")
	if !sc.System() {
		q = q.Where("code = ?", sc.RegionCode)
	}
	var out []Region
	return out, q.Scan(&out).Error
}

func (s *store) hospitals(ctx context.Context, sc authz.Scope, q string, after string, limit int) ([]Hospital, error) {
	where, args := hospitalScope(sc)
	tx := s.db.Conn(ctx).Table("hospitals").Where(where, args...)
	if q != "" {
		tx = tx.Where("(name LIKE ? OR code LIKE ?)", "%"+escapeLike(q)+"%", escapeLike(strings.ToUpper(q))+"%")
	}
	if after != "" {
		tx = tx.Where("code > ?", after)
	}
	var out []Hospital
	return out, tx.Order("code").Limit(limit).Scan(&out).Error
}

func (s *store) hospital(ctx context.Context, sc authz.Scope, id string) (*Hospital, error) {
	if !isUUID(id) {
		return nil, ErrNotFound
	}
	where, args := hospitalScope(sc)
	var h Hospital
	res := s.db.Conn(ctx).Table("hospitals").Where("id = ?", id).Where(where, args...).Limit(1).Scan(&h)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, ErrNotFound
	}
	return &h, nil
}

const userCols = `u.id, u.username, u.display_name, u.region_code, u.hospital_id, u.disabled, u.must_change_password,
	u.totp_enabled, u.demo, u.locked_until, u.created_at, u.version`

func (s *store) users(ctx context.Context, sc authz.Scope, q, hospitalID, after string, limit int) ([]User, error) {
	where, args := userScope(sc)
	tx := s.db.Conn(ctx).Table("users u").Select(userCols).Where(where, args...)
	if q != "" {
		tx = tx.Where("(u.username LIKE ? OR u.display_name LIKE ?)", escapeLike(strings.ToLower(q))+"%", "%"+escapeLike(q)+"%")
	}
	if hospitalID != "" {
		if !isUUID(hospitalID) {
			return nil, nil
		}
		tx = tx.Where("u.hospital_id = ?", hospitalID)
	}
	if after != "" {
		tx = tx.Where("u.username > ?", after)
	}
	var out []User
	if err := tx.Order("u.username").Limit(limit).Scan(&out).Error; err != nil {
		return nil, err
	}
	return out, s.loadRoles(ctx, out)
}

func (s *store) user(ctx context.Context, sc authz.Scope, id string) (*User, error) {
	if !isUUID(id) {
		return nil, ErrNotFound
	}
	where, args := userScope(sc)
	var out []User
	if err := s.db.Conn(ctx).Table("users u").Select(userCols).Where("u.id = ?", id).Where(where, args...).Scan(&out).Error; err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, ErrNotFound
	}
	if err := s.loadRoles(ctx, out); err != nil {
		return nil, err
	}
	return &out[0], nil
}

func (s *store) loadRoles(ctx context.Context, users []User) error {
	if len(users) == 0 {
		return nil
	}
	ids := make([]string, len(users))
	idx := map[string]int{}
	for i, u := range users {
		ids[i] = u.ID
		idx[u.ID] = i
		users[i].Roles = []authz.Grant{}
	}
	var rows []struct {
		UserID, Role, DomainKind, DomainID, Region string
	}
	err := s.db.Conn(ctx).Raw(`SELECT r.user_id, r.role, r.domain_kind, r.domain_id,
		COALESCE(CASE WHEN r.domain_kind = 'hospital' THEN h.region_code WHEN r.domain_kind = 'region' THEN r.domain_id END, '') AS region
		FROM user_roles r LEFT JOIN hospitals h ON r.domain_kind = 'hospital' AND h.id::text = r.domain_id
		WHERE r.user_id = ANY(?::uuid[]) ORDER BY r.role`, pq.Array(ids)).Scan(&rows).Error
	if err != nil {
		return err
	}
	for _, r := range rows {
		i := idx[r.UserID]
		users[i].Roles = append(users[i].Roles, authz.Grant{Role: r.Role, Kind: r.DomainKind, ID: r.DomainID, Region: r.Region})
	}
	var specs []struct {
		UserID      string
		Specialties pq.StringArray `gorm:"type:text[]"`
	}
	if err := s.db.Conn(ctx).Raw(`SELECT user_id, specialties FROM expert_profiles WHERE user_id = ANY(?::uuid[])`, pq.Array(ids)).Scan(&specs).Error; err != nil {
		return err
	}
	for _, sp := range specs {
		users[idx[sp.UserID]].Specialties = sp.Specialties
	}
	return nil
}

// credentials is what sign-in needs about a user.
type credentials struct {
	ID, Username, DisplayName, PasswordHash string
	Disabled, MustChangePassword, Demo      bool
	TOTPSecret                              *string
	TOTPEnabled                             bool
	TOTPLastStep                            int64
	FailedLogins                            int
	LockedUntil                             *time.Time
}

func (s *store) credentialsByName(ctx context.Context, username string) (*credentials, error) {
	var c []credentials
	err := s.db.Conn(ctx).Raw(`SELECT id, username, display_name, password_hash, disabled, must_change_password, demo,
		totp_secret, totp_enabled, totp_last_step, failed_logins, locked_until FROM users WHERE username = ?`, username).Scan(&c).Error
	if err != nil || len(c) == 0 {
		return nil, err
	}
	return &c[0], nil
}

func (s *store) credentialsByID(ctx context.Context, id string) (*credentials, error) {
	var c []credentials
	err := s.db.Conn(ctx).Raw(`SELECT id, username, display_name, password_hash, disabled, must_change_password, demo,
		totp_secret, totp_enabled, totp_last_step, failed_logins, locked_until FROM users WHERE id = ? FOR UPDATE`, id).Scan(&c).Error
	if err != nil || len(c) == 0 {
		return nil, err
	}
	return &c[0], nil
}

func (s *store) grantsOf(ctx context.Context, userID string) ([]authz.Grant, error) {
	u := []User{{ID: userID}}
	if err := s.loadRoles(ctx, u); err != nil {
		return nil, err
	}
	return u[0].Roles, nil
}

func (s *store) endSessions(ctx context.Context, userID string) error {
	return s.db.Conn(ctx).Exec(`DELETE FROM sessions WHERE user_id = ?`, userID).Error
}

func grantsJSON(g []authz.Grant) string {
	b, _ := json.Marshal(g)
	return string(b)
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F') {
				return false
			}
		}
	}
	return true
}
