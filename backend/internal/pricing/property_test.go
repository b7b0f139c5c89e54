package pricing

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
)

// Invariants every Outcome keeps, checked over random cases and under fuzzing.
func checkInvariants(t *testing.T, c CaseInput, o Outcome) {
	t.Helper()
	amounts := map[string]decimal.Decimal{
		"group standard": o.GroupStandard, "payment standard": o.PaymentStandard, "carved out": o.CarvedOut,
		"bundle cost": o.BundleCost, "new items": o.NewItemAmount, "cost ratio": o.CostRatio,
		"high threshold": o.HighThreshold, "low threshold": o.LowThreshold, "DRG payment": o.DRGPayment,
		"in-policy": o.InPolicyAmount, "fund share": o.FundShare, "patient share": o.PatientShare,
		"deductible": o.Patient.Deductible, "乙类 self-pay": o.Patient.ClassBSelfPay, "own pay": o.Patient.OwnPay,
		"co-pay": o.Patient.CoPay, "fund payment": o.FundPayment, "hospital payment": o.HospitalPayment,
		"points": o.Points,
	}
	for name, a := range amounts {
		if a.IsNegative() {
			t.Errorf("%s is negative: %s (%+v)", name, a, c)
		}
		if name != "cost ratio" && name != "points" && places(a) > moneyPlaces {
			t.Errorf("%s is not in cents: %s", name, a)
		}
	}
	if !o.FundShare.Add(o.PatientShare).Equal(c.TotalCost) {
		t.Errorf("fund %s + patient %s ≠ total %s", o.FundShare, o.PatientShare, c.TotalCost)
	}
	if !o.Patient.Total().Equal(o.PatientShare) {
		t.Errorf("breakdown %+v ≠ patient share %s", o.Patient, o.PatientShare)
	}
	if !o.HospitalPayment.Equal(o.PatientShare.Add(o.FundPayment)) {
		t.Errorf("hospital payment %s ≠ patient + fund payment", o.HospitalPayment)
	}
	if o.FundPaymentRule == FundPaysRemainder && !o.FundFloored && !o.HospitalPayment.Equal(o.DRGPayment.Add(o.CarvedOut)) {
		t.Errorf("hospital payment %s ≠ DRG payment %s + carved out %s", o.HospitalPayment, o.DRGPayment, o.CarvedOut)
	}
	if !o.BundleCost.Add(o.CarvedOut).Equal(c.TotalCost) {
		t.Errorf("bundle + carved ≠ total")
	}
	switch o.Class {
	case Normal:
		if o.Rule == RuleStandard && !o.DRGPayment.Equal(o.PaymentStandard) {
			t.Errorf("normal case paid %s, standard %s", o.DRGPayment, o.PaymentStandard)
		}
		if o.BundleCost.GreaterThan(o.HighMultiplier.Mul(o.RatioBase)) || o.BundleCost.LessThanOrEqual(o.LowMultiplier.Mul(o.RatioBase)) {
			t.Errorf("normal case outside its thresholds: %s", o.BundleCost)
		}
	case High:
		if !o.BundleCost.GreaterThan(o.HighMultiplier.Mul(o.RatioBase)) {
			t.Errorf("high case not above the threshold")
		}
		if o.Rule == Rule(HighByItem) && !o.DRGPayment.Equal(o.BundleCost) {
			t.Errorf("high case by item paid %s, cost %s", o.DRGPayment, o.BundleCost)
		}
	case Low:
		if o.DRGPayment.GreaterThan(o.PaymentStandard) || o.DRGPayment.GreaterThan(o.BundleCost) {
			t.Errorf("low case paid %s above cost or standard", o.DRGPayment)
		}
	default:
		t.Errorf("class %q", o.Class)
	}
}

