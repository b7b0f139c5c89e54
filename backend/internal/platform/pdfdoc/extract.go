package pdfdoc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding/charmap"
)

// ErrNotPDF is returned by ExtractText for input that is not a readable PDF.
var ErrNotPDF = errors.New("pdfdoc: not a readable PDF")

// ExtractText returns the plain text of a PDF: the strings shown on each page
// in content order, decoded through each font's ToUnicode map (so text set in
// the embedded CJK font comes out as real Chinese characters), one line per
// text object, pages separated by a form feed.
//
// It reads the files Teyi makes (gofpdf via maroto) and ordinary simple PDFs;
// it does not look into form XObjects or annotations. ledongthuc/pdf parses
// the file; the text decoding is done here because its ToUnicode handling
// mishandles the full-range identity map that gofpdf writes.
func ExtractText(data []byte) (text string, err error) {
	if !bytes.HasPrefix(bytes.TrimLeft(data, "\x00\t\r\n "), []byte("%PDF-")) {
		return "", ErrNotPDF
	}
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("%w: %v", ErrNotPDF, r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNotPDF, err)
	}
	var b strings.Builder
	for i := 1; i <= r.NumPage(); i++ {
		if i > 1 {
			b.WriteString("\f")
		}
		pageText(r.Page(i), &b)
	}
	return b.String(), nil
}

func pageText(p pdf.Page, b *strings.Builder) {
	if p.V.IsNull() {
		return
	}
	contents := p.V.Key("Contents")
	if contents.IsNull() {
		return
	}
	fontRes := p.Resources().Key("Font")
	fonts := map[string]decoder{}
	for _, name := range fontRes.Keys() {
		fonts[name] = newDecoder(fontRes.Key(name))
	}
	var dec decoder = latinDecoder{}
	newline := func() {
		s := b.String()
		if s != "" && !strings.HasSuffix(s, "\n") && !strings.HasSuffix(s, "\f") {
			b.WriteByte('\n')
		}
	}
	show := func(v pdf.Value) { b.WriteString(dec.decode(v.RawString())) }
	pdf.Interpret(contents, func(stk *pdf.Stack, op string) {
		n := stk.Len()
		args := make([]pdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		switch op {
		case "BT", "T*", "Td", "TD":
			if op == "BT" || op == "T*" {
				newline()
			}
		case "Tf":
			if len(args) == 2 {
				if d, ok := fonts[args[0].Name()]; ok {
					dec = d
				} else {
					dec = latinDecoder{}
				}
			}
		case "Tj", "'":
			if op == "'" {
				newline()
			}
			if len(args) >= 1 {
				show(args[len(args)-1])
			}
		case "\"":
			newline()
			if len(args) == 3 {
				show(args[2])
			}
		case "TJ":
			if len(args) == 1 {
				a := args[0]
				for i := 0; i < a.Len(); i++ {
					x := a.Index(i)
					switch x.Kind() {
					case pdf.String:
						show(x)
					case pdf.Integer, pdf.Real:
						if x.Float64() < -300 { // a wide negative kern is a word gap
							b.WriteByte(' ')
						}
					}
				}
			}
		}
	})
}

type decoder interface{ decode(raw string) string }

// latinDecoder reads one byte per character as Windows-1252, the encoding
// gofpdf uses for its core fonts.
type latinDecoder struct{}

func (latinDecoder) decode(raw string) string {
	out, err := charmap.Windows1252.NewDecoder().String(raw)
	if err != nil {
		return raw
	}
	return out
}

func newDecoder(font pdf.Value) decoder {
	if tu := font.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		if m := parseCMap(tu); m != nil {
			return m
		}
	}
	if font.Key("Subtype").Name() == "Type0" {
		return identityDecoder{}
	}
	return latinDecoder{}
}

// identityDecoder is the fallback for a Type0 font without a ToUnicode map:
// two bytes per code, taken as the Unicode value (right for fonts whose
// CIDs are Unicode, as gofpdf's are).
type identityDecoder struct{}

func (identityDecoder) decode(raw string) string {
	var b strings.Builder
	for i := 0; i+1 < len(raw); i += 2 {
		b.WriteRune(rune(raw[i])<<8 | rune(raw[i+1]))
	}
	return b.String()
}

type codeRange struct {
	n      int
	lo, hi uint32
}

type bfRange struct {
	codeRange
	dst   []uint16   // destination string as UTF-16 units; its last unit is offset
	array [][]uint16 // or one destination per code
}

type cmap struct {
	space  []codeRange
	chars  map[[2]uint32][]uint16 // (length, code) → UTF-16
	ranges []bfRange
}

func codeValue(s string) uint32 {
	var v uint32
	for i := 0; i < len(s); i++ {
		v = v<<8 | uint32(s[i])
	}
	return v
}

func units(s string) []uint16 {
	u := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return u
}

