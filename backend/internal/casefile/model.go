// Package casefile holds inpatient cases as they arrive on settlement lists
// (医保结算清单): the case model, the import formats (the national upload
// layout in JSON, CSV and XLSX), validation with a row-level error report,
// grouping and pricing on arrival, settlement-list quality control,
// special-case screening, and the stores and HTTP operations over them.
//
// The model keeps the part of the settlement list that review and
// item-based payment need (domain.md §7); it does not duplicate the whole
// clinical record.
package casefile

import (
	"time"

	"github.com/shopspring/decimal"
)

// Case is one inpatient settlement list.
type Case struct {
	SettlementID string `json:"setl_id,omitzero"`  // 结算ID
	VisitID      string `json:"mdtrt_id,omitzero"` // 就诊ID
	MRN          string `json:"medcasno,omitzero"` // 病案号
	// HospitalCode is the 定点医药机构编码 when the file carries it; it must
	// be the importing hospital's.
	HospitalCode string `json:"fixmedins_code,omitempty"`

	Patient Patient `json:"patient"`
	// InsuranceType is insutype: 310 employee (职工), 390 resident (居民).
	InsuranceType string `json:"insutype,omitzero"`
	// InsuredPlace is insuplc, the 6-digit division code where the patient
	// is insured; a case whose place is outside the hospital's region is a
	// cross-region case (异地就医).
	InsuredPlace string `json:"insuplc,omitzero"`

	AdmittedAt    time.Time `json:"adm_time,omitzero"`
	DischargedAt  time.Time `json:"dscg_time,omitzero"`
	LOS           int       `json:"act_ipt_days,omitzero"`
	AdmissionDept string    `json:"adm_caty,omitzero"`
	DischargeDept string    `json:"dscg_caty,omitzero"`
	// TransferDepts are the departments the patient passed through
	// (refldept_dept), in order.
	TransferDepts []string `json:"refldept_dept,omitempty"`
	DischargeWay  int      `json:"dscg_way,omitzero"`
	// VentilationHours is invasive ventilation (vent_used_dura), hours.
	VentilationHours int       `json:"vent_used_dura,omitzero"`
	ICU              []ICUStay `json:"icuinfo,omitempty"`
	// Readmit31 is the list's own 31-day readmission flag
	// (dscg_31days_rinp_flag).
	Readmit31 bool `json:"dscg_31days_rinp_flag,omitzero"`

	// Diagnoses: the principal diagnosis first.
	Diagnoses []Diagnosis `json:"diseinfo"`
	// Procedures: the principal procedure first.
	Procedures []Procedure `json:"oprninfo,omitempty"`

	// Fees are the totals of the 14 national fee categories (iteminfo,
	// med_chrgitm_type 01 床位费 … 14 其他费).
	Fees      [NumFeeCategories]decimal.Decimal `json:"fees"`
	TotalCost decimal.Decimal                   `json:"medfee_sumamt,omitzero"`
	ClassA    decimal.Decimal                   `json:"claa_sumfee,omitzero"`       // 甲类
	ClassB    decimal.Decimal                   `json:"clab_amt,omitzero"`          // 乙类
	OwnPay    decimal.Decimal                   `json:"fulamt_ownpay_amt,omitzero"` // 全自费

	Funds    FundPayments    `json:"payinfo"`
	Personal PersonalPayment `json:"personal"`

	// Items are the itemised fee lines (费用明细).
	Items []FeeItem `json:"feedetail,omitempty"`
}

// Patient is who was treated. Name and IDNumber are personal data: they are
// stored encrypted, shown masked and never logged.
type Patient struct {
	Name      string    `json:"psn_name,omitzero"`
	IDNumber  string    `json:"certno,omitzero"`
	Sex       int       `json:"gend,omitzero"` // 1 male, 2 female
	BirthDate time.Time `json:"brdy,omitzero"`
	Age       int       `json:"age,omitzero"`     // completed years
	AgeDays   int       `json:"nwb_age,omitzero"` // age in days, for infants under one year; -1 not recorded
	// Birth and admission weight of a newborn, grams (0 not recorded).
	BirthWeight     int `json:"nwb_bir_wt,omitzero"`
	AdmissionWeight int `json:"nwb_adm_wt,omitzero"`
}

