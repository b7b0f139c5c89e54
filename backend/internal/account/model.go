// Package account owns who is who in Teyi: regions (统筹地区), hospitals,
// bureau units, users and the roles they hold in a hospital or a region, the
// sign-in flow with its second factor, sessions, and the API tokens that
// hospital systems use. It refuses anything outside the caller's scope: a
// bureau administrator manages only their region, a hospital office only its
// hospital, and a foreign id is reported as not found.
package account

import (
	"errors"
	"regexp"
	"time"

	"teyi/backend/internal/platform/authz"
)

// Errors the HTTP layer maps to statuses.
var (
	ErrNotFound     = errors.New("not found")
	ErrInvalidLogin = errors.New("用户名或密码错误，或尝试次数过多，请稍后再试 (invalid username or password, or too many attempts)")
	ErrConflict     = errors.New("already exists")
	ErrStale        = errors.New("the record was changed by someone else; reload it")
	ErrForbidden    = errors.New("outside your scope")
)

// ValidationError names the field at fault.
type ValidationError struct {
	Field, Message string
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Message }

func invalid(field, msg string) error { return &ValidationError{Field: field, Message: msg} }

// Region is a pooling region.
type Region struct {
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// Hospital is a designated medical institution.
type Hospital struct {
	ID         string    `json:"id"`
	Code       string    `json:"code" doc:"National institution code"`
	Name       string    `json:"name"`
	Level      int       `json:"level" doc:"1, 2 or 3 (一级/二级/三级)"`
	Grade      string    `json:"grade" doc:"甲, 乙, 丙 or empty"`
	RegionCode string    `json:"region_code"`
	GroupName  string    `json:"group_name" doc:"Hospital group (医联体/集团), used for recusal"`
	Active     bool      `json:"active"`
	CreatedAt  time.Time `json:"created_at"`
	Version    int       `json:"version"`
}

// User is a person who signs in. Secrets never leave the store.
type User struct {
	ID                 string        `json:"id"`
	Username           string        `json:"username"`
	DisplayName        string        `json:"display_name"`
	RegionCode         *string       `json:"region_code"`
	HospitalID         *string       `json:"hospital_id"`
	Disabled           bool          `json:"disabled"`
	MustChangePassword bool          `json:"must_change_password"`
	TOTPEnabled        bool          `json:"totp_enabled"`
	Demo               bool          `json:"demo"`
	LockedUntil        *time.Time    `json:"locked_until,omitempty"`
	CreatedAt          time.Time     `json:"created_at"`
	Version            int           `json:"version"`
	Roles              []authz.Grant `json:"roles" gorm:"-"`
	Specialties        []string      `json:"specialties,omitempty" gorm:"-"`
}

var (
	usernameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,63}$`)
	regionRe   = regexp.MustCompile(`^[0-9]{6}$`)
	hospCodeRe = regexp.MustCompile(`^[A-Z0-9]{6,22}$`)
)

// RoleAssignment asks for a role; the domain is derived: hospital roles are
// held in the user's hospital, region roles in the user's region.
type RoleAssignment struct {
	Role string `json:"role" enum:"clinician,hospital_office,bureau_reviewer,bureau_admin,expert,data_group,sysadmin"`
}
