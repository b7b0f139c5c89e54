package pricing

import (
	"errors"
	"testing"
)

func TestActivateTurnsADraftIntoTheActiveVersion(t *testing.T) {
	draft := mustDraft(t, exampleSpec())
	now := beijing("2024-12-20 10:00")
	v, err := Activate(draft, nil, now, "admin-1")
	if err != nil {
		t.Fatal(err)
	}
	if v.Status() != Active || v.ActivatedBy() != "admin-1" || !v.ActivatedAt().Equal(now) {
		t.Errorf("activated: %s by %s at %v", v.Status(), v.ActivatedBy(), v.ActivatedAt())
	}
	if draft.Status() != Draft {
		t.Errorf("the draft itself changed to %s", draft.Status())
	}
	if _, err := Activate(v, nil, now, "admin-1"); !errors.Is(err, ErrNotDraft) {
		t.Errorf("activating twice: %v, want ErrNotDraft", err)
	}
}

func TestActivateNeedsTheAdministrator(t *testing.T) {
	if _, err := Activate(mustDraft(t, exampleSpec()), nil, beijing("2024-12-20 10:00"), " "); !errors.Is(err, ErrNoActor) {
		t.Errorf("err = %v, want ErrNoActor", err)
	}
}

func TestActivateRefusesAnEffectiveDateInThePast(t *testing.T) {
	draft := mustDraft(t, exampleSpec()) // effective from 2025-01-01
	if _, err := Activate(draft, nil, beijing("2025-01-02 08:00"), "admin"); !errors.Is(err, ErrEffectiveInPast) {
		t.Errorf("a day late: %v, want ErrEffectiveInPast", err)
	}
	if _, err := Activate(draft, nil, beijing("2025-01-01 23:59"), "admin"); err != nil {
		t.Errorf("on the day itself: %v", err)
	}
}

func TestTodayIsTodayInBeijing(t *testing.T) {
	// 2025-01-01 00:30 in Beijing is 2024-12-31 16:30 UTC: the first of
	// January has begun, so a version from 2024-12-31 is in the past.
	s := exampleSpec()
	s.EffectiveFrom = MustDate("2024-12-31")
	now := beijing("2025-01-01 00:30").UTC()
	if _, err := Activate(mustDraft(t, s), nil, now, "admin"); !errors.Is(err, ErrEffectiveInPast) {
		t.Errorf("err = %v, want ErrEffectiveInPast", err)
	}
}

func TestActivateRefusesToOverlapAnotherActiveVersionOfTheRegion(t *testing.T) {
	now := beijing("2024-12-01 10:00")
	current, err := Activate(mustDraft(t, exampleSpec()), nil, now, "admin") // 2025
	if err != nil {
		t.Fatal(err)
	}
	next := exampleSpec()
	next.ID, next.Number, next.EffectiveFrom, next.EffectiveTo = "ex-2", 2, MustDate("2025-07-01"), Date{}
	draft := mustDraft(t, next)

	if _, err := Activate(draft, []*Version{current}, now, "admin"); !errors.Is(err, ErrOverlap) {
		t.Fatalf("overlap: %v, want ErrOverlap", err)
	}

	// Another region, or a draft, does not block.
	other := exampleSpec()
	other.Region = "330200"
	elsewhere, _ := Activate(mustDraft(t, other), nil, now, "admin")
	if _, err := Activate(draft, []*Version{elsewhere, mustDraft(t, exampleSpec())}, now, "admin"); err != nil {
		t.Errorf("other region or a draft: %v", err)
	}

	// Close the current version the day before; then the successor fits.
	ended, err := EndOn(current, MustDate("2025-06-30"), now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Activate(draft, []*Version{ended}, now, "admin"); err != nil {
		t.Errorf("after EndOn: %v", err)
	}
	if ended.EffectiveTo().AddDays(1) != draft.EffectiveFrom() {
		t.Errorf("the successor should start the day after %s", ended.EffectiveTo())
	}
	if current.EffectiveTo() != MustDate("2025-12-31") {
		t.Errorf("EndOn changed the original: %s", current.EffectiveTo())
	}
}

func TestOpenEndedVersionsOverlapEverythingAfterThem(t *testing.T) {
	now := beijing("2024-12-01 10:00")
	s := exampleSpec()
	s.EffectiveTo = Date{}
	open, _ := Activate(mustDraft(t, s), nil, now, "admin")
	later := exampleSpec()
	later.ID, later.EffectiveFrom, later.EffectiveTo = "ex-9", MustDate("2030-01-01"), MustDate("2030-12-31")
	if _, err := Activate(mustDraft(t, later), []*Version{open}, now, "admin"); !errors.Is(err, ErrOverlap) {
		t.Errorf("err = %v, want ErrOverlap", err)
	}
	earlier := exampleSpec()
	earlier.ID, earlier.EffectiveFrom, earlier.EffectiveTo = "ex-0", MustDate("2024-12-01"), MustDate("2024-12-31")
	if _, err := Activate(mustDraft(t, earlier), []*Version{open}, now, "admin"); err != nil {
		t.Errorf("a version ending before the open one starts: %v", err)
	}
}

func TestEndOnKeepsThePriceOfCasesAlreadyDischarged(t *testing.T) {
	v, _ := Activate(mustDraft(t, exampleSpec()), nil, beijing("2024-12-01 10:00"), "admin")
	now := beijing("2025-03-15 10:00")
	for _, last := range []string{"2025-03-14", "2024-12-31", "2026-01-01"} {
		if _, err := EndOn(v, MustDate(last), now); !errors.Is(err, ErrEndOutOfRange) {
			t.Errorf("end %s: %v, want ErrEndOutOfRange", last, err)
		}
	}
	if _, err := EndOn(v, MustDate("2025-03-15"), now); err != nil {
		t.Errorf("ending today: %v", err)
	}
	if _, err := EndOn(mustDraft(t, exampleSpec()), MustDate("2025-06-30"), now); !errors.Is(err, ErrNotActive) {
		t.Errorf("ending a draft: %v", err)
	}
}

func TestEffectivePicksTheActiveVersionForTheDischargeDate(t *testing.T) {
	now := beijing("2024-12-01 10:00")
	a, _ := Activate(mustDraft(t, exampleSpec()), nil, now, "admin")
	a, _ = EndOn(a, MustDate("2025-06-30"), now)
	ns := exampleSpec()
	ns.ID, ns.Number, ns.EffectiveFrom, ns.EffectiveTo = "ex-2", 2, MustDate("2025-07-01"), Date{}
	b, _ := Activate(mustDraft(t, ns), []*Version{a}, now, "admin")
	all := []*Version{a, b, mustDraft(t, exampleSpec())}
	for day, want := range map[string]string{"2025-01-01": "ex-1", "2025-06-30": "ex-1", "2025-07-01": "ex-2", "2031-01-01": "ex-2"} {
		v, err := Effective(all, "330100", MustDate(day))
		if err != nil || v.ID() != want {
			t.Errorf("%s: %v %v, want %s", day, v, err, want)
		}
	}
	if _, err := Effective(all, "330100", MustDate("2024-12-31")); !errors.Is(err, ErrNoVersionForDate) {
		t.Errorf("before any version: %v", err)
	}
}

func TestPriceRefusesADischargeOutsideTheVersion(t *testing.T) {
	c := tertiaryCase("11000")
	c.DischargeDate = MustDate("2026-01-01")
	if _, err := Price(mustDraft(t, exampleSpec()), c); !errors.Is(err, ErrNotEffective) {
		t.Errorf("err = %v, want ErrNotEffective", err)
	}
}
