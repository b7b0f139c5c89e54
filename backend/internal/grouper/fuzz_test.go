package grouper

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"hash/crc32"
	"io"
	"strings"
	"testing"
)

// The fuzz targets check that no input — a case, a CSV or JSON Lines file,
// a pack's bytes, a plan's text — makes the engine panic, and that results
// stay consistent. Seeds are in testdata/fuzz/<target>/ and run with every
// go test; go test -fuzz=FuzzGroup explores further.

func FuzzGroup(f *testing.F) {
	f.Add(int8(1), 50, 18262, 0, 7, 1, "J18.900|I50.900", "", 0, false, false)
	f.Add(int8(2), 0, 3, 1200, 10, 1, "P07.300|P22.000", "", 0, false, true)
	f.Add(int8(1), 50, -1, 0, 7, 1, "G40.900", "47.0900|37.5100", 120, true, false)
	f.Add(int8(1), 30, 11000, 0, 3, 5, "S06.000|S27.000|S72.000", "79.3501", 0, false, false)
	p := shipped(f)
	variants := []*Pack{p}
	for _, sw := range [][2]bool{{true, false}, {false, true}} {
		q, err := p.WithSwitches(sw[0], sw[1])
		if err != nil {
			f.Fatal(err)
		}
		variants = append(variants, q)
	}
	f.Fuzz(func(t *testing.T, sex int8, age, ageDays, weight, los, leaving int, dx, px string, vent int, ecmo, variant bool) {
		c := Case{
			Sex: Sex(sex), AgeYears: age, AgeDays: ageDays, BirthWeight: weight, LOS: los, DischargeWay: leaving,
			Diagnoses: strings.Split(dx, "|"), Procedures: strings.Split(px, "|"), VentilationHours: vent, ECMO: ecmo,
		}
		for i, q := range variants {
			if i > 0 && !variant {
				break
			}
			var r Result
			q.GroupInto(&c, &r)
			checkResult(t, &r)
		}
	})
}

func checkResult(t *testing.T, r *Result) {
	t.Helper()
	if r.Status < StatusGrouped || r.Status > StatusUngroupable {
		t.Fatalf("status %d", r.Status)
	}
	if len(r.Trace) == 0 {
		t.Fatal("empty trace")
	}
	if r.Status != StatusGrouped {
		if r.Reason == "" {
			t.Fatalf("%s without a reason", r.Status)
		}
		return
	}
	if len(r.DRG) != 4 || r.DRG[:3] != r.ADRG || r.MDC != "MDC"+r.ADRG[:1] || r.DRGName == "" {
		t.Fatalf("inconsistent grouping %s/%s/%s", r.MDC, r.ADRG, r.DRG)
	}
	if last := r.Trace[len(r.Trace)-1]; last.Stage != StageDRG || last.Code != r.DRG {
		t.Fatalf("trace ends with %+v", last)
	}
}

func FuzzParseCSV(f *testing.F) {
	f.Add([]byte("Index,gender,age,ageDay,weight,dept,inHospitalTime,leavingType,zdList,ssList\nA,1,50,,,,7,1,J18.900|I50.900,\n"))
	f.Add([]byte("\xef\xbb\xbfzdList,gender,age\r\n\"J18.900\",\"1\",\"5\"\r\n\"x,\"\"y\",2\n"))
	f.Add([]byte("ICD10_DRGS,ICD9_DRGS,gender,age,ageDay,weight\nP07.300,,2,0,3,1200\n\"unterminated"))
	p := shipped(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		st, err := RunBatch(p, bytes.NewReader(data), &out, BatchOptions{Errors: io.Discard})
		if err != nil {
			if err != ErrBadHeader && !strings.HasPrefix(err.Error(), "grouper: reading header") {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if st.Written+st.Bad != st.Rows {
			t.Fatalf("stats %+v: written + bad != rows", st)
		}
		rows, err := csv.NewReader(&out).ReadAll()
		if err != nil {
			t.Fatalf("output is not CSV: %v", err)
		}
		if len(rows) != st.Written+1 {
			t.Fatalf("%d output rows for %d written", len(rows), st.Written)
		}
	})
}

func FuzzParseJSONL(f *testing.F) {
	f.Add([]byte(`{"Index":"J1","gender":1,"age":"50","zdList":"J18.900|I50.900"}` + "\n"))
	f.Add([]byte(`{"sex":2,"age":0,"age_days":3,"birth_weight":2200,"diagnoses":["P07.300"]}` + "\nnull\n[1]\n"))
	p := shipped(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		st, err := RunBatch(p, bytes.NewReader(data), &out, BatchOptions{Format: FormatJSONL, Errors: io.Discard, Trace: true})
		if err != nil {
			t.Fatalf("unexpected error %v", err)
		}
		if st.Written+st.Bad != st.Rows || bytes.Count(out.Bytes(), []byte("\n")) != st.Written {
			t.Fatalf("stats %+v, %d output lines", st, bytes.Count(out.Bytes(), []byte("\n")))
		}
	})
}

// FuzzUnmarshalPack fuzzes the body of a pack and re-seals it with a valid
// header and checksum, so mutations reach the decoder and the reference
// checks instead of stopping at the CRC: a stored pack that was tampered
// with must be rejected, never crash the engine.
func FuzzUnmarshalPack(f *testing.F) {
	p, _, err := Compile(miniPlan(), CompileOptions{})
	if err != nil {
		f.Fatal(err)
	}
	body, _ := p.marshalBody()
	f.Add(body)
	f.Add(body[:len(body)/2])
	f.Fuzz(func(t *testing.T, body []byte) {
		data := append([]byte(packMagic), 0, packFormatVersion)
		data = append(data, body...)
		data = binary.BigEndian.AppendUint32(data, crc32.ChecksumIEEE(data))
		q, err := UnmarshalPack(data)
		if err != nil {
			return
		}
		for _, dx := range [][]string{{"I61.000"}, {"I62.000", "E87.100"}, {"J96.000", "J96.000"}} {
			for _, px := range []string{"01.2400", "37.5100", ""} {
				c := adult(dx, px)
				var r Result
				q.GroupInto(&c, &r)
			}
		}
		q.SearchCodes(0, "I6", 5)
		q.Groups()
	})
}

func FuzzCompilePlanText(f *testing.F) {
	base := miniPlan()
	f.Add(string(base[ManifestFile].Data), string(base[FileADRGDetail].Data), string(base[FileCC].Data))
	f.Add("id x\nmdc MDCB pdx | !ppx sites>=2\nsplit BB11 mcc | leaving=2,5 dept=a\nbefore BB1 BR1\n", "MDCB\nBB1 x\n包含以下主要诊断+手术表 1\n手术表 1：\n01.2400 x\n", "E87.100 表7-2 J18.900 无")
	f.Fuzz(func(t *testing.T, manifest, detail, cc string) {
		fsys := miniPlan()
		fsys[ManifestFile].Data = []byte(manifest)
		fsys[FileADRGDetail].Data = []byte(detail)
		fsys[FileCC].Data = []byte(cc)
		p, probs, err := Compile(fsys, CompileOptions{})
		if err != nil {
			if len(probs) == 0 {
				t.Fatalf("error %v without problems", err)
			}
			return
		}
		c := adult([]string{"I61.000", "J96.000"}, "01.2400")
		var r Result
		p.GroupInto(&c, &r)
		if r.Status == StatusNone {
			t.Fatal("no status")
		}
	})
}
