package synth

import (
	"math"
)

// raw is one generated case in compact form: integers (money in cents,
// times in seconds since 1970-01-01 00:00 Beijing time) and indexes into
// the tables. Next turns it into a casefile.Case; WriteCSV writes it
// directly.
type raw struct {
	hosp                           int
	seq                            uint64
	tpl                            int32
	pat                            patient
	id                             [18]byte
	age                            int
	ageDays                        int // -1 unless age is 0
	bw, aw                         int
	adm                            int64
	dis                            int64
	los                            int
	admDept                        string
	disDept                        string
	trans                          []string
	way                            int
	vent                           int
	icu                            []icuRaw
	readmit                        bool
	dxCond                         []byte
	pxDate                         []int64
	fees                           [14]int64
	total                          int64
	classA, classB, classC         int64
	pool, civil, serious, assist   int64
	selfPay, ownPay, account, cash int64
	items                          []itemRaw
	weights                        []float64
}

type icuRaw struct {
	typ     string
	in, out int64
}

type itemRaw struct {
	it     *item
	name   string // overrides it.name when set
	qty    int64
	price  int64
	amount int64
	isNew  bool
}

func (r *raw) init() {
	r.trans = make([]string, 0, 2)
	r.icu = make([]icuRaw, 0, 1)
	r.dxCond = make([]byte, 0, 16)
	r.pxDate = make([]int64, 0, 16)
	r.items = make([]itemRaw, 0, 32)
	r.weights = make([]float64, 0, 32)
}

func (g *Generator) normal() float64 { return g.rng.NormFloat64() }

// lnTable holds exp(σ·z) at 4096 quantiles of the standard normal: a
// log-normal draw for one random number and no math.Exp.
type lnTable [4096]float64

func newLnTable(sigma float64) *lnTable {
	var t lnTable
	for i := range t {
		z := math.Sqrt2 * math.Erfinv(2*(float64(i)+0.5)/float64(len(t))-1)
		t[i] = math.Exp(sigma * z)
	}
	return &t
}

var (
	ln50 = newLnTable(0.50)
	ln35 = newLnTable(0.35)
	ln33 = newLnTable(0.33)
)

func (g *Generator) ln(t *lnTable) float64 { return t[g.rng.Uint64()&4095] }

