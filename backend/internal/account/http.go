package account

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authn"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/httpapi"
)

// Routes registers the account operations.
func (s *Service) Routes(api huma.API, enf *authz.Enforcer) {
	h := &handlers{s: s, enf: enf}
	reg := func(op huma.Operation) huma.Operation {
		if len(op.Tags) == 0 {
			op.Tags = []string{"account"}
		}
		return op
	}
	huma.Register(api, reg(huma.Operation{OperationID: "login", Method: http.MethodPost, Path: "/api/v1/auth/login",
		Summary: "Sign in with username and password", Tags: []string{"auth"}}), h.login)
	huma.Register(api, reg(huma.Operation{OperationID: "verify-totp", Method: http.MethodPost, Path: "/api/v1/auth/totp",
		Summary: "Complete sign-in with a TOTP or recovery code", Tags: []string{"auth"}}), h.verifyTOTP)
	huma.Register(api, reg(huma.Operation{OperationID: "logout", Method: http.MethodPost, Path: "/api/v1/auth/logout",
		Summary: "Sign out", Tags: []string{"auth"}, DefaultStatus: http.StatusNoContent}), h.logout)
	huma.Register(api, reg(huma.Operation{OperationID: "get-me", Method: http.MethodGet, Path: "/api/v1/me",
		Summary: "The signed-in user, their roles and what sign-in still needs", Tags: []string{"auth"}}), h.me)
	huma.Register(api, reg(huma.Operation{OperationID: "change-password", Method: http.MethodPost, Path: "/api/v1/me/password",
		Summary: "Change the own password", Tags: []string{"auth"}, DefaultStatus: http.StatusNoContent}), h.changePassword)
	huma.Register(api, reg(huma.Operation{OperationID: "begin-totp-enrolment", Method: http.MethodPost, Path: "/api/v1/me/totp",
		Summary: "Start enrolling a TOTP second factor (returns the secret and a QR code)", Tags: []string{"auth"}}), h.beginTOTP)
	huma.Register(api, reg(huma.Operation{OperationID: "confirm-totp-enrolment", Method: http.MethodPost, Path: "/api/v1/me/totp/confirm",
		Summary: "Confirm the TOTP second factor with a code; returns recovery codes once", Tags: []string{"auth"}}), h.confirmTOTP)
	huma.Register(api, reg(huma.Operation{OperationID: "get-token-info", Method: http.MethodGet, Path: "/api/v1/token-info",
		Summary: "What the calling API token may do (for hospital system integrators)", Tags: []string{"api-tokens"}}), h.tokenInfo)

	huma.Register(api, reg(huma.Operation{OperationID: "list-regions", Method: http.MethodGet, Path: "/api/v1/regions",
		Summary: "Regions in scope", Tags: []string{"organisations"}}), h.listRegions)
	huma.Register(api, reg(huma.Operation{OperationID: "create-region", Method: http.MethodPost, Path: "/api/v1/regions",
		Summary: "Add a region", Tags: []string{"organisations"}, DefaultStatus: http.StatusCreated}), h.createRegion)
	huma.Register(api, reg(huma.Operation{OperationID: "list-hospitals", Method: http.MethodGet, Path: "/api/v1/hospitals",
		Summary: "Hospitals in scope", Tags: []string{"organisations"}}), h.listHospitals)
	huma.Register(api, reg(huma.Operation{OperationID: "create-hospital", Method: http.MethodPost, Path: "/api/v1/hospitals",
		Summary: "Add a hospital", Tags: []string{"organisations"}, DefaultStatus: http.StatusCreated}), h.createHospital)
	huma.Register(api, reg(huma.Operation{OperationID: "get-hospital", Method: http.MethodGet, Path: "/api/v1/hospitals/{hospitalId}",
		Summary: "One hospital", Tags: []string{"organisations"}}), h.getHospital)
	huma.Register(api, reg(huma.Operation{OperationID: "update-hospital", Method: http.MethodPatch, Path: "/api/v1/hospitals/{hospitalId}",
		Summary: "Change a hospital", Tags: []string{"organisations"}}), h.updateHospital)

	huma.Register(api, reg(huma.Operation{OperationID: "list-roles", Method: http.MethodGet, Path: "/api/v1/roles",
		Summary: "Roles and the operations each may call", Tags: []string{"users"}}), h.listRoles)
	huma.Register(api, reg(huma.Operation{OperationID: "list-users", Method: http.MethodGet, Path: "/api/v1/users",
		Summary: "Users in scope", Tags: []string{"users"}}), h.listUsers)
	huma.Register(api, reg(huma.Operation{OperationID: "create-user", Method: http.MethodPost, Path: "/api/v1/users",
		Summary: "Add a user with a one-time password", Tags: []string{"users"}, DefaultStatus: http.StatusCreated}), h.createUser)
	huma.Register(api, reg(huma.Operation{OperationID: "get-user", Method: http.MethodGet, Path: "/api/v1/users/{userId}",
		Summary: "One user", Tags: []string{"users"}}), h.getUser)
	huma.Register(api, reg(huma.Operation{OperationID: "update-user", Method: http.MethodPatch, Path: "/api/v1/users/{userId}",
		Summary: "Rename, disable or enable a user (disabling ends all their sessions)", Tags: []string{"users"}}), h.updateUser)
	huma.Register(api, reg(huma.Operation{OperationID: "set-user-roles", Method: http.MethodPut, Path: "/api/v1/users/{userId}/roles",
		Summary: "Replace a user's roles", Tags: []string{"users"}}), h.setRoles)
	huma.Register(api, reg(huma.Operation{OperationID: "reset-user-password", Method: http.MethodPost, Path: "/api/v1/users/{userId}/password-reset",
		Summary: "Give a user a new one-time password", Tags: []string{"users"}}), h.resetPassword)

	huma.Register(api, reg(huma.Operation{OperationID: "reset-user-totp", Method: http.MethodPost, Path: "/api/v1/users/{userId}/totp-reset",
		Summary: "Remove a user's second factor so they enrol again (ends their sessions)", Tags: []string{"users"},
		DefaultStatus: http.StatusNoContent}), h.resetTOTP)
	huma.Register(api, reg(huma.Operation{OperationID: "list-api-tokens", Method: http.MethodGet, Path: "/api/v1/api-tokens",
		Summary: "API tokens in scope", Tags: []string{"api-tokens"}}), h.listTokens)
	huma.Register(api, reg(huma.Operation{OperationID: "create-api-token", Method: http.MethodPost, Path: "/api/v1/api-tokens",
		Summary: "Issue an API token for a hospital system (shown once)", Tags: []string{"api-tokens"}, DefaultStatus: http.StatusCreated}), h.createToken)
	huma.Register(api, reg(huma.Operation{OperationID: "revoke-api-token", Method: http.MethodDelete, Path: "/api/v1/api-tokens/{tokenId}",
		Summary: "Revoke an API token", Tags: []string{"api-tokens"}, DefaultStatus: http.StatusNoContent}), h.revokeToken)

	huma.Register(api, reg(huma.Operation{OperationID: "search-audit-events", Method: http.MethodGet, Path: "/api/v1/audit-events",
		Summary: "Search the audit log", Tags: []string{"audit"}}), h.searchAudit)
}

