// Package config reads Teyi's configuration from environment variables.
//
// Every variable has a documented default (see the README's table and
// .env.example). Invalid values stop the program with an error naming the
// variable; the command line turns that into exit code 2.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"
)

// Config is the whole runtime configuration.
type Config struct {
	DatabaseURL string `env:"DATABASE_URL" envDefault:"postgres://postgres@127.0.0.1:5432/teyi?sslmode=disable"`
	RedisURL    string `env:"REDIS_URL" envDefault:"redis://127.0.0.1:6379/0"`
	Addr        string `env:"TEYI_ADDR" envDefault:"127.0.0.1:8080"`
	// PublicURL is how users reach the server (used in links and cookies).
	PublicURL string `env:"TEYI_PUBLIC_URL"`
	LogLevel  string `env:"TEYI_LOG_LEVEL" envDefault:"info"`
	// BodyLimit is the largest request body accepted, in bytes.
	BodyLimit int `env:"TEYI_BODY_LIMIT" envDefault:"33554432"`
	// DBRole is the role the application assumes (SET ROLE) after connecting;
	// empty keeps the connecting user's own rights.
	DBRole    string `env:"TEYI_DB_ROLE" envDefault:"teyi_app"`
	DBMaxOpen int    `env:"TEYI_DB_MAX_OPEN" envDefault:"20"`
	DBMaxIdle int    `env:"TEYI_DB_MAX_IDLE" envDefault:"20"`
	// WorkerConcurrency is the number of tasks a worker runs at once.
	WorkerConcurrency int `env:"TEYI_WORKER_CONCURRENCY" envDefault:"10"`
	// OutboxStaleAfter is how long an enqueued outbox row may stay unfinished
	// before the reconciler enqueues it again.
	OutboxStaleAfter time.Duration `env:"TEYI_OUTBOX_STALE_AFTER" envDefault:"5m"`
	// Queue is the asynq queue name prefix; tests use their own.
	Queue string `env:"TEYI_QUEUE" envDefault:"teyi"`
	// Demo enables demo conveniences (demo logins without a second factor).
	Demo bool `env:"TEYI_DEMO" envDefault:"false"`
	// DataDir holds local files: evidence storage, stored plan packs.
	DataDir string `env:"TEYI_DATA_DIR" envDefault:".data"`
	// SessionIdle ends a session after this long without a request.
	SessionIdle time.Duration `env:"TEYI_SESSION_IDLE" envDefault:"30m"`
	// SessionMax ends a session this long after sign-in, active or not.
	SessionMax time.Duration `env:"TEYI_SESSION_MAX" envDefault:"12h"`
	// MFARoles must use a second factor (TOTP).
	MFARoles []string `env:"TEYI_MFA_ROLES" envDefault:"bureau_reviewer,bureau_admin,expert,sysadmin" envSeparator:","`
	// LoginMaxFailures locks an account or a client address after this many
	// failed sign-ins in a row.
	LoginMaxFailures int `env:"TEYI_LOGIN_MAX_FAILURES" envDefault:"5"`
	// LoginLockout is the first lockout; it doubles with further failures.
	LoginLockout time.Duration `env:"TEYI_LOGIN_LOCKOUT" envDefault:"15m"`
	// PlanDir holds grouping plan packs imported with `teyi plan import`.
	PlanDir string `env:"TEYI_PLAN_DIR" envDefault:".data/plans"`
	// SecretKey encrypts personal data at rest (32 bytes, hex or base64).
	SecretKey string `env:"TEYI_SECRET_KEY"`
	// SMTPAddr is the mail server (host:port); empty turns e-mail
	// notifications off.
	SMTPAddr string `env:"TEYI_SMTP_ADDR"`
	// SMTPFrom is the sender address of notification mails.
	SMTPFrom string `env:"TEYI_SMTP_FROM" envDefault:"teyi@localhost"`
	// SMTPUser and SMTPPassword authenticate (PLAIN) when SMTPUser is set.
	SMTPUser     string `env:"TEYI_SMTP_USER"`
	SMTPPassword string `env:"TEYI_SMTP_PASSWORD"`
	// SMTPStartTLS requires upgrading the connection with STARTTLS.
	SMTPStartTLS bool `env:"TEYI_SMTP_STARTTLS" envDefault:"false"`
}

// Error is a configuration error naming the variable at fault.
type Error struct {
	Var    string
	Reason string
}

func (e *Error) Error() string { return fmt.Sprintf("invalid configuration %s: %s", e.Var, e.Reason) }

// Load reads the configuration from the environment and validates it.
func Load() (Config, error) {
	return Parse(nil)
}

// Parse reads the configuration from the given variables (nil: the process
// environment). Tests use it with a map.
func Parse(vars map[string]string) (Config, error) {
	var c Config
	opts := env.Options{}
	if vars != nil {
		opts.Environment = vars
	}
	if err := env.ParseWithOptions(&c, opts); err != nil {
		return c, translate(err)
	}
	return c, c.Validate()
}

func translate(err error) error {
	var agg env.AggregateError
	if errors.As(err, &agg) && len(agg.Errors) > 0 {
		var pe env.ParseError
		if errors.As(agg.Errors[0], &pe) {
			return &Error{Var: envName(pe.Name), Reason: fmt.Sprintf("cannot parse as %s", pe.Type)}
		}
		return &Error{Var: "environment", Reason: agg.Errors[0].Error()}
	}
	return err
}

// envName maps a struct field name back to its variable.
func envName(field string) string {
	for _, f := range fields {
		if f.field == field {
			return f.env
		}
	}
	return field
}

