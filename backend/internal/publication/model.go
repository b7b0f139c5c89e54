// Package publication builds and publishes the semi-annual special-case
// publication (特例单议情况公示, domain.md §1.6): per region and half-year,
// each hospital's discharges, applications submitted, accepted, approved by
// form, rejected, rejected at intake, withdrawn and pending, its quota cap
// and use, and the approved amounts and deductions, with the region's
// totals.
//
// This file is pure: the report's shape and how facts become its rows. The
// service (service.go) reads the facts from PostgreSQL, keeps one draft per
// region and period and publishes drafts as immutable versions; xlsx.go
// and pdf.go render a report.
package publication

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/platform/calendar"
	"teyi/backend/internal/specialcase/settings"
)

// SchemaVersion is the version of the Report layout stored in a
// publication's content.
const SchemaVersion = 1

// Basis names what selects a period's applications: the day of their
// submission to the bureau (submitted_at, Beijing time).
const Basis = "submitted_at"

// PublicationReport is one report: the region's hospitals and totals for a
// half-year. Amounts are decimal strings with two places.
type PublicationReport struct {
	Schema     int    `json:"schema" doc:"Layout version of the report"`
	RegionCode string `json:"region_code"`
	RegionName string `json:"region_name"`
	Period     string `json:"period" example:"2026H1"`
	// From and To are the first and the last day of the half-year.
	From  string `json:"from" example:"2026-01-01"`
	To    string `json:"to" example:"2026-06-30"`
	Basis string `json:"basis" doc:"What puts an application in the period: submitted_at, its submission to the bureau"`
	// BuiltAt is when the figures were read (a draft's build).
	BuiltAt   time.Time          `json:"built_at"`
	Quota     PublicationQuota   `json:"quota"`
	Hospitals []PublicationRow   `json:"hospitals"`
	Totals    PublicationRow     `json:"totals"`
	Notes     []PublicationNote  `json:"notes"`
	Months    []PublicationMonth `json:"months" doc:"The region's discharges and submissions per month (for the chart)"`
}

// PublicationQuota is the quota rule the caps were computed with: the
// region's settings in force on the period's last day.
type PublicationQuota struct {
	Basis  string `json:"basis" doc:"DRG_5pct, DIP_5permille or custom"`
	Rate   string `json:"rate" example:"0.05"`
	Scope  string `json:"scope" doc:"region: one cap for the region (hospital rows show no cap); hospital: a cap per hospital"`
	Period string `json:"period" doc:"The quota period: month, quarter or year"`
	AsOf   string `json:"as_of" doc:"The day whose settings were used"`
}

// PublicationRow is one hospital's figures (or the region's totals).
type PublicationRow struct {
	HospitalID   string `json:"hospital_id,omitempty"`
	HospitalCode string `json:"hospital_code,omitempty"`
	HospitalName string `json:"hospital_name"`
	// Discharges are the current cases discharged in the half-year.
	Discharges int `json:"discharges" doc:"DRG discharges (current case versions) in the half-year"`
	// Submitted counts the applications submitted to the bureau in the
	// half-year; every one of them is in exactly one of the six outcome
	// columns (approved item-based, approved adjusted standard, rejected,
	// rejected at intake, withdrawn, pending).
	Submitted                int `json:"submitted"`
	Accepted                 int `json:"accepted" doc:"Of the submitted: accepted for expert review (whatever happened later)"`
	ApprovedItemBased        int `json:"approved_item_based" doc:"Latest confirmed decision APPROVED_ITEM_BASED (按项目付费)"`
	ApprovedAdjustedStandard int `json:"approved_adjusted_standard" doc:"Latest confirmed decision APPROVED_ADJUSTED_STANDARD (调整支付标准)"`
	Approved                 int `json:"approved" doc:"Both forms of approval"`
	Rejected                 int `json:"rejected" doc:"Latest confirmed decision REJECTED (by the panel)"`
	RejectedAtIntake         int `json:"rejected_at_intake"`
	Withdrawn                int `json:"withdrawn"`
	Pending                  int `json:"pending" doc:"Submitted and not yet decided, rejected or withdrawn"`
	// QuotaCap is nil on a hospital's row when the quota is the region's.
	QuotaCap       *int   `json:"quota_cap" doc:"floor(rate × discharges) per quota period within the half-year, summed; null on hospital rows when the quota is region-wide"`
	QuotaUsed      int    `json:"quota_used" doc:"Applications holding a quota unit for cases discharged in the half-year"`
	ApprovedAmount string `json:"approved_amount" doc:"Sum of approved_amount of the approved decisions (yuan)"`
	Deductions     string `json:"deductions" doc:"Sum of deduction_total of the approved decisions (yuan)"`
}