type handlers struct {
	s   *Service
	enf *authz.Enforcer
}

// setCookies writes the session cookie (HttpOnly) and the CSRF cookie (read
// by the console and sent back as X-CSRF-Token); Secure when served on TLS.
func (h *handlers) setCookies(ctx context.Context, token, csrf string, maxAge int) {
	secure := strings.HasPrefix(h.s.cfg.PublicURL, "https://")
	httpapi.SetCookie(ctx, http.Cookie{Name: authz.SessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: secure,
		SameSite: http.SameSiteStrictMode, MaxAge: maxAge})
	httpapi.SetCookie(ctx, http.Cookie{Name: authz.CSRFCookie, Value: csrf, Path: "/", Secure: secure,
		SameSite: http.SameSiteStrictMode, MaxAge: maxAge})
}

type loginInput struct {
	Body struct {
		Username string `json:"username" minLength:"1" maxLength:"64"`
		Password string `json:"password" minLength:"1" maxLength:"256"`
	}
}

type loginOutput struct {
	Body LoginResult
}

func (h *handlers) login(ctx context.Context, in *loginInput) (*loginOutput, error) {
	ip := audit.ActorFrom(ctx).IP
	res, err := h.s.Login(ctx, strings.ToLower(strings.TrimSpace(in.Body.Username)), in.Body.Password, ip)
	if err != nil {
		return nil, toHTTP(err)
	}
	h.setCookies(ctx, res.Token, res.CSRF, int(h.s.cfg.SessionMax.Seconds()))
	return &loginOutput{Body: *res}, nil
}

type codeInput struct {
	Body struct {
		Code string `json:"code" minLength:"6" maxLength:"20" doc:"Six-digit TOTP code or a recovery code"`
	}
}

