package pricing

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// A catalogue is a region's published DRG table as CSV (目录), like the files
// of data/drg/payment: a code column, a name, the relative weight (RW, 权重)
// or standard points (标准分值), and — depending on the region — payment
// standards (支付标准), base rates (费率), level coefficients (系数), outlier
// thresholds and flags, each possibly qualified by level and fund in the
// header, e.g. 支付标准（三级职工）. ReadCatalogue understands those headers
// and keeps every other column as a text attribute.

// ColumnKind is what a catalogue column holds.
type ColumnKind string

const (
	ColCode          ColumnKind = "code"
	ColName          ColumnKind = "name"
	ColWeight        ColumnKind = "weight"         // RW, 权重, 初始权重
	ColPoints        ColumnKind = "points"         // 标准分值, 基准点数
	ColStandard      ColumnKind = "standard"       // 支付标准, yuan
	ColBaseRate      ColumnKind = "base_rate"      // 费率, 基础费率, yuan per RW
	ColCoefficient   ColumnKind = "coefficient"    // 等级系数, X级医院系数
	ColLowThreshold  ColumnKind = "low_threshold"  // 低倍临界值, yuan
	ColHighThreshold ColumnKind = "high_threshold" // 高倍临界值, yuan
	ColAverageCost   ColumnKind = "average_cost"   // 例均费用, yuan
	ColAttribute     ColumnKind = "attribute"      // anything else, kept as text
)

// Column is one header of a catalogue, read. Level and Fund are set when the
// header names them (三级/二级/一级, 职工/居民); any other qualifier — a
// sub-grade such as 三甲, a hospital list, a city — is kept in Qualifier.
type Column struct {
	Index     int        `json:"index"`
	Header    string     `json:"header"`
	Kind      ColumnKind `json:"kind"`
	Level     Level      `json:"level,omitempty"`
	Fund      Fund       `json:"fund,omitempty"`
	Qualifier string     `json:"qualifier,omitempty"`
}

// Catalogue is a read catalogue. Rows with problems are not in Entries.
type Catalogue struct {
	Name     string   `json:"name"`
	Encoding string   `json:"encoding"` // "utf-8", "utf-8 with BOM" or "gb18030"
	Columns  []Column `json:"columns"`
	Entries  []Entry  `json:"entries"`
}

// Entry is one DRG row.
type Entry struct {
	Line   int                 `json:"line"`
	Code   string              `json:"code"`
	Name   string              `json:"name,omitempty"`
	Weight decimal.NullDecimal `json:"weight"` // unset when the cell is empty: the region publishes no weight
	Points decimal.NullDecimal `json:"points"`
	// Values holds the row's other numeric cells by column index.
	Values     map[int]decimal.Decimal `json:"values,omitempty"`
	Attributes map[string]string       `json:"attributes,omitempty"`
}

// Problem is one bad row or cell, located by line (1-based, the header is
// line 1 when the file starts with it) and column header.
type Problem struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column string `json:"column,omitempty"`
	Value  string `json:"value,omitempty"`
	Err    error  `json:"-"`
	// Message is Err's text, for JSON.
	Message string `json:"message"`
}

func (p Problem) Error() string {
	loc := fmt.Sprintf("%s:%d", p.File, p.Line)
	if p.Column != "" {
		loc += ": " + p.Column
	}
	if p.Value != "" {
		loc += fmt.Sprintf(": %q", p.Value)
	}
	return loc + ": " + p.Message
}

func (p Problem) Unwrap() error { return p.Err }

// MaxCatalogueBytes bounds what ReadCatalogue will read; real catalogues are
// under 100 kB.
const MaxCatalogueBytes = 16 << 20

