package pricing

import (
	"encoding/json"
	"fmt"
	"time"
)

// China keeps one time zone without daylight saving, so a fixed offset is
// exact and needs no tz database. "Today" for a bureau is today in Beijing:
// at 00:30 Beijing time the UTC date is still yesterday.
var chinaTime = time.FixedZone("CST", 8*60*60)

// Date is a civil date (no time, no zone): effective dates and discharge
// dates. The zero Date means "not set"; as an effective-to date it means
// "open-ended". JSON form: "2006-01-02".
type Date struct {
	y int
	m time.Month
	d int
}

// NewDate returns the date, normalising out-of-range values like time.Date.
func NewDate(year int, month time.Month, day int) Date {
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	return Date{t.Year(), t.Month(), t.Day()}
}

// DateOf is the calendar date in China of the instant t.
func DateOf(t time.Time) Date {
	y, m, d := t.In(chinaTime).Date()
	return Date{y, m, d}
}

// ParseDate reads "2006-01-02"; the empty string is the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("pricing: date %q: want YYYY-MM-DD", s)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// MustDate is ParseDate for literals in code and tests; it panics on error.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d == Date{} }

// Compare returns -1, 0 or +1.
func (d Date) Compare(o Date) int {
	a, b := d.key(), o.key()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is strictly before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is strictly after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// AddDays returns d shifted by n days.
func (d Date) AddDays(n int) Date { return NewDate(d.y, d.m, d.d+n) }

func (d Date) key() int { return d.y*10000 + int(d.m)*100 + d.d }

// String is "2006-01-02", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d)
}

// MarshalJSON writes the date as a string; the zero Date as "".
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads "2006-01-02", "" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Year is the date's year.
func (d Date) Year() int { return d.y }
