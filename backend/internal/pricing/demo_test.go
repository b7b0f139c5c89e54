package pricing

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestDemoPricesEveryYantaiGroupAtEveryLevelAndFund(t *testing.T) {
	v := Demo("370600", 2024)
	if v.Status() != Active || v.Region() != "370600" || v.Year() != 2024 || v.ID() != "demo-370600-2024" {
		t.Fatalf("demo version %+v", v.Ref())
	}
	if v.EffectiveFrom() != MustDate("2024-01-01") || v.EffectiveTo() != MustDate("2024-12-31") {
		t.Errorf("effective %s to %s", v.EffectiveFrom(), v.EffectiveTo())
	}
	codes := sortedCodes(v)
	if len(codes) != 649 {
		t.Fatalf("%d weights, want 649", len(codes))
	}
	for _, code := range codes {
		for _, l := range Levels {
			for _, f := range Funds {
				c := CaseInput{DRG: code, Level: l, Fund: f, TotalCost: d("12345.67"), Lines: []FeeLine{line(ClassA, "10000"), line(ClassB, "2000"), line(ClassC, "345.67")}}
				o, err := Price(v, c)
				if err != nil {
					t.Fatalf("%s %s %s: %v", code, l, f, err)
				}
				checkInvariants(t, c, o)
			}
		}
	}
}

func TestDemoTertiaryEmployeeParametersAreThoseOfTheWorkedExample(t *testing.T) {
	// ES35 (RW 0.3754): 0.3754 × 10,000 × 1.05 = 3,941.70.
	o := mustPrice(t, Demo("370600", 2024), CaseInput{DRG: "ES35", Level: Tertiary, Fund: Employee, TotalCost: d("11000"), Lines: section25Lines()})
	wantMoney(t, "standard", o.PaymentStandard, "3941.70")
	if o.Class != Normal { // 11,000 < 3 × 3,941.70
		t.Errorf("class %s", o.Class)
	}
	wantMoney(t, "patient share (§2.5)", o.PatientShare, "3605")
	wantMoney(t, "fund payment", o.FundPayment, "336.70") // 3,941.70 − 3,605
}

func TestOutcomeJSONCarriesMoneyAsStrings(t *testing.T) {
	o := mustPrice(t, mustDraft(t, exampleSpec()), tertiaryCase("11000", section25Lines()...))
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	for _, frag := range []string{`"payment_standard":"12600"`, `"fund_payment":"8995"`, `"cost_ratio":"0.873"`, `"class":"normal"`, `"deductible":"800"`, `"version":{"id":"ex-1","region":"330100","year":2025,"number":1,"status":"draft"}`} {
		if !bytes.Contains(b, []byte(frag)) {
			t.Errorf("JSON lacks %s:\n%s", frag, b)
		}
	}
	var back Outcome
	if err := json.Unmarshal(b, &back); err != nil || !back.FundShare.Equal(o.FundShare) {
		t.Errorf("round trip: %v %s", err, back.FundShare)
	}
}
