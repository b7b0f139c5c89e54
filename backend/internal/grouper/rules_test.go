package grouper

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func group(t *testing.T, p *Pack, c Case) Result {
	t.Helper()
	return p.Group(&c)
}

func wantDRG(t *testing.T, r Result, drg string) {
	t.Helper()
	if r.Status != StatusGrouped || r.DRG != drg {
		t.Fatalf("got %s %s/%s/%s (%s), want %s; trace %+v", r.Status, r.MDC, r.ADRG, r.DRG, r.Reason, drg, r.Trace)
	}
}

func TestSecondaryDiagnosisInSameExclusionTableDoesNotCountAsCC(t *testing.T) {
	p := shipped(t)
	// J10.100 is a CC pointing to 表 7-101, and 肺炎 J18.900 is in 表 7-101.
	r := group(t, p, adult([]string{"J18.900", "J10.100"}))
	wantDRG(t, r, "ES35")
	if r.Comorbidity != ComorbidityNone {
		t.Errorf("comorbidity %s, want none", r.Comorbidity)
	}
	want := []SecondaryDx{{Code: "J10.100", Kind: ComorbidityCC, Table: "表 7-101"}}
	if !slices.Equal(r.Excluded, want) {
		t.Errorf("excluded %+v, want %+v", r.Excluded, want)
	}
}

func TestSecondaryDiagnosisInSameExclusionTableDoesNotCountAsMCC(t *testing.T) {
	p := shipped(t)
	// J09.x00 is an MCC in 表 7-101; an unrelated CC (A00.100, 表 7-1) still counts.
	r := group(t, p, adult([]string{"J18.900", "J09.x00", "A00.100"}))
	wantDRG(t, r, "ES33")
	if r.SplitBy.Code != "A00.100" || r.SplitBy.Kind != ComorbidityCC || r.SplitBy.Table != "表 7-1" {
		t.Errorf("split by %+v, want the CC A00.100 of 表 7-1", r.SplitBy)
	}
	if len(r.Excluded) != 1 || r.Excluded[0].Code != "J09.x00" || r.Excluded[0].Kind != ComorbidityMCC {
		t.Errorf("excluded %+v, want the MCC J09.x00", r.Excluded)
	}
}

func TestMCCFromAnotherExclusionTableDecidesTheSplit(t *testing.T) {
	p := shipped(t)
	r := group(t, p, adult([]string{"J18.900", "I50.900"}))
	wantDRG(t, r, "ES31")
	if r.Comorbidity != ComorbidityMCC || r.SplitBy != (SecondaryDx{Code: "I50.900", Kind: ComorbidityMCC, Table: "表 7-95"}) {
		t.Errorf("comorbidity %s split by %+v", r.Comorbidity, r.SplitBy)
	}
	if last := r.Trace[len(r.Trace)-1]; last.Stage != StageDRG || last.Rule != "mcc" || last.By != "I50.900" {
		t.Errorf("last step %+v, want the mcc split by I50.900", last)
	}
}

func TestPrincipalDiagnosisNeverCountsAsItsOwnComorbidity(t *testing.T) {
	p := shipped(t)
	r := group(t, p, adult([]string{"I50.900"}))
	if r.Comorbidity != ComorbidityNone {
		t.Fatalf("comorbidity %s for a case without secondary diagnoses", r.Comorbidity)
	}
}

func TestNewbornWithoutBirthWeightFailsValidation(t *testing.T) {
	p := shipped(t)
	r := group(t, p, newborn(3, 0, "P07.300"))
	if r.Status != StatusValidationFailed || r.Reason != ReasonBirthWeightMissing {
		t.Fatalf("got %s (%s), want validation failed for the missing birth weight", r.Status, r.Reason)
	}
	if r.Status.Label() != "信息校验不通过" {
		t.Errorf("label %q", r.Status.Label())
	}
}

func TestInfantOlderThan28DaysNeedsNoBirthWeight(t *testing.T) {
	p := shipped(t)
	wantDRG(t, group(t, p, newborn(60, 0, "P07.300")), "PV15")
}

func TestBirthWeightBandsChooseTheNewbornADRG(t *testing.T) {
	p := shipped(t)
	for _, tc := range []struct {
		weight int
		adrg   string
	}{{1200, "PS1"}, {1499, "PS1"}, {1500, "PS2"}, {2200, "PS3"}, {2500, "PS4"}, {3400, "PS4"}} {
		r := group(t, p, newborn(3, tc.weight, "P07.300"))
		if r.ADRG != tc.adrg {
			t.Errorf("birth weight %d g: ADRG %s, want %s", tc.weight, r.ADRG, tc.adrg)
		}
	}
}

