package account

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/lib/pq"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authn"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/database"
)

// Regions lists the regions in scope.
func (s *Service) Regions(ctx context.Context) ([]Region, error) {
	return s.store.regions(ctx, authz.ScopeFrom(ctx))
}

// CreateRegion adds a region (system administrators).
func (s *Service) CreateRegion(ctx context.Context, code, name string) (*Region, error) {
	if !regionRe.MatchString(code) {
		return nil, invalid("code", "统筹地区代码为6位数字 (six digits)")
	}
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 100 {
		return nil, invalid("name", "required, at most 100 characters")
	}
	r := &Region{Code: code, Name: name, CreatedAt: s.clock.Now()}
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.db.Conn(ctx).Exec(`INSERT INTO regions (code, name, created_at) VALUES (?, ?, ?)`, code, name, r.CreatedAt).Error; err != nil {
			if database.IsDuplicate(err) {
				return ErrConflict
			}
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "region.create", ObjectType: "region", ObjectID: code, RegionCode: code,
			New: map[string]any{"name": name}})
	})
	return r, err
}

// Hospitals lists hospitals in scope, keyset-paged by code.
func (s *Service) Hospitals(ctx context.Context, q, after string, limit int) ([]Hospital, error) {
	return s.store.hospitals(ctx, authz.ScopeFrom(ctx), q, after, clampLimit(limit))
}

// Hospital returns one hospital in scope.
func (s *Service) Hospital(ctx context.Context, id string) (*Hospital, error) {
	return s.store.hospital(ctx, authz.ScopeFrom(ctx), id)
}

// HospitalInput creates or changes a hospital.
type HospitalInput struct {
	Code       string `json:"code" pattern:"^[A-Z0-9]{6,22}$" doc:"National institution code (e.g. H37010200001)"`
	Name       string `json:"name" minLength:"1" maxLength:"100"`
	Level      int    `json:"level" minimum:"1" maximum:"3"`
	Grade      string `json:"grade" enum:",甲,乙,丙" required:"false"`
	RegionCode string `json:"region_code" required:"false" doc:"Sysadmins name the region; bureau administrators create in their own"`
	GroupName  string `json:"group_name" required:"false" maxLength:"100"`
}

