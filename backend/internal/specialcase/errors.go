package specialcase

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"teyi/backend/internal/casefile"
	"teyi/backend/internal/platform/calendar"
	"teyi/backend/internal/platform/storage"
)

// Named errors.
var (
	ErrNotFound    = errors.New("application not found")
	ErrStale       = errors.New("the application was changed by someone else; reload it")
	ErrOpenExists  = errors.New("this case already has an open application")
	ErrNotCurrent  = errors.New("this case version was replaced by a newer one; apply on the current version")
	ErrFrozen      = errors.New("the evidence is frozen since submission; send new material as a reply to an information request")
	ErrTooLarge    = errors.New("the file is too large")
	ErrTotalTooBig = errors.New("the application's files together would exceed the limit")
	ErrBadType     = errors.New("only PDF, JPEG, PNG, TIFF and OFD files are accepted (checked by content)")
	ErrUnsafe      = errors.New("the file was refused: its archive structure is unsafe")
)

// Limits of evidence.
const (
	MaxFileBytes        = 20 << 20
	MaxApplicationBytes = 200 << 20
	MaxFilesPerApp      = 60
)

// TransitionError is a refused command.
type TransitionError struct {
	Command Command
	From    Status
	Refusal Refusal
}

func (e *TransitionError) Error() string {
	switch e.Refusal {
	case NotYourTurn:
		return fmt.Sprintf("your role may not %s an application", e.Command)
	case UnknownCommand:
		return fmt.Sprintf("unknown command %q", e.Command)
	}
	return fmt.Sprintf("%s is not possible while the application is %s", e.Command, e.From)
}

// QuotaError is a submission over the quota.
type QuotaError struct {
	Cap, Used int
	Period    string
	Scope     string
}

func (e *QuotaError) Error() string {
	return fmt.Sprintf("the special-case quota is used up: %d of %d applications for %s", e.Used, e.Cap, e.Period)
}

// WindowError is a submission outside the application window.
type WindowError struct{ Decision WindowDecision }

func (e *WindowError) Error() string {
	if e.Decision.Reason == "not_yet_open" {
		return fmt.Sprintf("the application window for this case opens on %s", e.Decision.Opens)
	}
	return fmt.Sprintf("the application window for this case closed on %s", e.Decision.Closes)
}

// FieldError is one problem with one input field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// ValidationError lists input problems.
type ValidationError struct{ Fields []FieldError }

func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		parts = append(parts, f.Field+": "+f.Message)
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

type fieldErrors struct{ list []FieldError }

func (f *fieldErrors) add(field, msg string) {
	f.list = append(f.list, FieldError{Field: field, Message: msg})
}

func (f *fieldErrors) err() error {
	if len(f.list) == 0 {
		return nil
	}
	return &ValidationError{Fields: f.list}
}

func invalid(field, msg string) error {
	return &ValidationError{Fields: []FieldError{{Field: field, Message: msg}}}
}

// Problem is problem+json with the workflow's extension members.
type Problem struct {
	huma.ErrorModel
	Code    string `json:"code,omitempty"`
	Cap     *int   `json:"cap,omitempty"`
	Used    *int   `json:"used,omitempty"`
	Period  string `json:"period,omitempty"`
	Opens   string `json:"opens,omitempty"`
	Closes  string `json:"closes,omitempty"`
	From    string `json:"from,omitempty"`
	Command string `json:"command,omitempty"`
}

func problem(status int, code, msg string) *Problem {
	return &Problem{ErrorModel: huma.ErrorModel{Status: status, Title: http.StatusText(status), Detail: msg,
		Type: "https://teyi.dev/problems/" + code}, Code: code}
}

// toHTTP maps errors to problem+json.
func toHTTP(err error) error {
	var (
		ve *ValidationError
		te *TransitionError
		qe *QuotaError
		we *WindowError
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ve):
		details := make([]error, 0, len(ve.Fields))
		for _, f := range ve.Fields {
			details = append(details, &huma.ErrorDetail{Location: "body." + f.Field, Message: f.Message})
		}
		return huma.Error422UnprocessableEntity("validation failed", details...)
	case errors.As(err, &te):
		status, code := http.StatusConflict, "illegal-transition"
		switch te.Refusal {
		case NotYourTurn:
			status, code = http.StatusForbidden, "not-your-turn"
		case UnknownCommand:
			status, code = http.StatusUnprocessableEntity, "unknown-command"
		}
		p := problem(status, code, te.Error())
		p.From, p.Command = string(te.From), string(te.Command)
		return p
	case errors.As(err, &qe):
		p := problem(http.StatusConflict, "quota-exhausted", qe.Error())
		p.Cap, p.Used, p.Period = &qe.Cap, &qe.Used, qe.Period
		return p
	case errors.As(err, &we):
		p := problem(http.StatusUnprocessableEntity, "window-closed", we.Error())
		if we.Decision.Opens.Year != 0 {
			p.Opens = we.Decision.Opens.String()
		}
		if we.Decision.Closes.Year != 0 {
			p.Closes = we.Decision.Closes.String()
		}
		return p
	case errors.Is(err, calendar.ErrUnknownYear):
		return problem(http.StatusUnprocessableEntity, "calendar-year-missing",
			"the working-day calendar does not have this year yet; a bureau administrator adds it on 工作日历 ("+err.Error()+")")
	case errors.Is(err, ErrNotFound), errors.Is(err, casefile.ErrNotFound):
		return huma.Error404NotFound("not found")
	case errors.Is(err, ErrStale):
		return problem(http.StatusConflict, "stale-version", err.Error())
	case errors.Is(err, ErrOpenExists):
		return problem(http.StatusConflict, "open-application-exists", err.Error())
	case errors.Is(err, ErrNotCurrent):
		return problem(http.StatusConflict, "case-replaced", err.Error())
	case errors.Is(err, ErrFrozen):
		return problem(http.StatusConflict, "evidence-frozen", err.Error())
	case errors.Is(err, ErrTooLarge), errors.Is(err, storage.ErrTooLarge), errors.Is(err, ErrTotalTooBig):
		return huma.NewError(http.StatusRequestEntityTooLarge, err.Error())
	case errors.Is(err, ErrBadType), errors.Is(err, storage.ErrType):
		return huma.NewError(http.StatusUnsupportedMediaType, ErrBadType.Error())
	case errors.Is(err, ErrUnsafe), errors.Is(err, storage.ErrZipBomb):
		return huma.Error422UnprocessableEntity(ErrUnsafe.Error())
	}
	return err
}

// GetStatus makes Problem a huma.StatusError.
func (p *Problem) GetStatus() int { return p.Status }

func (p *Problem) Error() string { return p.Detail }

// ToHTTP maps the workflow's errors to problem+json (for modules that run
// its commands).
func ToHTTP(err error) error { return toHTTP(err) }
