package casefile

import (
	"strings"

	"teyi/backend/internal/pricing"
)

// New drugs, consumables and service items registered for 除外支付
// (domain.md §1.2): while the bureau's approval is in force, a case that
// uses one is flagged by screening (ReasonRegisteredItem) and the item's
// amount leaves the DRG bundle and is paid by item (pricing's carve-out).
// The registry (package registry) keeps the filings; casefile only asks
// which codes are in force.

// RegisteredItem is one approved item: its national code (医保编码) and the
// days its approval is in force, both inclusive.
type RegisteredItem struct {
	Code     string
	From, To pricing.Date
}

type dateSpan struct{ from, to pricing.Date }

// Registered answers whether a fee code is registered on a day. The zero
// value and nil register nothing.
type Registered struct {
	byCode map[string][]dateSpan
}

// NewRegistered indexes items by code (codes compare upper-cased).
func NewRegistered(items []RegisteredItem) *Registered {
	r := &Registered{byCode: make(map[string][]dateSpan, len(items))}
	for _, it := range items {
		code := strings.ToUpper(strings.TrimSpace(it.Code))
		if code == "" {
			continue
		}
		r.byCode[code] = append(r.byCode[code], dateSpan{it.From, it.To})
	}
	return r
}

// Len is the number of registered codes.
func (r *Registered) Len() int {
	if r == nil {
		return 0
	}
	return len(r.byCode)
}

// On reports whether code is registered on day.
func (r *Registered) On(code string, day pricing.Date) bool {
	if r == nil || len(r.byCode) == 0 || code == "" {
		return false
	}
	spans, ok := r.byCode[code]
	if !ok {
		spans, ok = r.byCode[strings.ToUpper(strings.TrimSpace(code))]
	}
	if !ok {
		return false
	}
	for _, s := range spans {
		if !day.Before(s.from) && (s.to.IsZero() || !day.After(s.to)) {
			return true
		}
	}
	return false
}

// RegistryLookup returns the items registered for the cases of a hospital
// of a region: the approvals of the region that cover every hospital, and
// those limited to this one. It is called once per import, not per case.
type RegistryLookup func(region, hospitalID string) (*Registered, error)

// registeredCodes marks the fee lines of c whose code is registered on
// the discharge day; it returns the marks (nil when none) and the codes,
// each once, in the order they first appear.
func registeredCodes(r *Registered, c *Case, marks []bool) ([]bool, []string) {
	if r.Len() == 0 || len(c.Items) == 0 {
		return nil, nil
	}
	day := pricing.DateOf(c.DischargedAt.In(beijing))
	var codes []string
	marks = marks[:0]
	found := false
	for i := range c.Items {
		on := r.On(c.Items[i].Code, day)
		marks = append(marks, on)
		if on {
			found = true
			code := strings.ToUpper(strings.TrimSpace(c.Items[i].Code))
			if !containsString(codes, code) {
				codes = append(codes, code)
			}
		}
	}
	if !found {
		return nil, nil
	}
	return marks, codes
}

// marksFor marks the lines whose code is in codes (the codes an intake
// recorded as registered).
func marksFor(c *Case, codes []string) []bool {
	if len(codes) == 0 {
		return nil
	}
	marks := make([]bool, len(c.Items))
	for i := range c.Items {
		marks[i] = containsString(codes, strings.ToUpper(strings.TrimSpace(c.Items[i].Code)))
	}
	return marks
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
