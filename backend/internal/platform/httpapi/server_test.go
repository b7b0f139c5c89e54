package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/danielgtaylor/huma/v2"
)

func newTestServer(t *testing.T) *Server {
	t.Helper()
	s := New(Options{Version: "test", BodyLimit: 4096, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	type in struct {
		Body struct {
			Name  string `json:"name" minLength:"2" maxLength:"10"`
			Count int    `json:"count" minimum:"1"`
		}
	}
	huma.Register(s.API, huma.Operation{OperationID: "echo", Method: http.MethodPost, Path: "/api/v1/echo"},
		func(ctx context.Context, i *in) (*struct{ Body string }, error) {
			if i.Body.Name == "boom" {
				panic("secret internal detail")
			}
			return &struct{ Body string }{Body: i.Body.Name}, nil
		})
	s.ServeUI(fstest.MapFS{
		"index.html":    {Data: []byte("<html>spa</html>")},
		"assets/app.js": {Data: []byte("console.log(1)")},
	})
	s.NotFound()
	return s
}

func do(t *testing.T, s *Server, method, path, body string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.App.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestReadyzNamesTheDependencyThatIsDown(t *testing.T) {
	s := newTestServer(t)
	redisUp := true
	s.AddCheck("postgres", func(context.Context) error { return nil })
	s.AddCheck("redis", func(context.Context) error {
		if !redisUp {
			return errors.New("dial tcp 127.0.0.1:6379: connect: connection refused")
		}
		return nil
	})
	resp, _ := do(t, s, "GET", "/readyz", "")
	if resp.StatusCode != 200 {
		t.Fatalf("readyz = %d, want 200", resp.StatusCode)
	}
	redisUp = false
	resp, body := do(t, s, "GET", "/readyz", "")
	if resp.StatusCode != 503 || !strings.Contains(body, "redis: ") || strings.Contains(body, "postgres:") {
		t.Fatalf("readyz = %d %s, want 503 naming redis only", resp.StatusCode, body)
	}
	redisUp = true
	if resp, _ := do(t, s, "GET", "/readyz", ""); resp.StatusCode != 200 {
		t.Fatalf("readyz did not recover: %d", resp.StatusCode)
	}
	resp, body = do(t, s, "GET", "/api/v1/system/status", "")
	var st SystemStatus
	if err := json.Unmarshal([]byte(body), &st); err != nil || resp.StatusCode != 200 || !st.Ready || len(st.Checks) != 2 {
		t.Fatalf("status = %d %s", resp.StatusCode, body)
	}
}

func TestHealthzAnswersWithoutDependencies(t *testing.T) {
	s := newTestServer(t)
	s.AddCheck("postgres", func(context.Context) error { return errors.New("down") })
	if resp, _ := do(t, s, "GET", "/healthz", ""); resp.StatusCode != 200 {
		t.Fatalf("healthz = %d", resp.StatusCode)
	}
}

func TestValidationErrorsAreProblemJSONWithFields(t *testing.T) {
	s := newTestServer(t)
	resp, body := do(t, s, "POST", "/api/v1/echo", `{"name":"x","count":0}`)
	if resp.StatusCode != 422 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("got %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	var p struct {
		Status int
		Errors []struct{ Location, Message string }
	}
	json.Unmarshal([]byte(body), &p) //nolint:errcheck
	locs := map[string]bool{}
	for _, e := range p.Errors {
		locs[e.Location] = true
	}
	if !locs["body.name"] || !locs["body.count"] {
		t.Fatalf("field errors = %+v", p.Errors)
	}
}

func TestOversizedBodyIsRefusedWith413Problem(t *testing.T) {
	s := newTestServer(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.App.Listener(ln)  //nolint:errcheck
	defer s.App.Shutdown() //nolint:errcheck
	resp, err := http.Post("http://"+ln.Addr().String()+"/api/v1/echo", "application/json",
		strings.NewReader(`{"name":"`+strings.Repeat("a", 10000)+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	body := string(b)
	if resp.StatusCode != 413 || !strings.Contains(resp.Header.Get("Content-Type"), "problem+json") {
		t.Fatalf("got %d %s", resp.StatusCode, body)
	}
}

func TestPanicBecomes500WithoutDetails(t *testing.T) {
	s := newTestServer(t)
	resp, body := do(t, s, "POST", "/api/v1/echo", `{"name":"boom","count":1}`)
	if resp.StatusCode != 500 || strings.Contains(body, "secret") || strings.Contains(body, "goroutine") {
		t.Fatalf("got %d %s", resp.StatusCode, body)
	}
	if resp, _ := do(t, s, "GET", "/healthz", ""); resp.StatusCode != 200 {
		t.Fatal("server did not survive the panic")
	}
}

func TestUnknownAPIRouteIs404ProblemAndUIRoutesFallBackToIndex(t *testing.T) {
	s := newTestServer(t)
	resp, _ := do(t, s, "GET", "/api/v1/nothing-here", "")
	if resp.StatusCode != 404 || !strings.Contains(resp.Header.Get("Content-Type"), "problem+json") {
		t.Fatalf("api 404: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	resp, body := do(t, s, "GET", "/cases/123", "")
	if resp.StatusCode != 200 || body != "<html>spa</html>" {
		t.Fatalf("spa fallback: %d %q", resp.StatusCode, body)
	}
	if resp, body := do(t, s, "GET", "/assets/app.js", ""); resp.StatusCode != 200 || body != "console.log(1)" {
		t.Fatalf("asset: %d %q", resp.StatusCode, body)
	}
}

func TestSecurityHeadersAndRequestID(t *testing.T) {
	s := newTestServer(t)
	resp, _ := do(t, s, "GET", "/healthz", "")
	for _, h := range []string{"X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy", "Referrer-Policy", "X-Request-Id"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("missing header %s", h)
		}
	}
}

func TestOpenAPIAndLocalDocs(t *testing.T) {
	s := newTestServer(t)
	resp, body := do(t, s, "GET", "/api/openapi.json", "")
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]any
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil || resp.StatusCode != 200 {
		t.Fatalf("openapi: %d %v", resp.StatusCode, err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") || doc.Paths["/api/v1/system/status"] == nil {
		t.Fatalf("openapi %s paths %v", doc.OpenAPI, doc.Paths)
	}
	resp, body = do(t, s, "GET", "/api/docs", "")
	if resp.StatusCode != 200 || !strings.Contains(body, "get-system-status") {
		t.Fatalf("docs: %d", resp.StatusCode)
	}
	if strings.Contains(body, "<script") || strings.Contains(body, `src="http`) || strings.Contains(body, `href="http`) {
		t.Fatal("docs page must not load scripts or anything from the network")
	}
}

func TestServerErrorsDoNotLeakInternals(t *testing.T) {
	s := New(Options{Version: "test", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	huma.Register(s.API, huma.Operation{OperationID: "fail", Method: http.MethodGet, Path: "/api/v1/fail"},
		func(ctx context.Context, _ *struct{}) (*struct{}, error) {
			return nil, errors.New(`ERROR: relation "secret_table" does not exist (SQLSTATE 42P01)`)
		})
	resp, body := do(t, s, "GET", "/api/v1/fail", "")
	if resp.StatusCode != 500 || strings.Contains(body, "secret_table") || strings.Contains(body, "SQLSTATE") {
		t.Fatalf("got %d %s", resp.StatusCode, body)
	}
}
