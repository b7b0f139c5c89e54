package casefile

import (
	"math"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// Settlement-list quality control (结算清单质控). Bureaus score hospitals on
// completeness (完整性), compliance (规范性) and accuracy (准确性) of the
// lists they upload. Check reports every finding of one case; it never
// rejects a case (Parse does that for the hard-required import fields).
// README.md documents each rule.

// Severity is how much a finding weighs.
type Severity string

const (
	// SeverityError fails the case's quality (Passed is false).
	SeverityError Severity = "error"
	// SeverityWarning is worth a clerk's look but does not fail the case.
	SeverityWarning Severity = "warning"
	// SeverityInfo is a fact about the case, not a fault (e.g. 异地就医).
	SeverityInfo Severity = "info"
)

// Finding is one quality-control finding. Messages are short Chinese text
// for a clerk; they carry codes, amounts and dates but never a patient's
// name or ID number.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Field    string   `json:"field,omitempty"` // national field name, e.g. "diseinfo[0].diag_code"
	Message  string   `json:"message"`
}

// The rule codes. They are stable: stores and reports key on them.
const (
	RuleMissingField           = "missing_field"
	RuleDxNotInDictionary      = "dx_not_in_dictionary"
	RuleProcNotInDictionary    = "proc_not_in_dictionary"
	RuleGreyPrincipal          = "grey_principal"
	RuleGreyCode               = "grey_code"
	RuleExternalCausePrincipal = "external_cause_principal"
	RuleDxDuplicate            = "dx_duplicate"
	RuleDxSexConflict          = "dx_sex_conflict"
	RuleProcSexConflict        = "proc_sex_conflict"
	RuleDxAgeConflict          = "dx_age_conflict"
	RuleAgeMismatch            = "age_mismatch"
	RuleProcDateOutsideStay    = "proc_date_outside_stay"
	RuleICUOutsideStay         = "icu_outside_stay"
	RuleVentExceedsStay        = "vent_exceeds_stay"
	RuleLOSMismatch            = "los_mismatch"
	RuleAmountInvalid          = "amount_invalid"
	RuleFeeCategoriesSum       = "fee_categories_sum"
	RuleFeeItemsSum            = "fee_items_sum"
	RuleFeeItemsCategory       = "fee_items_category"
	RuleFeeItemAmount          = "fee_item_amount"
	RuleFeeClassSum            = "fee_class_sum"
	RuleFundPatientSum         = "fund_patient_sum"
	RulePersonalPaySum         = "personal_pay_sum"
	RuleReadmit31              = "readmit_31"
	RuleStayOverlap            = "stay_overlap"
	RuleCrossRegion            = "cross_region"
)

// QualityContext is what Check needs beyond the case itself.
type QualityContext struct {
	// RegionCode is the hospital's 6-digit division code (the 统筹地区). A
	// case whose InsuredPlace is in another 统筹地区 gets a cross_region
	// info finding. 统筹 is at city level, so the same first four digits
	// (same prefecture) count as local; for the municipalities 11 北京,
	// 12 天津, 31 上海 and 50 重庆 the first two digits decide. Empty or
	// malformed: no cross-region check.
	RegionCode string
	// PrevDischarge is the same patient's previous discharge from the same
	// hospital; zero if none.
	PrevDischarge time.Time
	// PrevPlannedReadmit is the previous list's dscg_31days_rinp_flag: the
	// hospital declared, at that discharge, a planned readmission within 31
	// days. A readmission so announced is reported as info, not warning.
	PrevPlannedReadmit bool
}

// Passed reports whether f holds no error finding.
func Passed(f []Finding) bool {
	for i := range f {
		if f[i].Severity == SeverityError {
			return false
		}
	}
	return true
}

// Limits on repeated findings of one kind in one case, so that a file with
// 5,000 bad fee lines yields a readable report.
const maxItemFindings = 20

type checker struct {
	d *Dictionaries
	f []Finding
}

func (q *checker) add(rule string, sev Severity, field, msg string) {
	q.f = append(q.f, Finding{Rule: rule, Severity: sev, Field: field, Message: msg})
}

// Check runs every quality rule over c and returns the findings (nil for a
// clean case), in rule-group order: completeness, codes, demographics,
// dates, money, readmission, region. It allocates only for findings.
func (d *Dictionaries) Check(c *Case, qc QualityContext) []Finding {
	q := checker{d: d}
	if c == nil {
		q.add(RuleMissingField, SeverityError, "", "无结算清单")
		return q.f
	}
	q.completeness(c)
	q.codes(c)
	q.demographics(c)
	q.dates(c)
	q.money(c)
	q.readmission(c, qc)
	q.region(c, qc)
	return q.f
}