// PublicationNote is one line of the report's explanation.
type PublicationNote struct {
	Key  string `json:"key"`
	Text string `json:"text"`
}

// PublicationMonth is the region's month.
type PublicationMonth struct {
	Month      string `json:"month" example:"2026-01"`
	Discharges int    `json:"discharges"`
	Submitted  int    `json:"submitted"`
}

// Outcomes of review decisions (migration 00010).
const (
	OutcomeItemBased = "APPROVED_ITEM_BASED"
	OutcomeAdjusted  = "APPROVED_ADJUSTED_STANDARD"
	OutcomeRejected  = "REJECTED"
)

// Bucket is where one submitted application is counted.
type Bucket int

// The buckets: every submitted application is in exactly one.
const (
	BucketPending Bucket = iota
	BucketItemBased
	BucketAdjusted
	BucketRejected
	BucketRejectedAtIntake
	BucketWithdrawn
)

// AppFact is what the report needs of one application submitted in the
// period.
type AppFact struct {
	HospitalID string
	Month      int // 0–5: the month of the period it was submitted in
	Status     string
	// Accepted: it was accepted for expert review at some time.
	Accepted bool
	// Outcome is the latest confirmed decision's ("" when none), with its
	// approved amount and deductions.
	Outcome        string
	ApprovedAmount decimal.Decimal
	DeductionTotal decimal.Decimal
}

// Classify puts an application in its bucket. The latest confirmed
// decision counts first (an appeal's decision supersedes the first one
// once confirmed; until then the first one stands); without one, a
// withdrawal or a rejection at intake; anything else is pending.
func Classify(f AppFact) Bucket {
	switch f.Outcome {
	case OutcomeItemBased:
		return BucketItemBased
	case OutcomeAdjusted:
		return BucketAdjusted
	case OutcomeRejected:
		return BucketRejected
	}
	switch f.Status {
	case "WITHDRAWN":
		return BucketWithdrawn
	case "REJECTED_AT_INTAKE":
		return BucketRejectedAtIntake
	}
	return BucketPending
}

// Hospital is one hospital of the region.
type Hospital struct {
	ID, Code, Name string
	Active         bool
}

// Facts are what a report is assembled from.
type Facts struct {
	RegionCode, RegionName string
	Period                 Period
	BuiltAt                time.Time
	Hospitals              []Hospital
	// Discharges per hospital and month of the period.
	Discharges map[string][6]int
	Apps       []AppFact
	// QuotaUsed per hospital: applications holding a unit for cases
	// discharged in the period.
	QuotaUsed map[string]int
	// Quota is the rule in force on AsOf.
	Quota settings.Quota
	AsOf  calendar.Date
}

type acc struct {
	row             PublicationRow
	amount, deducts decimal.Decimal
}

func (a *acc) add(f AppFact) {
	r := &a.row
	r.Submitted++
	if f.Accepted || f.Outcome != "" {
		r.Accepted++
	}
	switch Classify(f) {
	case BucketItemBased:
		r.ApprovedItemBased++
	case BucketAdjusted:
		r.ApprovedAdjustedStandard++
	case BucketRejected:
		r.Rejected++
	case BucketRejectedAtIntake:
		r.RejectedAtIntake++
	case BucketWithdrawn:
		r.Withdrawn++
	default:
		r.Pending++
	}
	if b := Classify(f); b == BucketItemBased || b == BucketAdjusted {
		a.amount = a.amount.Add(f.ApprovedAmount)
		a.deducts = a.deducts.Add(f.DeductionTotal)
	}
}

func (a *acc) finish() PublicationRow {
	a.row.Approved = a.row.ApprovedItemBased + a.row.ApprovedAdjustedStandard
	a.row.ApprovedAmount = a.amount.StringFixed(2)
	a.row.Deductions = a.deducts.StringFixed(2)
	return a.row
}

// QuotaCap is the cap of a half-year for discharges per month: the months
// are grouped by the quota period that holds them, and each group's cap is
// floor(rate × its discharges) — exactly the period's cap when the quota
// period is a month or a quarter, the half-year's share when it is a year.
func QuotaCap(q settings.Quota, p Period, months [6]int) int {
	sums := map[calendar.Date]int{}
	var order []calendar.Date
	for i, m := range p.Months() {
		from, _ := q.PeriodOf(m)
		if _, ok := sums[from]; !ok {
			order = append(order, from)
		}
		sums[from] += months[i]
	}
	cap := 0
	for _, k := range order {
		cap += q.Cap(sums[k])
	}
	return cap
}

