package pricing

import (
	"fmt"
	"maps"
	"slices"

	"github.com/shopspring/decimal"
)

// PatientShare holds the parameters of the patient's item-based settlement
// (domain.md §2.5): the patient always settles with the hospital by item,
// whatever the DRG pays.
type PatientShare struct {
	// Deductibles are the per-admission 起付线 by hospital level, yuan.
	Deductibles map[Level]decimal.Decimal `json:"deductibles"`
	// FundRatios are the fund's share of in-scope cost above the deductible,
	// by level and fund, in [0, 1].
	FundRatios map[Level]map[Fund]decimal.Decimal `json:"fund_ratios"`
	// ClassBSelfPay is the default 先行自付 ratio of 乙类 items, in [0, 1],
	// for fee lines that do not carry their own.
	ClassBSelfPay decimal.Decimal `json:"class_b_self_pay"`
}

func (p PatientShare) clone() PatientShare {
	p.Deductibles = maps.Clone(p.Deductibles)
	fr := make(map[Level]map[Fund]decimal.Decimal, len(p.FundRatios))
	for l, m := range p.FundRatios {
		fr[l] = maps.Clone(m)
	}
	p.FundRatios = fr
	return p
}

func (p *PatientShare) validate(ps *problems, levels []Level) {
	const f = "patient_share"
	for _, l := range slices.Sorted(maps.Keys(p.Deductibles)) {
		fld := f + ".deductibles." + string(l)
		if !l.Valid() {
			ps.addf(fld, ErrUnknownLevel, "%q", l)
			continue
		}
		money(ps, fld, p.Deductibles[l])
	}
	for _, l := range slices.Sorted(maps.Keys(p.FundRatios)) {
		if !l.Valid() {
			ps.addf(f+".fund_ratios."+string(l), ErrUnknownLevel, "%q", l)
			continue
		}
		for _, fund := range slices.Sorted(maps.Keys(p.FundRatios[l])) {
			fld := f + ".fund_ratios." + string(l) + "." + string(fund)
			if !fund.Valid() {
				ps.addf(fld, ErrUnknownFund, "%q", fund)
				continue
			}
			ratio(ps, fld, p.FundRatios[l][fund])
		}
	}
	for _, l := range levels {
		if !hasKey(p.Deductibles, l) {
			ps.add(f+".deductibles."+string(l), ErrMissingLevel)
		}
		for _, fund := range Funds {
			if !hasKey(p.FundRatios[l], fund) {
				ps.add(f+".fund_ratios."+string(l)+"."+string(fund), ErrMissingFund)
			}
		}
	}
	ratio(ps, f+".class_b_self_pay", p.ClassBSelfPay)
}

func money(ps *problems, field string, d decimal.Decimal) bool {
	switch {
	case d.IsNegative():
		ps.addf(field, ErrNegative, "%s", d)
	case places(d) > moneyPlaces:
		ps.addf(field, ErrPrecision, "%s has more than 2 decimal places", d)
	default:
		return true
	}
	return false
}

func ratio(ps *problems, field string, d decimal.Decimal) bool {
	switch {
	case d.IsNegative() || d.GreaterThan(one):
		ps.addf(field, ErrRatioRange, "%s", d)
	case places(d) > ratioPlaces:
		ps.addf(field, ErrPrecision, "%s has more than 4 decimal places", d)
	default:
		return true
	}
	return false
}

// FeeLine is one line of a case's fee detail (费用明细), as the fee upload
// returns it (domain.md §2.5, §7).
type FeeLine struct {
	// Category is the settlement-list fee category med_chrgitm_type, "01"
	// 床位费 … "14" 其他费; carried, not interpreted.
	Category string `json:"category,omitempty"`
	// Code is the item's national code, for the record.
	Code  string   `json:"code,omitempty"`
	Class FeeClass `json:"class"` // 甲/乙/丙
	// SelfPayRatio is the line's 先行自付 ratio (selfpay_prop). Unset means
	// the version's 乙类 ratio for a 乙类 line; it is ignored on 甲类 (0) and
	// 丙类 (1) lines.
	SelfPayRatio decimal.NullDecimal `json:"self_pay_ratio"`
	Amount       decimal.Decimal     `json:"amount"`
	// NewItem marks a new drug, device or technique, for screening
	// (特例单议 type NEW_DRUG_DEVICE_TECH). It changes no amount.
	NewItem bool `json:"new_item,omitempty"`
	// CarveOut marks an item registered for 除外支付: it leaves the DRG
	// bundle and is paid by item (domain.md §1.2).
	CarveOut bool `json:"carve_out,omitempty"`
}

