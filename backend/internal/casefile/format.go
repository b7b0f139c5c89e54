package casefile

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// The flat import layout: one row per case, the national field names as
// column headers (Chinese titles are accepted too). Lists are packed into one
// cell: entries are separated by '|' and an entry's parts by '^':
//
//	diagnoses   code^admission-condition^name|…        (principal first)
//	procedures  code^date^name|…                       (principal first)
//	icu         ward-type^in-time^out-time|…
//	items       code^name^category^level^self-pay-ratio^quantity^price^amount^new|…
//	refldept_dept  dept|dept|…
//
// Times are Beijing time, "2006-01-02 15:04:05" or "2006-01-02 15:04" or a
// date. Money is yuan with at most two decimals.

// Column is one column of the flat layout.
type Column int

// The columns, in template order.
const (
	ColSettlementID Column = iota
	ColVisitID
	ColMRN
	ColHospitalCode
	ColName
	ColIDNumber
	ColSex
	ColBirthDate
	ColAge
	ColAgeDays
	ColBirthWeight
	ColAdmissionWeight
	ColInsuranceType
	ColInsuredPlace
	ColAdmittedAt
	ColDischargedAt
	ColLOS
	ColAdmissionDept
	ColDischargeDept
	ColTransferDepts
	ColDischargeWay
	ColVentilation
	ColReadmit31
	ColDiagnoses
	ColProcedures
	ColICU
	ColFee01
	ColFee14 = ColFee01 + NumFeeCategories - 1
)

const (
	ColTotalCost Column = ColFee14 + 1 + iota
	ColClassA
	ColClassB
	ColOwnPay
	ColFundPool
	ColFundCivil
	ColFundSerious
	ColFundAssist
	ColFundOther
	ColSelfPay
	ColPersonalOwnPay
	ColAccount
	ColCash
	ColItems
	NumColumns
)

// ColumnSpec describes a column for the template and the header reader.
type ColumnSpec struct {
	Name  string // national field name (the header)
	Title string // Chinese title (accepted as a header too)
	// Required columns must be filled for a row to be accepted; the
	// settlement list's other mandatory fields are checked by quality
	// control, which reports without rejecting.
	Required bool
	Example  string
}

