package pgcopy_test

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"teyi/backend/internal/platform/pgcopy"
	"teyi/backend/internal/platform/testsupport"
)

// scratch gives a connection (as the database owner, session time zone UTC)
// to a fresh database holding the given tables.
func scratch(t *testing.T, stmts ...string) *pgx.Conn {
	t.Helper()
	_, dsn := testsupport.NewDB(t)
	testsupport.AdminExec(t, dsn, stmts...)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	if _, err := conn.Exec(ctx, "SET TimeZone = 'UTC'"); err != nil {
		t.Fatal(err)
	}
	return conn
}

// load sends Header, the rows produced by row (n of them) and Trailer.
func load(t *testing.T, conn *pgx.Conn, sql string, n int, row func(b []byte, i int) []byte) error {
	t.Helper()
	b := pgcopy.Header(nil)
	for i := range n {
		b = row(b, i)
	}
	b = pgcopy.Trailer(b)
	tag, err := conn.PgConn().CopyFrom(context.Background(), bytes.NewReader(b), sql)
	if err == nil && tag.RowsAffected() != int64(n) {
		t.Fatalf("copied %d rows, want %d", tag.RowsAffected(), n)
	}
	return err
}

func mustLoad(t *testing.T, conn *pgx.Conn, sql string, n int, row func(b []byte, i int) []byte) {
	t.Helper()
	if err := load(t, conn, sql, n, row); err != nil {
		t.Fatal(err)
	}
}

// texts returns the single text column of query, in order.
func texts(t *testing.T, conn *pgx.Conn, query string) []string {
	t.Helper()
	rows, err := conn.Query(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func compare(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d values, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d: got %q, want %q", i, got[i], want[i])
		}
	}
}

func TestNumeric(t *testing.T) {
	conn := scratch(t, "CREATE TABLE n (i int, v numeric, m numeric(14,2), w numeric(10,4))")
	cases := []struct {
		in, text, m string // m: as numeric(14,2)
	}{
		{"0", "0", "0.00"},
		{"0.00", "0.00", "0.00"},
		{"-0", "0", "0.00"},
		{"0.01", "0.01", "0.01"},
		{"1234.5", "1234.5", "1234.50"},
		{"10156.65", "10156.65", "10156.65"},
		{"9999.9999", "9999.9999", "10000.00"},
		{"12345678901.23", "12345678901.23", "12345678901.23"},
		{"-0.5", "-0.5", "-0.50"},
		{"1e-4", "0.0001", "0.00"},
		{"0.005", "0.005", "0.01"},
		{"100000000", "100000000", "100000000.00"},
		{"1e8", "100000000", "100000000.00"},
		{"1.50", "1.50", "1.50"},
		{"10000", "10000", "10000.00"},
		{"9999", "9999", "9999.00"},
		{"-10000.0001", "-10000.0001", "-10000.00"},
		{"123456789012345678", "123456789012345678", ""},
		{"-999999999999999999", "-999999999999999999", ""},
		// coefficients beyond 18 digits: the big.Int path
		{"1234567890123456789", "1234567890123456789", ""},
		{"-9223372036854775808", "-9223372036854775808", ""},
		{"9223372036854775808", "9223372036854775808", ""},
		{"123456789012345678901234567890.123456789012345678901234567890",
			"123456789012345678901234567890.123456789012345678901234567890", ""},
		{"-0.000000000000000000000000000001", "-0.000000000000000000000000000001", "0.00"},
		{"1e40", "10000000000000000000000000000000000000000", ""},
		{"12e-30", "0.000000000000000000000000000012", "0.00"},
	}
	ds := make([]decimal.Decimal, len(cases))
	for i, c := range cases {
		ds[i] = decimal.RequireFromString(c.in)
	}
	mustLoad(t, conn, "COPY n (i, v, m) FROM STDIN (FORMAT binary)", len(cases), func(b []byte, i int) []byte {
		b = pgcopy.BeginRow(b, 3)
		b = pgcopy.Int4(b, int32(i))
		b = pgcopy.Numeric(b, ds[i])
		if cases[i].m == "" {
			return pgcopy.Null(b)
		}
		return pgcopy.Numeric(b, ds[i])
	})
	want := make([]string, len(cases))
	wantM := make([]string, len(cases))
	for i, c := range cases {
		want[i], wantM[i] = c.text, c.m
	}
	compare(t, texts(t, conn, "SELECT v::text FROM n ORDER BY i"), want)
	compare(t, texts(t, conn, "SELECT coalesce(m::text, '') FROM n ORDER BY i"), wantM)
}