// PatientBreakdown is what the patient pays, by reason. Their sum is the
// patient share.
type PatientBreakdown struct {
	Deductible    decimal.Decimal `json:"deductible"`       // 起付线
	ClassBSelfPay decimal.Decimal `json:"class_b_self_pay"` // 乙类先行自付
	OwnPay        decimal.Decimal `json:"own_pay"`          // 丙类 / 全自费
	CoPay         decimal.Decimal `json:"co_pay"`           // the patient's part of in-scope cost above the deductible
}

// Total is the patient share.
func (b PatientBreakdown) Total() decimal.Decimal {
	return b.Deductible.Add(b.ClassBSelfPay).Add(b.OwnPay).Add(b.CoPay)
}

// split is the item-based settlement of a case's lines.
type split struct {
	inPolicy decimal.Decimal // 甲 + 乙 after 先行自付 (inscp_scp_amt)
	fund     decimal.Decimal // the fund's item-basis share
	patient  PatientBreakdown
}

// lineSelfPay is the 先行自付 amount of one line, rounded to cents per line
// as the fee upload returns preselfpay_amt.
func lineSelfPay(l FeeLine, classB decimal.Decimal) decimal.Decimal {
	switch l.Class {
	case ClassB:
		r := classB
		if l.SelfPayRatio.Valid {
			r = l.SelfPayRatio.Decimal
		}
		return roundMoney(l.Amount.Mul(r))
	case ClassC:
		return l.Amount
	}
	return zero
}

// patientSplit settles the lines by item: 丙类 is self-paid; 乙类 loses its
// 先行自付 share; the rest is in scope; the patient pays the deductible out
// of it, then the fund pays its ratio of the remainder and the patient the
// rest. The co-pay is computed by subtraction, so the parts add up exactly.
func patientSplit(lines []FeeLine, deductible, fundRatio, classB decimal.Decimal) split {
	var s split
	own, selfB, inPolicy := zero, zero, zero
	for _, l := range lines {
		switch l.Class {
		case ClassC:
			own = own.Add(l.Amount)
		case ClassB:
			sp := lineSelfPay(l, classB)
			selfB = selfB.Add(sp)
			inPolicy = inPolicy.Add(l.Amount.Sub(sp))
		default:
			inPolicy = inPolicy.Add(l.Amount)
		}
	}
	ded := decimal.Min(deductible, inPolicy)
	above := inPolicy.Sub(ded)
	fund := roundMoney(above.Mul(fundRatio))
	s.inPolicy = inPolicy
	s.fund = fund
	s.patient = PatientBreakdown{Deductible: ded, ClassBSelfPay: selfB, OwnPay: own, CoPay: above.Sub(fund)}
	return s
}

// InPolicyItemAmount is the in-policy item amount of a case for item-based
// payment (按项目, domain.md §1.5, §2.5): the sum of its fee lines without
// 丙类 lines and without the 先行自付 share of 乙类 lines. A 乙类 line without
// its own ratio uses classBSelfPay. Deductions for unreasonable items are the
// reviewer's, before this. It fails on a negative amount, a ratio outside
// [0, 1] or an unknown class.
func InPolicyItemAmount(lines []FeeLine, classBSelfPay decimal.Decimal) (decimal.Decimal, error) {
	ps := &problems{subject: "case"}
	if ratio(ps, "class_b_self_pay", classBSelfPay) {
		checkLines(ps, lines)
	}
	if err := ps.err(); err != nil {
		return zero, err
	}
	sum := zero
	for _, l := range lines {
		if l.Class == ClassC {
			continue
		}
		sum = sum.Add(l.Amount.Sub(lineSelfPay(l, classBSelfPay)))
	}
	return sum, nil
}

// InPolicyItemAmount is the package function with this version's 乙类 ratio.
func (v *Version) InPolicyItemAmount(lines []FeeLine) (decimal.Decimal, error) {
	return InPolicyItemAmount(lines, v.spec.PatientShare.ClassBSelfPay)
}

func checkLines(ps *problems, lines []FeeLine) {
	for i, l := range lines {
		if l.Class.Valid() && !l.Amount.IsNegative() && places(l.Amount) <= moneyPlaces &&
			(!l.SelfPayRatio.Valid || (!l.SelfPayRatio.Decimal.IsNegative() && !l.SelfPayRatio.Decimal.GreaterThan(one) &&
				places(l.SelfPayRatio.Decimal) <= ratioPlaces)) {
			continue // the common case, without building field names
		}
		f := fmt.Sprintf("lines[%d]", i)
		if !l.Class.Valid() {
			ps.addf(f+".class", ErrUnknownFeeClass, "%q", l.Class)
		}
		money(ps, f+".amount", l.Amount)
		if l.SelfPayRatio.Valid {
			ratio(ps, f+".self_pay_ratio", l.SelfPayRatio.Decimal)
		}
	}
}