func idx(prefix string, i int, suffix string) string {
	return prefix + "[" + strconv.Itoa(i) + "]." + suffix
}

// completeness: the settlement list's mandatory fields that Parse does not
// already require.
func (q *checker) completeness(c *Case) {
	miss := func(empty bool, field, title string) {
		if empty {
			q.add(RuleMissingField, SeverityError, field, "缺少"+title)
		}
	}
	miss(c.Patient.Name == "", "psn_name", "姓名")
	miss(c.Patient.IDNumber == "", "certno", "证件号码")
	miss(c.Patient.BirthDate.IsZero(), "brdy", "出生日期")
	miss(c.MRN == "", "medcasno", "病案号")
	miss(c.InsuredPlace == "", "insuplc", "参保地")
	miss(c.AdmissionDept == "", "adm_caty", "入院科别")
	miss(c.DischargeDept == "", "dscg_caty", "出院科别")
	miss(c.DischargeWay == 0, "dscg_way", "离院方式")
	miss(len(c.Diagnoses) == 0, "diseinfo", "诊断")
	for i := range c.Diagnoses {
		dx := &c.Diagnoses[i]
		if dx.Condition == "" {
			q.add(RuleMissingField, SeverityError, idx("diseinfo", i, "adm_cond_type"), "缺少入院病情："+dx.Code)
		}
		if dx.Name == "" {
			q.add(RuleMissingField, SeverityWarning, idx("diseinfo", i, "diag_name"), "缺少诊断名称："+dx.Code)
		}
	}
	for i := range c.Procedures {
		px := &c.Procedures[i]
		if px.Date.IsZero() {
			q.add(RuleMissingField, SeverityError, idx("oprninfo", i, "oprn_oprt_date"), "缺少手术操作日期："+px.Code)
		}
		if px.Name == "" {
			q.add(RuleMissingField, SeverityWarning, idx("oprninfo", i, "oprn_oprt_name"), "缺少手术操作名称："+px.Code)
		}
	}
	if c.TotalCost.Sign() > 0 {
		all0 := true
		for i := range c.Fees {
			if c.Fees[i].Sign() != 0 {
				all0 = false
				break
			}
		}
		miss(all0, "iteminfo", "收费项目（医疗费总额大于0）")
	}
}

// codes: dictionary membership, grey codes, external causes, duplicates.
func (q *checker) codes(c *Case) {
	for i := range c.Diagnoses {
		code := c.Diagnoses[i].Code
		e, ok := q.d.dx[code]
		field := func() string { return idx("diseinfo", i, "diag_code") }
		switch {
		case !ok:
			q.add(RuleDxNotInDictionary, SeverityError, field(), "诊断编码不在医保版2.0字典中："+code)
		case e.grey && i == 0:
			q.add(RuleGreyPrincipal, SeverityError, field(), "主要诊断为灰码 "+code)
		case e.grey:
			q.add(RuleGreyCode, SeverityWarning, field(), "其他诊断为灰码 "+code)
		}
		if i == 0 && code != "" && code[0] >= 'V' && code[0] <= 'Y' {
			q.add(RuleExternalCausePrincipal, SeverityError, field(), "损伤中毒外部原因编码不能作为主要诊断："+code)
		}
		for j := 0; j < i; j++ {
			if c.Diagnoses[j].Code == code {
				q.add(RuleDxDuplicate, SeverityWarning, field(), "诊断重复："+code)
				break
			}
		}
	}
	for i := range c.Procedures {
		code := c.Procedures[i].Code
		e, ok := q.d.px[code]
		switch {
		case !ok:
			q.add(RuleProcNotInDictionary, SeverityError, idx("oprninfo", i, "oprn_oprt_code"), "手术操作编码不在医保版2.0字典中："+code)
		case e.grey && i == 0:
			q.add(RuleGreyCode, SeverityWarning, idx("oprninfo", i, "oprn_oprt_code"), "主要手术操作为灰码 "+code)
		case e.grey:
			q.add(RuleGreyCode, SeverityWarning, idx("oprninfo", i, "oprn_oprt_code"), "手术操作为灰码 "+code)
		}
	}
}

var sexTitle = [3]string{"", "男性", "女性"}

