package pricing

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// CaseInput is what pricing needs of one grouped, discharged case.
type CaseInput struct {
	DRG        string `json:"drg"` // the group the grouper assigned
	Level      Level  `json:"level"`
	HospitalID string `json:"hospital_id,omitempty"`
	Fund       Fund   `json:"fund"`
	// TotalCost is the case's total medical cost, yuan.
	TotalCost decimal.Decimal `json:"total_cost"`
	// Lines are the fee lines; when given they must add up to TotalCost.
	// Without lines the whole cost is settled as one 甲类 line (and
	// Outcome.LinesAssumed says so).
	Lines []FeeLine `json:"lines,omitempty"`
	// DischargeDate, when set, must lie within the version's effective dates.
	DischargeDate Date `json:"discharge_date,omitzero"`
}

// Rule names the formula that produced the DRG payment.
type Rule string

const (
	RuleStandard Rule = "standard" // a normal case: the hospital's standard
	RuleBand     Rule = "band"     // a normal case in the low band: (ratio + add) × base
	// A high or low outlier's rule is its HighRule or LowRule.
)

// Outcome is the price of one case. Money is yuan rounded to cents half-up;
// ratios and points have 4 decimal places. All decimals are JSON strings.
type Outcome struct {
	DRG        string `json:"drg"`
	Method     Method `json:"method"`
	Level      Level  `json:"level"`
	Fund       Fund   `json:"fund"`
	HospitalID string `json:"hospital_id,omitempty"`

	Weight decimal.Decimal `json:"weight"`
	// Coefficient is the hospital coefficient applied; CoefficientSource says
	// whose it is: "level", "hospital", or "published" when a published
	// standard was used as is (coefficient 1).
	Coefficient       decimal.Decimal `json:"coefficient"`
	CoefficientSource string          `json:"coefficient_source"`
	// GroupStandard is the standard before the hospital coefficient;
	// PaymentStandard is the hospital's standard (支付标准).
	GroupStandard   decimal.Decimal `json:"group_standard"`
	PaymentStandard decimal.Decimal `json:"payment_standard"`
	// PointValue and Points are set for the point method: the case's points
	// and the yuan per point that turned them into the DRG payment.
	PointValue decimal.Decimal `json:"point_value,omitzero"`
	Points     decimal.Decimal `json:"points,omitzero"`

	TotalCost decimal.Decimal `json:"total_cost"`
	// CarvedOut is the amount of registered 除外支付 items, paid by item
	// outside the DRG bundle; BundleCost = TotalCost − CarvedOut is what the
	// cost ratio and the outlier class look at.
	CarvedOut  decimal.Decimal `json:"carved_out"`
	BundleCost decimal.Decimal `json:"bundle_cost"`
	// CarvedItems are the carved-out amounts by item code (the lines of one
	// code summed), in the order the codes first appear; empty when nothing
	// is carved out. They sum to CarvedOut.
	CarvedItems []CarvedItem `json:"carved_items,omitempty"`
	// NewItemAmount sums the lines flagged as new drugs, devices or
	// techniques, carved out or not.
	NewItemAmount decimal.Decimal `json:"new_item_amount"`

	// CostRatio is BundleCost ÷ RatioBase (4 places, for display; the class
	// is decided on money, not on this rounded figure).
	CostRatio decimal.Decimal `json:"cost_ratio"`
	RatioBase decimal.Decimal `json:"ratio_base"`
	// The thresholds of the case's tier, as multipliers and in yuan.
	HighMultiplier decimal.Decimal `json:"high_multiplier"`
	LowMultiplier  decimal.Decimal `json:"low_multiplier"`
	HighThreshold  decimal.Decimal `json:"high_threshold"`
	LowThreshold   decimal.Decimal `json:"low_threshold"`
	Class          Class           `json:"class"`
	Rule           Rule            `json:"rule"`

	// DRGPayment is what the DRG pays the hospital for the bundle, fund and
	// patient together (§2.4's "payment to hospital").
	DRGPayment decimal.Decimal `json:"drg_payment"`

	// The patient's item-based settlement (§2.5): FundShare + PatientShare
	// = TotalCost, always.
	InPolicyAmount decimal.Decimal  `json:"in_policy_amount"`
	FundShare      decimal.Decimal  `json:"fund_share"`
	PatientShare   decimal.Decimal  `json:"patient_share"`
	Patient        PatientBreakdown `json:"patient"`
	// LinesAssumed is true when the case came without fee lines and its
	// whole cost was settled as 甲类.
	LinesAssumed bool `json:"lines_assumed,omitempty"`

	// FundPayment is what the fund pays the hospital: under FundPaysRemainder
	// DRGPayment + CarvedOut − PatientShare, floored at zero (FundFloored).
	// HospitalPayment = PatientShare + FundPayment is the hospital's revenue
	// for the case.
	FundPayment     decimal.Decimal `json:"fund_payment"`
	FundPaymentRule FundPaymentRule `json:"fund_payment_rule"`
	FundFloored     bool            `json:"fund_floored,omitempty"`
	HospitalPayment decimal.Decimal `json:"hospital_payment"`

	Version VersionRef `json:"version"`
}

