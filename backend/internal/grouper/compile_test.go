package grouper

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestShippedPlanIsCHSDRG11Complete(t *testing.T) {
	p := shipped(t)
	info := p.Info()
	if info.ID != "chs-drg-1.1" || info.MDCs != 26 || info.ADRGs != 376 || info.DRGs != 628 {
		t.Fatalf("info %+v, want chs-drg-1.1 with 26 MDC / 376 ADRG / 628 DRG", info)
	}
	count := func(tab []int32) (n int) {
		for _, t := range tab {
			if t != noCC {
				n++
			}
		}
		return n
	}
	if n := count(p.mcc); n != 4678 {
		t.Errorf("%d MCC codes, want 4678", n)
	}
	if n := count(p.cc); n != 16568 {
		t.Errorf("%d CC codes, want 16568", n)
	}
	tables, pdx := 0, 0
	for _, l := range p.lists {
		if strings.HasPrefix(l.role, "cce:") {
			tables++
			pdx += len(l.codes)
		}
	}
	if tables != 223 || pdx != 28302 {
		t.Errorf("%d exclusion tables with %d principal diagnoses, want 223 and 28302", tables, pdx)
	}
	if n := len(p.validOpsCodes()); n != 10251 {
		t.Errorf("%d valid OR procedures, want 10251", n)
	}
	if len(p.dxMap) != 35591 || len(p.pxMap) != 13654 {
		t.Errorf("maps %d / %d, want 35591 / 13654", len(p.dxMap), len(p.pxMap))
	}
}

func TestShippedPlanCompilesWithoutErrors(t *testing.T) {
	fsys, err := ShippedPlanFS(ShippedPlanID)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, probs, err := Compile(fsys, CompileOptions{})
	if err != nil {
		t.Fatalf("%v\n%s", err, FormatProblems(probs))
	}
	t.Logf("compiled in %s with %d warnings", time.Since(start), len(probs))
	for _, p := range probs {
		if p.Level != LevelWarning {
			t.Errorf("unexpected %s", p)
		}
	}
}

// copyShipped writes the shipped plan text into a fresh directory, the way
// a region would lay out its own plan.
func copyShipped(t *testing.T) string {
	t.Helper()
	fsys, err := ShippedPlanFS(ShippedPlanID)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "plan")
	if err := os.CopyFS(dir, fsys); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestImportedCopyGroupsIdenticallyToTheShippedPack(t *testing.T) {
	dir := copyShipped(t)
	imported, _, err := Compile(os.DirFS(dir), CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := imported.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	stored, err := UnmarshalPack(data)
	if err != nil {
		t.Fatal(err)
	}
	p := shipped(t)
	if stored.Info() != p.Info() {
		t.Fatalf("info %+v, shipped %+v", stored.Info(), p.Info())
	}
	var a, b Result
	for _, row := range oracle10k(t) {
		p.GroupInto(&row.c, &a)
		stored.GroupInto(&row.c, &b)
		if !reflect.DeepEqual(a.Clone(), b.Clone()) {
			t.Fatalf("%s: shipped %+v\nimported %+v", row.c.ID, a, b)
		}
	}
}

func editFile(t *testing.T, dir, name string, edit func(string) string) {
	t.Helper()
	path := filepath.Join(dir, name)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(edit(string(b))), 0o644); err != nil {
		t.Fatal(err)
	}
}

func lineOf(t *testing.T, dir, name, prefix string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, prefix) {
			return i + 1
		}
	}
	t.Fatalf("%s: no line starting with %q", name, prefix)
	return 0
}

func countLines(t *testing.T, dir, name string) int {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(strings.TrimSuffix(string(b), "\n"), "\n") + 1
}

