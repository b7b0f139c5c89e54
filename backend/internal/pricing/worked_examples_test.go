package pricing

import (
	"testing"

	"github.com/shopspring/decimal"
)

// The worked examples of domain.md §2.1, §2.4, §2.5, §3.3 and §3.5, with the
// exact results the formulas give.

func TestBaseRateFromBudgetIsBudgetOverWeightedCases(t *testing.T) {
	// §2.4: budget ¥1,000,000,000, Σ(RW × cases) = 100,000 → ¥10,000 per RW.
	wantMoney(t, "base rate", BaseRateFromBudget(d("1000000000"), d("100000")), "10000")
	wantMoney(t, "no cases", BaseRateFromBudget(d("1000000000"), zero), "0")
}

func TestPointValueIsFundOverRatioOverPoints(t *testing.T) {
	// §3.5: fund ¥700,000,000, reimbursement ratio 70%, 10,000,000 points → ¥100.
	wantMoney(t, "point value", PointValueFromFund(d("700000000"), d("0.70"), d("10000000")), "100")
}

func TestHospitalStandardIsWeightTimesRateTimesCoefficient(t *testing.T) {
	// §2.4: RW 1.20 × ¥10,000 = ¥12,000; × 1.05 = ¥12,600.
	o := mustPrice(t, mustDraft(t, exampleSpec()), tertiaryCase("11000"))
	wantMoney(t, "group standard", o.GroupStandard, "12000")
	wantMoney(t, "payment standard", o.PaymentStandard, "12600")
	if o.CoefficientSource != "level" || !o.Coefficient.Equal(d("1.05")) {
		t.Errorf("coefficient = %s from %s, want 1.05 from level", o.Coefficient, o.CoefficientSource)
	}
}

func TestCaseANormalIsPaidTheStandardAndTheHospitalKeepsTheSurplus(t *testing.T) {
	o := mustPrice(t, mustDraft(t, exampleSpec()), tertiaryCase("11000"))
	if o.Class != Normal || o.Rule != RuleStandard {
		t.Fatalf("class %s rule %s, want normal standard", o.Class, o.Rule)
	}
	wantMoney(t, "ratio", o.CostRatio, "0.873")              // 11,000 / 12,600 = 0.87301… (§2.4: 0.87)
	wantMoney(t, "DRG payment", o.DRGPayment, "12600")       // 结余留用: 1,600 surplus
	wantMoney(t, "high threshold", o.HighThreshold, "37800") // 3 × 12,600
	wantMoney(t, "low threshold", o.LowThreshold, "5040")    // 0.4 × 12,600
}

func TestCaseBHighOutlierIsPaidByItemByDefault(t *testing.T) {
	o := mustPrice(t, mustDraft(t, exampleSpec()), tertiaryCase("40000"))
	if o.Class != High || o.Rule != Rule(HighByItem) {
		t.Fatalf("class %s rule %s, want high by_item", o.Class, o.Rule)
	}
	wantMoney(t, "ratio", o.CostRatio, "3.1746") // §2.4: 3.17
	wantMoney(t, "DRG payment", o.DRGPayment, "40000")
}

func TestCaseBStandardPlusExcessVariantPays14800(t *testing.T) {
	s := exampleSpec()
	s.Outliers.High, s.Outliers.ExcessShare = HighStandardPlusExcess, one
	o := mustPrice(t, mustDraft(t, s), tertiaryCase("40000"))
	// 12,600 + (40,000 − 3 × 12,600) = 14,800
	wantMoney(t, "DRG payment", o.DRGPayment, "14800")

	s.Outliers.ExcessShare = d("0.5")
	o = mustPrice(t, mustDraft(t, s), tertiaryCase("40000"))
	wantMoney(t, "DRG payment, half the excess", o.DRGPayment, "13700")
}

