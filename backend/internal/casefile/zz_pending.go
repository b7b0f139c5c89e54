package casefile

// TEMPORARY scaffold until branch quality lands (replaced by quality.go and
// screen.go). Do not ship.

import "time"

type Severity string
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Field    string   `json:"field,omitempty"`
	Message  string   `json:"message"`
}
type Dictionaries struct{}

func DefaultDictionaries() *Dictionaries { return &Dictionaries{} }

type QualityContext struct {
	RegionCode    string
	PrevDischarge time.Time
}

func (d *Dictionaries) Check(c *Case, qc QualityContext) []Finding { return nil }

type Reason string
type ScreenRules struct{ LongStayDays int }

func DefaultScreenRules() ScreenRules { return ScreenRules{LongStayDays: 60} }

type ScreenInput struct {
	Case        *Case
	GroupStatus string
	Ambiguous   bool
	PriceClass  string
}

func (r ScreenRules) Screen(in ScreenInput) []Reason {
	if in.PriceClass == "high" {
		return []Reason{"high_cost"}
	}
	return nil
}
func ReasonMask(rs []Reason) int32 {
	if len(rs) > 0 {
		return 1
	}
	return 0
}
func ReasonsOf(mask int32) []Reason {
	if mask&1 != 0 {
		return []Reason{"high_cost"}
	}
	return nil
}
