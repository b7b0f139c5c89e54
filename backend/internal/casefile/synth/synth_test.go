package synth

import (
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/casefile"
	"teyi/backend/internal/grouper"
	"teyi/backend/internal/pricing"
)

var testHospitals = []Hospital{
	{Code: "H37010200001", Level: 3, Region: "370100"},
	{Code: "H37010200002", Level: 3, Region: "370100"},
	{Code: "H37020200003", Level: 2, Region: "370200"},
	{Code: "H37060200004", Level: 1, Region: "370600"},
}

func newGen(t testing.TB, seed int64) *Generator {
	t.Helper()
	g, err := New(Options{Seed: seed, Hospitals: testHospitals,
		From: time.Date(2025, 1, 1, 0, 0, 0, 0, casefile.Beijing()), To: time.Date(2026, 1, 1, 0, 0, 0, 0, casefile.Beijing())})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestEveryRowParsesAndRoundTrips(t *testing.T) {
	const n = 10000
	g := newGen(t, 1)
	cases := make([]casefile.Case, n)
	for i := range cases {
		g.Next(&cases[i])
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, newGen(t, 1), n); err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(&buf)
	head, err := cr.Read()
	if err != nil || strings.Join(head, ",") != strings.Join(casefile.HeaderRow(), ",") {
		t.Fatalf("header %v, %v", head, err)
	}
	readmits := 0
	for i := range cases {
		c := &cases[i]
		want := casefile.ToRecord(c)
		rec := want
		got, errs := casefile.Parse(&rec, i+2)
		if len(errs) > 0 {
			t.Fatalf("case %s: ToRecord row does not parse: %+v", c.SettlementID, errs)
		}
		if back := casefile.ToRecord(&got); back != want {
			for col := range back {
				if back[col] != want[col] {
					t.Errorf("case %s: column %s differs after Parse", c.SettlementID, casefile.Columns[col].Name)
				}
			}
			t.FailNow()
		}
		row, err := cr.Read()
		if err != nil {
			t.Fatalf("csv row %d: %v", i+2, err)
		}
		var fr casefile.Record
		if len(row) != len(fr) {
			t.Fatalf("csv row %d has %d cells", i+2, len(row))
		}
		copy(fr[:], row)
		if fr != want {
			for col := range fr {
				if fr[col] != want[col] {
					t.Errorf("case %s: WriteCSV column %s differs from ToRecord", c.SettlementID, casefile.Columns[col].Name)
				}
			}
			t.FailNow()
		}
		pc, errs := casefile.Parse(&fr, i+2)
		if len(errs) > 0 {
			t.Fatalf("case %s: WriteCSV row does not parse: %+v", c.SettlementID, errs)
		}
		if pc.Readmit31 != c.Readmit31 {
			t.Fatalf("case %s: readmission flag lost", c.SettlementID)
		}
		if c.Readmit31 {
			readmits++
		}
	}
	if _, err := cr.Read(); err != io.EOF {
		t.Fatalf("extra rows: %v", err)
	}
	if readmits == 0 {
		t.Error("no case carries the readmission flag")
	}
}

func TestDeterministic(t *testing.T) {
	var a, b, c bytes.Buffer
	WriteCSV(&a, newGen(t, 7), 2000)
	WriteCSV(&b, newGen(t, 7), 2000)
	WriteCSV(&c, newGen(t, 8), 2000)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("same seed, different output")
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Fatal("different seeds, same output")
	}
}

