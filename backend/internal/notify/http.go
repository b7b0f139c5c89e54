package notify

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
)

// Routes registers the caller's notification operations. Every one is
// limited to the caller's own notifications and settings.
func (s *Service) Routes(api huma.API) {
	h := &handlers{s: s}
	tags := []string{"notifications"}
	huma.Register(api, huma.Operation{OperationID: "list-notifications", Method: http.MethodGet, Path: "/api/v1/notifications",
		Summary: "My notifications, newest first", Tags: tags}, h.list)
	huma.Register(api, huma.Operation{OperationID: "get-notification-count", Method: http.MethodGet, Path: "/api/v1/notifications/count",
		Summary: "How many of my notifications are unread", Tags: tags}, h.count)
	huma.Register(api, huma.Operation{OperationID: "mark-notifications-read", Method: http.MethodPost, Path: "/api/v1/notifications/read",
		Summary: "Mark some or all of my notifications read", Tags: tags}, h.markRead)
	huma.Register(api, huma.Operation{OperationID: "get-notification-settings", Method: http.MethodGet, Path: "/api/v1/me/notification-settings",
		Summary: "My e-mail notification settings", Tags: tags}, h.settings)
	huma.Register(api, huma.Operation{OperationID: "update-notification-settings", Method: http.MethodPut, Path: "/api/v1/me/notification-settings",
		Summary: "Change my e-mail notification settings (409 on a stale version)", Tags: tags}, h.updateSettings)
}

type handlers struct{ s *Service }

type notifyListInput struct {
	Unread bool   `query:"unread" doc:"Only unread notifications"`
	After  string `query:"after" maxLength:"36" doc:"Cursor: next from the previous page"`
	Limit  int    `query:"limit" minimum:"0" maximum:"100" doc:"Page size (default 20, at most 100)"`
}

type notifyListOutput struct{ Body *NotificationPage }

func (h *handlers) list(ctx context.Context, in *notifyListInput) (*notifyListOutput, error) {
	p, err := h.s.List(ctx, ListFilter{Unread: in.Unread, After: in.After, Limit: in.Limit})
	if err != nil {
		return nil, toHTTP(err)
	}
	return &notifyListOutput{Body: p}, nil
}

type notifyCount struct {
	Unread int64 `json:"unread"`
}

type notifyCountOutput struct{ Body notifyCount }

func (h *handlers) count(ctx context.Context, _ *struct{}) (*notifyCountOutput, error) {
	n, err := h.s.Unread(ctx)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &notifyCountOutput{Body: notifyCount{Unread: n}}, nil
}

type notifyMarkInput struct {
	Body struct {
		IDs []string `json:"ids,omitempty" required:"false" maxItems:"200" doc:"Notification ids (UUIDs); others' ids are ignored"`
		All bool     `json:"all,omitempty" required:"false" doc:"Mark every one of my notifications read"`
	}
}

type notifyMarkResult struct {
	Updated int64 `json:"updated"`
	Unread  int64 `json:"unread"`
}

type notifyMarkOutput struct{ Body notifyMarkResult }

func (h *handlers) markRead(ctx context.Context, in *notifyMarkInput) (*notifyMarkOutput, error) {
	changed, unread, err := h.s.MarkRead(ctx, in.Body.IDs, in.Body.All)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &notifyMarkOutput{Body: notifyMarkResult{Updated: changed, Unread: unread}}, nil
}

type notifySettingsOutput struct{ Body *NotificationSettings }

func (h *handlers) settings(ctx context.Context, _ *struct{}) (*notifySettingsOutput, error) {
	st, err := h.s.Settings(ctx)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &notifySettingsOutput{Body: st}, nil
}

type notifySettingsInput struct {
	Body struct {
		Version      int    `json:"version" minimum:"0" doc:"The version read (0 before the first save); a stale one answers 409"`
		Email        string `json:"email" maxLength:"254" doc:"Where my notifications are mailed (empty: none)"`
		EmailEnabled bool   `json:"email_enabled" doc:"Mail my notifications to the address"`
	}
}

func (h *handlers) updateSettings(ctx context.Context, in *notifySettingsInput) (*notifySettingsOutput, error) {
	st, err := h.s.UpdateSettings(ctx, SettingsInput{Version: in.Body.Version, Email: in.Body.Email, EmailEnabled: in.Body.EmailEnabled})
	if err != nil {
		return nil, toHTTP(err)
	}
	return &notifySettingsOutput{Body: st}, nil
}