// Price prices one case under v. It fails with a *ValidationError (wrapping
// ErrInvalidCase) for a malformed case, and with ErrUnknownDRG,
// ErrLevelNotCovered or ErrNotEffective when v cannot price it. A draft
// prices too, for previews; Outcome.Version.Status tells.
func Price(v *Version, c CaseInput) (Outcome, error) {
	if v == nil {
		return Outcome{}, ErrNoVersion
	}
	c.DRG = strings.ToUpper(strings.TrimSpace(c.DRG))
	if err := checkCase(c); err != nil {
		return Outcome{}, err
	}
	if !c.DischargeDate.IsZero() && !v.Covers(c.DischargeDate) {
		return Outcome{}, fmt.Errorf("%w: discharged %s, version %s–%s", ErrNotEffective, c.DischargeDate, v.spec.EffectiveFrom, v.spec.EffectiveTo)
	}
	w, ok := v.spec.Weights[c.DRG]
	if !ok {
		return Outcome{}, fmt.Errorf("%w: %s", ErrUnknownDRG, c.DRG)
	}
	o := Outcome{
		DRG: c.DRG, Method: v.spec.Method, Level: c.Level, Fund: c.Fund, HospitalID: c.HospitalID,
		Weight: w, TotalCost: c.TotalCost, Version: v.Ref(),
		FundPaymentRule: v.spec.FundPayment,
	}

	// The standard: published, or weight × rate (or points × point value)
	// × coefficient. Point-method standards stay unrounded inside the
	// formulas (they are exact products); every one is reported in cents.
	var s0, s, pv decimal.Decimal
	if pub, ok := v.standard(c.DRG, c.Level, c.Fund); ok {
		s0, s = pub, pub
		o.Coefficient, o.CoefficientSource = one, "published"
	} else {
		k, src, ok := v.coefficient(c.Level, c.HospitalID)
		if !ok {
			return Outcome{}, fmt.Errorf("%w: no coefficient or published standard for %s hospitals", ErrLevelNotCovered, c.Level)
		}
		o.Coefficient, o.CoefficientSource = k, src
		switch v.spec.Method {
		case RateMethod:
			unit := w.Mul(v.spec.BaseRates[c.Fund])
			s0, s = roundMoney(unit), roundMoney(unit.Mul(k))
		case PointMethod:
			pv = v.spec.PointValues[c.Fund]
			benchmark := w.Mul(v.spec.PointsPerWeight)
			s0, s = benchmark.Mul(pv), benchmark.Mul(k).Mul(pv)
		}
	}
	if !v.hasPatientShare(c.Level) {
		return Outcome{}, fmt.Errorf("%w: no patient-share parameters for %s hospitals", ErrLevelNotCovered, c.Level)
	}
	o.GroupStandard, o.PaymentStandard = roundMoney(s0), roundMoney(s)

	lines := c.Lines
	if len(lines) == 0 {
		lines = []FeeLine{{Class: ClassA, Amount: c.TotalCost}}
		o.LinesAssumed = true
	}
	o.CarvedOut, o.NewItemAmount = zero, zero
	for _, l := range lines {
		if l.CarveOut {
			o.CarvedOut = o.CarvedOut.Add(l.Amount)
			o.CarvedItems = addCarved(o.CarvedItems, l.Code, l.Amount)
		}
		if l.NewItem {
			o.NewItemAmount = o.NewItemAmount.Add(l.Amount)
		}
	}
	x := c.TotalCost.Sub(o.CarvedOut)
	o.BundleCost = x

	pay, err := v.drgPayment(&o, x, s0, s, w)
	if err != nil {
		return Outcome{}, err
	}
	o.DRGPayment = roundMoney(decimal.Max(pay, zero))
	if v.spec.Method == PointMethod && pv.IsPositive() {
		o.PointValue = pv
		o.Points = roundRatio(div(pay, pv))
	}

	ps := v.spec.PatientShare
	sp := patientSplit(lines, ps.Deductibles[c.Level], ps.FundRatios[c.Level][c.Fund], ps.ClassBSelfPay)
	o.InPolicyAmount, o.FundShare, o.Patient = sp.inPolicy, sp.fund, sp.patient
	o.PatientShare = sp.patient.Total()

	switch v.spec.FundPayment {
	case FundPaysProRata:
		if c.TotalCost.IsPositive() {
			o.FundPayment = roundMoney(div(o.FundShare.Mul(o.DRGPayment.Add(o.CarvedOut)), c.TotalCost))
		} else {
			o.FundPayment = zero
		}
	default:
		o.FundPayment = o.DRGPayment.Add(o.CarvedOut).Sub(o.PatientShare)
		if o.FundPayment.IsNegative() {
			o.FundPayment, o.FundFloored = zero, true
		}
	}
	o.HospitalPayment = o.PatientShare.Add(o.FundPayment)
	return o, nil
}

