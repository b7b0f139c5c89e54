package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
)

// SystemStatus is what the status page shows.
type SystemStatus struct {
	Version string        `json:"version" doc:"Teyi version"`
	Ready   bool          `json:"ready" doc:"All dependencies reachable"`
	Checks  []CheckResult `json:"checks"`
}

type statusOutput struct {
	Body SystemStatus
}

func (s *Server) registerStatus() {
	huma.Register(s.API, huma.Operation{
		OperationID: "get-system-status",
		Method:      http.MethodGet,
		Path:        "/api/v1/system/status",
		Summary:     "Readiness of Teyi and its dependencies",
		Tags:        []string{"system"},
	}, func(ctx context.Context, _ *struct{}) (*statusOutput, error) {
		ready, checks := s.Ready(ctx)
		return &statusOutput{Body: SystemStatus{Version: s.version, Ready: ready, Checks: checks}}, nil
	})
}
