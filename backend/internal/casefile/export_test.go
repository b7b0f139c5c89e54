package casefile

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"teyi/backend/internal/platform/authz"
)

func TestSafeCellNeutralisesFormulas(t *testing.T) {
	for in, want := range map[string]string{"=1+1": "'=1+1", "+SUM(A1)": "'+SUM(A1)", "-2": "'-2", "@cmd": "'@cmd",
		"\tx": "'\tx", "BA0001": "BA0001", "": ""} {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// A value from a settlement list that looks like a formula reaches the
// exported workbook as text, and the export holds the caller's cases only.
func TestExportEscapesFormulasAndStaysInScope(t *testing.T) {
	f := newFixture(t)
	c := testCase(700, "12000")
	c.MRN = "=HYPERLINK(\"http://x\")"
	f.importFile(t, f.hosp, writeCSV(t, []Case{c}), FormatCSV)
	other := testCase(701, "12000")
	other.HospitalCode = ""
	f.importFile(t, f.other, writeCSV(t, []Case{other}), FormatCSV)
	ctx := authz.WithPrincipal(f.system(), authz.Anonymous(), authz.Scope{Kind: authz.KindHospital, HospitalID: f.hosp.ID, RegionCode: f.hosp.Region})
	var buf bytes.Buffer
	n, err := f.svc.Export(ctx, ListFilter{}, &buf)
	if err != nil || n != 1 {
		t.Fatalf("export: %d rows, %v", n, err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("病例")
	if len(rows) != 2 {
		t.Fatalf("%d rows, want a header and the hospital's one case", len(rows))
	}
	if got := rows[1][4]; got != "'"+c.MRN {
		t.Errorf("medical-record number exported as %q, want it escaped", got)
	}
	if rows[1][1] != c.SettlementID {
		t.Errorf("exported settlement %q", rows[1][1])
	}
}