// ReadCatalogue reads a catalogue CSV in UTF-8 (with or without a byte-order
// mark) or GB18030/GBK, told apart by UTF-8 validity. name labels problems
// (usually the file name). It returns every bad row as a Problem and goes on
// reading; the error is for a file it cannot read at all: unreadable,
// undecodable, too large, or with a header lacking a code or weight column.
func ReadCatalogue(r io.Reader, name string) (*Catalogue, []Problem, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxCatalogueBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("pricing: read catalogue %s: %w", name, err)
	}
	if len(raw) > MaxCatalogueBytes {
		return nil, nil, fmt.Errorf("%w: %s is over %d bytes", ErrTooLarge, name, MaxCatalogueBytes)
	}
	text, enc, err := decodeCatalogue(raw)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %s", err, name)
	}
	cat := &Catalogue{Name: name, Encoding: enc}
	var probs []Problem
	report := func(line int, col, val string, err error) {
		probs = append(probs, Problem{File: name, Line: line, Column: col, Value: val, Err: err, Message: err.Error()})
	}

	cr := csv.NewReader(bytes.NewReader(text))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = false

	var header []string
	for header == nil {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil, nil, fmt.Errorf("%w: %s", ErrNoHeader, name)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %s: %v", ErrNoHeader, name, err)
		}
		if !blank(rec) {
			header = rec
		}
	}
	if cat.Columns, err = readHeader(header); err != nil {
		return nil, nil, fmt.Errorf("%w: %s", err, name)
	}
	codeCol, nameCol, weightCol, pointsCol := -1, -1, -1, -1
	for _, c := range cat.Columns {
		switch c.Kind {
		case ColCode:
			codeCol = c.Index
		case ColName:
			nameCol = c.Index
		case ColWeight:
			weightCol = c.Index
		case ColPoints:
			pointsCol = c.Index
		}
	}

	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				report(pe.StartLine, "", "", fmt.Errorf("%w: %v", ErrCSVSyntax, pe.Err))
				continue
			}
			return nil, nil, fmt.Errorf("pricing: read catalogue %s: %w", name, err)
		}
		if blank(rec) {
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(cat.Columns) {
			report(line, "", "", fmt.Errorf("%w: %d, the header has %d", ErrFieldCount, len(rec), len(cat.Columns)))
			continue
		}
		e := Entry{Line: line}
		bad := false
		for _, c := range cat.Columns {
			cell := strings.TrimSpace(rec[c.Index])
			switch {
			case c.Index == codeCol:
				e.Code = strings.ToUpper(cell)
				if !drgCode.MatchString(e.Code) {
					report(line, c.Header, cell, ErrBadDRGCode)
					bad = true
				} else if first, dup := seen[e.Code]; dup {
					report(line, c.Header, cell, fmt.Errorf("%w: first on line %d", ErrDuplicateCode, first))
					bad = true
				}
			case c.Index == nameCol:
				e.Name = cell
			case c.Kind == ColAttribute:
				if cell != "" {
					if e.Attributes == nil {
						e.Attributes = map[string]string{}
					}
					e.Attributes[c.Header] = cell
				}
			case cell == "":
			case c.Kind == ColWeight && cell == "0", notPriced(cell):
				// The region's way of saying the group has no weight or
				// amount here (transplants, groups paid by item): keep
				// the words, leave the number unset.
				if e.Attributes == nil {
					e.Attributes = map[string]string{}
				}
				e.Attributes[c.Header] = cell
			default:
				d, err := cellNumber(cell)
				if err != nil {
					report(line, c.Header, cell, err)
					bad = true
					continue
				}
				switch c.Index {
				case weightCol:
					e.Weight = decimal.NewNullDecimal(d)
				case pointsCol:
					e.Points = decimal.NewNullDecimal(d)
				default:
					if e.Values == nil {
						e.Values = map[int]decimal.Decimal{}
					}
					e.Values[c.Index] = d
				}
			}
		}
		if bad {
			continue
		}
		seen[e.Code] = line
		cat.Entries = append(cat.Entries, e)
	}
	return cat, probs, nil
}