// demographics: age consistency, newborn fields, sex- and age-restricted
// codes.
func (q *checker) demographics(c *Case) {
	p := &c.Patient
	years, days := p.Age, -1
	if years == 0 {
		days = p.AgeDays
	}
	if !p.BirthDate.IsZero() && !c.AdmittedAt.IsZero() {
		cy, cd := AgeAt(p.BirthDate, c.AdmittedAt)
		switch {
		case cy < 0:
			q.add(RuleAgeMismatch, SeverityError, "brdy", "出生日期晚于入院时间")
		case years >= 0 && cy != years:
			q.add(RuleAgeMismatch, SeverityWarning, "age",
				"年龄"+strconv.Itoa(years)+"岁与出生日期不符（应为"+strconv.Itoa(cy)+"岁）")
		case years == 0 && days >= 0 && cd >= 0 && (days-cd > 1 || cd-days > 1):
			q.add(RuleAgeMismatch, SeverityWarning, "nwb_age",
				"年龄"+strconv.Itoa(days)+"天与出生日期不符（应为"+strconv.Itoa(cd)+"天）")
		}
		if cy >= 0 {
			if years < 0 {
				years = cy
			}
			if years == 0 && days < 0 {
				days = cd
			}
		}
	}
	if years == 0 && days < 0 {
		q.add(RuleMissingField, SeverityError, "nwb_age", "缺少不足1周岁的年龄（天）")
	}
	if years == 0 && days >= 0 && days <= 28 && p.BirthWeight <= 0 {
		q.add(RuleMissingField, SeverityError, "nwb_bir_wt", "缺少新生儿出生体重")
	}

	male, female := p.Sex == 1, p.Sex == 2
	for i := range c.Diagnoses {
		code := c.Diagnoses[i].Code
		k := dxKey(code)
		if k < 0 {
			continue
		}
		if s := dxSex[k]; (s == maleOnly && female) || (s == femaleOnly && male) {
			q.add(RuleDxSexConflict, SeverityError, idx("diseinfo", i, "diag_code"),
				"诊断 "+code+" 限"+sexTitle[s]+"，与患者性别不符")
		}
		if a := dxAge[k]; a > 0 && years >= 0 {
			r := &ageRules[a-1]
			bad := years < r.minYears || years > r.maxYears
			if !bad && r.maxDays > 0 && days > r.maxDays {
				bad = true
			}
			if bad {
				age := strconv.Itoa(years) + "岁"
				if years == 0 && days >= 0 {
					age = strconv.Itoa(days) + "天"
				}
				q.add(RuleDxAgeConflict, SeverityError, idx("diseinfo", i, "diag_code"),
					"诊断 "+code+" "+r.what+"，患者年龄"+age)
			}
		}
	}
	for i := range c.Procedures {
		code := c.Procedures[i].Code
		if k := pxKey(code); k >= 0 {
			if s := pxSex[k]; (s == maleOnly && female) || (s == femaleOnly && male) {
				q.add(RuleProcSexConflict, SeverityError, idx("oprninfo", i, "oprn_oprt_code"),
					"手术操作 "+code+" 限"+sexTitle[s]+"，与患者性别不符")
			}
		}
	}
}

