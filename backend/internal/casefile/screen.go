package casefile

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"teyi/backend/internal/grouper"
	"teyi/backend/internal/pricing"
)

// Special-case screening (智能评审): flags a case as a candidate for
// special-case review (特例单议, domain.md §1.2) with the reasons why. The
// screen only proposes; a hospital applies and experts decide.

// Reason is why a case was flagged.
type Reason string

// The reasons, in their canonical order. The order is the bit order of
// ReasonMask and must never change: append new reasons at the end.
const (
	ReasonHighCost        Reason = "high_cost"        // 医疗费用高: pricing class high
	ReasonLongStay        Reason = "long_stay"        // 住院时间长
	ReasonNewItems        Reason = "new_items"        // 新药耗新技术
	ReasonICU             Reason = "icu"              // 重症监护时间长 (复杂危重症)
	ReasonVentilation     Reason = "ventilation"      // 有创呼吸机时间长 (复杂危重症)
	ReasonUngroupable     Reason = "ungroupable"      // 无法入组 (0000) or not groupable at all
	ReasonAmbiguousGroup  Reason = "ambiguous_group"  // 歧义组 (xQY)
	ReasonMultiDepartment Reason = "multi_department" // 多学科联合诊疗
	ReasonRegisteredItem  Reason = "registered_item"  // 已备案新药耗: uses an item registered for 除外支付
)

var allReasons = [...]Reason{
	ReasonHighCost, ReasonLongStay, ReasonNewItems, ReasonICU, ReasonVentilation,
	ReasonUngroupable, ReasonAmbiguousGroup, ReasonMultiDepartment, ReasonRegisteredItem,
}

var reasonTitles = map[Reason][2]string{
	ReasonHighCost:        {"医疗费用高", "High cost"},
	ReasonLongStay:        {"住院时间长", "Long stay"},
	ReasonNewItems:        {"使用新药耗新技术", "New drugs, devices or techniques"},
	ReasonICU:             {"重症监护时间长", "Long ICU stay"},
	ReasonVentilation:     {"有创呼吸机使用时间长", "Long invasive ventilation"},
	ReasonUngroupable:     {"无法入组", "Ungroupable"},
	ReasonAmbiguousGroup:  {"歧义组", "Ambiguous group (QY)"},
	ReasonMultiDepartment: {"多学科联合诊疗", "Multi-department treatment"},
	ReasonRegisteredItem:  {"已备案新药耗", "Registered new item (paid by item)"},
}

// AllReasons returns every reason in canonical (bit) order.
func AllReasons() []Reason { return append([]Reason(nil), allReasons[:]...) }

// Title is the reason's title: English for lang "en" (or "en-…"), Chinese
// otherwise. An unknown reason's title is its code.
func (r Reason) Title(lang string) string {
	t, ok := reasonTitles[r]
	if !ok {
		return string(r)
	}
	if lang == "en" || strings.HasPrefix(lang, "en-") || strings.HasPrefix(lang, "en_") {
		return t[1]
	}
	return t[0]
}

// Valid reports whether r is one of AllReasons.
func (r Reason) Valid() bool { return r.bit() >= 0 }

func (r Reason) bit() int {
	for i, a := range allReasons {
		if a == r {
			return i
		}
	}
	return -1
}

// ReasonMask packs reasons into bits for storage: bit i is AllReasons()[i].
// Unknown reasons are ignored.
func ReasonMask(rs []Reason) int32 {
	var m int32
	for _, r := range rs {
		if b := r.bit(); b >= 0 {
			m |= 1 << b
		}
	}
	return m
}

// ReasonsOf unpacks a mask in canonical order; unknown bits are ignored.
func ReasonsOf(mask int32) []Reason {
	var out []Reason
	for i, r := range allReasons {
		if mask&(1<<i) != 0 {
			out = append(out, r)
		}
	}
	return out
}

// ScreenRules are a region's screening thresholds. A threshold of 0 turns
// its rule off; a false switch does the same.
type ScreenRules struct {
	// LongStayDays flags a stay longer than this many days (act_ipt_days >
	// LongStayDays), as in "住院超过60天". Default 60.
	LongStayDays int `json:"long_stay_days"`
	// ICUHours flags at least this many hours in intensive care, summed
	// over the stays. Default 72: three days of ICU marks a complex or
	// critical case (复杂危重症) in most local rules.
	ICUHours int `json:"icu_hours"`
	// VentilationHours flags at least this many hours of invasive
	// ventilation. Default 96, CHS-DRG's AH1 threshold (≥96 小时).
	VentilationHours int `json:"ventilation_hours"`
	// MinDepartments flags treatment in at least this many distinct
	// departments (admission, transfers, discharge) as 多学科联合诊疗.
	// Default 3; 1 would flag every case and is rejected.
	MinDepartments int `json:"min_departments"`
	// NewItems flags any fee line marked as a new drug, device or
	// technique. Default on.
	NewItems bool `json:"new_items"`
	// HighCost flags a case priced in the high class (高倍率). Default on.
	HighCost bool `json:"high_cost"`
	// Ungroupable flags a case the grouper could not group: 0000 无法入组,
	// failed validation, or codes it cannot translate. Default on.
	Ungroupable bool `json:"ungroupable"`
	// AmbiguousGroup flags a case in a 歧义组 (xQY). When off, such a case
	// counts as ungroupable instead (if Ungroupable is on). Default on.
	AmbiguousGroup bool `json:"ambiguous_group"`
}