// decodeCatalogue strips a UTF-8 BOM, or decodes GB18030 (a superset of GBK
// and GB2312) when the bytes are not valid UTF-8.
func decodeCatalogue(raw []byte) ([]byte, string, error) {
	if b, ok := bytes.CutPrefix(raw, []byte("\xEF\xBB\xBF")); ok {
		if !utf8.Valid(b) {
			return nil, "", ErrEncoding
		}
		return b, "utf-8 with BOM", nil
	}
	if utf8.Valid(raw) {
		return raw, "utf-8", nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
		return nil, "", ErrEncoding
	}
	return out, "gb18030", nil
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

var number = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// cellNumber reads a numeric cell. Precision is not checked here: a
// catalogue is read as published; Weights and Standards round.
func cellNumber(cell string) (decimal.Decimal, error) {
	if !number.MatchString(cell) {
		return zero, ErrBadValue
	}
	d, err := decimal.NewFromString(cell)
	if err != nil {
		return zero, ErrBadValue
	}
	if d.IsNegative() {
		return zero, ErrNegative
	}
	return d, nil
}

// notPriced recognises the words catalogues put in a numeric cell for a
// group priced otherwise: 按项目据实支付 (Beijing), 无 (Changsha), dashes.
func notPriced(cell string) bool {
	switch cell {
	case "无", "-", "—", "--", "/", "不适用":
		return true
	}
	return strings.HasPrefix(cell, "按项目") || strings.HasPrefix(cell, "据实")
}

var (
	codeHeaders   = []string{"DRG编码", "DRG组编码", "分组编码", "病组编码", "DRG", "DRG代码"}
	nameHeaders   = []string{"DRG名称", "DRG组名称", "分组名称", "病组名称"}
	weightHeaders = []string{"RW", "权重", "初始权重", "相对权重", "权重(RW)"}
	pointHeaders  = []string{"标准分值", "基准点数", "分值", "点数"}
	// Keyword → kind for the qualified headers, tried in order.
	keyed = []struct {
		kind     ColumnKind
		keywords []string // removed from the header to leave the qualifier
		match    func(string) bool
	}{
		{ColStandard, []string{"支付标准"}, func(h string) bool { return strings.Contains(h, "支付标准") }},
		{ColLowThreshold, []string{"低倍临界值"}, func(h string) bool { return strings.Contains(h, "低倍临界值") }},
		{ColHighThreshold, []string{"高倍临界值"}, func(h string) bool { return strings.Contains(h, "高倍临界值") }},
		{ColAverageCost, []string{"例均费用"}, func(h string) bool { return strings.Contains(h, "例均费用") }},
		{ColCoefficient, []string{"等级系数", "系数"}, func(h string) bool { return strings.HasSuffix(h, "系数") || strings.HasPrefix(h, "等级系数") }},
		{ColBaseRate, []string{"基础费率", "费率"}, func(h string) bool { return strings.HasPrefix(h, "费率") || strings.HasPrefix(h, "基础费率") }},
	}
	headerFold = strings.NewReplacer("（", "(", "）", ")", " ", "", "\u3000", "", "\t", "")
)

func readHeader(rec []string) ([]Column, error) {
	cols := make([]Column, len(rec))
	type key struct {
		kind        ColumnKind
		level       Level
		fund        Fund
		qual, attrH string
	}
	seen := map[key]bool{}
	for i, h := range rec {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
		c := classify(h)
		c.Index = i
		k := key{c.Kind, c.Level, c.Fund, c.Qualifier, ""}
		if c.Kind == ColAttribute {
			k.attrH = h
		}
		if seen[k] {
			return nil, fmt.Errorf("%w: %q", ErrDuplicateCol, h)
		}
		seen[k] = true
		cols[i] = c
	}
	has := func(k ColumnKind) bool {
		return slices.ContainsFunc(cols, func(c Column) bool { return c.Kind == k })
	}
	if !has(ColCode) {
		return nil, ErrNoCodeColumn
	}
	if !has(ColWeight) && !has(ColPoints) {
		return nil, ErrNoWeightColumn
	}
	return cols, nil
}

func classify(h string) Column {
	c := Column{Header: h, Kind: ColAttribute}
	n := headerFold.Replace(h)
	upper := strings.ToUpper(n)
	switch {
	case slices.Contains(codeHeaders, upper):
		c.Kind = ColCode
		return c
	case slices.Contains(nameHeaders, upper):
		c.Kind = ColName
		return c
	case slices.Contains(weightHeaders, upper):
		c.Kind = ColWeight
		return c
	case slices.Contains(pointHeaders, n):
		c.Kind = ColPoints
		return c
	}
	for _, k := range keyed {
		if !k.match(n) {
			continue
		}
		c.Kind = k.kind
		q := n
		for _, w := range k.keywords {
			q = strings.Replace(q, w, "", 1)
		}
		q = strings.NewReplacer("(", "", ")", "", "医院", "").Replace(q)
		c.Level, c.Fund, c.Qualifier = qualifier(q)
		return c
	}
	return c
}

// qualifier splits "三级职工", "二级", "居民" into level and fund; anything
// else is returned whole as the qualifier.
func qualifier(q string) (Level, Fund, string) {
	var l Level
	for prefix, lv := range map[string]Level{"三级": Tertiary, "二级": Secondary, "一级": Primary} {
		if rest, ok := strings.CutPrefix(q, prefix); ok {
			l, q = lv, rest
			break
		}
	}
	switch q {
	case "":
		return l, "", ""
	case "职工":
		return l, Employee, ""
	case "居民":
		return l, Resident, ""
	}
	if l != "" {
		q = map[Level]string{Tertiary: "三级", Secondary: "二级", Primary: "一级"}[l] + q
	}
	return "", "", q
}

// Weights returns the weight of every entry that has one, rounded half-up
// to the 4 decimal places a Version holds. Rounded lists what changed.
func (c *Catalogue) Weights() map[string]decimal.Decimal {
	out := make(map[string]decimal.Decimal, len(c.Entries))
	for _, e := range c.Entries {
		if e.Weight.Valid {
			out[e.Code] = roundRatio(e.Weight.Decimal)
		}
	}
	return out
}

// Unweighted lists the codes without a weight or points: groups the region
// lists but does not price by weight (transplants, groups paid by item).
func (c *Catalogue) Unweighted() []string {
	var out []string
	for _, e := range c.Entries {
		if !e.Weight.Valid && !e.Points.Valid {
			out = append(out, e.Code)
		}
	}
	return out
}

// Standards returns the published payment standards, rounded half-up to
// cents, of the columns that name a level and fund, or neither — not those
// qualified otherwise (a hospital list, a sub-grade), which a bureau must map
// by hand. Only entries with a weight are included, as a Version requires.
func (c *Catalogue) Standards() []Standard {
	var out []Standard
	for _, e := range c.Entries {
		if !e.Weight.Valid {
			continue
		}
		for _, i := range slices.Sorted(maps.Keys(e.Values)) {
			col := c.Columns[i]
			if col.Kind != ColStandard || col.Qualifier != "" {
				continue
			}
			out = append(out, Standard{DRG: e.Code, Level: col.Level, Fund: col.Fund, Amount: roundMoney(e.Values[i])})
		}
	}
	return out
}

// RoundedValue is a published figure that Weights or Standards rounded.
type RoundedValue struct {
	Line   int             `json:"line"`
	Code   string          `json:"code"`
	Column string          `json:"column"`
	From   decimal.Decimal `json:"from"`
	To     decimal.Decimal `json:"to"`
}

// Rounded lists every weight (to 4 places) and standard (to cents) that
// Weights and Standards round, so an administrator can see what importing
// changes.
func (c *Catalogue) Rounded() []RoundedValue {
	var out []RoundedValue
	for _, e := range c.Entries {
		for _, col := range c.Columns {
			var d decimal.Decimal
			var to decimal.Decimal
			switch {
			case col.Kind == ColWeight && e.Weight.Valid:
				d, to = e.Weight.Decimal, roundRatio(e.Weight.Decimal)
			case col.Kind == ColStandard && col.Qualifier == "" && e.Weight.Valid && hasKey(e.Values, col.Index):
				d, to = e.Values[col.Index], roundMoney(e.Values[col.Index])
			default:
				continue
			}
			if !d.Equal(to) {
				out = append(out, RoundedValue{Line: e.Line, Code: e.Code, Column: col.Header, From: d, To: to})
			}
		}
	}
	return out
}

// Value returns an entry's cell of the given kind, level and fund (and no
// other qualifier).
func (c *Catalogue) Value(e Entry, k ColumnKind, l Level, f Fund) (decimal.Decimal, bool) {
	for _, col := range c.Columns {
		if col.Kind == k && col.Level == l && col.Fund == f && col.Qualifier == "" {
			d, ok := e.Values[col.Index]
			return d, ok
		}
	}
	return zero, false
}

// Entry returns the entry of a code.
func (c *Catalogue) Entry(code string) (Entry, bool) {
	for _, e := range c.Entries {
		if e.Code == code {
			return e, true
		}
	}
	return Entry{}, false
}
