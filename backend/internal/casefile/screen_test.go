package casefile

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"teyi/backend/internal/grouper"
	"teyi/backend/internal/pricing"
)

func TestScreenDefaults(t *testing.T) {
	r := DefaultScreenRules()
	want := ScreenRules{LongStayDays: 60, ICUHours: 72, VentilationHours: 96, MinDepartments: 3,
		NewItems: true, HighCost: true, Ungroupable: true, AmbiguousGroup: true}
	if r != want {
		t.Fatalf("defaults = %+v", r)
	}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	// A plain, grouped, normally priced case is no candidate.
	in := ScreenInput{Case: goodCase(), GroupStatus: grouper.StatusGrouped, PriceClass: pricing.Normal}
	if got := r.Screen(in); got != nil {
		t.Fatalf("plain case flagged: %v", got)
	}
}

func TestScreenReasons(t *testing.T) {
	r := DefaultScreenRules()
	base := func() ScreenInput {
		return ScreenInput{Case: goodCase(), GroupStatus: grouper.StatusGrouped, PriceClass: pricing.Normal}
	}
	icu := func(hours int) []ICUStay {
		in := at("2026-04-02 08:00")
		return []ICUStay{{Type: "1", In: in, Out: in.Add(timeHours(hours))}}
	}
	cases := []struct {
		name   string
		mutate func(*ScreenInput)
		want   []Reason
	}{
		{"high cost", func(in *ScreenInput) { in.PriceClass = pricing.High }, []Reason{ReasonHighCost}},
		{"low cost is no reason", func(in *ScreenInput) { in.PriceClass = pricing.Low }, nil},
		{"not priced", func(in *ScreenInput) { in.PriceClass = "" }, nil},
		{"61 days", func(in *ScreenInput) { in.Case.LOS = 61 }, []Reason{ReasonLongStay}},
		{"60 days is not longer than 60", func(in *ScreenInput) { in.Case.LOS = 60 }, nil},
		{"new item", func(in *ScreenInput) { in.Case.Items[1].NewItem = true }, []Reason{ReasonNewItems}},
		{"ICU 72 h", func(in *ScreenInput) { in.Case.ICU = icu(72) }, []Reason{ReasonICU}},
		{"ICU 71 h", func(in *ScreenInput) { in.Case.ICU = icu(71) }, nil},
		{"ICU summed over stays", func(in *ScreenInput) { in.Case.ICU = append(icu(40), icu(40)...) }, []Reason{ReasonICU}},
		{"ventilation 96 h", func(in *ScreenInput) { in.Case.VentilationHours = 96 }, []Reason{ReasonVentilation}},
		{"ventilation 95 h", func(in *ScreenInput) { in.Case.VentilationHours = 95 }, nil},
		{"three departments", func(in *ScreenInput) { in.Case.TransferDepts = []string{"A07", "A03", "A12"} }, []Reason{ReasonMultiDepartment}},
		{"two departments", func(in *ScreenInput) { in.Case.TransferDepts = []string{"A07", "A03"} }, nil},
		{"0000", func(in *ScreenInput) { in.GroupStatus = grouper.StatusUngroupable }, []Reason{ReasonUngroupable}},
		{"validation failed", func(in *ScreenInput) { in.GroupStatus = grouper.StatusValidationFailed }, []Reason{ReasonUngroupable}},
		{"not translatable", func(in *ScreenInput) { in.GroupStatus = grouper.StatusCodeNotTranslatable }, []Reason{ReasonUngroupable}},
		{"not grouped yet", func(in *ScreenInput) { in.GroupStatus = grouper.StatusNone }, nil},
		{"QY", func(in *ScreenInput) { in.GroupStatus, in.Ambiguous = grouper.StatusUngroupable, true }, []Reason{ReasonAmbiguousGroup}},
		{"everything, in canonical order", func(in *ScreenInput) {
			in.Case.TransferDepts = []string{"A07", "A12"}
			in.Case.VentilationHours = 200
			in.Case.ICU = icu(100)
			in.Case.LOS = 90
			in.Case.Items[0].NewItem, in.Case.Items[1].NewItem = true, true
			in.PriceClass = pricing.High
			in.GroupStatus, in.Ambiguous = grouper.StatusUngroupable, true
		}, []Reason{ReasonHighCost, ReasonLongStay, ReasonNewItems, ReasonICU, ReasonVentilation, ReasonAmbiguousGroup, ReasonMultiDepartment}},
		{"nil case: only grouping and price", func(in *ScreenInput) {
			in.Case = nil
			in.PriceClass = pricing.High
		}, []Reason{ReasonHighCost}},
	}
	for _, k := range cases {
		t.Run(k.name, func(t *testing.T) {
			in := base()
			k.mutate(&in)
			got := r.Screen(in)
			if !reflect.DeepEqual(got, k.want) {
				t.Fatalf("got %v, want %v", got, k.want)
			}
			if got != nil && !reflect.DeepEqual(ReasonsOf(ReasonMask(got)), got) {
				t.Fatal("Screen's order must be the mask's order")
			}
		})
	}
}

