package pricing

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// OutlierPolicy says when a case is an outlier and how it is then paid
// (domain.md §2.2–2.3). The zero value means the defaults for the version's
// method; see DefaultOutlierPolicy.
type OutlierPolicy struct {
	// Tiers give the high and low multipliers by weight band and hospital
	// level. Empty means DefaultTiers.
	Tiers []OutlierTier `json:"tiers"`
	// High is how a high outlier is paid. Empty means the method's default.
	High HighRule `json:"high"`
	// ExcessShare is the share of the cost above the high threshold that
	// HighStandardPlusExcess adds to the standard, in (0, 1].
	ExcessShare decimal.Decimal `json:"excess_share"`
	// Low is how a low outlier is paid. Empty means LowByItem.
	Low LowRule `json:"low"`
	// Band, when set, pays normal cases just above the low threshold by their
	// cost ratio (the Zhejiang (0.4, 0.8] band). Off by default.
	Band *LowBand `json:"band,omitempty"`
	// RatioBase is the amount the cost ratio divides by. Empty means the
	// method's default: the hospital's standard for the rate method (§2.4),
	// the group standard before the hospital coefficient for the point
	// method (the "group average" of §2.3 and §3.4–3.5).
	RatioBase RatioBase `json:"ratio_base"`
	// RatioPlaces, when positive, rounds the cost ratio to that many places
	// before a ratio formula uses it (some regions publish two-place ratios;
	// domain.md §2.4 row D does). Zero keeps the ratio exact. Classification
	// never uses the rounded ratio: it compares money with money.
	RatioPlaces int32 `json:"ratio_places,omitempty"`
}

// OutlierTier is one band of thresholds. A case of weight w at a hospital of
// level L uses the first tier of level L — or, if L has no tiers of its own,
// of the wildcard level "" — whose UpToWeight is at least w; zero UpToWeight
// means no upper bound and must close each level's list.
//
// A case is a high outlier when its cost is strictly above High × the ratio
// base and a low outlier when its cost is at or below Low × the ratio base:
// "> 3×" and "≤ 0.4×" as domain.md §2.2 words them.
type OutlierTier struct {
	Level      Level           `json:"level,omitempty"`
	UpToWeight decimal.Decimal `json:"up_to_weight"`
	High       decimal.Decimal `json:"high"`
	Low        decimal.Decimal `json:"low"`
}

// LowBand pays a normal case whose cost ratio r lies above the low threshold
// and at or below Upper at (r + Add) × the ratio base (domain.md §2.2–2.3,
// Zhejiang: Upper 0.8, Add 0.2).
type LowBand struct {
	Upper decimal.Decimal `json:"upper"`
	Add   decimal.Decimal `json:"add"`
}

// HighRule is how a high outlier is paid. With S the hospital's standard,
// R the ratio base, T the high multiplier and x the case cost (carve-outs
// excluded):
type HighRule string

const (
	// HighByItem pays the cost by item: x. The rate method's default
	// (domain.md §2.3, §2.4 case B "by item = 40,000").
	HighByItem HighRule = "by_item"
	// HighStandardPlusExcess pays S + share × (x − T×R): §2.3's "standard
	// plus a share of the excess" for the rate method (case B: 14,800) and,
	// with share 1 and the group standard as R, the Zhejiang point formula
	// benchmark × coefficient + (x/avg − T) × benchmark. The point method's
	// default.
	HighStandardPlusExcess HighRule = "standard_plus_excess"
	// HighRatioAdjusted pays ((x/R − T) + 1) × R, the DIP technical
	// specification's ultra-high coefficient (§3.4, §3.5: 18,000).
	HighRatioAdjusted HighRule = "ratio_adjusted"
)

// LowRule is how a low outlier is paid.
type LowRule string

const (
	// LowByItem pays the cost by item, capped at the standard: min(x, S)
	// (§2.3; §2.4 case C). With the group standard as ratio base this is also
	// the point method's benchmark × (cost ÷ group average), converted to
	// money (§2.3, §3.5: 5,000).
	LowByItem LowRule = "by_item_capped"
)

// RatioBase names the denominator of the cost ratio.
type RatioBase string

const (
	HospitalStandard RatioBase = "hospital_standard" // after the hospital coefficient
	GroupStandard    RatioBase = "group_standard"    // weight × rate (or points × point value), before it
)

// DefaultTiers are the national reference thresholds (domain.md §2.2, CHS-DRG
// specification [S11]): high above 3× for tertiary and above 2× for
// secondary hospitals, low at or below 0.4× ([S12]). Primary hospitals, which
// the specification does not mention, share the secondary threshold.
func DefaultTiers() []OutlierTier {
	return []OutlierTier{
		{Level: Tertiary, High: decimal.NewFromInt(3), Low: decimal.RequireFromString("0.4")},
		{Level: "", High: decimal.NewFromInt(2), Low: decimal.RequireFromString("0.4")},
	}
}

// DefaultOutlierPolicy is the policy a Version gets when its Spec leaves the
// outlier policy empty.
func DefaultOutlierPolicy(m Method) OutlierPolicy {
	return OutlierPolicy{}.withDefaults(m)
}

