package grouper

import (
	"encoding/csv"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// shipped returns the compiled CHS-DRG 1.1 pack (compiled once per process).
func shipped(t testing.TB) *Pack {
	t.Helper()
	p, err := Shipped(ShippedPlanID)
	if err != nil {
		t.Fatalf("compile shipped plan: %v", err)
	}
	return p
}

// adult is a 50-year-old man with the given codes.
func adult(dx []string, px ...string) Case {
	c := NewCase()
	c.Sex, c.AgeYears, c.AgeDays, c.LOS, c.DischargeWay = SexMale, 50, 18262, 7, 1
	c.Diagnoses, c.Procedures = dx, px
	return c
}

func newborn(ageDays, birthWeight int, dx ...string) Case {
	c := NewCase()
	c.Sex, c.AgeYears, c.AgeDays, c.BirthWeight, c.LOS = SexFemale, 0, ageDays, birthWeight, 10
	c.Diagnoses = dx
	return c
}

type oracleRow struct {
	c   Case
	exp [4]string // status label, MDC, ADRG, DRG as the reference writes them
}

// readCases reads a test CSV with encoding/csv, independently of the
// package's own batch reader.
func readCases(t testing.TB, file, dxCol, pxCol string, expCols [4]string) []oracleRow {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	num := func(s string, def int) int {
		if s == "" {
			return def
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("%s: bad number %q", file, s)
		}
		return n
	}
	list := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, "|")
	}
	var out []oracleRow
	for _, r := range rows[1:] {
		get := func(name string) string { return r[col[name]] }
		c := Case{
			ID: get("Index"), Sex: Sex(num(get("gender"), 0)), AgeYears: num(get("age"), Unknown),
			AgeDays: num(get("ageDay"), Unknown), BirthWeight: num(get("weight"), 0), Department: get("dept"),
			LOS: num(get("inHospitalTime"), Unknown), DischargeWay: num(get("leavingType"), 0),
			Diagnoses: list(get(dxCol)), Procedures: list(get(pxCol)),
		}
		var exp [4]string
		for i, ec := range expCols {
			if ec != "" {
				exp[i] = get(ec)
			}
		}
		out = append(out, oracleRow{c, exp})
	}
	return out
}

func oracle10k(t testing.TB) []oracleRow {
	return readCases(t, "testdata/oracle_chs_drg_11_synth10k.csv", "zdList", "ssList",
		[4]string{"exp_status", "exp_mdc", "exp_adrg", "exp_drg"})
}

// referenceView renders a result the way the reference writes it: an
// ungroupable case is 0000 / 00 / 0000.
func referenceView(r *Result) [4]string {
	if r.Status == StatusUngroupable {
		return [4]string{r.Status.Label(), "0000", "00", "0000"}
	}
	return [4]string{r.Status.Label(), r.MDC, r.ADRG, r.DRG}
}

// overlay serves the shipped plan with some files replaced (or removed, for
// an empty replacement named with a trailing "!").
type overlay struct {
	base  fs.FS
	files fstest.MapFS
}

func (o overlay) Open(name string) (fs.File, error) {
	if _, removed := o.files[name+"!"]; removed {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if _, ok := o.files[name]; ok {
		return o.files.Open(name)
	}
	return o.base.Open(name)
}

func shippedFSWith(t testing.TB, files map[string]string) fs.FS {
	t.Helper()
	base, err := ShippedPlanFS(ShippedPlanID)
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	for name, data := range files {
		m[path.Clean(name)] = &fstest.MapFile{Data: []byte(data)}
		if strings.HasSuffix(name, "!") {
			m[name] = &fstest.MapFile{}
		}
	}
	return overlay{base, m}
}

func readShipped(t testing.TB, name string) string {
	t.Helper()
	fsys, err := ShippedPlanFS(ShippedPlanID)
	if err != nil {
		t.Fatal(err)
	}
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func compileWith(t testing.TB, files map[string]string) (*Pack, []Problem, error) {
	t.Helper()
	return Compile(shippedFSWith(t, files), CompileOptions{})
}

func mustCompileWith(t testing.TB, files map[string]string) *Pack {
	t.Helper()
	p, probs, err := compileWith(t, files)
	if err != nil {
		t.Fatalf("compile: %v\n%s", err, FormatProblems(probs))
	}
	return p
}
