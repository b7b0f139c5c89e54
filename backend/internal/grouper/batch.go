package grouper

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Batch grouping streams cases from CSV or JSON Lines to the same format:
// one pass, one reused Case and Result, buffered I/O, no per-row goroutines.
// A row that cannot be read is reported with its line number to
// BatchOptions.Errors and skipped; the run goes on.

// Format of batch input and output.
type Format uint8

const (
	FormatCSV Format = iota
	FormatJSONL
)

// ParseFormat reads "csv" or "jsonl" (also "ndjson").
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "csv":
		return FormatCSV, nil
	case "jsonl", "ndjson", "json":
		return FormatJSONL, nil
	}
	return 0, fmt.Errorf("grouper: unknown format %q (csv or jsonl)", s)
}

func (f Format) String() string {
	if f == FormatJSONL {
		return "jsonl"
	}
	return "csv"
}

// BatchOptions configure RunBatch.
type BatchOptions struct {
	Format Format
	Errors io.Writer // receives "line N: problem" for each bad row; nil discards
	Trace  bool      // JSON Lines output carries the decision trace
}

// BatchStats counts what a run did.
type BatchStats struct {
	Rows             int `json:"rows"`    // data rows read (bad ones included)
	Written          int `json:"written"` // result rows written
	Bad              int `json:"bad"`     // rows reported and skipped
	Grouped          int `json:"grouped"`
	ValidationFailed int `json:"validation_failed"`
	NotTranslatable  int `json:"code_not_translatable"`
	Ungroupable      int `json:"ungroupable"`
}

func (s *BatchStats) count(st Status) {
	switch st {
	case StatusGrouped:
		s.Grouped++
	case StatusValidationFailed:
		s.ValidationFailed++
	case StatusCodeNotTranslatable:
		s.NotTranslatable++
	case StatusUngroupable:
		s.Ungroupable++
	}
}

// ErrBadHeader is returned when CSV input has no usable header row.
var ErrBadHeader = errors.New("grouper: CSV header has no diagnosis column (zdList)")

// maxRecord bounds one input record, so a missing quote cannot make the
// reader swallow the whole file.
const maxRecord = 1 << 20

// column roles, and the header names (lower case) that select them: the
// reference's CSV columns, OpenDRG's ICD10_DRGS/ICD9_DRGS, and the JSON
// names of Case.
type column uint8

const (
	colNone column = iota
	colIndex
	colSex
	colAge
	colAgeDays
	colWeight
	colAdmWeight
	colDept
	colLOS
	colLeaving
	colDx
	colPx
	colVent
	colECMO
	numColumns
)

var columnNames = map[string]column{
	"index": colIndex, "id": colIndex, "case_id": colIndex,
	"gender": colSex, "sex": colSex,
	"age":    colAge,
	"ageday": colAgeDays, "age_days": colAgeDays,
	"weight": colWeight, "birth_weight": colWeight,
	"admission_weight": colAdmWeight, "adm_weight": colAdmWeight,
	"dept": colDept, "department": colDept,
	"inhospitaltime": colLOS, "los": colLOS,
	"leavingtype": colLeaving, "discharge_way": colLeaving,
	"zdlist": colDx, "icd10_drgs": colDx, "diagnoses": colDx,
	"sslist": colPx, "icd9_drgs": colPx, "procedures": colPx,
	"ventilation_hours": colVent, "vent_hours": colVent,
	"ecmo": colECMO,
}

// outputHeader is the CSV result header; the first five columns are the
// reference's.
const outputHeader = "Index,status,mdc,adrg,drg,status_label,mdc_name,adrg_name,drg_name,comorbidity,split_by,excluded,reason,detail\n"