// CreateHospital adds a hospital to a region in scope.
func (s *Service) CreateHospital(ctx context.Context, in HospitalInput) (*Hospital, error) {
	sc := authz.ScopeFrom(ctx)
	if !sc.System() {
		if in.RegionCode != "" && in.RegionCode != sc.RegionCode {
			return nil, invalid("region_code", "you can only add hospitals to your own region")
		}
		in.RegionCode = sc.RegionCode
	}
	if !regionRe.MatchString(in.RegionCode) {
		return nil, invalid("region_code", "six digits required")
	}
	if !hospCodeRe.MatchString(in.Code) {
		return nil, invalid("code", "6–22 upper-case letters and digits")
	}
	h := &Hospital{ID: uuid.Must(uuid.NewV7()).String(), Code: in.Code, Name: strings.TrimSpace(in.Name), Level: in.Level,
		Grade: in.Grade, RegionCode: in.RegionCode, GroupName: strings.TrimSpace(in.GroupName), Active: true,
		CreatedAt: s.clock.Now(), Version: 1}
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		var n int64
		s.db.Conn(ctx).Raw(`SELECT count(*) FROM regions WHERE code = ?`, in.RegionCode).Scan(&n)
		if n == 0 {
			return invalid("region_code", "no such region")
		}
		err := s.db.Conn(ctx).Exec(`INSERT INTO hospitals (id, code, name, level, grade, region_code, group_name, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, h.ID, h.Code, h.Name, h.Level, h.Grade, h.RegionCode, h.GroupName, h.CreatedAt, h.CreatedAt).Error
		if database.IsDuplicate(err) {
			return invalid("code", "a hospital with this code exists")
		}
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "hospital.create", ObjectType: "hospital", ObjectID: h.ID,
			RegionCode: h.RegionCode, HospitalID: h.ID, New: h})
	})
	return h, err
}

// HospitalPatch changes a hospital; nil fields stay.
type HospitalPatch struct {
	Version   int     `json:"version" minimum:"1" doc:"The version read; a stale one answers 409"`
	Name      *string `json:"name,omitempty" minLength:"1" maxLength:"100"`
	Level     *int    `json:"level,omitempty" minimum:"1" maximum:"3"`
	Grade     *string `json:"grade,omitempty" enum:",甲,乙,丙"`
	GroupName *string `json:"group_name,omitempty" maxLength:"100"`
	Active    *bool   `json:"active,omitempty"`
}

// UpdateHospital applies a patch with optimistic locking.
func (s *Service) UpdateHospital(ctx context.Context, id string, p HospitalPatch) (*Hospital, error) {
	var out *Hospital
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		h, err := s.store.hospital(ctx, authz.ScopeFrom(ctx), id)
		if err != nil {
			return err
		}
		if h.Version != p.Version {
			return ErrStale
		}
		old := *h
		if p.Name != nil {
			h.Name = strings.TrimSpace(*p.Name)
		}
		if p.Level != nil {
			h.Level = *p.Level
		}
		if p.Grade != nil {
			h.Grade = *p.Grade
		}
		if p.GroupName != nil {
			h.GroupName = strings.TrimSpace(*p.GroupName)
		}
		if p.Active != nil {
			h.Active = *p.Active
		}
		h.Version++
		res := s.db.Conn(ctx).Exec(`UPDATE hospitals SET name = ?, level = ?, grade = ?, group_name = ?, active = ?, version = ?,
			updated_at = ? WHERE id = ? AND version = ?`, h.Name, h.Level, h.Grade, h.GroupName, h.Active, h.Version, s.clock.Now(), h.ID, p.Version)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrStale
		}
		out = h
		return s.audit.Record(ctx, audit.Event{Action: "hospital.update", ObjectType: "hospital", ObjectID: h.ID,
			RegionCode: h.RegionCode, HospitalID: h.ID, Old: old, New: h})
	})
	return out, err
}

// Users lists users in scope, keyset-paged by username.
func (s *Service) Users(ctx context.Context, q, hospitalID, after string, limit int) ([]User, error) {
	return s.store.users(ctx, authz.ScopeFrom(ctx), q, hospitalID, after, clampLimit(limit))
}

// User returns one user in scope.
func (s *Service) User(ctx context.Context, id string) (*User, error) {
	return s.store.user(ctx, authz.ScopeFrom(ctx), id)
}

// UserInput creates a user.
type UserInput struct {
	Username    string           `json:"username" pattern:"^[a-z0-9][a-z0-9._-]{2,63}$" doc:"Lower-case letters, digits, . _ -"`
	DisplayName string           `json:"display_name" minLength:"1" maxLength:"60"`
	HospitalID  string           `json:"hospital_id,omitempty" required:"false" doc:"Affiliation; required for hospital roles and experts"`
	RegionCode  string           `json:"region_code,omitempty" required:"false" doc:"Sysadmins name the region of bureau users"`
	Roles       []RoleAssignment `json:"roles" minItems:"1" maxItems:"7"`
	Specialties []string         `json:"specialties,omitempty" required:"false" maxItems:"20" doc:"Experts: specialties (MDC codes or names)"`
}

// CreatedUser carries the one-time password.
type CreatedUser struct {
	User              *User  `json:"user"`
	TemporaryPassword string `json:"temporary_password" doc:"Shown once; the user must change it at first sign-in"`
}

// CreateUser adds a user with a temporary password.
func (s *Service) CreateUser(ctx context.Context, in UserInput) (*CreatedUser, error) {
	if !usernameRe.MatchString(in.Username) {
		return nil, invalid("username", "3–64 lower-case letters, digits, . _ -")
	}
	pw := temporaryPassword()
	hash, err := s.hasher.Hash(pw)
	if err != nil {
		return nil, err
	}
	id := uuid.Must(uuid.NewV7()).String()
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		region, hospital, err := s.placeUser(ctx, in.HospitalID, in.RegionCode, in.Roles)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		err = s.db.Conn(ctx).Exec(`INSERT INTO users (id, username, display_name, password_hash, region_code, hospital_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, in.Username, strings.TrimSpace(in.DisplayName), hash, region, hospital, now, now).Error
		if database.IsDuplicate(err) {
			return invalid("username", "this username is taken")
		}
		if err != nil {
			return err
		}
		if err := s.writeRoles(ctx, id, region, hospital, in.Roles, in.Specialties); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "user.create", ObjectType: "user", ObjectID: id, RegionCode: deref(region),
			HospitalID: deref(hospital), New: map[string]any{"username": in.Username, "display_name": in.DisplayName,
				"hospital_id": deref(hospital), "roles": roleNames(in.Roles)}})
	})
	if err != nil {
		return nil, err
	}
	u, err := s.store.user(ctx, authz.Scope{Kind: authz.KindSystem}, id)
	return &CreatedUser{User: u, TemporaryPassword: pw}, err
}

