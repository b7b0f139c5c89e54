package grouper

import "strings"

// Reasons given with a status other than grouped. They are constants so that
// callers can switch on them and so that no string is built per case.
const (
	ReasonSexInvalid         = "sex must be 1 (male) or 2 (female)"
	ReasonAgeMissing         = "age is missing"
	ReasonAgeDaysMissing     = "age in days is required when age is 0"
	ReasonBirthWeightMissing = "birth weight is required for a newborn (age in days ≤ 28)"
	ReasonNoDiagnosis        = "no diagnosis"
	ReasonDxNotTranslatable  = "diagnosis cannot be translated to the plan's code set"
	ReasonPxNotTranslatable  = "procedure cannot be translated to the plan's code set"
	ReasonExcludedPdx        = "principal diagnosis may not be used for grouping in this plan"
	ReasonExcludedPpx        = "principal procedure may not be used for grouping in this plan"
	ReasonNoMDC              = "no MDC and ADRG of the plan accepts the case"
	ReasonQY                 = "operating-room procedure unrelated to the MDC (歧义组)"
	ReasonNoDRG              = "no DRG split condition of the ADRG holds"
)

// Group groups one case into a new Result. Use GroupInto with a reused
// Result when grouping many cases.
func (p *Pack) Group(c *Case) Result {
	var r Result
	p.GroupInto(c, &r)
	return r
}

// GroupInto groups c into r, reusing r's slices. It does not modify c, and
// it allocates only when r's slices must grow.
func (p *Pack) GroupInto(c *Case, r *Result) {
	r.Reset()
	r.Plan, r.PlanDigest, r.Engine = p.info.ID, p.shortDigest(), EngineVersion

	if reason, detail := checkCase(c); reason != "" {
		r.fail(StatusValidationFailed, reason, detail)
		r.step(StageValidate, "", reason, detail, "")
		return
	}
	r.step(StageValidate, "", "ok", "", "")
	if !p.intern(c, r) {
		return
	}
	x := evalCtx{p: p, c: c, r: r, dx: r.dx, px: r.px, pdx: r.dx[0], ppx: -1, sev: -1, pdxBits: &noBits, ppxBits: &noBits}
	if x.pdx >= 0 {
		x.pdxBits = &p.dx.slots[x.pdx].bits
	}
	if len(r.px) > 0 {
		x.ppx = r.px[0]
		if x.ppx >= 0 {
			x.ppxBits = &p.px.slots[x.ppx].bits
		}
	}
	if p.excludePdx >= 0 && x.pdx >= 0 && p.dx.has(x.pdx, p.listBit[p.excludePdx]) {
		r.fail(StatusUngroupable, ReasonExcludedPdx, r.dxs[0])
		r.step(StageExcludedDx, "", ReasonExcludedPdx, r.dxs[0], "")
		return
	}
	if p.excludePpx >= 0 && x.ppx >= 0 && p.px.has(x.ppx, p.listBit[p.excludePpx]) {
		r.fail(StatusUngroupable, ReasonExcludedPpx, r.pxs[0])
		r.step(StageExcludedDx, "", ReasonExcludedPpx, r.pxs[0], "")
		return
	}

	for _, mi := range p.order {
		m := &p.mdcs[mi]
		alt := x.eval(&m.entry)
		if alt < 0 {
			continue
		}
		r.step(StageMDC, m.code, m.entry.alts[alt].text, x.witness(&m.entry.alts[alt]), m.source)
		for k, ai := range m.adrgs {
			if int32(k) == m.qyAt && p.info.QY && p.validOps >= 0 {
				if by := x.anyPx(p.listBit[p.validOps]); by >= 0 {
					r.fail(StatusUngroupable, ReasonQY, r.pxs[by])
					r.MDC, r.MDCName = m.code, m.name
					r.DRG = m.qyCode
					r.step(StageQY, r.DRG, "anypx-valid", r.pxs[by], m.source)
					return
				}
			}
			a := &p.adrgs[ai]
			alt := x.eval(&a.rule)
			if alt < 0 {
				continue
			}
			r.MDC, r.MDCName = m.code, m.name
			r.ADRG, r.ADRGName = a.code, a.name
			r.step(StageADRG, a.code, a.rule.alts[alt].text, x.witness(&a.rule.alts[alt]), a.source)
			x.severity()
			for _, di := range a.drgs {
				d := &p.drgs[di]
				alt := x.eval(&d.cond)
				if alt < 0 {
					continue
				}
				r.Status = StatusGrouped
				r.DRG, r.DRGName = d.code, d.name
				by := x.splitBy(&d.cond.alts[alt])
				r.step(StageDRG, d.code, d.cond.alts[alt].text, by, d.source)
				return
			}
			r.fail(StatusUngroupable, ReasonNoDRG, a.code)
			return
		}
		r.step(StageFallThrough, m.code, "", "", "")
	}
	r.fail(StatusUngroupable, ReasonNoMDC, "")
	r.step(StageUngroupable, "", ReasonNoMDC, "", "")
}

