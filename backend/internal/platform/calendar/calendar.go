// Package calendar counts working days (工作日) the way Chinese public
// bodies do: Monday to Friday, minus the public holidays, plus the weekend
// days made working days (调休上班) by the State Council's yearly notice.
// Deadlines for applications, information requests and reviews are counted
// in these days. The package is pure; the shipped years are embedded, and
// an administrator's additions are read with Load.
package calendar

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"
)

// Kind is what a listed day is.
type Kind string

// The kinds.
const (
	Holiday Kind = "holiday" // a day off (weekend days inside a holiday block included)
	Workday Kind = "workday" // a Saturday or Sunday made a working day
)

// Date is a calendar day (no time, no zone).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the day of t in Beijing time.
func DateOf(t time.Time) Date {
	b := t.In(beijing)
	return Date{b.Year(), b.Month(), b.Day()}
}

// ParseDate reads 2006-01-02.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("calendar: %q is not a date like 2026-01-31", s)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

func (d Date) t() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// AddDays moves by n calendar days.
func (d Date) AddDays(n int) Date {
	t := d.t().AddDate(0, 0, n)
	return Date{t.Year(), t.Month(), t.Day()}
}

// Weekday is the day of the week.
func (d Date) Weekday() time.Weekday { return d.t().Weekday() }

// Before reports d < o.
func (d Date) Before(o Date) bool { return d.t().Before(o.t()) }

func (d Date) String() string { return d.t().Format(time.DateOnly) }

var beijing = time.FixedZone("CST", 8*3600)

// Entry is one listed day.
type Entry struct {
	Date Date
	Kind Kind
	Name string
}

// Calendar answers which days are working days. It is immutable.
type Calendar struct {
	days  map[Date]Entry
	years map[int]bool
}

// ErrUnknownYear is returned when a count reaches a year the calendar has
// no notice for: the answer would be a guess.
var ErrUnknownYear = errors.New("calendar: the holiday arrangement of this year is not loaded")

// Load reads a calendar in the layout of data/cn-public-holidays.csv
// (header date,kind,name). Every problem is reported with its line; a
// workday entry must fall on a weekend, a date must appear once.
func Load(r io.Reader) (*Calendar, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 3
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("calendar: header: %w", err)
	}
	if strings.Join(head, ",") != "date,kind,name" && strings.TrimPrefix(strings.Join(head, ","), "\ufeff") != "date,kind,name" {
		return nil, fmt.Errorf("calendar: line 1: want the header date,kind,name, got %q", strings.Join(head, ","))
	}
	c := &Calendar{days: map[Date]Entry{}, years: map[int]bool{}}
	var problems []string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		d, err := ParseDate(rec[0])
		if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: %v", line, err))
			continue
		}
		k := Kind(strings.TrimSpace(rec[1]))
		switch k {
		case Holiday:
		case Workday:
			if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
				problems = append(problems, fmt.Sprintf("line %d: %s is a %s; only a weekend day can be made a working day", line, d, wd))
				continue
			}
		default:
			problems = append(problems, fmt.Sprintf("line %d: kind %q is not holiday or workday", line, rec[1]))
			continue
		}
		if _, dup := c.days[d]; dup {
			problems = append(problems, fmt.Sprintf("line %d: %s is listed twice", line, d))
			continue
		}
		c.days[d] = Entry{Date: d, Kind: k, Name: strings.TrimSpace(rec[2])}
		c.years[d.Year] = true
	}
	if len(problems) > 0 {
		return nil, errors.New("calendar: " + strings.Join(problems, "; "))
	}
	return c, nil
}

//go:embed data/cn-public-holidays.csv
var shippedCSV []byte

var shipped = sync.OnceValues(func() (*Calendar, error) { return Load(bytes.NewReader(shippedCSV)) })

// Shipped is the calendar of the years embedded in the binary.
func Shipped() *Calendar {
	c, err := shipped()
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return c
}

// Years lists the years with a loaded arrangement.
func (c *Calendar) Years() []int {
	out := make([]int, 0, len(c.years))
	for y := range c.years {
		out = append(out, y)
	}
	sort.Ints(out)
	return out
}

// Entry returns the listed entry of a day, if any.
func (c *Calendar) Entry(d Date) (Entry, bool) {
	e, ok := c.days[d]
	return e, ok
}

// IsWorkday reports whether d is a working day; ErrUnknownYear when d's
// year has no arrangement loaded.
func (c *Calendar) IsWorkday(d Date) (bool, error) {
	if !c.years[d.Year] {
		return false, fmt.Errorf("%w: %d", ErrUnknownYear, d.Year)
	}
	if e, ok := c.days[d]; ok {
		return e.Kind == Workday, nil
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday, nil
}

// AddWorkdays returns the n-th working day after d (d itself not counted),
// so that a deadline of "5 working days" from a request made on d is
// AddWorkdays(d, 5). n must not be negative.
func (c *Calendar) AddWorkdays(d Date, n int) (Date, error) {
	if n < 0 {
		return Date{}, errors.New("calendar: a negative number of working days")
	}
	for n > 0 {
		d = d.AddDays(1)
		ok, err := c.IsWorkday(d)
		if err != nil {
			return Date{}, err
		}
		if ok {
			n--
		}
	}
	return d, nil
}

// WorkdaysBetween counts the working days after a up to and including b
// (0 when b is not after a).
func (c *Calendar) WorkdaysBetween(a, b Date) (int, error) {
	n := 0
	for d := a.AddDays(1); !b.Before(d); d = d.AddDays(1) {
		ok, err := c.IsWorkday(d)
		if err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// FirstWorkdays returns the first and the n-th working day on or after
// from: the span of a window "the first n working days of the quarter".
func (c *Calendar) FirstWorkdays(from Date, n int) (Date, Date, error) {
	if n < 1 {
		return Date{}, Date{}, errors.New("calendar: a window needs at least one working day")
	}
	first := from
	for {
		ok, err := c.IsWorkday(first)
		if err != nil {
			return Date{}, Date{}, err
		}
		if ok {
			break
		}
		first = first.AddDays(1)
	}
	last, err := c.AddWorkdays(first, n-1)
	return first, last, err
}
