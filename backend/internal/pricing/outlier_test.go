package pricing

import (
	"testing"
)

func classOf(t *testing.T, v *Version, c CaseInput) Class {
	t.Helper()
	return mustPrice(t, v, c).Class
}

func TestTertiaryHighOutlierIsStrictlyAboveThreeTimes(t *testing.T) {
	v := mustDraft(t, exampleSpec()) // standard 12,600
	for cost, want := range map[string]Class{
		"37799.99": Normal,
		"37800":    Normal, // exactly 3×: not "> 3×"
		"37800.01": High,   // one cent above
	} {
		if got := classOf(t, v, tertiaryCase(cost)); got != want {
			t.Errorf("cost %s: class %s, want %s", cost, got, want)
		}
	}
}

func TestLowOutlierIsAtOrBelowPointFourTimes(t *testing.T) {
	v := mustDraft(t, exampleSpec())
	for cost, want := range map[string]Class{
		"5039.99": Low,
		"5040":    Low, // exactly 0.4×: "≤ 0.4×"
		"5040.01": Normal,
		"0":       Low,
	} {
		if got := classOf(t, v, tertiaryCase(cost)); got != want {
			t.Errorf("cost %s: class %s, want %s", cost, got, want)
		}
	}
}

func TestSecondaryHospitalsUseTheTwoTimesThreshold(t *testing.T) {
	v := mustDraft(t, exampleSpec())
	secondary := func(cost string) CaseInput {
		c := tertiaryCase(cost)
		c.Level = Secondary
		return c
	}
	// Secondary coefficient 1.00: standard 12,000, threshold 24,000.
	o := mustPrice(t, v, secondary("24000"))
	wantMoney(t, "secondary standard", o.PaymentStandard, "12000")
	wantMoney(t, "high multiplier", o.HighMultiplier, "2")
	if o.Class != Normal {
		t.Errorf("24,000 at a secondary hospital: %s, want normal", o.Class)
	}
	if got := classOf(t, v, secondary("24000.01")); got != High {
		t.Errorf("24,000.01 at a secondary hospital: %s, want high", got)
	}
	// The same 30,000 is normal at a tertiary hospital (threshold 37,800).
	if got := classOf(t, v, tertiaryCase("30000")); got != Normal {
		t.Errorf("30,000 at a tertiary hospital: %s, want normal", got)
	}
}

func TestPrimaryHospitalsShareTheSecondaryThresholdByDefault(t *testing.T) {
	tiers := DefaultTiers()
	if len(tiers) != 2 || tiers[0].Level != Tertiary || tiers[1].Level != "" {
		t.Fatalf("default tiers %+v", tiers)
	}
	s := exampleSpec()
	s.LevelCoefficients[Primary] = d("0.9")
	s.PatientShare.Deductibles[Primary] = d("300")
	s.PatientShare.FundRatios[Primary] = s.PatientShare.FundRatios[Secondary]
	c := tertiaryCase("21600.01") // primary standard 10,800; 2× = 21,600
	c.Level = Primary
	o := mustPrice(t, mustDraft(t, s), c)
	if o.Class != High || !o.HighMultiplier.Equal(d("2")) {
		t.Errorf("primary: class %s at %s×, want high at 2×", o.Class, o.HighMultiplier)
	}
}

func TestThresholdsAreTieredByWeightBand(t *testing.T) {
	// Zhejiang-style (domain.md §2.2, inferred): RW ≤ 1 → 3×, 1 < RW ≤ 2 → 2×, above → 1.5×.
	s := exampleSpec()
	s.Weights["LOW1"], s.Weights["MID1"], s.Weights["TOP1"] = d("1.0000"), d("2"), d("2.0001")
	s.Outliers.Tiers = []OutlierTier{
		{UpToWeight: d("1"), High: d("3"), Low: d("0.4")},
		{UpToWeight: d("2"), High: d("2"), Low: d("0.3")},
		{High: d("1.5"), Low: d("0.2")},
	}
	v := mustDraft(t, s)
	for drg, want := range map[string]string{"ES35": "3", "LOW1": "3", "FM19": "2", "MID1": "2", "TOP1": "1.5"} {
		c := tertiaryCase("1000")
		c.DRG = drg
		if o := mustPrice(t, v, c); !o.HighMultiplier.Equal(d(want)) {
			t.Errorf("%s (RW %s): high multiplier %s, want %s", drg, o.Weight, o.HighMultiplier, want)
		}
	}
}

