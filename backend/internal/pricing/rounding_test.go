package pricing

import (
	"testing"

	"github.com/shopspring/decimal"
)

// Money rounds to cents half-up (四舍五入), once, where an amount appears.

func TestStandardRoundsHalfUpNotToEven(t *testing.T) {
	s := exampleSpec()
	s.Weights["HU19"] = d("0.5")
	s.BaseRates[Employee] = d("12345.65")
	c := tertiaryCase("5000")
	c.DRG, c.Level = "HU19", Secondary // coefficient 1.00
	o := mustPrice(t, mustDraft(t, s), c)
	wantMoney(t, "0.5 × 12,345.65 = 6,172.825", o.PaymentStandard, "6172.83") // banker's: 6,172.82
}

func TestStandardIsRoundedOnceFromTheFullProduct(t *testing.T) {
	// 0.5 × 12,345.61 × 1.5 = 9,259.2075 → 9,259.21. Rounding the group
	// standard first (6,172.805 → 6,172.81) and then applying the
	// coefficient would give 9,259.215 → 9,259.22.
	s := exampleSpec()
	s.Weights["HU19"] = d("0.5")
	s.BaseRates[Employee] = d("12345.61")
	s.HospitalCoefficients = map[string]decimal.Decimal{"H001": d("1.5")}
	c := tertiaryCase("5000")
	c.DRG = "HU19"
	o := mustPrice(t, mustDraft(t, s), c)
	wantMoney(t, "group standard", o.GroupStandard, "6172.81")
	wantMoney(t, "hospital standard", o.PaymentStandard, "9259.21")
}

func TestFundShareRoundsHalfUpAndTheCoPayTakesTheRest(t *testing.T) {
	// (9,500.50 − 800) × 85% = 7,395.425 → 7,395.43; co-pay 8,700.50 − 7,395.43.
	o := mustPrice(t, mustDraft(t, exampleSpec()), tertiaryCase("9500.50", line(ClassA, "9500.50")))
	wantMoney(t, "fund share", o.FundShare, "7395.43")
	wantMoney(t, "co-pay", o.Patient.CoPay, "1305.07")
	wantMoney(t, "fund + patient", o.FundShare.Add(o.PatientShare), "9500.50")
}

func TestClassBSelfPayRoundsPerLine(t *testing.T) {
	// Two 乙类 lines of ¥0.15 at 10%: 0.015 → 0.02 each, as the fee upload
	// returns preselfpay_amt per line; 0.04 in all, not round(0.03).
	o := mustPrice(t, mustDraft(t, exampleSpec()), tertiaryCase("0.30", line(ClassB, "0.15"), line(ClassB, "0.15")))
	wantMoney(t, "乙类 self-pay", o.Patient.ClassBSelfPay, "0.04")
	wantMoney(t, "in-policy", o.InPolicyAmount, "0.26")
}

func TestCostRatioAndPointsHaveFourPlaces(t *testing.T) {
	o := mustPrice(t, mustDraft(t, exampleSpec()), tertiaryCase("10000"))
	wantMoney(t, "10,000 / 12,600", o.CostRatio, "0.7937") // 0.793650…
	s := pointSpec()
	s.PointValues[Employee] = d("98.7654")
	o = mustPrice(t, mustDraft(t, s), tertiaryCase("10000"))
	wantMoney(t, "points", o.Points, "126")
	wantMoney(t, "126 × 98.7654 = 12,444.4404", o.DRGPayment, "12444.44")
}
