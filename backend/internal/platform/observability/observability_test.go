package observability

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
)

func TestLogLinesCarryTheRequestID(t *testing.T) {
	var buf bytes.Buffer
	log := NewLogger(&buf, "info")
	log.InfoContext(WithRequestID(context.Background(), "req-42"), "hello", "n", 1)
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatalf("not JSON: %q", buf.String())
	}
	if line["request_id"] != "req-42" || line["msg"] != "hello" {
		t.Fatalf("line = %v", line)
	}
}

func TestDebugIsHiddenAtInfo(t *testing.T) {
	var buf bytes.Buffer
	NewLogger(&buf, "info").Debug("noise")
	if buf.Len() != 0 {
		t.Fatalf("debug line written at info level: %q", buf.String())
	}
}
