package deploy

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// ------------------------------------------------------------- Dockerfile

type dockerInstr struct {
	cmd  string // upper case
	args string
}

type dockerStage struct {
	image, name string
	instrs      []dockerInstr
}

// parseDockerfile splits a Dockerfile into stages of instructions, joining
// continuation lines and resolving ${ARG} in FROM from the global ARGs.
func parseDockerfile(text string) ([]dockerStage, error) {
	var (
		lines  []string
		cur    strings.Builder
		global = map[string]string{}
		stages []dockerStage
	)
	for _, l := range strings.Split(text, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "#") || (t == "" && cur.Len() == 0) {
			continue
		}
		if strings.HasSuffix(t, `\`) {
			cur.WriteString(strings.TrimSuffix(t, `\`) + " ")
			continue
		}
		cur.WriteString(t)
		lines = append(lines, cur.String())
		cur.Reset()
	}
	if cur.Len() > 0 {
		return nil, errors.New("Dockerfile ends in a line continuation")
	}
	argRef := regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?`)
	for _, l := range lines {
		cmd, args, _ := strings.Cut(l, " ")
		in := dockerInstr{strings.ToUpper(cmd), strings.TrimSpace(args)}
		switch {
		case in.cmd == "ARG" && len(stages) == 0:
			k, v, _ := strings.Cut(in.args, "=")
			global[k] = strings.Trim(v, `"`)
		case in.cmd == "FROM":
			f := strings.Fields(argRef.ReplaceAllStringFunc(in.args, func(m string) string {
				return global[argRef.FindStringSubmatch(m)[1]]
			}))
			f = slices.DeleteFunc(f, func(s string) bool { return strings.HasPrefix(s, "--platform") })
			st := dockerStage{image: f[0]}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				st.name = f[2]
			}
			stages = append(stages, st)
		case len(stages) == 0:
			return nil, fmt.Errorf("%s before the first FROM", in.cmd)
		default:
			stages[len(stages)-1].instrs = append(stages[len(stages)-1].instrs, in)
		}
	}
	return stages, nil
}

