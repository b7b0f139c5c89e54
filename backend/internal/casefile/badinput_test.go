package casefile

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func csvBytes(t *testing.T, rows [][]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for _, r := range rows {
		w.Write(r) //nolint:errcheck
	}
	w.Flush()
	return buf.Bytes()
}

func goodRows(n int) [][]string {
	rows := [][]string{HeaderRow()}
	for i := range n {
		c := testCase(100+i, "12000")
		r := ToRecord(&c)
		rows = append(rows, r[:])
	}
	return rows
}

// Each malformed file is rejected with a row-level report naming the line
// and the field, and commits nothing: not even its good rows.
func TestMalformedFilesCommitNothing(t *testing.T) {
	f := newFixture(t)
	idx := func(c Column) int { return int(c) }
	type want struct {
		line  int
		field string
		in    string // a substring of the reason
	}
	cases := []struct {
		name string
		file func() []byte
		want want
	}{
		{"bare quote", func() []byte {
			b := csvBytes(t, goodRows(3))
			lines := strings.Split(string(b), "\n")
			lines[2] = strings.Replace(lines[2], "S00000101", `S0000"0101`, 1)
			return []byte(strings.Join(lines, "\n"))
		}, want{3, "", "quote"}},
		{"unclosed quote", func() []byte {
			b := csvBytes(t, goodRows(3))
			lines := strings.Split(string(b), "\n")
			lines[3] = strings.Replace(lines[3], "S00000102", `"S00000102`, 1)
			return []byte(strings.Join(lines, "\n"))
		}, want{4, "", "not closed"}},
		{"NUL byte", func() []byte {
			rows := goodRows(3)
			rows[2][idx(ColMRN)] = "BA\x00123"
			return csvBytes(t, rows)
		}, want{3, "medcasno", "NUL"}},
		{"duplicate settlement id", func() []byte {
			rows := goodRows(3)
			rows[3][idx(ColSettlementID)] = rows[1][idx(ColSettlementID)]
			return csvBytes(t, rows)
		}, want{4, "setl_id", "duplicates the settlement id of line 2"}},
		{"wrong types", func() []byte {
			rows := goodRows(3)
			rows[2][idx(ColSex)] = "男"
			rows[2][idx(ColTotalCost)] = "12,000"
			rows[3][idx(ColDischargedAt)] = "2026/13/45"
			return csvBytes(t, rows)
		}, want{3, "gend", "whole number"}},
		{"too many decimals", func() []byte {
			rows := goodRows(2)
			rows[1][idx(ColTotalCost)] = "12000.001"
			return csvBytes(t, rows)
		}, want{2, "medfee_sumamt", "two decimals"}},
		{"bad fee line", func() []byte {
			rows := goodRows(2)
			rows[2][idx(ColItems)] = "X1^药^99^1^^1^10^10^0"
			return csvBytes(t, rows)
		}, want{3, "items[0].category", "01–14"}},
		{"huge row", func() []byte {
			rows := goodRows(2)
			rows[2][idx(ColProcedures)] = strings.Repeat("x", MaxRowBytes+10)
			return csvBytes(t, rows)
		}, want{3, "", "longer than 4 MiB"}},
		{"missing required column", func() []byte {
			rows := goodRows(2)
			for i := range rows {
				rows[i] = append(rows[i][:idx(ColDiagnoses)], rows[i][idx(ColDiagnoses)+1:]...)
			}
			return csvBytes(t, rows)
		}, want{1, "", "required columns missing: diagnoses"}},
		{"field count", func() []byte {
			b := csvBytes(t, goodRows(2))
			return append(b, []byte("S1,M1\n")...)
		}, want{4, "", "has 2 fields"}},
		{"UTF-16", func() []byte { return append([]byte{0xFF, 0xFE}, csvBytes(t, goodRows(1))...) }, want{1, "", "UTF-16"}},
		{"discharge before admission", func() []byte {
			rows := goodRows(2)
			rows[1][idx(ColDischargedAt)] = "2020-01-01 00:00:00"
			return csvBytes(t, rows)
		}, want{2, "dscg_time", "before the admission"}},
		{"another hospital's code", func() []byte {
			rows := goodRows(2)
			rows[2][idx(ColHospitalCode)] = f.other.Code
			return csvBytes(t, rows)
		}, want{3, "fixmedins_code", "another hospital"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, "bad.csv", tc.file())
			im, out := f.importFile(t, f.hosp, path, FormatCSV)
			if im.Status != "rejected" || out.Errors == 0 {
				t.Fatalf("status %s with %d errors, want rejected", im.Status, out.Errors)
			}
			if n := f.count(t, "import_id = ?", im.ID); n != 0 {
				t.Fatalf("%d cases committed from a rejected file", n)
			}
			report, err := f.svc.ImportErrors(f.system(), im.ID)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, e := range report {
				if e.Line == tc.want.line && (tc.want.field == "" || e.Field == tc.want.field) && strings.Contains(e.Reason, tc.want.in) {
					found = true
				}
			}
			if !found {
				t.Fatalf("report %+v lacks line %d field %q reason %q", report, tc.want.line, tc.want.field, tc.want.in)
			}
		})
	}
	if n := f.count(t, "true"); n != 0 {
		t.Fatalf("%d cases stored after only bad files", n)
	}
}

