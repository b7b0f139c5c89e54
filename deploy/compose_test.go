package deploy

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

// ---------------------------------------------------------------- compose

// Keys the Compose Specification allows at the top level and in a service
// (besides x-* extensions). A key outside these lists is a typo that Docker
// Compose would reject, or worse, that an older one would ignore.
var (
	composeTopKeys     = strings.Fields(`version name include services networks volumes secrets configs models`)
	composeServiceKeys = strings.Fields(`annotations attach blkio_config build cap_add cap_drop cgroup
		cgroup_parent command configs container_name cpu_count cpu_percent cpu_shares cpu_quota
		cpu_period cpu_rt_period cpu_rt_runtime cpus cpuset credential_spec depends_on deploy develop
		device_cgroup_rules devices dns dns_opt dns_search domainname entrypoint env_file label_file
		environment expose extends external_links extra_hosts gpus group_add healthcheck hostname
		image init ipc isolation labels links logging mac_address mem_limit mem_reservation
		mem_swappiness memswap_limit models network_mode networks oom_kill_disable oom_score_adj pid
		pids_limit platform ports post_start pre_stop privileged profiles provider pull_policy
		pull_refresh_after read_only restart runtime scale secrets security_opt shm_size stdin_open
		stop_grace_period stop_signal storage_opt sysctls tmpfs tty ulimits use_api_socket user
		userns_mode uts volumes volumes_from working_dir`)
)

// composeFile holds the parts of compose.yaml the checks read; the keys are
// checked against the specification separately (checkComposeKeys).
type composeFile struct {
	Name     string                    `json:"name"`
	Services map[string]composeService `json:"services"`
	Volumes  map[string]any            `json:"volumes"`
}

type composeService struct {
	Image       string            `json:"image"`
	Build       *composeBuild     `json:"build"`
	Command     []string          `json:"command"`
	Environment map[string]string `json:"environment"`
	Ports       []string          `json:"ports"`
	Volumes     []string          `json:"volumes"`
	DependsOn   map[string]struct {
		Condition string `json:"condition"`
	} `json:"depends_on"`
	Healthcheck *struct {
		Test []string `json:"test"`
	} `json:"healthcheck"`
	Restart  string `json:"restart"`
	ReadOnly bool   `json:"read_only"`
}

type composeBuild struct {
	Context    string `json:"context"`
	Dockerfile string `json:"dockerfile"`
}