// day is a time's calendar day in Beijing, as a day number.
func day(t time.Time) int64 {
	y, m, d := t.In(beijing).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// dates: LOS, procedure and ICU times against the stay.
func (q *checker) dates(c *Case) {
	if c.AdmittedAt.IsZero() || c.DischargedAt.IsZero() {
		return
	}
	in, out := day(c.AdmittedAt), day(c.DischargedAt)
	if c.LOS >= 0 {
		want := int(out - in)
		// A same-day stay is 1 day on the settlement list; 0 is accepted
		// too, as some HIS write it so.
		if c.LOS != want && !(want == 0 && c.LOS == 1) {
			shown := max(want, 1)
			q.add(RuleLOSMismatch, SeverityError, "act_ipt_days",
				"实际住院天数"+strconv.Itoa(c.LOS)+"天与入出院日期（"+strconv.Itoa(shown)+"天）不符")
		}
	}
	for i := range c.Procedures {
		px := &c.Procedures[i]
		if px.Date.IsZero() {
			continue
		}
		if d := day(px.Date); d < in || d > out {
			q.add(RuleProcDateOutsideStay, SeverityError, idx("oprninfo", i, "oprn_oprt_date"),
				"手术操作日期"+FormatDate(px.Date)+"不在住院期间："+px.Code)
		}
	}
	for i := range c.ICU {
		s := &c.ICU[i]
		if s.In.Before(c.AdmittedAt) || s.Out.After(c.DischargedAt) {
			q.add(RuleICUOutsideStay, SeverityWarning, idx("icuinfo", i, "scs_cutd_inpool_time"),
				"重症监护时间不在住院期间")
		}
	}
	if stay := c.DischargedAt.Sub(c.AdmittedAt); c.VentilationHours > 0 &&
		time.Duration(c.VentilationHours)*time.Hour > stay+24*time.Hour {
		q.add(RuleVentExceedsStay, SeverityWarning, "vent_used_dura",
			"呼吸机使用"+strconv.Itoa(c.VentilationHours)+"小时超过住院时长")
	}
}

// fenLimit keeps amounts inside numeric(14,2), the store's money type.
const fenLimit = 100_000_000_000_000

// fen converts an amount to whole fen without allocating. It fails for an
// amount with a part smaller than a fen or outside numeric(14,2).
func fen(d decimal.Decimal) (int64, bool) {
	if d.Sign() == 0 {
		return 0, true
	}
	if d.NumDigits() > 18 {
		return 0, false
	}
	c, e := d.CoefficientInt64(), d.Exponent()
	for ; e < -2; e++ {
		if c%10 != 0 {
			return 0, false
		}
		c /= 10
	}
	for ; e > -2; e-- {
		if c >= fenLimit || c <= -fenLimit {
			return 0, false
		}
		c *= 10
	}
	if c >= fenLimit || c <= -fenLimit {
		return 0, false
	}
	return c, true
}

// float converts a quantity without allocating when it fits.
func float(d decimal.Decimal) float64 {
	if d.Sign() == 0 {
		return 0
	}
	if d.NumDigits() <= 15 {
		return float64(d.CoefficientInt64()) * math.Pow10(int(d.Exponent()))
	}
	return d.InexactFloat64()
}

// yuan writes fen as yuan with two decimals.
func yuan(f int64) string {
	neg := f < 0
	if neg {
		f = -f
	}
	s := strconv.FormatInt(f/100, 10) + "." + strconv.FormatInt(100+f%100, 10)[1:]
	if neg {
		return "-" + s
	}
	return s
}

// money: the fee and payment identities, all in whole fen. Sums of amounts
// that are themselves to the fen must match exactly; a line's quantity ×
// price may differ from its amount by 0.01 (rounding).
func (q *checker) money(c *Case) {
	ok := true
	get := func(d decimal.Decimal, field string) int64 {
		v, good := fen(d)
		if !good {
			ok = false
			q.add(RuleAmountInvalid, SeverityError, field, "金额无效（超出范围或不足1分）："+field)
		}
		return v
	}
	total := get(c.TotalCost, "medfee_sumamt")
	var cats int64
	var catv [NumFeeCategories]int64
	anyCat := false
	for i := range c.Fees {
		catv[i] = get(c.Fees[i], feeFields[i])
		cats += catv[i]
		anyCat = anyCat || catv[i] != 0
	}
	classA, classB, own := get(c.ClassA, "claa_sumfee"), get(c.ClassB, "clab_amt"), get(c.OwnPay, "fulamt_ownpay_amt")
	f := &c.Funds
	funds := get(f.Pool, "hifp_pay") + get(f.Civil, "cvlserv_pay") + get(f.Serious, "hifmi_pay") +
		get(f.Assist, "maf_pay") + get(f.Other, "oth_pay")
	pp := &c.Personal
	selfPay, ownPay := get(pp.SelfPay, "psn_selfpay"), get(pp.OwnPay, "psn_ownpay")
	account, cash := get(pp.Account, "acct_pay"), get(pp.Cash, "psn_cash_pay")

	var items int64
	var itemCat [NumFeeCategories]int64
	bad := 0
	for i := range c.Items {
		it := &c.Items[i]
		amount, good := fen(it.Amount)
		if !good {
			ok = false
			q.add(RuleAmountInvalid, SeverityError, idx("feedetail", i, "det_item_fee_sumamt"), "费用明细第"+strconv.Itoa(i+1)+"行金额无效")
			continue
		}
		price, good := fen(it.Price)
		if !good {
			ok = false
			q.add(RuleAmountInvalid, SeverityError, idx("feedetail", i, "pric"), "费用明细第"+strconv.Itoa(i+1)+"行单价无效")
			continue
		}
		items += amount
		if k := catIndex(it.Category); k >= 0 {
			itemCat[k] += amount
		}
		if want := float(it.Quantity) * float64(price); math.Abs(want-float64(amount)) > 1+1e-6 {
			bad++
			if bad <= maxItemFindings {
				q.add(RuleFeeItemAmount, SeverityWarning, idx("feedetail", i, "det_item_fee_sumamt"),
					"费用明细第"+strconv.Itoa(i+1)+"行金额"+yuan(amount)+"元≠数量×单价"+yuan(int64(math.Round(want)))+"元")
			}
		}
	}
	if bad > maxItemFindings {
		q.add(RuleFeeItemAmount, SeverityWarning, "feedetail",
			"另有"+strconv.Itoa(bad-maxItemFindings)+"行费用明细金额≠数量×单价")
	}
	if !ok {
		return // the sums would mislead
	}
	if anyCat && cats != total {
		q.add(RuleFeeCategoriesSum, SeverityError, "medfee_sumamt",
			"各收费项目合计"+yuan(cats)+"元≠医疗费总额"+yuan(total)+"元")
	}
	if len(c.Items) > 0 {
		if items != total {
			q.add(RuleFeeItemsSum, SeverityError, "feedetail",
				"费用明细合计"+yuan(items)+"元≠医疗费总额"+yuan(total)+"元")
		} else if anyCat {
			for k := range itemCat {
				if itemCat[k] != catv[k] {
					q.add(RuleFeeItemsCategory, SeverityWarning, feeFields[k],
						FeeCategoryNames[k]+"明细合计"+yuan(itemCat[k])+"元≠收费项目金额"+yuan(catv[k])+"元")
				}
			}
		}
	}
	if cls := classA + classB + own; cls != 0 && cls != total {
		if cls > total {
			q.add(RuleFeeClassSum, SeverityError, "claa_sumfee",
				"甲类+乙类+全自费合计"+yuan(cls)+"元超过医疗费总额"+yuan(total)+"元")
		} else {
			q.add(RuleFeeClassSum, SeverityWarning, "claa_sumfee",
				"甲类+乙类+全自费合计"+yuan(cls)+"元少于医疗费总额"+yuan(total)+"元（差额应为其他费用）")
		}
	}
	personal := selfPay + ownPay
	if personal == 0 {
		personal = account + cash
	}
	if funds != 0 || personal != 0 {
		if funds+personal != total {
			q.add(RuleFundPatientSum, SeverityError, "payinfo",
				"基金支付"+yuan(funds)+"元+个人负担"+yuan(personal)+"元≠医疗费总额"+yuan(total)+"元")
		}
		if selfPay+ownPay != 0 && account+cash != 0 && selfPay+ownPay != account+cash {
			q.add(RulePersonalPaySum, SeverityWarning, "psn_cash_pay",
				"个人账户+现金支付"+yuan(account+cash)+"元≠个人自付+个人自费"+yuan(selfPay+ownPay)+"元")
		}
	}
}

// feeFields name the fee-category totals, by category code (iteminfo[05]
// is 治疗费), not by position.
var feeFields = func() (f [NumFeeCategories]string) {
	for i := range f {
		f[i] = "iteminfo[" + twoDigits(i+1) + "].amt"
	}
	return f
}()

func catIndex(s string) int {
	if len(s) != 2 || !isDigit(s[0]) || !isDigit(s[1]) {
		return -1
	}
	n := int(s[0]-'0')*10 + int(s[1]-'0')
	if n < 1 || n > NumFeeCategories {
		return -1
	}
	return n - 1
}

// readmission: the previous discharge from the same hospital.
func (q *checker) readmission(c *Case, qc QualityContext) {
	if qc.PrevDischarge.IsZero() || c.AdmittedAt.IsZero() {
		return
	}
	if qc.PrevDischarge.After(c.AdmittedAt) {
		q.add(RuleStayOverlap, SeverityError, "adm_time", "入院时间早于同一患者上次出院时间")
		return
	}
	gap := day(c.AdmittedAt) - day(qc.PrevDischarge)
	if gap > 31 {
		return
	}
	sev, note := SeverityWarning, "（31天内再住院）"
	if qc.PrevPlannedReadmit {
		sev, note = SeverityInfo, "（上次出院时已申报31天内再住院计划）"
	}
	q.add(RuleReadmit31, sev, "adm_time", "距上次出院"+strconv.FormatInt(gap, 10)+"天再次入院"+note)
}

// region: 异地就医.
func (q *checker) region(c *Case, qc QualityContext) {
	home, here := c.InsuredPlace, qc.RegionCode
	if !CrossRegion(home, here) {
		return
	}
	kind := "跨省"
	if home[:2] == here[:2] {
		kind = "省内"
	}
	q.add(RuleCrossRegion, SeverityInfo, "insuplc", "异地就医（"+kind+"）：参保地"+home)
}