// placeUser checks the affiliation and roles against the caller's scope and
// returns the user's region and hospital.
func (s *Service) placeUser(ctx context.Context, hospitalID, regionCode string, roles []RoleAssignment) (*string, *string, error) {
	sc := authz.ScopeFrom(ctx)
	var region, hospital *string
	needHospital, needRegion := false, false
	seen := map[string]bool{}
	for i, r := range roles {
		kind := authz.KindOf(r.Role)
		switch {
		case kind == "" || r.Role == authz.RoleHospitalSystem:
			return nil, nil, invalid(fmt.Sprintf("roles[%d].role", i), "unknown role")
		case seen[r.Role]:
			return nil, nil, invalid(fmt.Sprintf("roles[%d].role", i), "listed twice")
		case r.Role == authz.RoleSysadmin && !sc.System():
			return nil, nil, invalid(fmt.Sprintf("roles[%d].role", i), "only a system administrator can grant sysadmin")
		case kind == authz.KindHospital || r.Role == authz.RoleExpert:
			needHospital = true
		}
		if kind == authz.KindRegion {
			needRegion = true
		}
		seen[r.Role] = true
	}
	if seen[authz.RoleSysadmin] && len(roles) > 1 {
		return nil, nil, invalid("roles", "a system administrator holds no other role")
	}
	if hospitalID != "" {
		h, err := s.store.hospital(ctx, sc, hospitalID)
		if err != nil {
			return nil, nil, invalid("hospital_id", "no such hospital in your scope")
		}
		hospital, region = &h.ID, &h.RegionCode
	} else if needHospital {
		return nil, nil, invalid("hospital_id", "hospital roles and experts need a hospital")
	}
	if !sc.System() {
		if regionCode != "" && regionCode != sc.RegionCode {
			return nil, nil, invalid("region_code", "you can only add users to your own region")
		}
		if region == nil {
			region = &sc.RegionCode
		}
	} else if region == nil && regionCode != "" {
		var n int64
		s.db.Conn(ctx).Raw(`SELECT count(*) FROM regions WHERE code = ?`, regionCode).Scan(&n)
		if n == 0 {
			return nil, nil, invalid("region_code", "no such region")
		}
		region = &regionCode
	}
	if needRegion && region == nil {
		return nil, nil, invalid("region_code", "bureau roles need a region")
	}
	return region, hospital, nil
}

