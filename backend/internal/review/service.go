// Package review is the expert review of accepted special-case applications
// (专家评审, domain.md §1.4, §8): the region's expert pool, review cycles,
// panels drawn at random with recusal (package draw, every draw recorded and
// replayable), invitations with replacement draws, sealed votes, the
// decision rule (package decision), the bureau reviewer's confirmation, the
// decision letter (package letter) and the hospital's one appeal to a fresh
// panel. The application's own states move through specialcase.Service.Do
// with its internal commands, in the same transaction.
package review

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"teyi/backend/internal/casefile"
	"teyi/backend/internal/notify"
	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/calendar"
	"teyi/backend/internal/platform/clock"
	"teyi/backend/internal/platform/database"
	"teyi/backend/internal/platform/storage"
	"teyi/backend/internal/specialcase"
	"teyi/backend/internal/specialcase/settings"
)

// Service is the expert review.
type Service struct {
	DB       *database.DB
	Audit    *audit.Log
	Clock    clock.Clock
	Log      *slog.Logger
	Apps     *specialcase.Service
	Settings *settings.Service
	Cases    *casefile.Service
	// Letters stores the decision letters' PDFs by digest.
	Letters storage.Store
	// Notify may be nil (no notifications).
	Notify *notify.Service
	// BaseURL is printed on letters for the verification page ("" = the
	// path only).
	BaseURL string
}

// Named errors.
var (
	ErrNotFound = errors.New("not found")
	ErrStale    = errors.New("changed by someone else; reload")
)

// ConflictError is a refused step (409) with a code the UI can name.
type ConflictError struct{ Code, Message string }

func (e *ConflictError) Error() string { return e.Message }

func conflict(code, msg string) error { return &ConflictError{Code: code, Message: msg} }

// ForbiddenError is a role that may never take the step (403).
type ForbiddenError struct{ Message string }

func (e *ForbiddenError) Error() string { return e.Message }

// FieldError is one problem with one input field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// ValidationError lists input problems (422).
type ValidationError struct{ Fields []FieldError }

func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		parts = append(parts, f.Field+": "+f.Message)
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

func invalid(field, msg string) error {
	return &ValidationError{Fields: []FieldError{{Field: field, Message: msg}}}
}

// who is the caller: user, name, region and the roles held in it.
type who struct {
	userID, name, region string
	roles                []string
	system               bool
}

func whoOf(ctx context.Context) who {
	sc := authz.ScopeFrom(ctx)
	p := authz.PrincipalFrom(ctx)
	w := who{userID: p.UserID, name: p.DisplayName, region: strings.TrimSpace(sc.RegionCode), system: sc.System() && p.UserID == ""}
	if w.name == "" {
		w.name = p.Username
	}
	for _, g := range p.Grants {
		if g.Kind == authz.KindRegion && strings.TrimSpace(g.Region) == w.region {
			w.roles = append(w.roles, g.Role)
		}
	}
	return w
}

func (w who) has(role string) bool { return slices.Contains(w.roles, role) }

// regionOnly returns the caller's region or ErrNotFound outside one.
func (w who) regionOnly() (string, error) {
	if w.region == "" {
		return "", ErrNotFound
	}
	return w.region, nil
}

func (s *Service) now() time.Time { return s.Clock.Now().UTC().Truncate(time.Microsecond) }

// settingsFor is the region's review settings and calendar in force today.
func (s *Service) settingsFor(ctx context.Context, region string) (settings.Review, *calendar.Calendar, error) {
	st, err := s.Settings.Effective(ctx, region, calendar.DateOf(s.Clock.Now()))
	if err != nil {
		return settings.Review{}, nil, err
	}
	cal, err := s.Settings.Calendar(ctx, region)
	if err != nil {
		return settings.Review{}, nil, err
	}
	return st.Review, cal, nil
}

var beijing = time.FixedZone("CST", 8*3600)

// dueAfter is the end (Beijing midnight) of the n-th working day after now.
func dueAfter(cal *calendar.Calendar, now time.Time, n int) (time.Time, error) {
	d, err := specialcase.AddWorkdays(cal, calendar.DateOf(now), n)
	if err != nil {
		return time.Time{}, err
	}
	e := d.AddDays(1)
	return time.Date(e.Year, e.Month, e.Day, 0, 0, 0, 0, beijing).UTC(), nil
}

// sysCtx acts as the system inside ctx's transaction (reads of the
// application and the case for a checked caller).
func sysCtx(ctx context.Context) context.Context {
	return authz.WithPrincipal(ctx, &authz.Principal{Username: "review"}, authz.Scope{Kind: authz.KindSystem, Role: authz.RoleSysadmin})
}

// send notifies inside the transaction (nothing without a notifier).
func (s *Service) send(ctx context.Context, to notify.Audience, n notify.Notice) error {
	if s.Notify == nil {
		return nil
	}
	_, err := s.Notify.Send(ctx, to, n)
	return err
}

func letterOf(i int) string {
	if i < 26 {
		return string(rune('A' + i))
	}
	return fmt.Sprintf("%c%d", rune('A'+i%26), i/26)
}
