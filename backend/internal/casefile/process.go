package casefile

import (
	"slices"

	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/klauspost/compress/s2"
	"math"
	"time"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/grouper"
	"teyi/backend/internal/platform/pgcopy"
	"teyi/backend/internal/platform/secret"
	"teyi/backend/internal/pricing"
)

// Hospital is what processing needs of the importing hospital.
type Hospital struct {
	ID     string // uuid
	Code   string
	Name   string
	Region string
	Level  pricing.Level
}

// PricingLookup finds the active pricing version of a region for a
// discharge date; it returns pricing.ErrNoVersion (wrapped) when none is
// in force.
type PricingLookup func(region string, d pricing.Date) (*pricing.Version, error)

// Env is what processing a case depends on; it is shared by the workers of
// an import and read-only.
type Env struct {
	Plans   *grouper.Registry
	Pricing PricingLookup // nil: cases are not priced
	Dict    *Dictionaries
	Rules   ScreenRules
	Sealer  *secret.Sealer
	// Registry finds the 除外支付 items registered for a hospital's cases
	// (nil: nothing is carved out). An import asks once, before its cases.
	Registry RegistryLookup
}

// Grouping is the grouping record of a case version.
type Grouping struct {
	Status      string `json:"status"`
	Reason      string `json:"reason,omitempty"`
	MDC         string `json:"mdc,omitempty"`
	MDCName     string `json:"mdc_name,omitempty"`
	ADRG        string `json:"adrg,omitempty"`
	ADRGName    string `json:"adrg_name,omitempty"`
	DRG         string `json:"drg,omitempty"`
	DRGName     string `json:"drg_name,omitempty"`
	Comorbidity string `json:"comorbidity"`
	Plan        string `json:"plan"`
	PlanDigest  string `json:"plan_digest"`
	Engine      string `json:"engine"`
}

// Detail is the stored body of a case version (the detail column): the
// list without the patient's name and ID number, the quality findings, and
// what of the grouping and the price the columns do not hold. The full
// price is not stored: it is recomputed for display from the recorded
// pricing version, which is immutable, so it is the same figure.
type Detail struct {
	Case         Case      `json:"case"`
	Findings     []Finding `json:"findings,omitempty"`
	GroupReason  string    `json:"group_reason,omitempty"`
	Comorbidity  string    `json:"comorbidity,omitempty"`
	PlanDigest   string    `json:"plan_digest,omitempty"`
	Engine       string    `json:"engine,omitempty"`
	PricingError string    `json:"pricing_error,omitempty"`
	// Registered are the fee codes carved out of the DRG bundle at intake
	// (registered 除外支付 items in force on the discharge day); the
	// displayed price is recomputed with the same codes.
	Registered []string `json:"registered,omitempty"`
}

// Processed is one case after grouping, pricing, quality control and
// screening.
type Processed struct {
	Case      Case
	Group     Grouping
	Price     *pricing.Outcome
	PriceErr  string
	Findings  []Finding
	Reasons   []Reason
	Readmit31 bool
	Cross     bool
	// Registered are the codes of registered items carved out of the bundle.
	Registered []string
}

// Worker processes cases for one goroutine; it caches the plan and the
// pricing version per discharge month.
type Worker struct {
	env      *Env
	hosp     Hospital
	gc       grouper.Case
	res      grouper.Result
	packs    map[int]*grouper.Pack
	versions map[int]versionOrErr
	lines    []pricing.FeeLine
	js       []byte
	rules    ScreenRules
	reg      *Registered
	regSet   bool
	marks    []bool // per fee item: carved out (registered)
}

type versionOrErr struct {
	v   *pricing.Version
	err error
}

// WithRules sets the screening rules the worker applies (its region's).
func (w *Worker) WithRules(r ScreenRules) *Worker { w.rules = r; return w }

// WithRegistered sets the registered 除外支付 items the worker carves out
// (an import looks them up once for all its workers).
func (w *Worker) WithRegistered(r *Registered) *Worker { w.reg, w.regSet = r, true; return w }

// registered loads the hospital's registered items once, when no import
// set them.
func (w *Worker) registered() (*Registered, error) {
	if !w.regSet {
		w.regSet = true
		if w.env.Registry != nil {
			r, err := w.env.Registry(w.hosp.Region, w.hosp.ID)
			if err != nil {
				w.regSet = false
				return nil, err
			}
			w.reg = r
		}
	}
	return w.reg, nil
}