// Diagnosis is one diagnosis with its admission condition (入院病情:
// 1 有, 2 临床未确定, 3 情况不明, 4 无).
type Diagnosis struct {
	Code      string `json:"diag_code,omitzero"`
	Name      string `json:"diag_name,omitempty"`
	Condition string `json:"adm_cond_type,omitempty"`
}

// Procedure is one procedure with its date.
type Procedure struct {
	Code string    `json:"oprn_oprt_code,omitzero"`
	Name string    `json:"oprn_oprt_name,omitempty"`
	Date time.Time `json:"oprn_oprt_date,omitzero"`
}

// ICUStay is one stay in intensive care.
type ICUStay struct {
	Type string    `json:"scs_cutd_ward_type,omitzero"`
	In   time.Time `json:"scs_cutd_inpool_time,omitzero"`
	Out  time.Time `json:"scs_cutd_exit_time,omitzero"`
}

// Hours is the stay's length in whole hours.
func (s ICUStay) Hours() int { return int(s.Out.Sub(s.In) / time.Hour) }

// FundPayments are the fund's payments by fund type (payinfo).
type FundPayments struct {
	Pool    decimal.Decimal `json:"hifp_pay,omitzero"`    // 统筹基金
	Civil   decimal.Decimal `json:"cvlserv_pay,omitzero"` // 公务员医疗补助
	Serious decimal.Decimal `json:"hifmi_pay,omitzero"`   // 大病保险
	Assist  decimal.Decimal `json:"maf_pay,omitzero"`     // 医疗救助
	Other   decimal.Decimal `json:"oth_pay,omitzero"`     // 其他
}

// Total is the sum of the fund payments.
func (f FundPayments) Total() decimal.Decimal {
	return f.Pool.Add(f.Civil).Add(f.Serious).Add(f.Assist).Add(f.Other)
}

// PersonalPayment is the patient's part.
type PersonalPayment struct {
	SelfPay decimal.Decimal `json:"psn_selfpay,omitzero"`  // 个人自付 (乙类先行自付, 起付线, 共付)
	OwnPay  decimal.Decimal `json:"psn_ownpay,omitzero"`   // 个人自费 (丙类)
	Account decimal.Decimal `json:"acct_pay,omitzero"`     // 个人账户支付
	Cash    decimal.Decimal `json:"psn_cash_pay,omitzero"` // 个人现金支付
}

// FeeItem is one itemised fee line.
type FeeItem struct {
	Code     string `json:"med_list_codg,omitzero"`
	Name     string `json:"medins_list_name,omitzero"`
	Category string `json:"med_chrgitm_type,omitzero"` // 01–14
	// Level is chrgitm_lv: 1 甲类, 2 乙类, 3 丙类.
	Level        int                 `json:"chrgitm_lv,omitzero"`
	SelfPayRatio decimal.NullDecimal `json:"selfpay_prop,omitzero"`
	Quantity     decimal.Decimal     `json:"cnt,omitzero"`
	Price        decimal.Decimal     `json:"pric,omitzero"`
	Amount       decimal.Decimal     `json:"det_item_fee_sumamt,omitzero"`
	// NewItem marks a new drug, device or technique (新药品/新耗材/新技术).
	NewItem bool `json:"new_item,omitempty"`
}

// NumFeeCategories is the number of national fee categories.
const NumFeeCategories = 14

// FeeCategoryNames are the national categories, 01 first.
var FeeCategoryNames = [NumFeeCategories]string{
	"床位费", "诊察费", "检查费", "化验费", "治疗费", "手术费", "护理费",
	"卫生材料费", "西药费", "中药饮片费", "中成药费", "一般诊疗费", "挂号费", "其他费",
}

// Insurance types.
const (
	InsuranceEmployee = "310"
	InsuranceResident = "390"
)

// Departments counts the distinct departments the patient was treated in.
func (c *Case) Departments() int {
	seen := make(map[string]struct{}, 2+len(c.TransferDepts))
	for _, d := range append([]string{c.AdmissionDept, c.DischargeDept}, c.TransferDepts...) {
		if d != "" {
			seen[d] = struct{}{}
		}
	}
	return len(seen)
}

// ICUHours sums the ICU stays.
func (c *Case) ICUHours() int {
	h := 0
	for _, s := range c.ICU {
		h += s.Hours()
	}
	return h
}