func TestScreenSwitches(t *testing.T) {
	in := ScreenInput{Case: goodCase(), GroupStatus: grouper.StatusUngroupable, PriceClass: pricing.High}
	in.Case.LOS, in.Case.VentilationHours = 100, 500
	in.Case.Items[0].NewItem = true
	in.Case.TransferDepts = []string{"B1", "B2", "B3"}
	in.Case.ICU = []ICUStay{{In: at("2026-04-01 09:00"), Out: at("2026-04-07 09:00")}}
	off := ScreenRules{} // every threshold 0, every switch off
	if got := off.Screen(in); got != nil {
		t.Fatalf("all rules off: %v", got)
	}
	// QY with the ambiguous rule off counts as ungroupable.
	r := ScreenRules{Ungroupable: true}
	in.Ambiguous = true
	if got := r.Screen(in); !reflect.DeepEqual(got, []Reason{ReasonUngroupable}) {
		t.Fatalf("QY without the ambiguous rule: %v", got)
	}
	// And with only the ambiguous rule on, a 0000 case is not flagged.
	r = ScreenRules{AmbiguousGroup: true}
	in.Ambiguous = false
	if got := r.Screen(in); got != nil {
		t.Fatalf("0000 with only the QY rule: %v", got)
	}
	// Custom thresholds.
	r = ScreenRules{LongStayDays: 30, ICUHours: 24, VentilationHours: 48, MinDepartments: 2}
	c := goodCase()
	c.LOS, c.VentilationHours = 31, 48
	c.ICU = []ICUStay{{In: at("2026-04-02 09:00"), Out: at("2026-04-03 09:00")}}
	c.DischargeDept = "A05"
	want := []Reason{ReasonLongStay, ReasonICU, ReasonVentilation, ReasonMultiDepartment}
	if got := r.Screen(ScreenInput{Case: c}); !reflect.DeepEqual(got, want) {
		t.Fatalf("custom thresholds: %v", got)
	}
}

func TestNewScreenInput(t *testing.T) {
	c := goodCase()
	qy := &grouper.Result{Status: grouper.StatusUngroupable, Reason: grouper.ReasonQY, MDC: "MDCG", DRG: "GQY"}
	in := NewScreenInput(c, qy, &pricing.Outcome{Class: pricing.High})
	if in.Case != c || in.GroupStatus != grouper.StatusUngroupable || !in.Ambiguous || in.PriceClass != pricing.High {
		t.Fatalf("%+v", in)
	}
	if got := DefaultScreenRules().Screen(in); !reflect.DeepEqual(got, []Reason{ReasonHighCost, ReasonAmbiguousGroup}) {
		t.Fatalf("QY + high: %v", got)
	}
	z := &grouper.Result{Status: grouper.StatusUngroupable, Reason: grouper.ReasonNoMDC}
	if IsAmbiguousGroup(z) || IsAmbiguousGroup(nil) || IsAmbiguousGroup(&grouper.Result{Status: grouper.StatusGrouped, DRG: "GQY"}) {
		t.Fatal("only an ungroupable QY result is ambiguous")
	}
	if !IsAmbiguousGroup(&grouper.Result{Status: grouper.StatusUngroupable, DRG: "BQY"}) {
		t.Fatal("an external QY code is ambiguous")
	}
	in = NewScreenInput(c, nil, nil)
	if in.GroupStatus != grouper.StatusNone || in.PriceClass != "" || in.Ambiguous {
		t.Fatalf("nil results: %+v", in)
	}
	if got := DefaultScreenRules().Screen(NewScreenInput(c, z, nil)); !reflect.DeepEqual(got, []Reason{ReasonUngroupable}) {
		t.Fatalf("0000: %v", got)
	}
}