func parseCMap(strm pdf.Value) (m *cmap) {
	defer func() {
		if recover() != nil {
			m = nil
		}
	}()
	rd := strm.Reader()
	defer rd.Close()
	data, err := io.ReadAll(rd)
	if err != nil {
		return nil
	}
	m = &cmap{chars: map[[2]uint32][]uint16{}}
	var ops []cmapToken // operands since the last operator
	for _, t := range tokenizeCMap(data) {
		if t.kind != tokKeyword {
			ops = append(ops, t)
			continue
		}
		switch t.text {
		case "endcodespacerange":
			for i := 0; i+1 < len(ops); i += 2 {
				lo, hi := ops[i].text, ops[i+1].text
				if ops[i].kind != tokHex || ops[i+1].kind != tokHex || len(lo) == 0 || len(lo) != len(hi) || len(lo) > 4 {
					continue
				}
				m.space = append(m.space, codeRange{len(lo), codeValue(lo), codeValue(hi)})
			}
		case "endbfchar":
			for i := 0; i+1 < len(ops); i += 2 {
				if ops[i].kind == tokHex && len(ops[i].text) <= 4 {
					src := ops[i].text
					m.chars[[2]uint32{uint32(len(src)), codeValue(src)}] = units(ops[i+1].text)
				}
			}
		case "endbfrange":
			for i := 0; i+2 < len(ops); i += 3 {
				lo, hi, dst := ops[i], ops[i+1], ops[i+2]
				if lo.kind != tokHex || hi.kind != tokHex || len(lo.text) == 0 || len(lo.text) != len(hi.text) || len(lo.text) > 4 {
					continue
				}
				r := bfRange{codeRange: codeRange{len(lo.text), codeValue(lo.text), codeValue(hi.text)}}
				if dst.kind == tokArray {
					for _, e := range dst.items {
						r.array = append(r.array, units(e))
					}
				} else {
					r.dst = units(dst.text)
				}
				m.ranges = append(m.ranges, r)
			}
		}
		ops = ops[:0]
	}
	if len(m.space) == 0 {
		m.space = []codeRange{{2, 0, 0xFFFF}}
	}
	return m
}

type tokKind int

const (
	tokKeyword tokKind = iota
	tokHex             // <...>, text holds the decoded bytes
	tokString          // (...)
	tokArray           // [...] of strings, items hold the decoded bytes
	tokOther           // names, numbers, dictionaries
)

type cmapToken struct {
	kind  tokKind
	text  string
	items []string
}

// tokenizeCMap splits a CMap program into the tokens parseCMap needs.
func tokenizeCMap(b []byte) []cmapToken {
	var out []cmapToken
	var stack [][]string // open arrays
	emit := func(t cmapToken) {
		if len(stack) > 0 && (t.kind == tokHex || t.kind == tokString) {
			stack[len(stack)-1] = append(stack[len(stack)-1], t.text)
			return
		}
		if len(stack) == 0 {
			out = append(out, t)
		}
	}
	isDelim := func(c byte) bool { return strings.IndexByte("()<>[]{}/%", c) >= 0 }
	isSpace := func(c byte) bool { return strings.IndexByte(" \t\r\n\f\x00", c) >= 0 }
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case isSpace(c):
			i++
		case c == '%':
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
		case c == '<' && i+1 < len(b) && b[i+1] == '<', c == '>' && i+1 < len(b) && b[i+1] == '>':
			i += 2
			emit(cmapToken{kind: tokOther})
		case c == '<':
			j := bytes.IndexByte(b[i:], '>')
			if j < 0 {
				return out
			}
			emit(cmapToken{kind: tokHex, text: decodeHex(b[i+1 : i+j])})
			i += j + 1
		case c == '(':
			depth, j := 0, i
			var s []byte
			for ; j < len(b); j++ {
				ch := b[j]
				if ch == '\\' && j+1 < len(b) {
					j++
					s = append(s, b[j])
					continue
				}
				if ch == '(' {
					depth++
					if depth == 1 {
						continue
					}
				}
				if ch == ')' {
					depth--
					if depth == 0 {
						break
					}
				}
				s = append(s, ch)
			}
			emit(cmapToken{kind: tokString, text: string(s)})
			i = j + 1
		case c == '[':
			stack = append(stack, nil)
			i++
		case c == ']':
			if len(stack) > 0 {
				items := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if len(stack) == 0 {
					out = append(out, cmapToken{kind: tokArray, items: items})
				}
			}
			i++
		default:
			j := i + 1
			for j < len(b) && !isSpace(b[j]) && !isDelim(b[j]) {
				j++
			}
			word := string(b[i:j])
			if c == '/' || (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == '{' || c == '}' || c == ')' || c == '>' {
				emit(cmapToken{kind: tokOther, text: word})
			} else {
				emit(cmapToken{kind: tokKeyword, text: word})
			}
			i = j
		}
	}
	return out
}

func decodeHex(h []byte) string {
	var digits []byte
	for _, c := range h {
		switch {
		case c >= '0' && c <= '9':
			digits = append(digits, c-'0')
		case c >= 'a' && c <= 'f':
			digits = append(digits, c-'a'+10)
		case c >= 'A' && c <= 'F':
			digits = append(digits, c-'A'+10)
		}
	}
	if len(digits)%2 == 1 {
		digits = append(digits, 0)
	}
	out := make([]byte, len(digits)/2)
	for i := range out {
		out[i] = digits[2*i]<<4 | digits[2*i+1]
	}
	return string(out)
}

func (m *cmap) decode(raw string) string {
	var out []uint16
	for len(raw) > 0 {
		n := 0
		for _, sp := range m.space {
			if sp.n <= len(raw) {
				if v := codeValue(raw[:sp.n]); v >= sp.lo && v <= sp.hi {
					n = sp.n
					break
				}
			}
		}
		if n == 0 {
			n = 1
		}
		out = append(out, m.lookup(n, codeValue(raw[:n]))...)
		raw = raw[n:]
	}
	return string(utf16.Decode(out))
}

func (m *cmap) lookup(n int, code uint32) []uint16 {
	if u, ok := m.chars[[2]uint32{uint32(n), code}]; ok {
		return u
	}
	for _, r := range m.ranges {
		if r.n != n || code < r.lo || code > r.hi {
			continue
		}
		off := code - r.lo
		if r.array != nil {
			if int(off) < len(r.array) {
				return r.array[off]
			}
			break
		}
		if len(r.dst) == 0 {
			break
		}
		u := append([]uint16(nil), r.dst...)
		u[len(u)-1] += uint16(off)
		return u
	}
	return []uint16{0xFFFD}
}