// NewWorker starts a worker for one hospital's import.
func (e *Env) NewWorker(h Hospital) *Worker {
	return &Worker{env: e, hosp: h, packs: map[int]*grouper.Pack{}, versions: map[int]versionOrErr{}, rules: e.Rules}
}

func monthKey(t time.Time) int {
	t = t.In(beijing)
	return t.Year()*100 + int(t.Month())
}

// ErrNoPlan is returned when no grouping plan covers a discharge date.
var ErrNoPlan = errors.New("no grouping plan covers the discharge date")

// Process groups, prices, checks and screens c. prev is the same patient's
// previous discharge from this hospital (zero if none).
func (w *Worker) Process(c Case, prev time.Time) (Processed, error) {
	return w.ProcessWith(c, prev, false)
}

// ProcessWith is Process knowing whether the previous stay announced a
// readmission within 31 days (its dscg_31days_rinp_flag).
func (w *Worker) ProcessWith(c Case, prev time.Time, prevPlanned bool) (Processed, error) {
	p := Processed{Case: c}
	pack, err := w.plan(c.DischargedAt)
	if err != nil {
		return p, err
	}
	w.toGrouper(&c)
	w.res.Reset()
	pack.GroupInto(&w.gc, &w.res)
	r := &w.res
	p.Group = Grouping{Status: r.Status.String(), Reason: r.Reason, MDC: r.MDC, MDCName: r.MDCName,
		ADRG: r.ADRG, ADRGName: r.ADRGName, DRG: r.DRG, DRGName: r.DRGName,
		Comorbidity: r.Comorbidity.String(), Plan: r.Plan, PlanDigest: r.PlanDigest, Engine: r.Engine}

	reg, err := w.registered()
	if err != nil {
		return p, fmt.Errorf("registered items: %w", err)
	}
	w.marks, p.Registered = registeredCodes(reg, &c, w.marks)

	if w.env.Pricing != nil && r.DRG != "" {
		v, err := w.version(c.DischargedAt)
		if err != nil {
			p.PriceErr = err.Error()
		} else {
			out, err := pricing.Price(v, w.pricingInput(&c, r.DRG))
			if err != nil {
				p.PriceErr = err.Error()
			} else {
				p.Price = &out
			}
		}
	}
	p.Cross = CrossRegion(c.InsuredPlace, w.hosp.Region)
	if !prev.IsZero() && !c.AdmittedAt.IsZero() && c.AdmittedAt.Sub(prev) <= 31*24*time.Hour {
		p.Readmit31 = true
	}
	if w.env.Dict != nil {
		p.Findings = w.env.Dict.Check(&c, QualityContext{RegionCode: w.hosp.Region, PrevDischarge: prev, PrevPlannedReadmit: prevPlanned})
	}
	in := NewScreenInput(&c, r, p.Price)
	in.Registered = len(p.Registered) > 0
	p.Reasons = w.rules.Screen(in)
	return p, nil
}

// CrossRegion reports a patient insured outside the hospital's pooling
// region. Pooling is at city level (地市级统筹): the first four digits of
// the division code name the city, so a district code of the same city
// (370102 in 370100) is local. A missing insured place is not flagged here
// (quality control reports it as missing). The municipalities 北京, 天津,
// 上海 and 重庆 pool as a whole: there the first two digits decide.
func CrossRegion(insured, region string) bool {
	if !digits(insured, 6) || !digits(region, 6) {
		return false
	}
	n := 4
	switch region[:2] {
	case "11", "12", "31", "50":
		n = 2
	}
	return insured[:n] != region[:n]
}

func (w *Worker) plan(t time.Time) (*grouper.Pack, error) {
	k := monthKey(t)
	if p, ok := w.packs[k]; ok {
		return p, nil
	}
	p, err := w.env.Plans.ForDischarge(t.In(beijing))
	if err != nil {
		return nil, ErrNoPlan
	}
	w.packs[k] = p
	return p, nil
}

func (w *Worker) version(t time.Time) (*pricing.Version, error) {
	// The month cache is safe because versions start and end on month
	// boundaries in practice; a version ending mid-month is looked up per day.
	d := pricing.DateOf(t.In(beijing))
	k := monthKey(t)
	if ve, ok := w.versions[k]; ok && (ve.err != nil || ve.v.Covers(d)) {
		return ve.v, ve.err
	}
	v, err := w.env.Pricing(w.hosp.Region, d)
	w.versions[k] = versionOrErr{v, err}
	return v, err
}

