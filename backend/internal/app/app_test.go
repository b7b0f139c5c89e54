package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"teyi/backend/internal/platform/config"
	"teyi/backend/internal/platform/testsupport"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestCommittedOpenAPIDocumentIsCurrent(t *testing.T) {
	cfg, _ := config.Parse(map[string]string{})
	got, err := New(cfg, quiet).OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "..", "frontend", "src", "api", "openapi.json"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatal("frontend/src/api/openapi.json is stale: run `npm run gen:api` and commit the result")
	}
}

// startRedis runs a private redis-server on port (0: a free one).
func startRedis(t *testing.T, port int) (int, func()) {
	t.Helper()
	if port == 0 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port = l.Addr().(*net.TCPAddr).Port
		l.Close()
	}
	cmd := exec.Command("redis-server", "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	if err := cmd.Start(); err != nil {
		t.Skipf("redis-server not installed: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("redis-server did not start")
		}
		time.Sleep(20 * time.Millisecond)
	}
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			cmd.Process.Kill() //nolint:errcheck
			cmd.Wait()         //nolint:errcheck
		}
	}
	t.Cleanup(stop)
	return port, stop
}

func TestReadyzFollowsRedisDownAndBackWithoutRestart(t *testing.T) {
	_, dsn := testsupport.NewDB(t)
	port, stop := startRedis(t, 0)
	cfg, err := config.Parse(map[string]string{
		"DATABASE_URL": dsn,
		"REDIS_URL":    fmt.Sprintf("redis://127.0.0.1:%d/0", port),
	})
	if err != nil {
		t.Fatal(err)
	}
	a := New(cfg, quiet)
	if err := a.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	srv := a.Server(nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.App.Listener(ln)  //nolint:errcheck
	defer srv.App.Shutdown() //nolint:errcheck
	url := "http://" + ln.Addr().String() + "/readyz"
	readyz := func() (int, string) {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := readyz(); code != 200 {
		t.Fatalf("readyz with everything up = %d %s", code, body)
	}
	stop()
	code, body := readyz()
	var r struct{ Reason string }
	json.Unmarshal([]byte(body), &r) //nolint:errcheck
	if code != 503 || !strings.HasPrefix(r.Reason, "redis:") {
		t.Fatalf("readyz with Redis stopped = %d %s, want 503 naming redis", code, body)
	}
	startRedis(t, port)
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, body = readyz()
		if code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("readyz did not recover after Redis came back: %d %s", code, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
