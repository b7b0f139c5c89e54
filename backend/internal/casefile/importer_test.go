package casefile

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestImportCommitsGroupsPricesAndKeepsVersions(t *testing.T) {
	f := newFixture(t)
	cases := []Case{testCase(1, "11000"), testCase(2, "60000"), testCase(3, "2000")}
	path := writeCSV(t, cases)
	im, out := f.importFile(t, f.hosp, path, FormatCSV)
	if im.Status != "committed" || out.Rows != 3 || im.CasesNew != 3 || im.CasesReplaced != 0 {
		t.Fatalf("import = %+v, outcome %+v", im, out)
	}
	var rows []struct {
		SettlementID, DRG, PriceClass, GroupStatus, NameMask, IdnoMask string
		Version                                                        int
		Current                                                        bool
		NameEnc                                                        []byte
	}
	if err := f.db.Conn(context.Background()).Raw(`SELECT settlement_id, drg, price_class, group_status, name_mask, idno_mask,
		version, current, name_enc FROM cases ORDER BY settlement_id`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	for _, r := range rows {
		if r.GroupStatus != "grouped" || !strings.HasPrefix(r.DRG, "ER2") {
			t.Errorf("%s grouped %s %s, want ER2x", r.SettlementID, r.GroupStatus, r.DRG)
		}
		if r.NameMask != "王**" || !strings.HasPrefix(r.IdnoMask, "3701") || strings.Contains(r.IdnoMask, "1960") {
			t.Errorf("masks %q %q", r.NameMask, r.IdnoMask)
		}
		if name, err := f.sealer.Open(r.NameEnc, "cases.name"); err != nil || name != "王小明" {
			t.Errorf("name does not decrypt: %q %v", name, err)
		}
		if strings.Contains(string(r.NameEnc), "王") {
			t.Error("name stored in clear")
		}
	}
	if rows[1].PriceClass != "high" || rows[0].PriceClass != "normal" || rows[2].PriceClass != "low" {
		t.Errorf("classes %s %s %s, want normal high low", rows[0].PriceClass, rows[1].PriceClass, rows[2].PriceClass)
	}

	// The binary COPY stores the values as given; the detail is JSON.
	var stored []struct {
		SettlementID, HospitalID, TotalCost, Month string
		AdmittedAt, DischargedAt                   time.Time
		Detail                                     []byte
	}
	if err := f.db.Conn(context.Background()).Raw(`SELECT settlement_id, hospital_id::text AS hospital_id,
		total_cost::text AS total_cost, discharge_month::text AS month, admitted_at, discharged_at, detail
		FROM cases ORDER BY settlement_id`).Scan(&stored).Error; err != nil {
		t.Fatal(err)
	}
	if len(stored) != len(cases) {
		t.Fatalf("%d stored rows", len(stored))
	}
	for i, r := range stored {
		c := cases[i]
		out := c.DischargedAt.In(beijing)
		if r.SettlementID != c.SettlementID || r.HospitalID != f.hosp.ID || r.TotalCost != c.TotalCost.StringFixed(2) ||
			r.Month != out.Format("2006-01")+"-01" || !r.AdmittedAt.Equal(c.AdmittedAt) || !r.DischargedAt.Equal(c.DischargedAt) {
			t.Errorf("stored %+v, case %s %s %s %s", r, c.SettlementID, c.TotalCost, c.AdmittedAt, c.DischargedAt)
		}
		d, err := DecodeDetail(r.Detail)
		if err != nil || d.Case.SettlementID != c.SettlementID || d.Case.Patient.Name != "" || d.Case.Patient.IDNumber != "" ||
			len(d.Case.Diagnoses) != len(c.Diagnoses) || !d.Case.TotalCost.Equal(c.TotalCost) {
			t.Errorf("detail of %s: %v %+v", c.SettlementID, err, d.Case)
		}
	}

	// Re-importing replaces: version 2 is current, version 1 is kept.
	im2, _ := f.importFile(t, f.hosp, path, FormatCSV)
	if im2.Status != "committed" || im2.CasesReplaced != 3 || im2.CasesNew != 0 {
		t.Fatalf("re-import = %+v", im2)
	}
	if n := f.count(t, `current AND version = 2`); n != 3 {
		t.Errorf("%d current version-2 rows, want 3", n)
	}
	if n := f.count(t, `NOT current AND version = 1`); n != 3 {
		t.Errorf("%d kept version-1 rows, want 3", n)
	}
	// A stored version cannot be rewritten.
	err := f.db.Conn(context.Background()).Exec(`UPDATE cases SET drg = 'XX99' WHERE version = 1`).Error
	if err == nil || !strings.Contains(err.Error(), "immutable") {
		t.Errorf("rewriting a version: %v", err)
	}
}

// A patient's second stay within 31 days is flagged; when the first list
// announced it (dscg_31days_rinp_flag), the finding says so.
func TestReadmissionWithin31DaysAcrossImports(t *testing.T) {
	f := newFixture(t)
	first := testCase(800, "12000")
	first.Readmit31 = true // planned
	second := testCase(801, "12000")
	second.Patient.IDNumber = first.Patient.IDNumber
	second.AdmittedAt = first.DischargedAt.Add(10 * 24 * time.Hour)
	second.DischargedAt = second.AdmittedAt.Add(7 * 24 * time.Hour)
	second.Procedures[0].Date = second.AdmittedAt.Add(time.Hour)
	third := testCase(802, "12000") // the same patient again, unannounced, within 31 days of the second
	third.Patient.IDNumber = first.Patient.IDNumber
	third.AdmittedAt = second.DischargedAt.Add(5 * 24 * time.Hour)
	third.DischargedAt = third.AdmittedAt.Add(7 * 24 * time.Hour)
	third.Procedures[0].Date = third.AdmittedAt.Add(time.Hour)
	// The first stay arrives in one file, the others in a later one.
	f.importFile(t, f.hosp, writeCSV(t, []Case{first}), FormatCSV)
	im, out := f.importFile(t, f.hosp, writeCSV(t, []Case{third, second}), FormatCSV)
	if im.Status != "committed" {
		t.Fatalf("%s %+v", im.Status, out.Report)
	}
	var rows []struct {
		SettlementID string
		Readmit31    bool
		Detail       []byte
	}
	f.db.Conn(f.system()).Raw(`SELECT settlement_id, readmit31, detail FROM cases WHERE import_id = ? ORDER BY settlement_id`, im.ID).Scan(&rows)
	if len(rows) != 2 || !rows[0].Readmit31 || !rows[1].Readmit31 {
		t.Fatalf("readmission flags %+v", rows)
	}
	severity := func(raw []byte) Severity {
		d, err := DecodeDetail(raw)
		if err != nil {
			t.Fatal(err)
		}
		for _, fd := range d.Findings {
			if fd.Rule == RuleReadmit31 {
				return fd.Severity
			}
		}
		return ""
	}
	if s := severity(rows[0].Detail); s != SeverityInfo { // the second stay, announced by the first
		t.Errorf("announced readmission: %q, want info", s)
	}
	if s := severity(rows[1].Detail); s != SeverityWarning { // the third, unannounced
		t.Errorf("unannounced readmission: %q, want warning", s)
	}
}
