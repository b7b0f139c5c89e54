package casefile

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// BenchmarkImport imports TEYI_BENCH_CASES (default 20,000) cases of the
// test fixture per iteration into a fresh hospital.
func BenchmarkImport(b *testing.B) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("TEYI_BENCH_CASES")); err == nil && v > 0 {
		n = v
	}
	t := &testing.T{}
	_ = t
	cases := make([]Case, n)
	for i := range cases {
		c := testCase(i, "12000")
		c.TotalCost = decimal.NewFromInt(int64(8000 + i%9000))
		c.Items[0].Amount = c.TotalCost.Sub(c.Items[1].Amount)
		c.Items[0].Price = c.Items[0].Amount
		cases[i] = c
	}
	f := newFixture(&testing.T{})
	_ = f
	b.Skip("use TestImportSpeed")
}

func TestImportSpeed(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("TEYI_BENCH_CASES"))
	if n == 0 {
		t.Skip("set TEYI_BENCH_CASES")
	}
	cases := make([]Case, n)
	for i := range cases {
		c := testCase(i, "12000")
		c.Patient.IDNumber = fmt.Sprintf("37010219600101%04d", i%10000)
		cases[i] = c
	}
	path := writeCSV(t, cases)
	cases = nil
	f := newFixture(t)
	start := time.Now()
	im, _ := f.importFile(t, f.hosp, path, FormatCSV)
	t.Logf("%d cases in %v (%s)\n%s", n, time.Since(start), im.Status, f.logs.String())
}
