package pdfdoc

import (
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestFontCoverage pins what fonts/README.md says the font covers: all of
// GB2312 (6,763 hanzi and the symbols), every CJK unified ideograph of
// U+4E00–U+9FA5, printable ASCII, and the punctuation Teyi's documents use.
func TestFontCoverage(t *testing.T) {
	f, err := sfnt.Parse(FontBytes())
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	has := func(r rune) bool {
		gi, err := f.GlyphIndex(&buf, r)
		return err == nil && gi != 0
	}
	// GB2312: its 682 symbols (rows 1–9, the ranges GB 2312-80 defines) and
	// 6,763 hanzi (rows 16–87), decoded from EUC-CN.
	dec := simplifiedchinese.GBK.NewDecoder()
	type span struct{ from, to int }
	codes := []span{
		{0xA1A1, 0xA1FE}, {0xA2B1, 0xA2E2}, {0xA2E5, 0xA2EE}, {0xA2F1, 0xA2FC}, {0xA3A1, 0xA3FE},
		{0xA4A1, 0xA4F3}, {0xA5A1, 0xA5F6}, {0xA6A1, 0xA6B8}, {0xA6C1, 0xA6D8}, {0xA7A1, 0xA7C1},
		{0xA7D1, 0xA7F1}, {0xA8A1, 0xA8BA}, {0xA8C5, 0xA8E9}, {0xA9A4, 0xA9EF},
	}
	for hi := 0xB0; hi <= 0xF7; hi++ {
		last := 0xFE
		if hi == 0xD7 {
			last = 0xF9 // row 55 ends at D7F9
		}
		codes = append(codes, span{hi<<8 | 0xA1, hi<<8 | last})
	}
	var hanzi, symbols int
	for _, sp := range codes {
		for c := sp.from; c <= sp.to; c++ {
			s, err := dec.String(string([]byte{byte(c >> 8), byte(c)}))
			if err != nil || len([]rune(s)) != 1 {
				t.Fatalf("GB2312 %04X does not decode", c)
			}
			r := []rune(s)[0]
			if c >= 0xB0A1 {
				hanzi++
			} else {
				symbols++
			}
			if !has(r) {
				t.Errorf("GB2312 %04X %q (U+%04X) missing", c, r, r)
			}
		}
	}
	if hanzi != 6763 || symbols != 682 {
		t.Errorf("GB2312 table: %d hanzi, %d symbols", hanzi, symbols)
	}
	// Every CJK unified ideograph of U+4E00–U+9FA5 (all GBK hanzi outside its last row).
	for r := rune(0x4E00); r <= 0x9FA5; r++ {
		if !has(r) {
			t.Errorf("U+%04X %q missing", r, r)
		}
	}
	for r := rune(0xA1); r <= 0xFF; r++ { // Latin-1 Supplement
		if r != 0xAD && !has(r) {
			t.Errorf("Latin-1 %q missing", r)
		}
	}
	for r := rune(0x20); r < 0x7F; r++ {
		if !has(r) {
			t.Errorf("ASCII %q missing", r)
		}
	}
	for _, r := range "，。、；：？！“”‘’（）《》【】〔〕…—·￥¥％№℃×÷±≤≥①②③" {
		if !has(r) {
			t.Errorf("%q missing", r)
		}
	}
}
