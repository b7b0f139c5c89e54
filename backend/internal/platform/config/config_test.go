package config

import (
	"errors"
	"testing"
	"time"
)

func TestDefaultsAreValid(t *testing.T) {
	c, err := Parse(map[string]string{})
	if err != nil {
		t.Fatalf("defaults: %v", err)
	}
	if c.Addr != "127.0.0.1:8080" || c.OutboxStaleAfter != 5*time.Minute {
		t.Fatalf("unexpected defaults: %+v", c)
	}
}

func TestInvalidConfigurationNamesTheVariable(t *testing.T) {
	cases := map[string]map[string]string{
		"DATABASE_URL":            {"DATABASE_URL": "mysql://x/y"},
		"REDIS_URL":               {"REDIS_URL": "not a url"},
		"TEYI_ADDR":               {"TEYI_ADDR": "8080"},
		"TEYI_LOG_LEVEL":          {"TEYI_LOG_LEVEL": "loud"},
		"TEYI_BODY_LIMIT":         {"TEYI_BODY_LIMIT": "ten"},
		"TEYI_OUTBOX_STALE_AFTER": {"TEYI_OUTBOX_STALE_AFTER": "5 minutes"},
		"TEYI_WORKER_CONCURRENCY": {"TEYI_WORKER_CONCURRENCY": "0"},
		"TEYI_DEMO":               {"TEYI_DEMO": "maybe"},
		"TEYI_SMTP_ADDR":          {"TEYI_SMTP_ADDR": "mail.example.org"},
		"TEYI_SMTP_FROM":          {"TEYI_SMTP_ADDR": "mail.example.org:25", "TEYI_SMTP_FROM": "not an address"},
		"TEYI_SMTP_STARTTLS":      {"TEYI_SMTP_STARTTLS": "sometimes"},
		"TEYI_SMTP_USER":          {"TEYI_SMTP_PASSWORD": "secret"},
	}
	for want, vars := range cases {
		_, err := Parse(vars)
		var ce *Error
		if !errors.As(err, &ce) {
			t.Errorf("%s: want *config.Error, got %v", want, err)
			continue
		}
		if ce.Var != want {
			t.Errorf("%v: error names %s, want %s (%v)", vars, ce.Var, want, err)
		}
	}
}
