package pdfdoc

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/props"
	"github.com/phpdave11/gofpdf"
)

func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\f' || r == '\t' {
			return -1
		}
		return r
	}, s)
}

func TestChineseRoundTrip(t *testing.T) {
	m := NewMaroto("测试文档")
	m.AddRow(12, text.NewCol(12, "特例单议评审决定书", props.Text{Size: SizeTitle, Style: fontstyle.Bold}))
	m.AddRow(8, text.NewCol(6, "医院：杭州市第一人民医院"), text.NewCol(6, "金额：¥1,234.50"))
	m.AddRows(Paragraph("经专家合议，同意按项目付费，核减不合理费用。本段文字较长，用来检验中文在没有空格的情况下能够按字换行，而不会超出页面的右边界，也不会丢失任何一个字符。", props.Text{})...)
	doc, err := m.Generate()
	if err != nil {
		t.Fatal(err)
	}
	pdf := doc.GetBytes()
	got, err := ExtractText(pdf)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"特例单议评审决定书", "医院：杭州市第一人民医院", "金额：¥1,234.50", "第 1 页 / 共 1 页"} {
		if !strings.Contains(got, want) {
			t.Errorf("extracted text lacks %q:\n%s", want, got)
		}
	}
	if want := "经专家合议，同意按项目付费，核减不合理费用。本段文字较长，用来检验中文在没有空格的情况下能够按字换行，而不会超出页面的右边界，也不会丢失任何一个字符。"; !strings.Contains(squash(got), want) {
		t.Errorf("wrapped paragraph not found whole:\n%s", got)
	}
	if strings.ContainsRune(got, '\uFFFD') {
		t.Errorf("undecodable characters in %q", got)
	}
}

func TestPageNumbersAcrossPages(t *testing.T) {
	m := NewMarotoAt("多页", time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC))
	for i := 0; i < 60; i++ {
		m.AddRow(8, text.NewCol(12, "第二十三条 重复的行"))
	}
	doc, err := m.Generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := ExtractText(doc.GetBytes())
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(got, "\f")
	if len(pages) < 2 {
		t.Fatalf("expected several pages, got %d", len(pages))
	}
	for i, p := range pages {
		want := "第 " + strconv.Itoa(i+1) + " 页 / 共 " + strconv.Itoa(len(pages)) + " 页"
		if !strings.Contains(p, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
	}
}

func TestDeterministicWithFixedDate(t *testing.T) {
	at := time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC)
	gen := func() []byte {
		m := NewMarotoAt("同一文档", at)
		m.AddRows(Paragraph("相同的内容应得到相同的字节。", props.Text{})...)
		doc, err := m.Generate()
		if err != nil {
			t.Fatal(err)
		}
		return doc.GetBytes()
	}
	if !bytes.Equal(gen(), gen()) {
		t.Error("two renderings of the same document differ")
	}
}

func TestExtractCoreFontText(t *testing.T) {
	p := gofpdf.New("P", "mm", "A4", "")
	p.AddPage()
	p.SetFont("Helvetica", "", 12)
	p.Text(20, 20, "Hello, caf\xe9 100%")
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := ExtractText(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, "Hello, café 100%") {
		t.Errorf("got %q", got)
	}
}

func TestExtractRejectsGarbage(t *testing.T) {
	for _, in := range [][]byte{nil, []byte("hello"), []byte("%PDF-1.4\nnot really a pdf")} {
		if _, err := ExtractText(in); !errors.Is(err, ErrNotPDF) {
			t.Errorf("ExtractText(%q) = %v, want ErrNotPDF", in, err)
		}
	}
}

func TestCMapRangeArithmetic(t *testing.T) {
	// A conforming map (ranges within one last byte) and gofpdf's full-range
	// identity map must both decode.
	m := &cmap{chars: map[[2]uint32][]uint16{}}
	m.space = []codeRange{{2, 0, 0xFFFF}}
	m.ranges = []bfRange{
		{codeRange: codeRange{2, 0x0010, 0x0020}, dst: []uint16{0x7279}},
		{codeRange: codeRange{2, 0x0100, 0xFFFF}, dst: []uint16{0x0100}},
	}
	m.chars[[2]uint32{2, 0x0001}] = []uint16{0xD83D, 0xDE00} // surrogate pair
	got := m.decode("\x00\x10\x00\x11\x4e\x13\x00\x01\x00\x05")
	if want := "特牺专😀\uFFFD"; got != want {
		t.Errorf("decode = %q, want %q", got, want)
	}
}

