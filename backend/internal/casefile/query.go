package casefile

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/shopspring/decimal"

	"teyi/backend/internal/grouper"
	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/pricing"
)

// ListFilter selects and orders cases. Every filter is optional.
type ListFilter struct {
	HospitalID string
	Department string
	Month      string // YYYY-MM, discharge month
	MDC        string
	DRG        string
	Outlier    string // normal, high, low
	Reason     string // a candidate reason; "any" for every candidate
	MRN        string
	Quality    string // "failed": cases with quality errors
	Sort       string // discharged_desc (default), discharged_asc, cost_desc, ratio_desc
	Cursor     string
	Limit      int
}

// Sorts are the orders a list can take.
var Sorts = []string{"discharged_desc", "discharged_asc", "cost_desc", "ratio_desc"}

// MaxPage caps a page.
const MaxPage = 200

// CaseSummary is one row of the case list.
type CaseSummary struct {
	ID            string    `json:"id"`
	SettlementID  string    `json:"settlement_id"`
	Version       int       `json:"version"`
	HospitalID    string    `json:"hospital_id"`
	HospitalName  string    `json:"hospital_name"`
	MRN           string    `json:"mrn"`
	NameMask      string    `json:"name_mask"`
	Sex           int       `json:"sex"`
	Age           int       `json:"age"`
	DischargeDept string    `json:"discharge_dept"`
	AdmittedAt    time.Time `json:"admitted_at"`
	DischargedAt  time.Time `json:"discharged_at"`
	LOS           int       `json:"los"`
	PrincipalDx   string    `json:"principal_dx"`
	GroupStatus   string    `json:"group_status"`
	MDC           string    `json:"mdc"`
	DRG           string    `json:"drg"`
	DRGName       string    `json:"drg_name" gorm:"-"`
	// Decimals are written as the database holds them (strings, money in
	// yuan with two decimals); null when the case was not priced.
	Weight          *string  `json:"weight"`
	TotalCost       string   `json:"total_cost"`
	PaymentStandard *string  `json:"payment_standard"`
	CostRatio       *string  `json:"cost_ratio"`
	PriceClass      string   `json:"price_class"`
	DRGPayment      *string  `json:"drg_payment"`
	Reasons         []Reason `json:"reasons" gorm:"-"`
	QualityErrors   int      `json:"quality_errors"`
	QualityWarnings int      `json:"quality_warnings"`
	CrossRegion     bool     `json:"cross_region"`
	Readmit31       bool     `json:"readmit31"`
	PlanID          string   `json:"plan_id"`
	ReasonMask      int32    `json:"-" gorm:"column:reasons"`
}

const summaryCols = `c.id, c.settlement_id, c.version, c.hospital_id, h.name AS hospital_name, c.mrn, c.name_mask, c.sex, c.age,
 c.discharge_dept, c.admitted_at, c.discharged_at, c.los, c.principal_dx, c.group_status, c.mdc, c.drg, c.weight,
 c.total_cost, c.payment_standard, c.cost_ratio, c.price_class, c.drg_payment, c.reasons, c.quality_errors,
 c.quality_warnings, c.cross_region, c.readmit31, c.plan_id`

// listCols are summaryCols as text where pgx would otherwise need a codec
// per type: the list scans them without reflection (it is the hottest
// query of the console).
const listCols = `c.id, c.settlement_id, c.version, c.hospital_id::text, h.name, c.mrn, c.name_mask, c.sex, c.age,
 c.discharge_dept, c.admitted_at, c.discharged_at, c.los, c.principal_dx, c.group_status, c.mdc, c.drg, c.weight::text,
 c.total_cost::text, c.payment_standard::text, c.cost_ratio::text, c.price_class, c.drg_payment::text, c.reasons,
 c.quality_errors, c.quality_warnings, c.cross_region, c.readmit31, c.plan_id`

// numbered turns gorm's ? placeholders into PostgreSQL's $n.
func numbered(q string) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