func (s *Service) writeRoles(ctx context.Context, userID string, region, hospital *string, roles []RoleAssignment, specialties []string) error {
	conn := s.db.Conn(ctx)
	if err := conn.Exec(`DELETE FROM user_roles WHERE user_id = ?`, userID).Error; err != nil {
		return err
	}
	expert := false
	for _, r := range roles {
		kind := authz.KindOf(r.Role)
		dom := ""
		switch kind {
		case authz.KindHospital:
			dom = *hospital
		case authz.KindRegion:
			dom = *region
		}
		if err := conn.Exec(`INSERT INTO user_roles (user_id, role, domain_kind, domain_id) VALUES (?, ?, ?, ?)`, userID, r.Role, kind, dom).Error; err != nil {
			return err
		}
		expert = expert || r.Role == authz.RoleExpert
	}
	if expert {
		clean := []string{}
		for _, sp := range specialties {
			if sp = strings.TrimSpace(sp); sp != "" && len(sp) <= 60 {
				clean = append(clean, sp)
			}
		}
		return conn.Exec(`INSERT INTO expert_profiles (user_id, region_code, hospital_id, specialties) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET region_code = EXCLUDED.region_code, hospital_id = EXCLUDED.hospital_id,
			specialties = EXCLUDED.specialties`, userID, *region, hospital, pq.Array(clean)).Error
	}
	return conn.Exec(`DELETE FROM expert_profiles WHERE user_id = ?`, userID).Error
}

// UserPatch changes a user; nil fields stay.
type UserPatch struct {
	Version     int     `json:"version" minimum:"1"`
	DisplayName *string `json:"display_name,omitempty" minLength:"1" maxLength:"60"`
	Disabled    *bool   `json:"disabled,omitempty" doc:"Disabling ends all of the user's sessions at once"`
}

// UpdateUser changes name or disabled state; disabling ends every session.
func (s *Service) UpdateUser(ctx context.Context, id string, p UserPatch) (*User, error) {
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		u, err := s.store.user(ctx, authz.ScopeFrom(ctx), id)
		if err != nil {
			return err
		}
		if err := s.guardTarget(ctx, u); err != nil {
			return err
		}
		if u.Version != p.Version {
			return ErrStale
		}
		old := map[string]any{"display_name": u.DisplayName, "disabled": u.Disabled}
		name, disabled := u.DisplayName, u.Disabled
		if p.DisplayName != nil {
			name = strings.TrimSpace(*p.DisplayName)
		}
		if p.Disabled != nil {
			if *p.Disabled && id == authz.PrincipalFrom(ctx).UserID {
				return invalid("disabled", "you cannot disable yourself")
			}
			disabled = *p.Disabled
		}
		res := s.db.Conn(ctx).Exec(`UPDATE users SET display_name = ?, disabled = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND version = ?`, name, disabled, s.clock.Now(), id, p.Version)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrStale
		}
		if disabled {
			if err := s.store.endSessions(ctx, id); err != nil {
				return err
			}
		}
		action := "user.update"
		if disabled && !u.Disabled {
			action = "user.disable"
		} else if !disabled && u.Disabled {
			action = "user.enable"
		}
		return s.audit.Record(ctx, audit.Event{Action: action, ObjectType: "user", ObjectID: id, RegionCode: deref(u.RegionCode),
			HospitalID: deref(u.HospitalID), Old: old, New: map[string]any{"display_name": name, "disabled": disabled}})
	})
	if err != nil {
		return nil, err
	}
	return s.store.user(ctx, authz.ScopeFrom(ctx), id)
}

// guardTarget keeps region administrators away from system administrators.
func (s *Service) guardTarget(ctx context.Context, u *User) error {
	if authz.ScopeFrom(ctx).System() {
		return nil
	}
	for _, g := range u.Roles {
		if g.Role == authz.RoleSysadmin {
			return ErrNotFound
		}
	}
	return nil
}

// RolesInput replaces a user's roles.
type RolesInput struct {
	Version     int              `json:"version" minimum:"1"`
	Roles       []RoleAssignment `json:"roles" minItems:"1" maxItems:"7"`
	Specialties []string         `json:"specialties,omitempty" required:"false" maxItems:"20"`
}