func TestWrap(t *testing.T) {
	const s = "经专家合议，同意按项目付费，核减不合理费用 ¥1,234.50。理由：该病例住院天数明显超过同组平均水平（约为 3.2 倍），且使用了“体外膜肺氧合（ECMO）”等特殊治疗。"
	for _, width := range []float64{20, 35, 60, 100, 170} {
		lines := Wrap(s, SizeBody, width)
		joined := strings.Join(lines, "")
		if squash(joined) != squash(s) {
			t.Fatalf("width %v: lines lose text:\n%q", width, lines)
		}
		for i, l := range lines {
			if w := TextWidth(l, SizeBody); w > width+0.001 {
				t.Errorf("width %v: line %d %q is %.2f mm wide", width, i, l, w)
			}
			if width < 30 {
				continue // too narrow for "（ECMO）”" to keep the punctuation rules
			}
			if i > 0 && l != "" {
				first := []rune(l)[0]
				if strings.ContainsRune("，。、；：？！）”", first) {
					t.Errorf("width %v: line %d starts with %q", width, i, string(first))
				}
			}
			if i < len(lines)-1 && l != "" {
				rs := []rune(l)
				if strings.ContainsRune("（“", rs[len(rs)-1]) {
					t.Errorf("width %v: line %d ends with %q", width, i, string(rs[len(rs)-1]))
				}
			}
		}
		if width == 170 && len(lines) > 3 {
			t.Errorf("170 mm should take at most 3 lines, got %d", len(lines))
		}
	}
	// The amount stays whole.
	for _, l := range Wrap(s, SizeBody, 40) {
		if strings.Contains(l, "¥1,2") && !strings.Contains(l, "¥1,234.50") {
			t.Errorf("amount split: %q", l)
		}
	}
	if got := Wrap("", SizeBody, 50); len(got) != 1 || got[0] != "" {
		t.Errorf("Wrap(\"\") = %q", got)
	}
	if got := Wrap("第一行\n第二行", SizeBody, 100); len(got) != 2 {
		t.Errorf("newline not honoured: %q", got)
	}
	// A token longer than the line is cut by characters.
	long := strings.Repeat("A", 200)
	for _, l := range Wrap(long, SizeBody, 30) {
		if TextWidth(l, SizeBody) > 30 {
			t.Errorf("long token line too wide: %q", l)
		}
	}
}

func TestWrappedTextRowGrows(t *testing.T) {
	m := NewMaroto("")
	r := row.New().Add(TextCol(6, strings.Repeat("测试换行。", 30), props.Text{}))
	m.AddRows(r)
	doc, err := m.Generate()
	if err != nil {
		t.Fatal(err)
	}
	got, _ := ExtractText(doc.GetBytes())
	if c := strings.Count(squash(got), "测试换行。"); c != 30 {
		t.Errorf("found %d of 30 sentences", c)
	}
	if lines := len(Wrap(strings.Repeat("测试换行。", 30), SizeBody, ColWidth(6))); lines < 5 {
		t.Errorf("expected the half-width column to need several lines, got %d", lines)
	}
}

// TestFontUntouched: the embedded font is the file fonts/README.md describes,
// and generating documents (gofpdf writes into the slice it gets) leaves it so.
func TestFontUntouched(t *testing.T) {
	const want = "77bc40e42a3470857b985378d8634793bad8f456f33052ccf7c42f156a5f5734"
	sum := func() string { h := sha256.Sum256(FontBytes()); return hex.EncodeToString(h[:]) }
	if got := sum(); got != want {
		t.Fatalf("font sha256 %s, want %s", got, want)
	}
	m := NewMaroto("")
	m.AddRows(Paragraph("字体不应被修改。Bold 粗体", props.Text{Style: fontstyle.Bold})...)
	if _, err := m.Generate(); err != nil {
		t.Fatal(err)
	}
	if got := sum(); got != want {
		t.Fatalf("font changed by rendering: %s", got)
	}
}

func TestFontFamily(t *testing.T) {
	if FontFamily() == "" || len(FontBytes()) < 1<<20 {
		t.Fatal("font not embedded")
	}
	if string(FontBytes()[:4]) != "\x00\x01\x00\x00" {
		t.Fatalf("embedded font is not TrueType (glyf): %q", FontBytes()[:4])
	}
}

func TestLongTextBreaksAcrossPages(t *testing.T) {
	long := strings.Repeat("该病例住院时间明显超过同组平均水平，费用构成合理。", 120)
	m := NewMaroto("长文本")
	m.AddRows(Paragraph(long, props.Text{})...)
	m.AddRows(TableRows([]Cell{
		{Cols: 3, Text: "一次性耗材"},
		{Cols: 2, Text: "¥1,234.50", Prop: props.Text{Align: "right"}},
		{Cols: 7, Text: long},
	}, nil)...)
	doc, err := m.Generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := ExtractText(doc.GetBytes())
	if err != nil {
		t.Fatal(err)
	}
	if pages := strings.Count(got, "\f") + 1; pages < 4 {
		t.Errorf("expected the text to run over several pages, got %d", pages)
	}
	flat := squash(regexp.MustCompile(`第 \d+ 页 / 共 \d+ 页`).ReplaceAllString(got, ""))
	if c := strings.Count(flat, "该病例住院时间明显超过同组平均水平，费用构成合理。"); c != 240 {
		t.Errorf("found %d of 240 sentences", c)
	}
	for _, want := range []string{"一次性耗材", "¥1,234.50"} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q", want)
		}
	}
}
