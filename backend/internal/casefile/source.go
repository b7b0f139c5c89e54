package casefile

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Format is an import file format.
type Format string

// The formats.
const (
	FormatCSV  Format = "csv"
	FormatXLSX Format = "xlsx"
	FormatJSON Format = "json"
)

// ParseFormat reads a format name or a file name's extension.
func ParseFormat(s string) (Format, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		s = s[i+1:]
	}
	switch s {
	case "csv", "txt":
		return FormatCSV, nil
	case "xlsx":
		return FormatXLSX, nil
	case "json":
		return FormatJSON, nil
	}
	return "", fmt.Errorf("unsupported format %q: use csv, xlsx or json", s)
}

// MaxRowBytes bounds one row; a longer row is an error, never buffered.
const MaxRowBytes = 4 << 20

// Source yields the rows of an import file one at a time.
type Source interface {
	// Next fills rec with the next row and returns its line (CSV: the line
	// the row starts on; XLSX: the sheet row; JSON: the record number).
	// A *RowError is a problem of that row alone: reading goes on. io.EOF
	// ends the rows; any other error ends the file.
	Next(rec *Record) (int, error)
	// Encoding names the detected text encoding ("UTF-8", "GB18030").
	Encoding() string
}

// FileError is a problem of the whole file (an unreadable header, say).
type FileError struct {
	Line   int
	Reason string
}

func (e *FileError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// rowErr is a row problem as an error value.
type rowErr struct{ RowError }

func (e *rowErr) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// AsRowError unwraps a row problem.
func AsRowError(err error) (RowError, bool) {
	var re *rowErr
	if errors.As(err, &re) {
		return re.RowError, true
	}
	return RowError{}, false
}

// decodeText detects the text encoding: a UTF-8 byte-order mark is dropped,
// valid UTF-8 is read as is, anything else is read as GB18030 (a superset
// of GBK and GB2312, which Chinese spreadsheet software writes by default).
func decodeText(r io.Reader) (io.Reader, string, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(64 << 10)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, "", err
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		br.Discard(3) //nolint:errcheck // peeked above
		return br, "UTF-8", nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return nil, "", &FileError{Line: 1, Reason: "the file is UTF-16; save it as UTF-8 or GBK CSV"}
	}
	if validUTF8Prefix(head) {
		return br, "UTF-8", nil
	}
	return transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder()), "GB18030", nil
}

// validUTF8Prefix is utf8.Valid, forgiving a rune cut at the end of the
// sample.
func validUTF8Prefix(b []byte) bool {
	for i := 0; i < utf8.UTFMax && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return true
		}
		r, _ := utf8.DecodeLastRune(b)
		if r != utf8.RuneError {
			return false
		}
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

// rowLimiter fails a read when a line grows past MaxRowBytes.
type rowLimiter struct {
	r   io.Reader
	run int
}

var errRowTooLong = errors.New("a row is longer than 4 MiB")

func (l *rowLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\n' {
			l.run = 0
			continue
		}
		l.run++
		if l.run > MaxRowBytes {
			return i, errRowTooLong
		}
	}
	return n, err
}

type csvSource struct {
	cr       *csv.Reader
	cols     []int // file column → layout column, -1 ignored
	enc      string
	min      int
	header   int
	finished bool
}

// NewCSV reads the flat layout from CSV. The first row is the header:
// national field names or Chinese titles, in any order; unknown columns are
// ignored, and a missing required column is a file error.
func NewCSV(r io.Reader) (Source, error) {
	text, enc, err := decodeText(r)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(&rowLimiter{r: text})
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err == io.EOF {
		return nil, &FileError{Line: 1, Reason: "the file is empty"}
	}
	if err != nil {
		return nil, &FileError{Line: 1, Reason: "the header row cannot be read: " + csvReason(err)}
	}
	cols, err := mapHeader(head)
	if err != nil {
		return nil, err
	}
	return &csvSource{cr: cr, cols: cols, enc: enc, min: len(head)}, nil
}

