package authz

import (
	"context"
	"crypto/subtle"
	"net"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/observability"
)

// Cookie and header names.
const (
	SessionCookie = "teyi_session"
	CSRFCookie    = "teyi_csrf"
	CSRFHeader    = "X-CSRF-Token"
)

// Credentials are what a request presents.
type Credentials struct {
	SessionToken string
	BearerToken  string
	IP           string
}

// Authenticator turns credentials into a principal. It returns Anonymous for
// missing, expired or unknown credentials.
type Authenticator interface {
	Authenticate(ctx context.Context, c Credentials) (*Principal, error)
}

// DenialRecorder records an authorization denial in the audit log.
type DenialRecorder func(ctx context.Context, op string)

// Middleware checks every operation: it authenticates the caller, requires
// the CSRF header on mutating calls made with a session cookie, asks the
// enforcer, and puts the principal, its scope and the audit actor in the
// context. Unknown callers get 401, known ones without the right 403; both
// are audited.
func Middleware(api huma.API, e *Enforcer, a Authenticator, denied DenialRecorder) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		op := ctx.Operation()
		opID := ""
		if op != nil {
			opID = op.OperationID
		}
		ip := clientIP(ctx.RemoteAddr())
		cred := Credentials{IP: ip}
		if c, err := huma.ReadCookie(ctx, SessionCookie); err == nil {
			cred.SessionToken = c.Value
		}
		if h := ctx.Header("Authorization"); strings.HasPrefix(h, "Bearer ") {
			cred.BearerToken = strings.TrimSpace(strings.TrimPrefix(h, "Bearer "))
		}
		base := ctx.Context()
		p, err := a.Authenticate(base, cred)
		if err != nil {
			huma.WriteErr(api, ctx, http.StatusServiceUnavailable, "authentication is unavailable, try again")
			return
		}
		actor := audit.Actor{UserID: p.UserID, Name: p.Username, IP: ip, RequestID: observability.RequestID(base)}
		if p.TokenID != "" {
			actor.Name = "token:" + p.TokenID
		}
		rctx := audit.WithActor(base, actor)
		if mutating(ctx.Method()) && p.SessionID != "" && cred.BearerToken == "" {
			got := ctx.Header(CSRFHeader)
			if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(p.CSRF)) != 1 {
				if denied != nil {
					denied(WithPrincipal(rctx, p, Scope{}), opID+" (csrf)")
				}
				huma.WriteErr(api, ctx, http.StatusForbidden, "missing or wrong CSRF token; reload the page")
				return
			}
		}
		g, ok := e.Allowed(p, opID)
		if !ok {
			if denied != nil {
				denied(WithPrincipal(rctx, p, Scope{}), opID)
			}
			if p.UserID == "" && p.TokenID == "" {
				huma.WriteErr(api, ctx, http.StatusUnauthorized, "sign in first")
			} else {
				huma.WriteErr(api, ctx, http.StatusForbidden, "your role may not do this")
			}
			return
		}
		actor.Role = g.Role
		if g.Kind != "" {
			actor.Domain = g.Kind + ":" + g.ID
		}
		rctx = audit.WithActor(rctx, actor)
		next(huma.WithContext(ctx, WithPrincipal(rctx, p, ScopeOf(g))))
	}
}

func mutating(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

func clientIP(remote string) string {
	if h, _, err := net.SplitHostPort(remote); err == nil {
		return h
	}
	return remote
}
