package notify

import (
	"errors"
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

// Named errors of the service.
var (
	ErrStale     = errors.New("the settings were changed elsewhere; reload them")
	ErrNoUser    = errors.New("notifications belong to a signed-in person")
	ErrBadNotice = errors.New("notify: invalid notice")
)

// FieldError is one problem with one input field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// ValidationError lists every input problem at once.
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

// toHTTP maps the service's errors to problem+json.
func toHTTP(err error) error {
	var ve *ValidationError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ve):
		details := make([]error, 0, len(ve.Fields))
		for _, f := range ve.Fields {
			details = append(details, &huma.ErrorDetail{Location: f.Field, Message: f.Message})
		}
		return huma.Error422UnprocessableEntity("validation failed", details...)
	case errors.Is(err, ErrStale):
		return huma.Error409Conflict(err.Error())
	case errors.Is(err, ErrNoUser):
		return huma.Error403Forbidden(err.Error())
	}
	return err
}