// gen fills g.cur with the next case.
func (g *Generator) gen() {
	r := &g.cur
	rng := g.rng
	g.seq++
	r.seq = g.seq
	r.trans, r.icu, r.dxCond, r.pxDate, r.items, r.weights = r.trans[:0], r.icu[:0], r.dxCond[:0], r.pxDate[:0], r.items[:0], r.weights[:0]
	r.readmit = false

	// Who and when: a readmission of a recent patient, or a new one.
	var admDay, disDay int
	readmit := false
	if g.ringN > 0 && rng.Float64() < pReadmission {
		p := g.ring[rng.IntN(min(g.ringN, ringSize))]
		r.los = g.los(p.tpl)
		admDay = p.disDay + 1 + rng.IntN(30)
		disDay = admDay + r.los
		if disDay < g.fromDay+g.nDays {
			readmit = true
			r.pat = p
			r.hosp = p.hosp
			r.tpl = p.tpl
			r.readmit = rng.IntN(2) == 0 // hospitals fill the flag for about half
		}
	}
	if !readmit {
		r.hosp = pick(g.hospCum, rng.Float64())
		r.tpl = int32(pick(g.tplCum, rng.Float64()))
		r.los = g.los(r.tpl)
		disDay = g.fromDay + rng.IntN(g.nDays)
		admDay = disDay - r.los
	}
	t := &g.ts.tpls[r.tpl]
	ti := &g.tpl[r.tpl]
	h := &g.hosp[r.hosp]

	// Times: admitted any hour (mostly daytime), discharged in the morning
	// or early afternoon; whole minutes.
	admTOD := int64(8*3600 + rng.IntN(10*3600))
	if rng.IntN(4) == 0 {
		admTOD = int64(rng.IntN(24 * 3600))
	}
	admTOD -= admTOD % 60
	disTOD := int64(8*3600+rng.IntN(8*3600)) / 60 * 60
	r.adm = int64(admDay)*86400 + admTOD
	r.dis = int64(disDay)*86400 + disTOD
	if !readmit {
		g.newPatient(r, t, admDay)
	}
	r.age, r.ageDays = g.ageAt(r.pat.birth, admDay)
	r.bw, r.aw = 0, 0
	if r.age == 0 && t.weight > 0 {
		r.bw = t.weight
		if r.ageDays > 0 {
			r.aw = t.weight + r.ageDays*(rng.IntN(30)-5)
			if r.aw < 500 {
				r.aw = 500
			}
		}
	}
	if !readmit && r.age >= 1 {
		p := r.pat
		p.disDay = disDay
		g.ring[g.ringN%ringSize] = p
		g.ringN++
	}
	by, bm, bd := g.ymd(r.pat.birth)
	r.id = idNumber(r.pat.insPlace, by, bm, bd, r.pat.idSeq)

	// Departments.
	dept := ti.dept[0]
	if t.surgical {
		dept = ti.dept[1]
	}
	r.admDept, r.disDept = dept, dept
	if rng.Float64() < pTransfer {
		first := otherDepts[rng.IntN(len(otherDepts))]
		if t.surgical {
			first = ti.dept[0]
		}
		if first == dept {
			first = deptEmergency
		}
		r.admDept = first
		if rng.IntN(3) == 0 {
			r.trans = append(r.trans, deptICU)
		}
		r.trans = append(r.trans, dept)
	}

	// Cost around the payment standard.
	fund := int(r.pat.ins)
	std := ti.weight * g.base[fund] * h.coef
	if std <= 0 {
		std = 0.6 * g.base[fund] * h.coef
	}
	var f float64
	high := false
	switch u := rng.Float64(); {
	case u < pHighOutlier:
		f = h.highMult * math.Exp(0.03+rng.Float64()*1.0)
		high = true
	case u < pHighOutlier+pLowOutlier:
		f = 0.1 + rng.Float64()*0.29
	default:
		for range 4 {
			f = 0.95 * g.ln(ln33)
			if f > 0.41 && f < h.highMult*0.97 {
				break
			}
		}
		f = math.Min(math.Max(f, 0.42), h.highMult*0.96)
	}
	r.total = int64(std * f * 100)
	if r.total < 30000 {
		r.total = 30000 + int64(rng.IntN(20000))
	}

	// Stay details: ICU, ventilation, discharge way.
	span := r.dis - r.adm
	r.vent = 0
	if t.mdc == 'A' || (high && rng.Float64() < 0.4) || (ti.weight >= 3 && rng.Float64() < 0.15) || rng.Float64() < 0.01 {
		days := 1 + rng.IntN(min(r.los, 14))
		hours := int64(days*24 - rng.IntN(12))
		hours = min(hours, span*8/10/3600)
		hours = max(hours, 1)
		in := r.adm + int64(rng.Int64N(max(span-hours*3600-60, 1)))
		in -= in % 60
		if in < r.adm {
			in += 60
		}
		r.icu = append(r.icu, icuRaw{typ: icuTypes[rng.IntN(len(icuTypes))], in: in, out: in + hours*3600})
		if t.age == 0 {
			r.icu[0].typ = "2"
		}
		if t.mdc == 'A' || rng.IntN(2) == 0 {
			r.vent = int(hours) - rng.IntN(int(hours)/4+1)
		}
	}
	r.way = 1
	pDeath := 0.008
	if len(r.icu) > 0 {
		pDeath = 0.08
	} else if r.age >= 80 {
		pDeath = 0.025
	}
	switch u := rng.Float64(); {
	case u < pDeath:
		r.way = 5
	case u < pDeath+0.02:
		r.way = 2
	case u < pDeath+0.035:
		r.way = 3
	case u < pDeath+0.075:
		r.way = 4
	case u < pDeath+0.08:
		r.way = 9
	}

	// Diagnoses' admission conditions and procedure dates.
	for i := range t.dx {
		c := byte('1')
		if i > 0 {
			switch u := rng.IntN(10); {
			case u < 2:
				c = '4'
			case u < 3:
				c = '2'
			case u < 4:
				c = '3'
			}
		}
		r.dxCond = append(r.dxCond, c)
	}
	for i := range t.px {
		lo, hi := 0.05, 0.95
		if i == 0 {
			hi = 0.5
		}
		// On a day of the stay, in working hours when the stay allows.
		d := r.adm + int64((lo+rng.Float64()*(hi-lo))*float64(span))
		d = d/86400*86400 + int64(8*3600+rng.IntN(10*3600))
		d -= d % 60
		if d <= r.adm || d >= r.dis {
			d = r.adm + int64((lo+rng.Float64()*(hi-lo))*float64(span))
			d -= d % 60
			if d < r.adm {
				d += 60
			}
		}
		r.pxDate = append(r.pxDate, d)
	}

	g.fillItems(r, t, high)
	g.fillPayments(r, h)
}

// los draws a length of stay: log-normal around the group's median, with
// a thin tail of very long stays.
func (g *Generator) los(tpl int32) int {
	l := g.tpl[tpl].losMed * g.ln(ln50)
	if g.rng.IntN(250) == 0 {
		l *= 6 + 4*g.rng.Float64()
	}
	n := int(l + 0.5)
	return min(max(n, 1), 365)
}