func checkDockerfile(text string) []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf("Dockerfile: "+format, args...)) }
	stages, err := parseDockerfile(text)
	if err != nil {
		return []error{err}
	}
	find := func(prefix string) int {
		return slices.IndexFunc(stages, func(s dockerStage) bool { return strings.HasPrefix(s.image, prefix) })
	}
	ui, build := find("node:20"), find("golang:1.26")
	if ui < 0 || build < 0 || len(stages) < 3 {
		return []error{fmt.Errorf("Dockerfile: want a node:20 stage, a golang:1.26 stage and a runtime stage, have %+v", stages)}
	}
	if ui > build {
		fail("the node stage must come before the Go build (the binary embeds frontend/dist)")
	}
	runs := func(st dockerStage, cmd string) string {
		var all []string
		for _, in := range st.instrs {
			if in.cmd == cmd {
				all = append(all, in.args)
			}
		}
		return strings.Join(all, "\n")
	}
	if r := runs(stages[ui], "RUN"); !strings.Contains(r, "npm ci") || !strings.Contains(r, "npm run build") {
		fail("node stage does not run `npm ci` and `npm run build`")
	}

	// Go stage: the UI is copied in before go build, CGO off, -trimpath.
	gs := stages[build]
	goBuild, uiCopied, cgoOff := -1, -1, false
	for i, in := range gs.instrs {
		switch {
		case in.cmd == "RUN" && strings.Contains(in.args, "go build"):
			goBuild = i
			if strings.Contains(in.args, "CGO_ENABLED=0") {
				cgoOff = true
			}
			if !strings.Contains(in.args, "-trimpath") {
				fail("go build without -trimpath")
			}
			if !strings.Contains(in.args, "./backend/cmd/teyi") {
				fail("go build does not build ./backend/cmd/teyi")
			}
		case in.cmd == "ENV" && regexp.MustCompile(`(^|\s)CGO_ENABLED=0(\s|$)`).MatchString(in.args):
			cgoOff = true
		case in.cmd == "COPY" && stages[ui].name != "" && slices.Contains(strings.Fields(in.args), "--from="+stages[ui].name) && strings.Contains(in.args, "frontend/dist"):
			uiCopied = i
		}
	}
	if goBuild < 0 {
		fail("golang stage has no `go build`")
	}
	if uiCopied < 0 || uiCopied > goBuild {
		fail("frontend/dist is not copied from the node stage before go build")
	}
	if !cgoOff {
		fail("CGO_ENABLED=0 is not set for go build")
	}

	// Runtime stage.
	final := stages[len(stages)-1]
	if user := strings.TrimSpace(runs(final, "USER")); user == "" || regexp.MustCompile(`^(root|0)(:|$)`).MatchString(user) {
		fail("runtime stage runs as %q, want a non-root user", user)
	} else if !regexp.MustCompile(`^[1-9][0-9]*(:[0-9]+)?$`).MatchString(user) {
		fail("runtime USER %q is not numeric: Kubernetes' runAsNonRoot cannot verify a name", user)
	}
	jsonArgs := func(cmd string) []string {
		var v []string
		if err := json.Unmarshal([]byte(runs(final, cmd)), &v); err != nil {
			fail("%s is not in exec (JSON array) form: %q", cmd, runs(final, cmd))
		}
		return v
	}
	if ep := jsonArgs("ENTRYPOINT"); !slices.Equal(ep, []string{"teyi"}) {
		fail("ENTRYPOINT %q, want [\"teyi\"]", ep)
	}
	if cmd := jsonArgs("CMD"); !slices.Equal(cmd, []string{"serve"}) {
		fail("CMD %q, want [\"serve\"]", cmd)
	}
	if !slices.Contains(strings.Fields(runs(final, "EXPOSE")), "8080") {
		fail("runtime stage does not EXPOSE 8080")
	}
	if !regexp.MustCompile(`(^|\s)TEYI_ADDR=0\.0\.0\.0:8080(\s|$)`).MatchString(runs(final, "ENV")) {
		fail("runtime stage does not set TEYI_ADDR=0.0.0.0:8080")
	}
	// The default TEYI_DATA_DIR (.data) is relative; the image names a directory
	// the non-root user owns.
	if m := regexp.MustCompile(`(?:^|\s)TEYI_DATA_DIR=(\S+)`).FindStringSubmatch(runs(final, "ENV")); m == nil || !path.IsAbs(m[1]) {
		fail("runtime stage does not set an absolute TEYI_DATA_DIR")
	} else if !regexp.MustCompile(`--chown=[1-9][0-9]*(:[0-9]+)? \S+ ` + regexp.QuoteMeta(m[1]) + `/?(\s|$)`).MatchString(runs(final, "COPY")) {
		fail("TEYI_DATA_DIR %s is not created owned by the runtime user", m[1])
	}
	installed := false
	for _, in := range final.instrs {
		f := strings.Fields(in.args)
		if in.cmd == "COPY" && len(f) > 0 && slices.Contains(f, "--from="+gs.name) &&
			(f[len(f)-1] == "/usr/local/bin/teyi" || f[len(f)-1] == "/usr/bin/teyi") {
			installed = true
		}
	}
	if !installed {
		fail("the binary is not copied from the Go stage to /usr/local/bin/teyi (ENTRYPOINT [\"teyi\"] is looked up in PATH)")
	}
	if strings.Contains(final.image, "distroless") && runs(final, "HEALTHCHECK") != "" {
		fail("HEALTHCHECK in a distroless image: it has no shell or curl to run it")
	}
	return errs
}

// dockerignored reports whether path is excluded by the .dockerignore
// patterns (last match wins, ! re-includes).
func dockerignored(patterns []string, p string) bool {
	ignored := false
	for _, pat := range patterns {
		neg := strings.HasPrefix(pat, "!")
		pat = strings.TrimPrefix(strings.TrimPrefix(pat, "!"), "/")
		cands := []string{pat}
		if rest, ok := strings.CutPrefix(pat, "**/"); ok {
			cands = append(cands, rest)
		}
		for _, c := range cands {
			// A pattern matches the path or one of its parent directories.
			for q := p; q != "." && q != "/"; q = path.Dir(q) {
				if ok, _ := path.Match(c, q); ok {
					ignored = !neg
				}
			}
		}
	}
	return ignored
}

