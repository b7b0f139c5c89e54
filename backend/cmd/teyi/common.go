package main

import (
	"context"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"teyi/backend/internal/app"
	"teyi/backend/internal/platform/config"
	"teyi/backend/internal/platform/observability"
	"teyi/frontend"
)

// loadConfig reads the environment; a bad value exits with code 2.
func loadConfig() (config.Config, error) {
	cfg, err := config.Load()
	if err != nil {
		return cfg, withExit(2, err)
	}
	return cfg, nil
}

func newLogger(cfg config.Config) *slog.Logger {
	log := observability.NewLogger(os.Stderr, cfg.LogLevel)
	slog.SetDefault(log)
	return log
}

// connect loads the configuration and opens the database and Redis.
func connect(ctx context.Context) (*app.App, error) {
	cfg, err := loadConfig()
	if err != nil {
		return nil, err
	}
	a := app.New(cfg, newLogger(cfg))
	if err := a.Connect(ctx); err != nil {
		return nil, err
	}
	return a, nil
}

// signalContext ends on SIGINT or SIGTERM.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// uiFS is the embedded front end.
func uiFS() fs.FS {
	sub, err := fs.Sub(frontend.Dist, "dist")
	if err != nil {
		return nil
	}
	return sub
}