// TestNumericRandom checks random decimals against their text form, which
// PostgreSQL parses itself.
func TestNumericRandom(t *testing.T) {
	conn := scratch(t, "CREATE TABLE n (i int, v numeric, w numeric(10,4))")
	r := rand.New(rand.NewPCG(1, 2))
	const n = 5000
	ds := make([]decimal.Decimal, n)
	for i := range ds {
		var coef int64
		switch r.IntN(5) {
		case 0:
			coef = r.Int64N(100)
		case 1:
			coef = r.Int64N(1_000_000)
		case 2:
			coef = r.Int64N(1_000_000_000_000)
		case 3: // 15 to 18 digits: the decimal-string path without big.Int
			coef = 1e15 + r.Int64N(1e18-1e15)
		default:
			coef = r.Int64()
		}
		if r.IntN(2) == 0 {
			coef = -coef
		}
		d := decimal.New(coef, int32(r.IntN(30)-20))
		if r.IntN(8) == 0 { // a big coefficient
			d = d.Mul(decimal.New(r.Int64(), int32(r.IntN(10))))
		}
		ds[i] = d
	}
	mustLoad(t, conn, "COPY n (i, v, w) FROM STDIN (FORMAT binary)", n, func(b []byte, i int) []byte {
		b = pgcopy.BeginRow(b, 3)
		b = pgcopy.Int4(b, int32(i))
		b = pgcopy.Numeric(b, ds[i])
		if ds[i].Abs().LessThan(decimal.New(999999, 0)) {
			return pgcopy.Numeric(b, ds[i])
		}
		return pgcopy.Null(b)
	})
	got := texts(t, conn, "SELECT v::text FROM n ORDER BY i")
	gotW := texts(t, conn, "SELECT coalesce(w::text, '') FROM n ORDER BY i")
	for i, d := range ds {
		want := d.StringFixed(max(0, -d.Exponent()))
		if got[i] != want {
			t.Errorf("%s (coef %s exp %d): got %s, want %s", d, d.Coefficient(), d.Exponent(), got[i], want)
		}
		wantW := ""
		if d.Abs().LessThan(decimal.New(999999, 0)) {
			wantW = d.Round(4).StringFixed(4)
			if wantW == "-0.0000" {
				wantW = "0.0000"
			}
		}
		if gotW[i] != wantW {
			t.Errorf("%s as numeric(10,4): got %s, want %s", d, gotW[i], wantW)
		}
	}
}

func TestTimes(t *testing.T) {
	conn := scratch(t, "CREATE TABLE ts (i int, t timestamptz, d date)")
	cst := time.FixedZone("CST", 8*3600)
	times := []time.Time{
		time.Date(2024, 3, 1, 0, 30, 0, 0, cst),
		time.Date(2024, 2, 29, 23, 59, 59, 999999000, time.UTC),
		time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2000, 1, 1, 7, 59, 59, 0, cst),
		time.Date(1999, 12, 31, 23, 59, 59, 123456000, time.UTC),
		time.Date(1969, 7, 20, 20, 17, 40, 1000, time.UTC),
		time.Date(1900, 3, 1, 12, 0, 0, 0, cst),
		time.Date(2100, 2, 28, 8, 0, 0, 500, cst), // nanoseconds truncate
		time.Date(1999, 12, 31, 23, 59, 59, 999999999, time.UTC),
	}
	mustLoad(t, conn, "COPY ts (i, t, d) FROM STDIN (FORMAT binary)", len(times), func(b []byte, i int) []byte {
		b = pgcopy.BeginRow(b, 3)
		b = pgcopy.Int4(b, int32(i))
		b = pgcopy.Timestamptz(b, times[i])
		return pgcopy.Date(b, times[i])
	})
	want := make([]string, len(times))
	wantD := make([]string, len(times))
	for i, tm := range times {
		want[i] = tm.Truncate(time.Microsecond).UTC().Format("2006-01-02 15:04:05.999999") + "+00"
		wantD[i] = tm.Format("2006-01-02")
	}
	// time.Truncate works on absolute time since year 1, so it truncates
	// towards the past before 2000 as well.
	compare(t, texts(t, conn, "SELECT t::text FROM ts ORDER BY i"), want)
	compare(t, texts(t, conn, "SELECT d::text FROM ts ORDER BY i"), wantD)
	if wantD[0] != "2024-03-01" || want[0] != "2024-02-29 16:30:00+00" {
		t.Errorf("fixture: %s %s", want[0], wantD[0])
	}
}

