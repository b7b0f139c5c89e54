// Package authz decides who may run which API operation and carries the
// caller's identity and scope through the request.
//
// Decisions come from the casbin model and rules in policies/: a role held in
// a domain of some kind (hospital, region, system) may run an operation id.
// The decision table is computed once at start-up from the casbin enforcer,
// so a check is a map lookup. Row scoping is the stores' job: they read Scope
// from the context and limit every query to it; a foreign id answers 404.
package authz

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	stringadapter "github.com/casbin/casbin/v2/persist/string-adapter"

	"teyi/policies"
)

// Roles that people hold.
const (
	RoleClinician      = "clinician"
	RoleHospitalOffice = "hospital_office"
	RoleBureauReviewer = "bureau_reviewer"
	RoleBureauAdmin    = "bureau_admin"
	RoleExpert         = "expert"
	RoleDataGroup      = "data_group"
	RoleSysadmin       = "sysadmin"
	// RoleHospitalSystem is held by API tokens.
	RoleHospitalSystem = "hospital_system"
)

// Pseudo-roles describe the state of a request rather than a person's job.
const (
	PseudoAnonymous     = "anonymous"
	PseudoSession       = "session"
	PseudoMFAPending    = "mfa_pending"
	PseudoPasswordChg   = "password_change"
	PseudoTOTPEnrolment = "totp_enrolment"
	PseudoAuthenticated = "authenticated"
)

// Domain kinds.
const (
	KindHospital = "hospital"
	KindRegion   = "region"
	KindSystem   = "system"
)

// PersonRoles lists the roles a user can hold, with their domain kind.
var PersonRoles = []struct{ Role, Kind string }{
	{RoleClinician, KindHospital}, {RoleHospitalOffice, KindHospital}, {RoleBureauReviewer, KindRegion},
	{RoleBureauAdmin, KindRegion}, {RoleExpert, KindRegion}, {RoleDataGroup, KindRegion}, {RoleSysadmin, KindSystem},
}

// KindOf returns the domain kind a role is held in ("" for unknown roles).
func KindOf(role string) string {
	for _, r := range PersonRoles {
		if r.Role == role {
			return r.Kind
		}
	}
	if role == RoleHospitalSystem {
		return KindHospital
	}
	return ""
}

// Grant is a role held in one domain. Region is the region of the domain
// (for a hospital, the hospital's region).
type Grant struct {
	Role   string `json:"role"`
	Kind   string `json:"kind"`
	ID     string `json:"id"`
	Region string `json:"region"`
}

// Enforcer answers allow/deny from the embedded policy.
type Enforcer struct {
	allow map[[3]string]bool
	ops   map[string]bool
	rules [][3]string
}

// Load builds the enforcer from policies/.
func Load() (*Enforcer, error) { return LoadFrom(policies.Model, policies.Policy) }

// LoadFrom builds the enforcer from model and policy text.
func LoadFrom(modelText, policyText string) (*Enforcer, error) {
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return nil, fmt.Errorf("casbin model: %w", err)
	}
	var lines []string
	for _, l := range strings.Split(policyText, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	ce, err := casbin.NewEnforcer(m, stringadapter.NewAdapter(strings.Join(lines, "\n")))
	if err != nil {
		return nil, fmt.Errorf("casbin policy: %w", err)
	}
	e := &Enforcer{allow: map[[3]string]bool{}, ops: map[string]bool{}}
	pol, err := ce.GetPolicy()
	if err != nil {
		return nil, err
	}
	subjects := map[string]bool{}
	for _, p := range pol {
		if len(p) != 3 {
			return nil, fmt.Errorf("policy line %v: want role, domain kind, operation", p)
		}
		if p[1] != "*" && p[1] != KindHospital && p[1] != KindRegion && p[1] != KindSystem {
			return nil, fmt.Errorf("policy line %v: unknown domain kind %q", p, p[1])
		}
		e.ops[p[2]] = true
		subjects[p[0]] = true
		e.rules = append(e.rules, [3]string{p[0], p[1], p[2]})
	}
	// Precompute every decision through casbin itself, so the table follows
	// the model's matcher exactly.
	kinds := []string{KindHospital, KindRegion, KindSystem, ""}
	for sub := range subjects {
		for _, k := range kinds {
			for op := range e.ops {
				ok, err := ce.Enforce(sub, k, op)
				if err != nil {
					return nil, err
				}
				if ok {
					e.allow[[3]string{sub, k, op}] = true
				}
			}
		}
	}
	return e, nil
}

