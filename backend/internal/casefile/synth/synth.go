// Package synth generates realistic synthetic inpatient settlement lists
// (医保结算清单) for demos, tests and import benchmarks. Output is
// deterministic for a seed. See README.md for the distributions and their
// sources. Generated names and ID numbers are fictitious but well formed;
// treat them like personal data anyway and never log them.
package synth

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"teyi/backend/internal/casefile"
	"teyi/backend/internal/pricing"
)

// Hospital is a hospital cases are spread over.
type Hospital struct {
	Code   string
	Level  int    // 3 tertiary, 2 secondary, 1 primary
	Region string // 6-digit division code of the hospital's statistical area
}

// Options configure a generator.
type Options struct {
	Seed      int64
	Hospitals []Hospital // cases are spread over them, weighted by level
	// From, To bound the discharge dates: discharged on a day in [From, To).
	// Zero values mean calendar year 2025.
	From, To time.Time
	// ItemsPerCase is the mean number of itemised fee lines; 0 means 8.
	ItemsPerCase int
}

// Shares the generator aims for (see README.md).
const (
	pHighOutlier  = 0.04
	pLowOutlier   = 0.05
	pUngroupable  = 0.01
	pTransfer     = 0.02
	pCrossRegion  = 0.05
	pReadmission  = 0.032
	pEmployeeWork = 0.60 // employees among working-age patients
	ringSize      = 8192
)

type hospInfo struct {
	Hospital
	coef       float64 // level coefficient
	deductible int64   // cents
	ratio      [2]float64
	highMult   float64
	mrn        uint32
}

type tplInfo struct {
	weight float64 // relative weight (RW); 0 when ungroupable
	losMed float64 // median LOS, days
	dept   [2]string
}

type patient struct {
	tpl             int32
	sex             int
	birth           int // day number
	surname, g1, g2 int16
	idSeq           int
	ins             byte // 0 employee, 1 resident
	insPlace        string
	hosp            int
	mrn             uint32
	disDay          int
	civil, assist   bool
}

// Generator produces cases one at a time. Not safe for concurrent use; use
// one generator (with its own seed) per goroutine.
type Generator struct {
	rng      *rand.Rand
	ts       *templateSet
	hosp     []hospInfo
	hospCum  []float64
	tplCum   []float64
	tpl      []tplInfo
	itemsAvg float64
	fromDay  int
	nDays    int
	seq      uint64
	ring     []patient
	ringN    int
	surCum   []float64
	base     [2]float64 // base rate per RW, employee / resident
	cur      raw
	buf      []byte
	// Calendar tables from minDay: "2006-01-02" (10 bytes a day) and the
	// packed year<<9 | month<<5 | day.
	minDay int
	dayStr []byte
	dayYMD []uint32
}

