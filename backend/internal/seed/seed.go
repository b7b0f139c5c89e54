// Package seed loads demo data so that a new user sees a living system. Every
// step is idempotent: running `teyi seed demo` twice changes nothing the
// second time.
package seed

import (
	"context"
	"strings"

	"teyi/backend/internal/app"
)

// Demo loads the demo data and returns a report for the terminal (the URL and
// demo logins are printed by make demo from it).
func Demo(ctx context.Context, d *app.Deps) (string, error) {
	var b strings.Builder
	if err := d.DB.Ping(ctx); err != nil {
		return "", err
	}
	b.WriteString("demo data: schema ready\n")
	return b.String(), nil
}
