package synth_test

import (
	"testing"
	"time"

	"teyi/backend/internal/casefile"
	"teyi/backend/internal/casefile/synth"
	"teyi/backend/internal/grouper"
	"teyi/backend/internal/platform/secret"
	"teyi/backend/internal/pricing"
)

// BenchmarkProcess measures the import's per-case work without the
// database: parse a row, group, price, check, screen and encode the COPY row.
func BenchmarkProcess(b *testing.B) {
	g, err := synth.New(synth.Options{Seed: 7, Hospitals: []synth.Hospital{{Code: "H37010200001", Level: 3, Region: "370100"}},
		From: time.Date(2025, 1, 1, 0, 0, 0, 0, casefile.Beijing()), To: time.Date(2026, 1, 1, 0, 0, 0, 0, casefile.Beijing())})
	if err != nil {
		b.Fatal(err)
	}
	recs := make([]casefile.Record, 4096)
	for i := range recs {
		var c casefile.Case
		g.Next(&c)
		recs[i] = casefile.ToRecord(&c)
	}
	s, _ := secret.New("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
	env := &casefile.Env{Plans: grouper.NewShippedRegistry(), Dict: casefile.DefaultDictionaries(), Rules: casefile.DefaultScreenRules(),
		Sealer: s, Pricing: func(region string, d pricing.Date) (*pricing.Version, error) {
			return pricing.Demo(region, d.Year()), nil
		}}
	w := env.NewWorker(casefile.Hospital{ID: "0193b2a0-0000-7000-8000-000000000001", Code: "H37010200001", Region: "370100", Level: pricing.Tertiary})
	buf := make([]byte, 0, 1<<20)
	// warm the plan and the dictionaries
	r0 := recs[0]
	c0, _ := casefile.Parse(&r0, 2)
	w.Process(c0, time.Time{}) //nolint:errcheck
	b.ResetTimer()
	b.ReportAllocs()
	for i := range b.N {
		r := recs[i%len(recs)]
		c, errs := casefile.Parse(&r, i)
		if errs != nil {
			b.Fatal(errs)
		}
		p, err := w.Process(c, time.Time{})
		if err != nil {
			b.Fatal(err)
		}
		buf, err = w.AppendCopyRow(buf[:0], "0193b2a0-0000-7000-8000-000000000002", 1, &p)
		if err != nil {
			b.Fatal(err)
		}
	}
}
