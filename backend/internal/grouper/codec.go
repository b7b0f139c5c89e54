package grouper

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
)

// A pack serialises to a compact, deterministic byte form, so it can be
// stored (a file, a database row) and loaded without the plan text:
//
//	"TEYIPACK" | format version (uint16, big endian) | body | CRC-32 (IEEE) of all before
//
// The body holds the plan's lists and rules, never derived indexes; those
// are rebuilt on load by the same code that builds them after Compile. The
// digest (PlanInfo.Digest) is the SHA-256 of the body.

const (
	packMagic         = "TEYIPACK"
	packFormatVersion = 1
)

// MarshalBinary encodes the pack.
func (p *Pack) MarshalBinary() ([]byte, error) {
	body, err := p.marshalBody()
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(packMagic)+2+len(body)+4)
	out = append(out, packMagic...)
	out = binary.BigEndian.AppendUint16(out, packFormatVersion)
	out = append(out, body...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out)), nil
}

// UnmarshalPack decodes bytes made by MarshalBinary. Any damage — wrong
// magic, version, checksum, truncation or an index out of range — gives an
// error wrapping ErrBadPack, never a panic.
func UnmarshalPack(data []byte) (*Pack, error) {
	if len(data) < len(packMagic)+2+4 || string(data[:len(packMagic)]) != packMagic {
		return nil, fmt.Errorf("%w: missing header", ErrBadPack)
	}
	if v := binary.BigEndian.Uint16(data[len(packMagic):]); v != packFormatVersion {
		return nil, fmt.Errorf("%w: format version %d, this engine reads %d", ErrBadPack, v, packFormatVersion)
	}
	end := len(data) - 4
	if crc32.ChecksumIEEE(data[:end]) != binary.BigEndian.Uint32(data[end:]) {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrBadPack)
	}
	body := data[len(packMagic)+2 : end]
	d := decoder{b: body}
	p := d.pack()
	if d.err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadPack, d.err)
	}
	if len(d.b) != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes", ErrBadPack, len(d.b))
	}
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadPack, err)
	}
	if err := p.index(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadPack, err)
	}
	sum := sha256.Sum256(body)
	p.info.Digest = hex.EncodeToString(sum[:])
	return p, nil
}

func (p *Pack) marshalBody() ([]byte, error) {
	var e encoder
	e.str(p.info.ID)
	e.str(p.info.Name)
	e.str(p.info.ValidFrom)
	e.str(p.info.ValidTo)
	e.boolean(p.info.QY)
	e.boolean(p.info.Translate)
	e.strs(p.dxCodes)
	e.strs(p.dxNames)
	e.strs(p.pxCodes)
	e.strs(p.pxNames)
	e.uint(len(p.lists))
	for i := range p.lists {
		l := &p.lists[i]
		e.uint(int(l.kind))
		e.str(l.owner)
		e.str(l.role)
		e.str(l.label)
		e.sorted(l.codes)
	}
	e.ints(p.mcc)
	e.ints(p.cc)
	e.uint(len(p.mdcs))
	for i := range p.mdcs {
		m := &p.mdcs[i]
		e.str(m.code)
		e.str(m.name)
		e.expr(&m.entry)
		e.ints(m.adrgs)
		e.int(int64(m.qyAt))
		e.str(m.source)
	}
	e.uint(len(p.adrgs))
	for i := range p.adrgs {
		a := &p.adrgs[i]
		e.str(a.code)
		e.str(a.name)
		e.int(int64(a.mdc))
		e.expr(&a.rule)
		e.ints(a.drgs)
		e.str(a.source)
	}
	e.uint(len(p.drgs))
	for i := range p.drgs {
		g := &p.drgs[i]
		e.str(g.code)
		e.str(g.name)
		e.int(int64(g.adrg))
		e.expr(&g.cond)
		e.str(g.source)
	}
	e.ints(p.order)
	e.int(int64(p.validOps))
	e.int(int64(p.excludePdx))
	e.int(int64(p.excludePpx))
	e.mapping(p.dxMap)
	e.mapping(p.pxMap)
	return e.b, nil
}

type encoder struct{ b []byte }

func (e *encoder) uint(n int)   { e.b = binary.AppendUvarint(e.b, uint64(n)) }
func (e *encoder) int(n int64)  { e.b = binary.AppendVarint(e.b, n) }
func (e *encoder) str(s string) { e.uint(len(s)); e.b = append(e.b, s...) }
func (e *encoder) boolean(v bool) {
	if v {
		e.uint(1)
	} else {
		e.uint(0)
	}
}

func (e *encoder) strs(s []string) {
	e.uint(len(s))
	for _, x := range s {
		e.str(x)
	}
}

func (e *encoder) ints(s []int32) {
	e.uint(len(s))
	for _, x := range s {
		e.int(int64(x))
	}
}

// sorted writes an ascending list as deltas, which keeps code lists small.
func (e *encoder) sorted(s []int32) {
	e.uint(len(s))
	prev := int32(0)
	for _, x := range s {
		e.uint(int(x - prev))
		prev = x
	}
}