type nextOutput struct {
	Body struct {
		Next string `json:"next"`
	}
}

func (h *handlers) verifyTOTP(ctx context.Context, in *codeInput) (*nextOutput, error) {
	next, err := h.s.VerifyTOTP(ctx, in.Body.Code)
	if err != nil {
		return nil, toHTTP(err)
	}
	out := &nextOutput{}
	out.Body.Next = next
	return out, nil
}

func (h *handlers) logout(ctx context.Context, _ *struct{}) (*struct{}, error) {
	if err := h.s.Logout(ctx); err != nil {
		return nil, err
	}
	h.setCookies(ctx, "", "", -1)
	return nil, nil
}

// Me is the signed-in user as the console needs it.
type Me struct {
	ID          string        `json:"id"`
	Username    string        `json:"username"`
	DisplayName string        `json:"display_name"`
	Roles       []authz.Grant `json:"roles"`
	State       string        `json:"state" enum:"mfa_pending,totp_enrolment,password_change,authenticated"`
	TOTPEnabled bool          `json:"totp_enabled"`
	CSRFToken   string        `json:"csrf_token"`
	HospitalID  *string       `json:"hospital_id"`
	RegionCode  *string       `json:"region_code"`
	Hospital    string        `json:"hospital_name"`
	Region      string        `json:"region_name"`
}

type meOutput struct{ Body Me }

func (h *handlers) me(ctx context.Context, _ *struct{}) (*meOutput, error) {
	p := authz.PrincipalFrom(ctx)
	u, err := h.s.store.user(ctx, authz.Scope{Kind: authz.KindSystem}, p.UserID)
	if err != nil {
		return nil, toHTTP(err)
	}
	state := p.Pseudo[len(p.Pseudo)-1]
	m := Me{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Roles: p.Grants, State: state,
		TOTPEnabled: u.TOTPEnabled, CSRFToken: p.CSRF, HospitalID: u.HospitalID, RegionCode: u.RegionCode}
	if u.HospitalID != nil {
		h.s.db.Conn(ctx).Raw(`SELECT name FROM hospitals WHERE id = ?`, *u.HospitalID).Scan(&m.Hospital)
	}
	if u.RegionCode != nil {
		h.s.db.Conn(ctx).Raw(`SELECT name FROM regions WHERE code = ?`, *u.RegionCode).Scan(&m.Region)
	}
	return &meOutput{Body: m}, nil
}

type passwordInput struct {
	Body struct {
		CurrentPassword string `json:"current_password" minLength:"1" maxLength:"256"`
		NewPassword     string `json:"new_password" minLength:"12" maxLength:"128"`
	}
}

func (h *handlers) changePassword(ctx context.Context, in *passwordInput) (*struct{}, error) {
	return nil, toHTTP(h.s.ChangePassword(ctx, in.Body.CurrentPassword, in.Body.NewPassword))
}

type enrolOutput struct{ Body authn.Enrolment }

func (h *handlers) beginTOTP(ctx context.Context, _ *struct{}) (*enrolOutput, error) {
	e, err := h.s.BeginEnrolment(ctx)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &enrolOutput{Body: e}, nil
}

type recoveryOutput struct {
	Body struct {
		RecoveryCodes []string `json:"recovery_codes" doc:"Shown once; each works once instead of a TOTP code"`
	}
}

func (h *handlers) confirmTOTP(ctx context.Context, in *codeInput) (*recoveryOutput, error) {
	codes, err := h.s.ConfirmEnrolment(ctx, in.Body.Code)
	if err != nil {
		return nil, toHTTP(err)
	}
	out := &recoveryOutput{}
	out.Body.RecoveryCodes = codes
	return out, nil
}

type tokenInfoOutput struct {
	Body struct {
		TokenID    string   `json:"token_id"`
		HospitalID string   `json:"hospital_id"`
		Operations []string `json:"operations"`
	}
}

func (h *handlers) tokenInfo(ctx context.Context, _ *struct{}) (*tokenInfoOutput, error) {
	p := authz.PrincipalFrom(ctx)
	out := &tokenInfoOutput{}
	out.Body.TokenID, out.Body.HospitalID, out.Body.Operations = p.TokenID, authz.ScopeFrom(ctx).HospitalID, p.TokenOps
	return out, nil
}

type listOut[T any] struct {
	Body struct {
		Items []T    `json:"items"`
		Next  string `json:"next,omitempty" doc:"Cursor for the next page"`
	}
}