// Encodings: UTF-8 with and without a byte-order mark and GBK (GB18030) are
// read alike.
func TestEncodingsAreDetected(t *testing.T) {
	f := newFixture(t)
	plain := csvBytes(t, goodRows(2))
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(plain)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"utf8": plain, "bom": append([]byte("\ufeff"), plain...), "gbk": gbk} {
		t.Run(name, func(t *testing.T) {
			im, out := f.importFile(t, f.hosp, writeFile(t, name+".csv", b), FormatCSV)
			if im.Status != "committed" {
				t.Fatalf("%s: %s %+v", name, im.Status, out.Report)
			}
			want := map[string]string{"utf8": "UTF-8", "bom": "UTF-8", "gbk": "GB18030"}[name]
			if out.Encoding != want {
				t.Errorf("encoding %s, want %s", out.Encoding, want)
			}
			var row struct{ Detail []byte }
			f.db.Conn(f.system()).Raw(`SELECT detail FROM cases WHERE import_id = ? LIMIT 1`, im.ID).Scan(&row)
			det, err := DecodeDetail(row.Detail)
			if err != nil {
				t.Fatal(err)
			}
			if dx := det.Case.Diagnoses[0].Name; dx != "肺栓塞" {
				t.Errorf("diagnosis name read as %q", dx)
			}
		})
	}
}

