// Package apptest holds what the packages' tests on a wired App share: the
// demo users as principals, their request contexts scoped as the
// authorization middleware scopes them, and synthetic case imports.
package apptest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"teyi/backend/internal/account"
	"teyi/backend/internal/app"
	"teyi/backend/internal/casefile"
	"teyi/backend/internal/casefile/synth"
	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
)

// Principals are the database's users with their grants, by username.
func Principals(t testing.TB, a *app.App) map[string]*authz.Principal {
	t.Helper()
	var rows []struct {
		ID, Username, DisplayName, Role, DomainKind, DomainID, Region string
	}
	if err := a.DB.Gorm().Raw(`SELECT u.id::text AS id, u.username, u.display_name, ur.role, ur.domain_kind, ur.domain_id,
		coalesce(h.region_code, u.region_code, '') AS region FROM users u JOIN user_roles ur ON ur.user_id = u.id
		LEFT JOIN hospitals h ON ur.domain_kind = 'hospital' AND h.id::text = ur.domain_id`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	out := map[string]*authz.Principal{}
	for _, r := range rows {
		p := out[r.Username]
		if p == nil {
			p = &authz.Principal{UserID: r.ID, Username: r.Username, DisplayName: r.DisplayName, Pseudo: []string{authz.PseudoAuthenticated}}
			out[r.Username] = p
		}
		region := strings.TrimSpace(r.Region)
		if r.DomainKind == authz.KindRegion {
			region = r.DomainID
		}
		p.Grants = append(p.Grants, authz.Grant{Role: r.Role, Kind: r.DomainKind, ID: r.DomainID, Region: region})
	}
	return out
}

// As is p's request context for operation op, scoped by the grant that
// allows it; the test fails when none does.
func As(t testing.TB, a *app.App, p *authz.Principal, op string) context.Context {
	t.Helper()
	g, ok := a.Authz.Allowed(p, op)
	if !ok {
		t.Fatalf("%s may not %s", p.Username, op)
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{UserID: p.UserID, Name: p.Username, Role: g.Role, Domain: g.Kind + ":" + g.ID})
	return authz.WithPrincipal(ctx, p, authz.ScopeOf(g))
}

// ImportCases imports n synthetic cases of hospital h (generator seed, and
// discharges between from and to when both are set) and returns the
// import's id.
func ImportCases(t testing.TB, a *app.App, h casefile.Hospital, n int, seed int64, from, to time.Time) string {
	t.Helper()
	g, err := synth.New(synth.Options{Seed: seed, Hospitals: []synth.Hospital{{Code: h.Code, Level: 3, Region: h.Region}}, From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "cases.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := synth.WriteCSV(f, g, n); err != nil {
		t.Fatal(err)
	}
	f.Close()
	ctx := account.SystemContext(context.Background(), "test")
	im, err := a.Cases().CreateImport(ctx, casefile.NewImport{Hospital: h, Source: "cli", FileName: "cases.csv",
		Format: casefile.FormatCSV, SpoolPath: path})
	if err != nil {
		t.Fatal(err)
	}
	out, err := a.Cases().RunImport(ctx, im.ID, nil)
	if err != nil || out.Status != "committed" {
		t.Fatalf("import: %+v %v", out, err)
	}
	return im.ID
}
