package pricing

import (
	"fmt"
	"strings"
	"time"
)

// Activation is a state change the store persists and audits; these are its
// rules as pure functions. The caller passes the clock's time and the
// region's versions as they stand, inside the transaction that will write
// the result.

// Activate returns v as the active version, activated at now by the given
// administrator. It refuses when v is not a draft, when its effective-from
// date is before today (China time) — a price must not change for cases
// already discharged — and when its effective dates overlap those of another
// active version of the same region in others (v itself, by id, is skipped).
// Close the predecessor first with EndOn.
func Activate(v *Version, others []*Version, now time.Time, by string) (*Version, error) {
	if v == nil {
		return nil, ErrNoVersion
	}
	if v.status != Draft {
		return nil, fmt.Errorf("%w: version %s is %s", ErrNotDraft, v.label(), v.status)
	}
	if strings.TrimSpace(by) == "" {
		return nil, ErrNoActor
	}
	today := DateOf(now)
	if v.spec.EffectiveFrom.Before(today) {
		return nil, fmt.Errorf("%w: %s is before today, %s", ErrEffectiveInPast, v.spec.EffectiveFrom, today)
	}
	for _, o := range others {
		if o == nil || o == v || o.status != Active || o.spec.Region != v.spec.Region {
			continue
		}
		if v.spec.ID != "" && o.spec.ID == v.spec.ID {
			continue
		}
		if overlaps(v, o) {
			return nil, fmt.Errorf("%w: version %s is in force %s", ErrOverlap, o.label(), o.span())
		}
	}
	a := *v
	a.spec = v.spec.clone()
	a.status, a.activatedAt, a.activatedBy = Active, now.UTC(), strings.TrimSpace(by)
	return &a, nil
}

// EndOn returns the active version v with its last day in force set to
// last, so that a successor can start the day after. The end may not lie
// before today (cases already discharged keep their price), before v's
// effective-from date, or after its current end.
func EndOn(v *Version, last Date, now time.Time) (*Version, error) {
	if v == nil {
		return nil, ErrNoVersion
	}
	if v.status != Active {
		return nil, fmt.Errorf("%w: %s", ErrNotActive, v.label())
	}
	today := DateOf(now)
	switch {
	case last.IsZero(), last.Before(v.spec.EffectiveFrom), last.Before(today),
		!v.spec.EffectiveTo.IsZero() && last.After(v.spec.EffectiveTo):
		return nil, fmt.Errorf("%w: %s for %s in force %s, today %s", ErrEndOutOfRange, last, v.label(), v.span(), today)
	}
	e := *v
	e.spec = v.spec.clone()
	e.spec.EffectiveTo = last
	return &e, nil
}

// Effective returns the active version of region in force on day d.
func Effective(versions []*Version, region string, d Date) (*Version, error) {
	for _, v := range versions {
		if v != nil && v.status == Active && v.spec.Region == region && v.Covers(d) {
			return v, nil
		}
	}
	return nil, fmt.Errorf("%w: region %s on %s", ErrNoVersionForDate, region, d)
}

func overlaps(a, b *Version) bool {
	// [a.from, a.to] and [b.from, b.to] meet unless one ends before the other starts.
	aEnds := !a.spec.EffectiveTo.IsZero()
	bEnds := !b.spec.EffectiveTo.IsZero()
	if aEnds && a.spec.EffectiveTo.Before(b.spec.EffectiveFrom) {
		return false
	}
	if bEnds && b.spec.EffectiveTo.Before(a.spec.EffectiveFrom) {
		return false
	}
	return true
}

func (v *Version) label() string {
	l := fmt.Sprintf("%s/%d v%d", v.spec.Region, v.spec.Year, v.spec.Number)
	if v.spec.ID != "" {
		l += " (" + v.spec.ID + ")"
	}
	return l
}

func (v *Version) span() string {
	to := v.spec.EffectiveTo.String()
	if to == "" {
		to = "open-ended"
	}
	return v.spec.EffectiveFrom.String() + " to " + to
}
