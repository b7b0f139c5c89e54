package pricing

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readCatalogue(t *testing.T, raw []byte, name string) (*Catalogue, []Problem) {
	t.Helper()
	cat, probs, err := ReadCatalogue(bytes.NewReader(raw), name)
	if err != nil {
		t.Fatalf("ReadCatalogue(%s): %v", name, err)
	}
	return cat, probs
}

var chsDRG11 = regexp.MustCompile(`^[A-Z]{2}[0-9]{2}$`)

func TestYantaiCatalogueHasWeightsForAll628Groups(t *testing.T) {
	cat, probs := readCatalogue(t, readFile(t, "yantai_2023.csv"), "yantai_2023.csv")
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	w := cat.Weights()
	groups := 0
	for code := range w {
		if chsDRG11.MatchString(code) {
			groups++
		}
	}
	if groups != 628 || len(w) != 649 {
		t.Errorf("%d CHS-DRG groups, %d weights; want 628 and 649 (with 0000, 000P and 19 QY groups)", groups, len(w))
	}
	for code, want := range map[string]string{"AA19": "1", "0000": "0.1027", "BR23": "0.7561", "ES35": "0.3754", "ZQY": "2.5241", "ZZ15": "0.6458"} {
		if !w[code].Equal(d(want)) {
			t.Errorf("%s = %s, want %s", code, w[code], want)
		}
	}
	if e, _ := cat.Entry("ES33"); e.Attributes["同等费率病组"] != "是" || e.Attributes["总控人次"] != "7403" {
		t.Errorf("ES33 attributes %v", e.Attributes)
	}
	if cat.Encoding != "utf-8" || len(cat.Rounded()) != 0 || len(cat.Unweighted()) != 0 {
		t.Errorf("encoding %s, %d rounded, unweighted %v", cat.Encoding, len(cat.Rounded()), cat.Unweighted())
	}
}

func TestLinyiCatalogueHasStandardsByLevelAndFund(t *testing.T) {
	cat, probs := readCatalogue(t, readFile(t, "linyi_2022.csv"), "linyi_2022.csv")
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	want := []Column{
		{0, "DRG编码", ColCode, "", "", ""},
		{1, "DRG名称", ColName, "", "", ""},
		{2, "RW", ColWeight, "", "", ""},
		{3, "支付标准（三级职工）", ColStandard, Tertiary, Employee, ""},
		{4, "支付标准（三级居民）", ColStandard, Tertiary, Resident, ""},
		{5, "支付标准（二级职工）", ColStandard, Secondary, Employee, ""},
		{6, "支付标准（二级居民）", ColStandard, Secondary, Resident, ""},
	}
	if !reflect.DeepEqual(cat.Columns, want) {
		t.Errorf("columns\n%+v\nwant\n%+v", cat.Columns, want)
	}
	if len(cat.Entries) != 629 || len(cat.Weights()) != 610 || len(cat.Unweighted()) != 19 || len(cat.Standards()) != 4*610 {
		t.Errorf("%d entries, %d weights, %d unweighted, %d standards", len(cat.Entries), len(cat.Weights()), len(cat.Unweighted()), len(cat.Standards()))
	}
	e, _ := cat.Entry("AE19")
	for _, c := range []struct {
		l    Level
		f    Fund
		want string
	}{{Tertiary, Employee, "117689.45"}, {Tertiary, Resident, "112034.63"}, {Secondary, Employee, "115136.43"}, {Secondary, Resident, "101416.93"}} {
		if got, ok := cat.Value(e, ColStandard, c.l, c.f); !ok || !got.Equal(d(c.want)) {
			t.Errorf("AE19 %s %s = %s, want %s", c.l, c.f, got, c.want)
		}
	}
}

func TestLinyiStandardsAreWeightTimesOneRatePerLevelAndFund(t *testing.T) {
	// What the file implies, and why a Version keeps published standards:
	// Linyi's four rates (9,865 / 9,391 / 9,651 / 8,501) do not factor into
	// a rate per fund times a coefficient per level.
	cat, _ := readCatalogue(t, readFile(t, "linyi_2022.csv"), "linyi_2022.csv")
	rates := map[[2]string]string{
		{"tertiary", "employee"}: "9865", {"tertiary", "resident"}: "9391",
		{"secondary", "employee"}: "9651", {"secondary", "resident"}: "8501",
	}
	for _, s := range cat.Standards() {
		w := cat.Weights()[s.DRG]
		if want := roundMoney(w.Mul(d(rates[[2]string{string(s.Level), string(s.Fund)}]))); !want.Equal(s.Amount) {
			t.Errorf("%s %s %s: %s, RW %s × rate = %s", s.DRG, s.Level, s.Fund, s.Amount, w, want)
		}
	}
}

