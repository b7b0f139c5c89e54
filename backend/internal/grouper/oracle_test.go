package grouper

import (
	"testing"
)

// The reference (OpenDRG, CHS-DRG 1.1, typed input) grouped 10,000 synthetic
// cases; two independent ports agree on all of them. We must too, on
// status, MDC, ADRG and DRG together.
func TestAgreesWithReferenceOnAll10000SyntheticCases(t *testing.T) {
	p := shipped(t)
	rows := oracle10k(t)
	if len(rows) != 10000 {
		t.Fatalf("oracle has %d cases, want 10000", len(rows))
	}
	var r Result
	bad := 0
	for i := range rows {
		p.GroupInto(&rows[i].c, &r)
		if got := referenceView(&r); got != rows[i].exp {
			bad++
			if bad <= 10 {
				t.Errorf("%s: got %v, reference %v (dx %v px %v; trace %+v)", rows[i].c.ID, got, rows[i].exp, rows[i].c.Diagnoses, rows[i].c.Procedures, r.Trace)
			}
		}
	}
	if bad > 0 {
		t.Fatalf("%d of %d cases disagree with the reference", bad, len(rows))
	}
}

// 24 of the 30 real cases carry the DRG the hospital reported; the
// reference reproduces all 24, and so must we. All 30 must match the
// reference's own output.
func TestAgreesWithHospitalReportedDRGs(t *testing.T) {
	p := shipped(t)
	rows := readCases(t, "testdata/opendrg_input_30.csv", "ICD10_DRGS", "ICD9_DRGS",
		[4]string{"oracle_status", "oracle_mdc", "oracle_adrg", "oracle_drg"})
	reported := readCases(t, "testdata/opendrg_input_30.csv", "ICD10_DRGS", "ICD9_DRGS", [4]string{"", "", "", "drg"})
	var r Result
	hospital := 0
	for i := range rows {
		p.GroupInto(&rows[i].c, &r)
		if got := referenceView(&r); got != rows[i].exp {
			t.Errorf("%s: got %v, reference %v", rows[i].c.ID, got, rows[i].exp)
		}
		if want := reported[i].exp[3]; want != "" {
			hospital++
			if r.DRG != want {
				t.Errorf("%s: got %s, hospital reported %s", rows[i].c.ID, r.DRG, want)
			}
		}
	}
	if hospital != 24 {
		t.Fatalf("%d hospital-reported DRGs, want 24", hospital)
	}
}