func TestScalars(t *testing.T) {
	conn := scratch(t, `CREATE TABLE s (i int, c char(6), t text, u uuid, a smallint, b bigint, ok boolean, by bytea)`)
	type row struct {
		c, t, u string
		a       int16
		b       int64
		ok      bool
		by      []byte
	}
	rows := []row{
		{"370100", "plain", "0192f3a4-5b6c-7d8e-9fa0-b1c2d3e4f5a6", 1, 1, true, []byte("abc")},
		{"11", "tab\there\nnew line\r\\back\\slash", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", -1, -1, false, []byte{0, 1, 0, 255, 0}},
		{"北京市", "中文：急性阑尾炎伴穿孔 ✓", "00000000-0000-0000-0000-000000000000", 32767, 1<<63 - 1, true, []byte{}},
		{"", "", "aBcDeF01-2345-6789-abcd-ef0123456789", -32768, -1 << 63, false, nil},
	}
	mustLoad(t, conn, "COPY s (i, c, t, u, a, b, ok, by) FROM STDIN (FORMAT binary)", len(rows), func(b []byte, i int) []byte {
		r := rows[i]
		b = pgcopy.BeginRow(b, 8)
		b = pgcopy.Int4(b, int32(i))
		b = pgcopy.Text(b, r.c)
		b = pgcopy.Text(b, r.t)
		b, err := pgcopy.UUID(b, r.u)
		if err != nil {
			t.Fatal(err)
		}
		b = pgcopy.Int2(b, r.a)
		b = pgcopy.Int8(b, r.b)
		b = pgcopy.Bool(b, r.ok)
		return pgcopy.Bytea(b, r.by)
	})
	var wc, wt, wu, wa, wb, wok, wby []string
	for _, r := range rows {
		wc = append(wc, r.c+strings.Repeat(" ", max(0, 6-len([]rune(r.c)))))
		wt = append(wt, r.t)
		wu = append(wu, strings.ToLower(r.u))
		wa = append(wa, strconv.Itoa(int(r.a)))
		wb = append(wb, strconv.FormatInt(r.b, 10))
		wok = append(wok, strconv.FormatBool(r.ok))
		if r.by == nil {
			wby = append(wby, "NULL")
		} else {
			wby = append(wby, "\\x"+hexString(r.by))
		}
	}
	compare(t, texts(t, conn, "SELECT c::text || repeat(' ', 6 - char_length(c)) FROM s ORDER BY i"), wc)
	compare(t, texts(t, conn, "SELECT t FROM s ORDER BY i"), wt)
	compare(t, texts(t, conn, "SELECT u::text FROM s ORDER BY i"), wu)
	compare(t, texts(t, conn, "SELECT a::text FROM s ORDER BY i"), wa)
	compare(t, texts(t, conn, "SELECT b::text FROM s ORDER BY i"), wb)
	compare(t, texts(t, conn, "SELECT ok::text FROM s ORDER BY i"), wok)
	compare(t, texts(t, conn, "SELECT coalesce(by::text, 'NULL') FROM s ORDER BY i"), wby)
}

func TestNulls(t *testing.T) {
	conn := scratch(t, `CREATE TABLE z (i int, c char(6), t text, u uuid, a smallint, n numeric, ts timestamptz, d date, by bytea)`)
	mustLoad(t, conn, "COPY z (i, c, t, u, a, n, ts, d, by) FROM STDIN (FORMAT binary)", 1, func(b []byte, _ int) []byte {
		b = pgcopy.BeginRow(b, 9)
		b = pgcopy.Int4(b, 7)
		for range 7 {
			b = pgcopy.Null(b)
		}
		return pgcopy.Bytea(b, nil)
	})
	compare(t, texts(t, conn, `SELECT concat_ws(',', i, c, t, u, a, n, ts, d, by) FROM z`), []string{"7"})
}

func TestUUIDInvalid(t *testing.T) {
	for _, s := range []string{
		"", "0192f3a4-5b6c-7d8e-9fa0-b1c2d3e4f5a", "0192f3a4-5b6c-7d8e-9fa0-b1c2d3e4f5a67",
		"0192f3a4x5b6c-7d8e-9fa0-b1c2d3e4f5a6", "0192f3a4-5b6c-7d8e-9fa0-b1c2d3e4f5ag",
		"0192f3a45b6c7d8e9fa0b1c2d3e4f5a6", "{0192f3a4-5b6c-7d8e-9fa0-b1c2d3e4f5}",
	} {
		b, err := pgcopy.UUID([]byte("x"), s)
		if !errors.Is(err, pgcopy.ErrUUID) || string(b) != "x" {
			t.Errorf("%q: %q, %v", s, b, err)
		}
	}
}

// TestStream checks a wrong field count is refused, and that the header and
// trailer are what the server expects (every test above also relies on it).
func TestStream(t *testing.T) {
	if got := pgcopy.Trailer(pgcopy.Header(nil)); string(got) != "PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff" {
		t.Fatalf("%q", got)
	}
	conn := scratch(t, "CREATE TABLE x (a int, b text)")
	err := load(t, conn, "COPY x (a, b) FROM STDIN (FORMAT binary)", 1, func(b []byte, _ int) []byte {
		b = pgcopy.BeginRow(b, 1)
		return pgcopy.Int4(b, 1)
	})
	if err == nil || !strings.Contains(err.Error(), "row field count") {
		t.Fatalf("wrong field count: %v", err)
	}
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	var s strings.Builder
	for _, c := range b {
		s.WriteByte(digits[c>>4])
		s.WriteByte(digits[c&15])
	}
	return s.String()
}

// BenchmarkRow encodes a 50-field row shaped like a case row.
func BenchmarkRow(b *testing.B) {
	at := time.Date(2024, 5, 3, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))
	money := decimal.RequireFromString("10156.65")
	ratio := decimal.RequireFromString("1.2345")
	detail := bytes.Repeat([]byte(`{"k":"v"},`), 150)
	buf := make([]byte, 0, 1<<16)
	b.ReportAllocs()
	for b.Loop() {
		buf = buf[:0]
		buf = pgcopy.BeginRow(buf, 50)
		buf = pgcopy.Text(buf, "370100")
		buf, _ = pgcopy.UUID(buf, "0192f3a4-5b6c-7d8e-9fa0-b1c2d3e4f5a6")
		buf, _ = pgcopy.UUID(buf, "0192f3a4-5b6c-7d8e-9fa0-b1c2d3e4f5a7")
		for range 13 {
			buf = pgcopy.Text(buf, "ZY20240503001")
		}
		for range 10 {
			buf = pgcopy.Int2(buf, 42)
		}
		for range 6 {
			buf = pgcopy.Int4(buf, 1234)
		}
		buf = pgcopy.Int8(buf, -8123456789)
		buf = pgcopy.Bool(buf, true)
		buf = pgcopy.Bool(buf, false)
		buf = pgcopy.Timestamptz(buf, at)
		buf = pgcopy.Timestamptz(buf, at)
		buf = pgcopy.Date(buf, at)
		buf = pgcopy.Bytea(buf, []byte("sealed-name-0123456789"))
		buf = pgcopy.Bytea(buf, nil)
		for range 6 {
			buf = pgcopy.Numeric(buf, money)
		}
		buf = pgcopy.Numeric(buf, ratio)
		buf = pgcopy.Numeric(buf, ratio)
		buf = pgcopy.Null(buf)
		buf = pgcopy.Bytea(buf, detail)
	}
	_ = buf
}
