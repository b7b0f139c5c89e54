package pricing

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Spec is the plain, serialisable content of a parameter version: what an
// administrator drafts and what the store keeps. NewDraft validates it into a
// Version. Money is in yuan with at most 2 decimal places; weights,
// coefficients and ratios have at most 4.
type Spec struct {
	ID     string `json:"id,omitempty"` // assigned by the store
	Region string `json:"region"`       // pooling-region code (统筹地区), e.g. 370600
	Year   int    `json:"year"`
	Number int    `json:"number"`           // version number within the region and year, from 1
	Source string `json:"source,omitempty"` // where the weights came from, e.g. "yantai_2023.csv"

	EffectiveFrom Date `json:"effective_from"`
	// EffectiveTo is the last day in force, inclusive; zero means open-ended.
	EffectiveTo Date `json:"effective_to"`

	Method Method `json:"method"`

	// Weights are the relative weights (RW) by DRG code.
	Weights map[string]decimal.Decimal `json:"weights"`
	// BaseRates are yuan per unit of weight, per fund (rate method).
	BaseRates map[Fund]decimal.Decimal `json:"base_rates,omitempty"`
	// PointsPerWeight turns a weight into benchmark points, usually 100
	// (point method).
	PointsPerWeight decimal.Decimal `json:"points_per_weight,omitzero"`
	// PointValues are yuan per point, per fund (point method): the budget
	// point value until year-end clearance fixes the final one.
	PointValues map[Fund]decimal.Decimal `json:"point_values,omitempty"`
	// LevelCoefficients are the hospital-level coefficients (等级系数).
	LevelCoefficients map[Level]decimal.Decimal `json:"level_coefficients"`
	// HospitalCoefficients are individual coefficients (医疗机构系数) by
	// hospital id; one replaces the level coefficient for that hospital.
	HospitalCoefficients map[string]decimal.Decimal `json:"hospital_coefficients,omitempty"`
	// Standards are payment standards a region publishes directly, by DRG,
	// level and fund (rate method). One replaces weight × rate × coefficient
	// for the cases it matches; see Standard.
	Standards []Standard `json:"standards,omitempty"`

	Outliers     OutlierPolicy   `json:"outliers"`
	PatientShare PatientShare    `json:"patient_share"`
	FundPayment  FundPaymentRule `json:"fund_payment"`
}

// Standard is one published payment standard in yuan. An empty Level or Fund
// matches every level or fund; the most specific standard wins (level and
// fund, then level, then fund, then neither). A published standard is used as
// published: the region has already folded its level differences in, so no
// coefficient is applied to it, individual hospital coefficients included.
type Standard struct {
	DRG    string          `json:"drg"`
	Level  Level           `json:"level,omitempty"`
	Fund   Fund            `json:"fund,omitempty"`
	Amount decimal.Decimal `json:"amount"`
}

// FundPaymentRule is how the fund's payment to the hospital follows from the
// DRG payment, the patient having settled by item (domain.md §2.5).
type FundPaymentRule string

const (
	// FundPaysRemainder: fund pays = DRG payment − what the patient paid by
	// item (variant (a), 12,600 − 3,605 = 8,995), never below zero. The
	// default: the hospital then receives exactly the DRG payment.
	FundPaysRemainder FundPaymentRule = "remainder"
	// FundPaysProRata: fund pays = the item-basis fund share × (DRG payment ÷
	// total cost) (variant (b)).
	FundPaysProRata FundPaymentRule = "pro_rata"
)

// Version is a validated, immutable parameter set. Its methods never change
// it; Activate and EndOn return a new Version.
type Version struct {
	spec        Spec
	status      Status
	activatedAt time.Time
	activatedBy string
	standards   map[standardKey]decimal.Decimal
	levels      []Level // the levels the version prices, in Levels order
}

type standardKey struct {
	drg   string
	level Level
	fund  Fund
}

// VersionRef identifies the parameter version an Outcome used.
type VersionRef struct {
	ID     string `json:"id,omitempty"`
	Region string `json:"region"`
	Year   int    `json:"year"`
	Number int    `json:"number"`
	Status Status `json:"status"`
	Source string `json:"source,omitempty"`
}

// NewDraft validates s and returns it as a draft Version, or a
// *ValidationError listing every field at fault. Empty outlier and
// fund-payment settings take their defaults, which the Version then records
// explicitly (Spec returns them).
func NewDraft(s Spec) (*Version, error) {
	return build(s, Draft, time.Time{}, "")
}

