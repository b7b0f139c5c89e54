package pricingsvc

import (
	"errors"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"teyi/backend/internal/pricing"
)

// Named errors of the service.
var (
	ErrNotFound     = errors.New("pricing version not found")
	ErrStale        = errors.New("the version was changed by someone else; reload it")
	ErrNumberTaken  = errors.New("the version number is taken in this region and year")
	ErrNoRegion     = errors.New("pricing versions belong to a region: act in a region's scope")
	ErrNotAdmin     = errors.New("only a bureau administrator activates or ends a version")
	ErrTooLarge     = errors.New("the catalogue is too large")
	ErrNoEndDate    = errors.New("an active version ends on a date: effective_to is required")
	ErrRetiredFinal = errors.New("a retired version cannot change")
)

// MaxCatalogueBytes bounds an uploaded catalogue; real ones are under 100 kB.
const MaxCatalogueBytes = 4 << 20

// FieldError is one problem with one input field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	Value   string `json:"value,omitempty"`
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

// fromPricing turns a pricing validation error into field errors under
// prefix ("" for the version's own fields).
func fromPricing(err error, prefix string) error {
	var ve *pricing.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	out := &ValidationError{}
	for _, f := range ve.Fields {
		out.Fields = append(out.Fields, FieldError{Field: prefix + f.Field, Message: f.Err.Error()})
	}
	return out
}

// toHTTP maps the service's and the pricing pack's errors to problem+json.
func toHTTP(err error) error {
	var ve *ValidationError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ve):
		details := make([]error, 0, len(ve.Fields))
		for _, f := range ve.Fields {
			details = append(details, &huma.ErrorDetail{Location: "body." + f.Field, Message: f.Message, Value: f.Value})
		}
		return huma.Error422UnprocessableEntity("validation failed", details...)
	case errors.Is(err, ErrNotFound):
		return huma.Error404NotFound("not found")
	case errors.Is(err, ErrTooLarge):
		return huma.NewError(413, err.Error())
	case errors.Is(err, ErrNotAdmin), errors.Is(err, ErrNoRegion):
		return huma.Error403Forbidden(err.Error())
	case errors.Is(err, ErrStale), errors.Is(err, ErrNumberTaken), errors.Is(err, ErrRetiredFinal),
		errors.Is(err, pricing.ErrNotDraft), errors.Is(err, pricing.ErrNotActive), errors.Is(err, pricing.ErrOverlap):
		return huma.Error409Conflict(err.Error())
	case errors.Is(err, pricing.ErrEffectiveInPast):
		return huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "body.effective_from", Message: err.Error()})
	case errors.Is(err, pricing.ErrEndOutOfRange), errors.Is(err, ErrNoEndDate):
		return huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "body.effective_to", Message: err.Error()})
	case errors.Is(err, pricing.ErrUnknownDRG):
		return huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "body.drg", Message: err.Error()})
	case errors.Is(err, pricing.ErrLevelNotCovered):
		return huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "body.level", Message: err.Error()})
	case errors.Is(err, pricing.ErrNotEffective):
		return huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "body.discharge_date", Message: err.Error()})
	}
	return err
}
