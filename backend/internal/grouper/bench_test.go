package grouper

import (
	"bytes"
	"io"
	"os"
	"testing"
)

// Benchmarks for docs/benchmarks-grouper.md. Run on one core:
//
//	go test -run '^$' -bench . -benchmem -cpu 1 ./backend/internal/grouper/

func BenchmarkGroup(b *testing.B) {
	p := shipped(b)
	rows := oracle10k(b)
	cases := make([]Case, len(rows))
	for i := range rows {
		cases[i] = rows[i].c
	}
	var r Result
	for i := range cases {
		p.GroupInto(&cases[i], &r)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p.GroupInto(&cases[i%len(cases)], &r)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cases/s")
}

func BenchmarkGroupParallel(b *testing.B) {
	p := shipped(b)
	rows := oracle10k(b)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var r Result
		i := 0
		for pb.Next() {
			p.GroupInto(&rows[i%len(rows)].c, &r)
			i++
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cases/s")
}

func benchBatch(b *testing.B, data []byte, rows int, opt BatchOptions) {
	p := shipped(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st, err := RunBatch(p, bytes.NewReader(data), io.Discard, opt)
		if err != nil || st.Written != rows {
			b.Fatalf("%+v %v", st, err)
		}
	}
	b.ReportMetric(float64(b.N*rows)/b.Elapsed().Seconds(), "cases/s")
}

func BenchmarkBatchCSV(b *testing.B) {
	data, err := os.ReadFile("testdata/oracle_chs_drg_11_synth10k.csv")
	if err != nil {
		b.Fatal(err)
	}
	benchBatch(b, data, 10000, BatchOptions{})
}

func BenchmarkBatchJSONL(b *testing.B) {
	var in bytes.Buffer
	for _, row := range oracle10k(b) {
		in.WriteString(`{"Index":"` + row.c.ID + `","gender":1,"age":50,"zdList":"`)
		for i, d := range row.c.Diagnoses {
			if i > 0 {
				in.WriteByte('|')
			}
			in.WriteString(d)
		}
		in.WriteString("\"}\n")
	}
	benchBatch(b, in.Bytes(), 10000, BatchOptions{Format: FormatJSONL})
}

func BenchmarkCompileShippedPlan(b *testing.B) {
	fsys, err := ShippedPlanFS(ShippedPlanID)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, _, err := Compile(fsys, CompileOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUnmarshalPack(b *testing.B) {
	data, err := shipped(b).MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := UnmarshalPack(data); err != nil {
			b.Fatal(err)
		}
	}
}