var fields = []struct{ field, env string }{
	{"DatabaseURL", "DATABASE_URL"}, {"RedisURL", "REDIS_URL"}, {"Addr", "TEYI_ADDR"},
	{"PublicURL", "TEYI_PUBLIC_URL"}, {"LogLevel", "TEYI_LOG_LEVEL"}, {"BodyLimit", "TEYI_BODY_LIMIT"},
	{"DBRole", "TEYI_DB_ROLE"}, {"DBMaxOpen", "TEYI_DB_MAX_OPEN"}, {"DBMaxIdle", "TEYI_DB_MAX_IDLE"},
	{"WorkerConcurrency", "TEYI_WORKER_CONCURRENCY"}, {"OutboxStaleAfter", "TEYI_OUTBOX_STALE_AFTER"},
	{"Queue", "TEYI_QUEUE"}, {"Demo", "TEYI_DEMO"}, {"DataDir", "TEYI_DATA_DIR"}, {"SecretKey", "TEYI_SECRET_KEY"}, {"PlanDir", "TEYI_PLAN_DIR"},
	{"SessionIdle", "TEYI_SESSION_IDLE"}, {"SessionMax", "TEYI_SESSION_MAX"}, {"MFARoles", "TEYI_MFA_ROLES"},
	{"LoginMaxFailures", "TEYI_LOGIN_MAX_FAILURES"}, {"LoginLockout", "TEYI_LOGIN_LOCKOUT"},
	{"SMTPAddr", "TEYI_SMTP_ADDR"}, {"SMTPFrom", "TEYI_SMTP_FROM"}, {"SMTPUser", "TEYI_SMTP_USER"},
	{"SMTPPassword", "TEYI_SMTP_PASSWORD"}, {"SMTPStartTLS", "TEYI_SMTP_STARTTLS"},
}

// Validate checks values that parse but make no sense.
func (c Config) Validate() error {
	if err := checkURL(c.DatabaseURL, "DATABASE_URL", "postgres", "postgresql"); err != nil {
		return err
	}
	if err := checkURL(c.RedisURL, "REDIS_URL", "redis", "rediss"); err != nil {
		return err
	}
	if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
		return &Error{Var: "TEYI_ADDR", Reason: fmt.Sprintf("want host:port, got %q", c.Addr)}
	}
	if c.PublicURL != "" {
		if err := checkURL(c.PublicURL, "TEYI_PUBLIC_URL", "http", "https"); err != nil {
			return err
		}
	}
	switch strings.ToLower(c.LogLevel) {
	case "debug", "info", "warn", "error":
	default:
		return &Error{Var: "TEYI_LOG_LEVEL", Reason: fmt.Sprintf("want debug, info, warn or error, got %q", c.LogLevel)}
	}
	if c.BodyLimit < 1024 {
		return &Error{Var: "TEYI_BODY_LIMIT", Reason: "must be at least 1024 bytes"}
	}
	if c.DBMaxOpen < 1 || c.DBMaxIdle < 0 || c.DBMaxIdle > c.DBMaxOpen {
		return &Error{Var: "TEYI_DB_MAX_OPEN", Reason: "need 1 <= TEYI_DB_MAX_IDLE <= TEYI_DB_MAX_OPEN"}
	}
	if c.WorkerConcurrency < 1 {
		return &Error{Var: "TEYI_WORKER_CONCURRENCY", Reason: "must be at least 1"}
	}
	if c.OutboxStaleAfter < time.Second {
		return &Error{Var: "TEYI_OUTBOX_STALE_AFTER", Reason: "must be at least 1s"}
	}
	if c.SessionIdle < time.Minute || c.SessionMax < c.SessionIdle {
		return &Error{Var: "TEYI_SESSION_IDLE", Reason: "need 1m <= TEYI_SESSION_IDLE <= TEYI_SESSION_MAX"}
	}
	for _, r := range c.MFARoles {
		switch r {
		case "clinician", "hospital_office", "bureau_reviewer", "bureau_admin", "expert", "data_group", "sysadmin":
		default:
			return &Error{Var: "TEYI_MFA_ROLES", Reason: fmt.Sprintf("unknown role %q", r)}
		}
	}
	if c.LoginMaxFailures < 1 || c.LoginLockout < time.Second {
		return &Error{Var: "TEYI_LOGIN_MAX_FAILURES", Reason: "need at least 1 failure and a lockout of at least 1s"}
	}
	if c.SMTPAddr != "" {
		if host, port, err := net.SplitHostPort(c.SMTPAddr); err != nil || host == "" || port == "" {
			return &Error{Var: "TEYI_SMTP_ADDR", Reason: fmt.Sprintf("want host:port, got %q", c.SMTPAddr)}
		}
		if a, err := mail.ParseAddress(c.SMTPFrom); err != nil || !strings.Contains(a.Address, "@") {
			return &Error{Var: "TEYI_SMTP_FROM", Reason: "not an e-mail address"}
		}
	}
	if c.SMTPPassword != "" && c.SMTPUser == "" {
		return &Error{Var: "TEYI_SMTP_USER", Reason: "a password needs a user"}
	}
	if c.Queue == "" || strings.ContainsAny(c.Queue, " :{}") {
		return &Error{Var: "TEYI_QUEUE", Reason: "must be a non-empty name without spaces, ':' or braces"}
	}
	return nil
}

func checkURL(raw, name string, schemes ...string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return &Error{Var: name, Reason: "not a URL with a host"}
	}
	for _, s := range schemes {
		if u.Scheme == s {
			return nil
		}
	}
	return &Error{Var: name, Reason: fmt.Sprintf("scheme must be %s", strings.Join(schemes, " or "))}
}
