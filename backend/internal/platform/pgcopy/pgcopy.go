// Package pgcopy encodes PostgreSQL's binary COPY format
// (COPY … FROM STDIN (FORMAT binary)) without allocating.
//
// A stream is Header, then rows, then Trailer. A row is BeginRow with the
// number of fields, then exactly that many field functions (Text, Int4,
// Numeric, Null, …) in the column order of the COPY statement. Every
// function appends to b and returns the extended slice, like strconv's
// Append functions. The value encodings are the types' binary send/recv
// formats; each field must match its column's type exactly (an Int4 into a
// smallint column is an error on the server, not a conversion).
//
// See https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4
package pgcopy

import (
	"encoding/binary"
	"errors"
	"math"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// signature is the 11-byte file signature of binary COPY.
const signature = "PGCOPY\n\377\r\n\000"

// Header appends the stream header: the signature, flags 0 (no OIDs) and an
// empty header extension.
func Header(b []byte) []byte {
	b = append(b, signature...)
	b = binary.BigEndian.AppendUint32(b, 0) // flags
	return binary.BigEndian.AppendUint32(b, 0)
}

// Trailer appends the end-of-data marker (a field count of -1).
func Trailer(b []byte) []byte {
	return binary.BigEndian.AppendUint16(b, 0xffff)
}

// BeginRow starts a row of nfields fields.
func BeginRow(b []byte, nfields int) []byte {
	return binary.BigEndian.AppendUint16(b, uint16(nfields))
}

// Null appends a NULL field.
func Null(b []byte) []byte {
	return binary.BigEndian.AppendUint32(b, 0xffffffff)
}

// Text appends a text, varchar or char(n) field: the raw bytes of s, which
// must be valid in the server encoding (UTF-8). No escaping is needed.
func Text(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// Bytea appends a bytea field; nil is NULL (an empty non-nil slice is an
// empty value).
func Bytea(b []byte, v []byte) []byte {
	if v == nil {
		return Null(b)
	}
	b = binary.BigEndian.AppendUint32(b, uint32(len(v)))
	return append(b, v...)
}

// Bool appends a boolean field.
func Bool(b []byte, v bool) []byte {
	b = binary.BigEndian.AppendUint32(b, 1)
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// Int2 appends a smallint field.
func Int2(b []byte, v int16) []byte {
	b = binary.BigEndian.AppendUint32(b, 2)
	return binary.BigEndian.AppendUint16(b, uint16(v))
}

// Int4 appends an integer field.
func Int4(b []byte, v int32) []byte {
	b = binary.BigEndian.AppendUint32(b, 4)
	return binary.BigEndian.AppendUint32(b, uint32(v))
}

// Int8 appends a bigint field.
func Int8(b []byte, v int64) []byte {
	b = binary.BigEndian.AppendUint32(b, 8)
	return binary.BigEndian.AppendUint64(b, uint64(v))
}

// pgEpochUnix is 2000-01-01 00:00:00 UTC, PostgreSQL's epoch, in Unix seconds.
const pgEpochUnix = 946684800

// Timestamptz appends a timestamptz (or timestamp) field: microseconds since
// 2000-01-01 00:00:00 UTC. The instant is kept; t's location does not matter.
// Nanoseconds are truncated to the microsecond (towards the past).
func Timestamptz(b []byte, t time.Time) []byte {
	b = binary.BigEndian.AppendUint32(b, 8)
	return binary.BigEndian.AppendUint64(b, uint64(t.UnixMicro()-pgEpochUnix*1_000_000))
}

// Date appends a date field: the calendar date of t as given (in t's own
// location), as days since 2000-01-01.
func Date(b []byte, t time.Time) []byte {
	y, m, d := t.Date()
	days := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()/86400 - pgEpochUnix/86400
	b = binary.BigEndian.AppendUint32(b, 4)
	return binary.BigEndian.AppendUint32(b, uint32(int32(days)))
}

// ErrUUID reports a string that is not a UUID in its 36-character text form.
var ErrUUID = errors.New("pgcopy: invalid uuid")

// UUID appends a uuid field from its text form
// xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (either case). On bad input b is
// returned unchanged with ErrUUID.
func UUID(b []byte, s string) ([]byte, error) {
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return b, ErrUUID
	}
	n := len(b)
	b = binary.BigEndian.AppendUint32(b, 16)
	for i := 0; i < 36; {
		if s[i] == '-' {
			i++
			continue
		}
		hi, lo := unhex(s[i]), unhex(s[i+1])
		if hi > 15 || lo > 15 {
			return b[:n], ErrUUID
		}
		b = append(b, hi<<4|lo)
		i += 2
	}
	return b, nil
}

func unhex(c byte) byte { return unhexTable[c] }

// unhexTable maps a hex digit to its value and anything else to 255.
var unhexTable = func() (t [256]byte) {
	for i := range t {
		switch c := byte(i); {
		case '0' <= c && c <= '9':
			t[i] = c - '0'
		case 'a' <= c && c <= 'f':
			t[i] = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			t[i] = c - 'A' + 10
		default:
			t[i] = 255
		}
	}
	return t
}()

// numeric sign words
const (
	numericPos = 0x0000
	numericNeg = 0x4000
)

// Numeric appends a numeric field: int16 ndigits, int16 weight, int16 sign,
// int16 dscale, then ndigits base-10000 digits, most significant first; the
// value is Σ digit[i]·10000^(weight−i). dscale, the digits shown after the
// point, is max(0, −d.Exponent()), so 1.50 stays 1.50 in an unconstrained
// numeric column (a numeric(p,s) column rounds to s as the text path does).
// Trailing zero base-10000 digits are dropped. Coefficients of up to 18
// decimal digits take an allocation-free path (up to 15, pure integer
// arithmetic); longer ones go through big.Int.
func Numeric(b []byte, d decimal.Decimal) []byte {
	exp := int(d.Exponent())
	dscale := max(0, -exp)
	if dscale > 0x3fff { // NUMERIC_DSCALE_MASK: beyond it the server refuses
		dscale = 0x3fff
	}
	var buf [20]byte
	var digits []byte // decimal digits of |coefficient|, most significant first
	sign := numericPos
	if d.NumDigits() <= 18 { // fits int64 (NumDigits does not allocate then)
		c := d.CoefficientInt64()
		if c < 0 {
			sign = numericNeg
			c = -c
		}
		if c == 0 {
			return numericZero(b, dscale)
		}
		if c < 1e15 {
			return numericSmall(b, uint64(c), exp, sign, dscale)
		}
		digits = strconv.AppendUint(buf[:0], uint64(c), 10)
	} else {
		c := d.Coefficient()
		if c.Sign() < 0 {
			sign = numericNeg
			c.Neg(c)
		}
		digits = c.Append(buf[:0], 10)
	}
	// Drop trailing zero decimal digits into the exponent: fewer groups, same
	// value (dscale was fixed above).
	for len(digits) > 1 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		exp++
	}
	// The digit at index i (from the end) has decimal exponent exp+i; it
	// belongs to base-10000 group floor((exp+i)/4).
	top := floorDiv4(exp + len(digits) - 1) // weight
	low := floorDiv4(exp)
	ndigits := top - low + 1
	if ndigits > math.MaxInt16 || top > math.MaxInt16 || top < math.MinInt16 {
		// Beyond what numeric can hold: send a value the server rejects
		// ("invalid sign in external numeric value") rather than a wrong one.
		return numericInvalid(b)
	}
	b = binary.BigEndian.AppendUint32(b, uint32(8+2*ndigits))
	b = binary.BigEndian.AppendUint16(b, uint16(ndigits))
	b = binary.BigEndian.AppendUint16(b, uint16(int16(top)))
	b = binary.BigEndian.AppendUint16(b, uint16(sign))
	b = binary.BigEndian.AppendUint16(b, uint16(dscale))
	// Emit groups from the most significant. Position within the top group:
	// the most significant digit has exponent exp+len-1.
	x := exp + len(digits) - 1 // exponent of digits[0]
	var group uint16
	for i, ch := range digits {
		pos := x - i // decimal exponent of this digit
		group = group*10 + uint16(ch-'0')
		if pos-4*floorDiv4(pos) == 0 { // last digit of its group
			b = binary.BigEndian.AppendUint16(b, group)
			group = 0
		}
	}
	// The last digit (exponent exp) may sit inside its group: pad with zeros.
	if r := exp - 4*low; r != 0 {
		for range r {
			group *= 10
		}
		b = binary.BigEndian.AppendUint16(b, group)
	}
	return b
}

// numericSmall encodes c·10^exp for 0 < c < 10^15 with integer arithmetic.
func numericSmall(b []byte, c uint64, exp, sign, dscale int) []byte {
	for c%10 == 0 {
		c /= 10
		exp++
	}
	low := floorDiv4(exp)
	for range exp - 4*low { // align the last digit to its base-10000 group
		c *= 10 // c < 10^18: fits
	}
	var groups [5]uint16 // least significant first
	n := 0
	for c > 0 {
		groups[n] = uint16(c % 10000)
		c /= 10000
		n++
	}
	weight := low + n - 1
	if weight > math.MaxInt16 || weight < math.MinInt16 {
		return numericInvalid(b)
	}
	b = binary.BigEndian.AppendUint32(b, uint32(8+2*n))
	b = binary.BigEndian.AppendUint16(b, uint16(n))
	b = binary.BigEndian.AppendUint16(b, uint16(int16(weight)))
	b = binary.BigEndian.AppendUint16(b, uint16(sign))
	b = binary.BigEndian.AppendUint16(b, uint16(dscale))
	for i := n - 1; i >= 0; i-- {
		b = binary.BigEndian.AppendUint16(b, groups[i])
	}
	return b
}

func floorDiv4(x int) int {
	if x >= 0 {
		return x / 4
	}
	return -((-x + 3) / 4)
}

func numericZero(b []byte, dscale int) []byte {
	b = binary.BigEndian.AppendUint32(b, 8)
	b = binary.BigEndian.AppendUint16(b, 0) // ndigits
	b = binary.BigEndian.AppendUint16(b, 0) // weight
	b = binary.BigEndian.AppendUint16(b, numericPos)
	return binary.BigEndian.AppendUint16(b, uint16(dscale))
}

func numericInvalid(b []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, 8)
	b = binary.BigEndian.AppendUint16(b, 0)
	b = binary.BigEndian.AppendUint16(b, 0)
	b = binary.BigEndian.AppendUint16(b, 0x0001) // no such sign
	return binary.BigEndian.AppendUint16(b, 0)
}