func TestValidationFollowsTheReferenceOrder(t *testing.T) {
	p := shipped(t)
	base := adult([]string{"J18.900"})
	for _, tc := range []struct {
		name   string
		change func(*Case)
		reason string
	}{
		{"sex not 1/2", func(c *Case) { c.Sex = 9 }, ReasonSexInvalid},
		{"age missing", func(c *Case) { c.AgeYears = Unknown }, ReasonAgeMissing},
		{"age 0 without days", func(c *Case) { c.AgeYears, c.AgeDays = 0, Unknown }, ReasonAgeDaysMissing},
		{"no diagnosis", func(c *Case) { c.Diagnoses = []string{"", " -"} }, ReasonNoDiagnosis},
	} {
		c := base
		tc.change(&c)
		r := p.Group(&c)
		if r.Status != StatusValidationFailed || r.Reason != tc.reason {
			t.Errorf("%s: got %s (%s), want validation failed: %s", tc.name, r.Status, r.Reason, tc.reason)
		}
	}
}

func TestMaleOnlyDiagnosisInAWomanIsUngroupable(t *testing.T) {
	p := shipped(t)
	man := adult([]string{"N40.x00"})
	wantDRG(t, group(t, p, man), "MZ19")
	woman := man
	woman.Sex = SexFemale
	r := group(t, p, woman)
	if r.Status != StatusUngroupable || r.Reason != ReasonNoMDC {
		t.Fatalf("got %s %s (%s), want ungroupable: MDCM needs sex=1", r.Status, r.DRG, r.Reason)
	}
}

func TestValidOperationEntersPreMDCAndFallsThroughWhenNoTransplantMatches(t *testing.T) {
	p := shipped(t)
	wantDRG(t, group(t, p, adult([]string{"I42.000"}, "37.5100")), "AA19")

	// 47.0900 (appendectomy) is a valid OR procedure: MDCA is entered, none
	// of its ADRGs matches, evaluation moves on to MDCB.
	r := group(t, p, adult([]string{"G40.900"}, "47.0900"))
	wantDRG(t, r, "BV15")
	var path []string
	for _, s := range r.Trace {
		path = append(path, s.Stage+":"+s.Code)
	}
	want := []string{"validate:", "mdc:MDCA", "mdc_no_adrg:MDCA", "mdc:MDCB", "adrg:BV1", "drg:BV15"}
	if !slices.Equal(path, want) {
		t.Errorf("trace %v, want %v", path, want)
	}
}

func TestQYSwitch(t *testing.T) {
	p := shipped(t)
	c := adult([]string{"G40.900"}, "47.0900")
	if p.Info().QY {
		t.Fatal("CHS-DRG 1.1 ships with 歧义组 off, as the reference")
	}
	wantDRG(t, group(t, p, c), "BV15")

	qy, err := p.WithSwitches(true, false)
	if err != nil {
		t.Fatal(err)
	}
	r := group(t, qy, c)
	if r.Status != StatusUngroupable || r.DRG != "BQY" || r.MDC != "MDCB" || r.Reason != ReasonQY || r.Detail != "47.0900" {
		t.Fatalf("with QY on: got %s %s/%s (%s %s), want ungroupable BQY", r.Status, r.MDC, r.DRG, r.Reason, r.Detail)
	}
	if qy.Info().Digest == p.Info().Digest {
		t.Error("a pack with another switch must have another digest")
	}
	// A medical case without an OR procedure is unaffected.
	wantDRG(t, group(t, qy, adult([]string{"G40.900"})), "BV15")
}

func TestQYIsAManifestSwitch(t *testing.T) {
	manifest := strings.Replace(readShipped(t, ManifestFile), "qy          off", "qy on", 1)
	p := mustCompileWith(t, map[string]string{ManifestFile: manifest})
	if r := group(t, p, adult([]string{"G40.900"}, "47.0900")); r.DRG != "BQY" {
		t.Fatalf("got %s, want BQY", r.DRG)
	}
}

func TestMultipleTraumaNeedsTwoBodySites(t *testing.T) {
	p := shipped(t)
	// 脑震荡 (head) + 创伤性气胸 (chest): two sites → MDCZ.
	r := group(t, p, adult([]string{"S06.000", "S27.000"}))
	wantDRG(t, r, "ZZ15")
	if r.Trace[1].Rule != "pdx sites>=2" {
		t.Errorf("entry rule %q", r.Trace[1].Rule)
	}
	// Two head injuries are one site: the case stays in MDCB.
	wantDRG(t, group(t, p, adult([]string{"S06.000", "S06.100"})), "BY15")
}