// DefaultScreenRules are the national-practice defaults.
func DefaultScreenRules() ScreenRules {
	return ScreenRules{LongStayDays: 60, ICUHours: 72, VentilationHours: 96, MinDepartments: 3,
		NewItems: true, HighCost: true, Ungroupable: true, AmbiguousGroup: true}
}

// UnmarshalJSON starts from the defaults, so a region's configuration
// names only what it changes.
func (r *ScreenRules) UnmarshalJSON(b []byte) error {
	type plain ScreenRules
	v := plain(DefaultScreenRules())
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*r = ScreenRules(v)
	return nil
}

// Upper bounds beyond which a threshold can never be reached.
const (
	maxLongStayDays = 3650   // Parse's LOS bound
	maxHours        = 87_600 // ten years
)

// Validate explains every threshold that is negative or absurd.
func (r ScreenRules) Validate() error {
	var errs []error
	bad := func(field string, v int, why string) {
		errs = append(errs, fmt.Errorf("screen rules: %s = %d: %s", field, v, why))
	}
	check := func(field string, v, hi int) {
		switch {
		case v < 0:
			bad(field, v, "must not be negative (0 turns the rule off)")
		case v > hi:
			bad(field, v, fmt.Sprintf("must be at most %d, or no case can reach it", hi))
		}
	}
	check("long_stay_days", r.LongStayDays, maxLongStayDays)
	check("icu_hours", r.ICUHours, maxHours)
	check("ventilation_hours", r.VentilationHours, maxHours)
	check("min_departments", r.MinDepartments, MaxDepts+2)
	if r.MinDepartments == 1 {
		bad("min_departments", 1, "would flag every case; use 2 or more, or 0 to turn it off")
	}
	return errors.Join(errs...)
}

// ScreenInput is one case with what the grouper and pricing said of it.
type ScreenInput struct {
	Case *Case
	// GroupStatus is the grouper's status; StatusNone when the case has
	// not been grouped (no grouping reason is given then).
	GroupStatus grouper.Status
	// Ambiguous is set when the grouper put the case in a 歧义组 (xQY).
	// Teyi's grouper reports that as StatusUngroupable with ReasonQY and
	// a DRG code ending in "QY"; it never offers several candidate
	// groups, so "ambiguous" means exactly QY. Use NewScreenInput to
	// derive it from a grouper.Result; an external grouper that reports
	// QY sets it directly.
	Ambiguous bool
	// PriceClass is pricing's outlier class; "" when the case was not
	// priced (no high-cost reason is given then).
	PriceClass pricing.Class
	// Registered is set when a fee line uses an item registered for 除外支付
	// and in force on the discharge day (the bureau's approval, so no rule
	// switch turns it off).
	Registered bool
}

// NewScreenInput builds the input from the grouper's result and the
// pricing outcome; either may be nil.
func NewScreenInput(c *Case, g *grouper.Result, p *pricing.Outcome) ScreenInput {
	in := ScreenInput{Case: c}
	if g != nil {
		in.GroupStatus = g.Status
		in.Ambiguous = IsAmbiguousGroup(g)
	}
	if p != nil {
		in.PriceClass = p.Class
	}
	return in
}

// IsAmbiguousGroup reports whether the grouper put the case in a 歧义组.
func IsAmbiguousGroup(g *grouper.Result) bool {
	return g != nil && g.Status == grouper.StatusUngroupable &&
		(g.Reason == grouper.ReasonQY || strings.HasSuffix(g.DRG, "QY"))
}

// Screen returns the reasons the case is a special-case candidate, in
// canonical order (that of AllReasons), without duplicates; nil when there
// are none. It does not validate r: call Validate when the rules are
// configured.
func (r ScreenRules) Screen(in ScreenInput) []Reason {
	var m int32
	set := func(x Reason) { m |= 1 << x.bit() }
	if r.HighCost && in.PriceClass == pricing.High {
		set(ReasonHighCost)
	}
	if c := in.Case; c != nil {
		if r.LongStayDays > 0 && c.LOS > r.LongStayDays {
			set(ReasonLongStay)
		}
		if r.NewItems {
			for i := range c.Items {
				if c.Items[i].NewItem {
					set(ReasonNewItems)
					break
				}
			}
		}
		if r.ICUHours > 0 && c.ICUHours() >= r.ICUHours {
			set(ReasonICU)
		}
		if r.VentilationHours > 0 && c.VentilationHours >= r.VentilationHours {
			set(ReasonVentilation)
		}
		if r.MinDepartments > 0 && c.Departments() >= r.MinDepartments {
			set(ReasonMultiDepartment)
		}
	}
	if in.Registered {
		set(ReasonRegisteredItem)
	}
	ambiguous := in.Ambiguous
	failed := in.GroupStatus != grouper.StatusNone && in.GroupStatus != grouper.StatusGrouped
	switch {
	case ambiguous && r.AmbiguousGroup:
		set(ReasonAmbiguousGroup)
	case (failed || ambiguous) && r.Ungroupable:
		set(ReasonUngroupable)
	}
	if m == 0 {
		return nil
	}
	return ReasonsOf(m)
}