func mapHeader(head []string) ([]int, error) {
	cols := make([]int, len(head))
	seen := make(map[Column]bool, len(head))
	for i, h := range head {
		c, ok := LookupHeader(h)
		if !ok {
			cols[i] = -1
			continue
		}
		if seen[c] {
			return nil, &FileError{Line: 1, Reason: fmt.Sprintf("column %s appears twice", Columns[c].Name)}
		}
		seen[c] = true
		cols[i] = int(c)
	}
	var missing []string
	for i, c := range Columns {
		if c.Required && !seen[Column(i)] {
			missing = append(missing, c.Name)
		}
	}
	if len(missing) > 0 {
		return nil, &FileError{Line: 1, Reason: "required columns missing: " + strings.Join(missing, ", ") +
			" (download the template for the layout)"}
	}
	return cols, nil
}

func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, csv.ErrBareQuote):
			return fmt.Sprintf("a quote inside an unquoted field (column %d); quote the field and double the quote", pe.Column)
		case errors.Is(pe.Err, csv.ErrQuote):
			return fmt.Sprintf("a quoted field is not closed (column %d)", pe.Column)
		}
		return pe.Err.Error()
	}
	if errors.Is(err, errRowTooLong) {
		return errRowTooLong.Error()
	}
	var te interface{ Error() string }
	if errors.As(err, &te) {
		return te.Error()
	}
	return "unreadable"
}

func (s *csvSource) Encoding() string { return s.enc }

func (s *csvSource) Next(rec *Record) (int, error) {
	for {
		if s.finished {
			return 0, io.EOF
		}
		fields, err := s.cr.Read()
		if err == io.EOF {
			s.finished = true
			return 0, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			if errors.Is(err, errRowTooLong) {
				s.finished = true // the reader cannot resynchronise
				line, _ = s.cr.FieldPos(0)
				return line, &rowErr{RowError{Line: line, Field: "", Reason: "the row is longer than 4 MiB"}}
			}
			if pe == nil {
				return 0, err // an I/O error ends the file
			}
			if errors.Is(pe.Err, csv.ErrQuote) {
				s.finished = true // an unclosed quote runs to the end of the file
			}
			return line, &rowErr{RowError{Line: line, Reason: "malformed CSV: " + csvReason(err)}}
		}
		line, _ := s.cr.FieldPos(0)
		if len(fields) == 1 && strings.TrimSpace(fields[0]) == "" {
			continue // a blank line
		}
		*rec = Record{}
		if len(fields) != len(s.cols) {
			return line, &rowErr{RowError{Line: line, Field: "", Value: strconv.Itoa(len(fields)),
				Reason: fmt.Sprintf("has %d fields, the header has %d", len(fields), len(s.cols))}}
		}
		for i, f := range fields {
			if c := s.cols[i]; c >= 0 {
				rec[c] = f
			}
		}
		return line, nil
	}
}

// ---- JSON: the national upload layout (4101), one object or an array ----

// flex accepts a JSON string, number, boolean or null as text.
type flex string

func (f *flex) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*f = ""
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flex(s)
	case string(b) == "true":
		*f = "1"
	case string(b) == "false":
		*f = "0"
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9'):
		*f = flex(b)
	default:
		return fmt.Errorf("want a string or a number, got %.20s", b)
	}
	return nil
}

