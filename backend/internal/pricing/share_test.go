package pricing

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"
)

func TestInPolicyItemAmountLeavesOutClassCAndTheClassBSelfPayShare(t *testing.T) {
	// §2.5: 5,000 甲 + (5,000 乙 − 10%) = 9,500; 丙类 1,000 is out.
	got, err := InPolicyItemAmount(section25Lines(), d("0.10"))
	if err != nil {
		t.Fatal(err)
	}
	wantMoney(t, "in-policy amount", got, "9500")

	// A line's own 先行自付 ratio wins over the default.
	lines := section25Lines()
	lines[1].SelfPayRatio = decimal.NewNullDecimal(d("0.2"))
	got, _ = mustDraft(t, exampleSpec()).InPolicyItemAmount(lines)
	wantMoney(t, "with a 20% line", got, "9000")

	// A ratio on a 甲类 line is ignored: 甲类 is wholly in scope.
	lines[0].SelfPayRatio = decimal.NewNullDecimal(d("0.5"))
	got, _ = InPolicyItemAmount(lines, d("0.10"))
	wantMoney(t, "甲类 ignores a ratio", got, "9000")
}

func TestInPolicyItemAmountRejectsBadLines(t *testing.T) {
	for name, l := range map[string]FeeLine{
		"negative amount":     line(ClassA, "-1"),
		"fractions of a cent": line(ClassA, "1.001"),
		"unknown class":       {Class: "D", Amount: d("1")},
		"ratio above one":     {Class: ClassB, Amount: d("1"), SelfPayRatio: decimal.NewNullDecimal(d("1.5"))},
	} {
		if _, err := InPolicyItemAmount([]FeeLine{l}, d("0.1")); !errors.Is(err, ErrInvalidCase) {
			t.Errorf("%s: %v, want ErrInvalidCase", name, err)
		}
	}
}

func TestCarvedOutItemsLeaveTheBundleAndArePaidByItem(t *testing.T) {
	v := mustDraft(t, exampleSpec())
	device := FeeLine{Category: "08", Class: ClassB, Amount: d("20000"), SelfPayRatio: decimal.NewNullDecimal(d("0.2")), NewItem: true, CarveOut: true}
	c := tertiaryCase("52000", line(ClassA, "30000"), device, line(ClassC, "2000"))
	o := mustPrice(t, v, c)
	wantMoney(t, "carved out", o.CarvedOut, "20000")
	wantMoney(t, "bundle cost", o.BundleCost, "32000")
	wantMoney(t, "new-item amount", o.NewItemAmount, "20000")
	if o.Class != Normal { // 32,000 < 37,800; with the device in, 52,000 would be high
		t.Errorf("class %s, want normal", o.Class)
	}
	wantMoney(t, "DRG payment", o.DRGPayment, "12600")
	// The patient still settles every line by item, the device included.
	wantMoney(t, "乙类 self-pay", o.Patient.ClassBSelfPay, "4000")
	wantMoney(t, "fund share", o.FundShare, "38420") // 85% × (46,000 − 800)
	wantMoney(t, "patient share", o.PatientShare, "13580")
	wantMoney(t, "fund payment", o.FundPayment, "19020") // 12,600 + 20,000 − 13,580
	wantMoney(t, "hospital payment", o.HospitalPayment, "32600")

	device.CarveOut = false // a new item that is not registered stays in the bundle
	o = mustPrice(t, v, tertiaryCase("52000", line(ClassA, "30000"), device, line(ClassC, "2000")))
	if o.Class != High || !o.CarvedOut.IsZero() || !o.NewItemAmount.Equal(d("20000")) {
		t.Errorf("unregistered: class %s carved %s new %s", o.Class, o.CarvedOut, o.NewItemAmount)
	}
}

func TestFundPaymentIsNeverNegative(t *testing.T) {
	// A normal case where the patient's own 丙类 items exceed the standard.
	o := mustPrice(t, mustDraft(t, exampleSpec()), tertiaryCase("30000", line(ClassA, "10000"), line(ClassC, "20000")))
	if o.Class != Normal || !o.FundPayment.IsZero() || !o.FundFloored {
		t.Errorf("class %s fund payment %s floored %v", o.Class, o.FundPayment, o.FundFloored)
	}
	wantMoney(t, "hospital payment = what the patient paid", o.HospitalPayment, o.PatientShare.String())
}

func TestDeductibleNeverExceedsTheInScopeAmount(t *testing.T) {
	o := mustPrice(t, mustDraft(t, exampleSpec()), tertiaryCase("1000", line(ClassA, "300"), line(ClassC, "700")))
	wantMoney(t, "deductible", o.Patient.Deductible, "300")
	wantMoney(t, "fund share", o.FundShare, "0")
	wantMoney(t, "patient share", o.PatientShare, "1000")
}

