package casefile

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// RowError is one problem with one row of an import: the report a hospital
// downloads to fix its file. Value is the offending cell, cut to 64
// characters; a patient's name or ID number is masked.
type RowError struct {
	Line   int    `json:"line"`
	Field  string `json:"field"`
	Value  string `json:"value"`
	Reason string `json:"reason"`
}

// Limits on one row; a row beyond them is rejected, never truncated.
const (
	MaxDiagnoses  = 50
	MaxProcedures = 50
	MaxICUStays   = 20
	MaxItems      = 5000
	MaxDepts      = 20
	maxIDLen      = 64
	maxCodeLen    = 20
	maxNameLen    = 100
	maxCellLen    = 1 << 20 // the items cell; other cells are far smaller
)

// maxMoney keeps amounts inside numeric(14,2).
var maxMoney = decimal.New(1, 12)

type parser struct {
	line int
	errs []RowError
}

func (p *parser) fail(col Column, value, reason string) {
	p.failField(Columns[col].Name, col, value, reason)
}

func (p *parser) failField(field string, col Column, value, reason string) {
	if col == ColName || col == ColIDNumber {
		value = maskAny(value)
	} else if utf8.RuneCountInString(value) > 64 {
		value = string([]rune(value)[:64]) + "…"
	}
	p.errs = append(p.errs, RowError{Line: p.line, Field: field, Value: value, Reason: reason})
}

