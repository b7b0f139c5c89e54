package registry

import (
	"errors"
	"fmt"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"teyi/backend/internal/platform/storage"
)

// Named errors of the service.
var (
	ErrNotFound      = errors.New("filing not found")
	ErrStale         = errors.New("the filing was changed by someone else; reload it")
	ErrState         = errors.New("not allowed in the filing's current state")
	ErrForbidden     = errors.New("this action is not yours to take")
	ErrDuplicate     = errors.New("this hospital already has an open or approved filing for the code")
	ErrNoEvidence    = errors.New("attach at least one evidence file before submitting")
	ErrTooManyFiles  = errors.New("a filing holds at most 20 evidence files")
	ErrTooLarge      = errors.New("an evidence file is limited to 20 MiB")
	ErrFileType      = errors.New("evidence must be PDF, JPEG, PNG, TIFF or OFD (decided by the content)")
	ErrNoFileStorage = errors.New("evidence storage is not configured")
)

// FieldError is one problem with one input field.
type FieldError struct {
	Field   string
	Message string
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

type fieldErrors struct{ list []FieldError }

func (f *fieldErrors) add(field, format string, args ...any) {
	f.list = append(f.list, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

func (f *fieldErrors) err() error {
	if len(f.list) == 0 {
		return nil
	}
	return &ValidationError{Fields: f.list}
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
			loc := f.Field
			if !strings.HasPrefix(loc, "query.") {
				loc = "body." + loc
			}
			details = append(details, &huma.ErrorDetail{Location: loc, Message: f.Message})
		}
		return huma.Error422UnprocessableEntity("validation failed", details...)
	case errors.Is(err, ErrNotFound), errors.Is(err, storage.ErrNotFound):
		return huma.Error404NotFound("not found")
	case errors.Is(err, ErrForbidden):
		return huma.Error403Forbidden(err.Error())
	case errors.Is(err, ErrStale), errors.Is(err, ErrState), errors.Is(err, ErrDuplicate), errors.Is(err, ErrTooManyFiles):
		return huma.Error409Conflict(err.Error())
	case errors.Is(err, ErrNoEvidence):
		return huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "body.evidence", Message: err.Error()})
	case errors.Is(err, ErrTooLarge), errors.Is(err, storage.ErrTooLarge):
		return huma.Error413RequestEntityTooLarge(ErrTooLarge.Error())
	case errors.Is(err, ErrFileType), errors.Is(err, storage.ErrType), errors.Is(err, storage.ErrZipBomb):
		return huma.Error415UnsupportedMediaType(ErrFileType.Error())
	case errors.Is(err, ErrNoFileStorage):
		return huma.Error503ServiceUnavailable(err.Error())
	}
	return err
}
