package casefile

import (
	"os"
	"testing"
	"time"

	"teyi/backend/internal/platform/pgcopy"
)

func TestDumpCopy(t *testing.T) {
	if os.Getenv("TEYI_DUMP") == "" {
		t.Skip()
	}
	f := newFixture(t)
	w := f.svc.Env.NewWorker(f.hosp)
	b := pgcopy.Header(nil)
	start := time.Now()
	for i := range 50000 {
		c := testCase(i, "12000")
		p, err := w.Process(c, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if b, err = w.AppendCopyRow(b, "01a23506-8c26-711a-bf61-091e2655c9a2", 1, &p); err != nil {
			t.Fatal(err)
		}
	}
	b = pgcopy.Trailer(b)
	t.Logf("processed 50000 in %v, %d bytes", time.Since(start), len(b))
	os.WriteFile("/tmp/copy.bin", b, 0o644)
}