// Parse turns one row of the flat layout into a case. It returns every
// problem of the row (nil when it is acceptable); the case is meaningful only
// without errors.
func Parse(r *Record, line int) (Case, []RowError) {
	p := parser{line: line}
	var c Case
	for i := range r {
		v := r[i]
		if strings.IndexByte(v, 0) >= 0 {
			p.fail(Column(i), strings.ReplaceAll(v, "\x00", `\0`), "contains a NUL byte")
			r[i] = ""
			continue
		}
		if !utf8.ValidString(v) {
			p.fail(Column(i), strings.ToValidUTF8(v, "?"), "is not valid text in the file's encoding")
			r[i] = ""
			continue
		}
		if len(v) > maxCellLen {
			p.fail(Column(i), v, "cell is longer than 1 MiB")
			r[i] = ""
			continue
		}
		r[i] = strings.TrimSpace(v)
		if Columns[i].Required && r[i] == "" {
			p.fail(Column(i), "", "is required")
		}
	}
	c.SettlementID = p.id(r, ColSettlementID)
	c.VisitID = p.id(r, ColVisitID)
	c.MRN = p.id(r, ColMRN)
	c.HospitalCode = p.id(r, ColHospitalCode)

	pt := &c.Patient
	pt.Name = p.text(r, ColName, maxNameLen)
	pt.IDNumber = p.id(r, ColIDNumber)
	pt.Sex = p.intIn(r, ColSex, 0, 0, 9)
	if pt.Sex != 0 && pt.Sex != 1 && pt.Sex != 2 && pt.Sex != 9 {
		p.fail(ColSex, r[ColSex], "must be 1 (male), 2 (female), 0 or 9 (unknown)")
	}
	pt.BirthDate = p.time(r, ColBirthDate)
	pt.Age = p.intIn(r, ColAge, -1, 0, 150)
	pt.AgeDays = p.intIn(r, ColAgeDays, -1, 0, 365)
	pt.BirthWeight = p.intIn(r, ColBirthWeight, 0, 0, 9000)
	pt.AdmissionWeight = p.intIn(r, ColAdmissionWeight, 0, 0, 20000)

	c.InsuranceType = r[ColInsuranceType]
	if c.InsuranceType != "" && !digits(c.InsuranceType, 3) {
		p.fail(ColInsuranceType, c.InsuranceType, "must be a 3-digit 险种 code (310 职工, 390 居民)")
	}
	c.InsuredPlace = r[ColInsuredPlace]
	if c.InsuredPlace != "" && !digits(c.InsuredPlace, 6) {
		p.fail(ColInsuredPlace, c.InsuredPlace, "must be a 6-digit division code")
	}
	c.AdmittedAt = p.time(r, ColAdmittedAt)
	c.DischargedAt = p.time(r, ColDischargedAt)
	if !c.AdmittedAt.IsZero() && !c.DischargedAt.IsZero() && c.DischargedAt.Before(c.AdmittedAt) {
		p.fail(ColDischargedAt, r[ColDischargedAt], "is before the admission time")
	}
	c.LOS = p.intIn(r, ColLOS, -1, 0, 3650)
	if c.LOS < 0 && !c.AdmittedAt.IsZero() && !c.DischargedAt.IsZero() {
		c.LOS = StayDays(c.AdmittedAt, c.DischargedAt)
	}
	if pt.Age < 0 && !pt.BirthDate.IsZero() && !c.AdmittedAt.IsZero() {
		pt.Age, pt.AgeDays = AgeAt(pt.BirthDate, c.AdmittedAt)
	}
	if pt.Age < 0 && r[ColAge] == "" {
		p.fail(ColAge, "", "is required (or the birth date)")
	}
	c.AdmissionDept = p.code(r, ColAdmissionDept)
	c.DischargeDept = p.code(r, ColDischargeDept)
	if r[ColTransferDepts] != "" {
		for i, d := range strings.Split(r[ColTransferDepts], "|") {
			if i == MaxDepts {
				p.fail(ColTransferDepts, r[ColTransferDepts], "lists more than 20 departments")
				break
			}
			d = strings.TrimSpace(d)
			if len(d) > maxCodeLen {
				p.fail(ColTransferDepts, d, "department code is longer than 20 characters")
				continue
			}
			if d != "" {
				c.TransferDepts = append(c.TransferDepts, d)
			}
		}
	}
	c.DischargeWay = p.intIn(r, ColDischargeWay, 0, 1, 9)
	c.VentilationHours = p.intIn(r, ColVentilation, 0, 0, 100000)
	switch r[ColReadmit31] {
	case "", "0", "1", "2":
		c.Readmit31 = r[ColReadmit31] == "2" // 1 无, 2 有 in the national code; 0/1 read as no
	default:
		p.fail(ColReadmit31, r[ColReadmit31], "must be 1 (no) or 2 (yes)")
	}
	p.diagnoses(r, &c)
	p.procedures(r, &c)
	p.icu(r, &c)
	for i := range NumFeeCategories {
		c.Fees[i] = p.money(r, ColFee01+Column(i))
	}
	c.TotalCost = p.money(r, ColTotalCost)
	c.ClassA, c.ClassB, c.OwnPay = p.money(r, ColClassA), p.money(r, ColClassB), p.money(r, ColOwnPay)
	c.Funds = FundPayments{Pool: p.money(r, ColFundPool), Civil: p.money(r, ColFundCivil),
		Serious: p.money(r, ColFundSerious), Assist: p.money(r, ColFundAssist), Other: p.money(r, ColFundOther)}
	c.Personal = PersonalPayment{SelfPay: p.money(r, ColSelfPay), OwnPay: p.money(r, ColPersonalOwnPay),
		Account: p.money(r, ColAccount), Cash: p.money(r, ColCash)}
	p.items(r, &c)
	return c, p.errs
}

// StayDays is the length of stay counted the settlement-list way: calendar
// days between admission and discharge, a same-day stay counting one.
func StayDays(in, out time.Time) int {
	a, b := in.In(beijing), out.In(beijing)
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	n := int(db.Sub(da).Hours() / 24)
	if n < 1 {
		n = 1
	}
	return n
}