func (r *Result) fail(s Status, reason, detail string) {
	r.Status, r.Reason, r.Detail = s, reason, detail
}

func (p *Pack) shortDigest() string {
	if len(p.info.Digest) >= 16 {
		return p.info.Digest[:16]
	}
	return p.info.Digest
}

// checkCase applies the pre-checks of the reference groupers (信息校验),
// in their order.
func checkCase(c *Case) (reason, detail string) {
	switch {
	case c.Sex != SexMale && c.Sex != SexFemale:
		return ReasonSexInvalid, "sex"
	case !known(c.AgeYears):
		return ReasonAgeMissing, "age"
	case c.AgeYears == 0 && !known(c.AgeDays):
		return ReasonAgeDaysMissing, "age_days"
	case c.AgeYears == 0 && c.AgeDays <= 28 && !weightKnown(c.BirthWeight):
		return ReasonBirthWeightMissing, "birth_weight"
	}
	for _, d := range c.Diagnoses {
		if usable(d) {
			return "", ""
		}
	}
	return ReasonNoDiagnosis, "diagnoses"
}

// usable skips the blanks and dashes that settlement lists use for "none".
func usable(code string) bool {
	code = strings.TrimSpace(code)
	return code != "" && code != "-"
}

// intern turns the case's codes into slots of the pack's code index (−1 for
// a code the plan does not know, which then matches no list), translating
// them first when the plan asks for it. It also keeps the code strings, so
// the trace and the result name codes without touching the dictionary.
func (p *Pack) intern(c *Case, r *Result) bool {
	for _, s := range c.Diagnoses {
		slot, code, ok := p.internCode(s, p.dx, p.dxTrans, p.dxCodes, r, "dx-map")
		if !ok {
			r.fail(StatusCodeNotTranslatable, ReasonDxNotTranslatable, code)
			r.step(StageTranslate, "", ReasonDxNotTranslatable, code, "")
			return false
		}
		if code != "" {
			r.dx, r.dxs = append(r.dx, slot), append(r.dxs, code)
		}
	}
	for _, s := range c.Procedures {
		slot, code, ok := p.internCode(s, p.px, p.pxTrans, p.pxCodes, r, "px-map")
		if !ok {
			r.fail(StatusCodeNotTranslatable, ReasonPxNotTranslatable, code)
			r.step(StageTranslate, "", ReasonPxNotTranslatable, code, "")
			return false
		}
		if code != "" {
			r.px, r.pxs = append(r.px, slot), append(r.pxs, code)
		}
	}
	return true
}

// internCode returns the slot of one code and the code to show for it; an
// empty code means "skip" (blank or dash), ok false means untranslatable.
func (p *Pack) internCode(s string, x *codeIndex, trans *internTable, codes []string, r *Result, rule string) (int32, string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || s == "-" {
		return -1, "", true
	}
	if !p.info.Translate {
		return x.find(s), s, true
	}
	id, ok := trans.get(s)
	if !ok {
		return -1, s, false
	}
	if codes[id] != s {
		r.step(StageTranslate, codes[id], rule, s, "")
	}
	return x.slotOf[id], codes[id], true
}

