package casefile

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/pricing"
)

// Facts are what a special-case application needs of a case: its identity,
// tenancy, stay and the grouping, payment and screening recorded on arrival.
// Reading them is not a view of personal data (no names, no ID numbers).
type Facts struct {
	ID             int64
	Current        bool
	RegionCode     string
	HospitalID     string
	SettlementID   string
	DischargedAt   time.Time
	LOS            int
	ICUHours       int
	VentHours      int
	DeptCount      int
	PlanID         string
	PricingVersion string
	GroupStatus    string
	DRG            string
	Weight         decimal.NullDecimal
	TotalCost      decimal.Decimal
	Standard       decimal.NullDecimal
	CostRatio      decimal.NullDecimal
	PriceClass     string
	DRGPayment     decimal.NullDecimal
	FundPayment    decimal.NullDecimal
	Reasons        []Reason
}

// Facts reads case id in the caller's scope (ErrNotFound otherwise).
func (s *Service) Facts(ctx context.Context, id int64) (*Facts, error) {
	if id <= 0 {
		return nil, ErrNotFound
	}
	scope, args, err := scopeSQL(ctx, "c")
	if err != nil {
		return nil, err
	}
	var row struct {
		ID                                                  int64
		Current                                             bool
		RegionCode, HospitalID, SettlementID                string
		DischargedAt                                        time.Time
		Los, IcuHours, VentHours, DeptCount                 int
		PlanID, PricingVersion, GroupStatus, Drg            string
		Weight                                              decimal.NullDecimal
		TotalCost                                           decimal.Decimal
		PaymentStandard, CostRatio, DrgPayment, FundPayment decimal.NullDecimal
		PriceClass                                          string
		Reasons                                             int32
	}
	res := s.DB.Conn(ctx).Raw(`SELECT c.id, c.current, c.region_code, c.hospital_id::text AS hospital_id, c.settlement_id,
		c.discharged_at, c.los, c.icu_hours, c.vent_hours, c.dept_count, c.plan_id, c.pricing_version, c.group_status, c.drg,
		c.weight, c.total_cost, c.payment_standard, c.cost_ratio, c.drg_payment, c.fund_payment, c.price_class, c.reasons
		FROM cases c WHERE c.id = ? AND `+scope, append([]any{id}, args...)...).Scan(&row)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, ErrNotFound
	}
	return &Facts{ID: row.ID, Current: row.Current, RegionCode: strings.TrimSpace(row.RegionCode), HospitalID: row.HospitalID,
		SettlementID: row.SettlementID, DischargedAt: row.DischargedAt, LOS: row.Los, ICUHours: row.IcuHours,
		VentHours: row.VentHours, DeptCount: row.DeptCount, PlanID: row.PlanID, PricingVersion: row.PricingVersion,
		GroupStatus: row.GroupStatus, DRG: row.Drg, Weight: row.Weight, TotalCost: row.TotalCost,
		Standard: row.PaymentStandard, CostRatio: row.CostRatio, PriceClass: row.PriceClass, DRGPayment: row.DrgPayment,
		FundPayment: row.FundPayment, Reasons: ReasonsOf(row.Reasons)}, nil
}

// Discharges counts the current cases of a region (hospitalID "") or of one
// hospital discharged in [from, to) Beijing time: the base of the
// special-case quota. It reads across the caller's scope on purpose (the
// region's cap counts every hospital) and returns only a number.
func (s *Service) Discharges(ctx context.Context, region, hospitalID string, from, to time.Time) (int, error) {
	var n int
	q := `SELECT count(*) FROM cases WHERE current AND region_code = ? AND discharged_at >= ? AND discharged_at < ?`
	args := []any{region, from, to}
	if hospitalID != "" {
		q = `SELECT count(*) FROM cases WHERE current AND hospital_id = ? AND region_code = ? AND discharged_at >= ? AND discharged_at < ?`
		args = append([]any{hospitalID}, args...)
	}
	err := s.DB.Conn(ctx).Raw(q, args...).Scan(&n).Error
	return n, err
}

