package calendar

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func d(s string) Date {
	x, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return x
}

func TestShippedYearsAndAdjustedDays(t *testing.T) {
	c := Shipped()
	if ys := c.Years(); len(ys) < 2 || ys[0] != 2025 || ys[1] != 2026 {
		t.Fatalf("years %v", ys)
	}
	for day, want := range map[string]bool{
		"2025-01-26": true,  // Sunday made a working day before 春节
		"2025-01-28": false, // 春节
		"2025-02-04": false, // 春节, a Tuesday
		"2025-02-05": true,  // back to work
		"2025-10-11": true,  // Saturday made a working day after 国庆
		"2026-01-02": false, // Friday, 元旦
		"2026-01-04": true,  // Sunday made a working day
		"2026-09-25": false, // 中秋节, a Friday
		"2026-12-01": true,  // an ordinary Tuesday
		"2026-12-05": false, // an ordinary Saturday
	} {
		got, err := c.IsWorkday(d(day))
		if err != nil || got != want {
			t.Errorf("IsWorkday(%s) = %v, %v; want %v", day, got, err, want)
		}
	}
}

func TestDeadlinesCountWorkingDays(t *testing.T) {
	c := Shipped()
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2025-01-27", 1, "2025-02-05"}, // across the whole 春节 break
		{"2025-01-24", 1, "2025-01-26"}, // the adjusted Sunday counts
		{"2026-12-01", 5, "2026-12-08"}, // over a weekend
		{"2026-09-24", 2, "2026-09-29"}, // 中秋 then a weekend
		{"2026-12-01", 0, "2026-12-01"},
	}
	for _, tc := range cases {
		got, err := c.AddWorkdays(d(tc.from), tc.n)
		if err != nil || got != d(tc.want) {
			t.Errorf("AddWorkdays(%s, %d) = %s, %v; want %s", tc.from, tc.n, got, err, tc.want)
		}
	}
	if n, err := c.WorkdaysBetween(d("2025-01-24"), d("2025-02-05")); err != nil || n != 3 {
		t.Errorf("working days between: %d %v, want 3 (the adjusted Sunday 26 Jan, Monday 27 Jan, 5 Feb)", n, err)
	}
	if _, err := c.AddWorkdays(d("2026-12-30"), 5); !errors.Is(err, ErrUnknownYear) {
		t.Errorf("a deadline into an unloaded year: %v, want ErrUnknownYear", err)
	}
	if _, err := c.AddWorkdays(d("2026-12-01"), -1); err == nil {
		t.Error("negative working days accepted")
	}
}

func TestFirstWorkingDaysOfAQuarter(t *testing.T) {
	c := Shipped()
	// The default application window: the first 15 working days of Q4 2026.
	first, last, err := c.FirstWorkdays(d("2026-10-01"), 15)
	if err != nil {
		t.Fatal(err)
	}
	if first != d("2026-10-08") || last != d("2026-10-27") {
		t.Errorf("window %s–%s, want 2026-10-08–2026-10-27 (国庆 to the 7th, the 10th a working Saturday)", first, last)
	}
}

func TestLoadReportsEveryProblemWithItsLine(t *testing.T) {
	bad := "date,kind,name\n2027-01-01,holiday,元旦\n2027-01-05,workday,x\n2027-13-01,holiday,x\n2027-01-01,holiday,again\n2027-02-01,vacation,x\n"
	_, err := Load(strings.NewReader(bad))
	if err == nil {
		t.Fatal("a bad file loaded")
	}
	for _, want := range []string{"line 3", "only a weekend day", "line 4", "line 5: 2027-01-01 is listed twice", "line 6"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if _, err := Load(strings.NewReader("day,type\n")); err == nil {
		t.Error("a wrong header loaded")
	}
	good, err := Load(strings.NewReader("date,kind,name\n2027-01-01,holiday,元旦\n2027-01-02,holiday,元旦\n"))
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := good.IsWorkday(d("2027-01-04")); !ok {
		t.Error("an ordinary Monday of an added year is not a working day")
	}
	if got := DateOf(time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC)); got != d("2027-01-01") {
		t.Errorf("DateOf in Beijing: %s", got)
	}
}