// AgeAt returns the completed years at t and, under one year, the age in
// days (else -1).
func AgeAt(birth, t time.Time) (int, int) {
	b, a := birth.In(beijing), t.In(beijing)
	years := a.Year() - b.Year()
	if a.Month() < b.Month() || (a.Month() == b.Month() && a.Day() < b.Day()) {
		years--
	}
	if years < 0 {
		return -1, -1
	}
	if years == 0 {
		bd := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
		ad := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
		return 0, int(ad.Sub(bd).Hours() / 24)
	}
	return years, -1
}

func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (p *parser) id(r *Record, col Column) string {
	v := r[col]
	if len(v) > maxIDLen {
		p.fail(col, v, "is longer than 64 characters")
		return ""
	}
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 || v[i] == 0x7f {
			p.fail(col, v, "contains a control character")
			return ""
		}
	}
	return v
}

func (p *parser) text(r *Record, col Column, max int) string {
	v := r[col]
	if utf8.RuneCountInString(v) > max {
		p.fail(col, v, "is longer than "+strconv.Itoa(max)+" characters")
		return ""
	}
	return v
}

func (p *parser) code(r *Record, col Column) string {
	v := r[col]
	if len(v) > maxCodeLen {
		p.fail(col, v, "is longer than 20 characters")
		return ""
	}
	return v
}

// intIn parses an integer in [lo, hi]; an empty cell gives def.
func (p *parser) intIn(r *Record, col Column, def, lo, hi int) int {
	v := r[col]
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		// Spreadsheets write whole numbers as "7.0".
		if f, ferr := strconv.ParseFloat(v, 64); ferr == nil && f == float64(int(f)) {
			n, err = int(f), nil
		}
	}
	if err != nil {
		p.fail(col, v, "must be a whole number")
		return def
	}
	if n < lo || n > hi {
		p.fail(col, v, "must be between "+strconv.Itoa(lo)+" and "+strconv.Itoa(hi))
		return def
	}
	return n
}

func (p *parser) time(r *Record, col Column) time.Time {
	v := r[col]
	if v == "" {
		return time.Time{}
	}
	t, ok := parseTime(v)
	if !ok {
		p.fail(col, v, "must be a date or time like 2026-01-31 08:30:00")
		return time.Time{}
	}
	if t.Year() < 1900 || t.Year() > 2100 {
		p.fail(col, v, "is outside 1900–2100")
		return time.Time{}
	}
	return t
}

func (p *parser) money(r *Record, col Column) decimal.Decimal {
	d, reason := parseMoney(r[col])
	if reason != "" {
		p.fail(col, r[col], reason)
	}
	return d
}

func parseMoney(v string) (decimal.Decimal, string) {
	if v == "" {
		return decimal.Zero, ""
	}
	if d, ok := fastMoney(v); ok {
		return d, ""
	}
	d, err := decimal.NewFromString(v)
	if err != nil {
		return decimal.Zero, "must be an amount in yuan like 1234.56"
	}
	if d.IsNegative() {
		return decimal.Zero, "must not be negative"
	}
	if d.Exponent() < -2 && !d.Equal(d.Round(2)) {
		return decimal.Zero, "has more than two decimals"
	}
	if d.GreaterThanOrEqual(maxMoney) {
		return decimal.Zero, "is too large"
	}
	return d.Round(2), ""
}

func (p *parser) diagnoses(r *Record, c *Case) {
	v := r[ColDiagnoses]
	if v == "" {
		return
	}
	entries := strings.Split(v, "|")
	if len(entries) > MaxDiagnoses {
		p.fail(ColDiagnoses, v, "lists more than 50 diagnoses")
		return
	}
	c.Diagnoses = make([]Diagnosis, 0, len(entries))
	for i, e := range entries {
		parts := strings.Split(e, "^")
		field := "diagnoses[" + strconv.Itoa(i) + "]"
		if len(parts) > 3 {
			p.failField(field, ColDiagnoses, e, "has more than code^condition^name")
			continue
		}
		d := Diagnosis{Code: strings.TrimSpace(parts[0])}
		if len(parts) > 1 {
			d.Condition = strings.TrimSpace(parts[1])
		}
		if len(parts) > 2 {
			d.Name = strings.TrimSpace(parts[2])
		}
		switch {
		case d.Code == "":
			p.failField(field, ColDiagnoses, e, "has no code")
		case len(d.Code) > maxCodeLen:
			p.failField(field, ColDiagnoses, d.Code, "code is longer than 20 characters")
		case d.Condition != "" && (len(d.Condition) != 1 || d.Condition[0] < '1' || d.Condition[0] > '4'):
			p.failField(field, ColDiagnoses, d.Condition, "admission condition must be 1–4")
		case utf8.RuneCountInString(d.Name) > maxNameLen:
			p.failField(field, ColDiagnoses, d.Name, "name is longer than 100 characters")
		default:
			c.Diagnoses = append(c.Diagnoses, d)
		}
	}
}

