package grouper

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

func runBatch(t *testing.T, in string, opt BatchOptions) (string, string, BatchStats) {
	t.Helper()
	var out, errs bytes.Buffer
	opt.Errors = &errs
	st, err := RunBatch(shipped(t), strings.NewReader(in), &out, opt)
	if err != nil {
		t.Fatalf("RunBatch: %v", err)
	}
	return out.String(), errs.String(), st
}

func TestBatchCSVGroupsTheOracleFileEndToEnd(t *testing.T) {
	data, err := os.ReadFile("testdata/oracle_chs_drg_11_synth10k.csv")
	if err != nil {
		t.Fatal(err)
	}
	out, errs, st := runBatch(t, string(data), BatchOptions{})
	if errs != "" || st.Rows != 10000 || st.Written != 10000 || st.Bad != 0 {
		t.Fatalf("stats %+v, errors %q", st, errs)
	}
	got, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got[0][:5], ",") != "Index,status,mdc,adrg,drg" {
		t.Fatalf("header %v", got[0])
	}
	for i, row := range oracle10k(t) {
		g := got[i+1]
		view := [4]string{g[5], g[2], g[3], g[4]}
		if g[1] == "ungroupable" {
			view = [4]string{g[5], "0000", "00", "0000"}
		}
		if g[0] != row.c.ID || view != row.exp {
			t.Fatalf("row %d: %v, want %s %v", i+1, g, row.c.ID, row.exp)
		}
	}
	if st.Grouped != 9694 || st.Ungroupable != 306 {
		t.Errorf("stats %+v, want 9694 grouped and 306 ungroupable", st)
	}
}

func TestBatchAcceptsOpenDRGColumnNames(t *testing.T) {
	data, err := os.ReadFile("testdata/opendrg_input_30.csv")
	if err != nil {
		t.Fatal(err)
	}
	out, errs, st := runBatch(t, string(data), BatchOptions{})
	if errs != "" || st.Written != 30 || st.Grouped != 30 {
		t.Fatalf("stats %+v, errors %q", st, errs)
	}
	if !strings.Contains(out, "\nT14,grouped,MDCB,BB2,BB21,") {
		t.Errorf("T14 not grouped as the hospital reported (BB21):\n%s", out)
	}
}

func TestBatchReportsBadRowsWithTheirLineAndGoesOn(t *testing.T) {
	in := "Index,gender,age,ageDay,weight,dept,inHospitalTime,leavingType,zdList,ssList\r\n" +
		"A1,1,50,,,,7,1,J18.900|I50.900,\r\n" + // line 2: fine
		"A2,x,50,,,,7,1,J18.900,\r\n" + // line 3: bad gender
		"A3,1,fifty,,,,7,1,J18.900,\r\n" + // line 4: bad age
		"A4,1,50\r\n" + // line 5: short row
		"\"A5\",\"2\",\"0\",\"3\",\"1200\",,\"10\",\"1\",\"P07.300\",\"\"\r\n" + // line 6: quoted, fine
		"\"A6,with comma\",1,50,,,,7,1,\"J18.900|\nI50.900\",\r\n" + // lines 7–8: quoted line break, fine
		"A7,1,50.0,,,,7,1,J18.900,\r\n" + // line 9: "50.0" is 50
		"A8,1,50,,,,7,1,\"J18.900,\r\n" // line 10: unterminated quote
	out, errs, st := runBatch(t, in, BatchOptions{})
	for _, want := range []string{"line 3: column gender", "line 4: column age", "line 5: 3 fields", "line 10: unterminated"} {
		if !strings.Contains(errs, want) {
			t.Errorf("errors lack %q:\n%s", want, errs)
		}
	}
	if st.Rows != 8 || st.Written != 4 || st.Bad != 4 {
		t.Errorf("stats %+v, want 8 rows, 4 written, 4 bad", st)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rows[1:] {
		ids = append(ids, r[0]+"="+r[4])
	}
	if got := strings.Join(ids, " "); got != "A1=ES31 A5=PS15 A6,with comma=ES31 A7=ES35" {
		t.Errorf("rows %s", got)
	}
}

func TestBatchRejectsInputWithoutADiagnosisColumn(t *testing.T) {
	_, err := RunBatch(shipped(t), strings.NewReader("Index,age\n1,2\n"), &bytes.Buffer{}, BatchOptions{})
	if !errors.Is(err, ErrBadHeader) {
		t.Fatalf("err %v, want ErrBadHeader", err)
	}
}

func TestBatchJSONLinesInAndOut(t *testing.T) {
	in := `{"Index":"J1","gender":1,"age":"50","zdList":"J18.900|I50.900","ssList":""}
{"id":"J2","sex":2,"age":0,"age_days":3,"birth_weight":2200,"diagnoses":["P07.300"],"procedures":[]}
not json
[1,2]

{"Index":"J3","gender":"1","age":50,"zdList":["J18.900"],"ventilation_hours":"x"}
`
	out, errs, st := runBatch(t, in, BatchOptions{Format: FormatJSONL, Trace: true})
	if st.Rows != 5 || st.Written != 2 || st.Bad != 3 {
		t.Errorf("stats %+v; errors:\n%s", st, errs)
	}
	for _, want := range []string{"line 3: invalid JSON", "line 4: invalid JSON", "line 6: column ventilation_hours"} {
		if !strings.Contains(errs, want) {
			t.Errorf("errors lack %q:\n%s", want, errs)
		}
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var first struct {
		Index, Status, DRG, Comorbidity string
		SplitBy                         string `json:"split_by"`
		Trace                           []Step
	}
	dec := json.NewDecoder(strings.NewReader(lines[0]))
	if err := dec.Decode(&first); err != nil {
		t.Fatal(err)
	}
	if first.Index != "J1" || first.Status != "grouped" || first.DRG != "ES31" || first.Comorbidity != "mcc" || first.SplitBy != "I50.900" || len(first.Trace) == 0 {
		t.Errorf("first result %+v", first)
	}
	if !strings.Contains(lines[1], `"drg":"PS39"`) {
		t.Errorf("second result %s", lines[1])
	}
}

func TestResultIsJSONFriendly(t *testing.T) {
	p := shipped(t)
	c := adult([]string{"J18.900", "J09.x00", "A00.100"})
	r := p.Group(&c)
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"status":"grouped"`, `"drg":"ES33"`, `"comorbidity":"cc"`,
		`"split_by":{"code":"A00.100","kind":"cc","table":"表 7-1"}`,
		`"excluded":[{"code":"J09.x00","kind":"mcc","table":"表 7-101"}]`, `"stage":"adrg"`, `"plan":"chs-drg-1.1"`} {
		if !strings.Contains(s, want) {
			t.Errorf("JSON lacks %s:\n%s", want, s)
		}
	}
	var back Result
	if err := json.Unmarshal(b, &back); err != nil || back.Status != StatusGrouped || back.Comorbidity != ComorbidityCC {
		t.Errorf("round trip: %v %+v", err, back)
	}
	var in Case
	if err := json.Unmarshal([]byte(`{"sex":1,"diagnoses":["J18.900"]}`), &in); err != nil || in.AgeYears != Unknown {
		t.Errorf("absent age must stay Unknown: %+v %v", in, err)
	}
}