func (g *Generator) newPatient(r *raw, t *template, admDay int) {
	rng := g.rng
	p := &r.pat
	*p = patient{tpl: r.tpl, sex: t.sex, hosp: r.hosp}
	if t.age == 0 {
		p.birth = admDay - max(t.ageDays, 0)
	} else {
		y, m, d := g.ymd(admDay)
		b := daysFromCivil(y-t.age, m, d) - rng.IntN(365)
		// Feb 29 and year lengths: nudge until the age at admission is right.
		for range 3 {
			a, _ := g.ageAt(b, admDay)
			switch {
			case a > t.age:
				b++
			case a < t.age:
				b--
			}
		}
		p.birth = b
	}
	p.surname = int16(pick(g.surCum, rng.Float64()))
	p.g1 = int16(rng.IntN(len(givenMale) + len(givenEither)))
	p.g2 = -1
	if rng.IntN(4) != 0 {
		p.g2 = int16(rng.IntN(len(givenMale)))
	}
	p.idSeq = rng.IntN(500)*2 + 1
	if t.sex == 2 {
		p.idSeq--
	}
	age := t.age
	pe := pEmployeeWork
	switch {
	case age < 18:
		pe = 0.03
	case age >= 60:
		pe = 0.45
	}
	p.ins = 1
	if rng.Float64() < pe {
		p.ins = 0
		p.civil = rng.IntN(12) == 0
	} else {
		p.assist = rng.IntN(30) == 0
	}
	h := &g.hosp[r.hosp]
	p.insPlace = h.Region
	if rng.Float64() < pCrossRegion {
		for {
			p.insPlace = regions[rng.IntN(len(regions))]
			if p.insPlace != h.Region {
				break
			}
		}
	}
	h.mrn++
	p.mrn = h.mrn
}

// givenName returns the given-name characters of a patient.
func givenName(p *patient) (string, string) {
	var a, b string
	pool := givenMale
	if p.sex == 2 {
		pool = givenFemale
	}
	if int(p.g1) < len(pool) {
		a = pool[p.g1]
	} else {
		a = givenEither[int(p.g1)-len(pool)]
	}
	if p.g2 >= 0 {
		b = pool[p.g2]
	}
	return a, b
}

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheck = "10X98765432"

// idNumber is an 18-digit resident ID: address code, birth date, sequence
// (odd for men) and the ISO 7064 MOD 11-2 check character.
func idNumber(region string, y, m, d, seq int) [18]byte {
	var b [18]byte
	copy(b[:6], region)
	put := func(at, v, n int) {
		for i := n - 1; i >= 0; i-- {
			b[at+i] = byte('0' + v%10)
			v /= 10
		}
	}
	put(6, y, 4)
	put(10, m, 2)
	put(12, d, 2)
	put(14, seq, 3)
	s := 0
	for i := range 17 {
		s += int(b[i]-'0') * idWeights[i]
	}
	b[17] = idCheck[s%11]
	return b
}

