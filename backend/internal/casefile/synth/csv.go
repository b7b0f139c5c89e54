package synth

import (
	"io"
	"slices"
	"strings"

	"teyi/backend/internal/casefile"
)

// WriteCSV writes the flat layout's header row and n generated cases. Rows
// are built straight from the generator's compact form (no Case, no
// decimals) and written in large buffered chunks. The rows are what
// casefile.ToRecord writes for the same cases, except that a set 31-day
// readmission flag is written as the national code 2 (有), which
// casefile.Parse reads as set.
func WriteCSV(w io.Writer, g *Generator, n int) error {
	const flushAt = 1 << 20
	buf := make([]byte, 0, flushAt+64<<10)
	buf = append(buf, strings.Join(casefile.HeaderRow(), ",")...)
	buf = append(buf, '\n')
	for range n {
		g.gen()
		buf = g.appendRow(buf)
		if len(buf) >= flushAt {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	_, err := w.Write(buf)
	return err
}

func (g *Generator) appendRow(b []byte) []byte {
	r := &g.cur
	h := &g.hosp[r.hosp]
	t := &g.ts.tpls[r.tpl]
	p := &r.pat
	b = append(b, 'S')
	b = append(b, h.Code...)
	b = appendPad(b, r.seq, 10)
	b = append(b, ',', 'M')
	b = append(b, h.Code...)
	b = appendPad(b, r.seq, 10)
	b = append(b, ",BA"...)
	b = appendPad(b, uint64(p.mrn), 8)
	b = append(b, ',')
	b = append(b, h.Code...)
	b = append(b, ',')
	b = appendName(b, p)
	b = append(b, ',')
	b = append(b, r.id[:]...)
	b = append(b, ',', byte('0'+p.sex), ',')
	b = g.appendDate(b, p.birth)
	b = append(b, ',')
	b = appendU(b, int64(r.age))
	b = append(b, ',')
	if r.age == 0 && r.ageDays >= 0 {
		b = appendU(b, int64(r.ageDays))
	}
	b = append(b, ',')
	if r.bw > 0 {
		b = appendU(b, int64(r.bw))
	}
	b = append(b, ',')
	if r.aw > 0 {
		b = appendU(b, int64(r.aw))
	}
	if p.ins == 0 {
		b = append(b, ",310,"...)
	} else {
		b = append(b, ",390,"...)
	}
	b = append(b, p.insPlace...)
	b = append(b, ',')
	b = g.appendTime(b, r.adm)
	b = append(b, ',')
	b = g.appendTime(b, r.dis)
	b = append(b, ',')
	b = appendU(b, int64(r.los))
	b = append(b, ',')
	b = append(b, r.admDept...)
	b = append(b, ',')
	b = append(b, r.disDept...)
	b = append(b, ',')
	for i, d := range r.trans {
		if i > 0 {
			b = append(b, '|')
		}
		b = append(b, d...)
	}
	b = append(b, ',')
	b = appendU(b, int64(r.way))
	b = append(b, ',')
	b = appendU(b, int64(r.vent))
	if r.readmit {
		b = append(b, ",2,"...)
	} else {
		b = append(b, ",1,"...)
	}
	at := len(b)
	b = append(b, t.dxCell...)
	for i, off := range t.dxCondAt {
		b[at+int(off)] = r.dxCond[i]
	}
	b = append(b, ',')
	at = len(b)
	b = append(b, t.pxCell...)
	for i, off := range t.pxDateAt {
		g.appendTime(b[:at+int(off)], r.pxDate[i])
	}
	b = append(b, ',')
	for i, s := range r.icu {
		if i > 0 {
			b = append(b, '|')
		}
		b = append(b, s.typ...)
		b = append(b, '^')
		b = g.appendTime(b, s.in)
		b = append(b, '^')
		b = g.appendTime(b, s.out)
	}
	for _, f := range r.fees {
		b = append(b, ',')
		b = appendMoney(b, f)
	}
	for _, v := range [...]int64{r.total, r.classA, r.classB, r.classC, r.pool, r.civil, r.serious, r.assist, 0,
		r.selfPay, r.ownPay, r.account, r.cash} {
		b = append(b, ',')
		b = appendMoney(b, v)
	}
	b = append(b, ',')
	for i := range r.items {
		it := &r.items[i]
		if i > 0 {
			b = append(b, '|')
		}
		if it.it == &itemSurgery {
			b = append(b, t.surgPrefix...)
		} else {
			b = append(b, it.it.prefix...)
		}
		b = appendU(b, it.qty)
		b = append(b, '^')
		b = appendFixed2(b, it.price)
		b = append(b, '^')
		b = appendFixed2(b, it.amount)
		if it.isNew {
			b = append(b, "^1"...)
		} else {
			b = append(b, "^0"...)
		}
	}
	return append(b, '\n')
}

// appendMoney writes cents the way the flat layout does: "0" for zero,
// else yuan with two decimals.
func appendMoney(b []byte, c int64) []byte {
	if c == 0 {
		return append(b, '0')
	}
	return appendFixed2(b, c)
}

func appendFixed2(b []byte, c int64) []byte {
	b = appendU(b, c/100)
	f := c % 100
	return append(b, '.', digitPairs[2*f], digitPairs[2*f+1])
}

const digitPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

// appendU writes a non-negative integer, in place.
func appendU(b []byte, v int64) []byte {
	if v < 10 {
		return append(b, byte('0'+v))
	}
	if v < 100 {
		return append(b, digitPairs[2*v], digitPairs[2*v+1])
	}
	n := 3
	for x := v / 1000; x > 0; x /= 10 {
		n++
	}
	l := len(b)
	if cap(b)-l < n {
		b = slices.Grow(b, n)
	}
	b = b[:l+n]
	i := l + n
	for v >= 100 {
		q := v / 100
		k := 2 * (v - q*100)
		i -= 2
		b[i], b[i+1] = digitPairs[k], digitPairs[k+1]
		v = q
	}
	if v >= 10 {
		b[i-2], b[i-1] = digitPairs[2*v], digitPairs[2*v+1]
	} else {
		b[i-1] = byte('0' + v)
	}
	return b
}

func append2(b []byte, v int) []byte { return append(b, digitPairs[2*v], digitPairs[2*v+1]) }

func formatDate(b []byte, y, m, d int) []byte {
	b = append2(b, y/100)
	b = append2(b, y%100)
	b = append(b, '-')
	b = append2(b, m)
	b = append(b, '-')
	return append2(b, d)
}

// appendDate writes a day as 2006-01-02, from the generator's table.
func (g *Generator) appendDate(b []byte, day int) []byte {
	if k := day - g.minDay; k >= 0 && k < len(g.dayStr)/10 {
		return append(b, g.dayStr[10*k:10*k+10]...)
	}
	y, m, d := civil(day)
	return formatDate(b, y, m, d)
}

// minuteStr holds " 15:04:05" for every second of a day that is a whole
// minute; generated times are whole minutes.
var minuteStr = func() []byte {
	b := make([]byte, 0, 1440*9)
	for m := range 1440 {
		b = append(b, ' ')
		b = append2(b, m/60)
		b = append(b, ':')
		b = append2(b, m%60)
		b = append(b, ':', '0', '0')
	}
	return b
}()

// appendTime writes seconds since 1970 (Beijing) as 2006-01-02 15:04:05.
func (g *Generator) appendTime(b []byte, s int64) []byte {
	day := s / 86400
	sec := int(s - day*86400)
	b = g.appendDate(b, int(day))
	if sec%60 == 0 {
		return append(b, minuteStr[sec/60*9:sec/60*9+9]...)
	}
	b = append(b, ' ')
	b = append2(b, sec/3600)
	b = append(b, ':')
	b = append2(b, sec/60%60)
	b = append(b, ':')
	return append2(b, sec%60)
}
