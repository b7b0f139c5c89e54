package publication

import (
	"errors"

	"github.com/danielgtaylor/huma/v2"
)

// Named errors of the service.
var (
	ErrNotFound  = errors.New("report not found")
	ErrForbidden = errors.New("only a bureau administrator of the region drafts and publishes its reports")
	ErrStale     = errors.New("the draft was rebuilt since you read it; reload it and publish again")
	ErrPublished = errors.New("this revision of the draft is already published; draft again to publish a new version")
	ErrNotDraft  = errors.New("only a draft is published; a published version never changes")
)

// toHTTP maps the service's errors to problem+json.
func toHTTP(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrPeriod):
		return huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "body.period", Message: err.Error()})
	case errors.Is(err, ErrNotFound):
		return huma.Error404NotFound("not found")
	case errors.Is(err, ErrForbidden):
		return huma.Error403Forbidden(err.Error())
	case errors.Is(err, ErrStale), errors.Is(err, ErrPublished), errors.Is(err, ErrNotDraft):
		return huma.Error409Conflict(err.Error())
	}
	return err
}