// Assemble builds the report from the facts. Hospitals are listed by code:
// every active hospital of the region, and an inactive one that has any
// figure in the period.
func Assemble(f Facts) PublicationReport {
	byID := map[string]*acc{}
	var months [6]PublicationMonth
	for i, m := range f.Period.Months() {
		months[i].Month = m.String()[:7]
	}
	for _, a := range f.Apps {
		x := byID[a.HospitalID]
		if x == nil {
			x = &acc{}
			byID[a.HospitalID] = x
		}
		x.add(a)
		if a.Month >= 0 && a.Month < 6 {
			months[a.Month].Submitted++
		}
	}
	hs := append([]Hospital(nil), f.Hospitals...)
	sort.Slice(hs, func(i, j int) bool { return hs[i].Code < hs[j].Code })
	regionScope := f.Quota.Scope != settings.ScopeHospital
	total := &acc{}
	var regionMonths [6]int
	hospCaps := 0
	rows := []PublicationRow{}
	for _, h := range hs {
		x := byID[h.ID]
		if x == nil {
			x = &acc{}
		}
		dm := f.Discharges[h.ID]
		for i, n := range dm {
			x.row.Discharges += n
			regionMonths[i] += n
			months[i].Discharges += n
		}
		x.row.QuotaUsed = f.QuotaUsed[h.ID]
		if !regionScope {
			c := QuotaCap(f.Quota, f.Period, dm)
			x.row.QuotaCap = &c
			hospCaps += c
		}
		x.row.HospitalID, x.row.HospitalCode, x.row.HospitalName = h.ID, h.Code, h.Name
		r := x.finish()
		if !h.Active && r.Discharges == 0 && r.Submitted == 0 && r.QuotaUsed == 0 {
			continue
		}
		rows = append(rows, r)
		t := &total.row
		t.Discharges += r.Discharges
		t.Submitted += r.Submitted
		t.Accepted += r.Accepted
		t.ApprovedItemBased += r.ApprovedItemBased
		t.ApprovedAdjustedStandard += r.ApprovedAdjustedStandard
		t.Rejected += r.Rejected
		t.RejectedAtIntake += r.RejectedAtIntake
		t.Withdrawn += r.Withdrawn
		t.Pending += r.Pending
		t.QuotaUsed += r.QuotaUsed
		total.amount = total.amount.Add(x.amount)
		total.deducts = total.deducts.Add(x.deducts)
	}
	total.row.HospitalName = "合计"
	if regionScope {
		c := QuotaCap(f.Quota, f.Period, regionMonths)
		total.row.QuotaCap = &c
	} else {
		total.row.QuotaCap = &hospCaps
	}
	return PublicationReport{
		Schema: SchemaVersion, RegionCode: f.RegionCode, RegionName: f.RegionName, Period: f.Period.String(),
		From: f.Period.First().String(), To: f.Period.Last().String(), Basis: Basis,
		BuiltAt: f.BuiltAt.UTC().Truncate(time.Second),
		Quota: PublicationQuota{Basis: f.Quota.Basis, Rate: f.Quota.Rate.String(), Scope: f.Quota.Scope, Period: f.Quota.Period,
			AsOf: f.AsOf.String()},
		Hospitals: rows, Totals: total.finish(), Notes: notes(f), Months: months[:],
	}
}

func notes(f Facts) []PublicationNote {
	scope := "统筹地区整体核定（各医院行不单列限额）"
	if f.Quota.Scope == settings.ScopeHospital {
		scope = "按医院分别核定"
	}
	period := map[string]string{settings.PeriodMonth: "月", settings.PeriodQuarter: "季度", settings.PeriodYear: "年度"}[f.Quota.Period]
	return []PublicationNote{
		{Key: "period", Text: "统计期间：" + f.Period.Label() + "（" + f.Period.First().String() + " 至 " + f.Period.Last().String() + "）。"},
		{Key: "basis", Text: "申请按提交至医保经办机构的日期（北京时间）计入本期；每件申请按其最新一次经确认的评审结论计入一项结果，" +
			"申诉后的复核结论确认后取代原结论；尚无确认结论的，按撤回、受理环节退回或待办计入。"},
		{Key: "discharges", Text: "DRG出院病例数为本期出院的现行病例版本数。"},
		{Key: "quota", Text: "限额按" + period + "核定、" + scope + "：各限额期间取 费率 × 本期内该期间出院病例数 向下取整后相加（费率 " +
			f.Quota.Rate.String() + "，按 " + f.AsOf.String() + " 有效的设置）；已用为本期出院病例中占用限额的申请数。"},
		{Key: "amounts", Text: "核准金额为批准结论的核准金额之和，扣减为批准结论中不合理费用扣减之和（元）。"},
	}
}

// Digest is the hex SHA-256 of the report's JSON encoding (the field order
// of the Go types), the one stored with a draft or a publication.
func Digest(r *PublicationReport) (string, []byte, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return "", nil, err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), b, nil
}
