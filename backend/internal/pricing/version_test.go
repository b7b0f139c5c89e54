package pricing

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/shopspring/decimal"
)

func TestExampleSpecIsValidAndStartsAsADraft(t *testing.T) {
	v := mustDraft(t, exampleSpec())
	if v.Status() != Draft || v.ActivatedBy() != "" || !v.ActivatedAt().IsZero() {
		t.Errorf("new version: status %s by %q at %v", v.Status(), v.ActivatedBy(), v.ActivatedAt())
	}
	if got := v.Levels(); !reflect.DeepEqual(got, []Level{Tertiary, Secondary}) {
		t.Errorf("levels %v", got)
	}
}

func TestValidationNamesTheFieldAtFault(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*Spec)
		field string
		err   error
	}{
		{"negative weight", func(s *Spec) { s.Weights["FM19"] = d("-1.2") }, "weights.FM19", ErrNegativeWeight},
		{"zero weight", func(s *Spec) { s.Weights["FM19"] = zero }, "weights.FM19", ErrZeroWeight},
		{"weight with 5 places", func(s *Spec) { s.Weights["FM19"] = d("1.23456") }, "weights.FM19", ErrWeightPrecision},
		{"bad DRG code", func(s *Spec) { s.Weights["fm-19"] = one }, "weights.fm-19", ErrBadDRGCode},
		{"no weights", func(s *Spec) { s.Weights = nil }, "weights", ErrNoWeights},
		{"missing resident base rate", func(s *Spec) { delete(s.BaseRates, Resident) }, "base_rates.resident", ErrMissingFund},
		{"zero base rate", func(s *Spec) { s.BaseRates[Employee] = zero }, "base_rates.employee", ErrNotPositive},
		{"base rate in fractions of a cent", func(s *Spec) { s.BaseRates[Employee] = d("10000.001") }, "base_rates.employee", ErrPrecision},
		{"unknown fund", func(s *Spec) { s.BaseRates["farmer"] = one }, "base_rates.farmer", ErrUnknownFund},
		{"missing region", func(s *Spec) { s.Region = " " }, "region", ErrMissingRegion},
		{"bad year", func(s *Spec) { s.Year = 25 }, "year", ErrBadYear},
		{"version number 0", func(s *Spec) { s.Number = 0 }, "number", ErrBadNumber},
		{"no effective-from", func(s *Spec) { s.EffectiveFrom = Date{} }, "effective_from", ErrMissingEffectiveFrom},
		{"effective-to before from", func(s *Spec) { s.EffectiveTo = MustDate("2024-12-31") }, "effective_to", ErrEffectiveRange},
		{"unknown method", func(s *Spec) { s.Method = "fee" }, "method", ErrUnknownMethod},
		{"negative coefficient", func(s *Spec) { s.LevelCoefficients[Tertiary] = d("-1") }, "level_coefficients.tertiary", ErrNotPositive},
		{"unknown level", func(s *Spec) { s.LevelCoefficients["quaternary"] = one }, "level_coefficients.quaternary", ErrUnknownLevel},
		{"no levels", func(s *Spec) { s.LevelCoefficients = nil }, "level_coefficients", ErrNoLevels},
		{"hospital coefficient zero", func(s *Spec) { s.HospitalCoefficients = map[string]decimal.Decimal{"H9": zero} }, "hospital_coefficients.H9", ErrNotPositive},
		{"low multiplier not below 1", func(s *Spec) {
			s.Outliers.Tiers = []OutlierTier{{High: d("3"), Low: d("1")}}
		}, "outliers.tiers[0].low", ErrThresholdOrder},
		{"high multiplier not above 1", func(s *Spec) {
			s.Outliers.Tiers = []OutlierTier{{High: d("1"), Low: d("0.4")}}
		}, "outliers.tiers[0].high", ErrThresholdOrder},
		{"weight bands descending", func(s *Spec) {
			s.Outliers.Tiers = []OutlierTier{
				{UpToWeight: d("2"), High: d("3"), Low: d("0.4")},
				{UpToWeight: d("1"), High: d("2"), Low: d("0.4")},
				{High: d("1.5"), Low: d("0.4")},
			}
		}, "outliers.tiers[1].up_to_weight", ErrThresholdOrder},
		{"a tier after the open-ended one", func(s *Spec) {
			s.Outliers.Tiers = []OutlierTier{{High: d("3"), Low: d("0.4")}, {UpToWeight: d("2"), High: d("2"), Low: d("0.4")}}
		}, "outliers.tiers[1].up_to_weight", ErrThresholdOrder},
		{"bands not closed", func(s *Spec) {
			s.Outliers.Tiers = []OutlierTier{{UpToWeight: d("2"), High: d("3"), Low: d("0.4")}}
		}, "outliers.tiers", ErrLevelNotCovered},
		{"level without a tier", func(s *Spec) {
			s.Outliers.Tiers = []OutlierTier{{Level: Tertiary, High: d("3"), Low: d("0.4")}}
		}, "outliers.tiers", ErrLevelNotCovered},
		{"band upper not above low", func(s *Spec) {
			s.Outliers.Band = &LowBand{Upper: d("0.4"), Add: d("0.2")}
		}, "outliers.band.upper", ErrThresholdOrder},
		{"band upper above 1", func(s *Spec) {
			s.Outliers.Band = &LowBand{Upper: d("1.2"), Add: d("0.2")}
		}, "outliers.band.upper", ErrThresholdOrder},
		{"standard-plus-excess without a share", func(s *Spec) { s.Outliers.High = HighStandardPlusExcess }, "outliers.excess_share", ErrRatioRange},
		{"unknown high rule", func(s *Spec) { s.Outliers.High = "negotiate" }, "outliers.high", ErrUnknownRule},
		{"unknown fund-payment rule", func(s *Spec) { s.FundPayment = "half" }, "fund_payment", ErrUnknownRule},
		{"missing deductible", func(s *Spec) { delete(s.PatientShare.Deductibles, Secondary) }, "patient_share.deductibles.secondary", ErrMissingLevel},
		{"negative deductible", func(s *Spec) { s.PatientShare.Deductibles[Tertiary] = d("-800") }, "patient_share.deductibles.tertiary", ErrNegative},
		{"missing fund ratio", func(s *Spec) { delete(s.PatientShare.FundRatios[Tertiary], Resident) }, "patient_share.fund_ratios.tertiary.resident", ErrMissingFund},
		{"fund ratio above 1", func(s *Spec) { s.PatientShare.FundRatios[Tertiary][Employee] = d("1.05") }, "patient_share.fund_ratios.tertiary.employee", ErrRatioRange},
		{"乙类 ratio negative", func(s *Spec) { s.PatientShare.ClassBSelfPay = d("-0.1") }, "patient_share.class_b_self_pay", ErrRatioRange},
		{"standard for an unknown DRG", func(s *Spec) {
			s.Standards = []Standard{{DRG: "ZZ99", Level: Tertiary, Fund: Employee, Amount: d("1")}}
		}, "standards[0].drg", ErrStandardWithoutDRG},
		{"duplicate standard", func(s *Spec) {
			s.Standards = []Standard{{DRG: "FM19", Level: Tertiary, Amount: d("1")}, {DRG: "FM19", Level: Tertiary, Amount: d("2")}}
		}, "standards[1]", ErrDuplicate},
		{"standard of zero", func(s *Spec) {
			s.Standards = []Standard{{DRG: "FM19", Amount: zero}}
		}, "standards[0].amount", ErrNotPositive},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := exampleSpec()
			tc.edit(&s)
			_, err := NewDraft(s)
			if !errors.Is(err, ErrInvalidVersion) || !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if f, _ := fieldOf(err, tc.err); f != tc.field {
				t.Errorf("field = %q, want %q (%v)", f, tc.field, err)
			}
		})
	}
}

