package grouper

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// PlanInfo describes a compiled plan.
type PlanInfo struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	ValidFrom string `json:"valid_from,omitempty"` // YYYY-MM-DD, first discharge date the plan applies to
	ValidTo   string `json:"valid_to,omitempty"`   // YYYY-MM-DD, exclusive; empty = open-ended
	QY        bool   `json:"qy"`                   // 歧义组 branch enabled
	Translate bool   `json:"translate"`            // codes are mapped to the plan's code set first
	MDCs      int    `json:"mdcs"`
	ADRGs     int    `json:"adrgs"`
	DRGs      int    `json:"drgs"`
	Digest    string `json:"digest"` // SHA-256 of the pack's bytes, hex
}

type listKind uint8

const (
	listDx listKind = iota
	listPx
)

// codeList is one list of the plan: an MDC 主诊表, an ADRG clause table, a
// body-site table, an exclusion table (表 7-N), the valid-operation list.
type codeList struct {
	kind  listKind
	owner string // MDC or ADRG code; "" for plan-wide lists
	role  string // pdx, anydx, ppx, px1…, site, cce, valid, exclude
	label string // 头颈部创伤, 表 7-12 …
	codes []int32
}

type mdcDef struct {
	code, name string
	entry      expr
	adrgs      []int32 // evaluation order
	qyAt       int32   // position in adrgs where the 歧义组 test sits; -1: none
	source     string
	qyCode     string // derived: the 歧义组 DRG code, e.g. BQY
}

type adrgDef struct {
	code, name string
	mdc        int32
	rule       expr
	drgs       []int32 // split order
	source     string
}

type drgDef struct {
	code, name string
	adrg       int32
	cond       expr
	source     string
}

// noCC marks a diagnosis that is not on the MCC (or CC) list; noTable one
// that is, but with no exclusion table (排除内容 "无").
const (
	noCC    int32 = -1
	noTable int32 = -2
)

type codeMapping struct {
	from string
	to   int32
}

// Pack is a compiled plan: immutable after construction and safe for
// concurrent use by any number of goroutines.
type Pack struct {
	info PlanInfo

	dxCodes, dxNames []string
	pxCodes, pxNames []string
	lists            []codeList
	mcc, cc          []int32 // per diagnosis: exclusion-table list id, noCC or noTable

	mdcs  []mdcDef
	adrgs []adrgDef
	drgs  []drgDef
	order []int32 // MDC evaluation order

	validOps   int32 // px list of valid OR procedures; -1 none
	excludePdx int32 // dx list of principal diagnoses that may not be used for grouping; -1 none
	excludePpx int32 // px list, likewise for the principal procedure; -1 none

	dxMap, pxMap []codeMapping

	// derived by index(), never serialised
	dx, px           *codeIndex
	dxTrans, pxTrans *internTable
	listBit          []int32 // list id → membership bit in its kind's slots; −1 for exclusion tables
	tables           []int32 // exclusion-table number → list id
	cceMore          map[uint64]struct{}
	groups           map[string]groupRef
	dxSorted         []int32 // ids in code order, for prefix search
	pxSorted         []int32
}

type groupLevel uint8

const (
	levelMDC groupLevel = iota + 1
	levelADRG
	levelDRG
)

type groupRef struct {
	level groupLevel
	idx   int32
}

// Info describes the plan.
func (p *Pack) Info() PlanInfo { return p.info }

// ID is the plan id, e.g. "chs-drg-1.1".
func (p *Pack) ID() string { return p.info.ID }

// AppliesTo reports whether a discharge on day t falls in the plan's validity.
func (p *Pack) AppliesTo(t time.Time) bool { return covers(p.info, t) }

func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.DateOnly, s)
}