func (w *Worker) toGrouper(c *Case) {
	g := &w.gc
	dx, px := g.Diagnoses[:0], g.Procedures[:0]
	*g = grouper.NewCase()
	g.ID = c.SettlementID
	g.Sex = grouper.Sex(c.Patient.Sex)
	if c.Patient.Sex != 1 && c.Patient.Sex != 2 {
		g.Sex = 0
	}
	g.AgeYears = c.Patient.Age
	g.AgeDays = c.Patient.AgeDays
	g.BirthWeight, g.AdmissionWeight = c.Patient.BirthWeight, c.Patient.AdmissionWeight
	g.LOS, g.DischargeWay, g.Department = c.LOS, c.DischargeWay, c.DischargeDept
	for _, d := range c.Diagnoses {
		dx = append(dx, d.Code)
	}
	for _, p := range c.Procedures {
		px = append(px, p.Code)
	}
	g.Diagnoses, g.Procedures = dx, px
	g.VentilationHours = c.VentilationHours
}

// GrouperCase is the grouper's view of a case (for the detail page's trace).
func GrouperCase(c *Case) grouper.Case {
	var w Worker
	w.toGrouper(c)
	return w.gc
}

func (w *Worker) pricingInput(c *Case, drg string) pricing.CaseInput {
	fund := pricing.Employee
	if c.InsuranceType == InsuranceResident {
		fund = pricing.Resident
	}
	in := pricing.CaseInput{DRG: drg, Level: w.hosp.Level, HospitalID: w.hosp.Code, Fund: fund,
		TotalCost: c.TotalCost, DischargeDate: pricing.DateOf(c.DischargedAt.In(beijing))}
	if len(c.Items) > 0 {
		sum := decimal.Zero
		lines := w.lines[:0]
		for i, it := range c.Items {
			cls := pricing.ClassA
			switch it.Level {
			case 2:
				cls = pricing.ClassB
			case 3:
				cls = pricing.ClassC
			}
			lines = append(lines, pricing.FeeLine{Category: it.Category, Code: it.Code, Class: cls,
				SelfPayRatio: it.SelfPayRatio, Amount: it.Amount, NewItem: it.NewItem, CarveOut: i < len(w.marks) && w.marks[i]})
			sum = sum.Add(it.Amount)
		}
		w.lines = lines
		// Lines that do not add up to the total are a quality finding; the
		// price then settles the total as one 甲类 line rather than fail.
		if sum.Equal(c.TotalCost) {
			in.Lines = lines
		}
	}
	return in
}

// ---- the COPY row ----

// CopyColumns are the cases columns an import writes, in order.
const CopyColumns = `region_code, hospital_id, import_id, settlement_id, version, visit_id, mrn, admission_dept,
 discharge_dept, dept_count, sex, age, age_days, name_enc, idno_enc, name_mask, idno_mask, patient_key,
 insurance_type, insured_place, cross_region, admitted_at, discharged_at, discharge_month, los, discharge_way,
 vent_hours, icu_hours, principal_dx, principal_proc, total_cost, plan_id, group_status, mdc, adrg, drg, weight,
 pricing_version, price_class, payment_standard, cost_ratio, drg_payment, fund_share, patient_share, fund_payment,
 reasons, quality_errors, quality_warnings, readmit31, readmit_planned, detail`

// CopyFields is the number of CopyColumns.
const CopyFields = 51