func (h *handlers) listRegions(ctx context.Context, _ *struct{}) (*listOut[Region], error) {
	rs, err := h.s.Regions(ctx)
	out := &listOut[Region]{}
	out.Body.Items = nonNil(rs)
	return out, err
}

type regionInput struct {
	Body struct {
		Code string `json:"code" pattern:"^[0-9]{6}$"`
		Name string `json:"name" minLength:"1" maxLength:"100"`
	}
}

type regionOutput struct{ Body *Region }

func (h *handlers) createRegion(ctx context.Context, in *regionInput) (*regionOutput, error) {
	r, err := h.s.CreateRegion(ctx, in.Body.Code, in.Body.Name)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &regionOutput{Body: r}, nil
}

type pageInput struct {
	Q     string `query:"q" maxLength:"60" doc:"Search by name or code"`
	After string `query:"after" maxLength:"64" doc:"Cursor from the previous page"`
	Limit int    `query:"limit" minimum:"0" maximum:"200" default:"50"`
}

func (h *handlers) listHospitals(ctx context.Context, in *pageInput) (*listOut[Hospital], error) {
	hs, err := h.s.Hospitals(ctx, in.Q, in.After, in.Limit)
	out := &listOut[Hospital]{}
	out.Body.Items = nonNil(hs)
	if len(hs) == clampLimit(in.Limit) {
		out.Body.Next = hs[len(hs)-1].Code
	}
	return out, err
}

type hospitalInput struct{ Body HospitalInput }
type hospitalOutput struct{ Body *Hospital }

func (h *handlers) createHospital(ctx context.Context, in *hospitalInput) (*hospitalOutput, error) {
	hs, err := h.s.CreateHospital(ctx, in.Body)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &hospitalOutput{Body: hs}, nil
}

type hospitalID struct {
	HospitalID string `path:"hospitalId" maxLength:"36"`
}

func (h *handlers) getHospital(ctx context.Context, in *hospitalID) (*hospitalOutput, error) {
	hs, err := h.s.Hospital(ctx, in.HospitalID)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &hospitalOutput{Body: hs}, nil
}

type hospitalPatchInput struct {
	HospitalID string `path:"hospitalId" maxLength:"36"`
	Body       HospitalPatch
}

func (h *handlers) updateHospital(ctx context.Context, in *hospitalPatchInput) (*hospitalOutput, error) {
	hs, err := h.s.UpdateHospital(ctx, in.HospitalID, in.Body)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &hospitalOutput{Body: hs}, nil
}

// RoleInfo describes a role.
type RoleInfo struct {
	Role       string   `json:"role"`
	Kind       string   `json:"domain_kind"`
	Operations []string `json:"operations"`
}

func (h *handlers) listRoles(ctx context.Context, _ *struct{}) (*listOut[RoleInfo], error) {
	out := &listOut[RoleInfo]{}
	for _, r := range authz.PersonRoles {
		info := RoleInfo{Role: r.Role, Kind: r.Kind, Operations: []string{}}
		for _, op := range h.enf.Operations() {
			if h.enf.Can(r.Role, r.Kind, op) {
				info.Operations = append(info.Operations, op)
			}
		}
		out.Body.Items = append(out.Body.Items, info)
	}
	return out, nil
}

type usersInput struct {
	Q          string `query:"q" maxLength:"60" doc:"Search by username or name"`
	After      string `query:"after" maxLength:"64" doc:"Cursor from the previous page"`
	Limit      int    `query:"limit" minimum:"0" maximum:"200" default:"50"`
	HospitalID string `query:"hospital_id" maxLength:"36"`
}

func (h *handlers) listUsers(ctx context.Context, in *usersInput) (*listOut[User], error) {
	us, err := h.s.Users(ctx, in.Q, in.HospitalID, in.After, in.Limit)
	out := &listOut[User]{}
	out.Body.Items = nonNil(us)
	if len(us) == clampLimit(in.Limit) {
		out.Body.Next = us[len(us)-1].Username
	}
	return out, err
}

type userInput struct{ Body UserInput }
type createdUserOutput struct{ Body *CreatedUser }

func (h *handlers) createUser(ctx context.Context, in *userInput) (*createdUserOutput, error) {
	u, err := h.s.CreateUser(ctx, in.Body)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &createdUserOutput{Body: u}, nil
}

type userID struct {
	UserID string `path:"userId" maxLength:"36"`
}

type userOutput struct{ Body *User }