// RunBatch groups every case of in with p and writes one result row per
// readable case to out.
func RunBatch(p *Pack, in io.Reader, out io.Writer, opt BatchOptions) (BatchStats, error) {
	w := bufio.NewWriterSize(out, 256<<10)
	var st BatchStats
	var err error
	if opt.Format == FormatJSONL {
		err = runJSONL(p, in, w, opt, &st)
	} else {
		err = runCSV(p, in, w, opt, &st)
	}
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	return st, err
}

func report(opt BatchOptions, st *BatchStats, line int, format string, a ...any) {
	st.Bad++
	if opt.Errors != nil {
		fmt.Fprintf(opt.Errors, "line %d: %s\n", line, fmt.Sprintf(format, a...))
	}
}

// ---- CSV ----------------------------------------------------------------------

func runCSV(p *Pack, in io.Reader, w *bufio.Writer, opt BatchOptions, st *BatchStats) error {
	rd := newRecordReader(in)
	head, _, err := rd.next()
	if err == io.EOF {
		return ErrBadHeader
	}
	if err != nil {
		return fmt.Errorf("grouper: reading header: %w", err)
	}
	cols := make([]column, len(head))
	var seen [numColumns]bool
	for i, h := range head {
		c := columnNames[strings.ToLower(strings.TrimSpace(h))]
		if c != colNone && !seen[c] {
			cols[i], seen[c] = c, true
		}
	}
	if !seen[colDx] {
		return ErrBadHeader
	}
	if _, err := w.WriteString(outputHeader); err != nil {
		return err
	}
	var (
		c   Case
		r   Result
		buf []byte
		fv  [numColumns]string
	)
	for {
		rec, line, err := rd.next()
		if err != nil {
			if err == io.EOF {
				return nil
			}
			if re, ok := err.(*recordError); ok {
				st.Rows++
				report(opt, st, re.line, "%s", re.msg)
				continue
			}
			return err
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		st.Rows++
		if len(rec) < len(cols) {
			report(opt, st, line, "%d fields, the header has %d", len(rec), len(cols))
			continue
		}
		fv = [numColumns]string{}
		for i, col := range cols {
			if col != colNone {
				fv[col] = rec[i]
			}
		}
		if msg := fillCase(&c, &fv); msg != "" {
			report(opt, st, line, "%s", msg)
			continue
		}
		p.GroupInto(&c, &r)
		st.count(r.Status)
		index := fv[colIndex]
		if !seen[colIndex] {
			index = strconv.Itoa(line)
		}
		buf = appendCSVResult(buf[:0], index, &r)
		if _, err := w.Write(buf); err != nil {
			return err
		}
		st.Written++
	}
}

// fillCase reads the column values of one row into c, reusing its slices.
func fillCase(c *Case, fv *[numColumns]string) string {
	dx, px := c.Diagnoses[:0], c.Procedures[:0]
	*c = Case{ID: fv[colIndex], Diagnoses: dx, Procedures: px, Department: strings.TrimSpace(fv[colDept])}
	sex, ok := parseSex(fv[colSex])
	if !ok {
		return "column gender: invalid value " + strconv.Quote(fv[colSex])
	}
	c.Sex = sex
	fields := [...]struct {
		col column
		dst *int
		def int
	}{
		{colAge, &c.AgeYears, Unknown}, {colAgeDays, &c.AgeDays, Unknown},
		{colWeight, &c.BirthWeight, 0}, {colAdmWeight, &c.AdmissionWeight, 0},
		{colLOS, &c.LOS, Unknown}, {colLeaving, &c.DischargeWay, 0}, {colVent, &c.VentilationHours, 0},
	}
	for _, f := range fields {
		v, ok := parseNumber(fv[f.col], f.def)
		if !ok {
			return "column " + columnTitle(f.col) + ": invalid number " + strconv.Quote(fv[f.col])
		}
		*f.dst = v
	}
	switch e := strings.ToLower(strings.TrimSpace(fv[colECMO])); e {
	case "", "0", "false", "n", "no", "否":
	case "1", "true", "y", "yes", "是":
		c.ECMO = true
	default:
		return "column ecmo: invalid value " + strconv.Quote(fv[colECMO])
	}
	c.Diagnoses = splitCodes(fv[colDx], c.Diagnoses)
	c.Procedures = splitCodes(fv[colPx], c.Procedures)
	return ""
}

// columnTitles name the columns in messages, as the reference's CSV does.
var columnTitles = [numColumns]string{"", "Index", "gender", "age", "ageDay", "weight", "admission_weight",
	"dept", "inHospitalTime", "leavingType", "zdList", "ssList", "ventilation_hours", "ecmo"}

func columnTitle(c column) string { return columnTitles[c] }

// parseSex accepts 1/2, "1.0", 男/女; an empty value is unknown (the engine
// then fails validation, as the reference does). Other numbers pass through
// so the engine reports them.
func parseSex(s string) (Sex, bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "":
		return SexUnknown, true
	case "男":
		return SexMale, true
	case "女":
		return SexFemale, true
	}
	n, ok := parseNumber(s, 0)
	if !ok || n > 127 {
		return SexUnknown, false
	}
	return Sex(n), true
}