// fillItems draws the fee lines and derives the category and class totals.
func (g *Generator) fillItems(r *raw, t *template, high bool) {
	rng := g.rng
	s := 0
	if t.surgical {
		s = 1
	}
	k := int(g.itemsAvg*0.94*g.ln(ln35) + 0.5)
	k = min(max(k, 4), 4000)
	add := func(it *item, w float64) {
		r.items = append(r.items, itemRaw{it: it})
		r.weights = append(r.weights, w)
	}
	share := func(cat int) float64 { return categoryShare[cat][s] * g.ln(ln50) }
	// The lab set comes first and takes the rounding remainder (quantity 1).
	add(&itemLabSet, share(catLab))
	add(&catalogue[rng.IntN(2)], share(catBed))
	add(&catalogue[2], share(catConsult))
	add(&catalogue[3+rng.IntN(2)], share(catNursing))
	if t.surgical && len(t.px) > 0 {
		add(&itemSurgery, share(catSurgery))
		r.items[len(r.items)-1].name = g.ts.pxNames[t.px[0]]
		add(&catalogue[21+rng.IntN(2)], share(catSurgery)*0.4)
	}
	if len(r.icu) > 0 {
		add(&itemICUBed, 0.06)
		add(&itemICUMon, 0.05)
		if r.vent > 0 {
			add(&itemVent, 0.04)
		}
	}
	for len(r.items) < k {
		it := &catalogue[rng.IntN(len(catalogue))]
		if it.cat == catBed || it.cat == catConsult || it.cat == catNursing || it.cat == catSurgery ||
			it.cat == catMaterial && it.price >= 8000 && !t.surgical {
			continue // per-day lines are in already; surgical lines only on surgical cases
		}
		add(it, share(it.cat)/3)
	}
	var sumW float64
	for _, w := range r.weights {
		sumW += w
	}
	if (high && rng.Float64() < 0.35) || (t.surgical && rng.Float64() < 0.02) {
		sh := 0.15 + rng.Float64()*0.25
		add(&newItems[rng.IntN(len(newItems))], sumW*sh/(1-sh))
		r.items[len(r.items)-1].isNew = true
		sumW /= 1 - sh
	}
	rest := r.total
	for i := 1; i < len(r.items); i++ {
		it := &r.items[i]
		alloc := int64(float64(r.total) * r.weights[i] / sumW)
		q := int64(1)
		switch {
		case it.it == &itemICUMon || it.it == &itemVent:
			q = int64(r.vent)
			if it.it == &itemICUMon {
				q = (r.icu[0].out - r.icu[0].in) / 3600
			}
		case it.it == &itemICUBed:
			q = max((r.icu[0].out-r.icu[0].in)/86400, 1)
		case it.it.perDay:
			q = int64(r.los)
		case it.it.cat == catSurgery:
			q = 1
		default:
			q = (alloc + it.it.price/2) / it.it.price
		}
		q = min(max(q, 1), 9999)
		p := alloc / q
		if p < 1 {
			q, p = 1, max(alloc, 1)
		}
		it.qty, it.price, it.amount = q, p, q*p
		rest -= it.amount
	}
	if rest < 1 { // cannot happen with totals ≥ ¥300, but keep the sum exact
		r.total += 1 - rest
		rest = 1
	}
	r.items[0].qty, r.items[0].price, r.items[0].amount = 1, rest, rest
	r.fees = [14]int64{}
	r.classA, r.classB, r.classC = 0, 0, 0
	for i := range r.items {
		it := &r.items[i]
		r.fees[it.it.cat] += it.amount
		switch it.it.level {
		case 1:
			r.classA += it.amount
		case 2:
			r.classB += it.amount
		default:
			r.classC += it.amount
		}
	}
}

// fillPayments splits the bill the demo way: 丙类 is the patient's, the
// 乙类 先行自付 share, the deductible and the co-payment too; the fund
// pays the rest; serious-illness insurance, civil-servant subsidy and
// medical assistance take part of large co-payments.
func (g *Generator) fillPayments(r *raw, h *hospInfo) {
	bSelf := int64(0)
	for i := range r.items {
		it := &r.items[i]
		if it.it.level == 2 {
			bSelf += it.amount * it.it.permille / 1000
		}
	}
	own := r.classC
	elig := r.total - own - bSelf
	ded := min(h.deductible, max(elig, 0))
	elig -= ded
	fund := int(r.pat.ins)
	r.pool = int64(float64(elig) * h.ratio[fund])
	copay := elig - r.pool
	r.civil, r.serious, r.assist = 0, 0, 0
	personal := ded + bSelf + copay
	if thr := int64(2000000); personal > thr {
		r.serious = (personal - thr) * 6 / 10
		personal -= r.serious
	}
	if r.pat.civil {
		r.civil = personal / 2
		personal -= r.civil
	}
	if r.pat.assist {
		r.assist = personal * 7 / 10
		personal -= r.assist
	}
	r.selfPay, r.ownPay = personal, own
	r.account = 0
	if fund == 0 && g.rng.IntN(5) < 2 {
		r.account = int64(float64(personal+own) * (0.2 + 0.8*g.rng.Float64()))
	}
	r.cash = personal + own - r.account
}

func ratioPermille(s string) int {
	switch s {
	case "0.1":
		return 100
	case "0.2":
		return 200
	case "0.3":
		return 300
	case "1":
		return 1000
	}
	return 0
}

// Civil dates as day numbers since 1970-01-01 (H. Hinnant's algorithms).

func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civil(z int) (int, int, int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// ymd is civil(day), from the generator's table when it covers the day.
func (g *Generator) ymd(day int) (int, int, int) {
	if k := day - g.minDay; k >= 0 && k < len(g.dayYMD) {
		v := g.dayYMD[k]
		return int(v >> 9), int(v >> 5 & 15), int(v & 31)
	}
	return civil(day)
}

// ageAt mirrors casefile.AgeAt on day numbers.
func (g *Generator) ageAt(birth, day int) (int, int) {
	by, bm, bd := g.ymd(birth)
	ay, am, ad := g.ymd(day)
	years := ay - by
	if am < bm || (am == bm && ad < bd) {
		years--
	}
	if years < 0 {
		return -1, -1
	}
	if years == 0 {
		return 0, day - birth
	}
	return years, -1
}