// AppendCopyRow appends p as one row of binary COPY (see pgcopy; the stream
// needs pgcopy.Header before the first row and pgcopy.Trailer after the
// last). Times are stored to the second, as the lists give them.
func (w *Worker) AppendCopyRow(b []byte, importID string, version int, p *Processed) ([]byte, error) {
	c := &p.Case
	s := w.env.Sealer
	var err error
	fail := func(e error) {
		if err == nil {
			err = e
		}
	}
	str := func(v string) { b = pgcopy.Text(b, v) }
	uuid := func(v, what string) {
		var e error
		if b, e = pgcopy.UUID(b, v); e != nil {
			fail(fmt.Errorf("%s %q: %w", what, v, e))
		}
	}
	int4 := func(n int) {
		if n < math.MinInt32 || n > math.MaxInt32 {
			fail(fmt.Errorf("value %d out of range for integer", n))
		}
		b = pgcopy.Int4(b, int32(n))
	}
	int2 := func(n int) {
		if n < math.MinInt16 || n > math.MaxInt16 {
			fail(fmt.Errorf("value %d out of range for smallint", n))
		}
		b = pgcopy.Int2(b, int16(n))
	}
	ts := func(t time.Time) { b = pgcopy.Timestamptz(b, t.Truncate(time.Second)) }
	dec := func(d decimal.Decimal) { b = pgcopy.Numeric(b, d) }
	b = pgcopy.BeginRow(b, CopyFields)
	str(w.hosp.Region)
	uuid(w.hosp.ID, "hospital id")
	uuid(importID, "import id")
	str(c.SettlementID)
	int4(version)
	str(c.VisitID)
	str(c.MRN)
	str(c.AdmissionDept)
	str(c.DischargeDept)
	int2(max(1, c.Departments()))
	int2(c.Patient.Sex)
	int2(c.Patient.Age)
	int2(c.Patient.AgeDays)
	var patientKey int64
	if s != nil {
		b = pgcopy.Bytea(b, s.Seal(c.Patient.Name, "cases.name"))
		b = pgcopy.Bytea(b, s.Seal(c.Patient.IDNumber, "cases.idno"))
		patientKey = s.Blind(c.Patient.IDNumber)
	} else {
		if c.Patient.Name != "" || c.Patient.IDNumber != "" {
			return b, secret.ErrNoKey
		}
		b = pgcopy.Null(b)
		b = pgcopy.Null(b)
	}
	str(MaskName(c.Patient.Name))
	str(MaskID(c.Patient.IDNumber))
	b = pgcopy.Int8(b, patientKey)
	str(c.InsuranceType)
	str(c.InsuredPlace)
	b = pgcopy.Bool(b, p.Cross)
	ts(c.AdmittedAt)
	ts(c.DischargedAt)
	d := c.DischargedAt.In(beijing)
	b = pgcopy.Date(b, time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC))
	int4(c.LOS)
	int2(c.DischargeWay)
	int4(c.VentilationHours)
	int4(c.ICUHours())
	str(c.Diagnoses[0].Code)
	if len(c.Procedures) > 0 {
		str(c.Procedures[0].Code)
	} else {
		str("")
	}
	dec(c.TotalCost)
	str(p.Group.Plan)
	str(p.Group.Status)
	str(p.Group.MDC)
	str(p.Group.ADRG)
	str(p.Group.DRG)
	if p.Price != nil {
		dec(p.Price.Weight)
	} else {
		b = pgcopy.Null(b)
	}
	if o := p.Price; o != nil {
		str(o.Version.ID)
		str(string(o.Class))
		dec(o.PaymentStandard)
		dec(o.CostRatio)
		dec(o.DRGPayment)
		dec(o.FundShare)
		dec(o.PatientShare)
		dec(o.FundPayment)
	} else {
		str("")
		str("")
		for range 6 {
			b = pgcopy.Null(b)
		}
	}
	int4(int(ReasonMask(p.Reasons)))
	errs, warns := 0, 0
	for _, f := range p.Findings {
		switch f.Severity {
		case "error":
			errs++
		case "warning":
			warns++
		}
	}
	int2(errs)
	int2(warns)
	b = pgcopy.Bool(b, p.Readmit31)
	b = pgcopy.Bool(b, c.Readmit31) // the list's own planned-readmission flag
	if err != nil {
		return b, err
	}
	det := Detail{Case: *c, Findings: p.Findings, GroupReason: p.Group.Reason, Comorbidity: p.Group.Comorbidity,
		PlanDigest: p.Group.PlanDigest, Engine: p.Group.Engine, PricingError: p.PriceErr, Registered: p.Registered}
	det.Case.Patient.Name, det.Case.Patient.IDNumber = "", ""
	// The bytea field: a 4-byte length, then the JSON compressed with S2
	// (a third of the bytes: less heap, less WAL, a faster import).
	w.js = appendDetail(w.js[:0], &det)
	at := len(b)
	b = append(b, 0, 0, 0, 0)
	b = slices.Grow(b, s2.MaxEncodedLen(len(w.js)))
	enc := s2.Encode(b[len(b):cap(b)], w.js)
	b = b[:len(b)+len(enc)]
	binary.BigEndian.PutUint32(b[at:], uint32(len(enc)))
	return b, nil
}

// DecodeDetail decodes the detail column: the JSON of a Detail, stored as
// bytea (not jsonb) so that bulk imports skip the server's JSON parsing.
func DecodeDetail(raw []byte) (Detail, error) {
	var d Detail
	if len(raw) > 0 && raw[0] != '{' {
		// S2-compressed JSON, as the import writes it.
		js, err := s2.Decode(nil, raw)
		if err != nil {
			return Detail{}, fmt.Errorf("case detail: %w", err)
		}
		raw = js
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		return Detail{}, fmt.Errorf("case detail: %w", err)
	}
	return d, nil
}