var noBits [slotBits]uint64

// evalCtx is the per-case state of one evaluation; it lives on the stack.
type evalCtx struct {
	p        *Pack
	c        *Case
	r        *Result
	dx, px   []int32
	pdx, ppx int32
	pdxBits  *[slotBits]uint64 // membership words of the principal codes (zero if unknown)
	ppxBits  *[slotBits]uint64
	sev      int8 // −1 until computed
	firstMCC int  // index into dx of the first counting MCC, −1 if none
	firstCC  int
}

// eval returns the index of the first alternative of e that holds, or −1.
func (x *evalCtx) eval(e *expr) int {
	for i := range e.alts {
		if x.conj(&e.alts[i]) {
			return i
		}
	}
	return -1
}

// conj tests one alternative. Most atoms the engine meets are "principal
// code in list", so those are tested here against the principal codes'
// membership words, loaded once per case.
func (x *evalCtx) conj(c *conj) bool {
	for i := range c.atoms {
		a := &c.atoms[i]
		switch {
		case a.kind == atomPdx && !a.neg && a.bit < 64*slotBits:
			if x.pdxBits[a.bit>>6]&(1<<(uint(a.bit)&63)) == 0 {
				return false
			}
		case a.kind == atomPpx && !a.neg && a.bit < 64*slotBits:
			if x.ppxBits[a.bit>>6]&(1<<(uint(a.bit)&63)) == 0 {
				return false
			}
		default:
			if !x.atom(a) {
				return false
			}
		}
	}
	return true
}

func (x *evalCtx) atom(a *atom) bool {
	c := x.c
	var v bool
	switch a.kind {
	case atomAlways:
		v = true
	case atomPdx:
		v = x.pdx >= 0 && x.p.dx.has(x.pdx, a.bit)
	case atomAnyDx:
		v = x.anyDx(a.bit) >= 0
	case atomPpx:
		v = x.ppx >= 0 && x.p.px.has(x.ppx, a.bit)
	case atomAnyPx:
		v = x.anyPx(a.bit) >= 0
	case atomSites:
		n := 0
		for b := a.bit; b < a.bit+a.span; b++ {
			if x.anyDx(b) >= 0 {
				n++
			}
		}
		v = compare(n, a.op, a.num)
	case atomSex:
		v = compare(int(c.Sex), a.op, a.num)
	case atomAge:
		v = known(c.AgeYears) && compare(c.AgeYears, a.op, a.num)
	case atomAgeDays:
		v = known(c.AgeDays) && compare(c.AgeDays, a.op, a.num)
	case atomWeight:
		v = weightKnown(c.BirthWeight) && compare(c.BirthWeight, a.op, a.num)
	case atomAdmWeight:
		v = weightKnown(c.AdmissionWeight) && compare(c.AdmissionWeight, a.op, a.num)
	case atomLOS:
		v = known(c.LOS) && compare(c.LOS, a.op, a.num)
	case atomVent:
		v = compare(max(c.VentilationHours, 0), a.op, a.num)
	case atomLeaving:
		if c.DischargeWay > 0 {
			in := false
			for _, w := range a.ints {
				if int(w) == c.DischargeWay {
					in = true
					break
				}
			}
			v = in == (a.op == opEQ)
		}
	case atomDept:
		if c.Department != "" {
			in := false
			for _, d := range a.strs {
				if d == c.Department {
					in = true
					break
				}
			}
			v = in == (a.op == opEQ)
		}
	case atomECMO:
		v = c.ECMO
	case atomMCC:
		v = x.severity() == ComorbidityMCC
	case atomCC:
		v = x.severity() >= ComorbidityCC
	}
	return v != a.neg
}