func (e *encoder) expr(x *expr) {
	e.str(x.text)
	e.uint(len(x.alts))
	for i := range x.alts {
		c := &x.alts[i]
		e.str(c.text)
		e.uint(len(c.atoms))
		for j := range c.atoms {
			a := &c.atoms[j]
			e.uint(int(a.kind))
			e.uint(int(a.op))
			e.boolean(a.neg)
			e.int(int64(a.list))
			e.int(int64(a.span))
			e.int(int64(a.num))
			e.ints(a.ints)
			e.strs(a.strs)
		}
	}
}

func (e *encoder) mapping(m []codeMapping) {
	e.uint(len(m))
	for _, x := range m {
		e.str(x.from)
		e.int(int64(x.to))
	}
}

// decoder reads what encoder wrote; the first error sticks and every later
// read returns zero values, so decoding code stays linear.
type decoder struct {
	b   []byte
	err error
}

var errTruncated = errors.New("truncated")

func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
	d.b = nil
}

func (d *decoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail(errTruncated)
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) int() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail(errTruncated)
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length and rejects one larger than the bytes left, so a
// damaged length cannot make the decoder allocate gigabytes.
func (d *decoder) count() int {
	n := d.uint()
	if n > uint64(len(d.b)) {
		d.fail(errTruncated)
		return 0
	}
	return int(n)
}

func (d *decoder) int32() int32 {
	v := d.int()
	if v < -1<<31 || v > 1<<31-1 {
		d.fail(errors.New("integer out of range"))
		return 0
	}
	return int32(v)
}