func (p *parser) procedures(r *Record, c *Case) {
	v := r[ColProcedures]
	if v == "" {
		return
	}
	entries := strings.Split(v, "|")
	if len(entries) > MaxProcedures {
		p.fail(ColProcedures, v, "lists more than 50 procedures")
		return
	}
	c.Procedures = make([]Procedure, 0, len(entries))
	for i, e := range entries {
		parts := strings.Split(e, "^")
		field := "procedures[" + strconv.Itoa(i) + "]"
		if len(parts) > 3 {
			p.failField(field, ColProcedures, e, "has more than code^date^name")
			continue
		}
		pr := Procedure{Code: strings.TrimSpace(parts[0])}
		if len(parts) > 1 && strings.TrimSpace(parts[1]) != "" {
			t, ok := parseTime(parts[1])
			if !ok {
				p.failField(field, ColProcedures, parts[1], "date must be like 2026-01-31 08:30:00")
				continue
			}
			pr.Date = t
		}
		if len(parts) > 2 {
			pr.Name = strings.TrimSpace(parts[2])
		}
		switch {
		case pr.Code == "":
			p.failField(field, ColProcedures, e, "has no code")
		case len(pr.Code) > maxCodeLen:
			p.failField(field, ColProcedures, pr.Code, "code is longer than 20 characters")
		case utf8.RuneCountInString(pr.Name) > maxNameLen:
			p.failField(field, ColProcedures, pr.Name, "name is longer than 100 characters")
		default:
			c.Procedures = append(c.Procedures, pr)
		}
	}
}

func (p *parser) icu(r *Record, c *Case) {
	v := r[ColICU]
	if v == "" {
		return
	}
	entries := strings.Split(v, "|")
	if len(entries) > MaxICUStays {
		p.fail(ColICU, v, "lists more than 20 ICU stays")
		return
	}
	for i, e := range entries {
		parts := strings.Split(e, "^")
		field := "icu[" + strconv.Itoa(i) + "]"
		if len(parts) != 3 {
			p.failField(field, ColICU, e, "must be type^in-time^out-time")
			continue
		}
		in, ok1 := parseTime(parts[1])
		out, ok2 := parseTime(parts[2])
		switch {
		case !ok1 || !ok2:
			p.failField(field, ColICU, e, "times must be like 2026-01-31 08:30:00")
		case out.Before(in):
			p.failField(field, ColICU, e, "leaves before it enters")
		case len(parts[0]) > maxCodeLen:
			p.failField(field, ColICU, parts[0], "ward type is longer than 20 characters")
		default:
			c.ICU = append(c.ICU, ICUStay{Type: strings.TrimSpace(parts[0]), In: in, Out: out})
		}
	}
}

func (p *parser) items(r *Record, c *Case) {
	v := r[ColItems]
	if v == "" {
		return
	}
	n := strings.Count(v, "|") + 1
	if n > MaxItems {
		p.fail(ColItems, v, "lists more than 5000 fee lines")
		return
	}
	c.Items = make([]FeeItem, 0, n)
	for i := 0; v != ""; i++ {
		e := v
		if k := strings.IndexByte(v, '|'); k >= 0 {
			e, v = v[:k], v[k+1:]
		} else {
			v = ""
		}
		it, field, val, reason := parseItem(e)
		if reason != "" {
			f := "items[" + strconv.Itoa(i) + "]"
			if field != "" {
				f += "." + field
			}
			p.failField(f, ColItems, val, reason)
			continue
		}
		c.Items = append(c.Items, it)
	}
}