func TestXLSXAndNationalJSON(t *testing.T) {
	f := newFixture(t)
	x := excelize.NewFile()
	for i, r := range goodRows(3) {
		cells := make([]any, len(r))
		for j, v := range r {
			cells[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetSheetRow("Sheet1", cell, &cells) //nolint:errcheck
	}
	var xb bytes.Buffer
	x.WriteTo(&xb) //nolint:errcheck
	im, out := f.importFile(t, f.hosp, writeFile(t, "c.xlsx", xb.Bytes()), FormatXLSX)
	if im.Status != "committed" || out.Rows != 3 {
		t.Fatalf("xlsx: %s %+v", im.Status, out.Report)
	}
	// A broken workbook is a file error.
	im, _ = f.importFile(t, f.hosp, writeFile(t, "bad.xlsx", []byte("PK\x03\x04 not a zip")), FormatXLSX)
	if im.Status != "rejected" {
		t.Fatalf("broken xlsx: %s", im.Status)
	}

	national := func(c Case) map[string]any {
		return map[string]any{
			"setlinfo": map[string]any{"setl_id": c.SettlementID, "mdtrt_id": c.VisitID, "medcasno": c.MRN, "psn_name": c.Patient.Name,
				"certno": c.Patient.IDNumber, "gend": "1", "brdy": "1960-01-01", "age": 66, "insutype": "310", "insuplc": "370102",
				"adm_time": FormatTime(c.AdmittedAt), "dscg_time": FormatTime(c.DischargedAt), "act_ipt_days": 7, "adm_caty": "A03",
				"dscg_caty": "A03", "dscg_way": "1", "medfee_sumamt": c.TotalCost.String()},
			"diseinfo": []map[string]any{{"diag_code": "Z85.800x011", "maindiag_flag": "0", "adm_cond_type": "1"},
				{"diag_code": "I26.900x005", "diag_name": "肺栓塞", "maindiag_flag": "1", "adm_cond_type": "1"}},
			"oprninfo": []map[string]any{{"oprn_oprt_code": "39.7900x038", "oprn_oprt_type": "1", "oprn_oprt_date": FormatTime(c.AdmittedAt)}},
			"iteminfo": []map[string]any{{"med_chrgitm": "05", "amt": c.Items[0].Amount.String(), "claa_sumfee": c.Items[0].Amount.String()},
				{"med_chrgitm": "09", "amt": c.Items[1].Amount.String(), "clab_amt": c.Items[1].Amount.String()}},
			"payinfo": []map[string]any{{"fund_pay_type": "310100", "fund_payamt": c.Funds.Pool.String()}},
		}
	}
	one, _ := json.Marshal(national(testCase(500, "12000")))
	im, out = f.importFile(t, f.hosp, writeFile(t, "one.json", one), FormatJSON)
	if im.Status != "committed" || out.Rows != 1 {
		t.Fatalf("json single: %s %+v", im.Status, out.Report)
	}
	var principal string
	f.db.Conn(f.system()).Raw(`SELECT principal_dx FROM cases WHERE import_id = ?`, im.ID).Scan(&principal)
	if principal != "I26.900x005" {
		t.Errorf("principal diagnosis %q: maindiag_flag must decide", principal)
	}
	batch, _ := json.Marshal([]any{national(testCase(501, "12000")), national(testCase(502, "60000"))})
	im, out = f.importFile(t, f.hosp, writeFile(t, "batch.json", batch), FormatJSON)
	if im.Status != "committed" || out.Rows != 2 {
		t.Fatalf("json batch: %s %+v", im.Status, out.Report)
	}
	im, _ = f.importFile(t, f.hosp, writeFile(t, "broken.json", batch[:len(batch)/2]), FormatJSON)
	if im.Status != "rejected" {
		t.Fatalf("truncated json: %s", im.Status)
	}
}

// Nothing that identifies a patient or describes a diagnosis reaches the
// log of a full import, a rejected one included.
func TestImportLogsNoPersonalData(t *testing.T) {
	f := newFixture(t)
	good := testCase(900, "60000")
	bad := testCase(901, "12000")
	f.importFile(t, f.hosp, writeCSV(t, []Case{good, testCase(902, "2000")}), FormatCSV)
	rows := goodRows(0)
	r := ToRecord(&bad)
	r[ColSex] = "X"
	rows = append(rows, r[:])
	f.importFile(t, f.hosp, writeFile(t, "bad.csv", csvBytes(t, rows)), FormatCSV)
	logs := f.logs.String()
	if !strings.Contains(logs, "case import finished") {
		t.Fatalf("the import logged nothing: %s", logs)
	}
	for _, c := range []Case{good, bad} {
		for _, secret := range []string{c.SettlementID, c.VisitID, c.MRN, c.Patient.Name, c.Patient.IDNumber,
			c.Diagnoses[0].Code, c.Diagnoses[0].Name, c.Procedures[0].Code} {
			if strings.Contains(logs, secret) {
				t.Errorf("the log contains %q", secret)
			}
		}
	}
}