func TestPointMethodNeedsPointValuesForBothFundsAndNoYuanStandards(t *testing.T) {
	s := pointSpec()
	delete(s.PointValues, Resident)
	s.PointsPerWeight = zero
	s.Standards = []Standard{{DRG: "FM19", Amount: d("12600")}}
	_, err := NewDraft(s)
	for field, want := range map[string]error{
		"point_values.resident": ErrMissingFund,
		"points_per_weight":     ErrNotPositive,
		"standards":             ErrStandardsNeedRate,
	} {
		if f, ok := fieldOf(err, want); !ok || f != field {
			t.Errorf("want %s at %s, got %q in %v", want, field, f, err)
		}
	}
}

func TestValidationReportsEveryProblemAtOnce(t *testing.T) {
	s := exampleSpec()
	s.Region = ""
	s.Weights["FM19"] = d("-1")
	delete(s.BaseRates, Employee)
	_, err := NewDraft(s)
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 3 {
		t.Fatalf("want 3 field errors, got %v", err)
	}
	want := "pricing: invalid version: region: region is required; weights.FM19: weight is negative: -1; base_rates.employee: a value is required for each fund (employee and resident)"
	if err.Error() != want {
		t.Errorf("message\n%s\nwant\n%s", err, want)
	}
}

func TestVersionIsImmutable(t *testing.T) {
	s := exampleSpec()
	v := mustDraft(t, s)
	s.Weights["FM19"] = d("9")
	s.PatientShare.FundRatios[Tertiary][Employee] = d("0.1")
	got := v.Spec()
	got.Weights["FM19"] = d("7")
	got.PatientShare.Deductibles[Tertiary] = d("1")
	got.Outliers.Tiers[0].High = d("9")
	if w, _ := v.Weight("FM19"); !w.Equal(d("1.2")) {
		t.Errorf("weight changed to %s through a map the caller kept", w)
	}
	o := mustPrice(t, v, tertiaryCase("11000", section25Lines()...))
	wantMoney(t, "fund share", o.FundShare, "7395")
	wantMoney(t, "high multiplier", o.HighMultiplier, "3")
	wantMoney(t, "deductible", o.Patient.Deductible, "800")
}