func TestCaseCLowOutlierIsPaidByItem(t *testing.T) {
	o := mustPrice(t, mustDraft(t, exampleSpec()), tertiaryCase("4000"))
	if o.Class != Low || o.Rule != Rule(LowByItem) {
		t.Fatalf("class %s rule %s, want low by_item_capped", o.Class, o.Rule)
	}
	wantMoney(t, "ratio", o.CostRatio, "0.3175") // §2.4: 0.32
	wantMoney(t, "DRG payment", o.DRGPayment, "4000")
}

func TestCaseDZhejiangBandPaysRatioPlusPointTwo(t *testing.T) {
	s := exampleSpec()
	s.Outliers.Band = &LowBand{Upper: d("0.8"), Add: d("0.2")}
	v := mustDraft(t, s)
	o := mustPrice(t, v, tertiaryCase("8000"))
	if o.Class != Normal || o.Rule != RuleBand {
		t.Fatalf("class %s rule %s, want normal band", o.Class, o.Rule)
	}
	wantMoney(t, "ratio", o.CostRatio, "0.6349")
	// Exact: (8,000/12,600 + 0.2) × 12,600 = 8,000 + 2,520.
	wantMoney(t, "DRG payment, exact ratio", o.DRGPayment, "10520")

	// §2.4 rounds the ratio to 0.63 first: 0.83 × 12,600 = 10,458.
	s.Outliers.RatioPlaces = 2
	o = mustPrice(t, mustDraft(t, s), tertiaryCase("8000"))
	wantMoney(t, "DRG payment, two-place ratio", o.DRGPayment, "10458")
}

// §2.5: 甲类 5,000; 乙类 5,000 with 10% 先行自付; 丙类 1,000; total 11,000;
// 起付线 800; fund ratio 85%.
func section25Lines() []FeeLine {
	return []FeeLine{line(ClassA, "5000"), line(ClassB, "5000"), line(ClassC, "1000")}
}

func TestPatientSettlesByItemWorkedExample(t *testing.T) {
	o := mustPrice(t, mustDraft(t, exampleSpec()), tertiaryCase("11000", section25Lines()...))
	wantMoney(t, "in-policy amount", o.InPolicyAmount, "9500") // 11,000 − 1,000 − 500
	wantMoney(t, "fund share", o.FundShare, "7395")            // 85% × 8,700
	wantMoney(t, "patient share", o.PatientShare, "3605")
	wantMoney(t, "own pay (丙类)", o.Patient.OwnPay, "1000")
	wantMoney(t, "乙类 self-pay", o.Patient.ClassBSelfPay, "500")
	wantMoney(t, "deductible", o.Patient.Deductible, "800")
	wantMoney(t, "co-pay", o.Patient.CoPay, "1305")
	if !o.FundShare.Add(o.PatientShare).Equal(o.TotalCost) {
		t.Errorf("fund + patient = %s, want the total cost", o.FundShare.Add(o.PatientShare))
	}
}

func TestFundPaysTheDRGPaymentLessThePatientShare(t *testing.T) {
	// Variant (a): 12,600 − 3,605 = 8,995; the hospital receives 12,600.
	o := mustPrice(t, mustDraft(t, exampleSpec()), tertiaryCase("11000", section25Lines()...))
	if o.FundPaymentRule != FundPaysRemainder {
		t.Fatalf("default fund-payment rule %s", o.FundPaymentRule)
	}
	wantMoney(t, "fund payment", o.FundPayment, "8995")
	wantMoney(t, "hospital payment", o.HospitalPayment, "12600")
}

func TestFundPaysProRataVariant(t *testing.T) {
	// Variant (b): 7,395 × 12,600 / 11,000 = 8,470.6363… → 8,470.64.
	s := exampleSpec()
	s.FundPayment = FundPaysProRata
	o := mustPrice(t, mustDraft(t, s), tertiaryCase("11000", section25Lines()...))
	wantMoney(t, "fund payment", o.FundPayment, "8470.64")
	wantMoney(t, "hospital payment", o.HospitalPayment, "12075.64") // 3,605 + 8,470.64
}