// Can reports whether role held in a domain of kind may run op.
func (e *Enforcer) Can(role, kind, op string) bool { return e.allow[[3]string{role, kind, op}] }

// Known reports whether any rule names op.
func (e *Enforcer) Known(op string) bool { return e.ops[op] }

// Rules returns the policy lines.
func (e *Enforcer) Rules() [][3]string { return e.rules }

// Operations lists every operation named by the policy, sorted.
func (e *Enforcer) Operations() []string {
	out := make([]string, 0, len(e.ops))
	for op := range e.ops {
		out = append(out, op)
	}
	sort.Strings(out)
	return out
}

// Allowed finds the grant of p that allows op. Pseudo-roles allow without a
// domain (the zero Grant with Role set).
func (e *Enforcer) Allowed(p *Principal, op string) (Grant, bool) {
	if e.Can(PseudoAnonymous, "", op) {
		return Grant{Role: PseudoAnonymous}, true
	}
	for _, ps := range p.Pseudo {
		if e.Can(ps, "", op) {
			return Grant{Role: ps}, true
		}
	}
	if !p.FullyAuthenticated() && p.TokenID == "" {
		return Grant{}, false
	}
	for _, g := range p.Grants {
		if e.Can(g.Role, g.Kind, op) {
			if g.Role == RoleHospitalSystem && !p.TokenAllows(op) {
				continue
			}
			return g, true
		}
	}
	return Grant{}, false
}

// Principal is who is calling.
type Principal struct {
	UserID      string
	Username    string
	DisplayName string
	Grants      []Grant
	Pseudo      []string
	// SessionID is the hash of the session token (hex), for logout.
	SessionID string
	CSRF      string
	// TokenID and TokenOps are set for API-token calls.
	TokenID  string
	TokenOps []string
}

// Anonymous is the principal of a request without credentials.
func Anonymous() *Principal { return &Principal{Pseudo: []string{PseudoAnonymous}} }

// FullyAuthenticated reports a session that passed every step.
func (p *Principal) FullyAuthenticated() bool {
	for _, ps := range p.Pseudo {
		if ps == PseudoAuthenticated {
			return true
		}
	}
	return false
}

// TokenAllows reports whether the API token names op.
func (p *Principal) TokenAllows(op string) bool {
	for _, o := range p.TokenOps {
		if o == op {
			return true
		}
	}
	return false
}

// Scope is the tenancy a request is limited to: the domain of the grant that
// allowed the operation.
type Scope struct {
	Kind       string
	HospitalID string
	RegionCode string
	Role       string
}

// System reports a system-wide scope.
func (s Scope) System() bool { return s.Kind == KindSystem }

// ScopeOf turns a grant into a scope.
func ScopeOf(g Grant) Scope {
	s := Scope{Kind: g.Kind, Role: g.Role, RegionCode: g.Region}
	if g.Kind == KindHospital {
		s.HospitalID = g.ID
	}
	return s
}

type principalKey struct{}
type scopeKey struct{}

// WithPrincipal stores p and its scope in ctx.
func WithPrincipal(ctx context.Context, p *Principal, s Scope) context.Context {
	return context.WithValue(context.WithValue(ctx, principalKey{}, p), scopeKey{}, s)
}

// PrincipalFrom returns the caller (anonymous when none).
func PrincipalFrom(ctx context.Context) *Principal {
	if p, ok := ctx.Value(principalKey{}).(*Principal); ok {
		return p
	}
	return Anonymous()
}

// ScopeFrom returns the request's scope (zero: nothing is in scope).
func ScopeFrom(ctx context.Context) Scope {
	s, _ := ctx.Value(scopeKey{}).(Scope)
	return s
}
