package synth

import (
	"io"
	"strconv"
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
	b = appendDate(b, p.birth)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(r.age), 10)
	b = append(b, ',')
	if r.age == 0 && r.ageDays >= 0 {
		b = strconv.AppendInt(b, int64(r.ageDays), 10)
	}
	b = append(b, ',')
	if r.bw > 0 {
		b = strconv.AppendInt(b, int64(r.bw), 10)
	}
	b = append(b, ',')
	if r.aw > 0 {
		b = strconv.AppendInt(b, int64(r.aw), 10)
	}
	if p.ins == 0 {
		b = append(b, ",310,"...)
	} else {
		b = append(b, ",390,"...)
	}
	b = append(b, p.insPlace...)
	b = append(b, ',')
	b = appendTime(b, r.adm)
	b = append(b, ',')
	b = appendTime(b, r.dis)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(r.los), 10)
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
	b = strconv.AppendInt(b, int64(r.way), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(r.vent), 10)
	if r.readmit {
		b = append(b, ",2,"...)
	} else {
		b = append(b, ",0,"...)
	}
	for i, d := range t.dx {
		if i > 0 {
			b = append(b, '|')
		}
		b = append(b, g.ts.dxCodes[d]...)
		b = append(b, '^', r.dxCond[i], '^')
		b = append(b, g.ts.dxNames[d]...)
	}
	b = append(b, ',')
	for i, x := range t.px {
		if i > 0 {
			b = append(b, '|')
		}
		b = append(b, g.ts.pxCodes[x]...)
		b = append(b, '^')
		b = appendTime(b, r.pxDate[i])
		b = append(b, '^')
		b = append(b, g.ts.pxNames[x]...)
	}
	b = append(b, ',')
	for i, s := range r.icu {
		if i > 0 {
			b = append(b, '|')
		}
		b = append(b, s.typ...)
		b = append(b, '^')
		b = appendTime(b, s.in)
		b = append(b, '^')
		b = appendTime(b, s.out)
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
		b = append(b, it.it.code...)
		b = append(b, '^')
		if it.name != "" {
			b = append(b, it.name...)
		} else {
			b = append(b, it.it.name...)
		}
		b = append(b, '^')
		b = append(b, catCodes[it.it.cat]...)
		b = append(b, '^', byte('0'+it.it.level), '^')
		b = append(b, it.it.ratio...)
		b = append(b, '^')
		b = strconv.AppendInt(b, it.qty, 10)
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
	b = strconv.AppendInt(b, c/100, 10)
	f := c % 100
	return append(b, '.', byte('0'+f/10), byte('0'+f%10))
}

func append2(b []byte, v int) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }

func appendDate(b []byte, day int) []byte {
	y, m, d := civil(day)
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append2(b, m)
	b = append(b, '-')
	return append2(b, d)
}

func appendTime(b []byte, s int64) []byte {
	day := s / 86400
	sec := int(s - day*86400)
	b = appendDate(b, int(day))
	b = append(b, ' ')
	b = append2(b, sec/3600)
	b = append(b, ':')
	b = append2(b, sec/60%60)
	b = append(b, ':')
	return append2(b, sec%60)
}
