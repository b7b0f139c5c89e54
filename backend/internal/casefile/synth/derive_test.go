package synth

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"flag"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"teyi/backend/internal/grouper"
)

var update = flag.Bool("update", false, "rewrite templates.txt.gz from the grouper's 10k oracle inputs")

// oracleFile is the grouper's copy of the 10k synthetic grouper inputs
// (/work/shared/data/drg/testcases/oracle_chs_drg_11_synth10k.csv).
const oracleFile = "../../grouper/testdata/oracle_chs_drg_11_synth10k.csv"

// TestTemplatesFile derives the embedded case templates: the oracle's
// diagnosis and procedure lists, made clinically consistent with the
// patient (sex-specific and pregnancy codes, newborn codes only on
// newborns), with a realistic age mix, re-grouped by the shipped plan.
// Without -update it checks that the embedded file is what derivation gives.
func TestTemplatesFile(t *testing.T) {
	got := deriveTemplates(t)
	if *update {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(got)
		zw.Close()
		if err := os.WriteFile("templates.txt.gz", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	zr, err := gzip.NewReader(bytes.NewReader(templatesGz))
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if _, err := want.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatal("templates.txt.gz is stale: run go test -run TestTemplatesFile -update")
	}
}

func deriveTemplates(t *testing.T) []byte {
	p, err := grouper.Shipped(grouper.ShippedPlanID)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(oracleFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(20260101, 1))
	dxUsed, pxUsed := map[string]bool{}, map[string]bool{}
	var tpls []string
	var r grouper.Result
	for _, row := range rows[1:] {
		sex, _ := strconv.Atoi(row[1])
		age, _ := strconv.Atoi(row[2])
		ageDays, _ := strconv.Atoi(row[3])
		weight, _ := strconv.Atoi(row[4])
		dx := strings.Split(row[8], "|")
		var px []string
		if row[9] != "" {
			px = strings.Split(row[9], "|")
		}
		pdx := dx[0]
		switch {
		case isNewborn(pdx):
			age = 0
			if ageDays > 28 || ageDays < 0 {
				ageDays = rng.IntN(29)
			}
			if weight <= 0 {
				weight = 1000 + rng.IntN(3300)
			}
		case isPregnancy(pdx):
			sex = 2
			age = 20 + rng.IntN(23)
		default:
			if s := dxSex(pdx); s != 0 {
				sex = s
			}
			if age == 0 && infantPlausible(pdx) && ageDays >= 0 && ageDays <= 365 {
				if ageDays <= 28 && weight <= 0 {
					weight = 2500 + rng.IntN(1500)
				}
			} else {
				age = adultAge(rng)
			}
		}
		if age > 0 {
			ageDays, weight = -1, 0
		} else if ageDays > 28 {
			weight = 0 // birth weight is only asked of newborns
		}
		keep := dx[:1]
		for _, d := range dx[1:] {
			if okDx(d, sex, age) {
				keep = append(keep, d)
			}
		}
		dx = keep
		var pkeep []string
		for _, x := range px {
			if okPx(x, sex, age, isPregnancy(pdx)) {
				pkeep = append(pkeep, x)
			}
		}
		px = pkeep
		c := grouper.NewCase()
		c.Sex, c.AgeYears, c.AgeDays, c.BirthWeight, c.LOS, c.DischargeWay = grouper.Sex(sex), age, ageDays, weight, 7, 1
		if age > 0 {
			c.AgeDays = grouper.Unknown
		}
		c.Diagnoses, c.Procedures = dx, px
		p.GroupInto(&c, &r)
		status, drg := "g", r.DRG
		switch {
		case r.Status == grouper.StatusGrouped && !strings.HasSuffix(drg, "QY") && drg != "0000":
		case r.Status == grouper.StatusGrouped || r.Status == grouper.StatusUngroupable:
			status = "u"
			if drg == "" {
				drg = "0000"
			}
		default:
			t.Logf("%s dropped: %s %s", row[0], r.Status, r.Reason)
			continue
		}
		for _, d := range dx {
			dxUsed[d] = true
		}
		for _, x := range px {
			pxUsed[x] = true
		}
		tpls = append(tpls, strings.Join([]string{"T", strconv.Itoa(sex), strconv.Itoa(age), strconv.Itoa(ageDays),
			strconv.Itoa(weight), status, drg, strings.Join(dx, "|"), strings.Join(px, "|")}, "\t"))
	}
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	w.WriteString("# derived from grouper/testdata/oracle_chs_drg_11_synth10k.csv by derive_test.go; names from the shipped CHS-DRG 1.1 dictionaries\n")
	for _, k := range sortedKeys(dxUsed) {
		n, _ := p.DiagnosisName(k)
		w.WriteString("D\t" + k + "\t" + cleanName(n, k) + "\n")
	}
	for _, k := range sortedKeys(pxUsed) {
		n, _ := p.ProcedureName(k)
		w.WriteString("P\t" + k + "\t" + cleanName(n, k) + "\n")
	}
	for _, l := range tpls {
		w.WriteString(l + "\n")
	}
	w.Flush()
	return b.Bytes()
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// cleanName keeps a name safe inside the flat layout's packed cells and an
// unquoted CSV field.
func cleanName(n, code string) string {
	n = strings.NewReplacer(",", "，", "\"", "", "|", "/", "^", "", "\t", " ", "\n", " ", "\r", " ").Replace(n)
	n = strings.TrimSpace(n)
	if n == "" {
		n = code
	}
	if r := []rune(n); len(r) > 100 {
		n = string(r[:100])
	}
	return n
}

// adultAge draws an inpatient age (over one year): few children, most
// patients 45–80.
func adultAge(r *rand.Rand) int {
	u := r.Float64()
	switch {
	case u < 0.08:
		return 1 + r.IntN(17)
	case u < 0.30:
		return 18 + r.IntN(27)
	case u < 0.60:
		return 45 + r.IntN(20)
	case u < 0.88:
		return 65 + r.IntN(15)
	default:
		return 80 + r.IntN(18)
	}
}

func dxChapter(code string) (byte, int) {
	if len(code) < 3 {
		return 0, -1
	}
	n, err := strconv.Atoi(code[1:3])
	if err != nil {
		return code[0], -1
	}
	return code[0], n
}

func isNewborn(code string) bool {
	c, n := dxChapter(code)
	return c == 'P' || (c == 'Z' && n == 38)
}

func isPregnancy(code string) bool {
	c, n := dxChapter(code)
	return c == 'O' || (c == 'Z' && (n >= 33 && n <= 37 || n == 39))
}

// dxSex is 2 for a female-only diagnosis, 1 for a male-only one, else 0.
func dxSex(code string) int {
	c, n := dxChapter(code)
	switch {
	case isPregnancy(code),
		c == 'N' && n >= 70 && n <= 98,
		c == 'C' && n >= 51 && n <= 58,
		c == 'D' && (n == 6 || n >= 25 && n <= 28 || n == 39),
		c == 'Q' && n >= 50 && n <= 52:
		return 2
	case c == 'N' && n >= 40 && n <= 51,
		c == 'C' && n >= 60 && n <= 63,
		c == 'D' && (n == 29 || n == 40),
		c == 'Q' && n >= 53 && n <= 55:
		return 1
	}
	return 0
}

// infantPlausible: a principal diagnosis an infant is admitted with.
func infantPlausible(code string) bool {
	c, _ := dxChapter(code)
	return strings.IndexByte("ABPQJRHLSTEGKD", c) >= 0 && dxSex(code) == 0
}

func okDx(code string, sex, age int) bool {
	if s := dxSex(code); s != 0 && (s != sex || age < 12) {
		return false
	}
	if isPregnancy(code) && (age < 15 || age > 50) {
		return false
	}
	if isNewborn(code) && age > 0 {
		return false
	}
	return true
}

// pxSex: ICD-9-CM-3 60–64 male genital, 65–75 female genital and obstetric.
func pxSex(code string) (int, bool) {
	if len(code) < 2 {
		return 0, false
	}
	n, err := strconv.Atoi(code[:2])
	if err != nil {
		return 0, false
	}
	switch {
	case n >= 60 && n <= 64:
		return 1, false
	case n >= 65 && n <= 71:
		return 2, false
	case n >= 72 && n <= 75:
		return 2, true
	}
	return 0, false
}

func okPx(code string, sex, age int, pregnant bool) bool {
	s, obst := pxSex(code)
	if s != 0 && (s != sex || age < 12) {
		return false
	}
	return !obst || pregnant
}
