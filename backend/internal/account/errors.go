package account

import (
	"errors"

	"github.com/danielgtaylor/huma/v2"
)

// toHTTP maps the package's errors to problem+json answers.
func toHTTP(err error) error {
	var ve *ValidationError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ve):
		return huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "body." + ve.Field, Message: ve.Message})
	case errors.Is(err, ErrNotFound):
		return huma.Error404NotFound("not found")
	case errors.Is(err, ErrStale):
		return huma.Error409Conflict(ErrStale.Error())
	case errors.Is(err, ErrConflict):
		return huma.Error409Conflict("already exists")
	case errors.Is(err, ErrInvalidLogin):
		return huma.Error401Unauthorized(ErrInvalidLogin.Error())
	}
	return err
}
