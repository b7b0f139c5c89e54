package pricing

import "github.com/shopspring/decimal"

// Rounding rule: every amount of money is rounded to cents (0.01 yuan) half
// up — 四舍五入, 0.005 → 0.01 — at the point where it becomes an amount a
// person would see: a payment standard, a payment, a share. Intermediate
// products and quotients stay unrounded, so a formula is rounded once.
//
// Half-up rather than banker's rounding because it is what Chinese
// settlement systems, HIS fee uploads and the bureau's own spreadsheets do;
// a reviewer reconciling our figures with a settlement list must get the same
// cent. No amount here is negative, so half-up and half-away-from-zero
// (decimal.Round) coincide.
//
// Shares that must add up are never rounded separately: the last part of a
// split is computed by subtraction (see patientSplit), so fund share +
// patient share equals the total cost to the cent.
//
// Weights, coefficients, multipliers and ratios carry up to 4 decimal places;
// points are reported to 4 places.
const (
	moneyPlaces = 2
	ratioPlaces = 4 // weights, coefficients, reported ratios and points
	divPlaces   = 20
)

func roundMoney(d decimal.Decimal) decimal.Decimal { return d.Round(moneyPlaces) }

func roundRatio(d decimal.Decimal) decimal.Decimal { return d.Round(ratioPlaces) }

// div divides with ample precision; callers round the result once.
func div(a, b decimal.Decimal) decimal.Decimal { return a.DivRound(b, divPlaces) }

// places is the number of decimal places d is written with (trailing zeros
// ignored, so 1.50 has 1).
func places(d decimal.Decimal) int32 {
	n := d.Exponent()
	if n >= 0 {
		return 0
	}
	if n >= -2 && d.Coefficient().IsInt64() {
		// Amounts read as cents: count the trailing zeros of the integer.
		c := d.CoefficientInt64()
		p := -n
		for p > 0 && c%10 == 0 {
			c /= 10
			p--
		}
		return p
	}
	// Strip trailing zeros the cheap way: compare with the value rounded.
	for p := int32(0); p < -n; p++ {
		if d.Round(p).Equal(d) {
			return p
		}
	}
	return -n
}

var (
	zero    = decimal.Zero
	one     = decimal.NewFromInt(1)
	hundred = decimal.NewFromInt(100)
)

// BaseRateFromBudget is the fixed-rate method's base rate (domain.md §2.1):
// the annual DRG fund budget, converted to a total-cost basis, divided by
// Σ(RW × cases); yuan per unit of weight, rounded to cents. It returns zero
// when the weighted case count is not positive.
func BaseRateFromBudget(budget, weightedCases decimal.Decimal) decimal.Decimal {
	if !weightedCases.IsPositive() {
		return zero
	}
	return roundMoney(div(budget, weightedCases))
}

// PointValueFromFund is the settlement point value (结算点值, domain.md §3.3):
// (fund available ÷ reimbursement ratio) ÷ total points, in yuan per point,
// rounded to 4 places. It returns zero when the ratio or the points are not
// positive.
func PointValueFromFund(fund, reimbursementRatio, totalPoints decimal.Decimal) decimal.Decimal {
	if !reimbursementRatio.IsPositive() || !totalPoints.IsPositive() {
		return zero
	}
	return roundRatio(div(div(fund, reimbursementRatio), totalPoints))
}
