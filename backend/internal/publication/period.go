package publication

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"teyi/backend/internal/platform/calendar"
)

// Period is a half-year: H1 is January to June, H2 July to December.
type Period struct {
	Year int
	Half int // 1 or 2
}

var periodPattern = regexp.MustCompile(`^([0-9]{4})H([12])$`)

// PeriodPattern is the API's pattern for a period (2026H1).
const PeriodPattern = `^[0-9]{4}H[12]$`

// MinYear and MaxYear bound the periods a report is built for.
const (
	MinYear = 2019
	MaxYear = 2100
)

// ErrPeriod is a period that is not a half-year like 2026H1.
var ErrPeriod = fmt.Errorf("a period is a half-year like 2026H1 (H1 = January–June, H2 = July–December), %d–%d", MinYear, MaxYear)

// ParsePeriod reads 2026H1 or 2026H2.
func ParsePeriod(s string) (Period, error) {
	m := periodPattern.FindStringSubmatch(s)
	if m == nil {
		return Period{}, ErrPeriod
	}
	y, _ := strconv.Atoi(m[1])
	h, _ := strconv.Atoi(m[2])
	if y < MinYear || y > MaxYear {
		return Period{}, ErrPeriod
	}
	return Period{Year: y, Half: h}, nil
}

// PeriodOf is the half-year holding day.
func PeriodOf(day calendar.Date) Period {
	if day.Month <= time.June {
		return Period{Year: day.Year, Half: 1}
	}
	return Period{Year: day.Year, Half: 2}
}

func (p Period) String() string { return fmt.Sprintf("%dH%d", p.Year, p.Half) }

// Label is the Chinese name of the period (2026年上半年).
func (p Period) Label() string {
	if p.Half == 1 {
		return fmt.Sprintf("%d年上半年", p.Year)
	}
	return fmt.Sprintf("%d年下半年", p.Year)
}

// First is the period's first day.
func (p Period) First() calendar.Date {
	return calendar.Date{Year: p.Year, Month: time.Month(6*(p.Half-1) + 1), Day: 1}
}

// End is the first day after the period.
func (p Period) End() calendar.Date {
	if p.Half == 1 {
		return calendar.Date{Year: p.Year, Month: time.July, Day: 1}
	}
	return calendar.Date{Year: p.Year + 1, Month: time.January, Day: 1}
}

// Last is the period's last day.
func (p Period) Last() calendar.Date { return p.End().AddDays(-1) }

// Months are the first days of the period's six months.
func (p Period) Months() [6]calendar.Date {
	var out [6]calendar.Date
	f := p.First()
	for i := range out {
		out[i] = calendar.Date{Year: f.Year, Month: f.Month + time.Month(i), Day: 1}
	}
	return out
}

// Beijing is the zone the periods' days are counted in.
var Beijing = time.FixedZone("CST", 8*3600)

// At is the start of day d in Beijing.
func At(d calendar.Date) time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, Beijing) }