// Restore rebuilds a stored Version with its status, validating it as
// NewDraft does; an active version must say when and by whom it was
// activated. Only the store should need it.
func Restore(s Spec, status Status, activatedAt time.Time, activatedBy string) (*Version, error) {
	switch status {
	case Draft:
		return build(s, Draft, time.Time{}, "")
	case Active:
		if activatedAt.IsZero() || strings.TrimSpace(activatedBy) == "" {
			return nil, fmt.Errorf("%w: an active version records when and by whom", ErrNoActor)
		}
		return build(s, Active, activatedAt, activatedBy)
	}
	return nil, fmt.Errorf("%w: unknown status %q", ErrInvalidVersion, status)
}

func build(s Spec, st Status, at time.Time, by string) (*Version, error) {
	s = s.clone()
	s.Region = strings.TrimSpace(s.Region)
	s.Outliers = s.Outliers.withDefaults(s.Method)
	if s.FundPayment == "" {
		s.FundPayment = FundPaysRemainder
	}
	v := &Version{spec: s, status: st, activatedAt: at, activatedBy: by}
	if err := v.validate(); err != nil {
		return nil, err
	}
	return v, nil
}

var drgCode = regexp.MustCompile(`^[0-9A-Z]{3,6}$`)

func (v *Version) validate() error {
	s := &v.spec
	ps := &problems{subject: "version"}
	if s.Region == "" {
		ps.add("region", ErrMissingRegion)
	}
	if s.Year < 2000 || s.Year > 2100 {
		ps.add("year", ErrBadYear)
	}
	if s.Number < 1 {
		ps.add("number", ErrBadNumber)
	}
	if s.EffectiveFrom.IsZero() {
		ps.add("effective_from", ErrMissingEffectiveFrom)
	} else if !s.EffectiveTo.IsZero() && s.EffectiveTo.Before(s.EffectiveFrom) {
		ps.addf("effective_to", ErrEffectiveRange, "%s is before %s", s.EffectiveTo, s.EffectiveFrom)
	}
	if !s.Method.Valid() {
		ps.addf("method", ErrUnknownMethod, "%q", s.Method)
	}

	if len(s.Weights) == 0 {
		ps.add("weights", ErrNoWeights)
	}
	for _, code := range slices.Sorted(maps.Keys(s.Weights)) {
		w, f := s.Weights[code], "weights."+code
		switch {
		case !drgCode.MatchString(code):
			ps.addf(f, ErrBadDRGCode, "%q", code)
		case w.IsNegative():
			ps.addf(f, ErrNegativeWeight, "%s", w)
		case w.IsZero():
			ps.add(f, ErrZeroWeight)
		case places(w) > ratioPlaces:
			ps.addf(f, ErrWeightPrecision, "%s", w)
		}
	}

	switch s.Method {
	case RateMethod:
		perFund(ps, "base_rates", s.BaseRates, moneyPlaces)
		if len(s.PointValues) > 0 || !s.PointsPerWeight.IsZero() {
			ps.addf("point_values", ErrUnknownMethod, "point values belong to the point method")
		}
	case PointMethod:
		perFund(ps, "point_values", s.PointValues, ratioPlaces)
		positive(ps, "points_per_weight", s.PointsPerWeight, ratioPlaces)
		if len(s.BaseRates) > 0 {
			ps.addf("base_rates", ErrUnknownMethod, "base rates belong to the rate method")
		}
		if len(s.Standards) > 0 {
			ps.add("standards", ErrStandardsNeedRate)
		}
	}

	for _, l := range slices.Sorted(maps.Keys(s.LevelCoefficients)) {
		f := "level_coefficients." + string(l)
		if !l.Valid() {
			ps.addf(f, ErrUnknownLevel, "%q", l)
			continue
		}
		positive(ps, f, s.LevelCoefficients[l], ratioPlaces)
	}
	for _, h := range slices.Sorted(maps.Keys(s.HospitalCoefficients)) {
		f := "hospital_coefficients." + h
		if strings.TrimSpace(h) == "" {
			ps.add(f, ErrMissingHospital)
			continue
		}
		positive(ps, f, s.HospitalCoefficients[h], ratioPlaces)
	}

	v.standards = make(map[standardKey]decimal.Decimal, len(s.Standards))
	stdLevels := map[Level]bool{}
	for i, st := range s.Standards {
		f := fmt.Sprintf("standards[%d]", i)
		k := standardKey{st.DRG, st.Level, st.Fund}
		switch {
		case st.Level != "" && !st.Level.Valid():
			ps.addf(f+".level", ErrUnknownLevel, "%q", st.Level)
		case st.Fund != "" && !st.Fund.Valid():
			ps.addf(f+".fund", ErrUnknownFund, "%q", st.Fund)
		case !hasKey(s.Weights, st.DRG):
			ps.addf(f+".drg", ErrStandardWithoutDRG, "%q", st.DRG)
		case hasKey(v.standards, k):
			ps.addf(f, ErrDuplicate, "%s %s %s", st.DRG, st.Level, st.Fund)
		default:
			if positive(ps, f+".amount", st.Amount, moneyPlaces) {
				v.standards[k] = st.Amount
				if st.Level != "" {
					stdLevels[st.Level] = true
				}
			}
		}
	}

	for _, l := range Levels {
		if hasKey(s.LevelCoefficients, l) || stdLevels[l] {
			v.levels = append(v.levels, l)
		}
	}
	if len(v.levels) == 0 {
		ps.add("level_coefficients", ErrNoLevels)
	}

	s.Outliers.validate(ps, v.levels)
	s.PatientShare.validate(ps, v.levels)
	switch s.FundPayment {
	case FundPaysRemainder, FundPaysProRata:
	default:
		ps.addf("fund_payment", ErrUnknownRule, "%q", s.FundPayment)
	}
	return ps.err()
}