// SetRoles replaces the roles; the user's sessions end so the change takes
// effect at once.
func (s *Service) SetRoles(ctx context.Context, id string, in RolesInput) (*User, error) {
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		u, err := s.store.user(ctx, authz.ScopeFrom(ctx), id)
		if err != nil {
			return err
		}
		if err := s.guardTarget(ctx, u); err != nil {
			return err
		}
		if u.Version != in.Version {
			return ErrStale
		}
		region, hospital, err := s.placeUser(ctx, deref(u.HospitalID), deref(u.RegionCode), in.Roles)
		if err != nil {
			return err
		}
		if err := s.writeRoles(ctx, id, region, hospital, in.Roles, in.Specialties); err != nil {
			return err
		}
		if err := s.db.Conn(ctx).Exec(`UPDATE users SET region_code = ?, version = version + 1, updated_at = ? WHERE id = ?`,
			region, s.clock.Now(), id).Error; err != nil {
			return err
		}
		if err := s.store.endSessions(ctx, id); err != nil {
			return err
		}
		oldRoles := []string{}
		for _, g := range u.Roles {
			oldRoles = append(oldRoles, g.Role)
		}
		return s.audit.Record(ctx, audit.Event{Action: "user.roles", ObjectType: "user", ObjectID: id, RegionCode: deref(region),
			HospitalID: deref(hospital), Old: map[string]any{"roles": oldRoles}, New: map[string]any{"roles": roleNames(in.Roles)}})
	})
	if err != nil {
		return nil, err
	}
	return s.store.user(ctx, authz.ScopeFrom(ctx), id)
}

// ResetPassword gives the user a new temporary password, clears lockouts and
// the second factor stays; every session ends.
func (s *Service) ResetPassword(ctx context.Context, id string) (string, error) {
	pw := temporaryPassword()
	hash, err := s.hasher.Hash(pw)
	if err != nil {
		return "", err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		u, err := s.store.user(ctx, authz.ScopeFrom(ctx), id)
		if err != nil {
			return err
		}
		if err := s.guardTarget(ctx, u); err != nil {
			return err
		}
		if err := s.db.Conn(ctx).Exec(`UPDATE users SET password_hash = ?, must_change_password = true, failed_logins = 0,
			locked_until = NULL, version = version + 1, updated_at = ? WHERE id = ?`, hash, s.clock.Now(), id).Error; err != nil {
			return err
		}
		if err := s.store.endSessions(ctx, id); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "user.password_reset", ObjectType: "user", ObjectID: id,
			RegionCode: deref(u.RegionCode), HospitalID: deref(u.HospitalID)})
	})
	return pw, err
}

// APIToken is a hospital system's credential (the secret is never stored).
type APIToken struct {
	ID         string     `json:"id"`
	HospitalID string     `json:"hospital_id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix" doc:"The first characters of the token, to recognise it"`
	Operations []string   `json:"operations" gorm:"-"`
	ExpiresAt  time.Time  `json:"expires_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
}

// TokenInput creates a token.
type TokenInput struct {
	HospitalID    string   `json:"hospital_id,omitempty" required:"false" doc:"Sysadmins name the hospital; offices get their own"`
	Name          string   `json:"name" minLength:"1" maxLength:"60"`
	Operations    []string `json:"operations" minItems:"1" maxItems:"20" doc:"API operation ids the token may call"`
	ExpiresInDays int      `json:"expires_in_days" minimum:"1" maximum:"730"`
}

// TokenOperations lists what hospital-system tokens may be granted.
func TokenOperations(e *authz.Enforcer) []string {
	var out []string
	for _, op := range e.Operations() {
		if e.Can(authz.RoleHospitalSystem, authz.KindHospital, op) {
			out = append(out, op)
		}
	}
	return out
}

// CreateToken issues a token; the secret is returned once.
func (s *Service) CreateToken(ctx context.Context, e *authz.Enforcer, in TokenInput) (*APIToken, string, error) {
	sc := authz.ScopeFrom(ctx)
	if !sc.System() {
		if in.HospitalID != "" && in.HospitalID != sc.HospitalID {
			return nil, "", invalid("hospital_id", "you can only create tokens for your own hospital")
		}
		in.HospitalID = sc.HospitalID
	}
	h, err := s.store.hospital(ctx, sc, in.HospitalID)
	if err != nil {
		return nil, "", invalid("hospital_id", "no such hospital in your scope")
	}
	allowed := map[string]bool{}
	for _, op := range TokenOperations(e) {
		allowed[op] = true
	}
	for i, op := range in.Operations {
		if !allowed[op] {
			return nil, "", invalid(fmt.Sprintf("operations[%d]", i), "not an operation hospital systems may call")
		}
	}
	secret := authn.Token("teyi_")
	now := s.clock.Now()
	t := &APIToken{ID: uuid.Must(uuid.NewV7()).String(), HospitalID: h.ID, Name: strings.TrimSpace(in.Name), Prefix: secret[:12],
		Operations: in.Operations, ExpiresAt: now.Add(time.Duration(in.ExpiresInDays) * 24 * time.Hour), CreatedAt: now}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.db.Conn(ctx).Exec(`INSERT INTO api_tokens (id, hospital_id, name, prefix, token_hash, operations, expires_at, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, t.ID, t.HospitalID, t.Name, t.Prefix, authn.HashToken(secret), pq.Array(t.Operations),
			t.ExpiresAt, nullable(authz.PrincipalFrom(ctx).UserID), now).Error; err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "api_token.create", ObjectType: "api_token", ObjectID: t.ID,
			RegionCode: h.RegionCode, HospitalID: h.ID, New: map[string]any{"name": t.Name, "operations": t.Operations,
				"expires_at": t.ExpiresAt.Format(time.RFC3339)}})
	})
	return t, secret, err
}

