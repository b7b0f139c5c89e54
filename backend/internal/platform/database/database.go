// Package database opens Teyi's PostgreSQL connection through gorm and pgx
// and carries transactions in the context.
//
// A use case calls WithTx(ctx, fn); every store inside fn asks Conn(ctx) for
// its handle and so joins the same transaction. Nested WithTx calls join the
// outer transaction instead of opening a new one, so stores compose freely
// and nothing escapes a transaction by accident.
package database

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Options tune the pool.
type Options struct {
	MaxOpen     int
	MaxIdle     int
	MaxLifetime time.Duration
	Logger      *slog.Logger
	// SlowQuery is logged at warn level (without parameter values).
	SlowQuery time.Duration
	// Role, when set, is assumed with SET ROLE on every new connection, so
	// the application runs with the narrow grants of that role.
	Role string
}

// DB is the process-wide handle.
type DB struct {
	gorm *gorm.DB
}

// Open connects and pings the database.
func Open(ctx context.Context, dsn string, o Options) (*DB, error) {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.SlowQuery == 0 {
		o.SlowQuery = 500 * time.Millisecond
	}
	pcfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	var opts []stdlib.OptionOpenDB
	if o.Role != "" {
		role := pgx.Identifier{o.Role}.Sanitize()
		opts = append(opts, stdlib.OptionAfterConnect(func(ctx context.Context, c *pgx.Conn) error {
			if _, err := c.Exec(ctx, "SET ROLE "+role); err != nil {
				return fmt.Errorf("SET ROLE %s (TEYI_DB_ROLE; has `teyi migrate up` run?): %w", o.Role, err)
			}
			return nil
		}))
	}
	sqlDB := stdlib.OpenDB(*pcfg, opts...)
	g, err := gorm.Open(postgres.New(postgres.Config{Conn: sqlDB}), &gorm.Config{
		QueryFields:            true,
		TranslateError:         true,
		SkipDefaultTransaction: true,
		PrepareStmt:            false,
		Logger:                 &slogLogger{log: o.Logger, slow: o.SlowQuery, level: logger.Warn},
		NowFunc:                func() time.Time { return time.Now().UTC() },
	})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if o.MaxOpen > 0 {
		sqlDB.SetMaxOpenConns(o.MaxOpen)
	}
	if o.MaxIdle > 0 {
		sqlDB.SetMaxIdleConns(o.MaxIdle)
	}
	if o.MaxLifetime == 0 {
		o.MaxLifetime = 30 * time.Minute
	}
	sqlDB.SetConnMaxLifetime(o.MaxLifetime)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pctx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return &DB{gorm: g}, nil
}

// Close releases the pool.
func (d *DB) Close() error {
	s, err := d.gorm.DB()
	if err != nil {
		return err
	}
	return s.Close()
}

// Ping checks the database is reachable.
func (d *DB) Ping(ctx context.Context) error {
	s, err := d.gorm.DB()
	if err != nil {
		return err
	}
	return s.PingContext(ctx)
}

type txKey struct{}

// Conn returns the transaction in ctx, or the pool bound to ctx.
func (d *DB) Conn(ctx context.Context) *gorm.DB {
	if tx, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return tx.WithContext(ctx)
	}
	return d.gorm.WithContext(ctx)
}

// InTx reports whether ctx carries a transaction.
func InTx(ctx context.Context) bool {
	_, ok := ctx.Value(txKey{}).(*gorm.DB)
	return ok
}

// WithTx runs fn in a transaction: committed when fn returns nil, rolled back
// otherwise (and on panic). Inside an outer transaction it joins that one.
func (d *DB) WithTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if InTx(ctx) {
		return fn(ctx)
	}
	return d.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return fn(context.WithValue(ctx, txKey{}, tx))
	})
}

// Gorm exposes the underlying handle for platform code (migrations, tests).
func (d *DB) Gorm() *gorm.DB { return d.gorm }

// Named errors that stores map to domain errors.
var (
	ErrNotFound  = gorm.ErrRecordNotFound
	ErrDuplicate = gorm.ErrDuplicatedKey
)

// IsNotFound reports a missing row.
func IsNotFound(err error) bool { return errors.Is(err, gorm.ErrRecordNotFound) }

// IsDuplicate reports a unique-constraint violation.
func IsDuplicate(err error) bool {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// IsSerialization reports a serialization failure or deadlock, which the
// caller may retry.
func IsSerialization(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// Raw runs fn on one dedicated pgx connection from the pool, for bulk work
// that gorm cannot do (COPY). fn manages its own transaction on it; a
// transaction left open (by an error or a cancelled context) is rolled back
// before the connection goes back to the pool.
func (d *DB) Raw(ctx context.Context, fn func(c *pgx.Conn) error) error {
	s, err := d.gorm.DB()
	if err != nil {
		return err
	}
	conn, err := s.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c := dc.(*stdlib.Conn).Conn()
		err := fn(c)
		if c.PgConn().TxStatus() != 'I' {
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			if _, rerr := c.Exec(rctx, "ROLLBACK"); rerr != nil {
				_ = c.Close(rctx)
				cancel()
				return errors.Join(err, driver.ErrBadConn)
			}
			cancel()
			if err == nil {
				err = errors.New("database: Raw left a transaction open")
			}
		}
		return err
	})
}