func TestUnknownCodesMatchNothing(t *testing.T) {
	p := shipped(t)
	r := group(t, p, adult([]string{"NOT.A.CODE", "I50.900"}, "99.9999x999"))
	if r.Status != StatusUngroupable {
		t.Fatalf("got %s %s, want ungroupable", r.Status, r.DRG)
	}
}

func TestCodeTranslationIsPerPlanOptional(t *testing.T) {
	p := shipped(t)
	tr, err := p.WithSwitches(false, true)
	if err != nil {
		t.Fatal(err)
	}
	// 国临版 A01.000x002 is 医保版 A01.003 (ZD_MAP.dat).
	c := adult([]string{"A01.000x002"})
	if r := group(t, p, c); r.Status != StatusUngroupable {
		t.Fatalf("without translation the clinical code matches nothing, got %s %s", r.Status, r.DRG)
	}
	direct := group(t, p, adult([]string{"A01.003"}))
	r := group(t, tr, c)
	if r.Status != StatusGrouped || r.DRG != direct.DRG {
		t.Fatalf("translated: got %s %s, want %s as for A01.003", r.Status, r.DRG, direct.DRG)
	}
	if r.Trace[1].Stage != StageTranslate || r.Trace[1].Code != "A01.003" || r.Trace[1].By != "A01.000x002" {
		t.Errorf("second step %+v, want the translation", r.Trace[1])
	}
	r = group(t, tr, adult([]string{"A01.003", "ZZZ.999"}))
	if r.Status != StatusCodeNotTranslatable || r.Detail != "ZZZ.999" || r.Reason != ReasonDxNotTranslatable {
		t.Fatalf("got %s %q (%s), want code not translatable", r.Status, r.Detail, r.Reason)
	}
	r = group(t, tr, adult([]string{"A01.003"}, "00.0000x999"))
	if r.Status != StatusCodeNotTranslatable || r.Reason != ReasonPxNotTranslatable {
		t.Fatalf("got %s (%s), want procedure not translatable", r.Status, r.Reason)
	}
}

func TestLocalSplitConditionsAreDataPredicates(t *testing.T) {
	// A Changzhou-style local split: children, or short stays ending in
	// transfer or death, go to the higher DRG of ER2 (肺栓塞).
	manifest := readShipped(t, ManifestFile) + "\nsplit ER21 mcc | age<=17 | los<5 leaving=2,5\n"
	p := mustCompileWith(t, map[string]string{ManifestFile: manifest})
	c := adult([]string{"I26.900x005"})
	wantDRG(t, group(t, p, c), "ER25")
	child := c
	child.AgeYears, child.AgeDays = 12, 4400
	wantDRG(t, group(t, p, child), "ER21")
	short := c
	short.LOS, short.DischargeWay = 3, 5
	wantDRG(t, group(t, p, short), "ER21")
	short.DischargeWay = 1
	wantDRG(t, group(t, p, short), "ER25")
	if g, _ := p.GroupByCode("ER21"); g.Rule != "mcc | age<=17 | los<5 leaving=2,5" {
		t.Errorf("rule %q", g.Rule)
	}
}

func TestVentilationAndECMOAreConditionsForCHSDRG20(t *testing.T) {
	// CHS-DRG 2.0's AH2 (有创呼吸机支持≥96小时) and ECMO are expressible as
	// data: here AH1 is redefined that way on the 1.1 tables.
	manifest := strings.Replace(readShipped(t, ManifestFile), "mdc MDCA    ppx-valid", "mdc MDCA    ppx-valid | vent-hours>=96 | ecmo", 1) +
		"\nadrg AH1 rule ppx | vent-hours>=96 | ecmo\n"
	p := mustCompileWith(t, map[string]string{ManifestFile: manifest})
	c := adult([]string{"J96.000"})
	c.VentilationHours = 120
	if r := group(t, p, c); r.ADRG != "AH1" {
		t.Fatalf("120 h ventilation: ADRG %s, want AH1", r.ADRG)
	}
	c.VentilationHours, c.ECMO = 10, true
	if r := group(t, p, c); r.ADRG != "AH1" {
		t.Fatalf("ECMO: ADRG %s, want AH1", r.ADRG)
	}
	c.ECMO = false
	if r := group(t, p, c); r.ADRG == "AH1" {
		t.Fatal("10 h ventilation without ECMO must not be AH1")
	}
}