func TestImportRejectsABrokenCopyWithLineNumberedErrors(t *testing.T) {
	dir := copyShipped(t)
	detailLines := countLines(t, dir, FileADRGDetail)
	editFile(t, dir, FileADRGDetail, func(s string) string {
		return s + "BB1 脑创伤开颅术\n包含以下主要诊断：\nS06.000 脑震荡\n"
	})
	editFile(t, dir, FileCC, func(s string) string {
		return strings.Replace(s, "A00.100 霍乱，由于 O1 群霍乱弧菌，埃尔托生物型所致 表 7-1", "A00.100 霍乱，由于 O1 群霍乱弧菌，埃尔托生物型所致 表 7-999", 1)
	})
	editFile(t, dir, ManifestFile, func(s string) string {
		return strings.Replace(s, "adrg WJ1    rule ppx-valid", "", 1)
	})
	mdcbLines := countLines(t, dir, "MDC/MDCB.dat")
	editFile(t, dir, "MDC/MDCB.dat", func(s string) string {
		return s + "G40.9O1 笔误的癫痫编码\nG40.900x999 字典里没有的编码\n"
	})
	editFile(t, dir, FileDRG, func(s string) string { return s + "\nQQ19 不存在的 ADRG" })
	if err := os.Remove(filepath.Join(dir, "MDC/MDCC.dat")); err != nil {
		t.Fatal(err)
	}

	p, probs, err := Compile(os.DirFS(dir), CompileOptions{})
	if p != nil || !errors.Is(err, ErrPlanInvalid) {
		t.Fatalf("got pack %v, err %v; want ErrPlanInvalid", p != nil, err)
	}
	var pe *PlanError
	if !errors.As(err, &pe) || len(pe.Errors()) == 0 {
		t.Fatalf("error %T does not carry the problems", err)
	}
	want := []struct {
		file  string
		line  int
		level Level
		text  string
	}{
		{FileADRGDetail, detailLines + 1, LevelError, "duplicate ADRG BB1"},
		{FileCC, 2, LevelError, "missing table 表 7-999"},
		{FileADRGDetail, lineOf(t, dir, FileADRGDetail, "WJ1 "), LevelError, "ADRG WJ1 has no rule"},
		{"MDC/MDCB.dat", mdcbLines + 1, LevelError, `malformed code "G40.9O1"`},
		{"MDC/MDCB.dat", mdcbLines + 2, LevelWarning, "unknown code G40.900x999"},
		{FileDRG, countLines(t, dir, FileDRG), LevelError, "unknown ADRG QQ1"},
		{"MDC/MDCC.dat", 0, LevelError, "missing table"},
	}
	for _, w := range want {
		found := false
		for _, p := range probs {
			if p.File == w.file && p.Line == w.line && p.Level == w.level && strings.Contains(p.Message, w.text) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no %s at %s:%d containing %q; got:\n%s", w.level, w.file, w.line, w.text, FormatProblems(probs))
		}
	}
}

func TestManifestProblemsPointAtTheirLine(t *testing.T) {
	manifest := readShipped(t, ManifestFile)
	lines := strings.Count(manifest, "\n")
	manifest += "frobnicate on\nvalid-to 2020-13-45\nsplit ZZ99 mcc\nadrg XX9 and age<=6\nmdc MDCB pdx age<=six\nbefore FF2 BB1\n"
	_, probs, err := compileWith(t, map[string]string{ManifestFile: manifest})
	if !errors.Is(err, ErrPlanInvalid) {
		t.Fatalf("err %v", err)
	}
	for i, text := range []string{
		`unknown directive "frobnicate"`, "is not a date", "unknown DRG ZZ99", "unknown ADRG XX9", "is not a whole number", "must be ADRGs of the same MDC",
	} {
		line := lines + 1 + i
		found := false
		for _, p := range probs {
			if p.File == ManifestFile && p.Line == line && strings.Contains(p.Message, text) {
				found = true
			}
		}
		if !found {
			t.Errorf("no problem at %s:%d containing %q; got:\n%s", ManifestFile, line, text, FormatProblems(probs))
		}
	}
}