func (p OutlierPolicy) withDefaults(m Method) OutlierPolicy {
	if len(p.Tiers) == 0 {
		p.Tiers = DefaultTiers()
	} else {
		p.Tiers = append([]OutlierTier(nil), p.Tiers...)
	}
	if p.High == "" {
		if m == PointMethod {
			p.High = HighStandardPlusExcess
		} else {
			p.High = HighByItem
		}
		if p.High == HighStandardPlusExcess && p.ExcessShare.IsZero() {
			p.ExcessShare = one
		}
	}
	if p.Low == "" {
		p.Low = LowByItem
	}
	if p.RatioBase == "" {
		if m == PointMethod {
			p.RatioBase = GroupStandard
		} else {
			p.RatioBase = HospitalStandard
		}
	}
	if p.Band != nil {
		b := *p.Band
		p.Band = &b
	}
	return p
}

// tier finds the thresholds for a level and weight. Validation guarantees
// that every priced level is covered.
func (p *OutlierPolicy) tier(l Level, w decimal.Decimal) (OutlierTier, bool) {
	own := false
	for _, t := range p.Tiers {
		if t.Level == l {
			own = true
			break
		}
	}
	want := Level("")
	if own {
		want = l
	}
	for _, t := range p.Tiers {
		if t.Level != want {
			continue
		}
		if t.UpToWeight.IsZero() || w.LessThanOrEqual(t.UpToWeight) {
			return t, true
		}
	}
	return OutlierTier{}, false
}

func (p *OutlierPolicy) validate(ps *problems, levels []Level) {
	const f = "outliers"
	last := map[Level]int{} // index of the previous tier of each level
	open := map[Level]bool{}
	for i, t := range p.Tiers {
		fld := fmt.Sprintf("%s.tiers[%d]", f, i)
		if t.Level != "" && !t.Level.Valid() {
			ps.addf(fld+".level", ErrUnknownLevel, "%q", t.Level)
		}
		checkMultiplier(ps, fld+".high", t.High)
		checkMultiplier(ps, fld+".low", t.Low)
		if !t.High.GreaterThan(one) {
			ps.addf(fld+".high", ErrThresholdOrder, "high multiplier %s must exceed 1", t.High)
		}
		if t.Low.GreaterThanOrEqual(one) {
			ps.addf(fld+".low", ErrThresholdOrder, "low multiplier %s must be below 1", t.Low)
		}
		if t.UpToWeight.IsNegative() {
			ps.add(fld+".up_to_weight", ErrNegative)
		} else if places(t.UpToWeight) > ratioPlaces {
			ps.add(fld+".up_to_weight", ErrWeightPrecision)
		}
		if open[t.Level] {
			ps.addf(fld+".up_to_weight", ErrThresholdOrder, "a tier follows the open-ended tier of level %q", t.Level)
		} else if j, ok := last[t.Level]; ok && !t.UpToWeight.IsZero() && t.UpToWeight.LessThanOrEqual(p.Tiers[j].UpToWeight) {
			ps.addf(fld+".up_to_weight", ErrThresholdOrder, "weight bands must ascend: %s after %s", t.UpToWeight, p.Tiers[j].UpToWeight)
		}
		if t.UpToWeight.IsZero() {
			open[t.Level] = true
		}
		last[t.Level] = i
	}
	for l := range last {
		if !open[l] {
			ps.addf(f+".tiers", ErrLevelNotCovered, "weights above the last band of level %q have no tier; close it with up_to_weight 0", l)
		}
	}
	for _, l := range levels {
		if _, own := last[l]; !own {
			if _, wild := last[""]; !wild {
				ps.addf(f+".tiers", ErrLevelNotCovered, "no tier for level %s and no tier for every level", l)
			}
		}
	}
	switch p.High {
	case HighByItem, HighRatioAdjusted:
	case HighStandardPlusExcess:
		if !p.ExcessShare.IsPositive() || p.ExcessShare.GreaterThan(one) {
			ps.addf(f+".excess_share", ErrRatioRange, "share of the excess must be in (0, 1], got %s", p.ExcessShare)
		} else if places(p.ExcessShare) > ratioPlaces {
			ps.add(f+".excess_share", ErrPrecision)
		}
	default:
		ps.addf(f+".high", ErrUnknownRule, "%q", p.High)
	}
	if p.Low != LowByItem {
		ps.addf(f+".low", ErrUnknownRule, "%q", p.Low)
	}
	switch p.RatioBase {
	case HospitalStandard, GroupStandard:
	default:
		ps.addf(f+".ratio_base", ErrUnknownRule, "%q", p.RatioBase)
	}
	if p.RatioPlaces < 0 || p.RatioPlaces > 8 {
		ps.addf(f+".ratio_places", ErrPrecision, "ratio places must be between 0 and 8")
	}
	if b := p.Band; b != nil {
		checkMultiplier(ps, f+".band.upper", b.Upper)
		checkMultiplier(ps, f+".band.add", b.Add)
		if b.Upper.GreaterThan(one) {
			ps.addf(f+".band.upper", ErrThresholdOrder, "band upper bound %s must not exceed 1", b.Upper)
		}
		for i, t := range p.Tiers {
			if b.Upper.LessThanOrEqual(t.Low) {
				ps.addf(f+".band.upper", ErrThresholdOrder, "band upper bound %s must exceed the low multiplier %s of tier %d", b.Upper, t.Low, i)
			}
		}
	}
}

func checkMultiplier(ps *problems, field string, d decimal.Decimal) {
	if d.IsNegative() {
		ps.add(field, ErrNegative)
	} else if places(d) > ratioPlaces {
		ps.add(field, ErrPrecision)
	}
}