// Regrouped is a what-if grouping of a case with its payment.
type Regrouped struct {
	Status     string
	Reason     string
	DRG        string
	DRGName    string
	Weight     decimal.NullDecimal
	Standard   decimal.NullDecimal
	DRGPayment decimal.NullDecimal
	Fund       decimal.NullDecimal
	Class      string
	Error      string
}

// WhatIf groups case id again with the given diagnoses and procedures
// (principal first; nil keeps the case's own) under the plan it was grouped
// with, and prices the result under the pricing version in force for its
// discharge. The case itself does not change.
func (s *Service) WhatIf(ctx context.Context, id int64, diagnoses, procedures []string) (current, proposed Regrouped, err error) {
	scope, args, err := scopeSQL(ctx, "c")
	if err != nil {
		return current, proposed, err
	}
	var row struct {
		HospitalID, RegionCode, PlanID string
		DischargedAt                   time.Time
		Detail                         []byte
	}
	res := s.DB.Conn(ctx).Raw(`SELECT c.hospital_id::text AS hospital_id, c.region_code, c.plan_id, c.discharged_at, c.detail
		FROM cases c WHERE c.id = ? AND `+scope, append([]any{id}, args...)...).Scan(&row)
	if res.Error != nil {
		return current, proposed, res.Error
	}
	if res.RowsAffected == 0 {
		return current, proposed, ErrNotFound
	}
	det, err := DecodeDetail(row.Detail)
	if err != nil {
		return current, proposed, err
	}
	pack, err := s.Env.Plans.ByID(row.PlanID)
	if err != nil {
		return current, proposed, fmt.Errorf("the case's grouping plan %s is not loaded: %w", row.PlanID, err)
	}
	hosp, err := s.hospitalByID(ctx, row.HospitalID)
	if err != nil {
		return current, proposed, err
	}
	var ver *pricing.Version
	var verErr error
	if s.Env.Pricing != nil {
		ver, verErr = s.Env.Pricing(strings.TrimSpace(row.RegionCode), pricing.DateOf(row.DischargedAt.In(beijing)))
	} else {
		verErr = pricing.ErrNoVersion
	}
	w := s.Env.NewWorker(hosp)
	group := func(c *Case) Regrouped {
		gc := GrouperCase(c)
		r := pack.Group(&gc)
		out := Regrouped{Status: r.Status.String(), Reason: r.Reason, DRG: r.DRG, DRGName: r.DRGName}
		if r.DRG == "" {
			return out
		}
		if verErr != nil {
			out.Error = verErr.Error()
			return out
		}
		p, perr := pricing.Price(ver, w.pricingInput(c, r.DRG))
		if perr != nil {
			out.Error = perr.Error()
			return out
		}
		out.Weight = decimal.NewNullDecimal(p.Weight)
		out.Standard = decimal.NewNullDecimal(p.PaymentStandard)
		out.DRGPayment = decimal.NewNullDecimal(p.DRGPayment)
		out.Fund = decimal.NewNullDecimal(p.FundPayment)
		out.Class = string(p.Class)
		return out
	}
	c := det.Case
	current = group(&c)
	alt := det.Case
	if diagnoses != nil {
		alt.Diagnoses = make([]Diagnosis, 0, len(diagnoses))
		for _, d := range diagnoses {
			alt.Diagnoses = append(alt.Diagnoses, Diagnosis{Code: d})
		}
	}
	if procedures != nil {
		alt.Procedures = make([]Procedure, 0, len(procedures))
		for i, p := range procedures {
			pr := Procedure{Code: p}
			if i < len(det.Case.Procedures) {
				pr.Date = det.Case.Procedures[i].Date
			}
			alt.Procedures = append(alt.Procedures, pr)
		}
	}
	proposed = group(&alt)
	return current, proposed, nil
}
