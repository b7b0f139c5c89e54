package pdfdoc

import (
	"strings"
	"unicode"

	"github.com/johnfercher/maroto/v2/pkg/components/col"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/consts/border"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/props"
)

// noLineStart are characters that must not begin a line (避头点).
const noLineStart = "，。、；：？！）》」』】〕〉”’％‰…—·,.;:?!)]}%"

// noLineEnd are characters that must not end a line (避尾点).
const noLineEnd = "（《「『【〔〈“‘([{¥$"

// Wrap breaks s into lines no wider than widthMM when set at sizePt points.
// Chinese text breaks between any two characters, Latin words and numbers
// (such as "¥1,234.50") stay whole unless longer than a line, spaces are break
// opportunities, "\n" forces a break, and the usual rules keep closing
// punctuation off the start of a line and opening punctuation off its end.
// The result has at least one line (possibly empty).
func Wrap(s string, sizePt, widthMM float64) []string {
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		out = append(out, wrapPara(para, sizePt, widthMM)...)
	}
	return out
}

func wrapPara(s string, sizePt, width float64) []string {
	var lines []string
	var line []string // units of the current line
	join := func(us []string) string { return strings.TrimRight(strings.Join(us, ""), " ") }
	fits := func(us []string) bool { return TextWidth(join(us), sizePt) <= width }
	emit := func(us []string) { lines = append(lines, join(us)) }
	for _, u := range splitUnits(s) {
		if u == " " {
			if len(line) > 0 && line[len(line)-1] != " " {
				line = append(line, " ")
			}
			continue
		}
		if fits(append(line[:len(line):len(line)], u)) {
			line = append(line, u)
			continue
		}
		if join(line) == "" {
			// A unit wider than the line: break it by characters.
			var cur []string
			for _, r := range u {
				if len(cur) > 0 && !fits(append(cur[:len(cur):len(cur)], string(r))) {
					emit(cur)
					cur = nil
				}
				cur = append(cur, string(r))
			}
			line = cur
			continue
		}
		// u starts the next line. Carry units of this line along so that the
		// next line does not start with closing punctuation and this one
		// does not end with opening punctuation.
		keep := trimSpaces(line)
		var carry []string
		if isNoStart(u) {
			for len(keep) > 1 {
				carry = append([]string{keep[len(keep)-1]}, carry...)
				keep = trimSpaces(keep[:len(keep)-1])
				if !isNoStart(carry[0]) {
					break
				}
			}
		}
		for len(keep) > 1 && isNoEnd(keep[len(keep)-1]) {
			carry = append([]string{keep[len(keep)-1]}, carry...)
			keep = trimSpaces(keep[:len(keep)-1])
		}
		next := append(carry[:len(carry):len(carry)], u)
		if len(carry) > 0 && (isNoStart(carry[0]) || isNoEnd(keep[len(keep)-1]) || !fits(next)) {
			// No good place to break: break before u after all.
			keep, next = trimSpaces(line), []string{u}
		}
		emit(keep)
		line = next
	}
	if len(line) > 0 || len(lines) == 0 {
		emit(line)
	}
	return lines
}

func trimSpaces(us []string) []string {
	for len(us) > 0 && us[len(us)-1] == " " {
		us = us[:len(us)-1]
	}
	return us
}

func isNoEnd(u string) bool {
	rs := []rune(u)
	return len(rs) > 0 && strings.ContainsRune(noLineEnd, rs[len(rs)-1])
}

func isNoStart(u string) bool {
	for _, r := range u {
		return strings.ContainsRune(noLineStart, r)
	}
	return false
}

// splitUnits cuts s into unbreakable units: single spaces, single CJK
// characters (and other wide characters) and runs of other characters.
func splitUnits(s string) []string {
	var units []string
	var run strings.Builder
	flush := func() {
		if run.Len() > 0 {
			units = append(units, run.String())
			run.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t' || r == '\u3000':
			flush()
			units = append(units, " ")
		case isWide(r):
			flush()
			units = append(units, string(r))
		case strings.ContainsRune(noLineStart, r) && run.Len() == 0 && len(units) > 0:
			// ASCII closing punctuation after a CJK character.
			units = append(units, string(r))
		default:
			run.WriteRune(r)
		}
	}
	flush()
	return units
}

func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		(r >= 0x3000 && r <= 0x303F) || // CJK symbols and punctuation
		(r >= 0xFF00 && r <= 0xFFEF) || // full-width forms
		(r >= 0x2010 && r <= 0x2027) // dashes, quotes, ellipsis
}

// LineHeight is the baseline-to-baseline distance in millimetres that
// WrappedText uses for sizePt points (1.5 × the font size).
func LineHeight(sizePt float64) float64 {
	return sizePt * 25.4 / 72 * 1.5
}