type nationalCase struct {
	Setlinfo map[string]flex `json:"setlinfo"`
	Payinfo  []struct {
		Type   flex `json:"fund_pay_type"`
		Amount flex `json:"fund_payamt"`
	} `json:"payinfo"`
	Diseinfo []struct {
		Type      flex `json:"diag_type"`
		Code      flex `json:"diag_code"`
		Name      flex `json:"diag_name"`
		Condition flex `json:"adm_cond_type"`
		Main      flex `json:"maindiag_flag"`
	} `json:"diseinfo"`
	Iteminfo []struct {
		Category flex `json:"med_chrgitm"`
		Amount   flex `json:"amt"`
		ClassA   flex `json:"claa_sumfee"`
		ClassB   flex `json:"clab_amt"`
		OwnPay   flex `json:"fulamt_ownpay_amt"`
	} `json:"iteminfo"`
	Oprninfo []struct {
		Type flex `json:"oprn_oprt_type"`
		Code flex `json:"oprn_oprt_code"`
		Name flex `json:"oprn_oprt_name"`
		Date flex `json:"oprn_oprt_date"`
	} `json:"oprninfo"`
	Icuinfo []struct {
		Type flex `json:"scs_cutd_ward_type"`
		In   flex `json:"scs_cutd_inpool_time"`
		Out  flex `json:"scs_cutd_exit_time"`
	} `json:"icuinfo"`
	Feedetail []struct {
		Code     flex `json:"med_list_codg"`
		Name     flex `json:"medins_list_name"`
		Category flex `json:"med_chrgitm_type"`
		Level    flex `json:"chrgitm_lv"`
		Ratio    flex `json:"selfpay_prop"`
		Quantity flex `json:"cnt"`
		Price    flex `json:"pric"`
		Amount   flex `json:"det_item_fee_sumamt"`
		New      flex `json:"new_item"`
	} `json:"feedetail"`
}

type jsonSource struct {
	dec    *json.Decoder
	array  bool
	n      int
	single bool
	done   bool
}

// NewJSON reads the national upload layout: one object with the nodes
// setlinfo, payinfo, diseinfo, iteminfo, oprninfo, icuinfo (and feedetail
// for itemised lines), or an array of such objects. It decodes one object
// at a time.
func NewJSON(r io.Reader) (Source, error) {
	text, _, err := decodeText(r)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(&rowLimiter{r: text})
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, &FileError{Line: 1, Reason: "the file is empty"}
		}
		return nil, &FileError{Line: 1, Reason: "not JSON: " + err.Error()}
	}
	switch tok {
	case json.Delim('['):
		return &jsonSource{dec: dec, array: true}, nil
	case json.Delim('{'):
		return &jsonSource{dec: dec, single: true}, nil
	}
	return nil, &FileError{Line: 1, Reason: "want an object or an array of objects"}
}

func (s *jsonSource) Encoding() string { return "UTF-8" }

func (s *jsonSource) Next(rec *Record) (int, error) {
	if s.done {
		return 0, io.EOF
	}
	var nc nationalCase
	if s.single {
		// The opening brace is consumed: decode the members by hand.
		s.done = true
		s.n = 1
		if err := decodeMembers(s.dec, &nc); err != nil {
			return 1, &FileError{Line: 1, Reason: "not the national layout: " + err.Error()}
		}
	} else {
		if !s.dec.More() {
			s.done = true
			return 0, io.EOF
		}
		s.n++
		if err := s.dec.Decode(&nc); err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, errRowTooLong) {
				s.done = true
				return s.n, &FileError{Line: s.n, Reason: "record " + strconv.Itoa(s.n) + " is not valid JSON: " + err.Error()}
			}
			return s.n, &rowErr{RowError{Line: s.n, Reason: "record is not the national layout: " + err.Error()}}
		}
	}
	*rec = nc.record()
	return s.n, nil
}

// decodeMembers decodes the rest of an object whose '{' was read.
func decodeMembers(dec *json.Decoder, nc *nationalCase) error {
	raw := map[string]json.RawMessage{}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := k.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return err
		}
		raw[key] = v
	}
	if _, err := dec.Token(); err != nil {
		return err
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, nc)
}

// fundColumn maps a national fund_pay_type to a column.
func fundColumn(t string) Column {
	switch t {
	case "310100", "390100":
		return ColFundPool
	case "320100":
		return ColFundCivil
	case "330100", "390200":
		return ColFundSerious
	case "610100":
		return ColFundAssist
	}
	return ColFundOther
}

