package casefile

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func at(s string) time.Time {
	t, ok := parseTime(s)
	if !ok {
		panic("bad time " + s)
	}
	return t
}

func yuanD(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// goodCase is a clean case: Check gives no finding at all.
func goodCase() *Case {
	c := &Case{
		SettlementID: "S1", VisitID: "M1", MRN: "BA1",
		Patient: Patient{Name: "张三", IDNumber: "370102198001011234", Sex: 1,
			BirthDate: at("1980-03-01"), Age: 46, AgeDays: -1},
		InsuranceType: InsuranceEmployee, InsuredPlace: "370102",
		AdmittedAt: at("2026-04-01 08:30:00"), DischargedAt: at("2026-04-08 10:00:00"), LOS: 7,
		AdmissionDept: "A03", DischargeDept: "A03", DischargeWay: 1,
		Diagnoses: []Diagnosis{
			{Code: "K35.800", Name: "急性阑尾炎", Condition: "1"},
			{Code: "E11.900", Name: "2型糖尿病", Condition: "1"},
			{Code: "I10.x00x002", Name: "高血压", Condition: "1"},
			{Code: "J44.000", Name: "慢阻肺急性加重", Condition: "1"},
			{Code: "N18.500", Name: "慢性肾脏病5期", Condition: "1"},
		},
		Procedures: []Procedure{
			{Code: "47.0901", Name: "阑尾切除术", Date: at("2026-04-01 14:00:00")},
			{Code: "39.9500", Name: "血液透析", Date: at("2026-04-03 09:00:00")},
		},
		TotalCost: yuanD("3000.00"), ClassA: yuanD("2500.00"), ClassB: yuanD("500.00"),
		Funds:    FundPayments{Pool: yuanD("1800.00")},
		Personal: PersonalPayment{SelfPay: yuanD("1200.00"), Cash: yuanD("1200.00")},
	}
	c.Fees[4] = yuanD("1000.00") // 05 治疗费
	c.Fees[8] = yuanD("2000.00") // 09 西药费
	c.Items = []FeeItem{
		{Code: "250101001", Name: "静脉注射", Category: "05", Level: 1, Quantity: yuanD("10"), Price: yuanD("100.00"), Amount: yuanD("1000.00")},
		{Code: "XJ01", Name: "阿莫西林", Category: "09", Level: 2, Quantity: yuanD("3"), Price: yuanD("666.67"), Amount: yuanD("2000.00")},
	}
	return c
}

var localCtx = QualityContext{RegionCode: "370105"} // 济南 (3701): 370102 is local

func rules(f []Finding) string {
	var b []string
	for _, x := range f {
		b = append(b, x.Rule+"/"+string(x.Severity)+"@"+x.Field)
	}
	return strings.Join(b, " ")
}

func find(f []Finding, rule string) *Finding {
	for i := range f {
		if f[i].Rule == rule {
			return &f[i]
		}
	}
	return nil
}

func findAt(f []Finding, rule, field string) *Finding {
	for i := range f {
		if f[i].Rule == rule && f[i].Field == field {
			return &f[i]
		}
	}
	return nil
}

func TestDefaultDictionaries(t *testing.T) {
	d := DefaultDictionaries()
	if d != DefaultDictionaries() {
		t.Fatal("DefaultDictionaries must be loaded once and shared")
	}
	if nd, np := d.Sizes(); nd != 33304 || np != 13686 {
		t.Fatalf("sizes = %d, %d; want 33304 diagnoses, 13686 procedures (shared/data/drg/README.md)", nd, np)
	}
	if n, ok := d.Diagnosis("J18.900"); !ok || n != "肺炎" {
		t.Errorf("J18.900 = %q, %v", n, ok)
	}
	if n, ok := d.Diagnosis("A01.000x005+J17.0*"); !ok || n == "" {
		t.Errorf("dagger/asterisk pair must be one code: %q %v", n, ok)
	}
	if n, ok := d.Procedure("51.2300"); !ok || n != "腹腔镜下胆囊切除术" {
		t.Errorf("51.2300 = %q, %v", n, ok)
	}
	if _, ok := d.Diagnosis("J18.9"); ok {
		t.Error("J18.9 is not a 医保版 2.0 code")
	}
	if !d.GreyDiagnosis("A00.000") || d.GreyDiagnosis("A00.000x001") || !d.GreyDiagnosis("I10.x00") {
		t.Error("grey diagnosis flags wrong")
	}
	if !d.GreyProcedure("00.0100") || d.GreyProcedure("00.0101") {
		t.Error("grey procedure flags wrong")
	}
	if d.GreyDiagnosis("NOPE") || d.GreyProcedure("") {
		t.Error("unknown codes are not grey")
	}
}

func TestNewDictionaries(t *testing.T) {
	d, err := NewDictionaries(strings.NewReader("A01.000 伤寒\n\nB02.900\n"), strings.NewReader("51.2300 胆囊切除\n"),
		strings.NewReader("A01.000\nZ99.999\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := d.Diagnosis("A01.000"); !ok || n != "伤寒" || !d.GreyDiagnosis("A01.000") {
		t.Errorf("A01.000: %q %v", n, ok)
	}
	if n, ok := d.Diagnosis("B02.900"); !ok || n != "" {
		t.Errorf("a code without name is still a code: %q %v", n, ok)
	}
	if _, ok := d.Diagnosis("Z99.999"); !ok || !d.GreyDiagnosis("Z99.999") {
		t.Error("a grey code missing from the main list is added, grey")
	}
	for name, args := range map[string][4]string{
		"empty diagnoses":  {"", "51.2300 x", "", ""},
		"long code":        {"ABCDEFGHIJKLMNOPQRSTUVWXYZ name", "51.2300 x", "", ""},
		"grey with spaces": {"A01.000 x", "51.2300 x", "A01.000 伤寒", ""},
		"empty procedures": {"A01.000 x", "\n\n", "", ""},
	} {
		if _, err := NewDictionaries(strings.NewReader(args[0]), strings.NewReader(args[1]),
			strings.NewReader(args[2]), strings.NewReader(args[3])); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

func TestCheckCleanCase(t *testing.T) {
	f := DefaultDictionaries().Check(goodCase(), localCtx)
	if len(f) != 0 {
		t.Fatalf("clean case: %s", rules(f))
	}
	if !Passed(f) {
		t.Fatal("clean case must pass")
	}
}

// The template's example row parses and passes quality control cleanly: it
// teaches hospitals no grey code.
func TestCheckTemplateExample(t *testing.T) {
	r := Record(ExampleRow())
	c, errs := Parse(&r, 2)
	if errs != nil {
		t.Fatal(errs)
	}
	f := DefaultDictionaries().Check(&c, QualityContext{RegionCode: "370100"})
	if !Passed(f) || len(f) != 0 {
		t.Fatalf("example row: %s", rules(f))
	}
}

func TestCheckNilCase(t *testing.T) {
	if f := DefaultDictionaries().Check(nil, localCtx); Passed(f) {
		t.Fatal("a nil case must not pass")
	}
}

func TestCheckRules(t *testing.T) {
	type tc struct {
		name   string
		mutate func(c *Case, qc *QualityContext)
		rule   string
		sev    Severity
		field  string
		msg    string // a substring of the message
	}
	cases := []tc{
		{"no name", func(c *Case, _ *QualityContext) { c.Patient.Name = "" }, RuleMissingField, SeverityError, "psn_name", "姓名"},
		{"no ID", func(c *Case, _ *QualityContext) { c.Patient.IDNumber = "" }, RuleMissingField, SeverityError, "certno", "证件号码"},
		{"no birth date", func(c *Case, _ *QualityContext) { c.Patient.BirthDate = time.Time{} }, RuleMissingField, SeverityError, "brdy", ""},
		{"no MRN", func(c *Case, _ *QualityContext) { c.MRN = "" }, RuleMissingField, SeverityError, "medcasno", ""},
		{"no insured place", func(c *Case, _ *QualityContext) { c.InsuredPlace = "" }, RuleMissingField, SeverityError, "insuplc", ""},
		{"no admission dept", func(c *Case, _ *QualityContext) { c.AdmissionDept = "" }, RuleMissingField, SeverityError, "adm_caty", ""},
		{"no discharge dept", func(c *Case, _ *QualityContext) { c.DischargeDept = "" }, RuleMissingField, SeverityError, "dscg_caty", ""},
		{"no discharge way", func(c *Case, _ *QualityContext) { c.DischargeWay = 0 }, RuleMissingField, SeverityError, "dscg_way", ""},
		{"no diagnoses", func(c *Case, _ *QualityContext) { c.Diagnoses = nil }, RuleMissingField, SeverityError, "diseinfo", ""},
		{"no admission condition", func(c *Case, _ *QualityContext) { c.Diagnoses[2].Condition = "" }, RuleMissingField, SeverityError, "diseinfo[2].adm_cond_type", "I10.x00x002"},
		{"no diagnosis name", func(c *Case, _ *QualityContext) { c.Diagnoses[1].Name = "" }, RuleMissingField, SeverityWarning, "diseinfo[1].diag_name", ""},
		{"no procedure date", func(c *Case, _ *QualityContext) { c.Procedures[1].Date = time.Time{} }, RuleMissingField, SeverityError, "oprninfo[1].oprn_oprt_date", "39.9500"},
		{"no procedure name", func(c *Case, _ *QualityContext) { c.Procedures[0].Name = "" }, RuleMissingField, SeverityWarning, "oprninfo[0].oprn_oprt_name", ""},
		{"fee categories missing", func(c *Case, _ *QualityContext) { c.Fees = [NumFeeCategories]decimal.Decimal{}; c.Items = nil },
			RuleMissingField, SeverityError, "iteminfo", "收费项目"},
		{"newborn without age in days", func(c *Case, _ *QualityContext) {
			c.Patient.BirthDate, c.Patient.Age, c.Patient.AgeDays = time.Time{}, 0, -1
		}, RuleMissingField, SeverityError, "nwb_age", ""},
		{"newborn without birth weight", func(c *Case, _ *QualityContext) {
			c.Patient.BirthDate, c.Patient.Age, c.Patient.AgeDays = at("2026-03-25"), 0, 7
		}, RuleMissingField, SeverityError, "nwb_bir_wt", ""},

		{"diagnosis not in dictionary", func(c *Case, _ *QualityContext) { c.Diagnoses[3].Code = "J44.0" }, RuleDxNotInDictionary, SeverityError, "diseinfo[3].diag_code", "J44.0"},
		{"lower-case diagnosis", func(c *Case, _ *QualityContext) { c.Diagnoses[0].Code = "k35.800" }, RuleDxNotInDictionary, SeverityError, "diseinfo[0].diag_code", ""},
		{"procedure not in dictionary", func(c *Case, _ *QualityContext) { c.Procedures[1].Code = "39.95" }, RuleProcNotInDictionary, SeverityError, "oprninfo[1].oprn_oprt_code", "39.95"},
		{"grey principal", func(c *Case, _ *QualityContext) { c.Diagnoses[0].Code = "J18.800" }, RuleGreyPrincipal, SeverityError, "diseinfo[0].diag_code", "主要诊断为灰码 J18.800"},
		{"grey secondary", func(c *Case, _ *QualityContext) { c.Diagnoses[2].Code = "I10.x00" }, RuleGreyCode, SeverityWarning, "diseinfo[2].diag_code", "I10.x00"},
		{"grey procedure", func(c *Case, _ *QualityContext) { c.Procedures[0].Code = "47.0900" }, RuleGreyCode, SeverityWarning, "oprninfo[0].oprn_oprt_code", "47.0900"},
		{"external cause principal", func(c *Case, _ *QualityContext) {
			c.Diagnoses[0].Code = "V09.000"
		}, RuleExternalCausePrincipal, SeverityError, "diseinfo[0].diag_code", "V09.000"},
		{"duplicate diagnosis", func(c *Case, _ *QualityContext) { c.Diagnoses[4].Code = "E11.900" }, RuleDxDuplicate, SeverityWarning, "diseinfo[4].diag_code", ""},

		{"female-only dx on a man", func(c *Case, _ *QualityContext) { c.Diagnoses[1].Code = "D07.300" }, RuleDxSexConflict, SeverityError, "diseinfo[1].diag_code", "限女性"},
		{"pregnancy on a man", func(c *Case, _ *QualityContext) { c.Diagnoses[0].Code = "O80.000" }, RuleDxSexConflict, SeverityError, "diseinfo[0].diag_code", "O80.000"},
		{"male-only dx on a woman", func(c *Case, _ *QualityContext) { c.Patient.Sex = 2; c.Diagnoses[4].Code = "N40.x00" }, RuleDxSexConflict, SeverityError, "diseinfo[4].diag_code", "限男性"},
		{"prostate cancer on a woman", func(c *Case, _ *QualityContext) { c.Patient.Sex = 2; c.Diagnoses[4].Code = "C61.x00" }, RuleDxSexConflict, SeverityError, "diseinfo[4].diag_code", ""},
		{"male procedure on a woman", func(c *Case, _ *QualityContext) { c.Patient.Sex = 2; c.Procedures[1].Code = "60.2100" }, RuleProcSexConflict, SeverityError, "oprninfo[1].oprn_oprt_code", "60.2100"},
		{"hysterectomy on a man", func(c *Case, _ *QualityContext) { c.Procedures[1].Code = "68.4100" }, RuleProcSexConflict, SeverityError, "oprninfo[1].oprn_oprt_code", ""},
		{"perinatal dx on an adult", func(c *Case, _ *QualityContext) { c.Diagnoses[2].Code = "P07.300" }, RuleDxAgeConflict, SeverityError, "diseinfo[2].diag_code", "46岁"},
		{"live-born code on a 2-month-old", func(c *Case, _ *QualityContext) {
			c.Patient.BirthDate, c.Patient.Age, c.Patient.AgeDays, c.Patient.BirthWeight = at("2026-02-01"), 0, 59, 3200
			c.Diagnoses[1].Code = "Z38.000"
		}, RuleDxAgeConflict, SeverityError, "diseinfo[1].diag_code", "59天"},
		{"pregnancy at 70", func(c *Case, _ *QualityContext) {
			c.Patient.Sex, c.Patient.BirthDate, c.Patient.Age = 2, at("1956-01-01"), 70
			c.Diagnoses[0].Code = "O80.000"
		}, RuleDxAgeConflict, SeverityError, "diseinfo[0].diag_code", "10–60"},
		{"pregnancy at 8", func(c *Case, _ *QualityContext) {
			c.Patient.Sex, c.Patient.BirthDate, c.Patient.Age = 2, at("2018-01-01"), 8
			c.Diagnoses[0].Code = "O80.000"
		}, RuleDxAgeConflict, SeverityError, "diseinfo[0].diag_code", ""},
		{"age contradicts birth date", func(c *Case, _ *QualityContext) { c.Patient.Age = 40 }, RuleAgeMismatch, SeverityWarning, "age", "应为46岁"},
		{"born after admission", func(c *Case, _ *QualityContext) { c.Patient.BirthDate = at("2026-05-01") }, RuleAgeMismatch, SeverityError, "brdy", ""},

		{"procedure before admission", func(c *Case, _ *QualityContext) { c.Procedures[0].Date = at("2026-03-31 23:00") }, RuleProcDateOutsideStay, SeverityError, "oprninfo[0].oprn_oprt_date", "2026-03-31"},
		{"procedure after discharge", func(c *Case, _ *QualityContext) { c.Procedures[1].Date = at("2026-04-09") }, RuleProcDateOutsideStay, SeverityError, "oprninfo[1].oprn_oprt_date", ""},
		{"ICU after discharge", func(c *Case, _ *QualityContext) {
			c.ICU = []ICUStay{{Type: "1", In: at("2026-04-07 08:00"), Out: at("2026-04-08 12:00")}}
		}, RuleICUOutsideStay, SeverityWarning, "icuinfo[0].scs_cutd_inpool_time", ""},
		{"ventilation longer than the stay", func(c *Case, _ *QualityContext) { c.VentilationHours = 250 }, RuleVentExceedsStay, SeverityWarning, "vent_used_dura", "250"},
		{"LOS mismatch", func(c *Case, _ *QualityContext) { c.LOS = 9 }, RuleLOSMismatch, SeverityError, "act_ipt_days", "7天"},

		{"fee categories ≠ total", func(c *Case, _ *QualityContext) { c.Fees[8] = yuanD("1999.99") }, RuleFeeCategoriesSum, SeverityError, "medfee_sumamt", "2999.99"},
		{"items ≠ total", func(c *Case, _ *QualityContext) {
			c.Items[1].Amount, c.Items[1].Quantity, c.Items[1].Price = yuanD("1900.00"), yuanD("19"), yuanD("100")
		}, RuleFeeItemsSum, SeverityError, "feedetail", "2900.00"},
		{"items by category ≠ category", func(c *Case, _ *QualityContext) { c.Items[1].Category = "05" }, RuleFeeItemsCategory, SeverityWarning, "iteminfo[05].amt", "治疗费"},
		{"item quantity × price", func(c *Case, _ *QualityContext) { c.Items[0].Quantity = yuanD("9") }, RuleFeeItemAmount, SeverityWarning, "feedetail[0].det_item_fee_sumamt", "900.00"},
		{"class sum above total", func(c *Case, _ *QualityContext) { c.OwnPay = yuanD("0.01") }, RuleFeeClassSum, SeverityError, "claa_sumfee", "3000.01"},
		{"class sum below total", func(c *Case, _ *QualityContext) { c.ClassB = yuanD("400") }, RuleFeeClassSum, SeverityWarning, "claa_sumfee", "其他费用"},
		{"fund + personal ≠ total", func(c *Case, _ *QualityContext) { c.Funds.Serious = yuanD("100") }, RuleFundPatientSum, SeverityError, "payinfo", "1900.00"},
		{"account + cash ≠ self pay", func(c *Case, _ *QualityContext) { c.Personal.Cash = yuanD("1100") }, RulePersonalPaySum, SeverityWarning, "psn_cash_pay", ""},
		{"amount with sub-fen part", func(c *Case, _ *QualityContext) { c.ClassA = yuanD("2500.001") }, RuleAmountInvalid, SeverityError, "claa_sumfee", ""},
		{"amount too large", func(c *Case, _ *QualityContext) { c.TotalCost = yuanD("1e15") }, RuleAmountInvalid, SeverityError, "medfee_sumamt", ""},

		{"readmission in 31 days", func(_ *Case, qc *QualityContext) { qc.PrevDischarge = at("2026-03-01 10:00") }, RuleReadmit31, SeverityWarning, "adm_time", "31天"},
		{"announced readmission", func(_ *Case, qc *QualityContext) {
			qc.PrevDischarge, qc.PrevPlannedReadmit = at("2026-03-20 10:00"), true
		}, RuleReadmit31, SeverityInfo, "adm_time", "12天"},
		{"overlapping stays", func(_ *Case, qc *QualityContext) { qc.PrevDischarge = at("2026-04-02") }, RuleStayOverlap, SeverityError, "adm_time", ""},
		{"other province", func(c *Case, _ *QualityContext) { c.InsuredPlace = "110105" }, RuleCrossRegion, SeverityInfo, "insuplc", "跨省"},
		{"other city same province", func(c *Case, _ *QualityContext) { c.InsuredPlace = "370200" }, RuleCrossRegion, SeverityInfo, "insuplc", "省内"},
	}
	d := DefaultDictionaries()
	for _, k := range cases {
		t.Run(k.name, func(t *testing.T) {
			c, qc := goodCase(), localCtx
			k.mutate(c, &qc)
			f := d.Check(c, qc)
			x := findAt(f, k.rule, k.field)
			if x == nil {
				t.Fatalf("want %s, got %s", k.rule, rules(f))
			}
			if x.Severity != k.sev || x.Field != k.field || !strings.Contains(x.Message, k.msg) {
				t.Fatalf("got %+v; want %s %s %q", *x, k.sev, k.field, k.msg)
			}
			if Passed(f) != (k.sev != SeverityError) && k.sev == SeverityError {
				t.Fatalf("an error finding must fail: %s", rules(f))
			}
			for _, y := range f {
				if strings.Contains(y.Message, "张三") || strings.Contains(y.Message, "370102198001011234") {
					t.Fatalf("message leaks personal data: %q", y.Message)
				}
			}
		})
	}
}

// Near misses that must not produce a finding.
func TestCheckNoFalsePositives(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(c *Case, qc *QualityContext)
		rule   string
	}{
		{"same-day stay LOS 1", func(c *Case, _ *QualityContext) {
			c.DischargedAt, c.LOS = at("2026-04-01 18:00"), 1
			c.Procedures = c.Procedures[:1]
		}, RuleLOSMismatch},
		{"same-day stay LOS 0", func(c *Case, _ *QualityContext) {
			c.DischargedAt, c.LOS = at("2026-04-01 18:00"), 0
			c.Procedures = c.Procedures[:1]
		}, RuleLOSMismatch},
		{"procedure dated by day on admission day", func(c *Case, _ *QualityContext) { c.Procedures[0].Date = at("2026-04-01") }, RuleProcDateOutsideStay},
		{"procedure on discharge day", func(c *Case, _ *QualityContext) { c.Procedures[1].Date = at("2026-04-08 23:00") }, RuleProcDateOutsideStay},
		{"female dx on a woman", func(c *Case, _ *QualityContext) { c.Patient.Sex = 2; c.Diagnoses[1].Code = "D07.300" }, RuleDxSexConflict},
		{"male CIS on a man", func(c *Case, _ *QualityContext) { c.Diagnoses[1].Code = "D07.600" }, RuleDxSexConflict},
		{"sex unknown", func(c *Case, _ *QualityContext) { c.Patient.Sex = 9; c.Diagnoses[1].Code = "D07.300" }, RuleDxSexConflict},
		{"sex-reassignment surgery", func(c *Case, _ *QualityContext) { c.Patient.Sex = 2; c.Procedures[1].Code = "64.5x00" }, RuleProcSexConflict},
		{"pregnancy at 60", func(c *Case, _ *QualityContext) {
			c.Patient.Sex, c.Patient.BirthDate, c.Patient.Age = 2, at("1965-06-01"), 60
			c.Diagnoses[0].Code = "O80.000"
		}, RuleDxAgeConflict},
		{"live-born code at 28 days", func(c *Case, _ *QualityContext) {
			c.Patient.BirthDate, c.Patient.Age, c.Patient.AgeDays, c.Patient.BirthWeight = at("2026-03-04"), 0, 28, 3000
			c.Diagnoses[1].Code = "Z38.000"
		}, RuleDxAgeConflict},
		{"perinatal dx at 11 months", func(c *Case, _ *QualityContext) {
			c.Patient.BirthDate, c.Patient.Age, c.Patient.AgeDays = at("2025-05-01"), 0, 335
			c.Diagnoses[1].Code = "P07.300"
		}, RuleDxAgeConflict},
		{"item rounding within 0.01", func(c *Case, _ *QualityContext) {}, RuleFeeItemAmount}, // 3 × 666.67 = 2000.01
		{"no class split given", func(c *Case, _ *QualityContext) { c.ClassA, c.ClassB = decimal.Decimal{}, decimal.Decimal{} }, RuleFeeClassSum},
		{"no payments given", func(c *Case, _ *QualityContext) { c.Funds, c.Personal = FundPayments{}, PersonalPayment{} }, RuleFundPatientSum},
		{"only account + cash given", func(c *Case, _ *QualityContext) {
			c.Personal = PersonalPayment{Account: yuanD("200"), Cash: yuanD("1000")}
		}, RuleFundPatientSum},
		{"amount with trailing zero", func(c *Case, _ *QualityContext) { c.ClassA = yuanD("2500.000") }, RuleAmountInvalid},
		{"readmission after 32 days", func(_ *Case, qc *QualityContext) { qc.PrevDischarge = at("2026-02-28 10:00") }, RuleReadmit31},
		{"same city, other county", func(c *Case, _ *QualityContext) { c.InsuredPlace = "370181" }, RuleCrossRegion},
		{"Beijing districts", func(c *Case, qc *QualityContext) { c.InsuredPlace, qc.RegionCode = "110105", "110000" }, RuleCrossRegion},
		{"no region configured", func(c *Case, qc *QualityContext) { c.InsuredPlace, qc.RegionCode = "110105", "" }, RuleCrossRegion},
	}
	d := DefaultDictionaries()
	for _, k := range cases {
		t.Run(k.name, func(t *testing.T) {
			c, qc := goodCase(), localCtx
			k.mutate(c, &qc)
			if f := d.Check(c, qc); find(f, k.rule) != nil {
				t.Fatalf("unexpected %s: %s", k.rule, rules(f))
			}
		})
	}
}

// Every fee line bad: the report stays readable.
func TestCheckItemFindingsCapped(t *testing.T) {
	c := goodCase()
	c.Items = nil
	for range 100 {
		c.Items = append(c.Items, FeeItem{Code: "X", Category: "09", Level: 1, Quantity: yuanD("1"), Price: yuanD("1"), Amount: yuanD("20")})
	}
	c.Items = append(c.Items, FeeItem{Code: "Y", Category: "05", Level: 1, Quantity: yuanD("1"), Price: yuanD("1000"), Amount: yuanD("1000")})
	f := DefaultDictionaries().Check(c, localCtx)
	var got []Finding
	for _, x := range f {
		if x.Rule == RuleFeeItemAmount {
			got = append(got, x)
		}
	}
	if len(got) != maxItemFindings+1 {
		t.Fatalf("fee_item_amount findings = %d, want %d", len(got), maxItemFindings+1)
	}
	if last := got[len(got)-1]; last.Field != "feedetail" || !strings.Contains(last.Message, "另有80行") {
		t.Fatalf("summary: %+v", last)
	}
	if got[19].Field != "feedetail[19].det_item_fee_sumamt" {
		t.Fatalf("20th finding: %+v", got[19])
	}
	if find(f, RuleFeeItemsSum) != nil {
		t.Fatalf("items sum 2000+1000 = total: %s", rules(f))
	}
}

func TestSexAgeTables(t *testing.T) {
	for code, want := range map[string]sexRestriction{
		"N40.x00": maleOnly, "N51.000": maleOnly, "C60.900": maleOnly, "D07.400": maleOnly, "D07.602": maleOnly,
		"N70.000": femaleOnly, "N98.900": femaleOnly, "D07.000": femaleOnly, "D07.304": femaleOnly, "O99.800": femaleOnly,
		"C79.600": femaleOnly, "N99.200": femaleOnly, "Z37.000": femaleOnly, "Z39.000": femaleOnly,
		"D07.700": anySex, "D07": anySex, "N39.000": anySex, "N52.900": anySex, "N99.100": anySex, "C50.900": anySex,
		"C79.500": anySex, "C79.700": anySex, "I10.x00": anySex, "Z38.000": anySex,
	} {
		k := dxKey(code)
		if k < 0 || dxSex[k] != want {
			t.Errorf("%s: sex rule %d, want %d", code, dxSex[max(k, 0)], want)
		}
	}
	for _, bad := range []string{"", "N4", "n40.x00", "N4x.000", "40.x00"} {
		if dxKey(bad) >= 0 {
			t.Errorf("dxKey(%q) must be -1", bad)
		}
	}
	for code, want := range map[string]sexRestriction{
		"60.2100": maleOnly, "64.4100": maleOnly, "64.5x00": anySex, "64.9100": maleOnly,
		"65.0100": femaleOnly, "68.4100": femaleOnly, "75.9900": femaleOnly, "59.9900": anySex, "76.0100": anySex,
	} {
		k := pxKey(code)
		if k < 0 || pxSex[k] != want {
			t.Errorf("%s: sex rule %d, want %d", code, pxSex[max(k, 0)], want)
		}
	}
	for code, want := range map[string]string{"P00.000": "围生期", "P96.900": "围生期", "Z38.000": "活产", "O00.000": "妊娠", "Z33.x00": "妊娠", "Z39.000": "产后"} {
		k := dxKey(code)
		if a := dxAge[k]; a == 0 || !strings.Contains(ageRules[a-1].what, want) {
			t.Errorf("%s: age rule %d", code, a)
		}
	}
	for _, code := range []string{"Q00.000", "Z31.000", "Z40.000", "A00.000"} {
		if dxAge[dxKey(code)] != 0 {
			t.Errorf("%s must have no age rule", code)
		}
	}
}

func TestFen(t *testing.T) {
	for s, want := range map[string]int64{"0": 0, "12": 1200, "12.3": 1230, "12.34": 1234, "12.340": 1234, "-5.5": -550,
		"999999999999.99": 99999999999999, "1e3": 100000} {
		if got, ok := fen(yuanD(s)); !ok || got != want {
			t.Errorf("fen(%s) = %d, %v; want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"12.345", "1000000000000", "1e15", "123456789012345678901234", "0.001"} {
		if _, ok := fen(yuanD(s)); ok {
			t.Errorf("fen(%s) must fail", s)
		}
	}
	if v, ok := fen(decimal.Decimal{}); !ok || v != 0 {
		t.Error("zero-value decimal is 0")
	}
	if yuan(-1234) != "-12.34" || yuan(5) != "0.05" || yuan(100) != "1.00" {
		t.Error("yuan formatting")
	}
}

func TestCheckAllocations(t *testing.T) {
	d, c := DefaultDictionaries(), goodCase()
	if n := testing.AllocsPerRun(100, func() { _ = d.Check(c, localCtx) }); n != 0 {
		t.Fatalf("a clean case allocates %v times; want 0", n)
	}
}

func BenchmarkQualityCheck(b *testing.B) {
	d := DefaultDictionaries()
	for _, n := range []int{2, 50} {
		c := goodCase()
		c.Items = nil
		for i := range n {
			c.Items = append(c.Items, FeeItem{Code: "X", Category: "09", Level: 1, Quantity: yuanD("2"), Price: yuanD("12.50"), Amount: yuanD("25.00")})
			_ = i
		}
		// Keep the sums right: all items go to 西药费.
		tot := decimal.NewFromInt(int64(25 * n))
		c.Fees = [NumFeeCategories]decimal.Decimal{}
		c.Fees[8], c.TotalCost, c.ClassA, c.ClassB = tot, tot, tot, decimal.Decimal{}
		c.Funds = FundPayments{Pool: tot}
		c.Personal = PersonalPayment{}
		if f := d.Check(c, localCtx); len(f) != 0 {
			b.Fatalf("benchmark case is not clean: %s", rules(f))
		}
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = d.Check(c, localCtx)
			}
		})
	}
}

func TestCheckConcurrent(t *testing.T) {
	d := DefaultDictionaries()
	done := make(chan []Finding)
	for range 8 {
		go func() {
			c := goodCase()
			c.Diagnoses[0].Code = "J18.800"
			done <- d.Check(c, localCtx)
		}()
	}
	for range 8 {
		if f := <-done; len(f) != 1 || f[0].Rule != RuleGreyPrincipal {
			t.Fatalf("concurrent check: %s", rules(f))
		}
	}
}
