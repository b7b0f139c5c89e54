package pricing

import (
	"fmt"
	"strings"
)

// Level is a hospital's grade (医院等级), which selects its coefficient, its
// outlier thresholds and the patient's deductible and fund ratio.
type Level string

const (
	Tertiary  Level = "tertiary"  // 三级
	Secondary Level = "secondary" // 二级
	Primary   Level = "primary"   // 一级 (and below)
)

// Levels lists the grades in descending order.
var Levels = []Level{Tertiary, Secondary, Primary}

// Valid reports whether l is one of Levels.
func (l Level) Valid() bool { return l == Tertiary || l == Secondary || l == Primary }

// ParseLevel accepts the English names and the Chinese grades 三级, 二级, 一级.
func ParseLevel(s string) (Level, error) {
	switch strings.TrimSpace(s) {
	case "tertiary", "三级", "3":
		return Tertiary, nil
	case "secondary", "二级", "2":
		return Secondary, nil
	case "primary", "一级", "1":
		return Primary, nil
	}
	return "", fmt.Errorf("%w: %q", ErrUnknownLevel, s)
}

// Fund is the insurance scheme that pays: the employee fund (职工医保) or the
// urban-rural resident fund (城乡居民医保). Each has its own budget, so its own
// base rate or point value and its own fund ratio.
type Fund string

const (
	Employee Fund = "employee" // 职工
	Resident Fund = "resident" // 居民
)

// Funds lists both funds.
var Funds = []Fund{Employee, Resident}

// Valid reports whether f is one of Funds.
func (f Fund) Valid() bool { return f == Employee || f == Resident }

// ParseFund accepts the English names and 职工 / 居民.
func ParseFund(s string) (Fund, error) {
	switch strings.TrimSpace(s) {
	case "employee", "职工":
		return Employee, nil
	case "resident", "居民":
		return Resident, nil
	}
	return "", fmt.Errorf("%w: %q", ErrUnknownFund, s)
}

// Method is how a region turns weights into money (domain.md §2.1).
type Method string

const (
	// RateMethod (费率法): standard = weight × base rate × coefficient, in yuan.
	RateMethod Method = "rate"
	// PointMethod (点数法): points = weight × points per weight × coefficient,
	// money = points × point value. The point value is the budget (预算)
	// value; year-end clearance fixes the final one, outside this package.
	PointMethod Method = "point"
)

// Valid reports whether m is a known method.
func (m Method) Valid() bool { return m == RateMethod || m == PointMethod }

// Status is where a Version is in its life: drafted, then activated.
type Status string

const (
	Draft  Status = "draft"
	Active Status = "active"
)

// Class is a case's outlier class (domain.md §2.2).
type Class string

const (
	Normal Class = "normal"
	High   Class = "high" // 高倍率 / 费用极高
	Low    Class = "low"  // 低倍率 / 费用极低
)

// FeeClass is a fee line's catalogue grade, 收费项目等级 chrgitm_lv
// (domain.md §2.5).
type FeeClass string

const (
	ClassA FeeClass = "A" // 甲类: wholly within policy scope
	ClassB FeeClass = "B" // 乙类: within scope after the 先行自付 share
	ClassC FeeClass = "C" // 丙类 / outside the catalogue / 全自费: all self-paid
)

// Valid reports whether c is A, B or C.
func (c FeeClass) Valid() bool { return c == ClassA || c == ClassB || c == ClassC }

// ParseFeeClass accepts A/B/C, 甲/乙/丙 (with or without 类) and the national
// codes 01/02/03.
func ParseFeeClass(s string) (FeeClass, error) {
	switch strings.TrimSuffix(strings.TrimSpace(s), "类") {
	case "A", "a", "甲", "01", "1":
		return ClassA, nil
	case "B", "b", "乙", "02", "2":
		return ClassB, nil
	case "C", "c", "丙", "03", "3", "自费", "全自费":
		return ClassC, nil
	}
	return "", fmt.Errorf("%w: %q", ErrUnknownFeeClass, s)
}