func TestCompileOptionsOverrideTheManifest(t *testing.T) {
	p, _, err := Compile(shippedFSWith(t, nil), CompileOptions{ID: "chs-drg-1.1-local", Name: "本地", ValidFrom: "2023-01-01", ValidTo: "2025-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	if i := p.Info(); i.ID != "chs-drg-1.1-local" || i.Name != "本地" || i.ValidFrom != "2023-01-01" || i.ValidTo != "2025-01-01" {
		t.Fatalf("info %+v", i)
	}
	if _, _, err := Compile(shippedFSWith(t, nil), CompileOptions{ID: "bad id!"}); !errors.Is(err, ErrPlanInvalid) {
		t.Fatalf("a bad id must be rejected, got %v", err)
	}
}

// miniPlan is a local plan of two MDCs written from scratch: what a region
// provides to load its own plan without a code change.
func miniPlan() fstest.MapFS {
	files := map[string]string{
		ManifestFile: `id mini
name 迷你方案
valid-from 2024-01-01
valid-ops SS_VALID.dat
mdc MDCA ppx-valid
`,
		FileMDC:  "MDCA 先期分组疾病及相关操作\nMDCB 神经系统疾病及功能障碍\n",
		FileADRG: "AA1 心脏移植\nBB1 脑创伤开颅术\nBR1 颅内出血性疾患\n",
		FileDRG:  "AA19 心脏移植\nBB11 脑创伤开颅术，伴严重并发症或合并症\nBB15 脑创伤开颅术，不伴并发症或合并症\nBR13 颅内出血性疾患，伴并发症或合并症\nBR15 颅内出血性疾患，不伴并发症或合并症\n",
		FileADRGDetail: `MDCA 先期分组疾病及相关操作
AA1 心脏移植
包含以下主要手术或操作：
37.5100 心脏移植术
MDCB 神经系统疾病及功能障碍
MDCB 主诊表
包含以下主要诊断：
I61.000 大脑半球皮质下出血
BB1 脑创伤开颅术
包含以下主要诊断：
I61.000 大脑半球皮质下出血
包含以下主要手术或操作：
01.2400 颅骨切开术
BR1 颅内出血性疾患
包含以下主要诊断：
I61.000 大脑半球皮质下出血 I62.000 硬膜下出血
`,
		FileMCC:        "疾病编码 疾病名称 排除内容\nJ96.000 急性呼吸衰竭 表 7-1\n",
		FileCC:         "疾病编码 疾病名称 排除内容\nE87.100 低钠血症 表 7-2\nJ18.900 肺炎 无\n",
		FileCCE:        "表 7-1\n包含以下主要诊断：\nJ96.100 慢性呼吸衰竭\n表 7-2 包含以下主要诊断： E87.200 酸中毒\n",
		"MDC/MDCA.dat": "",
		"MDC/MDCB.dat": "包含以下主要诊断：\nI61.000 大脑半球皮质下出血\nI62.000 硬膜下出血\n",
		"SS_VALID.dat": "37.5100 心脏移植术\n01.2400 颅骨切开术\n",
	}
	m := fstest.MapFS{}
	for k, v := range files {
		m[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return m
}

func TestALocalPlanLoadsWithoutCodeChanges(t *testing.T) {
	p, probs, err := Compile(miniPlan(), CompileOptions{})
	if err != nil {
		t.Fatalf("%v\n%s", err, FormatProblems(probs))
	}
	if i := p.Info(); i.MDCs != 2 || i.ADRGs != 3 || i.DRGs != 5 {
		t.Fatalf("info %+v", i)
	}
	for _, tc := range []struct {
		dx, px []string
		drg    string
	}{
		{[]string{"I61.000"}, []string{"01.2400"}, "BB15"},
		{[]string{"I61.000", "J96.000"}, []string{"01.2400"}, "BB11"},
		{[]string{"I62.000", "E87.100"}, nil, "BR13"},
		{[]string{"I62.000", "J18.900"}, nil, "BR13"}, // 排除内容 无: always counts
		{[]string{"I61.000"}, []string{"37.5100"}, "AA19"},
	} {
		c := adult(tc.dx, tc.px...)
		if r := p.Group(&c); r.DRG != tc.drg {
			t.Errorf("%v %v: got %s %s (%s), want %s", tc.dx, tc.px, r.Status, r.DRG, r.Reason, tc.drg)
		}
	}
}