func (nc *nationalCase) record() Record {
	var r Record
	s := nc.Setlinfo
	for i, c := range Columns {
		if v, ok := s[c.Name]; ok {
			r[i] = string(v)
		}
	}
	sums := map[Column]decimalSum{}
	for _, p := range nc.Payinfo {
		col := fundColumn(string(p.Type))
		ds := sums[col]
		ds.add(string(p.Amount))
		sums[col] = ds
	}
	var a, b, own decimalSum
	for _, it := range nc.Iteminfo {
		cat := string(it.Category)
		if n, err := strconv.Atoi(cat); err == nil && n >= 1 && n <= NumFeeCategories {
			col := ColFee01 + Column(n-1)
			ds := sums[col]
			ds.add(string(it.Amount))
			sums[col] = ds
		} else {
			ds := sums[ColFee14]
			ds.add(string(it.Amount))
			sums[ColFee14] = ds
		}
		a.add(string(it.ClassA))
		b.add(string(it.ClassB))
		own.add(string(it.OwnPay))
	}
	for col, ds := range sums {
		r[col] = ds.String()
	}
	if len(nc.Iteminfo) > 0 {
		if r[ColClassA] == "" {
			r[ColClassA] = a.String()
		}
		if r[ColClassB] == "" {
			r[ColClassB] = b.String()
		}
		if r[ColOwnPay] == "" {
			r[ColOwnPay] = own.String()
		}
	}
	var sb strings.Builder
	// The principal diagnosis (maindiag_flag 1) goes first; outpatient
	// diagnoses (diag_type other than 1 西医/2 中医主病 … are inpatient) stay.
	main := -1
	for i, d := range nc.Diseinfo {
		if d.Main == "1" {
			main = i
			break
		}
	}
	writeDx := func(d int) {
		if sb.Len() > 0 {
			sb.WriteByte('|')
		}
		x := nc.Diseinfo[d]
		sb.WriteString(string(x.Code) + "^" + string(x.Condition) + "^" + clean(string(x.Name)))
	}
	if main >= 0 {
		writeDx(main)
	}
	for i := range nc.Diseinfo {
		if i != main {
			writeDx(i)
		}
	}
	r[ColDiagnoses] = sb.String()
	sb.Reset()
	mainOp := -1
	for i, o := range nc.Oprninfo {
		if o.Type == "1" {
			mainOp = i
			break
		}
	}
	writeOp := func(i int) {
		if sb.Len() > 0 {
			sb.WriteByte('|')
		}
		o := nc.Oprninfo[i]
		sb.WriteString(string(o.Code) + "^" + string(o.Date) + "^" + clean(string(o.Name)))
	}
	if mainOp >= 0 {
		writeOp(mainOp)
	}
	for i := range nc.Oprninfo {
		if i != mainOp {
			writeOp(i)
		}
	}
	r[ColProcedures] = sb.String()
	sb.Reset()
	for i, u := range nc.Icuinfo {
		if i > 0 {
			sb.WriteByte('|')
		}
		sb.WriteString(string(u.Type) + "^" + string(u.In) + "^" + string(u.Out))
	}
	r[ColICU] = sb.String()
	sb.Reset()
	for i, f := range nc.Feedetail {
		if i > 0 {
			sb.WriteByte('|')
		}
		sb.WriteString(string(f.Code) + "^" + clean(string(f.Name)) + "^" + string(f.Category) + "^" + string(f.Level) + "^" +
			string(f.Ratio) + "^" + string(f.Quantity) + "^" + string(f.Price) + "^" + string(f.Amount) + "^" + string(f.New))
	}
	r[ColItems] = sb.String()
	return r
}

// clean keeps the layout's separators out of free text.
func clean(s string) string {
	if strings.ContainsAny(s, "|^") {
		return strings.NewReplacer("|", "/", "^", " ").Replace(s)
	}
	return s
}

// decimalSum adds amounts given as text; an unreadable one is kept so that
// Parse reports it.
type decimalSum struct {
	d   decimal.Decimal
	bad string
}

func (s *decimalSum) add(v string) {
	v = strings.TrimSpace(v)
	if v == "" || s.bad != "" {
		return
	}
	d, err := decimal.NewFromString(v)
	if err != nil {
		s.bad = v
		return
	}
	s.d = s.d.Add(d)
}

func (s decimalSum) String() string {
	if s.bad != "" {
		return s.bad
	}
	return s.d.String()
}