// anyDx returns the index of the first diagnosis in the list with bit b, or −1.
func (x *evalCtx) anyDx(b int32) int {
	for i, d := range x.dx {
		if d >= 0 && x.p.dx.has(d, b) {
			return i
		}
	}
	return -1
}

func (x *evalCtx) anyPx(b int32) int {
	for i, d := range x.px {
		if d >= 0 && x.p.px.has(d, b) {
			return i
		}
	}
	return -1
}

// witness names the case code that satisfied the first code atom of c, for
// the trace.
func (x *evalCtx) witness(c *conj) string {
	for i := range c.atoms {
		a := &c.atoms[i]
		if a.neg {
			continue
		}
		switch a.kind {
		case atomPdx:
			return x.r.dxs[0]
		case atomPpx:
			return x.r.pxs[0]
		case atomAnyDx:
			if k := x.anyDx(a.bit); k >= 0 {
				return x.r.dxs[k]
			}
		case atomAnyPx:
			if k := x.anyPx(a.bit); k >= 0 {
				return x.r.pxs[k]
			}
		}
	}
	return ""
}

// severity computes the case's CC/MCC level once: a secondary diagnosis
// counts unless the principal diagnosis is in its exclusion table.
func (x *evalCtx) severity() Comorbidity {
	if x.sev >= 0 {
		return Comorbidity(x.sev)
	}
	p, r := x.p, x.r
	x.firstMCC, x.firstCC = -1, -1
	for i := 1; i < len(x.dx); i++ {
		d := x.dx[i]
		if d < 0 {
			continue
		}
		sl := &p.dx.slots[d]
		if t := sl.mcc; t != tableNone {
			if x.excludedBy(t) {
				r.Excluded = append(r.Excluded, SecondaryDx{Code: r.dxs[i], Kind: ComorbidityMCC, Table: p.tableLabel(t)})
			} else if x.firstMCC < 0 {
				x.firstMCC = i
			}
		}
		if t := sl.cc; t != tableNone {
			if x.excludedBy(t) {
				r.Excluded = append(r.Excluded, SecondaryDx{Code: r.dxs[i], Kind: ComorbidityCC, Table: p.tableLabel(t)})
			} else if x.firstCC < 0 {
				x.firstCC = i
			}
		}
	}
	s := ComorbidityNone
	switch {
	case x.firstMCC >= 0:
		s = ComorbidityMCC
	case x.firstCC >= 0:
		s = ComorbidityCC
	}
	x.sev = int8(s)
	r.Comorbidity = s
	return s
}

// excludedBy reports whether the principal diagnosis is in exclusion table t.
func (x *evalCtx) excludedBy(t int16) bool {
	if t < 0 || x.pdx < 0 {
		return false
	}
	sl := &x.p.dx.slots[x.pdx]
	if sl.cce == t {
		return true
	}
	if sl.more == 0 {
		return false
	}
	_, in := x.p.cceMore[uint64(sl.id-1)<<16|uint64(uint16(t))]
	return in
}

func (p *Pack) tableLabel(t int16) string {
	if t < 0 {
		return ""
	}
	return p.lists[p.tables[t]].label
}

// splitBy records the secondary diagnosis behind an mcc or cc condition that
// held, and returns it for the trace.
func (x *evalCtx) splitBy(c *conj) string {
	p, r := x.p, x.r
	for i := range c.atoms {
		a := &c.atoms[i]
		if a.neg || (a.kind != atomMCC && a.kind != atomCC) {
			continue
		}
		k, kind := x.firstMCC, ComorbidityMCC
		if k < 0 && a.kind == atomCC {
			k, kind = x.firstCC, ComorbidityCC
		}
		if k < 0 {
			continue
		}
		sl := &p.dx.slots[x.dx[k]]
		t := sl.mcc
		if kind == ComorbidityCC {
			t = sl.cc
		}
		r.SplitBy = SecondaryDx{Code: r.dxs[k], Kind: kind, Table: p.tableLabel(t)}
		return r.SplitBy.Code
	}
	return ""
}