func (s *Service) scanSummaries(ctx context.Context, q string, args []any) ([]CaseSummary, error) {
	var out []CaseSummary
	err := s.DB.Raw(ctx, func(c *pgx.Conn) error {
		rows, err := c.Query(ctx, numbered(q), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r CaseSummary
			var id int64
			var sex, age, qe, qw int16
			var los, version int32
			var weight, total, std, ratio, pay pgtype.Text
			if err := rows.Scan(&id, &r.SettlementID, &version, &r.HospitalID, &r.HospitalName, &r.MRN, &r.NameMask, &sex, &age,
				&r.DischargeDept, &r.AdmittedAt, &r.DischargedAt, &los, &r.PrincipalDx, &r.GroupStatus, &r.MDC, &r.DRG, &weight,
				&total, &std, &ratio, &r.PriceClass, &pay, &r.ReasonMask, &qe, &qw, &r.CrossRegion, &r.Readmit31, &r.PlanID); err != nil {
				return err
			}
			r.ID = strconv.FormatInt(id, 10)
			r.Version, r.Sex, r.Age, r.LOS, r.QualityErrors, r.QualityWarnings = int(version), int(sex), int(age), int(los), int(qe), int(qw)
			r.Weight, r.PaymentStandard, r.CostRatio, r.DRGPayment = textPtr(weight), textPtr(std), textPtr(ratio), textPtr(pay)
			r.TotalCost = total.String
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

func textPtr(t pgtype.Text) *string {
	if !t.Valid {
		return nil
	}
	return &t.String
}

// FieldError is an invalid filter or parameter.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

func monthRange(m string) (time.Time, time.Time, error) {
	t, err := time.ParseInLocation("2006-01", m, beijing)
	if err != nil {
		return time.Time{}, time.Time{}, &FieldError{"month", "must be YYYY-MM"}
	}
	return t, t.AddDate(0, 1, 0), nil
}

// where builds the filter; the scope comes first.
func (f *ListFilter) where(ctx context.Context) (string, []any, error) {
	scope, args, err := scopeSQL(ctx, "c")
	if err != nil {
		return "", nil, err
	}
	conds := []string{"c.current", scope}
	if f.HospitalID != "" {
		if _, err := uuid.Parse(f.HospitalID); err != nil {
			return "", nil, &FieldError{"hospital_id", "must be a hospital id"}
		}
		conds = append(conds, "c.hospital_id = ?")
		args = append(args, f.HospitalID)
	}
	if f.Month != "" {
		from, to, err := monthRange(f.Month)
		if err != nil {
			return "", nil, err
		}
		conds = append(conds, "c.discharged_at >= ? AND c.discharged_at < ?")
		args = append(args, from, to)
	}
	eq := func(col, v, field string, max int) error {
		if v == "" {
			return nil
		}
		if len(v) > max {
			return &FieldError{field, "is too long"}
		}
		conds = append(conds, col+" = ?")
		args = append(args, v)
		return nil
	}
	for _, e := range []struct{ col, v, field string }{
		{"c.discharge_dept", f.Department, "department"}, {"c.mdc", strings.ToUpper(f.MDC), "mdc"},
		{"c.drg", strings.ToUpper(f.DRG), "drg"}, {"c.mrn", f.MRN, "mrn"},
	} {
		if err := eq(e.col, e.v, e.field, 64); err != nil {
			return "", nil, err
		}
	}
	if f.Outlier != "" {
		switch f.Outlier {
		case "normal", "high", "low":
			conds = append(conds, "c.price_class = ?")
			args = append(args, f.Outlier)
		default:
			return "", nil, &FieldError{"outlier", "must be normal, high or low"}
		}
	}
	switch {
	case f.Reason == "":
	case f.Reason == "any":
		conds = append(conds, "c.reasons <> 0")
	case Reason(f.Reason).Valid():
		// reasons <> 0 as well, so that the candidates index serves it
		conds = append(conds, "c.reasons <> 0 AND c.reasons & ? <> 0")
		args = append(args, ReasonMask([]Reason{Reason(f.Reason)}))
	default:
		return "", nil, &FieldError{"reason", "is not a candidate reason"}
	}
	switch f.Quality {
	case "":
	case "failed":
		conds = append(conds, "c.quality_errors > 0")
	default:
		return "", nil, &FieldError{"quality", "must be failed"}
	}
	return strings.Join(conds, " AND "), args, nil
}

// ListCases returns one page of the caller's cases and the cursor of the
// next page ("" at the end). Pages are keyset-paged: a page is as fast deep
// in the list as at its start.
func (s *Service) ListCases(ctx context.Context, f ListFilter) ([]CaseSummary, string, error) {
	where, args, err := f.where(ctx)
	if err != nil {
		return nil, "", err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	if limit > MaxPage {
		limit = MaxPage
	}
	var order, key string
	if f.Sort == "cost_desc" || f.Sort == "ratio_desc" {
		// Sorting by cost reads every case of the selection; a hospital's
		// month is a few thousand, a region's year a million.
		if f.Month == "" {
			return nil, "", &FieldError{"sort", "choose a discharge month to sort by cost or cost ratio (按费用或倍率排序请先选择出院月份)"}
		}
		if f.HospitalID == "" && authz.ScopeFrom(ctx).Kind != authz.KindHospital {
			return nil, "", &FieldError{"sort", "choose a hospital to sort by cost or cost ratio (按费用或倍率排序请先选择医院)"}
		}
	}
	switch f.Sort {
	case "", "discharged_desc":
		order, key = "c.discharged_at DESC, c.id DESC", "t"
	case "discharged_asc":
		order, key = "c.discharged_at ASC, c.id ASC", "t"
	case "cost_desc":
		order, key = "c.total_cost DESC, c.id DESC", "n"
	case "ratio_desc":
		order, key = "COALESCE(c.cost_ratio, -1) DESC, c.id DESC", "r"
	default:
		return nil, "", &FieldError{"sort", "must be one of " + strings.Join(Sorts, ", ")}
	}
	if f.Cursor != "" {
		parts, ok := decodeCursor(f.Cursor, 3)
		if !ok || parts[0] != f.Sort+key {
			return nil, "", &FieldError{"cursor", "is not a cursor of this list (start again from the first page)"}
		}
		id, err := strconv.ParseInt(parts[2], 10, 64)
		if err != nil {
			return nil, "", &FieldError{"cursor", "is damaged"}
		}
		switch key {
		case "t":
			t, err := time.Parse(time.RFC3339Nano, parts[1])
			if err != nil {
				return nil, "", &FieldError{"cursor", "is damaged"}
			}
			op := "<"
			if f.Sort == "discharged_asc" {
				op = ">"
			}
			where += " AND (c.discharged_at, c.id) " + op + " (?, ?)"
			args = append(args, t, id)
		case "n":
			d, err := decimal.NewFromString(parts[1])
			if err != nil {
				return nil, "", &FieldError{"cursor", "is damaged"}
			}
			where += " AND (c.total_cost, c.id) < (?, ?)"
			args = append(args, d, id)
		case "r":
			d, err := decimal.NewFromString(parts[1])
			if err != nil {
				return nil, "", &FieldError{"cursor", "is damaged"}
			}
			where += " AND (COALESCE(c.cost_ratio, -1), c.id) < (?, ?)"
			args = append(args, d, id)
		}
	}
	// The page's ids first (often from an index alone), then their rows.
	q := `WITH page AS (SELECT c.id FROM cases c WHERE ` + where + ` ORDER BY ` + order + ` LIMIT ?)
		SELECT ` + listCols + ` FROM page JOIN cases c ON c.id = page.id JOIN hospitals h ON h.id = c.hospital_id
		ORDER BY ` + order
	rows, err := s.scanSummaries(ctx, q, append(args, limit))
	if err != nil {
		return nil, "", err
	}
	for i := range rows {
		s.fillSummary(&rows[i])
	}
	next := ""
	if len(rows) == limit {
		last := rows[len(rows)-1]
		sort := f.Sort
		switch key {
		case "t":
			next = encodeCursor(sort+key, last.DischargedAt.UTC().Format(time.RFC3339Nano), last.ID)
		case "n":
			next = encodeCursor(sort+key, last.TotalCost, last.ID)
		case "r":
			r := "-1"
			if last.CostRatio != nil {
				r = *last.CostRatio
			}
			next = encodeCursor(sort+key, r, last.ID)
		}
	}
	return rows, next, nil
}

func (s *Service) fillSummary(c *CaseSummary) {
	c.Reasons = ReasonsOf(c.ReasonMask)
	if c.Reasons == nil {
		c.Reasons = []Reason{}
	}
	c.AdmittedAt, c.DischargedAt = c.AdmittedAt.In(beijing), c.DischargedAt.In(beijing)
	if c.DRG != "" && s.Env != nil && s.Env.Plans != nil {
		if p, err := s.Env.Plans.ByID(c.PlanID); err == nil {
			c.DRGName, _ = p.GroupName(c.DRG)
		}
	}
}

// CaseVersion is one stored version of a settlement.
type CaseVersion struct {
	ID        string    `json:"id"`
	Version   int       `json:"version"`
	Current   bool      `json:"current"`
	ImportID  string    `json:"import_id"`
	CreatedAt time.Time `json:"created_at"`
	DRG       string    `json:"drg"`
	TotalCost string    `json:"total_cost"`
}

// GroupingView is a case's grouping record with its trace.
type GroupingView struct {
	Status      string      `json:"status"`
	StatusLabel string      `json:"status_label"`
	Reason      string      `json:"reason,omitempty"`
	MDC         string      `json:"mdc"`
	MDCName     string      `json:"mdc_name"`
	ADRG        string      `json:"adrg"`
	ADRGName    string      `json:"adrg_name"`
	DRG         string      `json:"drg"`
	DRGName     string      `json:"drg_name"`
	Comorbidity string      `json:"comorbidity"`
	Plan        string      `json:"plan"`
	PlanDigest  string      `json:"plan_digest"`
	Trace       []TraceStep `json:"trace"`
	// Reproduced says whether re-running the recorded plan on the stored
	// list gives the recorded group (it must; false flags a problem).
	Reproduced bool `json:"reproduced"`
}

// TraceStep is one step of the grouping trace (grouper.Step).
type TraceStep struct {
	Stage  string `json:"stage"`
	Code   string `json:"code,omitempty"`
	Rule   string `json:"rule,omitempty"`
	By     string `json:"by,omitempty"`
	Source string `json:"source,omitempty"`
}

func traceOf(steps []grouper.Step) []TraceStep {
	out := make([]TraceStep, len(steps))
	for i, st := range steps {
		out[i] = TraceStep(st)
	}
	return out
}

// CaseView is the case detail page.
type CaseView struct {
	CaseSummary
	IDNumberMask   string           `json:"id_number_mask"`
	RegionCode     string           `json:"region_code"`
	InsuredPlace   string           `json:"insured_place"`
	InsuranceType  string           `json:"insurance_type"`
	ICUHours       int              `json:"icu_hours"`
	VentHours      int              `json:"vent_hours"`
	DeptCount      int              `json:"dept_count"`
	PricingVersion string           `json:"pricing_version"`
	Case           Case             `json:"case"`
	Grouping       GroupingView     `json:"grouping"`
	Pricing        *pricing.Outcome `json:"pricing,omitempty"`
	PricingError   string           `json:"pricing_error,omitempty"`
	Findings       []Finding        `json:"findings"`
	Versions       []CaseVersion    `json:"versions"`
	FeeCategories  []FeeCategory    `json:"fee_categories"`
}

// FeeCategory is one of the 14 national fee categories with its total.
type FeeCategory struct {
	Code   string          `json:"code"`
	Name   string          `json:"name"`
	Amount decimal.Decimal `json:"amount"`
}

// GetCase returns a case version in the caller's scope (ErrNotFound
// otherwise) and records the view in the audit log: the case holds
// personal data.
func (s *Service) GetCase(ctx context.Context, id string) (*CaseView, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return nil, ErrNotFound
	}
	scope, args, err := scopeSQL(ctx, "c")
	if err != nil {
		return nil, err
	}
	var row struct {
		CaseSummary
		IdnoMask, RegionCode, InsuredPlace, InsuranceType, PricingVersion string
		IcuHours, VentHours, DeptCount                                    int
		Detail                                                            []byte
	}
	res := s.DB.Conn(ctx).Raw(`SELECT `+summaryCols+`, c.idno_mask, c.region_code, c.insured_place, c.insurance_type,
		c.pricing_version, c.icu_hours, c.vent_hours, c.dept_count, c.detail
		FROM cases c JOIN hospitals h ON h.id = c.hospital_id WHERE c.id = ? AND `+scope, append([]any{n}, args...)...).Scan(&row)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, ErrNotFound
	}
	s.fillSummary(&row.CaseSummary)
	det, err := DecodeDetail(row.Detail)
	if err != nil {
		return nil, err
	}
	v := &CaseView{CaseSummary: row.CaseSummary, IDNumberMask: row.IdnoMask, RegionCode: row.RegionCode,
		InsuredPlace: row.InsuredPlace, InsuranceType: row.InsuranceType, PricingVersion: row.PricingVersion,
		ICUHours: row.IcuHours, VentHours: row.VentHours, DeptCount: row.DeptCount,
		Case: det.Case, Findings: det.Findings, PricingError: det.PricingError}
	if v.Findings == nil {
		v.Findings = []Finding{}
	}
	for i := range NumFeeCategories {
		v.FeeCategories = append(v.FeeCategories, FeeCategory{Code: twoDigits(i + 1), Name: FeeCategoryNames[i], Amount: det.Case.Fees[i]})
	}
	v.Grouping = GroupingView{Status: row.GroupStatus, Reason: det.GroupReason, MDC: row.MDC, DRG: row.DRG,
		Comorbidity: det.Comorbidity, Plan: row.PlanID, PlanDigest: det.PlanDigest}
	var hosp Hospital
	if pack, err := s.Env.Plans.ByID(row.PlanID); err == nil {
		gc := GrouperCase(&det.Case)
		r := pack.Group(&gc)
		g := &v.Grouping
		g.Trace, g.MDCName, g.ADRG, g.ADRGName, g.DRGName = traceOf(r.Trace), r.MDCName, r.ADRG, r.ADRGName, r.DRGName
		g.StatusLabel = r.Status.Label()
		g.Reproduced = r.DRG == row.DRG && r.Status.String() == row.GroupStatus
	}
	if row.DRG != "" && s.Env.Pricing != nil {
		hosp, err = s.hospitalByID(ctx, row.HospitalID)
		if err == nil {
			ver, verr := s.Env.Pricing(row.RegionCode, pricing.DateOf(row.DischargedAt.In(beijing)))
			switch {
			case verr != nil:
				v.PricingError = verr.Error()
			case row.PricingVersion != "" && ver.Ref().ID != row.PricingVersion:
				v.PricingError = fmt.Sprintf("recorded under pricing version %s, which is no longer in force", row.PricingVersion)
			default:
				w := s.Env.NewWorker(hosp)
				w.marks = marksFor(&det.Case, det.Registered)
				out, perr := pricing.Price(ver, w.pricingInput(&det.Case, row.DRG))
				if perr == nil {
					v.Pricing = &out
				} else if v.PricingError == "" {
					v.PricingError = perr.Error()
				}
			}
		}
	}
	v.Case.Patient.Name, v.Case.Patient.IDNumber = "", ""
	if err := s.DB.Conn(ctx).Raw(`SELECT id, version, current, import_id, created_at, drg, total_cost::text AS total_cost
		FROM cases WHERE hospital_id = ? AND settlement_id = ? ORDER BY version DESC`, row.HospitalID, row.SettlementID).Scan(&v.Versions).Error; err != nil {
		return nil, err
	}
	if err := s.Audit.Record(ctx, audit.Event{Action: "cases.view", ObjectType: "case", ObjectID: id,
		RegionCode: row.RegionCode, HospitalID: row.HospitalID}); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *Service) hospitalByID(ctx context.Context, id string) (Hospital, error) {
	sys := withSystemScope(ctx)
	return s.HospitalFor(sys, id)
}

// ---- the hospital dashboard ----

// MonthStats is one month of a hospital (or the region).
type MonthStats struct {
	Month       string          `json:"month"`
	Cases       int             `json:"cases"`
	Grouped     int             `json:"grouped"`
	CMI         decimal.Decimal `json:"cmi"`
	TimeIndex   decimal.Decimal `json:"time_index"`
	CostIndex   decimal.Decimal `json:"cost_index"`
	High        int             `json:"high"`
	Low         int             `json:"low"`
	Candidates  int             `json:"candidates"`
	QualityRate decimal.Decimal `json:"quality_rate"`
	TotalCost   decimal.Decimal `json:"total_cost"`
	DRGPayment  decimal.Decimal `json:"drg_payment"`
}

// Dashboard is a hospital's months.
type Dashboard struct {
	HospitalID string       `json:"hospital_id"`
	From       string       `json:"from"`
	To         string       `json:"to"`
	Months     []MonthStats `json:"months"`
}

// Dashboard computes a hospital's (or, without one, the caller's whole
// scope's) monthly figures over [from, to] months. The time and cost
// consumption indices (时间/费用消耗指数) compare each DRG's mean LOS and
// mean cost with the region's means for the same DRG and period, weighted by
// the hospital's cases: Σ nᵢ·(hospital meanᵢ / region meanᵢ) / Σ nᵢ.
func (s *Service) Dashboard(ctx context.Context, hospitalID, from, to string) (*Dashboard, error) {
	f := ListFilter{HospitalID: hospitalID}
	where, args, err := f.where(ctx)
	if err != nil {
		return nil, err
	}
	start, _, err := monthRange(from)
	if err != nil {
		return nil, &FieldError{"from", "must be YYYY-MM"}
	}
	_, end, err := monthRange(to)
	if err != nil {
		return nil, &FieldError{"to", "must be YYYY-MM"}
	}
	if !end.After(start) || end.Sub(start) > 25*31*24*time.Hour {
		return nil, &FieldError{"to", "must be after from, at most 24 months"}
	}
	where += " AND c.discharged_at >= ? AND c.discharged_at < ?"
	args = append(args, start, end)
	region := ""
	if hospitalID != "" {
		h, err := s.HospitalFor(ctx, hospitalID)
		if err != nil {
			return nil, err
		}
		region = h.Region
	} else if sc := scopeRegion(ctx); sc != "" {
		region = sc
	}
	var rows []struct {
		Month                                 time.Time
		Cases, Grouped, High, Low, Candidates int
		QualityOK                             int
		CMI, TimeIndex, CostIndex             decimal.NullDecimal
		TotalCost, DRGPayment                 decimal.NullDecimal
	}
	q := `WITH base AS (
		SELECT c.discharge_month, c.drg, c.los, c.total_cost, c.weight, c.price_class, c.reasons, c.quality_errors, c.drg_payment
		FROM cases c WHERE ` + where + `
	), reg AS (
		SELECT drg, avg(los)::numeric AS los, avg(total_cost) AS cost FROM cases
		WHERE current AND region_code = ? AND drg <> '' AND discharged_at >= ? AND discharged_at < ? GROUP BY drg
	), per AS (
		SELECT b.discharge_month, b.drg, count(*) AS n, avg(b.los)::numeric AS los, avg(b.total_cost) AS cost
		FROM base b WHERE b.drg <> '' GROUP BY 1, 2
	), idx AS (
		SELECT per.discharge_month,
		       sum(per.n * per.los / NULLIF(reg.los, 0)) / NULLIF(sum(per.n), 0) AS time_index,
		       sum(per.n * per.cost / NULLIF(reg.cost, 0)) / NULLIF(sum(per.n), 0) AS cost_index
		FROM per JOIN reg ON reg.drg = per.drg GROUP BY 1
	)
	SELECT b.discharge_month AS month, count(*) AS cases, count(*) FILTER (WHERE b.drg <> '') AS grouped,
	       avg(b.weight) AS cmi, count(*) FILTER (WHERE b.price_class = 'high') AS high,
	       count(*) FILTER (WHERE b.price_class = 'low') AS low, count(*) FILTER (WHERE b.reasons <> 0) AS candidates,
	       count(*) FILTER (WHERE b.quality_errors = 0) AS quality_ok, sum(b.total_cost) AS total_cost,
	       sum(b.drg_payment) AS drg_payment, max(idx.time_index) AS time_index, max(idx.cost_index) AS cost_index
	FROM base b LEFT JOIN idx ON idx.discharge_month = b.discharge_month
	GROUP BY b.discharge_month ORDER BY b.discharge_month`
	args = append(args, region, start, end)
	if err := s.DB.Conn(ctx).Raw(q, args...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	d := &Dashboard{HospitalID: hospitalID, From: from, To: to, Months: []MonthStats{}}
	r4 := func(x decimal.NullDecimal) decimal.Decimal { return x.Decimal.Round(4) }
	for _, r := range rows {
		m := MonthStats{Month: r.Month.Format("2006-01"), Cases: r.Cases, Grouped: r.Grouped, High: r.High, Low: r.Low,
			Candidates: r.Candidates, CMI: r4(r.CMI), TimeIndex: r4(r.TimeIndex), CostIndex: r4(r.CostIndex),
			TotalCost: r.TotalCost.Decimal.Round(2), DRGPayment: r.DRGPayment.Decimal.Round(2)}
		if r.Cases > 0 {
			m.QualityRate = decimal.NewFromInt(int64(r.QualityOK)).Div(decimal.NewFromInt(int64(r.Cases))).Round(4)
		}
		d.Months = append(d.Months, m)
	}
	return d, nil
}