// New prepares a generator: all tables are built here.
func New(opt Options) (*Generator, error) {
	if len(opt.Hospitals) == 0 {
		return nil, errors.New("synth: no hospitals")
	}
	ts, err := loadTemplates()
	if err != nil {
		return nil, err
	}
	if opt.From.IsZero() && opt.To.IsZero() {
		opt.From = time.Date(2025, 1, 1, 0, 0, 0, 0, casefile.Beijing())
		opt.To = time.Date(2026, 1, 1, 0, 0, 0, 0, casefile.Beijing())
	}
	g := &Generator{
		rng:      rand.New(rand.NewPCG(uint64(opt.Seed), 0x7465796973796e74)),
		ts:       ts,
		itemsAvg: float64(opt.ItemsPerCase),
		fromDay:  dayOf(opt.From),
		ring:     make([]patient, ringSize),
	}
	g.nDays = dayOf(opt.To) - g.fromDay
	if g.nDays < 1 {
		return nil, errors.New("synth: To must be at least a day after From")
	}
	if y0, _, _ := civil(g.fromDay); y0 < 1950 || dayOf(opt.To) > daysFromCivil(2099, 1, 1) {
		return nil, errors.New("synth: dates must lie in 1950–2098")
	}
	if g.itemsAvg <= 0 {
		g.itemsAvg = 8
	}
	if g.itemsAvg > 2000 {
		return nil, errors.New("synth: ItemsPerCase must be at most 2000")
	}
	demo := pricing.Demo(opt.Hospitals[0].Region, 2025).Spec()
	g.base[0], _ = demo.BaseRates[pricing.Employee].Float64()
	g.base[1], _ = demo.BaseRates[pricing.Resident].Float64()
	seen := map[string]bool{}
	sum := 0.0
	for _, h := range opt.Hospitals {
		if h.Code == "" || len(h.Code) > 20 || !safeCell(h.Code) || seen[h.Code] {
			return nil, fmt.Errorf("synth: hospital code %q must be unique, 1–20 plain characters", h.Code)
		}
		seen[h.Code] = true
		if !sixDigits(h.Region) {
			return nil, fmt.Errorf("synth: hospital %s: region must be 6 digits", h.Code)
		}
		var lv pricing.Level
		var w float64
		switch h.Level {
		case 3:
			lv, w = pricing.Tertiary, 6
		case 2:
			lv, w = pricing.Secondary, 3
		case 1:
			lv, w = pricing.Primary, 1
		default:
			return nil, fmt.Errorf("synth: hospital %s: level must be 1, 2 or 3", h.Code)
		}
		hi := hospInfo{Hospital: h, highMult: 2}
		if h.Level == 3 {
			hi.highMult = 3
		}
		hi.coef, _ = demo.LevelCoefficients[lv].Float64()
		d, _ := demo.PatientShare.Deductibles[lv].Float64()
		hi.deductible = int64(d * 100)
		hi.ratio[0], _ = demo.PatientShare.FundRatios[lv][pricing.Employee].Float64()
		hi.ratio[1], _ = demo.PatientShare.FundRatios[lv][pricing.Resident].Float64()
		g.hosp = append(g.hosp, hi)
		sum += w
		g.hospCum = append(g.hospCum, sum)
	}
	// Templates: sampling weight falls with the group's weight (common
	// groups are cheap ones); ungroupable templates share pUngroupable.
	g.tpl = make([]tplInfo, len(ts.tpls))
	wts := make([]float64, len(ts.tpls))
	var sumG float64
	nU := 0
	for i, t := range ts.tpls {
		ti := &g.tpl[i]
		if t.grouped {
			if w, ok := demo.Weights[t.drg]; ok {
				ti.weight, _ = w.Float64()
			}
		}
		rw := ti.weight
		if rw <= 0 {
			rw = 0.6
		}
		// Median stay grows with the weight; medical groups stay longer
		// for the same weight, newborn and obstetric groups shorter.
		med := 4.5 + 2.2*math.Sqrt(rw)
		switch {
		case t.mdc == 'O':
			med = 3 + 1.2*rw
		case t.mdc == 'T' || t.mdc == 'X':
			med = 12 + 3*rw
		case t.surgical:
			med = 3.5 + 2.5*math.Sqrt(rw)
		}
		ti.losMed = med
		ti.dept = [2]string{deptInternal, deptInternal}
		if d, ok := mdcDepts[t.mdc]; ok {
			ti.dept = d
		}
		if t.age > 0 && t.age < 14 && t.mdc != 'P' && !t.surgical {
			ti.dept[0] = deptPaediatrics
		}
		if t.grouped {
			wts[i] = 1 / (0.4 + ti.weight)
			switch t.mdc {
			case 'B', 'E', 'F', 'G', 'O', 'I', 'R':
				wts[i] *= 1.8
			}
			sumG += wts[i]
		} else {
			nU++
		}
	}
	var cum float64
	g.tplCum = make([]float64, len(wts))
	for i, t := range ts.tpls {
		if !t.grouped {
			wts[i] = sumG * pUngroupable / (1 - pUngroupable) / float64(max(nU, 1))
		}
		cum += wts[i]
		g.tplCum[i] = cum
	}
	for _, s := range surnames {
		cum := float64(s.w)
		if n := len(g.surCum); n > 0 {
			cum += g.surCum[n-1]
		}
		g.surCum = append(g.surCum, cum)
	}
	g.minDay = g.fromDay - 125*366
	for day := g.minDay; day <= g.fromDay+g.nDays+1; day++ {
		y, m, d := civil(day)
		g.dayYMD = append(g.dayYMD, uint32(y<<9|m<<5|d))
		g.dayStr = formatDate(g.dayStr, y, m, d)
	}
	g.cur.init()
	return g, nil
}

func pick(cum []float64, u float64) int {
	x := u * cum[len(cum)-1]
	lo, hi := 0, len(cum)-1
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if cum[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

func safeCell(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x21, c == 0x7f, c == ',', c == '"', c == '|', c == '^':
			return false
		}
	}
	return true
}

func sixDigits(s string) bool {
	if len(s) != 6 {
		return false
	}
	for i := range 6 {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
