package pricing

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// d reads a decimal literal.
func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// wantMoney fails unless got equals want exactly (as decimals: 12600 = 12600.00).
func wantMoney(t *testing.T, what string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(d(want)) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

// exampleSpec is the illustrative region of domain.md §2.4–2.5: base rate
// ¥10,000, a group of RW 1.20, a tertiary coefficient of 1.05 (standard
// ¥12,600), high > 3× for tertiary and > 2× for secondary, low ≤ 0.4×,
// deductible ¥800, fund ratio 85%, 乙类 先行自付 10%.
func exampleSpec() Spec {
	return Spec{
		ID:            "ex-1",
		Region:        "330100",
		Year:          2025,
		Number:        1,
		EffectiveFrom: MustDate("2025-01-01"),
		EffectiveTo:   MustDate("2025-12-31"),
		Method:        RateMethod,
		Weights:       map[string]decimal.Decimal{"FM19": d("1.20"), "ES35": d("0.3754"), "AB19": d("8.42")},
		BaseRates:     map[Fund]decimal.Decimal{Employee: d("10000"), Resident: d("10000")},
		LevelCoefficients: map[Level]decimal.Decimal{
			Tertiary: d("1.05"), Secondary: d("1.00"),
		},
		PatientShare: PatientShare{
			Deductibles: map[Level]decimal.Decimal{Tertiary: d("800"), Secondary: d("500")},
			FundRatios: map[Level]map[Fund]decimal.Decimal{
				Tertiary:  {Employee: d("0.85"), Resident: d("0.70")},
				Secondary: {Employee: d("0.88"), Resident: d("0.75")},
			},
			ClassBSelfPay: d("0.10"),
		},
	}
}

func mustDraft(t *testing.T, s Spec) *Version {
	t.Helper()
	v, err := NewDraft(s)
	if err != nil {
		t.Fatalf("NewDraft: %v", err)
	}
	return v
}

func mustPrice(t *testing.T, v *Version, c CaseInput) Outcome {
	t.Helper()
	o, err := Price(v, c)
	if err != nil {
		t.Fatalf("Price(%+v): %v", c, err)
	}
	return o
}

// tertiaryCase is a case of group FM19 at a tertiary hospital, employee fund.
func tertiaryCase(cost string, lines ...FeeLine) CaseInput {
	return CaseInput{DRG: "FM19", Level: Tertiary, HospitalID: "H001", Fund: Employee, TotalCost: d(cost), Lines: lines}
}

func line(class FeeClass, amount string) FeeLine {
	return FeeLine{Class: class, Amount: d(amount)}
}

// fieldOf returns the field of the first FieldError in err that wraps target.
func fieldOf(err, target error) (string, bool) {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return "", false
	}
	for _, f := range ve.Fields {
		if errors.Is(f, target) {
			return f.Field, true
		}
	}
	return "", false
}

// beijing returns the instant of a Beijing wall-clock time.
func beijing(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, chinaTime)
	if err != nil {
		panic(err)
	}
	return t
}
