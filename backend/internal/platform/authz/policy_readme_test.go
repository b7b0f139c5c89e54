package authz_test

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"teyi/backend/internal/platform/authz"
)

const readmePath = "../../../../policies/README.md"

var update = flag.Bool("update", false, "rewrite README.md from the rules")

// matrix renders the role × operation table from the rules.
func matrix(t *testing.T) string {
	e, err := authz.Load()
	if err != nil {
		t.Fatal(err)
	}
	roles := []string{authz.PseudoAnonymous, authz.PseudoSession, authz.PseudoAuthenticated}
	kinds := map[string]string{authz.PseudoAnonymous: "", authz.PseudoSession: "", authz.PseudoAuthenticated: ""}
	for _, r := range authz.PersonRoles {
		roles = append(roles, r.Role)
		kinds[r.Role] = r.Kind
	}
	roles = append(roles, authz.RoleHospitalSystem)
	kinds[authz.RoleHospitalSystem] = authz.KindHospital
	var b strings.Builder
	b.WriteString("# Authorization policy\n\n")
	b.WriteString("`model.conf` and `policy.csv` are embedded in the binary and reviewed like code: one line per\n")
	b.WriteString("role, domain kind and API operation id. Rows are scoped to the caller's hospital or region by the\n")
	b.WriteString("stores; a foreign id answers 404. This table is generated from the rules\n")
	b.WriteString("(`go test ./backend/internal/platform/authz/ -update`); a test fails when it is stale.\n\n")
	b.WriteString("Pseudo-roles: `anonymous` everyone; `session` any signed-in session, even one that still owes a step;\n")
	b.WriteString("`authenticated` a session that passed every step; `mfa_pending`, `password_change`, `totp_enrolment`\n")
	b.WriteString("sessions that must finish that step first (they may call only what their rows allow);\n")
	b.WriteString("`hospital_system` an API token, limited further to the operations named on the token.\n\n")
	b.WriteString("| operation |")
	for _, r := range roles {
		fmt.Fprintf(&b, " %s |", r)
	}
	b.WriteString("\n|---|")
	for range roles {
		b.WriteString(":-:|")
	}
	b.WriteString("\n")
	ops := e.Operations()
	sort.Strings(ops)
	for _, op := range ops {
		fmt.Fprintf(&b, "| `%s` |", op)
		for _, r := range roles {
			mark := ""
			if e.Can(r, kinds[r], op) {
				mark = "✓"
			}
			fmt.Fprintf(&b, " %s |", mark)
		}
		b.WriteString("\n")
	}
	var steps []string
	for _, ps := range []string{authz.PseudoMFAPending, authz.PseudoPasswordChg, authz.PseudoTOTPEnrolment} {
		var allowed []string
		for _, op := range ops {
			if e.Can(ps, "", op) {
				allowed = append(allowed, "`"+op+"`")
			}
		}
		steps = append(steps, fmt.Sprintf("- `%s`: %s (and everything `session` may)", ps, strings.Join(allowed, ", ")))
	}
	b.WriteString("\nSign-in steps:\n" + strings.Join(steps, "\n") + "\n")
	return b.String()
}

func TestReadmeMatrixIsCurrent(t *testing.T) {
	want := matrix(t)
	if *update {
		if err := os.WriteFile(readmePath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(readmePath)
	if err != nil || string(got) != want {
		t.Fatal("policies/README.md is stale: run `go test ./backend/internal/platform/authz/ -update` and commit it")
	}
}

func TestEveryRuleNamesAKnownRoleAndDomainKind(t *testing.T) {
	e, err := authz.Load()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{authz.PseudoAnonymous: true, authz.PseudoSession: true, authz.PseudoAuthenticated: true,
		authz.PseudoMFAPending: true, authz.PseudoPasswordChg: true, authz.PseudoTOTPEnrolment: true, authz.RoleHospitalSystem: true}
	for _, r := range authz.PersonRoles {
		known[r.Role] = true
	}
	for _, rule := range e.Rules() {
		if !known[rule[0]] {
			t.Errorf("rule %v: unknown role", rule)
		}
		if k := authz.KindOf(rule[0]); k != "" && rule[1] != k && rule[1] != "*" {
			t.Errorf("rule %v: %s is held in %s domains", rule, rule[0], k)
		}
	}
	if _, err := authz.LoadFrom(readModel(t), "p, clinician, planet, get-me"); err == nil {
		t.Error("an unknown domain kind was accepted")
	}
}

func readModel(t *testing.T) string {
	b, err := os.ReadFile("../../../../policies/model.conf")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