// CarvedItem is the carved-out amount of one item code: the hospital is
// paid it by item (按项目), outside the DRG bundle.
type CarvedItem struct {
	Code   string          `json:"code"`
	Amount decimal.Decimal `json:"amount"`
}

func addCarved(items []CarvedItem, code string, amount decimal.Decimal) []CarvedItem {
	for i := range items {
		if items[i].Code == code {
			items[i].Amount = items[i].Amount.Add(amount)
			return items
		}
	}
	return append(items, CarvedItem{Code: code, Amount: amount})
}

// drgPayment classifies the bundle cost x and applies the outlier policy;
// it fills the ratio, thresholds, class and rule of o and returns the
// unrounded payment.
func (v *Version) drgPayment(o *Outcome, x, s0, s, w decimal.Decimal) (decimal.Decimal, error) {
	p := &v.spec.Outliers
	r := s
	if p.RatioBase == GroupStandard {
		r = s0
	}
	if !r.IsPositive() {
		return zero, fmt.Errorf("%w: the standard of %s rounds to zero", ErrInvalidVersion, o.DRG)
	}
	t, ok := p.tier(o.Level, w)
	if !ok {
		return zero, fmt.Errorf("%w: no outlier tier for %s at weight %s", ErrLevelNotCovered, o.Level, w)
	}
	highAt, lowAt := t.High.Mul(r), t.Low.Mul(r)
	o.RatioBase = roundMoney(r)
	o.CostRatio = roundRatio(div(x, r))
	o.HighMultiplier, o.LowMultiplier = t.High, t.Low
	o.HighThreshold, o.LowThreshold = roundMoney(highAt), roundMoney(lowAt)

	// ratio × base: exactly x, unless the region rounds the ratio first.
	rb := x
	if p.RatioPlaces > 0 {
		rb = div(x, r).Round(p.RatioPlaces).Mul(r)
	}

	switch {
	case x.GreaterThan(highAt):
		o.Class, o.Rule = High, Rule(p.High)
		switch p.High {
		case HighStandardPlusExcess:
			return s.Add(p.ExcessShare.Mul(rb.Sub(highAt))), nil
		case HighRatioAdjusted:
			return rb.Sub(highAt).Add(r), nil
		default: // HighByItem
			return x, nil
		}
	case x.LessThanOrEqual(lowAt):
		o.Class, o.Rule = Low, Rule(p.Low)
		return decimal.Min(x, s), nil
	}
	o.Class, o.Rule = Normal, RuleStandard
	if b := p.Band; b != nil && x.LessThanOrEqual(b.Upper.Mul(r)) {
		o.Rule = RuleBand
		return rb.Add(b.Add.Mul(r)), nil
	}
	return s, nil
}

// coefficient is the hospital's individual coefficient if it has one, else
// its level's.
func (v *Version) coefficient(l Level, hospital string) (decimal.Decimal, string, bool) {
	if hospital != "" {
		if k, ok := v.spec.HospitalCoefficients[hospital]; ok {
			return k, "hospital", true
		}
	}
	if k, ok := v.spec.LevelCoefficients[l]; ok {
		return k, "level", true
	}
	return zero, "", false
}

func (v *Version) hasPatientShare(l Level) bool {
	ps := v.spec.PatientShare
	if !hasKey(ps.Deductibles, l) {
		return false
	}
	for _, f := range Funds {
		if !hasKey(ps.FundRatios[l], f) {
			return false
		}
	}
	return true
}

func checkCase(c CaseInput) error {
	ps := &problems{subject: "case"}
	if c.DRG == "" {
		ps.addf("drg", ErrBadDRGCode, "empty")
	}
	if !c.Level.Valid() {
		ps.addf("level", ErrUnknownLevel, "%q", c.Level)
	}
	if !c.Fund.Valid() {
		ps.addf("fund", ErrUnknownFund, "%q", c.Fund)
	}
	money(ps, "total_cost", c.TotalCost)
	checkLines(ps, c.Lines)
	if len(c.Lines) > 0 {
		sum := zero
		for _, l := range c.Lines {
			sum = sum.Add(l.Amount)
		}
		if !sum.Equal(c.TotalCost) {
			ps.addf("lines", ErrLinesDontAddUp, "lines sum to %s, total cost is %s", sum, c.TotalCost)
		}
	}
	return ps.err()
}
