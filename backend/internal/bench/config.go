package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
)

// MaxRate is the highest rate accepted, per second, and MaxRequests the most
// requests of one run (each latency is kept, about 60 bytes).
const (
	MaxRate     = 100000
	MaxRequests = 5_000_000
)

// ListConfig is the configuration of `teyi bench list`.
type ListConfig struct {
	Base        string
	Rate        float64
	Duration    time.Duration
	Warmup      time.Duration
	Timeout     time.Duration
	Users       []string
	Password    string
	PageSize    int
	Connections int // 0: no limit
	Seed        uint64
}

// DefaultUsers are the demo users whose lists are measured by default.
var DefaultUsers = []string{"h1.office", "h2.office", "h3.office", "bureau.reviewer"}

// ConfigError is a bad setting.
type ConfigError struct{ msg string }

func (e *ConfigError) Error() string { return e.msg }

func badConfig(format string, args ...any) error { return &ConfigError{fmt.Sprintf(format, args...)} }

// LoginError is a user that could not be signed in.
type LoginError struct{ Err error }

func (e *LoginError) Error() string { return e.Err.Error() }
func (e *LoginError) Unwrap() error { return e.Err }

// ParseUsers splits a comma-separated list of user names.
func ParseUsers(s string) []string {
	var out []string
	for u := range strings.SplitSeq(s, ",") {
		if u = strings.TrimSpace(u); u != "" {
			out = append(out, u)
		}
	}
	return out
}

// Validate checks the settings and normalises Base (no trailing slash).
func (c *ListConfig) Validate() error {
	u, err := url.Parse(c.Base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return badConfig("--base: want an http(s) URL such as http://127.0.0.1:8080, got %q", c.Base)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return badConfig("--base: want the server's root URL without query or fragment, got %q", c.Base)
	}
	c.Base = strings.TrimRight(c.Base, "/")
	switch {
	case !(c.Rate > 0) || c.Rate > MaxRate:
		return badConfig("--rate: want more than 0 and at most %d requests per second, got %g", MaxRate, c.Rate)
	case c.Duration <= 0:
		return badConfig("--duration: want a positive duration such as 30s, got %s", c.Duration)
	case c.Warmup < 0:
		return badConfig("--warmup: must not be negative, got %s", c.Warmup)
	case c.Timeout <= 0:
		return badConfig("--timeout: want a positive duration such as 2s, got %s", c.Timeout)
	case c.PageSize < 1 || c.PageSize > 200:
		return badConfig("--page-size: want 1 to 200, got %d", c.PageSize)
	case c.Connections < 0:
		return badConfig("--connections: must not be negative, got %d", c.Connections)
	case len(c.Users) == 0:
		return badConfig("--users: name at least one user")
	case c.Password == "":
		return badConfig("--password: must not be empty")
	}
	if c.Rate*(c.Warmup+c.Duration).Seconds() > MaxRequests {
		return badConfig("--rate × (--warmup + --duration) exceeds %d requests (every latency is kept); shorten the run", MaxRequests)
	}
	return nil
}

// RunList signs the users in and measures the case list; progress goes to
// log. A *ConfigError or *LoginError says which step failed.
func RunList(ctx context.Context, c ListConfig, log io.Writer) (*Result, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	client := NewClient(c.Connections, c.Timeout)
	defer client.CloseIdleConnections()
	var sessions []*Session
	var errs []error
	for _, user := range c.Users {
		lctx, cancel := context.WithTimeout(ctx, 10*c.Timeout+10*time.Second)
		s, err := Login(lctx, client, c.Base, user, c.Password)
		cancel()
		if err != nil {
			errs = append(errs, err)
			continue
		}
		fmt.Fprintf(log, "signed in %s\n", s)
		sessions = append(sessions, s)
	}
	if len(errs) > 0 {
		return nil, &LoginError{errors.Join(errs...)}
	}
	fmt.Fprintf(log, "GET %s/api/v1/cases at %g/s for %s after a %s warm-up (timeout %s)\n",
		c.Base, c.Rate, c.Duration, c.Warmup, c.Timeout)
	seed := c.Seed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	w := NewListWorkload(c.Base, sessions, c.PageSize, seed)
	return Run(ctx, Options{Rate: c.Rate, Duration: c.Duration, Warmup: c.Warmup, Timeout: c.Timeout, Client: client}, w)
}