// perFund checks that m has a positive value for each fund and no other key.
func perFund(ps *problems, field string, m map[Fund]decimal.Decimal, maxPlaces int32) {
	for _, f := range slices.Sorted(maps.Keys(m)) {
		if !f.Valid() {
			ps.addf(field+"."+string(f), ErrUnknownFund, "%q", f)
		}
	}
	for _, f := range Funds {
		d, ok := m[f]
		if !ok {
			ps.add(field+"."+string(f), ErrMissingFund)
			continue
		}
		positive(ps, field+"."+string(f), d, maxPlaces)
	}
}

// positive checks 0 < d with at most maxPlaces decimals; it reports whether
// d passed.
func positive(ps *problems, field string, d decimal.Decimal, maxPlaces int32) bool {
	switch {
	case !d.IsPositive():
		ps.addf(field, ErrNotPositive, "%s", d)
	case places(d) > maxPlaces:
		ps.addf(field, ErrPrecision, "%s has more than %d decimal places", d, maxPlaces)
	default:
		return true
	}
	return false
}

func hasKey[K comparable, V any](m map[K]V, k K) bool {
	_, ok := m[k]
	return ok
}

// clone deep-copies the maps and slices, so neither the caller's Spec nor
// the one Spec() hands out can reach into a Version.
func (s Spec) clone() Spec {
	s.Weights = maps.Clone(s.Weights)
	s.BaseRates = maps.Clone(s.BaseRates)
	s.PointValues = maps.Clone(s.PointValues)
	s.LevelCoefficients = maps.Clone(s.LevelCoefficients)
	s.HospitalCoefficients = maps.Clone(s.HospitalCoefficients)
	s.Standards = slices.Clone(s.Standards)
	s.Outliers.Tiers = slices.Clone(s.Outliers.Tiers)
	if s.Outliers.Band != nil {
		b := *s.Outliers.Band
		s.Outliers.Band = &b
	}
	s.PatientShare = s.PatientShare.clone()
	return s
}

// Spec returns a copy of the version's content, defaults filled in.
func (v *Version) Spec() Spec { return v.spec.clone() }

func (v *Version) ID() string              { return v.spec.ID }
func (v *Version) Region() string          { return v.spec.Region }
func (v *Version) Year() int               { return v.spec.Year }
func (v *Version) Number() int             { return v.spec.Number }
func (v *Version) Method() Method          { return v.spec.Method }
func (v *Version) Status() Status          { return v.status }
func (v *Version) EffectiveFrom() Date     { return v.spec.EffectiveFrom }
func (v *Version) EffectiveTo() Date       { return v.spec.EffectiveTo }
func (v *Version) ActivatedAt() time.Time  { return v.activatedAt }
func (v *Version) ActivatedBy() string     { return v.activatedBy }
func (v *Version) Outliers() OutlierPolicy { return v.Spec().Outliers }

// Levels lists the hospital levels the version can price.
func (v *Version) Levels() []Level { return slices.Clone(v.levels) }

// Weight returns the DRG's relative weight.
func (v *Version) Weight(drg string) (decimal.Decimal, bool) {
	w, ok := v.spec.Weights[drg]
	return w, ok
}

// Covers reports whether d lies within the effective dates.
func (v *Version) Covers(d Date) bool {
	return !d.Before(v.spec.EffectiveFrom) && (v.spec.EffectiveTo.IsZero() || !d.After(v.spec.EffectiveTo))
}

// Ref identifies the version for an Outcome or an audit record.
func (v *Version) Ref() VersionRef {
	return VersionRef{ID: v.spec.ID, Region: v.spec.Region, Year: v.spec.Year, Number: v.spec.Number, Status: v.status, Source: v.spec.Source}
}

// standard finds the most specific published standard for a case.
func (v *Version) standard(drg string, l Level, f Fund) (decimal.Decimal, bool) {
	for _, k := range []standardKey{{drg, l, f}, {drg, l, ""}, {drg, "", f}, {drg, "", ""}} {
		if a, ok := v.standards[k]; ok {
			return a, true
		}
	}
	return zero, false
}
