// Package httpapi is Teyi's HTTP layer: fiber v2 underneath, huma v2 on top
// for typed operations and the OpenAPI 3.1 document.
//
// Every API operation is a huma operation with an operation id (the casbin
// rules name operations by it). Errors leave as RFC 9457 problem+json with
// per-field errors; panics, oversized bodies and unknown routes become
// problems too, with no stack trace or SQL in the body. The server also
// answers /healthz (alive), /readyz (dependencies reachable), /metrics, the
// API docs page at /api/docs (rendered locally, no CDN) and the embedded UI.
package httpapi

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
	"github.com/gofiber/fiber/v2/middleware/helmet"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"
	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"teyi/backend/internal/platform/observability"
)

// Options configure the server.
type Options struct {
	Version   string
	BodyLimit int
	Logger    *slog.Logger
	// UI is the built front end (frontend/dist); nil serves no UI.
	UI fs.FS
	// Middleware wraps every operation (authorization); it is installed
	// before any operation is registered.
	Middleware []func(api huma.API) func(huma.Context, func(huma.Context))
}

// Check is one readiness probe.
type Check struct {
	Name string
	Fn   func(ctx context.Context) error
}

// Server holds the fiber app and the huma API.
type Server struct {
	App     *fiber.App
	API     huma.API
	log     *slog.Logger
	version string
	mu      sync.RWMutex
	checks  []Check
}

var requestDuration = promauto.NewHistogramVec(prometheus.HistogramOpts{
	Name:    "teyi_http_request_duration_seconds",
	Help:    "HTTP request latency by route and status class.",
	Buckets: []float64{.002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
}, []string{"method", "route", "status"})

// New builds the server with its middleware and platform routes.
func New(o Options) *Server {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.BodyLimit == 0 {
		o.BodyLimit = 32 << 20
	}
	s := &Server{log: o.Logger, version: o.Version}
	defaultLog.Store(o.Logger)
	app := fiber.New(fiber.Config{
		Immutable:             true,
		BodyLimit:             o.BodyLimit,
		DisableStartupMessage: true,
		ReadTimeout:           60 * time.Second,
		WriteTimeout:          120 * time.Second,
		IdleTimeout:           120 * time.Second,
		ErrorHandler:          s.errorHandler,
		ProxyHeader:           "",
	})
	app.Use(requestid.New(requestid.Config{
		Header:    fiber.HeaderXRequestID,
		Generator: func() string { return uuid.NewString() },
	}))
	app.Use(func(c *fiber.Ctx) error {
		rid, _ := c.Locals("requestid").(string)
		c.SetUserContext(observability.WithRequestID(c.UserContext(), rid))
		start := time.Now()
		err := c.Next()
		if err != nil {
			// Let the error handler write the response now so the status
			// below is the one sent.
			if herr := app.Config().ErrorHandler(c, err); herr != nil {
				c.Status(http.StatusInternalServerError)
			}
			err = nil
		}
		route := c.Route().Path
		status := c.Response().StatusCode()
		requestDuration.WithLabelValues(c.Method(), route, fmt.Sprintf("%dxx", status/100)).Observe(time.Since(start).Seconds())
		if !strings.HasPrefix(c.Path(), "/assets/") && c.Path() != "/metrics" {
			s.log.InfoContext(c.UserContext(), "http", "method", c.Method(), "route", route,
				"status", status, "ms", time.Since(start).Milliseconds())
		}
		return err
	})
	app.Use(recover.New(recover.Config{
		EnableStackTrace: true,
		StackTraceHandler: func(c *fiber.Ctx, e any) {
			s.log.ErrorContext(c.UserContext(), "panic", "panic", fmt.Sprint(e), "stack", string(debug.Stack()))
		},
	}))
	app.Use(helmet.New(helmet.Config{
		ContentSecurityPolicy: "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
			"script-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
		ReferrerPolicy:            "same-origin",
		CrossOriginEmbedderPolicy: "unsafe-none",
		PermissionPolicy:          "camera=(), microphone=(), geolocation=()",
	}))
	app.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed}))

	app.Get("/healthz", func(c *fiber.Ctx) error {
		return c.JSON(fiber.Map{"status": "ok", "version": s.version})
	})
	app.Get("/readyz", s.readyz)
	metrics := promhttp.Handler()
	app.Get("/metrics", func(c *fiber.Ctx) error { return adaptStd(c, metrics) })

	cfg := huma.DefaultConfig("Teyi API", o.Version)
	cfg.Info.Description = "Teyi (特议): special-case review, expert panels, negotiation, opinion collection, " +
		"data publications and advance payments for DRG/DIP."
	cfg.OpenAPIPath = "/api/openapi"
	cfg.DocsPath = ""
	cfg.SchemasPath = "/api/schemas"
	s.App = app
	s.API = humafiber.New(app, cfg)
	s.API.UseMiddleware(cookieMiddleware)
	for _, m := range o.Middleware {
		s.API.UseMiddleware(m(s.API))
	}
	app.Get("/api/docs", s.docs)
	s.registerStatus()
	return s
}