// index builds the lookup structures from the serialisable fields. It is the
// only place that derives state, so a compiled pack and one read back from
// bytes behave identically.
func (p *Pack) index() error {
	if _, err := parseDate(p.info.ValidFrom); err != nil {
		return fmt.Errorf("valid-from: %w", err)
	}
	if _, err := parseDate(p.info.ValidTo); err != nil {
		return fmt.Errorf("valid-to: %w", err)
	}
	// Exclusion tables (表 7-N) are the lists the MCC/CC arrays point to;
	// they get table numbers, every other list a membership bit.
	p.listBit = make([]int32, len(p.lists))
	tableNum := make(map[int32]int16)
	for _, tabs := range [][]int32{p.mcc, p.cc} {
		for _, t := range tabs {
			if _, seen := tableNum[t]; t >= 0 && !seen {
				if len(p.tables) >= 1<<15-1 {
					return fmt.Errorf("too many exclusion tables")
				}
				tableNum[t] = int16(len(p.tables))
				p.tables = append(p.tables, t)
			}
		}
	}
	var nd, np int32
	for id, l := range p.lists {
		switch _, isTable := tableNum[int32(id)]; {
		case isTable:
			p.listBit[id] = -1
		case l.kind == listDx:
			p.listBit[id], nd = nd, nd+1
		default:
			p.listBit[id], np = np, np+1
		}
	}
	var okDx, okPx bool
	p.dx, okDx = newCodeIndex(p.dxCodes, int(nd))
	p.px, okPx = newCodeIndex(p.pxCodes, int(np))
	if !okDx || !okPx {
		return fmt.Errorf("duplicate code in dictionary")
	}
	p.dxTrans = internMap(p.dxMap)
	p.pxTrans = internMap(p.pxMap)
	p.cceMore = map[uint64]struct{}{}
	for id, l := range p.lists {
		x, n := p.dx, len(p.dxCodes)
		if l.kind == listPx {
			x, n = p.px, len(p.pxCodes)
		}
		t, isTable := tableNum[int32(id)]
		for _, c := range l.codes {
			if c < 0 || int(c) >= n {
				return fmt.Errorf("list %d: code id %d out of range", id, c)
			}
			if !isTable {
				x.set(c, p.listBit[id])
				continue
			}
			sl := &x.slots[x.slotOf[c]]
			switch {
			case sl.cce == tableNone:
				sl.cce = t
			case sl.cce != t:
				sl.more = 1
				p.cceMore[uint64(c)<<16|uint64(uint16(t))] = struct{}{}
			}
		}
	}
	table := func(v int32) int16 {
		switch {
		case v == noTable:
			return tableNoTable
		case v >= 0:
			return tableNum[v]
		}
		return tableNone
	}
	for id := range p.dxCodes {
		sl := &p.dx.slots[p.dx.slotOf[id]]
		sl.mcc, sl.cc = table(p.mcc[id]), table(p.cc[id])
	}
	if err := p.bindAtoms(); err != nil {
		return err
	}
	for _, l := range []int32{p.validOps, p.excludePdx, p.excludePpx} {
		if l >= 0 && p.listBit[l] < 0 {
			return fmt.Errorf("plan list %d is an exclusion table", l)
		}
	}
	for i := range p.mdcs {
		m := &p.mdcs[i]
		m.qyCode = m.code[len(m.code)-1:] + "QY"
	}
	p.groups = make(map[string]groupRef, len(p.mdcs)+len(p.adrgs)+len(p.drgs))
	for i, m := range p.mdcs {
		p.groups[m.code] = groupRef{levelMDC, int32(i)}
	}
	for i, a := range p.adrgs {
		p.groups[a.code] = groupRef{levelADRG, int32(i)}
	}
	for i, d := range p.drgs {
		p.groups[d.code] = groupRef{levelDRG, int32(i)}
	}
	p.dxSorted = sortedIDs(p.dxCodes)
	p.pxSorted = sortedIDs(p.pxCodes)
	p.info.MDCs, p.info.ADRGs, p.info.DRGs = len(p.mdcs), len(p.adrgs), len(p.drgs)
	return nil
}

// sortedIDs orders code ids case-insensitively, the order SearchCodes
// binary-searches.
func sortedIDs(codes []string) []int32 {
	ids := make([]int32, len(codes))
	keys := make([]string, len(codes))
	for i := range ids {
		ids[i] = int32(i)
		keys[i] = strings.ToUpper(codes[i])
	}
	sort.Slice(ids, func(a, b int) bool { return keys[ids[a]] < keys[ids[b]] })
	return ids
}