func TestScreenRulesValidate(t *testing.T) {
	if err := (ScreenRules{}).Validate(); err != nil {
		t.Fatalf("all off is valid: %v", err)
	}
	cases := []struct {
		r    ScreenRules
		want []string
	}{
		{ScreenRules{LongStayDays: -1}, []string{"long_stay_days = -1", "negative"}},
		{ScreenRules{ICUHours: -72}, []string{"icu_hours = -72"}},
		{ScreenRules{VentilationHours: 1_000_000}, []string{"ventilation_hours", "at most 87600"}},
		{ScreenRules{LongStayDays: 4000}, []string{"long_stay_days", "at most 3650"}},
		{ScreenRules{MinDepartments: 1}, []string{"min_departments = 1", "every case"}},
		{ScreenRules{MinDepartments: 23}, []string{"min_departments", "at most 22"}},
		{ScreenRules{LongStayDays: -1, MinDepartments: -2}, []string{"long_stay_days", "min_departments"}},
	}
	for _, k := range cases {
		err := k.r.Validate()
		if err == nil {
			t.Errorf("%+v: want an error", k.r)
			continue
		}
		for _, w := range k.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%+v: %q lacks %q", k.r, err, w)
			}
		}
	}
}

func TestScreenRulesJSON(t *testing.T) {
	var r ScreenRules
	if err := json.Unmarshal([]byte(`{"long_stay_days": 45, "new_items": false}`), &r); err != nil {
		t.Fatal(err)
	}
	want := DefaultScreenRules()
	want.LongStayDays, want.NewItems = 45, false
	if r != want {
		t.Fatalf("partial config = %+v; want defaults with two changes", r)
	}
	b, _ := json.Marshal(DefaultScreenRules())
	if string(b) != `{"long_stay_days":60,"icu_hours":72,"ventilation_hours":96,"min_departments":3,"new_items":true,"high_cost":true,"ungroupable":true,"ambiguous_group":true}` {
		t.Fatalf("json = %s", b)
	}
	if err := json.Unmarshal([]byte(`{"icu_hours": "many"}`), &r); err == nil {
		t.Fatal("a bad value must fail")
	}
}

func TestReasonMask(t *testing.T) {
	all := AllReasons()
	if len(all) != 9 || all[0] != ReasonHighCost || all[7] != ReasonMultiDepartment || all[8] != ReasonRegisteredItem {
		t.Fatalf("AllReasons = %v", all)
	}
	all[0] = "mutated"
	if AllReasons()[0] != ReasonHighCost {
		t.Fatal("AllReasons must return a copy")
	}
	// The bits are storage: pin them.
	if ReasonMask([]Reason{ReasonHighCost}) != 1 || ReasonMask([]Reason{ReasonMultiDepartment}) != 128 ||
		ReasonMask([]Reason{ReasonRegisteredItem}) != 256 ||
		ReasonMask([]Reason{ReasonUngroupable, ReasonAmbiguousGroup}) != 32|64 {
		t.Fatal("bit positions changed")
	}
	if ReasonMask([]Reason{ReasonICU, ReasonICU, "bogus"}) != 8 {
		t.Fatal("duplicates and unknown reasons")
	}
	if ReasonMask(nil) != 0 || ReasonsOf(0) != nil {
		t.Fatal("empty")
	}
	if got := ReasonsOf(-1); !reflect.DeepEqual(got, AllReasons()) {
		t.Fatalf("unknown bits are ignored: %v", got)
	}
	for _, r := range AllReasons() {
		if !r.Valid() || r.Title("zh") == string(r) || r.Title("en") == string(r) || r.Title("zh") == r.Title("en") {
			t.Errorf("%s: titles %q / %q", r, r.Title("zh"), r.Title("en"))
		}
	}
	if ReasonHighCost.Title("") != "医疗费用高" || ReasonHighCost.Title("en-US") != "High cost" || ReasonAmbiguousGroup.Title("zh-CN") != "歧义组" {
		t.Fatal("titles")
	}
	if Reason("bogus").Valid() || Reason("bogus").Title("en") != "bogus" {
		t.Fatal("unknown reason")
	}
}

func timeHours(h int) time.Duration { return time.Duration(h) * time.Hour }
