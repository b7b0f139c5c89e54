package synth_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/casefile"
	"teyi/backend/internal/casefile/synth"
)

// The import's hand-written detail JSON decodes to the same Detail as
// encoding/json's, over generated cases and awkward strings.
func TestDetailJSONRoundTrips(t *testing.T) {
	g, err := synth.New(synth.Options{Seed: 3, Hospitals: []synth.Hospital{{Code: "H37010200001", Level: 3, Region: "370100"}}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3000 {
		var c casefile.Case
		g.Next(&c)
		c.Patient.Name, c.Patient.IDNumber = "", ""
		if i%7 == 0 {
			c.Diagnoses[0].Name = "引号\"反斜杠\\制表\t换行\n<&>\x01"
			c.TransferDepts = []string{"A01", "B02"}
			c.Readmit31 = true
			c.ICU = []casefile.ICUStay{{Type: "1", In: c.AdmittedAt, Out: c.AdmittedAt.Add(50 * time.Hour)}}
			if len(c.Items) > 0 {
				c.Items[0].SelfPayRatio = decimal.NewNullDecimal(decimal.RequireFromString("0.1"))
				c.Items[0].NewItem = true
			}
		}
		d := casefile.Detail{Case: c, GroupReason: "r", Comorbidity: "cc", PlanDigest: "abc", Engine: "e",
			Findings: []casefile.Finding{{Rule: "x", Severity: "warning", Field: "f", Message: "消息\"q"}}}
		if i%5 == 0 {
			d.Findings = nil
			d.PricingError = "no version"
		}
		fast := casefile.AppendDetailForTest(nil, &d)
		if !json.Valid(fast) {
			t.Fatalf("case %d: invalid JSON %s", i, fast)
		}
		got, err := casefile.DecodeDetail(fast)
		if err != nil {
			t.Fatal(err)
		}
		ref, _ := json.Marshal(&d)
		want, err := casefile.DecodeDetail(ref)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(normal(got), normal(want)) {
			t.Fatalf("case %d differs:\nfast %s\nref  %s", i, fast, ref)
		}
	}
}

// normal makes decimals and times comparable by value.
func normal(d casefile.Detail) string {
	b, _ := json.Marshal(d)
	return string(b)
}

func TestAppendDecimal(t *testing.T) {
	for _, s := range []string{"0", "0.00", "12.50", "1234.56", "-0.5", "100", "0.0001", "99999999999.99", "1e3", "123456789012345678901234567890.12"} {
		d := decimal.RequireFromString(s)
		got := string(casefile.AppendDecimal(nil, d))
		back, err := decimal.NewFromString(got)
		if err != nil || !back.Equal(d) {
			t.Errorf("%s → %s", s, got)
		}
	}
}