// parseNumber reads a whole number, tolerating the ".0" that spreadsheets
// append; an empty value gives def.
func parseNumber(s string, def int) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return def, true
	}
	if i := strings.IndexByte(s, '.'); i >= 0 {
		frac := s[i+1:]
		if strings.Trim(frac, "0") != "" {
			return 0, false
		}
		s = s[:i]
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < -1 || n > 1<<31-1 {
		return 0, false
	}
	return n, true
}

// splitCodes splits a '|'- (or ',')-separated code list into dst.
func splitCodes(s string, dst []string) []string {
	dst = dst[:0]
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '|' && s[i] != ',' {
			continue
		}
		if part := strings.TrimSpace(s[start:i]); part != "" {
			dst = append(dst, part)
		}
		start = i + 1
	}
	return dst
}

func appendCSVResult(b []byte, index string, r *Result) []byte {
	b = appendCSVField(b, index)
	for _, f := range [...]string{r.Status.String(), r.MDC, r.ADRG, r.DRG, r.Status.Label(), r.MDCName, r.ADRGName, r.DRGName} {
		b = append(b, ',')
		b = appendCSVField(b, f)
	}
	b = append(b, ',')
	if r.Status == StatusGrouped {
		b = append(b, r.Comorbidity.String()...)
	}
	b = append(b, ',')
	b = appendCSVField(b, r.SplitBy.Code)
	b = append(b, ',')
	b = appendExcluded(b, r.Excluded)
	b = append(b, ',')
	b = appendCSVField(b, r.Reason)
	b = append(b, ',')
	b = appendCSVField(b, r.Detail)
	return append(b, '\n')
}

func needsQuote(s string) bool { return strings.ContainsAny(s, ",\"\r\n") }

