package database

import (
	"context"
	"errors"
	"log/slog"
	"regexp"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// slogLogger sends gorm's messages to slog. It logs statements only as their
// parameterised text, never the bound values, so no personal data reaches the
// logs.
type slogLogger struct {
	log   *slog.Logger
	slow  time.Duration
	level logger.LogLevel
}

func (l *slogLogger) LogMode(level logger.LogLevel) logger.Interface {
	c := *l
	c.level = level
	return &c
}

func (l *slogLogger) Info(ctx context.Context, msg string, _ ...any) {
	if l.level >= logger.Info {
		l.log.InfoContext(ctx, "gorm: "+msg)
	}
}

func (l *slogLogger) Warn(ctx context.Context, msg string, _ ...any) {
	if l.level >= logger.Warn {
		l.log.WarnContext(ctx, "gorm: "+msg)
	}
}

func (l *slogLogger) Error(ctx context.Context, msg string, _ ...any) {
	if l.level >= logger.Error {
		l.log.ErrorContext(ctx, "gorm: "+msg)
	}
}

// ParamsFilter keeps bound values out of the SQL text gorm hands to Trace.
func (l *slogLogger) ParamsFilter(_ context.Context, sql string, _ ...any) (string, []any) {
	return sql, nil
}

func (l *slogLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	elapsed := time.Since(begin)
	switch {
	case err != nil && !errors.Is(err, gorm.ErrRecordNotFound) && l.level >= logger.Error:
		sql, _ := fc()
		l.log.ErrorContext(ctx, "sql error", "err", err.Error(), "sql", truncate(sql), "ms", elapsed.Milliseconds())
	case elapsed > l.slow && l.level >= logger.Warn:
		sql, rows := fc()
		l.log.WarnContext(ctx, "slow sql", "sql", truncate(sql), "rows", rows, "ms", elapsed.Milliseconds())
	case l.level >= logger.Info:
		sql, rows := fc()
		l.log.DebugContext(ctx, "sql", "sql", truncate(sql), "rows", rows, "ms", elapsed.Milliseconds())
	}
}

// literals matches quoted strings and long digit runs, which some gorm paths
// inline into the SQL text they hand to Trace; they may carry personal data.
var literals = regexp.MustCompile(`'(?:[^']|'')*'|\b\d{6,}\b`)

func truncate(s string) string {
	s = literals.ReplaceAllString(s, "?")
	if len(s) > 500 {
		return s[:500] + "…"
	}
	return s
}