var composeVar = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}`)

// interpolate does Compose's ${VAR}, ${VAR:-default}, ${VAR:?error} and $$
// with the variables in env; a required variable missing from env is an error.
func interpolate(text string, env map[string]string) (string, error) {
	var errs []error
	text = strings.ReplaceAll(text, "$$", "\x00")
	out := composeVar.ReplaceAllStringFunc(text, func(m string) string {
		g := composeVar.FindStringSubmatch(m)
		name, op, arg := g[1], g[2], g[3]
		v, set := env[name]
		empty := !set || (strings.HasPrefix(op, ":") && v == "")
		switch strings.TrimPrefix(op, ":") {
		case "-":
			if empty {
				return arg
			}
		case "?":
			if empty {
				errs = append(errs, fmt.Errorf("required variable %s is not set (%s)", name, arg))
			}
		case "+":
			if empty {
				return ""
			}
			return arg
		}
		return v
	})
	return strings.ReplaceAll(out, "\x00", "$"), errors.Join(errs...)
}

// envFileKeys reads KEY=value lines of a dotenv file, commented-out ones too.
func envFileKeys(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	keys := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(sc.Text()), "#"))
		if k, v, ok := strings.Cut(line, "="); ok && regexp.MustCompile(`^[A-Z_][A-Z0-9_]*$`).MatchString(k) {
			keys[k] = v
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return keys
}

func parseCompose(text string) (*composeFile, error) {
	j, err := yaml.YAMLToJSON([]byte(text))
	if err != nil {
		return nil, err
	}
	if err := checkComposeKeys(j); err != nil {
		return nil, err
	}
	var c composeFile
	if err := json.Unmarshal(j, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

func checkComposeKeys(j []byte) error {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(j, &top); err != nil {
		return err
	}
	var errs []error
	for k := range top {
		if !strings.HasPrefix(k, "x-") && !slices.Contains(composeTopKeys, k) {
			errs = append(errs, fmt.Errorf("unknown top-level key %q", k))
		}
	}
	var services map[string]map[string]json.RawMessage
	if err := json.Unmarshal(top["services"], &services); err != nil {
		return fmt.Errorf("services: %w", err)
	}
	for name, s := range services {
		for k := range s {
			if !strings.HasPrefix(k, "x-") && !slices.Contains(composeServiceKeys, k) {
				errs = append(errs, fmt.Errorf("service %s: unknown key %q", name, k))
			}
		}
	}
	return errors.Join(errs...)
}

// TestCompose parses compose.yaml (with YAML anchors and merge keys resolved
// by sigs.k8s.io/yaml) and checks its services.
func TestCompose(t *testing.T) {
	raw, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// Every variable compose.yaml uses is documented in compose.env.example.
	documented := envFileKeys(t, "compose.env.example")
	var undocumented []string
	for _, m := range composeVar.FindAllStringSubmatch(string(raw), -1) {
		if _, ok := documented[m[1]]; !ok && !slices.Contains(undocumented, m[1]) {
			undocumented = append(undocumented, m[1])
		}
	}
	if len(undocumented) > 0 {
		t.Errorf("compose.yaml uses variables missing from compose.env.example: %v", undocumented)
	}
	// Without the required variables compose must refuse to start.
	if _, err := interpolate(string(raw), map[string]string{}); err == nil {
		t.Error("compose.yaml starts without POSTGRES_PASSWORD and TEYI_SECRET_KEY; require them with ${VAR:?…}")
	}
	text, err := interpolate(string(raw), map[string]string{"POSTGRES_PASSWORD": "pw", "TEYI_SECRET_KEY": "key"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := parseCompose(text)
	if err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	for _, err := range checkCompose(c, ".") {
		t.Error(err)
	}
}

// checkCompose checks the parsed compose file; dir is the directory of
// compose.yaml, against which relative paths resolve.
func checkCompose(c *composeFile, dir string) []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf("compose.yaml: "+format, args...)) }

	want := []string{"postgres", "redis", "migrate", "serve", "worker", "scheduler"}
	var have []string
	for name := range c.Services {
		have = append(have, name)
	}
	sort.Strings(have)
	for _, w := range want {
		if _, ok := c.Services[w]; !ok {
			fail("no service %q (have %v)", w, have)
		}
	}
	if len(errs) > 0 {
		return errs
	}

	// Named volumes are declared.
	for name, s := range c.Services {
		for _, v := range s.Volumes {
			src, _, _ := strings.Cut(v, ":")
			if !strings.HasPrefix(src, ".") && !strings.HasPrefix(src, "/") {
				if _, ok := c.Volumes[src]; !ok {
					fail("service %s uses volume %q, not declared under volumes:", name, src)
				}
			}
		}
	}
	mountOf := func(s composeService, target string) (string, bool) {
		for _, v := range s.Volumes {
			parts := strings.Split(v, ":")
			if len(parts) >= 2 && parts[1] == target {
				return parts[0], true
			}
		}
		return "", false
	}
	healthy := func(name string) {
		if hc := c.Services[name].Healthcheck; hc == nil || len(hc.Test) == 0 || hc.Test[0] == "NONE" {
			fail("service %s has no healthcheck (others wait for service_healthy)", name)
		}
	}

	pg := c.Services["postgres"]
	if !strings.HasPrefix(pg.Image, "postgres:15") {
		fail("postgres image %q, want postgres:15", pg.Image)
	}
	if src, ok := mountOf(pg, "/var/lib/postgresql/data"); !ok || strings.HasPrefix(src, ".") || strings.HasPrefix(src, "/") {
		fail("postgres data /var/lib/postgresql/data is not on a named volume")
	}
	healthy("postgres")

	rd := c.Services["redis"]
	if !strings.HasPrefix(rd.Image, "redis:7") {
		fail("redis image %q, want redis:7", rd.Image)
	}
	healthy("redis")
	confTarget := ""
	for _, v := range rd.Volumes {
		parts := strings.Split(v, ":")
		if len(parts) >= 2 && filepath.Clean(filepath.Join(dir, parts[0])) == filepath.Join(dir, "redis.conf") {
			confTarget = parts[1]
		}
	}
	if confTarget == "" {
		fail("redis does not mount ./redis.conf")
	} else if !slices.Contains(rd.Command, confTarget) {
		fail("redis command %q does not load %s", rd.Command, confTarget)
	}
	if conf, err := os.ReadFile(filepath.Join(dir, "redis.conf")); err == nil {
		if d := redisDirectives(string(conf))["dir"]; len(d) == 0 {
			fail("redis.conf sets no dir")
		} else if _, ok := mountOf(rd, d[len(d)-1][0]); !ok {
			fail("redis.conf dir %s is not a volume of the redis service: the AOF would be lost with the container", d[len(d)-1][0])
		}
	}

	teyi := map[string][]string{
		"migrate":   {"migrate", "up"},
		"serve":     {"serve"},
		"worker":    {"worker"},
		"scheduler": {"scheduler"},
	}
	image := c.Services["serve"].Image
	for name, cmd := range teyi {
		s := c.Services[name]
		if !slices.Equal(s.Command, cmd) {
			fail("service %s runs %q, want %q", name, s.Command, cmd)
		}
		if s.Image == "" || s.Image != image {
			fail("service %s image %q, want the same image as serve (%q)", name, s.Image, image)
		}
		if s.Build == nil {
			fail("service %s has no build", name)
		} else {
			ctx := filepath.Join(dir, s.Build.Context)
			if _, err := os.Stat(filepath.Join(ctx, "go.mod")); err != nil {
				fail("service %s: build context %q is not the repository root", name, s.Build.Context)
			}
			got, err1 := os.Stat(filepath.Join(ctx, s.Build.Dockerfile))
			want, err2 := os.Stat(filepath.Join(dir, "Dockerfile"))
			if err1 != nil || err2 != nil || !os.SameFile(got, want) {
				fail("service %s: dockerfile %q is not deploy/Dockerfile", name, s.Build.Dockerfile)
			}
		}
		for key, want := range map[string]struct {
			host    string
			schemes []string
		}{
			"DATABASE_URL": {"postgres", []string{"postgres", "postgresql"}},
			"REDIS_URL":    {"redis", []string{"redis", "rediss"}},
		} {
			u, err := url.Parse(s.Environment[key])
			if err != nil || u.Hostname() != want.host || !slices.Contains(want.schemes, u.Scheme) {
				fail("service %s: %s=%q does not point at the %s service", name, key, s.Environment[key], want.host)
			}
		}
		if s.Environment["TEYI_SECRET_KEY"] == "" {
			fail("service %s: no TEYI_SECRET_KEY", name)
		}
		if !s.ReadOnly {
			fail("service %s: read_only is not true", name)
		}
		if dd := s.Environment["TEYI_DATA_DIR"]; dd == "" {
			fail("service %s: no TEYI_DATA_DIR", name)
		} else if src, ok := mountOf(s, dd); !ok || strings.HasPrefix(src, ".") || strings.HasPrefix(src, "/") {
			fail("service %s: TEYI_DATA_DIR %s is not on a named volume", name, dd)
		}
		deps := map[string]string{"postgres": "service_healthy"}
		if name != "migrate" {
			deps["redis"] = "service_healthy"
			deps["migrate"] = "service_completed_successfully"
		}
		for dep, cond := range deps {
			if got := s.DependsOn[dep].Condition; got != cond {
				fail("service %s: depends_on %s condition %q, want %q", name, dep, got, cond)
			}
		}
	}
	if r := c.Services["migrate"].Restart; r != "no" {
		fail("migrate restart %q, want \"no\" (a one-shot)", r)
	}
	for _, name := range []string{"serve", "worker", "scheduler"} {
		if r := c.Services[name].Restart; r != "unless-stopped" && r != "always" && r != "on-failure" {
			fail("service %s restart %q", name, r)
		}
	}
	serve := c.Services["serve"]
	if serve.Environment["TEYI_ADDR"] != "0.0.0.0:8080" {
		fail("serve TEYI_ADDR=%q, want 0.0.0.0:8080", serve.Environment["TEYI_ADDR"])
	}
	published := false
	for _, p := range serve.Ports {
		p, _, _ = strings.Cut(p, "/")
		if strings.HasSuffix(p, ":8080") {
			published = true
		}
	}
	if !published {
		fail("serve does not publish container port 8080 (ports %q)", serve.Ports)
	}
	for _, name := range []string{"postgres", "redis", "worker", "scheduler", "migrate"} {
		if len(c.Services[name].Ports) > 0 {
			fail("service %s publishes ports %q; only serve should", name, c.Services[name].Ports)
		}
	}
	return errs
}

// TestComposeChecksRejectViolations makes sure checkCompose and the key
// check can fail.
func TestComposeChecksRejectViolations(t *testing.T) {
	raw, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text, err := interpolate(string(raw), map[string]string{"POSTGRES_PASSWORD": "pw", "TEYI_SECRET_KEY": "key"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parseCompose(strings.Replace(text, "    depends_on:\n", "    depend_on:\n", 1)); err == nil || !strings.Contains(err.Error(), `unknown key "depend_on"`) {
		t.Errorf("misspelt key not rejected: %v", err)
	}
	cases := []struct {
		name   string
		break_ func(c *composeFile)
		want   string
	}{
		{"serve before migrate", func(c *composeFile) { delete(c.Services["serve"].DependsOn, "migrate") }, "depends_on migrate"},
		{"scheduler runs serve", func(c *composeFile) { c.Services["scheduler"].Command[0] = "serve" }, `service scheduler runs ["serve"]`},
		{"redis without its conf", func(c *composeFile) {
			s := c.Services["redis"]
			s.Command = nil
			c.Services["redis"] = s
		}, "does not load"},
		{"no worker", func(c *composeFile) { delete(c.Services, "worker") }, `no service "worker"`},
		{"serve on loopback", func(c *composeFile) { c.Services["serve"].Environment["TEYI_ADDR"] = "127.0.0.1:8080" }, "TEYI_ADDR"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := parseCompose(text)
			if err != nil {
				t.Fatal(err)
			}
			tc.break_(c)
			joined := errors.Join(checkCompose(c, ".")...)
			if joined == nil || !strings.Contains(joined.Error(), tc.want) {
				t.Fatalf("want an error mentioning %q, got %v", tc.want, joined)
			}
		})
	}
}

// ------------------------------------------------------------------ redis

// redisDirectives parses redis.conf: directive (lower case) -> each
// occurrence's arguments, in order (for most directives the last one wins).
func redisDirectives(text string) map[string][][]string {
	d := map[string][][]string{}
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		for i := range f {
			f[i] = strings.Trim(f[i], `"`)
		}
		k := strings.ToLower(f[0])
		d[k] = append(d[k], f[1:])
	}
	return d
}