func TestALevelWithItsOwnTiersIgnoresTheWildcardTiers(t *testing.T) {
	s := exampleSpec()
	s.Outliers.Tiers = []OutlierTier{
		{Level: Secondary, UpToWeight: d("1"), High: d("2.5"), Low: d("0.5")},
		{Level: Secondary, High: d("1.8"), Low: d("0.5")},
		{High: d("4"), Low: d("0.1")},
	}
	v := mustDraft(t, s)
	c := tertiaryCase("1000")
	c.Level = Secondary
	if o := mustPrice(t, v, c); !o.HighMultiplier.Equal(d("1.8")) || !o.LowMultiplier.Equal(d("0.5")) {
		t.Errorf("secondary RW 1.2: %s / %s, want 1.8 / 0.5", o.HighMultiplier, o.LowMultiplier)
	}
	if o := mustPrice(t, v, tertiaryCase("1000")); !o.HighMultiplier.Equal(d("4")) {
		t.Errorf("tertiary falls back to the wildcard tier: %s, want 4", o.HighMultiplier)
	}
}

func TestBandEndsAtItsUpperBoundInclusive(t *testing.T) {
	s := exampleSpec()
	s.Outliers.Band = &LowBand{Upper: d("0.8"), Add: d("0.2")}
	v := mustDraft(t, s)
	o := mustPrice(t, v, tertiaryCase("10080")) // exactly 0.8 × 12,600
	if o.Rule != RuleBand {
		t.Errorf("at 0.8×: rule %s, want band", o.Rule)
	}
	wantMoney(t, "at 0.8×", o.DRGPayment, "12600") // (0.8 + 0.2) × 12,600
	if o := mustPrice(t, v, tertiaryCase("10080.01")); o.Rule != RuleStandard {
		t.Errorf("above 0.8×: rule %s, want standard", o.Rule)
	}
	if o := mustPrice(t, v, tertiaryCase("5040")); o.Rule != Rule(LowByItem) {
		t.Errorf("at 0.4×: rule %s, want the low rule", o.Rule)
	}
}

func TestLowOutlierByItemIsCappedAtTheStandard(t *testing.T) {
	// Only reachable when the region's low multiplier leaves room above the
	// standard: with a coefficient below 1 and the group standard as base.
	s := exampleSpec()
	s.LevelCoefficients[Secondary] = d("0.5") // standard 6,000; group standard 12,000
	s.Outliers = OutlierPolicy{Tiers: []OutlierTier{{High: d("3"), Low: d("0.9")}}, RatioBase: GroupStandard}
	c := tertiaryCase("10000")
	c.Level = Secondary
	o := mustPrice(t, mustDraft(t, s), c)
	if o.Class != Low {
		t.Fatalf("class %s", o.Class)
	}
	wantMoney(t, "capped", o.DRGPayment, "6000")
}

func TestRatioBaseDefaultsByMethod(t *testing.T) {
	if got := DefaultOutlierPolicy(RateMethod); got.RatioBase != HospitalStandard || got.High != HighByItem || got.Low != LowByItem {
		t.Errorf("rate defaults %+v", got)
	}
	if got := DefaultOutlierPolicy(PointMethod); got.RatioBase != GroupStandard || got.High != HighStandardPlusExcess || !got.ExcessShare.Equal(one) {
		t.Errorf("point defaults %+v", got)
	}
}

func TestClassificationComparesMoneyNotTheRoundedRatio(t *testing.T) {
	// 37,800.01 / 12,600 = 3.0000008 rounds to a displayed 3.0000 but is high.
	o := mustPrice(t, mustDraft(t, exampleSpec()), tertiaryCase("37800.01"))
	if o.Class != High || !o.CostRatio.Equal(d("3")) {
		t.Errorf("class %s ratio %s, want high with displayed ratio 3.0000", o.Class, o.CostRatio)
	}
}