// pointSpec is §3.5: score 120 (RW 1.20 × 100), level coefficient 1.05,
// point value ¥100, ultra-low below 50% and ultra-high above 2× of the
// same-level average ¥12,000, paid by the DIP coefficient (ratio − 2) + 1.
func pointSpec() Spec {
	s := exampleSpec()
	s.Method = PointMethod
	s.BaseRates = nil
	s.PointsPerWeight = hundred
	s.PointValues = map[Fund]decimal.Decimal{Employee: hundred, Resident: hundred}
	s.Outliers = OutlierPolicy{
		Tiers: []OutlierTier{{High: d("2"), Low: d("0.5")}},
		High:  HighRatioAdjusted,
	}
	return s
}

func TestPointMethodNormalCaseIsScoreTimesCoefficientTimesPointValue(t *testing.T) {
	o := mustPrice(t, mustDraft(t, pointSpec()), tertiaryCase("12000"))
	if o.Class != Normal {
		t.Fatalf("class %s", o.Class)
	}
	wantMoney(t, "points", o.Points, "126") // 120 × 1.05
	wantMoney(t, "DRG payment", o.DRGPayment, "12600")
	wantMoney(t, "payment standard", o.PaymentStandard, "12600")
	wantMoney(t, "ratio base (same-level average)", o.RatioBase, "12000")
}

func TestPointMethodUltraHighCaseUsesTheDIPCoefficient(t *testing.T) {
	o := mustPrice(t, mustDraft(t, pointSpec()), tertiaryCase("30000"))
	if o.Class != High || o.Rule != Rule(HighRatioAdjusted) {
		t.Fatalf("class %s rule %s", o.Class, o.Rule)
	}
	wantMoney(t, "ratio", o.CostRatio, "2.5")
	wantMoney(t, "points", o.Points, "180") // 120 × ((2.5 − 2) + 1)
	wantMoney(t, "DRG payment", o.DRGPayment, "18000")
}

func TestPointMethodUltraLowCaseIsScoreTimesRatio(t *testing.T) {
	o := mustPrice(t, mustDraft(t, pointSpec()), tertiaryCase("5000"))
	if o.Class != Low {
		t.Fatalf("class %s", o.Class)
	}
	wantMoney(t, "ratio", o.CostRatio, "0.4167")
	wantMoney(t, "points", o.Points, "50") // 120 × 5,000/12,000
	wantMoney(t, "DRG payment", o.DRGPayment, "5000")
}

func TestPointMethodZhejiangHighOutlierIsTheDefault(t *testing.T) {
	// §2.3: benchmark × coefficient + (cost ÷ group average − threshold) × benchmark
	//      = 120 × 1.05 + (30,000/12,000 − 2) × 120 = 126 + 60 = 186 points.
	s := pointSpec()
	s.Outliers.High = ""
	v := mustDraft(t, s)
	if got := v.Outliers().High; got != HighStandardPlusExcess {
		t.Fatalf("point-method default high rule = %s", got)
	}
	o := mustPrice(t, v, tertiaryCase("30000"))
	wantMoney(t, "points", o.Points, "186")
	wantMoney(t, "DRG payment", o.DRGPayment, "18600")
}

func TestPointMethodZhejiangBand(t *testing.T) {
	// §2.2–2.3: a case in (0.4, 0.8] gets (ratio + 0.2) × benchmark points:
	// (8,000/12,000 + 0.2) × 120 = 104 points.
	s := pointSpec()
	s.Outliers = OutlierPolicy{Band: &LowBand{Upper: d("0.8"), Add: d("0.2")}}
	o := mustPrice(t, mustDraft(t, s), tertiaryCase("8000"))
	if o.Rule != RuleBand {
		t.Fatalf("rule %s", o.Rule)
	}
	wantMoney(t, "points", o.Points, "104")
	wantMoney(t, "DRG payment", o.DRGPayment, "10400")

	// ≤ 0.4: benchmark × ratio = 120 × 4,000/12,000 = 40 points.
	o = mustPrice(t, mustDraft(t, s), tertiaryCase("4000"))
	if o.Class != Low {
		t.Fatalf("class %s", o.Class)
	}
	wantMoney(t, "points", o.Points, "40")
}