func checkRedisConf(text string) []error {
	var errs []error
	d := redisDirectives(text)
	last := func(k string) string {
		v := d[k]
		if len(v) == 0 {
			return ""
		}
		return strings.ToLower(strings.Join(v[len(v)-1], " "))
	}
	for k, want := range map[string]string{
		"appendonly":       "yes",
		"appendfsync":      "everysec",
		"maxmemory-policy": "noeviction",
	} {
		if got := last(k); got != want {
			errs = append(errs, fmt.Errorf("redis.conf: %s is %q, want %q", k, got, want))
		}
	}
	// Said explicitly, with a comment, rather than left to defaults.
	for _, k := range []string{"bind", "protected-mode", "dir"} {
		if last(k) == "" {
			errs = append(errs, fmt.Errorf("redis.conf: %s is not set", k))
		}
	}
	if _, ok := d["include"]; ok {
		errs = append(errs, errors.New("redis.conf: include could override the settings checked here"))
	}
	return errs
}

func TestRedisConf(t *testing.T) {
	raw, err := os.ReadFile("redis.conf")
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range checkRedisConf(string(raw)) {
		t.Error(err)
	}
	// The check must be able to fail: a later directive overrides.
	for _, bad := range []string{"appendonly no", "maxmemory-policy allkeys-lru", "appendfsync no"} {
		if len(checkRedisConf(string(raw)+"\n"+bad+"\n")) == 0 {
			t.Errorf("redis.conf check accepts %q", bad)
		}
	}
}