// propertyVersions covers both methods, both fund-payment rules, every
// high rule and the band.
func propertyVersions() []*Version {
	demo := Demo("370600", 2023)
	band := demo.Spec()
	band.Outliers.Band = &LowBand{Upper: d("0.8"), Add: d("0.2")}
	band.Outliers.High, band.Outliers.ExcessShare = HighStandardPlusExcess, d("0.6")
	band.FundPayment = FundPaysProRata
	band.HospitalCoefficients = map[string]decimal.Decimal{"H1": d("1.2345")}
	point := demo.Spec()
	point.Method, point.BaseRates = PointMethod, nil
	point.PointsPerWeight = hundred
	point.PointValues = map[Fund]decimal.Decimal{Employee: d("98.7654"), Resident: d("87.6543")}
	point.Outliers = OutlierPolicy{Band: &LowBand{Upper: d("0.8"), Add: d("0.2")}, RatioPlaces: 2}
	dip := point
	dip.Outliers = OutlierPolicy{Tiers: []OutlierTier{{High: d("2"), Low: d("0.5")}}, High: HighRatioAdjusted}
	out := []*Version{demo}
	for _, s := range []Spec{band, point, dip} {
		v, err := NewDraft(s)
		if err != nil {
			panic(err)
		}
		out = append(out, v)
	}
	return out
}

// randomCase draws a case with up to five lines of random class, ratio and
// carve-out; the DRG comes from the version's weights.
func randomCase(r *rand.Rand, codes []string) CaseInput {
	c := CaseInput{
		DRG:        codes[r.IntN(len(codes))],
		Level:      Levels[r.IntN(len(Levels))],
		Fund:       Funds[r.IntN(len(Funds))],
		HospitalID: []string{"H1", "H2"}[r.IntN(2)],
		TotalCost:  zero,
	}
	for range r.IntN(6) {
		// Costs from a cent to ~¥300,000, skewed towards the thousands.
		cents := int64(1 + r.ExpFloat64()*float64(r.IntN(3_000_000)+1))
		l := FeeLine{Class: []FeeClass{ClassA, ClassB, ClassC}[r.IntN(3)], Amount: decimal.New(cents, -2)}
		if r.IntN(2) == 0 {
			l.SelfPayRatio = decimal.NewNullDecimal(decimal.New(int64(r.IntN(101)), -2))
		}
		l.CarveOut, l.NewItem = r.IntN(8) == 0, r.IntN(5) == 0
		c.Lines = append(c.Lines, l)
		c.TotalCost = c.TotalCost.Add(l.Amount)
	}
	if len(c.Lines) == 0 {
		c.TotalCost = decimal.New(r.Int64N(20_000_000), -2)
	}
	return c
}

func TestPricingInvariantsHoldForRandomCases(t *testing.T) {
	r := rand.New(rand.NewPCG(2025, 5))
	for _, v := range propertyVersions() {
		codes := sortedCodes(v)
		for range 3000 {
			c := randomCase(r, codes)
			o, err := Price(v, c)
			if err != nil {
				t.Fatalf("%+v: %v", c, err)
			}
			checkInvariants(t, c, o)
		}
	}
}

func sortedCodes(v *Version) []string {
	var codes []string
	for code := range v.spec.Weights {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	return codes
}

func FuzzPrice(f *testing.F) {
	f.Add(uint16(0), uint8(0), int64(1100000), int64(0), int64(0), uint8(10), false)
	f.Add(uint16(7), uint8(1), int64(500000), int64(500000), int64(100000), uint8(10), false)
	f.Add(uint16(300), uint8(5), int64(4000000), int64(2000000), int64(0), uint8(100), true)
	f.Add(uint16(648), uint8(2), int64(1), int64(0), int64(99999999), uint8(0), true)
	versions := propertyVersions()
	codes := sortedCodes(versions[0])
	f.Fuzz(func(t *testing.T, drg uint16, sel uint8, a, b, c int64, ratio uint8, carve bool) {
		v := versions[int(sel)%len(versions)]
		in := CaseInput{
			DRG:   codes[int(drg)%len(codes)],
			Level: Levels[int(sel/4)%len(Levels)],
			Fund:  Funds[int(sel/16)%len(Funds)],
		}
		for i, cents := range []int64{a, b, c} {
			if cents < 0 {
				cents = -cents
			}
			cents %= 100_000_000_00 // up to ¥100m a line
			l := FeeLine{Class: []FeeClass{ClassA, ClassB, ClassC}[i], Amount: decimal.New(cents, -2),
				SelfPayRatio: decimal.NewNullDecimal(decimal.New(int64(ratio%101), -2)), CarveOut: carve && i == 1}
			in.Lines = append(in.Lines, l)
			in.TotalCost = in.TotalCost.Add(l.Amount)
		}
		o, err := Price(v, in)
		if err != nil {
			t.Fatalf("%+v: %v", in, err)
		}
		checkInvariants(t, in, o)
	})
}