// bindAtoms resolves list ids in every condition to bits, checking kinds,
// so evaluation needs no lookups and a corrupt pack is rejected here.
func (p *Pack) bindAtoms() error {
	bind := func(e *expr) error {
		for i := range e.alts {
			for j := range e.alts[i].atoms {
				a := &e.alts[i].atoms[j]
				want := listDx
				switch a.kind {
				case atomPdx, atomAnyDx, atomSites:
				case atomPpx, atomAnyPx:
					want = listPx
				default:
					continue
				}
				n := int32(1)
				if a.kind == atomSites {
					n = a.span
				}
				if a.list < 0 || n < 0 || int(a.list)+int(n) > len(p.lists) {
					return fmt.Errorf("condition %q: list out of range", e.text)
				}
				for k := a.list; k < a.list+n; k++ {
					if p.lists[k].kind != want || p.listBit[k] < 0 || p.listBit[k] != p.listBit[a.list]+(k-a.list) {
						return fmt.Errorf("condition %q: list kind mismatch", e.text)
					}
				}
				a.bit = p.listBit[a.list]
			}
		}
		return nil
	}
	for i := range p.mdcs {
		if err := bind(&p.mdcs[i].entry); err != nil {
			return err
		}
	}
	for i := range p.adrgs {
		if err := bind(&p.adrgs[i].rule); err != nil {
			return err
		}
	}
	for i := range p.drgs {
		if err := bind(&p.drgs[i].cond); err != nil {
			return err
		}
	}
	return nil
}

// Group is a named node of the plan: an MDC, an ADRG or a DRG.
type Group struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Level  string `json:"level"` // mdc, adrg, drg
	Parent string `json:"parent,omitempty"`
	Rule   string `json:"rule,omitempty"` // entry rule, clause or split condition in plan syntax
	Source string `json:"source,omitempty"`
}

// GroupByCode looks up an MDC, ADRG or DRG by its code.
func (p *Pack) GroupByCode(code string) (Group, bool) {
	g, ok := p.groups[code]
	if !ok {
		return Group{}, false
	}
	switch g.level {
	case levelMDC:
		m := &p.mdcs[g.idx]
		return Group{Code: m.code, Name: m.name, Level: "mdc", Rule: m.entry.text, Source: m.source}, true
	case levelADRG:
		a := &p.adrgs[g.idx]
		return Group{Code: a.code, Name: a.name, Level: "adrg", Parent: p.mdcs[a.mdc].code, Rule: a.rule.text, Source: a.source}, true
	default:
		d := &p.drgs[g.idx]
		return Group{Code: d.code, Name: d.name, Level: "drg", Parent: p.adrgs[d.adrg].code, Rule: d.cond.text, Source: d.source}, true
	}
}

// GroupName returns the name of an MDC, ADRG or DRG code.
func (p *Pack) GroupName(code string) (string, bool) {
	g, ok := p.GroupByCode(code)
	return g.Name, ok
}

// Groups lists the plan's MDCs, ADRGs and DRGs in plan order (each MDC
// followed by its ADRGs, each ADRG by its DRGs).
func (p *Pack) Groups() []Group {
	out := make([]Group, 0, len(p.mdcs)+len(p.adrgs)+len(p.drgs))
	for _, mi := range p.order {
		m := &p.mdcs[mi]
		g, _ := p.GroupByCode(m.code)
		out = append(out, g)
		for _, ai := range m.adrgs {
			g, _ := p.GroupByCode(p.adrgs[ai].code)
			out = append(out, g)
			for _, di := range p.adrgs[ai].drgs {
				g, _ := p.GroupByCode(p.drgs[di].code)
				out = append(out, g)
			}
		}
	}
	return out
}

// WithSwitches returns a pack that shares p's tables but has its own 歧义组
// (QY) and code-translation switches; its digest differs from p's when a
// switch does, so results still say exactly what produced them.
func (p *Pack) WithSwitches(qy, translate bool) (*Pack, error) {
	if p.info.QY == qy && p.info.Translate == translate {
		return p, nil
	}
	q := *p
	q.info.QY, q.info.Translate = qy, translate
	if err := q.seal(); err != nil {
		return nil, err
	}
	return &q, nil
}
