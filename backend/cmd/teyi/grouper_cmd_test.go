package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGroupCommandGroupsACSVAndReportsBadRows(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	out := filepath.Join(dir, "out.csv")
	rows := "Index,gender,age,ageDay,weight,dept,inHospitalTime,leavingType,zdList,ssList\n" +
		"S000001,1,63,23129,,,29,1,I26.900x005|Z85.800x011,39.7900x038\n" +
		"BAD,1,sixty,,,,29,1,I26.900x005,\n" +
		"S000000,2,21,7765,,,29,1,M84.000x063|D48.700,04.3x03|35.2200x002|14.0100\n"
	if err := os.WriteFile(in, []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	msg, err := runCmd(t, "group", "--plan", "chs-drg-1.1", "--in", in, "--out", out)
	if err != nil {
		t.Fatalf("group: %v %s", err, msg)
	}
	if !strings.Contains(msg, "line 3") {
		t.Errorf("the bad row is not reported with its line: %q", msg)
	}
	f, _ := os.Open(out)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range recs[1:] {
		got[r[0]] = strings.Join(r[1:5], " ")
	}
	if !strings.HasSuffix(got["S000001"], "MDCE ER2 ER25") || !strings.HasSuffix(got["S000000"], "MDCI IG1 IG13") {
		t.Fatalf("output %v", got)
	}
}

func TestPlanImportStoresAPackThatPlanListShows(t *testing.T) {
	t.Setenv("TEYI_PLAN_DIR", t.TempDir())
	src := filepath.Join("..", "..", "internal", "grouper", "plans", "chs-drg-1.1")
	msg, err := runCmd(t, "plan", "import", src, "--id", "local-2027", "--name", "本地方案", "--valid-from", "2027-01-01")
	if err != nil {
		t.Fatalf("import: %v %s", err, msg)
	}
	msg, err = runCmd(t, "plan", "list")
	if err != nil || !strings.Contains(msg, "local-2027") || !strings.Contains(msg, "chs-drg-1.1") {
		t.Fatalf("list: %v %s", err, msg)
	}
	broken := t.TempDir()
	os.WriteFile(filepath.Join(broken, "1_MDC.txt"), []byte("MDCA\t先期分组疾病及相关操作\n"), 0o644) //nolint:errcheck
	if _, err := runCmd(t, "plan", "import", broken, "--id", "broken"); err == nil {
		t.Fatal("a broken plan was imported")
	}
}