// Columns lists the layout, indexed by Column.
var Columns = func() [NumColumns]ColumnSpec {
	var c [NumColumns]ColumnSpec
	set := func(col Column, name, title string, req bool, ex string) {
		c[col] = ColumnSpec{Name: name, Title: title, Required: req, Example: ex}
	}
	set(ColSettlementID, "setl_id", "结算ID", true, "S2026010100001")
	set(ColVisitID, "mdtrt_id", "就诊ID", true, "M2026010100001")
	set(ColMRN, "medcasno", "病案号", false, "BA0000123")
	set(ColHospitalCode, "fixmedins_code", "定点医药机构编码", false, "")
	set(ColName, "psn_name", "姓名", false, "张三")
	set(ColIDNumber, "certno", "证件号码", false, "370102198001011234")
	set(ColSex, "gend", "性别", true, "1")
	set(ColBirthDate, "brdy", "出生日期", false, "1980-01-01")
	set(ColAge, "age", "年龄", false, "46")
	set(ColAgeDays, "nwb_age", "年龄不足1周岁的年龄(天)", false, "")
	set(ColBirthWeight, "nwb_bir_wt", "新生儿出生体重(克)", false, "")
	set(ColAdmissionWeight, "nwb_adm_wt", "新生儿入院体重(克)", false, "")
	set(ColInsuranceType, "insutype", "险种类型", true, "310")
	set(ColInsuredPlace, "insuplc", "参保地", false, "370100")
	set(ColAdmittedAt, "adm_time", "入院时间", true, "2026-01-01 08:30:00")
	set(ColDischargedAt, "dscg_time", "出院时间", true, "2026-01-08 10:00:00")
	set(ColLOS, "act_ipt_days", "实际住院天数", false, "7")
	set(ColAdmissionDept, "adm_caty", "入院科别", false, "A03")
	set(ColDischargeDept, "dscg_caty", "出院科别", false, "A03")
	set(ColTransferDepts, "refldept_dept", "转科科别", false, "")
	set(ColDischargeWay, "dscg_way", "离院方式", false, "1")
	set(ColVentilation, "vent_used_dura", "呼吸机使用时长(小时)", false, "0")
	set(ColReadmit31, "dscg_31days_rinp_flag", "出院31天内再住院计划", false, "1")
	set(ColDiagnoses, "diagnoses", "诊断", true, "J18.900^1^肺炎|I10.x00x002^1^高血压")
	set(ColProcedures, "procedures", "手术操作", false, "")
	set(ColICU, "icu", "重症监护", false, "")
	for i := range NumFeeCategories {
		set(ColFee01+Column(i), "fee_"+twoDigits(i+1), FeeCategoryNames[i], false, "0")
	}
	c[ColFee01+4].Example = "1000.00" // 治疗费
	c[ColFee01+8].Example = "2000.00" // 西药费
	set(ColTotalCost, "medfee_sumamt", "医疗费总额", true, "3000.00")
	set(ColClassA, "claa_sumfee", "甲类费用", false, "2500.00")
	set(ColClassB, "clab_amt", "乙类费用", false, "500.00")
	set(ColOwnPay, "fulamt_ownpay_amt", "全自费金额", false, "0")
	set(ColFundPool, "hifp_pay", "统筹基金支付", false, "1800.00")
	set(ColFundCivil, "cvlserv_pay", "公务员医疗补助", false, "0")
	set(ColFundSerious, "hifmi_pay", "大病保险支付", false, "0")
	set(ColFundAssist, "maf_pay", "医疗救助支付", false, "0")
	set(ColFundOther, "oth_pay", "其他基金支付", false, "0")
	set(ColSelfPay, "psn_selfpay", "个人自付", false, "1200.00")
	set(ColPersonalOwnPay, "psn_ownpay", "个人自费", false, "0")
	set(ColAccount, "acct_pay", "个人账户支付", false, "0")
	set(ColCash, "psn_cash_pay", "个人现金支付", false, "1200.00")
	set(ColItems, "items", "费用明细", false,
		"250101001^静脉注射^05^1^^10^100.00^1000.00^0|XJ01CAA040B001^阿莫西林胶囊^09^2^0.1^20^100.00^2000.00^0")
	return c
}()

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// headerIndex maps a header cell (national name or Chinese title, any case,
// trimmed) to its column.
var headerIndex = func() map[string]Column {
	m := make(map[string]Column, 2*NumColumns)
	for i, c := range Columns {
		m[strings.ToLower(c.Name)] = Column(i)
		m[c.Title] = Column(i)
	}
	return m
}()

// LookupHeader finds the column of a header cell.
func LookupHeader(h string) (Column, bool) {
	h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
	c, ok := headerIndex[strings.ToLower(h)]
	if !ok {
		c, ok = headerIndex[h]
	}
	return c, ok
}

// HeaderRow is the template's header.
func HeaderRow() []string {
	out := make([]string, NumColumns)
	for i, c := range Columns {
		out[i] = c.Name
	}
	return out
}

// TitleRow is the Chinese titles, in column order.
func TitleRow() []string {
	out := make([]string, NumColumns)
	for i, c := range Columns {
		out[i] = c.Title
	}
	return out
}

// ExampleRow is the template's example case.
func ExampleRow() []string {
	out := make([]string, NumColumns)
	for i, c := range Columns {
		out[i] = c.Example
	}
	return out
}

// Record is one row of the flat layout, indexed by Column.
type Record [NumColumns]string

// beijing is China Standard Time; settlement lists carry local times.
var beijing = time.FixedZone("CST", 8*3600)

// Beijing is the time zone of settlement-list times.
func Beijing() *time.Location { return beijing }

const (
	timeLayout    = "2006-01-02 15:04:05"
	timeLayoutMin = "2006-01-02 15:04"
	dateLayout    = "2006-01-02"
)

func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	switch len(s) {
	case len(timeLayout):
		t, err := time.ParseInLocation(timeLayout, s, beijing)
		return t, err == nil
	case len(timeLayoutMin):
		t, err := time.ParseInLocation(timeLayoutMin, s, beijing)
		return t, err == nil
	case len(dateLayout):
		t, err := time.ParseInLocation(dateLayout, s, beijing)
		return t, err == nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f > 1 && f < 100000 {
		// An Excel serial date (days since 1899-12-30), from XLSX cells.
		sec := int64(f*86400 + 0.5)
		return time.Date(1899, 12, 30, 0, 0, 0, 0, beijing).Add(time.Duration(sec) * time.Second), true
	}
	if strings.Contains(s, "T") { // RFC 3339 from JSON clients
		t, err := time.Parse(time.RFC3339, s)
		return t.In(beijing), err == nil
	}
	return time.Time{}, false
}