func parseItem(e string) (FeeItem, string, string, string) {
	var parts [9]string
	n := 0
	for n < 9 {
		k := strings.IndexByte(e, '^')
		if k < 0 {
			parts[n] = e
			n++
			e = ""
			break
		}
		parts[n], e = e[:k], e[k+1:]
		n++
	}
	if n != 9 || e != "" {
		return FeeItem{}, "", e, "must be code^name^category^level^self-pay-ratio^quantity^price^amount^new"
	}
	it := FeeItem{Code: strings.TrimSpace(parts[0]), Name: strings.TrimSpace(parts[1]), Category: strings.TrimSpace(parts[2])}
	if it.Code == "" || len(it.Code) > 50 {
		return it, "code", it.Code, "is required, at most 50 characters"
	}
	if utf8.RuneCountInString(it.Name) > 200 {
		return it, "name", it.Name, "is longer than 200 characters"
	}
	if len(it.Category) != 2 || !digits(it.Category, 2) || it.Category < "01" || it.Category > "14" {
		return it, "category", it.Category, "must be a fee category 01–14"
	}
	switch strings.TrimSpace(parts[3]) {
	case "1", "甲":
		it.Level = 1
	case "2", "乙":
		it.Level = 2
	case "3", "丙":
		it.Level = 3
	default:
		return it, "level", parts[3], "must be 1 甲, 2 乙 or 3 丙"
	}
	if s := strings.TrimSpace(parts[4]); s != "" {
		d, err := decimal.NewFromString(s)
		if err != nil || d.IsNegative() || d.GreaterThan(decimal.NewFromInt(1)) {
			return it, "self_pay_ratio", s, "must be a ratio between 0 and 1"
		}
		it.SelfPayRatio = decimal.NewNullDecimal(d)
	}
	q, err := decimal.NewFromString(strings.TrimSpace(parts[5]))
	if err != nil || q.IsNegative() || q.GreaterThanOrEqual(maxMoney) {
		return it, "quantity", parts[5], "must be a non-negative number"
	}
	it.Quantity = q
	var reason string
	if it.Price, reason = parseMoney(strings.TrimSpace(parts[6])); reason != "" {
		return it, "price", parts[6], reason
	}
	if it.Amount, reason = parseMoney(strings.TrimSpace(parts[7])); reason != "" {
		return it, "amount", parts[7], reason
	}
	switch strings.TrimSpace(parts[8]) {
	case "", "0":
	case "1":
		it.NewItem = true
	default:
		return it, "new", parts[8], "must be 0 or 1"
	}
	return it, "", "", ""
}

// fastMoney reads the usual amount, digits with at most two decimals below
// 10^12, without the general decimal parser.
func fastMoney(v string) (decimal.Decimal, bool) {
	var n int64
	frac, dot := 0, false
	if len(v) > 16 {
		return decimal.Decimal{}, false
	}
	for i := 0; i < len(v); i++ {
		ch := v[i]
		switch {
		case ch >= '0' && ch <= '9':
			n = n*10 + int64(ch-'0')
			if dot {
				frac++
				if frac > 2 {
					return decimal.Decimal{}, false
				}
			}
		case ch == '.' && !dot && i > 0 && i < len(v)-1:
			dot = true
		default:
			return decimal.Decimal{}, false
		}
	}
	for f := frac; f < 2; f++ {
		n *= 10
	}
	if n >= 100_000_000_000_000 { // 10^12 yuan in cents
		return decimal.Decimal{}, false
	}
	return decimal.New(n, -2), true
}
