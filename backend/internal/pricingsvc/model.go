// Package pricingsvc keeps pricing parameter versions (package pricing) in
// PostgreSQL: drafts an administrator writes or imports from a catalogue CSV,
// activation under a row lock of the region (audited), ending a version, and
// the active version for a discharge date, cached in the process. Package
// pricing stays pure; this package is its store, service and HTTP
// operations.
package pricingsvc

import (
	"time"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/pricing"
)

// Status of a stored version: a draft, an active version (in force between
// its effective dates), or a retired one (a withdrawn draft; never used).
type Status string

const (
	StatusDraft   Status = "draft"
	StatusActive  Status = "active"
	StatusRetired Status = "retired"
)

// Summary is one version in a list.
type Summary struct {
	ID            string     `json:"id"`
	RegionCode    string     `json:"region_code"`
	Year          int        `json:"year"`
	Number        int        `json:"number"`
	Status        Status     `json:"status" enum:"draft,active,retired"`
	Method        string     `json:"method" enum:"rate,point"`
	EffectiveFrom string     `json:"effective_from" doc:"First day in force, YYYY-MM-DD"`
	EffectiveTo   string     `json:"effective_to" doc:"Last day in force (inclusive), YYYY-MM-DD; empty: open-ended"`
	WeightCount   int        `json:"weight_count"`
	Source        string     `json:"source"`
	CreatedBy     string     `json:"created_by" doc:"Username"`
	CreatedAt     time.Time  `json:"created_at"`
	ActivatedBy   string     `json:"activated_by"`
	ActivatedAt   *time.Time `json:"activated_at"`
	RetiredBy     string     `json:"retired_by"`
	RetiredAt     *time.Time `json:"retired_at"`
	Version       int        `json:"version" doc:"Row version for optimistic locking; send it back with a change"`
	InForceToday  bool       `json:"in_force_today" doc:"Active and covering today's date (Beijing)"`
	Ended         bool       `json:"ended" doc:"Active but its last day has passed"`
}

// Detail is one version with its parameters.
type Detail struct {
	Summary
	Spec pricing.Spec `json:"spec"`
	// Names are the DRG names of an imported catalogue, by code.
	Names map[string]string `json:"names"`
}

// DraftSpec is what an administrator writes: a pricing.Spec without the id
// and the region (the caller's). Money is a decimal string in yuan; weights,
// coefficients and ratios are decimal strings with up to 4 places.
type DraftSpec struct {
	Year          int    `json:"year" minimum:"2000" maximum:"2100"`
	Number        int    `json:"number,omitempty" required:"false" minimum:"0" maximum:"999" doc:"Version number in the region and year; 0 or absent: the next free one"`
	Source        string `json:"source,omitempty" required:"false" maxLength:"200"`
	EffectiveFrom string `json:"effective_from" pattern:"^[0-9]{4}-[0-9]{2}-[0-9]{2}$" doc:"YYYY-MM-DD"`
	EffectiveTo   string `json:"effective_to,omitempty" required:"false" pattern:"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$" doc:"YYYY-MM-DD (inclusive); empty: open-ended"`
	Method        string `json:"method,omitempty" required:"false" enum:",rate,point" doc:"Absent with the demo template: rate"`
	Template      string `json:"template,omitempty" required:"false" enum:",demo" doc:"demo: every parameter left out is taken from the demo version (Yantai 2023 weights, illustrative rates)"`

	Weights              map[string]decimal.Decimal        `json:"weights,omitempty" required:"false" doc:"Relative weight by DRG code (a catalogue import fills these)"`
	BaseRates            map[pricing.Fund]decimal.Decimal  `json:"base_rates,omitempty" required:"false" doc:"Yuan per RW by fund (employee, resident); rate method"`
	PointsPerWeight      *decimal.Decimal                  `json:"points_per_weight,omitempty" required:"false" doc:"Point method"`
	PointValues          map[pricing.Fund]decimal.Decimal  `json:"point_values,omitempty" required:"false" doc:"Yuan per point by fund; point method"`
	LevelCoefficients    map[pricing.Level]decimal.Decimal `json:"level_coefficients,omitempty" required:"false" doc:"By hospital level: tertiary, secondary, primary"`
	HospitalCoefficients map[string]decimal.Decimal        `json:"hospital_coefficients,omitempty" required:"false" doc:"Individual coefficients by hospital id"`
	Standards            []pricing.Standard                `json:"standards,omitempty" required:"false" doc:"Published payment standards (rate method)"`
	Outliers             *OutlierSpec                      `json:"outliers,omitempty" required:"false" doc:"Absent: the defaults (high > 3× tertiary, > 2× others; low ≤ 0.4×)"`
	PatientShare         *PatientShareSpec                 `json:"patient_share,omitempty" required:"false"`
	FundPayment          string                            `json:"fund_payment,omitempty" required:"false" enum:",remainder,pro_rata"`
}