func tokenScope(sc authz.Scope) (string, []any) {
	switch sc.Kind {
	case authz.KindSystem:
		return "true", nil
	case authz.KindRegion:
		return "h.region_code = ?", []any{sc.RegionCode}
	case authz.KindHospital:
		return "t.hospital_id = ?", []any{sc.HospitalID}
	}
	return "false", nil
}

// Tokens lists the tokens in scope.
func (s *Service) Tokens(ctx context.Context) ([]APIToken, error) {
	where, args := tokenScope(authz.ScopeFrom(ctx))
	var rows []struct {
		APIToken
		Ops pq.StringArray `gorm:"column:operations;type:text[]"`
	}
	err := s.db.Conn(ctx).Raw(`SELECT t.id, t.hospital_id, t.name, t.prefix, t.operations, t.expires_at, t.revoked_at, t.created_at,
		t.last_used_at FROM api_tokens t JOIN hospitals h ON h.id = t.hospital_id WHERE `+where+` ORDER BY t.created_at DESC LIMIT 500`, args...).Scan(&rows).Error
	out := make([]APIToken, len(rows))
	for i, r := range rows {
		out[i] = r.APIToken
		out[i].Operations = r.Ops
	}
	return out, err
}

// RevokeToken ends a token at once.
func (s *Service) RevokeToken(ctx context.Context, id string) error {
	if !isUUID(id) {
		return ErrNotFound
	}
	where, args := tokenScope(authz.ScopeFrom(ctx))
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		var t []struct{ HospitalID, RegionCode string }
		if err := s.db.Conn(ctx).Raw(`SELECT t.hospital_id, h.region_code FROM api_tokens t JOIN hospitals h ON h.id = t.hospital_id
			WHERE t.id = ? AND `+where+` FOR UPDATE OF t`, append([]any{id}, args...)...).Scan(&t).Error; err != nil {
			return err
		}
		if len(t) == 0 {
			return ErrNotFound
		}
		if err := s.db.Conn(ctx).Exec(`UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?`, s.clock.Now(), id).Error; err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Event{Action: "api_token.revoke", ObjectType: "api_token", ObjectID: id,
			RegionCode: t[0].RegionCode, HospitalID: t[0].HospitalID})
	})
}

func temporaryPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	for i := range b {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		b[i] = alphabet[n.Int64()]
	}
	return string(b[:4]) + "-" + string(b[4:8]) + "-" + string(b[8:12]) + "-" + string(b[12:])
}

func roleNames(r []RoleAssignment) []string {
	out := make([]string, len(r))
	for i, x := range r {
		out[i] = x.Role
	}
	return out
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func clampLimit(n int) int {
	if n <= 0 || n > 200 {
		return 50
	}
	return n
}