func TestAVersionFromTheLinyiCataloguePaysThePublishedStandard(t *testing.T) {
	cat, _ := readCatalogue(t, readFile(t, "linyi_2022.csv"), "linyi_2022.csv")
	s := exampleSpec()
	s.Region, s.Source = "371300", cat.Name
	s.Weights, s.Standards = cat.Weights(), cat.Standards()
	s.BaseRates = map[Fund]decimal.Decimal{Employee: d("9865"), Resident: d("9391")}
	v := mustDraft(t, s)
	c := CaseInput{DRG: "AE19", Level: Secondary, Fund: Resident, TotalCost: d("90000"), HospitalID: "H001"}
	o := mustPrice(t, v, c)
	wantMoney(t, "published standard", o.PaymentStandard, "101416.93")
	if o.CoefficientSource != "published" || o.Class != Normal {
		t.Errorf("source %s class %s", o.CoefficientSource, o.Class)
	}
	// A group without a weight in the catalogue cannot be priced.
	c.DRG = "AA19"
	if _, err := Price(v, c); !errors.Is(err, ErrUnknownDRG) {
		t.Errorf("AA19: %v, want ErrUnknownDRG", err)
	}
}

func TestCatalogueReadsUTF8WithBOMAndGBK(t *testing.T) {
	raw := readFile(t, "yantai_2023.csv")
	plain, _ := readCatalogue(t, raw, "plain")
	bom, _ := readCatalogue(t, append([]byte("\xEF\xBB\xBF"), raw...), "bom")
	gbkBytes, err := simplifiedchinese.GBK.NewEncoder().Bytes(raw)
	if err != nil {
		t.Fatal(err)
	}
	gbk, _ := readCatalogue(t, gbkBytes, "gbk")
	crlf, _ := readCatalogue(t, bytes.ReplaceAll(raw, []byte("\n"), []byte("\r\n")), "crlf")
	if bom.Encoding != "utf-8 with BOM" || gbk.Encoding != "gb18030" {
		t.Errorf("encodings %q %q", bom.Encoding, gbk.Encoding)
	}
	for _, c := range []*Catalogue{bom, gbk, crlf} {
		if !reflect.DeepEqual(c.Columns, plain.Columns) || !reflect.DeepEqual(c.Entries, plain.Entries) {
			t.Errorf("%s reads differently from plain UTF-8", c.Name)
		}
	}
}