func (d *decoder) str() string {
	n := d.count()
	if d.err != nil {
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) boolean() bool { return d.uint() == 1 }

func (d *decoder) strs() []string {
	n := d.count()
	out := make([]string, 0, n)
	for i := 0; i < n && d.err == nil; i++ {
		out = append(out, d.str())
	}
	return out
}

func (d *decoder) ints() []int32 {
	n := d.count()
	out := make([]int32, 0, n)
	for i := 0; i < n && d.err == nil; i++ {
		out = append(out, d.int32())
	}
	return out
}

func (d *decoder) sorted() []int32 {
	n := d.count()
	out := make([]int32, 0, n)
	prev := int64(0)
	for i := 0; i < n && d.err == nil; i++ {
		prev += int64(d.uint())
		if prev > 1<<31-1 {
			d.fail(errors.New("code id out of range"))
			break
		}
		out = append(out, int32(prev))
	}
	return out
}

func (d *decoder) expr() expr {
	var x expr
	x.text = d.str()
	n := d.count()
	for i := 0; i < n && d.err == nil; i++ {
		var c conj
		c.text = d.str()
		m := d.count()
		for j := 0; j < m && d.err == nil; j++ {
			a := atom{
				kind: atomKind(d.uint()),
				op:   cmpOp(d.uint()),
				neg:  d.boolean(),
				list: d.int32(),
				span: d.int32(),
				num:  d.int32(),
				ints: d.ints(),
				strs: d.strs(),
			}
			if len(a.ints) == 0 {
				a.ints = nil
			}
			if len(a.strs) == 0 {
				a.strs = nil
			}
			c.atoms = append(c.atoms, a)
		}
		x.alts = append(x.alts, c)
	}
	return x
}

func (d *decoder) mapping() []codeMapping {
	n := d.count()
	var out []codeMapping
	for i := 0; i < n && d.err == nil; i++ {
		out = append(out, codeMapping{from: d.str(), to: d.int32()})
	}
	return out
}

func (d *decoder) pack() *Pack {
	p := &Pack{}
	p.info.ID = d.str()
	p.info.Name = d.str()
	p.info.ValidFrom = d.str()
	p.info.ValidTo = d.str()
	p.info.QY = d.boolean()
	p.info.Translate = d.boolean()
	p.dxCodes = d.strs()
	p.dxNames = d.strs()
	p.pxCodes = d.strs()
	p.pxNames = d.strs()
	n := d.count()
	for i := 0; i < n && d.err == nil; i++ {
		p.lists = append(p.lists, codeList{
			kind:  listKind(d.uint()),
			owner: d.str(),
			role:  d.str(),
			label: d.str(),
			codes: d.sorted(),
		})
	}
	p.mcc = d.ints()
	p.cc = d.ints()
	n = d.count()
	for i := 0; i < n && d.err == nil; i++ {
		p.mdcs = append(p.mdcs, mdcDef{code: d.str(), name: d.str(), entry: d.expr(), adrgs: d.ints(), qyAt: d.int32(), source: d.str()})
	}
	n = d.count()
	for i := 0; i < n && d.err == nil; i++ {
		p.adrgs = append(p.adrgs, adrgDef{code: d.str(), name: d.str(), mdc: d.int32(), rule: d.expr(), drgs: d.ints(), source: d.str()})
	}
	n = d.count()
	for i := 0; i < n && d.err == nil; i++ {
		p.drgs = append(p.drgs, drgDef{code: d.str(), name: d.str(), adrg: d.int32(), cond: d.expr(), source: d.str()})
	}
	p.order = d.ints()
	p.validOps = d.int32()
	p.excludePdx = d.int32()
	p.excludePpx = d.int32()
	p.dxMap = d.mapping()
	p.pxMap = d.mapping()
	return p
}

// check validates every cross-reference of a decoded pack, so that the
// engine can index without bounds checks of its own.
func (p *Pack) check() error {
	nd, np, nl := int32(len(p.dxCodes)), int32(len(p.pxCodes)), int32(len(p.lists))
	if len(p.dxNames) != int(nd) || len(p.pxNames) != int(np) {
		return errors.New("dictionary names do not match codes")
	}
	if len(p.mcc) != int(nd) || len(p.cc) != int(nd) {
		return errors.New("comorbidity tables do not match the dictionary")
	}
	for i, l := range p.lists {
		if l.kind > listPx {
			return fmt.Errorf("list %d: bad kind", i)
		}
	}
	for _, tabs := range [][]int32{p.mcc, p.cc} {
		for _, t := range tabs {
			if t < noTable || t >= nl || (t >= 0 && p.lists[t].kind != listDx) {
				return errors.New("comorbidity table out of range")
			}
		}
	}
	plan := func(id int32, kind listKind) error {
		if id < -1 || id >= nl || (id >= 0 && p.lists[id].kind != kind) {
			return errors.New("plan list out of range")
		}
		return nil
	}
	if err := errors.Join(plan(p.validOps, listPx), plan(p.excludePdx, listDx), plan(p.excludePpx, listPx)); err != nil {
		return err
	}
	exprOK := func(e *expr) error {
		for _, c := range e.alts {
			for _, a := range c.atoms {
				if a.kind >= atomKinds || a.op > opGE {
					return fmt.Errorf("condition %q: bad atom", e.text)
				}
			}
		}
		return nil
	}
	na, ng := int32(len(p.adrgs)), int32(len(p.drgs))
	for _, m := range p.mdcs {
		if m.code == "" {
			return errors.New("MDC without code")
		}
		if m.qyAt < -1 || int(m.qyAt) > len(m.adrgs) {
			return fmt.Errorf("%s: bad qy position", m.code)
		}
		for _, a := range m.adrgs {
			if a < 0 || a >= na {
				return fmt.Errorf("%s: ADRG out of range", m.code)
			}
		}
		if err := exprOK(&m.entry); err != nil {
			return err
		}
	}
	for _, a := range p.adrgs {
		if a.mdc < 0 || int(a.mdc) >= len(p.mdcs) {
			return fmt.Errorf("%s: MDC out of range", a.code)
		}
		for _, g := range a.drgs {
			if g < 0 || g >= ng {
				return fmt.Errorf("%s: DRG out of range", a.code)
			}
		}
		if err := exprOK(&a.rule); err != nil {
			return err
		}
	}
	for _, g := range p.drgs {
		if g.adrg < 0 || g.adrg >= na {
			return fmt.Errorf("%s: ADRG out of range", g.code)
		}
		if err := exprOK(&g.cond); err != nil {
			return err
		}
	}
	// The tree is a tree: every MDC is evaluated once, every ADRG belongs to
	// its MDC's list once, every DRG to its ADRG's list once. Compiled packs
	// hold this by construction; a damaged one could otherwise make the
	// engine repeat work without bound.
	if len(p.order) != len(p.mdcs) {
		return errors.New("MDC order does not list every MDC once")
	}
	seenMDC := make([]bool, len(p.mdcs))
	for _, m := range p.order {
		if m < 0 || int(m) >= len(p.mdcs) || seenMDC[m] {
			return errors.New("MDC order out of range or repeated")
		}
		seenMDC[m] = true
	}
	seenADRG := make([]bool, len(p.adrgs))
	for mi, m := range p.mdcs {
		for _, a := range m.adrgs {
			if seenADRG[a] || p.adrgs[a].mdc != int32(mi) {
				return fmt.Errorf("%s: ADRG listed twice or under the wrong MDC", m.code)
			}
			seenADRG[a] = true
		}
	}
	seenDRG := make([]bool, len(p.drgs))
	for ai, a := range p.adrgs {
		if !seenADRG[ai] {
			return fmt.Errorf("%s: ADRG not under its MDC", a.code)
		}
		for _, g := range a.drgs {
			if seenDRG[g] || p.drgs[g].adrg != int32(ai) {
				return fmt.Errorf("%s: DRG listed twice or under the wrong ADRG", a.code)
			}
			seenDRG[g] = true
		}
	}
	for _, ms := range []struct {
		m []codeMapping
		n int32
	}{{p.dxMap, nd}, {p.pxMap, np}} {
		for _, x := range ms.m {
			if x.to < 0 || x.to >= ms.n {
				return errors.New("code map target out of range")
			}
		}
	}
	return nil
}