func TestDefaultsAreRecordedInTheSpec(t *testing.T) {
	got := mustDraft(t, exampleSpec()).Spec()
	if got.FundPayment != FundPaysRemainder || got.Outliers.High != HighByItem || got.Outliers.Low != LowByItem ||
		got.Outliers.RatioBase != HospitalStandard || len(got.Outliers.Tiers) != 2 {
		t.Errorf("defaults not recorded: %+v / %s", got.Outliers, got.FundPayment)
	}
}

func TestSpecRoundTripsThroughJSON(t *testing.T) {
	s := exampleSpec()
	s.Outliers.Band = &LowBand{Upper: d("0.8"), Add: d("0.2")}
	s.HospitalCoefficients = map[string]decimal.Decimal{"H001": d("1.1")}
	s.Standards = []Standard{{DRG: "AB19", Level: Tertiary, Fund: Employee, Amount: d("83063.30")}}
	v := mustDraft(t, s)
	b, err := json.Marshal(v.Spec())
	if err != nil {
		t.Fatal(err)
	}
	var back Spec
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	w := mustDraft(t, back)
	b2, _ := json.Marshal(w.Spec())
	if string(b) != string(b2) {
		t.Errorf("round trip changed the spec:\n%s\n%s", b, b2)
	}
	var raw map[string]any
	_ = json.Unmarshal(b, &raw)
	if _, ok := raw["base_rates"].(map[string]any)["employee"].(string); !ok {
		t.Errorf("money is not a JSON string: %s", b)
	}
}

func TestRestoreNeedsTheActivationRecordOfAnActiveVersion(t *testing.T) {
	if _, err := Restore(exampleSpec(), Active, beijing("2025-01-01 09:00"), ""); !errors.Is(err, ErrNoActor) {
		t.Errorf("err = %v, want ErrNoActor", err)
	}
	v, err := Restore(exampleSpec(), Active, beijing("2025-01-01 09:00"), "admin")
	if err != nil || v.Status() != Active {
		t.Fatalf("restore: %v %v", v, err)
	}
	if _, err := Restore(exampleSpec(), "retired", beijing("2025-01-01 09:00"), "admin"); !errors.Is(err, ErrInvalidVersion) {
		t.Errorf("unknown status: %v", err)
	}
}