func TestResultNamesVersionsAndTrace(t *testing.T) {
	p := shipped(t)
	r := group(t, p, adult([]string{"J18.900", "I50.900"}))
	if r.MDCName != "呼吸系统疾病及功能障碍" || r.ADRGName == "" || !strings.HasSuffix(r.DRGName, "伴严重并发症或合并症") {
		t.Errorf("names %q / %q / %q", r.MDCName, r.ADRGName, r.DRGName)
	}
	if r.Plan != ShippedPlanID || r.Engine != EngineVersion || len(r.PlanDigest) != 16 {
		t.Errorf("versions %q %q %q", r.Plan, r.PlanDigest, r.Engine)
	}
	for _, s := range r.Trace {
		if s.Stage == StageADRG && !strings.HasPrefix(s.Source, FileADRGDetail+":") {
			t.Errorf("ADRG step source %q, want a line of %s", s.Source, FileADRGDetail)
		}
	}
}

func TestGroupIntoReusesTheResultWithoutAllocating(t *testing.T) {
	p := shipped(t)
	rows := oracle10k(t)
	var r Result
	for i := range rows {
		p.GroupInto(&rows[i].c, &r) // grow the slices once
	}
	i := 0
	allocs := testing.AllocsPerRun(2000, func() {
		p.GroupInto(&rows[i%len(rows)].c, &r)
		i += 7
	})
	if allocs != 0 {
		t.Fatalf("%.2f allocations per case, want 0", allocs)
	}
}

func TestEngineIsSafeForConcurrentUse(t *testing.T) {
	p := shipped(t)
	rows := oracle10k(t)[:2000]
	done := make(chan int, 4)
	for g := 0; g < 4; g++ {
		go func() {
			var r Result
			bad := 0
			for i := range rows {
				p.GroupInto(&rows[i].c, &r)
				if referenceView(&r) != rows[i].exp {
					bad++
				}
			}
			done <- bad
		}()
	}
	for g := 0; g < 4; g++ {
		if bad := <-done; bad != 0 {
			t.Fatalf("%d disagreements under concurrency", bad)
		}
	}
}

func TestRegistrySelectsPlanByIDAndDischargeDate(t *testing.T) {
	reg := NewShippedRegistry()
	p, err := reg.ByID(ShippedPlanID)
	if err != nil {
		t.Fatal(err)
	}
	local, err := p.WithSwitches(true, false)
	if err != nil {
		t.Fatal(err)
	}
	local.info.ID, local.info.ValidFrom, local.info.ValidTo = "local-2023", "2023-01-01", "2024-01-01"
	if err := reg.Add(local); err != nil {
		t.Fatal(err)
	}
	if err := reg.Add(local); err == nil {
		t.Error("adding the same id twice must fail")
	}
	for _, tc := range []struct {
		day, want string
	}{{"2022-06-30", ShippedPlanID}, {"2023-06-30", "local-2023"}, {"2024-01-01", ShippedPlanID}} {
		d, _ := time.Parse(time.DateOnly, tc.day)
		got, err := reg.ForDischarge(d)
		if err != nil || got.ID() != tc.want {
			t.Errorf("%s: got %v %v, want %s", tc.day, got, err, tc.want)
		}
	}
	if _, err := reg.ForDischarge(time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil {
		t.Error("a discharge before every plan must fail")
	}
	if _, err := reg.ByID("nope"); err == nil {
		t.Error("unknown id must fail")
	}
}

func TestSearchCodesByPrefixOrChineseName(t *testing.T) {
	p := shipped(t)
	hits := p.SearchCodes(KindDiagnosis, "j18.9", 5)
	if len(hits) == 0 || hits[0].Code != "J18.900" || hits[0].Name != "肺炎" {
		t.Fatalf("prefix search: %+v", hits)
	}
	if len(hits) > 5 {
		t.Errorf("limit ignored: %d hits", len(hits))
	}
	hits = p.SearchCodes(KindProcedure, "阑尾切除", 3)
	if len(hits) != 3 || !strings.Contains(hits[0].Name, "阑尾切除") {
		t.Fatalf("name search: %+v", hits)
	}
	if name, ok := p.GroupName("ES31"); !ok || !strings.Contains(name, "呼吸系统感染") {
		t.Errorf("GroupName(ES31) = %q %v", name, ok)
	}
	if g, ok := p.GroupByCode("FM1"); !ok || g.Level != "adrg" || g.Parent != "MDCF" {
		t.Errorf("GroupByCode(FM1) = %+v", g)
	}
	if name, ok := p.DiagnosisName("K43.900"); !ok || name == "" {
		t.Errorf("a plan code missing from the dictionary keeps the name the plan text gives: %q", name)
	}
	if !p.IsValidOperation("47.0900") || p.IsValidOperation("89.0x00") {
		t.Error("valid-operation lookup")
	}
	if n := len(p.Groups()); n != 26+376+628 {
		t.Errorf("%d groups", n)
	}
}