func TestDockerfile(t *testing.T) {
	raw, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range checkDockerfile(string(raw)) {
		t.Error(err)
	}
	for _, bad := range []struct{ from, to string }{
		{"USER 65532:65532", "USER root"},
		{"-trimpath ", ""},
		{`CMD ["serve"]`, `CMD ["all"]`},
		{`ENTRYPOINT ["teyi"]`, `ENTRYPOINT teyi`},
		{"CGO_ENABLED=0", "CGO_ENABLED=1"},
		{"--chown=65532:65532 ", ""},
		{"TEYI_DATA_DIR=/var/lib/teyi", "TEYI_DATA_DIR=.data"},
		{"COPY --from=ui", "COPY --from=uix"},
	} {
		if !strings.Contains(string(raw), bad.from) {
			t.Errorf("Dockerfile no longer contains %q; update this test", bad.from)
			continue
		}
		if len(checkDockerfile(strings.Replace(string(raw), bad.from, bad.to, 1))) == 0 {
			t.Errorf("Dockerfile check accepts %q -> %q", bad.from, bad.to)
		}
	}

	// The ignore file next to the Dockerfile must not hide what the build needs.
	ign, err := os.ReadFile("Dockerfile.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	var patterns []string
	for _, l := range strings.Split(string(ign), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			patterns = append(patterns, l)
		}
	}
	for _, need := range []string{"go.mod", "go.sum", "package.json", "package-lock.json",
		"backend/cmd/teyi/main.go", "frontend/package.json", "frontend/src/main.tsx", "migrations/embed.go", "policies/embed.go"} {
		if dockerignored(patterns, need) {
			t.Errorf("Dockerfile.dockerignore excludes %s, which the build needs", need)
		}
	}
	for _, skip := range []string{".git/HEAD", "node_modules/x/package.json", "frontend/node_modules/x/index.js", ".env"} {
		if !dockerignored(patterns, skip) {
			t.Errorf("Dockerfile.dockerignore does not exclude %s", skip)
		}
	}
}

// ---------------------------------------------------------------- systemd

// unitFile is a parsed systemd unit: section -> key -> values in order.
type unitFile map[string]map[string][]string

func parseUnit(text string) unitFile {
	u := unitFile{}
	section := ""
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, ";"):
		case strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]"):
			section = strings.Trim(l, "[]")
			if u[section] == nil {
				u[section] = map[string][]string{}
			}
		default:
			k, v, _ := strings.Cut(l, "=")
			if u[section] == nil {
				u[section] = map[string][]string{}
			}
			u[section][strings.TrimSpace(k)] = append(u[section][strings.TrimSpace(k)], strings.TrimSpace(v))
		}
	}
	return u
}