// AddCheck registers a readiness probe.
func (s *Server) AddCheck(name string, fn func(ctx context.Context) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checks = append(s.checks, Check{Name: name, Fn: fn})
}

// CheckResult is one probe's outcome.
type CheckResult struct {
	Name      string  `json:"name" doc:"Dependency name, e.g. postgres or redis"`
	OK        bool    `json:"ok"`
	Error     string  `json:"error,omitempty" doc:"Why the dependency is not reachable"`
	LatencyMS float64 `json:"latency_ms" doc:"Probe round trip in milliseconds"`
}

// Ready runs all probes concurrently, each with a one-second budget.
func (s *Server) Ready(ctx context.Context) (bool, []CheckResult) {
	s.mu.RLock()
	checks := append([]Check(nil), s.checks...)
	s.mu.RUnlock()
	out := make([]CheckResult, len(checks))
	var wg sync.WaitGroup
	for i, c := range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cctx, cancel := context.WithTimeout(ctx, time.Second)
			defer cancel()
			start := time.Now()
			err := c.Fn(cctx)
			out[i] = CheckResult{Name: c.Name, OK: err == nil, LatencyMS: float64(time.Since(start).Microseconds()) / 1000}
			if err != nil {
				out[i].Error = simplify(err)
			}
		}()
	}
	wg.Wait()
	ready := true
	for _, r := range out {
		ready = ready && r.OK
	}
	return ready, out
}

// simplify keeps the probe error short and free of connection strings.
func simplify(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out"
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 && len(msg) > 120 {
		msg = msg[i+2:]
	}
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return msg
}

func (s *Server) readyz(c *fiber.Ctx) error {
	ready, results := s.Ready(c.UserContext())
	status := fiber.StatusOK
	body := fiber.Map{"status": "ready", "checks": results}
	if !ready {
		status = fiber.StatusServiceUnavailable
		var down []string
		for _, r := range results {
			if !r.OK {
				down = append(down, r.Name+": "+r.Error)
			}
		}
		body["status"] = "unavailable"
		body["reason"] = strings.Join(down, "; ")
	}
	return c.Status(status).JSON(body)
}

// Listen serves until ctx ends, then shuts down gracefully.
func (s *Server) Listen(ctx context.Context, addr string) error {
	errc := make(chan error, 1)
	go func() { errc <- s.App.Listen(addr) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return s.App.ShutdownWithTimeout(20 * time.Second)
	}
}

// ServeUI mounts the single-page application: files from ui, and index.html
// for any other GET outside /api.
func (s *Server) ServeUI(ui fs.FS) {
	if ui == nil {
		return
	}
	if _, err := fs.Stat(ui, "index.html"); err != nil {
		s.App.Get("/", func(c *fiber.Ctx) error {
			return c.Type("txt", "utf-8").SendString("Teyi API is running; the UI was not built (run `npm run build`). API docs: /api/docs")
		})
		return
	}
	s.App.Use("/assets", filesystem.New(filesystem.Config{Root: http.FS(ui), PathPrefix: "assets", MaxAge: 31536000}))
	s.App.Use(filesystem.New(filesystem.Config{
		Root:         http.FS(ui),
		NotFoundFile: "index.html",
		Next: func(c *fiber.Ctx) bool {
			p := c.Path()
			return c.Method() != fiber.MethodGet || strings.HasPrefix(p, "/api/") || p == "/api"
		},
	}))
}

// Operations lists every registered operation.
func (s *Server) Operations() []*huma.Operation {
	var out []*huma.Operation
	for _, item := range s.API.OpenAPI().Paths {
		for _, op := range []*huma.Operation{item.Get, item.Post, item.Put, item.Patch, item.Delete} {
			if op != nil {
				out = append(out, op)
			}
		}
	}
	return out
}

// NotFound answers everything unmatched as a problem.
func (s *Server) NotFound() {
	s.App.Use(func(c *fiber.Ctx) error {
		return fiber.NewError(fiber.StatusNotFound, "no such resource")
	})
}
