package grouping

import (
	"testing"
)

func TestWhatIfGroupingReturnsTheGroupTraceAndNames(t *testing.T) {
	s, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Group("chs-drg-1.1", "", CaseInput{Sex: 1, Age: 63, AgeDays: 23129, LOS: 29, DischargeWay: 1,
		Diagnoses: []string{"I26.900x005", "Z85.800x011"}, Procedures: []string{"39.7900x038"}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != "grouped" || r.MDC != "MDCE" || r.ADRG != "ER2" || r.DRG != "ER25" || r.DRGName == "" {
		t.Fatalf("result %+v", r)
	}
	if len(r.Trace) < 3 || r.Trace[len(r.Trace)-1].Stage != "drg" || r.Plan != "chs-drg-1.1" || r.Engine == "" {
		t.Fatalf("trace %+v", r.Trace)
	}
}

func TestNewbornWithoutBirthWeightFailsValidationWithAReason(t *testing.T) {
	s, _ := New("")
	r, err := s.Group("", "2026-03-01", CaseInput{Sex: 2, Age: 0, AgeDays: 3, LOS: 4, Diagnoses: []string{"P07.100"}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != "validation_failed" || r.Reason == "" || r.StatusLabel == "" {
		t.Fatalf("result %+v", r)
	}
}

func TestUnknownPlanAndBadDatesAreFieldErrors(t *testing.T) {
	s, _ := New("")
	if _, err := s.Group("no-such-plan", "", CaseInput{Diagnoses: []string{"I10.x00"}}); err == nil {
		t.Fatal("unknown plan accepted")
	}
	if _, err := s.Group("", "01/03/2026", CaseInput{Diagnoses: []string{"I10.x00"}}); err == nil {
		t.Fatal("bad discharge date accepted")
	}
	long := "X" + string(make([]byte, 30))
	if _, err := s.Group("", "", CaseInput{Diagnoses: []string{long}}); err == nil {
		t.Fatal("overlong code accepted")
	}
}