func (h *handlers) getUser(ctx context.Context, in *userID) (*userOutput, error) {
	u, err := h.s.User(ctx, in.UserID)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &userOutput{Body: u}, nil
}

type userPatchInput struct {
	UserID string `path:"userId" maxLength:"36"`
	Body   UserPatch
}

func (h *handlers) updateUser(ctx context.Context, in *userPatchInput) (*userOutput, error) {
	u, err := h.s.UpdateUser(ctx, in.UserID, in.Body)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &userOutput{Body: u}, nil
}

type rolesInput struct {
	UserID string `path:"userId" maxLength:"36"`
	Body   RolesInput
}

func (h *handlers) setRoles(ctx context.Context, in *rolesInput) (*userOutput, error) {
	u, err := h.s.SetRoles(ctx, in.UserID, in.Body)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &userOutput{Body: u}, nil
}

type resetOutput struct {
	Body struct {
		TemporaryPassword string `json:"temporary_password"`
	}
}

func (h *handlers) resetPassword(ctx context.Context, in *userID) (*resetOutput, error) {
	pw, err := h.s.ResetPassword(ctx, in.UserID)
	if err != nil {
		return nil, toHTTP(err)
	}
	out := &resetOutput{}
	out.Body.TemporaryPassword = pw
	return out, nil
}

func (h *handlers) resetTOTP(ctx context.Context, in *userID) (*struct{}, error) {
	return nil, toHTTP(h.s.ResetUserSecondFactor(ctx, in.UserID))
}

func (h *handlers) listTokens(ctx context.Context, _ *struct{}) (*listOut[APIToken], error) {
	ts, err := h.s.Tokens(ctx)
	out := &listOut[APIToken]{}
	out.Body.Items = nonNil(ts)
	return out, err
}

type tokenInput struct{ Body TokenInput }
type createdTokenOutput struct {
	Body struct {
		Token  *APIToken `json:"token"`
		Secret string    `json:"secret" doc:"The bearer token; shown once, store it in the hospital system"`
	}
}

func (h *handlers) createToken(ctx context.Context, in *tokenInput) (*createdTokenOutput, error) {
	t, secret, err := h.s.CreateToken(ctx, h.enf, in.Body)
	if err != nil {
		return nil, toHTTP(err)
	}
	out := &createdTokenOutput{}
	out.Body.Token, out.Body.Secret = t, secret
	return out, nil
}

type tokenID struct {
	TokenID string `path:"tokenId" maxLength:"36"`
}

func (h *handlers) revokeToken(ctx context.Context, in *tokenID) (*struct{}, error) {
	return nil, toHTTP(h.s.RevokeToken(ctx, in.TokenID))
}

type auditInput struct {
	Actor      string `query:"actor" maxLength:"64" doc:"Username of the actor"`
	Action     string `query:"action" maxLength:"64"`
	ObjectType string `query:"object_type" maxLength:"64"`
	ObjectID   string `query:"object_id" maxLength:"64"`
	From       string `query:"from" maxLength:"30" doc:"RFC 3339 time or YYYY-MM-DD"`
	To         string `query:"to" maxLength:"30" doc:"RFC 3339 time or YYYY-MM-DD (exclusive)"`
	Before     int64  `query:"before" minimum:"0" doc:"Cursor: events older than this id"`
	Limit      int    `query:"limit" minimum:"0" maximum:"200" default:"50"`
}

type auditOutput struct {
	Body struct {
		Items []audit.Row `json:"items"`
		Next  int64       `json:"next,omitempty"`
	}
}

func parseWhen(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		return t, nil
	}
	return time.Time{}, huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "query." + field,
		Message: "want RFC 3339 or YYYY-MM-DD", Value: s})
}

func (h *handlers) searchAudit(ctx context.Context, in *auditInput) (*auditOutput, error) {
	from, err := parseWhen("from", in.From)
	if err != nil {
		return nil, err
	}
	to, err := parseWhen("to", in.To)
	if err != nil {
		return nil, err
	}
	sc := authz.ScopeFrom(ctx)
	f := audit.Filter{ActorName: in.Actor, Action: in.Action, ObjectType: in.ObjectType, ObjectID: in.ObjectID,
		From: from, To: to, Before: in.Before, Limit: in.Limit}
	if !sc.System() {
		f.RegionCode = sc.RegionCode
	}
	rows, next, err := h.s.audit.Search(ctx, f)
	if err != nil {
		return nil, err
	}
	out := &auditOutput{}
	out.Body.Items, out.Body.Next = nonNil(rows), next
	return out, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
