package httpapi

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"sync/atomic"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"

	"teyi/backend/internal/platform/observability"
)

// Problem is the RFC 9457 body for errors raised outside huma (routing,
// body limits, panics). huma's own errors use the same shape.
type Problem struct {
	Type     string `json:"type,omitempty"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail,omitempty"`
	Instance string `json:"instance,omitempty"`
}

func init() {
	// huma puts the text of unexpected errors into the problem body; for
	// server errors that could carry SQL or internals, so it is logged instead.
	base := huma.NewError
	huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
		if status >= 500 {
			for _, e := range errs {
				if e != nil {
					errorLog().Error("request failed", "status", status, "err", e.Error())
				}
			}
			if status == http.StatusInternalServerError {
				msg = "unexpected error occurred"
			}
			return base(status, msg)
		}
		return base(status, msg, errs...)
	}
}

var defaultLog atomic.Pointer[slog.Logger]

func errorLog() *slog.Logger {
	if l := defaultLog.Load(); l != nil {
		return l
	}
	return slog.Default()
}

func (s *Server) errorHandler(c *fiber.Ctx, err error) error {
	status := http.StatusInternalServerError
	detail := ""
	var fe *fiber.Error
	var se huma.StatusError
	switch {
	case errors.As(err, &fe):
		status = fe.Code
		if status < 500 {
			detail = fe.Message
		}
	case errors.As(err, &se):
		status = se.GetStatus()
	}
	if status == http.StatusRequestEntityTooLarge {
		detail = "request body exceeds the configured limit"
	}
	if status >= 500 {
		s.log.ErrorContext(c.UserContext(), "request failed", "route", c.Route().Path, "err", err.Error())
	}
	body, _ := json.Marshal(Problem{
		Title:    http.StatusText(status),
		Status:   status,
		Detail:   detail,
		Instance: "urn:request:" + observability.RequestID(c.UserContext()),
	})
	c.Set(fiber.HeaderContentType, "application/problem+json")
	return c.Status(status).Send(body)
}