// OutlierSpec is the outlier policy (see pricing.OutlierPolicy).
type OutlierSpec struct {
	Tiers       []TierSpec       `json:"tiers,omitempty" required:"false"`
	High        string           `json:"high,omitempty" required:"false" enum:",by_item,standard_plus_excess,ratio_adjusted"`
	ExcessShare *decimal.Decimal `json:"excess_share,omitempty" required:"false"`
	Low         string           `json:"low,omitempty" required:"false" enum:",by_item_capped"`
	Band        *pricing.LowBand `json:"band,omitempty" required:"false"`
	RatioBase   string           `json:"ratio_base,omitempty" required:"false" enum:",hospital_standard,group_standard"`
	RatioPlaces int32            `json:"ratio_places,omitempty" required:"false" minimum:"0" maximum:"4"`
}

// TierSpec is one outlier tier: by level ("" = every other level) and
// weight band (up_to_weight empty or 0: no upper bound).
type TierSpec struct {
	Level      string           `json:"level,omitempty" required:"false" enum:",tertiary,secondary,primary"`
	UpToWeight *decimal.Decimal `json:"up_to_weight,omitempty" required:"false"`
	High       decimal.Decimal  `json:"high"`
	Low        decimal.Decimal  `json:"low"`
}

// PatientShareSpec is the patient's item-based settlement parameters.
type PatientShareSpec struct {
	Deductibles   map[pricing.Level]decimal.Decimal                  `json:"deductibles" doc:"起付线 by level, yuan"`
	FundRatios    map[pricing.Level]map[pricing.Fund]decimal.Decimal `json:"fund_ratios" doc:"Fund share by level and fund, 0–1"`
	ClassBSelfPay decimal.Decimal                                    `json:"class_b_self_pay" doc:"乙类 先行自付 ratio, 0–1"`
}

// toSpec turns a draft into a pricing.Spec for region; dates that do not
// parse are reported as field errors.
func (d DraftSpec) toSpec(region string) (pricing.Spec, error) {
	if d.Template == "demo" {
		d = d.withDemo()
	}
	var ps fieldErrors
	from, err := pricing.ParseDate(d.EffectiveFrom)
	if err != nil {
		ps.add("effective_from", "want YYYY-MM-DD")
	}
	to, err := pricing.ParseDate(d.EffectiveTo)
	if err != nil {
		ps.add("effective_to", "want YYYY-MM-DD")
	}
	if err := ps.err(); err != nil {
		return pricing.Spec{}, err
	}
	s := pricing.Spec{
		Region: region, Year: d.Year, Number: d.Number, Source: d.Source,
		EffectiveFrom: from, EffectiveTo: to, Method: pricing.Method(d.Method),
		Weights: d.Weights, BaseRates: d.BaseRates, PointValues: d.PointValues,
		LevelCoefficients: d.LevelCoefficients, HospitalCoefficients: d.HospitalCoefficients,
		Standards: d.Standards, FundPayment: pricing.FundPaymentRule(d.FundPayment),
	}
	if p := d.PatientShare; p != nil {
		s.PatientShare = pricing.PatientShare{Deductibles: p.Deductibles, FundRatios: p.FundRatios, ClassBSelfPay: p.ClassBSelfPay}
	}
	if d.PointsPerWeight != nil {
		s.PointsPerWeight = *d.PointsPerWeight
	}
	if o := d.Outliers; o != nil {
		s.Outliers = pricing.OutlierPolicy{High: pricing.HighRule(o.High), Low: pricing.LowRule(o.Low), Band: o.Band,
			RatioBase: pricing.RatioBase(o.RatioBase), RatioPlaces: o.RatioPlaces}
		if o.ExcessShare != nil {
			s.Outliers.ExcessShare = *o.ExcessShare
		}
		for _, t := range o.Tiers {
			tier := pricing.OutlierTier{Level: pricing.Level(t.Level), High: t.High, Low: t.Low}
			if t.UpToWeight != nil {
				tier.UpToWeight = *t.UpToWeight
			}
			s.Outliers.Tiers = append(s.Outliers.Tiers, tier)
		}
	}
	if s.Weights == nil {
		s.Weights = map[string]decimal.Decimal{}
	}
	return s, nil
}

// withDemo fills every parameter d leaves out from the demo version.
func (d DraftSpec) withDemo() DraftSpec {
	year := d.Year
	if year < 2000 || year > 2100 {
		year = 2026 // the year is reported by validation; the template needs one
	}
	s := pricing.Demo("000000", year).Spec()
	if d.Method == "" {
		d.Method = string(s.Method)
	}
	if d.Source == "" && len(d.Weights) == 0 {
		d.Source = s.Source
	}
	if len(d.Weights) == 0 {
		d.Weights = s.Weights
	}
	if d.Method == string(pricing.RateMethod) && len(d.BaseRates) == 0 {
		d.BaseRates = s.BaseRates
	}
	if len(d.LevelCoefficients) == 0 {
		d.LevelCoefficients = s.LevelCoefficients
	}
	if d.PatientShare == nil {
		d.PatientShare = &PatientShareSpec{Deductibles: s.PatientShare.Deductibles, FundRatios: s.PatientShare.FundRatios,
			ClassBSelfPay: s.PatientShare.ClassBSelfPay}
	}
	d.Template = ""
	return d
}