func appendCSVField(b []byte, s string) []byte {
	if !needsQuote(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// appendExcluded writes "code:table|code:table". Codes and table labels hold
// no CSV metacharacters, so the field needs no quoting; the check keeps that
// true for any plan.
func appendExcluded(b []byte, ex []SecondaryDx) []byte {
	start := len(b)
	for i, e := range ex {
		if i > 0 {
			b = append(b, '|')
		}
		b = append(b, e.Code...)
		b = append(b, ':')
		b = append(b, e.Table...)
	}
	if field := b[start:]; bytes.ContainsAny(field, ",\"\r\n") {
		s := string(field)
		b = appendCSVField(b[:start], s)
	}
	return b
}

// recordReader reads RFC 4180 records: fields separated by commas, quoted
// fields may hold commas, doubled quotes and line breaks. The common
// unquoted record costs one string allocation; fields are substrings of it.
type recordReader struct {
	r      *bufio.Reader
	line   int // lines consumed so far
	rec    []byte
	fields []string
}

type recordError struct {
	line int
	msg  string
}

func (e *recordError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

func newRecordReader(in io.Reader) *recordReader {
	return &recordReader{r: bufio.NewReaderSize(in, 256<<10)}
}

// readLine appends one physical line (without its end) to dst.
func (rr *recordReader) readLine(dst []byte) ([]byte, bool, error) {
	start := len(dst)
	for {
		chunk, err := rr.r.ReadSlice('\n')
		if len(dst)-start+len(chunk) > maxRecord {
			// Skip the rest of the oversized line.
			for err == bufio.ErrBufferFull {
				_, err = rr.r.ReadSlice('\n')
			}
			rr.line++
			return dst, true, nil
		}
		dst = append(dst, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil && err != io.EOF {
			return dst, false, err
		}
		if len(dst) == start && err == io.EOF {
			return dst, false, io.EOF
		}
		rr.line++
		dst = bytes.TrimSuffix(dst, []byte("\n"))
		dst = bytes.TrimSuffix(dst, []byte("\r"))
		return dst, false, nil
	}
}

// next returns the fields of the next record and the line it starts on.
func (rr *recordReader) next() ([]string, int, error) {
	rec, tooLong, err := rr.readLine(rr.rec[:0])
	if err != nil {
		return nil, 0, err
	}
	start := rr.line
	if tooLong {
		return nil, start, &recordError{start, "record longer than 1 MiB"}
	}
	if start == 1 {
		rec = bytes.TrimPrefix(rec, []byte("\xef\xbb\xbf"))
	}
	if bytes.IndexByte(rec, '"') < 0 {
		rr.rec = rec
		s := string(rec)
		rr.fields = rr.fields[:0]
		for {
			i := strings.IndexByte(s, ',')
			if i < 0 {
				rr.fields = append(rr.fields, s)
				break
			}
			rr.fields = append(rr.fields, s[:i])
			s = s[i+1:]
		}
		return rr.fields, start, nil
	}
	// Quoted fields: continue over line breaks until the quotes balance.
	for quotesOpen(rec) {
		if len(rec) > maxRecord {
			rr.rec = rec[:0]
			return nil, start, &recordError{start, "record longer than 1 MiB (unterminated quote?)"}
		}
		rec = append(rec, '\n')
		var more bool
		rec, more, err = rr.readLine(rec)
		if err == io.EOF {
			rr.rec = rec[:0]
			return nil, start, &recordError{start, "unterminated quoted field"}
		}
		if err != nil {
			return nil, 0, err
		}
		if more {
			rr.rec = rec[:0]
			return nil, start, &recordError{start, "record longer than 1 MiB"}
		}
	}
	rr.rec = rec
	fields, ok := splitQuoted(string(rec), rr.fields[:0])
	rr.fields = fields
	if !ok {
		return nil, start, &recordError{start, "bare quote in an unquoted field"}
	}
	return fields, start, nil
}

func quotesOpen(b []byte) bool { return bytes.Count(b, []byte{'"'})%2 == 1 }

func splitQuoted(s string, dst []string) ([]string, bool) {
	for {
		if strings.HasPrefix(s, `"`) {
			var f strings.Builder
			i := 1
			for {
				j := strings.IndexByte(s[i:], '"')
				if j < 0 {
					return dst, false
				}
				f.WriteString(s[i : i+j])
				i += j + 1
				if i < len(s) && s[i] == '"' {
					f.WriteByte('"')
					i++
					continue
				}
				break
			}
			dst = append(dst, f.String())
			s = s[i:]
			if s == "" {
				return dst, true
			}
			if s[0] != ',' {
				return dst, false
			}
			s = s[1:]
			continue
		}
		i := strings.IndexByte(s, ',')
		field := s
		if i >= 0 {
			field = s[:i]
		}
		if strings.IndexByte(field, '"') >= 0 {
			return dst, false
		}
		dst = append(dst, field)
		if i < 0 {
			return dst, true
		}
		s = s[i+1:]
	}
}

// ---- JSON Lines -----------------------------------------------------------------

// batchJSONResult is one JSON Lines output record; its keys are the CSV
// output columns.
type batchJSONResult struct {
	Index       string        `json:"Index"`
	Status      Status        `json:"status"`
	MDC         string        `json:"mdc"`
	ADRG        string        `json:"adrg"`
	DRG         string        `json:"drg"`
	StatusLabel string        `json:"status_label"`
	MDCName     string        `json:"mdc_name,omitempty"`
	ADRGName    string        `json:"adrg_name,omitempty"`
	DRGName     string        `json:"drg_name,omitempty"`
	Comorbidity string        `json:"comorbidity,omitempty"`
	SplitBy     string        `json:"split_by,omitempty"`
	Excluded    []SecondaryDx `json:"excluded,omitempty"`
	Reason      string        `json:"reason,omitempty"`
	Detail      string        `json:"detail,omitempty"`
	Trace       []Step        `json:"trace,omitempty"`
}

func runJSONL(p *Pack, in io.Reader, w *bufio.Writer, opt BatchOptions, st *BatchStats) error {
	rd := newRecordReader(in)
	var (
		c   Case
		r   Result
		fv  [numColumns]string
		obj map[string]json.RawMessage
	)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for {
		line, tooLong, err := rd.readLine(rd.rec[:0])
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		rd.rec = line
		n := rd.line
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		st.Rows++
		if tooLong {
			report(opt, st, n, "record longer than 1 MiB")
			continue
		}
		clear(obj)
		if err := json.Unmarshal(line, &obj); err != nil {
			report(opt, st, n, "invalid JSON: %v", err)
			continue
		}
		if obj == nil {
			report(opt, st, n, "not a JSON object")
			continue
		}
		fv = [numColumns]string{}
		if msg := jsonFields(obj, &fv); msg != "" {
			report(opt, st, n, "%s", msg)
			continue
		}
		if msg := fillCase(&c, &fv); msg != "" {
			report(opt, st, n, "%s", msg)
			continue
		}
		p.GroupInto(&c, &r)
		st.count(r.Status)
		out := batchJSONResult{
			Index: fv[colIndex], Status: r.Status, MDC: r.MDC, ADRG: r.ADRG, DRG: r.DRG,
			StatusLabel: r.Status.Label(), MDCName: r.MDCName, ADRGName: r.ADRGName, DRGName: r.DRGName,
			SplitBy: r.SplitBy.Code, Excluded: r.Excluded, Reason: r.Reason, Detail: r.Detail,
		}
		if r.Status == StatusGrouped {
			out.Comorbidity = r.Comorbidity.String()
		}
		if opt.Trace {
			out.Trace = r.Trace
		}
		if err := enc.Encode(&out); err != nil {
			return err
		}
		st.Written++
	}
}

// jsonFields maps an input object onto the CSV column values, accepting
// numbers or strings for numbers and arrays or '|' strings for code lists.
func jsonFields(obj map[string]json.RawMessage, fv *[numColumns]string) string {
	for k, raw := range obj {
		col := columnNames[strings.ToLower(k)]
		if col == colNone {
			continue
		}
		raw = bytes.TrimSpace(raw)
		switch {
		case len(raw) == 0 || string(raw) == "null":
		case raw[0] == '"':
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return "key " + k + ": " + err.Error()
			}
			fv[col] = s
		case raw[0] == '[':
			var list []string
			if err := json.Unmarshal(raw, &list); err != nil {
				return "key " + k + ": expected a list of codes"
			}
			fv[col] = strings.Join(list, "|")
		case string(raw) == "true":
			fv[col] = "1"
		case string(raw) == "false":
			fv[col] = "0"
		default:
			fv[col] = string(raw) // a number; fillCase validates it
		}
	}
	return ""
}