// get returns the last value of a key, and all values split into words.
func (u unitFile) get(section, key string) string {
	v := u[section][key]
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

func (u unitFile) words(section, key string) []string {
	var w []string
	for _, v := range u[section][key] {
		w = append(w, strings.Fields(v)...)
	}
	return w
}

var systemdUnits = map[string][]string{
	"teyi-migrate.service":   {"migrate", "up"},
	"teyi-serve.service":     {"serve"},
	"teyi-worker@.service":   {"worker"},
	"teyi-scheduler.service": {"scheduler"},
}

func checkUnit(name, text string) []error {
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("systemd/%s: "+format, append([]any{name}, args...)...))
	}
	u := parseUnit(text)
	if u["Unit"] == nil || u["Service"] == nil || u["Install"] == nil {
		return []error{fmt.Errorf("systemd/%s: want [Unit], [Service] and [Install] sections", name)}
	}
	yes := func(v string) bool { return slices.Contains([]string{"yes", "true", "on", "1"}, strings.ToLower(v)) }

	exec := strings.Fields(u.get("Service", "ExecStart"))
	if len(exec) == 0 || !filepath.IsAbs(exec[0]) || filepath.Base(exec[0]) != "teyi" || !slices.Equal(exec[1:], systemdUnits[name]) {
		fail("ExecStart=%q, want /…/teyi %s", u.get("Service", "ExecStart"), strings.Join(systemdUnits[name], " "))
	}
	envFiles := u[("Service")]["EnvironmentFile"]
	if !slices.ContainsFunc(envFiles, func(v string) bool { return strings.TrimPrefix(v, "-") == "/etc/teyi/teyi.env" }) {
		fail("no EnvironmentFile=/etc/teyi/teyi.env")
	}
	if !yes(u.get("Service", "NoNewPrivileges")) {
		fail("NoNewPrivileges is not yes")
	}
	if u.get("Service", "ProtectSystem") != "strict" {
		fail("ProtectSystem is not strict")
	}
	if !yes(u.get("Service", "PrivateTmp")) {
		fail("PrivateTmp is not yes")
	}
	if user := u.get("Service", "User"); !yes(u.get("Service", "DynamicUser")) && (user == "" || user == "root" || user == "0") {
		fail("runs as %q; set User=teyi or DynamicUser=yes", user)
	}
	if v, ok := u["Service"]["CapabilityBoundingSet"]; !ok || v[len(v)-1] != "" {
		fail("CapabilityBoundingSet= is not empty")
	}
	if len(u.words("Install", "WantedBy")) == 0 {
		fail("no WantedBy= in [Install]")
	}
	if name == "teyi-migrate.service" {
		if u.get("Service", "Type") != "oneshot" {
			fail("Type=%q, want oneshot", u.get("Service", "Type"))
		}
		return errs
	}
	if r := u.get("Service", "Restart"); r != "on-failure" && r != "always" {
		fail("Restart=%q, want on-failure", r)
	}
	if u.get("Service", "Type") == "oneshot" {
		fail("a long-running service must not be Type=oneshot")
	}
	for _, k := range []string{"Requires", "After"} {
		if !slices.Contains(u.words("Unit", k), "teyi-migrate.service") {
			fail("no %s=teyi-migrate.service: it could start before the migrations", k)
		}
	}
	return errs
}

func TestSystemdUnits(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("systemd", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for name := range systemdUnits {
		raw, err := os.ReadFile(filepath.Join("systemd", name))
		if err != nil {
			t.Error(err)
			continue
		}
		for _, err := range checkUnit(name, string(raw)) {
			t.Error(err)
		}
		if !strings.Contains(string(readme), name) {
			t.Errorf("systemd/README.md does not mention %s", name)
		}
	}
	// The check must be able to fail.
	raw, err := os.ReadFile(filepath.Join("systemd", "teyi-serve.service"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct{ from, to string }{
		{"NoNewPrivileges=yes", "NoNewPrivileges=no"},
		{"User=teyi", "User=root"},
		{"Restart=on-failure", "Restart=no"},
		{"Requires=teyi-migrate.service", ""},
		{"EnvironmentFile=/etc/teyi/teyi.env", "EnvironmentFile=/etc/teyi.env"},
		{"ExecStart=/usr/local/bin/teyi serve", "ExecStart=/usr/local/bin/teyi all"},
	} {
		if !strings.Contains(string(raw), bad.from) {
			t.Errorf("teyi-serve.service no longer contains %q; update this test", bad.from)
			continue
		}
		if len(checkUnit("teyi-serve.service", strings.Replace(string(raw), bad.from, bad.to, 1))) == 0 {
			t.Errorf("unit check accepts %q -> %q", bad.from, bad.to)
		}
	}
	// The example environment file has the settings every unit needs.
	env := envFileKeys(t, filepath.Join("systemd", "teyi.env.example"))
	for _, k := range []string{"DATABASE_URL", "REDIS_URL", "TEYI_SECRET_KEY", "TEYI_ADDR"} {
		if _, ok := env[k]; !ok {
			t.Errorf("systemd/teyi.env.example has no %s", k)
		}
	}
}