func TestBrokenCatalogueReportsEveryBadRowWithItsLine(t *testing.T) {
	cat, probs := readCatalogue(t, readFile(t, "broken.csv"), "broken.csv")
	var got []string
	for _, p := range probs {
		got = append(got, p.Error())
	}
	want := []string{
		`broken.csv:3: RW: "-0.5": must not be negative`,
		`broken.csv:4: RW: "abc": not a number`,
		`broken.csv:5: DRG编码: "AA19": DRG code repeated: first on line 2`,
		`broken.csv:6: DRG编码: "0": not a DRG code`,
		`broken.csv:7: wrong number of fields: 3, the header has 4`,
		`broken.csv:8: CSV syntax: bare " in non-quoted-field`,
		`broken.csv:11: RW: "1e3": not a number`,
		`broken.csv:12: 支付标准（三级职工）: "约七万": not a number`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i, target := range []error{ErrNegative, ErrBadValue, ErrDuplicateCode, ErrBadDRGCode, ErrFieldCount, ErrCSVSyntax, ErrBadValue, ErrBadValue} {
		if !errors.Is(probs[i], target) {
			t.Errorf("problem %d does not wrap %v", i, target)
		}
	}
	// The good rows survive; words for "paid otherwise" are not problems.
	var codes []string
	for _, e := range cat.Entries {
		codes = append(codes, e.Code)
	}
	if !reflect.DeepEqual(codes, []string{"AA19", "AF19", "AH15", "AG29"}) {
		t.Errorf("entries %v", codes)
	}
	if e, _ := cat.Entry("AH15"); e.Weight.Valid || e.Attributes["RW"] != "按项目据实支付" {
		t.Errorf("AH15 %+v", e)
	}
	if !reflect.DeepEqual(cat.Unweighted(), []string{"AH15"}) {
		t.Errorf("unweighted %v", cat.Unweighted())
	}
}

func TestCatalogueRoundsWeightsToFourPlacesAndStandardsToCents(t *testing.T) {
	raw := "分组编码,分组名称,RW,三级医院支付标准\nAH11,有创呼吸机,4.846477501,47347.87381\nBB11,脑创伤开颅术,6.73685,54224.835\n"
	cat, probs := readCatalogue(t, []byte(raw), "yancheng-like")
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	wantMoney(t, "AH11 weight", cat.Weights()["AH11"], "4.8465")
	wantMoney(t, "BB11 weight (half-up)", cat.Weights()["BB11"], "6.7369")
	st := cat.Standards()
	if len(st) != 2 || st[0].Level != Tertiary || st[0].Fund != "" {
		t.Fatalf("standards %+v", st)
	}
	wantMoney(t, "AH11 standard", st[0].Amount, "47347.87")
	wantMoney(t, "BB11 standard (half-up)", st[1].Amount, "54224.84")
	if n := len(cat.Rounded()); n != 4 {
		t.Errorf("%d rounded values, want 4: %+v", n, cat.Rounded())
	}
	if e, _ := cat.Entry("AH11"); !e.Weight.Decimal.Equal(d("4.846477501")) {
		t.Errorf("the entry keeps the published figure, got %s", e.Weight.Decimal)
	}
}

func TestCatalogueHeadersNameLevelFundAndOtherQualifiers(t *testing.T) {
	for header, want := range map[string]Column{
		"二级医院支付标准（职工）":        {Kind: ColStandard, Level: Secondary, Fund: Employee},
		"费率（居民）":              {Kind: ColBaseRate, Fund: Resident},
		"基础费率（职工）":            {Kind: ColBaseRate, Fund: Employee},
		"等级系数（三级）":            {Kind: ColCoefficient, Level: Tertiary},
		"一级医院系数":              {Kind: ColCoefficient, Level: Primary},
		"等级系数（三甲）":            {Kind: ColCoefficient, Qualifier: "三甲"},
		"等级系数（一级及基层）":         {Kind: ColCoefficient, Qualifier: "一级及基层"},
		"支付标准（青医/市立/齐鲁/青医平度）": {Kind: ColStandard, Qualifier: "青医/市立/齐鲁/青医平度"},
		"高倍临界值（三级）":           {Kind: ColHighThreshold, Level: Tertiary},
		"标准分值":                {Kind: ColPoints},
		"初始权重":                {Kind: ColWeight},
		"同等费率病组":              {Kind: ColAttribute},
	} {
		got := classify(header)
		want.Header = header
		if got != want {
			t.Errorf("%s: %+v, want %+v", header, got, want)
		}
	}
}

func TestCatalogueFailsOnAFileItCannotRead(t *testing.T) {
	for name, c := range map[string]struct {
		raw  string
		want error
	}{
		"empty":            {"", ErrNoHeader},
		"blank lines":      {"\n\n", ErrNoHeader},
		"no code column":   {"名称,RW\nx,1\n", ErrNoCodeColumn},
		"no weight column": {"DRG编码,DRG名称\nAA19,x\n", ErrNoWeightColumn},
		"two weights":      {"DRG编码,RW,权重\nAA19,1,1\n", ErrDuplicateCol},
		"not text":         {"DRG编码,RW\n\xff\xfe\xff,1\n", ErrEncoding},
	} {
		if _, _, err := ReadCatalogue(strings.NewReader(c.raw), name); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
}

func FuzzReadCatalogue(f *testing.F) {
	if b, err := os.ReadFile("testdata/broken.csv"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("DRG编码,RW\nAA19,1\n"))
	f.Add([]byte("\xEF\xBB\xBFDRG,权重,支付标准（三级职工）\r\nAA19,\"1.5\",100\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		cat, probs, err := ReadCatalogue(bytes.NewReader(raw), "fuzz")
		if err != nil {
			return
		}
		for _, p := range probs {
			if p.Line < 1 || p.Err == nil {
				t.Errorf("problem without a line or an error: %+v", p)
			}
		}
		seen := map[string]bool{}
		for _, e := range cat.Entries {
			if !drgCode.MatchString(e.Code) || seen[e.Code] || e.Line < 2 {
				t.Errorf("bad entry %+v", e)
			}
			seen[e.Code] = true
		}
		for code, w := range cat.Weights() {
			if w.IsNegative() || places(w) > ratioPlaces || !seen[code] {
				t.Errorf("bad weight %s %s", code, w)
			}
		}
	})
}