// FormatTime writes a time in the layout's form.
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(beijing).Format(timeLayout)
}

// FormatDate writes a date.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(beijing).Format(dateLayout)
}

func formatMoney(d decimal.Decimal) string {
	if d.IsZero() {
		return "0"
	}
	return d.StringFixed(2)
}

// ToRecord writes a case in the flat layout (the inverse of Parse).
func ToRecord(c *Case) Record {
	var r Record
	r[ColSettlementID], r[ColVisitID], r[ColMRN], r[ColHospitalCode] = c.SettlementID, c.VisitID, c.MRN, c.HospitalCode
	p := &c.Patient
	r[ColName], r[ColIDNumber] = p.Name, p.IDNumber
	r[ColSex] = strconv.Itoa(p.Sex)
	r[ColBirthDate] = FormatDate(p.BirthDate)
	r[ColAge] = strconv.Itoa(p.Age)
	if p.AgeDays >= 0 && p.Age == 0 {
		r[ColAgeDays] = strconv.Itoa(p.AgeDays)
	}
	if p.BirthWeight > 0 {
		r[ColBirthWeight] = strconv.Itoa(p.BirthWeight)
	}
	if p.AdmissionWeight > 0 {
		r[ColAdmissionWeight] = strconv.Itoa(p.AdmissionWeight)
	}
	r[ColInsuranceType], r[ColInsuredPlace] = c.InsuranceType, c.InsuredPlace
	r[ColAdmittedAt], r[ColDischargedAt] = FormatTime(c.AdmittedAt), FormatTime(c.DischargedAt)
	r[ColLOS] = strconv.Itoa(c.LOS)
	r[ColAdmissionDept], r[ColDischargeDept] = c.AdmissionDept, c.DischargeDept
	r[ColTransferDepts] = strings.Join(c.TransferDepts, "|")
	r[ColDischargeWay] = strconv.Itoa(c.DischargeWay)
	r[ColVentilation] = strconv.Itoa(c.VentilationHours)
	if c.Readmit31 {
		r[ColReadmit31] = "2" // the national code: 1 无, 2 有
	} else {
		r[ColReadmit31] = "1"
	}
	var b strings.Builder
	for i, d := range c.Diagnoses {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(d.Code + "^" + d.Condition + "^" + d.Name)
	}
	r[ColDiagnoses] = b.String()
	b.Reset()
	for i, pr := range c.Procedures {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(pr.Code + "^" + FormatTime(pr.Date) + "^" + pr.Name)
	}
	r[ColProcedures] = b.String()
	b.Reset()
	for i, s := range c.ICU {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(s.Type + "^" + FormatTime(s.In) + "^" + FormatTime(s.Out))
	}
	r[ColICU] = b.String()
	for i := range NumFeeCategories {
		r[ColFee01+Column(i)] = formatMoney(c.Fees[i])
	}
	r[ColTotalCost] = formatMoney(c.TotalCost)
	r[ColClassA], r[ColClassB], r[ColOwnPay] = formatMoney(c.ClassA), formatMoney(c.ClassB), formatMoney(c.OwnPay)
	f := &c.Funds
	r[ColFundPool], r[ColFundCivil], r[ColFundSerious], r[ColFundAssist], r[ColFundOther] =
		formatMoney(f.Pool), formatMoney(f.Civil), formatMoney(f.Serious), formatMoney(f.Assist), formatMoney(f.Other)
	pp := &c.Personal
	r[ColSelfPay], r[ColPersonalOwnPay], r[ColAccount], r[ColCash] =
		formatMoney(pp.SelfPay), formatMoney(pp.OwnPay), formatMoney(pp.Account), formatMoney(pp.Cash)
	b.Reset()
	for i, it := range c.Items {
		if i > 0 {
			b.WriteByte('|')
		}
		ratio := ""
		if it.SelfPayRatio.Valid {
			ratio = it.SelfPayRatio.Decimal.String()
		}
		nw := "0"
		if it.NewItem {
			nw = "1"
		}
		b.WriteString(it.Code + "^" + it.Name + "^" + it.Category + "^" + strconv.Itoa(it.Level) + "^" + ratio + "^" +
			it.Quantity.String() + "^" + it.Price.StringFixed(2) + "^" + it.Amount.StringFixed(2) + "^" + nw)
	}
	r[ColItems] = b.String()
	return r
}