// WrappedText returns one maroto text component per wrapped line of s, placed
// below each other, for a column of width widthMM. Put them into one column of
// an auto-height row (row.New()); the row grows with the line count. p.Size 0
// means SizeBody; p.Left and p.Right narrow the text as in maroto.
func WrappedText(s string, widthMM float64, p props.Text) []core.Component {
	if p.Size == 0 {
		p.Size = SizeBody
	}
	if p.Family == "" {
		p.Family = family
	}
	lines := Wrap(s, p.Size, widthMM-p.Left-p.Right)
	step := LineHeight(p.Size)
	top := p.Top
	out := make([]core.Component, 0, len(lines))
	for i, l := range lines {
		q := p
		q.Top = top + float64(i)*step
		if i < len(lines)-1 {
			q.Bottom = 0
		}
		out = append(out, text.New(l, q))
	}
	return out
}

// TextCol is a grid column of size cols holding s wrapped to the column
// width, for an auto-height row. Use it for short text; long text belongs in
// Paragraph or TableRows, which can break across pages.
func TextCol(cols int, s string, p props.Text) core.Col {
	return col.New(cols).Add(WrappedText(s, ColWidth(cols), p)...)
}

// Paragraph sets s over the content width as one maroto row per wrapped line,
// so that long text continues on the next page (maroto cannot split a row).
// p.Left indents every line; p.Size 0 means SizeBody.
func Paragraph(s string, p props.Text) []core.Row {
	if p.Size == 0 {
		p.Size = SizeBody
	}
	if p.Family == "" {
		p.Family = family
	}
	step := LineHeight(p.Size)
	p.Top = (step - p.Size*25.4/72) / 3
	p.Bottom = 0
	lines := Wrap(s, p.Size, ContentWidth-p.Left-p.Right)
	rows := make([]core.Row, 0, len(lines))
	for _, l := range lines {
		rows = append(rows, row.New(step).Add(col.New(GridSize).Add(text.New(l, p))))
	}
	return rows
}

// Cell is one cell of a table row for TableRows: a span of Cols grid columns
// and its text. Style gives its background; borders are drawn by TableRows.
type Cell struct {
	Cols  int
	Text  string
	Prop  props.Text
	Style props.Cell
}

// Table cell padding in millimetres.
const (
	CellPadH = 1.5
	CellPadV = 1.2
)

// TableChunkLines is how many lines of a table row TableRows keeps in one
// maroto row; a taller table row continues in further maroto rows (and so
// may continue on the next page).
const TableChunkLines = 12

// TableRows lays out one table row whose cells wrap to their widths, with a
// grid border (lineColor, nil for grey). The cells' Cols should add up to
// GridSize.
func TableRows(cells []Cell, lineColor *props.Color) []core.Row {
	if lineColor == nil {
		lineColor = &props.Color{Red: 160, Green: 160, Blue: 160}
	}
	wrapped := make([][]string, len(cells))
	n := 1
	for i := range cells {
		p := &cells[i].Prop
		if p.Size == 0 {
			p.Size = SizeBody
		}
		if p.Family == "" {
			p.Family = family
		}
		wrapped[i] = Wrap(cells[i].Text, p.Size, ColWidth(cells[i].Cols)-2*CellPadH)
		if len(wrapped[i]) > n {
			n = len(wrapped[i])
		}
	}
	var rows []core.Row
	for start := 0; start < n; start += TableChunkLines {
		end := min(start+TableChunkLines, n)
		first, last := start == 0, end == n
		height := 0.0
		cols := make([]core.Col, len(cells))
		for i, c := range cells {
			step := LineHeight(c.Prop.Size)
			top := (step - c.Prop.Size*25.4/72) / 3
			if first {
				top += CellPadV
			}
			h := float64(end-start) * step
			if first {
				h += CellPadV
			}
			if last {
				h += CellPadV
			}
			height = max(height, h)
			col := col.New(c.Cols)
			for j := start; j < end && j < len(wrapped[i]); j++ {
				q := c.Prop
				q.Top = top + float64(j-start)*step
				q.Left, q.Right, q.Bottom = CellPadH, CellPadH, 0
				col.Add(text.New(wrapped[i][j], q))
			}
			st := c.Style
			st.BorderColor = lineColor
			st.BorderThickness = 0.2
			st.BorderType = border.Left | border.Right
			if first {
				st.BorderType |= border.Top
			}
			if last {
				st.BorderType |= border.Bottom
			}
			cols[i] = col.WithStyle(&st)
		}
		rows = append(rows, row.New(height).Add(cols...))
	}
	return rows
}