func TestACaseWithoutLinesIsSettledAsClassA(t *testing.T) {
	o := mustPrice(t, mustDraft(t, exampleSpec()), tertiaryCase("11000"))
	if !o.LinesAssumed {
		t.Error("LinesAssumed not set")
	}
	wantMoney(t, "fund share", o.FundShare, "8670") // 85% × (11,000 − 800)
}

func TestIndividualHospitalCoefficientReplacesTheLevelCoefficient(t *testing.T) {
	s := exampleSpec()
	s.HospitalCoefficients = map[string]decimal.Decimal{"H001": d("1.10")}
	o := mustPrice(t, mustDraft(t, s), tertiaryCase("11000"))
	wantMoney(t, "standard", o.PaymentStandard, "13200")
	if o.CoefficientSource != "hospital" {
		t.Errorf("source %s", o.CoefficientSource)
	}
	c := tertiaryCase("11000")
	c.HospitalID = "H002"
	wantMoney(t, "another hospital", mustPrice(t, mustDraft(t, s), c).PaymentStandard, "12600")
}

func TestPriceRejectsAMalformedCase(t *testing.T) {
	v := mustDraft(t, exampleSpec())
	cases := map[string]struct {
		edit  func(*CaseInput)
		field string
		err   error
	}{
		"lines do not add up": {func(c *CaseInput) { c.Lines = section25Lines(); c.TotalCost = d("11000.01") }, "lines", ErrLinesDontAddUp},
		"negative cost":       {func(c *CaseInput) { c.TotalCost = d("-1") }, "total_cost", ErrNegative},
		"cost in mills":       {func(c *CaseInput) { c.TotalCost = d("1.005") }, "total_cost", ErrPrecision},
		"unknown level":       {func(c *CaseInput) { c.Level = "三级" }, "level", ErrUnknownLevel},
		"unknown fund":        {func(c *CaseInput) { c.Fund = "" }, "fund", ErrUnknownFund},
		"no DRG":              {func(c *CaseInput) { c.DRG = " " }, "drg", ErrBadDRGCode},
		"bad line class":      {func(c *CaseInput) { c.Lines = []FeeLine{{Class: "X", Amount: c.TotalCost}} }, "lines[0].class", ErrUnknownFeeClass},
	}
	for name, tc := range cases {
		c := tertiaryCase("11000")
		tc.edit(&c)
		_, err := Price(v, c)
		if !errors.Is(err, ErrInvalidCase) || !errors.Is(err, tc.err) {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if f, _ := fieldOf(err, tc.err); f != tc.field {
			t.Errorf("%s: field %q, want %q", name, f, tc.field)
		}
	}
	if _, err := Price(v, CaseInput{DRG: "ZZ99", Level: Tertiary, Fund: Employee, TotalCost: d("1")}); !errors.Is(err, ErrUnknownDRG) {
		t.Errorf("unknown DRG: %v", err)
	}
	primary := tertiaryCase("1")
	primary.Level = Primary
	if _, err := Price(v, primary); !errors.Is(err, ErrLevelNotCovered) {
		t.Errorf("level without parameters: %v", err)
	}
	if _, err := Price(nil, tertiaryCase("1")); !errors.Is(err, ErrNoVersion) {
		t.Errorf("nil version: %v", err)
	}
}

func TestDRGCodeIsMatchedWithoutCaseOrSpaces(t *testing.T) {
	c := tertiaryCase("11000")
	c.DRG = " fm19 "
	if o := mustPrice(t, mustDraft(t, exampleSpec()), c); o.DRG != "FM19" {
		t.Errorf("DRG %q", o.DRG)
	}
}

func TestParseFeeClassAcceptsTheUsualSpellings(t *testing.T) {
	for in, want := range map[string]FeeClass{"甲类": ClassA, "乙": ClassB, "丙类": ClassC, "01": ClassA, "02": ClassB, "03": ClassC, "B": ClassB} {
		if got, err := ParseFeeClass(in); err != nil || got != want {
			t.Errorf("%s: %s %v", in, got, err)
		}
	}
	if _, err := ParseFeeClass("丁"); !errors.Is(err, ErrUnknownFeeClass) {
		t.Errorf("丁: %v", err)
	}
	if l, err := ParseLevel("三级"); err != nil || l != Tertiary {
		t.Errorf("三级: %s %v", l, err)
	}
	if f, err := ParseFund("居民"); err != nil || f != Resident {
		t.Errorf("居民: %s %v", f, err)
	}
}