func TestOptions(t *testing.T) {
	bad := []Options{
		{},
		{Hospitals: []Hospital{{Code: "H1", Level: 4, Region: "370100"}}},
		{Hospitals: []Hospital{{Code: "H1", Level: 3, Region: "3701"}}},
		{Hospitals: []Hospital{{Code: "H,1", Level: 3, Region: "370100"}}},
		{Hospitals: []Hospital{{Code: "H1", Level: 3, Region: "370100"}, {Code: "H1", Level: 2, Region: "370100"}}},
		{Hospitals: testHospitals, From: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for i, o := range bad {
		if _, err := New(o); err == nil {
			t.Errorf("options %d accepted", i)
		}
	}
	g, err := New(Options{Hospitals: testHospitals[:1]})
	if err != nil {
		t.Fatal(err)
	}
	var c casefile.Case
	g.Next(&c)
	if y := c.DischargedAt.Year(); y != 2025 {
		t.Errorf("default range: discharged in %d", y)
	}
}

func sumDec(ds ...decimal.Decimal) decimal.Decimal {
	s := decimal.Zero
	for _, d := range ds {
		s = s.Add(d)
	}
	return s
}

var idW = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

func idValid(id string) bool {
	if len(id) != 18 {
		return false
	}
	s := 0
	for i := range 17 {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
		s += int(id[i]-'0') * idW[i]
	}
	return id[17] == "10X98765432"[s%11]
}

// TestRealism checks the invariants on every case and the shares over 20k.
func TestRealism(t *testing.T) {
	const n = 20000
	pack, err := grouper.Shipped(grouper.ShippedPlanID)
	if err != nil {
		t.Fatal(err)
	}
	levels := map[string]pricing.Level{}
	for _, h := range testHospitals {
		levels[h.Code] = map[int]pricing.Level{3: pricing.Tertiary, 2: pricing.Secondary, 1: pricing.Primary}[h.Level]
	}
	regionOf := map[string]string{}
	for _, h := range testHospitals {
		regionOf[h.Code] = h.Region
	}
	demo := pricing.Demo("370100", 2025)
	g := newGen(t, 42)
	var c casefile.Case
	var r grouper.Result
	gc := grouper.NewCase()
	ids := map[string]bool{}
	lastDis := map[string]time.Time{}
	drgs := map[string]int{}
	var grouped, ungroupable, high, low, priced, cross, readmit, transfer, employee, icu, vent, newItem, long, mid int
	depts := map[string]bool{}
	for i := range n {
		g.Next(&c)
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("case %s: "+format, append([]any{c.SettlementID}, args...)...)
		}
		if ids[c.SettlementID] {
			fail("duplicate settlement id")
		}
		ids[c.SettlementID] = true
		p := &c.Patient
		if !idValid(p.IDNumber) {
			fail("ID number has a bad check character")
		}
		if p.IDNumber[6:14] != p.BirthDate.Format("20060102") {
			fail("ID number's birth date is not the patient's")
		}
		if int(p.IDNumber[16]-'0')%2 != p.Sex%2 {
			fail("ID number's sex digit is not the patient's sex")
		}
		if a, d := casefile.AgeAt(p.BirthDate, c.AdmittedAt); a != p.Age || (a == 0 && d != p.AgeDays) || (a > 0 && p.AgeDays != -1) {
			fail("age %d/%d, birth date gives %d/%d", p.Age, p.AgeDays, a, d)
		}
		if nr := []rune(p.Name); len(nr) < 2 || len(nr) > 4 {
			fail("name has %d characters", len(nr))
		}
		if casefile.StayDays(c.AdmittedAt, c.DischargedAt) != c.LOS || !c.AdmittedAt.Before(c.DischargedAt) {
			fail("LOS %d does not match the stay", c.LOS)
		}
		if c.LOS > 60 {
			long++
		}
		if c.LOS >= 3 && c.LOS <= 15 {
			mid++
		}
		for _, pr := range c.Procedures {
			if pr.Date.Before(c.AdmittedAt) || pr.Date.After(c.DischargedAt) {
				fail("procedure outside the stay")
			}
		}
		for _, s := range c.ICU {
			if s.In.Before(c.AdmittedAt) || s.Out.After(c.DischargedAt) || !s.In.Before(s.Out) {
				fail("ICU stay outside the stay")
			}
			if c.VentilationHours > c.ICUHours() {
				fail("ventilated longer than in ICU")
			}
		}
		if len(c.ICU) > 0 {
			icu++
		}
		if c.VentilationHours > 0 {
			vent++
		}
		for _, d := range c.Diagnoses {
			switch {
			case isPregnancy(d.Code) && (p.Sex != 2 || p.Age < 15 || p.Age > 50):
				fail("pregnancy code %s on sex %d age %d", d.Code, p.Sex, p.Age)
			case dxSex(d.Code) != 0 && dxSex(d.Code) != p.Sex:
				fail("sex-specific code %s on sex %d", d.Code, p.Sex)
			case isNewborn(d.Code) && (p.Age != 0 || p.AgeDays < 0):
				fail("newborn code on age %d", p.Age)
			}
		}
		if p.Age == 0 && p.AgeDays <= 28 && c.Diagnoses[0].Code[0] == 'P' && p.BirthWeight <= 0 {
			fail("newborn without birth weight")
		}
		// Money.
		if !sumDec(c.Fees[:]...).Equal(c.TotalCost) {
			fail("fee categories do not add up")
		}
		var lines, ca, cb, cc decimal.Decimal
		var cats [14]decimal.Decimal
		for _, it := range c.Items {
			if !it.Quantity.Mul(it.Price).Equal(it.Amount) || !it.Amount.IsPositive() {
				fail("item %s: quantity × price ≠ amount", it.Code)
			}
			lines = lines.Add(it.Amount)
			k, _ := strconv.Atoi(it.Category)
			cats[k-1] = cats[k-1].Add(it.Amount)
			switch it.Level {
			case 1:
				ca = ca.Add(it.Amount)
			case 2:
				cb = cb.Add(it.Amount)
			case 3:
				cc = cc.Add(it.Amount)
			}
			if it.NewItem {
				newItem++
			}
		}
		if !lines.Equal(c.TotalCost) || !ca.Equal(c.ClassA) || !cb.Equal(c.ClassB) || !cc.Equal(c.OwnPay) {
			fail("item lines do not match the totals")
		}
		for k := range cats {
			if !cats[k].Equal(c.Fees[k]) {
				fail("category %02d does not match its lines", k+1)
			}
		}
		if !c.Funds.Total().Add(c.Personal.SelfPay).Add(c.Personal.OwnPay).Equal(c.TotalCost) {
			fail("fund + personal ≠ total")
		}
		if !c.Personal.Account.Add(c.Personal.Cash).Equal(c.Personal.SelfPay.Add(c.Personal.OwnPay)) {
			fail("account + cash ≠ personal part")
		}
		// Places, departments, readmissions.
		if c.InsuredPlace != regionOf[c.HospitalCode] {
			cross++
		}
		if len(c.TransferDepts) > 0 {
			transfer++
			if c.TransferDepts[len(c.TransferDepts)-1] != c.DischargeDept || c.AdmissionDept == c.DischargeDept {
				fail("transfer departments inconsistent")
			}
		}
		depts[c.DischargeDept] = true
		if prev, ok := lastDis[p.IDNumber]; ok && c.AdmittedAt.After(prev) && c.AdmittedAt.Sub(prev) <= 31*24*time.Hour {
			readmit++
		}
		lastDis[p.IDNumber] = c.DischargedAt
		if c.InsuranceType == casefile.InsuranceEmployee {
			employee++
		} else if c.InsuranceType != casefile.InsuranceResident {
			fail("insurance type %s", c.InsuranceType)
		}
		// Grouping and pricing.
		gc.ID, gc.Sex, gc.AgeYears, gc.AgeDays, gc.BirthWeight, gc.AdmissionWeight = c.SettlementID, grouper.Sex(p.Sex), p.Age, p.AgeDays, p.BirthWeight, p.AdmissionWeight
		gc.LOS, gc.DischargeWay, gc.VentilationHours = c.LOS, c.DischargeWay, c.VentilationHours
		gc.Diagnoses, gc.Procedures = gc.Diagnoses[:0], gc.Procedures[:0]
		for _, d := range c.Diagnoses {
			gc.Diagnoses = append(gc.Diagnoses, d.Code)
		}
		for _, pr := range c.Procedures {
			gc.Procedures = append(gc.Procedures, pr.Code)
		}
		pack.GroupInto(&gc, &r)
		if r.Status == grouper.StatusGrouped && r.DRG != "0000" && !strings.HasSuffix(r.DRG, "QY") {
			grouped++
			drgs[r.DRG]++
			fund := pricing.Employee
			if c.InsuranceType == casefile.InsuranceResident {
				fund = pricing.Resident
			}
			o, err := pricing.Price(demo, pricing.CaseInput{DRG: r.DRG, Level: levels[c.HospitalCode], Fund: fund, TotalCost: c.TotalCost})
			if err == nil {
				priced++
				switch o.Class {
				case pricing.High:
					high++
				case pricing.Low:
					low++
				}
			}
		} else if r.Status == grouper.StatusUngroupable || r.Status == grouper.StatusGrouped {
			ungroupable++
		} else {
			fail("grouper: %s %s", r.Status, r.Reason)
		}
		_ = i
	}
	pct := func(k int) float64 { return 100 * float64(k) / n }
	t.Logf("grouped %.1f%% into %d DRGs, ungroupable %.1f%%; of %d priced: high %.1f%% low %.1f%%",
		pct(grouped), len(drgs), pct(ungroupable), priced, 100*float64(high)/float64(priced), 100*float64(low)/float64(priced))
	t.Logf("LOS 3–15 %.1f%%, >60 %.2f%%; ICU %.1f%%, ventilated %.1f%%, new items %d; cross-region %.1f%%, readmissions ≤31d %.1f%%, transfers %.1f%%, employees %.1f%%, %d departments",
		pct(mid), pct(long), pct(icu), pct(vent), newItem, pct(cross), pct(readmit), pct(transfer), pct(employee), len(depts))
	check := func(name string, v, lo, hi float64) {
		t.Helper()
		if v < lo || v > hi {
			t.Errorf("%s = %.2f, want %.2f–%.2f", name, v, lo, hi)
		}
	}
	check("grouped %", pct(grouped), 95, 100)
	check("distinct DRGs", float64(len(drgs)), 150, 1000)
	check("ungroupable %", pct(ungroupable), 0.4, 2)
	check("high outliers %", 100*float64(high)/float64(priced), 3, 5.5)
	check("low outliers %", 100*float64(low)/float64(priced), 4, 6.5)
	check("LOS 3–15 %", pct(mid), 70, 100)
	check("LOS > 60 %", pct(long), 0.05, 1)
	check("cross-region %", pct(cross), 4, 6)
	check("readmissions %", pct(readmit), 2, 4)
	check("transfers %", pct(transfer), 1.5, 2.5)
	check("employees %", pct(employee), 30, 70)
	if newItem == 0 || icu == 0 || vent == 0 {
		t.Error("no new items, ICU stays or ventilation")
	}
}

func BenchmarkWriteCSV(b *testing.B) {
	g := newGen(b, 1)
	cw := &countWriter{}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuSeconds()
	if err := WriteCSV(cw, g, b.N); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cases/s")
	// On a shared machine wall time overstates the cost; this is per
	// second of the process's CPU time (one goroutine does the work).
	if cpu := cpuSeconds() - cpu0; cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu, "cases/cpu-s")
	}
	b.ReportMetric(float64(cw.n)/float64(b.N), "bytes/case")
}

func BenchmarkNext(b *testing.B) {
	g := newGen(b, 1)
	var c casefile.Case
	b.ReportAllocs()
	for b.Loop() {
		g.Next(&c)
	}
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// Every template, not just the ones a sample draws, fits the flat layout.
func TestTemplatesFitTheLayout(t *testing.T) {
	ts, err := loadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	check := func(code, name string) {
		if code == "" || len(code) > 20 || !safeCell(code) || len([]rune(name)) > 100 || strings.ContainsAny(name, ",\"|^\n\r") ||
			strings.TrimSpace(name) != name {
			t.Errorf("code %s / name %q does not fit the layout", code, name)
		}
	}
	for i := range ts.dxCodes {
		check(ts.dxCodes[i], ts.dxNames[i])
	}
	for i := range ts.pxCodes {
		check(ts.pxCodes[i], ts.pxNames[i])
	}
	for _, tp := range ts.tpls {
		if len(tp.dx) == 0 || len(tp.dx) > casefile.MaxDiagnoses || len(tp.px) > casefile.MaxProcedures {
			t.Fatalf("template with %d diagnoses, %d procedures", len(tp.dx), len(tp.px))
		}
	}
}
