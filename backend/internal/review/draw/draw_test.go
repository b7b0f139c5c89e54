package draw

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// seedOf is a fixed 32-byte seed for tests.
func seedOf(label string) []byte {
	s := sha256.Sum256([]byte(label))
	return s[:]
}

func expert(id string) Expert {
	return Expert{
		ID: id, HospitalID: "h2", Group: "g2", Specialties: []string{"MDCF"},
		Organisation: "org1", Active: true, MaxLoad: 6,
	}
}

// pool is n ordinary eligible experts e01…, plus extra.
func pool(n int, extra ...Expert) Snapshot {
	s := Snapshot{At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	for i := 1; i <= n; i++ {
		s.Experts = append(s.Experts, expert(fmt.Sprintf("e%02d", i)))
	}
	s.Experts = append(s.Experts, extra...)
	return s
}

func request() Request {
	return Request{
		ApplicationID: "a1", HospitalID: "h1", HospitalGroup: "g1", People: []string{"p1", "p2"},
		MDC: "MDCF", Related: []string{"MDCE", "MDCA"}, Need: 3,
	}
}

func reasonOf(t *testing.T, res Result, id string) string {
	t.Helper()
	for _, x := range res.Excluded {
		if x.ExpertID == id {
			return x.Reason
		}
	}
	if slices.Contains(res.Eligible, id) {
		return ""
	}
	t.Fatalf("%s is neither eligible nor excluded in %+v", id, res)
	return ""
}

func TestExclusionReasons(t *testing.T) {
	cases := []struct {
		name string
		x    func(*Expert)
		req  func(*Request)
		want string // "" = eligible
	}{
		{"ordinary", func(*Expert) {}, nil, ""},
		{"inactive", func(e *Expert) { e.Active = false }, nil, ReasonInactive},
		{"absent", func(e *Expert) { e.Absent = true }, nil, ReasonAbsent},
		{"earlier panel", func(*Expert) {}, func(r *Request) { r.Exclude = []string{"e01", "x"} }, ReasonExcluded},
		{"organisation: none", func(e *Expert) { e.Organisation = "" }, func(r *Request) { r.Organisation = "org1" }, ReasonOrganisation},
		{"organisation: other", func(e *Expert) { e.Organisation = "org2" }, func(r *Request) { r.Organisation = "org1" }, ReasonOrganisation},
		{"organisation: member", func(*Expert) {}, func(r *Request) { r.Organisation = "org1" }, ""},
		{"organisation ignored outside third-party mode", func(e *Expert) { e.Organisation = "" }, nil, ""},
		{"cross review: unattached", func(e *Expert) { e.HospitalID, e.Group = "", "" }, func(r *Request) { r.CrossReview = true }, ReasonCrossReview},
		{"unattached without cross review", func(e *Expert) { e.HospitalID, e.Group = "", "" }, nil, ""},
		{"cross review: other hospital", func(*Expert) {}, func(r *Request) { r.CrossReview = true }, ""},
		{"cross review: same hospital", func(e *Expert) { e.HospitalID = "h1" }, func(r *Request) { r.CrossReview = true }, ReasonSameHospital},
		{"same hospital", func(e *Expert) { e.HospitalID = "h1" }, nil, ReasonSameHospital},
		{"same group", func(e *Expert) { e.Group = "g1" }, nil, ReasonSameGroup},
		{"no group matches no group", func(e *Expert) { e.Group = "" }, func(r *Request) { r.HospitalGroup = "" }, ""},
		{"conflict: hospital", func(e *Expert) { e.ConflictHospitals = []string{"h9", "h1"} }, nil, ReasonConflict},
		{"conflict: other hospital only", func(e *Expert) { e.ConflictHospitals = []string{"h9"} }, nil, ""},
		{"conflict: colleague", func(e *Expert) { e.ConflictPeople = []string{"p2"} }, nil, ReasonConflict},
		{"conflict: other colleague only", func(e *Expert) { e.ConflictPeople = []string{"p9"} }, nil, ""},
		{"conflict: application", func(e *Expert) { e.ConflictApplications = []string{"a1"} }, nil, ReasonConflict},
		{"conflict: other application only", func(e *Expert) { e.ConflictApplications = []string{"a2"} }, nil, ""},
		{"conflict: involved in the application", func(*Expert) {}, func(r *Request) { r.People = append(r.People, "x") }, ReasonConflict},
		{"load at the limit", func(e *Expert) { e.Load, e.MaxLoad = 6, 6 }, nil, ReasonLoad},
		{"load over the limit", func(e *Expert) { e.Load, e.MaxLoad = 7, 6 }, nil, ReasonLoad},
		{"load under the limit", func(e *Expert) { e.Load, e.MaxLoad = 5, 6 }, nil, ""},
		{"specialty", func(e *Expert) { e.Specialties = []string{"MDCE"} }, nil, ReasonSpecialty},
		{"no specialty", func(e *Expert) { e.Specialties = nil }, nil, ReasonSpecialty},
		{"any specialty", func(e *Expert) { e.Specialties = nil }, func(r *Request) { r.MDC = "" }, ""},
		{"one of several specialties", func(e *Expert) { e.Specialties = []string{"MDCE", "MDCF"} }, nil, ""},
		// the first reason in the fixed order wins
		{"inactive before all", func(e *Expert) {
			e.Active, e.Absent, e.HospitalID, e.Load, e.Specialties = false, true, "h1", 9, nil
		}, func(r *Request) { r.Exclude = []string{"x"} }, ReasonInactive},
		{"absent before excluded", func(e *Expert) { e.Absent = true }, func(r *Request) { r.Exclude = []string{"x"} }, ReasonAbsent},
		{"excluded before organisation", func(e *Expert) { e.Organisation = "" },
			func(r *Request) { r.Exclude, r.Organisation = []string{"x"}, "org1" }, ReasonExcluded},
		{"organisation before cross review", func(e *Expert) { e.Organisation, e.HospitalID = "", "" },
			func(r *Request) { r.Organisation, r.CrossReview = "org1", true }, ReasonOrganisation},
		{"same hospital before same group", func(e *Expert) { e.HospitalID, e.Group = "h1", "g1" }, nil, ReasonSameHospital},
		{"same group before conflict", func(e *Expert) { e.Group, e.ConflictPeople = "g1", []string{"p1"} }, nil, ReasonSameGroup},
		{"conflict before load", func(e *Expert) { e.ConflictHospitals, e.Load = []string{"h1"}, 6 }, nil, ReasonConflict},
		{"load before specialty", func(e *Expert) { e.Load, e.Specialties = 6, nil }, nil, ReasonLoad},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := expert("x")
			c.x(&x)
			r := request()
			if c.req != nil {
				c.req(&r)
			}
			s := pool(4, x)
			res, err := Draw(s, r, seedOf(c.name))
			if err != nil {
				t.Fatal(err)
			}
			if got := reasonOf(t, res, "x"); got != c.want {
				t.Fatalf("reason %q, want %q", got, c.want)
			}
			if c.want != "" && slices.Contains(res.Selected, "x") {
				t.Fatal("an excluded expert was selected")
			}
			if len(res.Selected) != r.Need || len(res.Eligible)+len(res.Excluded) != len(s.Experts) {
				t.Fatalf("bad result %+v", res)
			}
			if len(res.Fallback) != 0 {
				t.Fatalf("fallback %v, want none", res.Fallback)
			}
		})
	}
}

func withSpecialties(id string, sp ...string) Expert {
	e := expert(id)
	e.Specialties = sp
	return e
}

func TestFallback(t *testing.T) {
	s := pool(0,
		withSpecialties("f1", "MDCF"), withSpecialties("f2", "MDCF", "MDCE"),
		withSpecialties("r1", "MDCE"), withSpecialties("r2", "MDCE"), withSpecialties("r3", "MDCE"),
		withSpecialties("a1", "MDCA"), withSpecialties("a2", "MDCA", "MDCB"),
		withSpecialties("b1", "MDCB"),
	)

	t.Run("enough on the MDC", func(t *testing.T) {
		r := request()
		r.Need = 1
		res, err := Draw(s, r, seedOf("f"))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Eligible, []string{"f1", "f2"}) || len(res.Fallback) != 0 || res.Fallback == nil {
			t.Fatalf("eligible %v fallback %#v", res.Eligible, res.Fallback)
		}
	})

	t.Run("first related fills the gap", func(t *testing.T) {
		r := request()
		for i := range 50 {
			res, err := Draw(s, r, seedOf(fmt.Sprint("f", i)))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(res.Fallback, []string{"MDCE"}) {
				t.Fatalf("fallback %v", res.Fallback)
			}
			if !slices.Equal(res.Eligible, []string{"f1", "f2", "r1", "r2", "r3"}) {
				t.Fatalf("eligible %v", res.Eligible)
			}
			for _, id := range []string{"a1", "a2", "b1"} {
				if got := reasonOf(t, res, id); got != ReasonSpecialty {
					t.Fatalf("%s: %q", id, got)
				}
			}
			// a fallback only fills the places the MDC cannot
			if !slices.Equal(res.Selected[:2], []string{"f1", "f2"}) && !slices.Equal(res.Selected[:2], []string{"f2", "f1"}) {
				t.Fatalf("selected %v: the MDC experts come first", res.Selected)
			}
		}
	})

	t.Run("several related, in order, unused ones skipped", func(t *testing.T) {
		r := request()
		r.Need = 6
		r.Related = []string{"MDCX", "MDCF", "MDCE", "", "MDCE", "MDCA", "MDCB"}
		res, err := Draw(s, r, seedOf("f"))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Fallback, []string{"MDCE", "MDCA"}) {
			t.Fatalf("fallback %v", res.Fallback)
		}
		if reasonOf(t, res, "b1") != ReasonSpecialty || reasonOf(t, res, "a2") != "" {
			t.Fatalf("result %+v", res)
		}
		if !slices.Contains(res.Selected[5:], "a1") && !slices.Contains(res.Selected[5:], "a2") {
			t.Fatalf("selected %v: the MDCA expert comes last", res.Selected)
		}
	})

	t.Run("still short", func(t *testing.T) {
		r := request()
		r.Need = 8
		res, err := Draw(s, r, seedOf("f"))
		var short *ShortError
		if !errors.As(err, &short) || *short != (ShortError{Constraint: ReasonSpecialty, Need: 8, Have: 7}) {
			t.Fatalf("err %v", err)
		}
		if !slices.Equal(res.Fallback, []string{"MDCE", "MDCA"}) || len(res.Selected) != 0 || len(res.Eligible) != 7 {
			t.Fatalf("result %+v", res)
		}
	})

	t.Run("empty MDC ignores related", func(t *testing.T) {
		r := request()
		r.MDC, r.Need = "", 8
		res, err := Draw(s, r, seedOf("f"))
		if err != nil || len(res.Fallback) != 0 || len(res.Eligible) != 8 {
			t.Fatalf("%+v %v", res, err)
		}
	})
}

func TestShortError(t *testing.T) {
	sameHospital := func(id string) Expert { e := expert(id); e.HospitalID = "h1"; return e }
	absent := func(id string) Expert { e := expert(id); e.Absent = true; return e }
	full := func(id string) Expert { e := expert(id); e.Load = 6; return e }
	cases := []struct {
		name       string
		s          Snapshot
		need       int
		constraint string
		have       int
	}{
		{"empty pool", pool(0), 3, ConstraintPool, 0},
		{"small pool", pool(2), 3, ConstraintPool, 2},
		{"same hospital", pool(2, sameHospital("x1"), sameHospital("x2")), 3, ReasonSameHospital, 2},
		{"first filter to run short", pool(0, absent("x1"), absent("x2"), absent("x3"), sameHospital("x4"), full("x5")), 3, ReasonAbsent, 2},
		{"later filter", pool(3, absent("x1"), sameHospital("x2"), full("x3")), 5, ReasonSameHospital, 4},
		{"load", pool(2, full("x1"), full("x2")), 3, ReasonLoad, 2},
		{"all gone", pool(0, absent("x1"), absent("x2"), absent("x3")), 3, ReasonAbsent, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := request()
			r.Need = c.need
			res, err := Draw(c.s, r, seedOf(c.name))
			var short *ShortError
			if !errors.As(err, &short) {
				t.Fatalf("err %v, want a ShortError", err)
			}
			if short.Constraint != c.constraint || short.Need != c.need || short.Have != c.have {
				t.Fatalf("got %+v, want %s need %d have %d", short, c.constraint, c.need, c.have)
			}
			if errors.Is(err, ErrInvalid) || len(res.Selected) != 0 || len(res.Eligible)+len(res.Excluded) != len(c.s.Experts) {
				t.Fatalf("result %+v", res)
			}
			if _, err := Screen(c.s, r); !errors.As(err, &short) || short.Constraint != c.constraint {
				t.Fatalf("Screen: %v", err)
			}
		})
	}

	t.Run("exactly enough is not short", func(t *testing.T) {
		r := request()
		res, err := Draw(pool(3, sameHospital("x1")), r, seedOf("x"))
		if err != nil || len(res.Selected) != 3 {
			t.Fatalf("%+v %v", res, err)
		}
	})

	t.Run("messages", func(t *testing.T) {
		got := (&ShortError{Constraint: ReasonSameHospital, Need: 3, Have: 2}).Error()
		want := "可抽取专家不足：需要 3 名，排除“同一医院”后仅剩 2 名 (same_hospital); too few eligible experts: need 3, only 2 left after excluding experts of the applying hospital"
		if got != want {
			t.Fatalf("got  %s\nwant %s", got, want)
		}
		got = (&ShortError{Constraint: ConstraintPool, Need: 5, Have: 1}).Error()
		if got != "可抽取专家不足：需要 5 名，专家库仅有 1 名 (pool); too few eligible experts: need 5, the pool holds only 1" {
			t.Fatal(got)
		}
		for _, reason := range Reasons {
			zh, en := Label(reason)
			if zh == reason || en == reason {
				t.Fatalf("%s has no label", reason)
			}
			msg := (&ShortError{Constraint: reason, Need: 3, Have: 0}).Error()
			if !strings.Contains(msg, zh) || !strings.Contains(msg, "("+reason+")") || !strings.Contains(msg, en) {
				t.Fatal(msg)
			}
		}
	})
}

func TestBadInput(t *testing.T) {
	ok := pool(5)
	dup := pool(3, expert("e01"))
	noID := pool(3, expert(""))
	cases := []struct {
		name string
		s    Snapshot
		r    func(*Request)
		seed []byte
	}{
		{"need 0", ok, func(r *Request) { r.Need = 0 }, seedOf("x")},
		{"need negative", ok, func(r *Request) { r.Need = -3 }, seedOf("x")},
		{"nil seed", ok, nil, nil},
		{"short seed", ok, nil, make([]byte, 31)},
		{"long seed", ok, nil, make([]byte, 33)},
		{"no application", ok, func(r *Request) { r.ApplicationID = "" }, seedOf("x")},
		{"no hospital", ok, func(r *Request) { r.HospitalID = "" }, seedOf("x")},
		{"duplicate expert", dup, nil, seedOf("x")},
		{"expert without id", noID, nil, seedOf("x")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := request()
			if c.r != nil {
				c.r(&r)
			}
			res, err := Draw(c.s, r, c.seed)
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("err %v, want ErrInvalid", err)
			}
			if res.Selected != nil || res.Eligible != nil {
				t.Fatalf("result %+v with an error", res)
			}
			if err := Replay(c.s, r, c.seed, Result{}); err == nil {
				t.Fatal("Replay accepted bad input")
			}
		})
	}
}

func TestNewSeed(t *testing.T) {
	a, b := NewSeed(), NewSeed()
	if len(a) != SeedSize || len(b) != SeedSize || slices.Equal(a, b) {
		t.Fatalf("%x %x", a, b)
	}
	if _, err := Draw(pool(5), request(), a); err != nil {
		t.Fatal(err)
	}
}

func TestDeterminism(t *testing.T) {
	s := pool(30)
	for i := range s.Experts {
		s.Experts[i].Load = i % 3
	}
	r := request()
	r.Need = 7
	seed := seedOf("determinism")
	first, err := Draw(s, r, seed)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		again, err := Draw(s, r, seed)
		if err != nil || !equal(first, again) {
			t.Fatalf("run %d differs: %+v vs %+v (%v)", i, first, again, err)
		}
	}

	// the snapshot's order does not matter
	reversed := s
	reversed.Experts = slices.Clone(s.Experts)
	slices.Reverse(reversed.Experts)
	again, err := Draw(reversed, r, seed)
	if err != nil || !equal(first, again) {
		t.Fatalf("order matters: %+v vs %+v (%v)", first, again, err)
	}

	// the seed does
	distinct := map[string]bool{}
	for i := range 20 {
		res, err := Draw(s, r, seedOf(fmt.Sprint("other", i)))
		if err != nil {
			t.Fatal(err)
		}
		distinct[strings.Join(res.Selected, ",")] = true
	}
	if len(distinct) < 15 {
		t.Fatalf("only %d distinct panels from 20 seeds", len(distinct))
	}
}

// TestGolden pins the algorithm: if this changes, recorded draws no longer
// replay. Change Algorithm and keep the old procedure for old draws instead.
func TestGolden(t *testing.T) {
	s := pool(12)
	for i := range s.Experts {
		s.Experts[i].Load = i % 2
	}
	r := request()
	r.Need = 5
	seed := make([]byte, SeedSize)
	for i := range seed {
		seed[i] = byte(i)
	}
	res, err := Draw(s, r, seed)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"e11", "e03", "e01", "e05", "e07"}
	if !slices.Equal(res.Selected, want) {
		t.Fatalf("selected %q, want %q", res.Selected, want)
	}
	g := newGenerator([SeedSize]byte(seed))
	got := []uint64{g.below(10), g.below(1), g.below(1 << 63), g.below(3)}
	if wantG := []uint64{6, 0, 1390529459643569920, 1}; !slices.Equal(got, wantG) {
		t.Fatalf("generator %v, want %v", got, wantG)
	}
}

func TestLoadBalancing(t *testing.T) {
	s := pool(10)
	loads := []int{3, 0, 2, 1, 0, 1, 1, 5, 1, 2}
	for i := range s.Experts {
		s.Experts[i].Load = loads[i]
	}
	r := request()
	r.Need = 4
	thirds := map[string]int{}
	for i := range 400 {
		res, err := Draw(s, r, seedOf(fmt.Sprint("load", i)))
		if err != nil {
			t.Fatal(err)
		}
		// the two with load 0 first, then two of the four with load 1
		first := slices.Sorted(slices.Values(res.Selected[:2]))
		if !slices.Equal(first, []string{"e02", "e05"}) {
			t.Fatalf("selected %v", res.Selected)
		}
		for _, id := range res.Selected[2:] {
			if !slices.Contains([]string{"e04", "e06", "e07", "e09"}, id) {
				t.Fatalf("selected %v", res.Selected)
			}
		}
		thirds[res.Selected[2]]++
	}
	for id, n := range thirds { // each of 4 about 100 times; a loose bound
		if n < 50 || n > 150 {
			t.Fatalf("%s third %d times of 400: %v", id, n, thirds)
		}
	}
}

func TestScreen(t *testing.T) {
	x := expert("x")
	x.HospitalID = "h1"
	s := pool(4, x)
	r := request()
	screened, err := Screen(s, r)
	if err != nil {
		t.Fatal(err)
	}
	drawn, err := Draw(s, r, seedOf("screen"))
	if err != nil {
		t.Fatal(err)
	}
	if len(screened.Selected) != 0 || !slices.Equal(screened.Eligible, drawn.Eligible) ||
		!slices.Equal(screened.Excluded, drawn.Excluded) || !slices.Equal(screened.Fallback, drawn.Fallback) {
		t.Fatalf("screen %+v draw %+v", screened, drawn)
	}
	r.Need = 0
	if _, err := Screen(s, r); !errors.Is(err, ErrInvalid) {
		t.Fatal(err)
	}
}

func equal(a, b Result) bool {
	return slices.Equal(a.Selected, b.Selected) && slices.Equal(a.Eligible, b.Eligible) &&
		slices.Equal(a.Excluded, b.Excluded) && slices.Equal(a.Fallback, b.Fallback)
}

func TestReplay(t *testing.T) {
	x := expert("x")
	x.HospitalID = "h1"
	off := expert("off")
	off.Absent = true
	s := pool(8, x, off)
	s.Experts[0].Specialties = []string{"MDCE"}
	s.Experts[1].Specialties = []string{"MDCB"}
	r := request()
	r.Need = 3
	seed := seedOf("replay")
	rec, err := Draw(s, r, seed)
	if err != nil {
		t.Fatal(err)
	}
	if err := Replay(s, r, seed, rec); err != nil {
		t.Fatalf("untampered: %v", err)
	}

	// through JSON, as the service stores it
	var s2 Snapshot
	var r2 Request
	var rec2 Result
	roundTrip(t, s, &s2)
	roundTrip(t, r, &r2)
	roundTrip(t, rec, &rec2)
	if err := Replay(s2, r2, seed, rec2); err != nil {
		t.Fatalf("after JSON: %v", err)
	}
	// nil and empty lists are the same
	rec3 := rec
	rec3.Fallback = nil
	if err := Replay(s, r, seed, rec3); err != nil {
		t.Fatalf("nil fallback: %v", err)
	}

	tamper := func(f func(*Snapshot, *Request, *[]byte, *Result)) error {
		s2 := s
		s2.Experts = slices.Clone(s.Experts)
		r2, seed2 := r, slices.Clone(seed)
		rec2 := Result{slices.Clone(rec.Selected), slices.Clone(rec.Eligible), slices.Clone(rec.Excluded), slices.Clone(rec.Fallback)}
		f(&s2, &r2, &seed2, &rec2)
		return Replay(s2, r2, seed2, rec2)
	}
	unselected := ""
	for _, id := range rec.Eligible {
		if !slices.Contains(rec.Selected, id) {
			unselected = id
			break
		}
	}
	cases := []struct {
		name string
		f    func(*Snapshot, *Request, *[]byte, *Result)
		says string
	}{
		{"selected swapped", func(_ *Snapshot, _ *Request, _ *[]byte, res *Result) {
			res.Selected[0], res.Selected[1] = res.Selected[1], res.Selected[0]
		}, "selected"},
		{"selected replaced", func(_ *Snapshot, _ *Request, _ *[]byte, res *Result) { res.Selected[2] = unselected }, "selected"},
		{"selected the recused expert", func(_ *Snapshot, _ *Request, _ *[]byte, res *Result) { res.Selected[2] = "x" }, "selected"},
		{"selected one more", func(_ *Snapshot, _ *Request, _ *[]byte, res *Result) { res.Selected = append(res.Selected, unselected) }, "selected"},
		{"eligible padded", func(_ *Snapshot, _ *Request, _ *[]byte, res *Result) { res.Eligible = append(res.Eligible, "x") }, "eligible"},
		{"exclusion reason", func(_ *Snapshot, _ *Request, _ *[]byte, res *Result) { res.Excluded[0].Reason = ReasonConflict }, "excluded[0]"},
		{"exclusion dropped", func(_ *Snapshot, _ *Request, _ *[]byte, res *Result) { res.Excluded = res.Excluded[1:] }, "excluded"},
		{"fallback claimed", func(_ *Snapshot, _ *Request, _ *[]byte, res *Result) { res.Fallback = []string{"MDCE"} }, "fallback"},
		{"snapshot: a recused expert moved", func(s *Snapshot, _ *Request, _ *[]byte, _ *Result) { s.Experts[8].HospitalID = "h3" }, "eligible"},
		{"snapshot: a selected expert absent", func(s *Snapshot, _ *Request, _ *[]byte, res *Result) {
			for i := range s.Experts {
				if s.Experts[i].ID == res.Selected[0] {
					s.Experts[i].Absent = true
				}
			}
		}, "selected"},
		{"snapshot: specialty", func(s *Snapshot, _ *Request, _ *[]byte, _ *Result) { s.Experts[0].Specialties = []string{"MDCF"} }, "eligible"},
		{"snapshot: an expert removed", func(s *Snapshot, _ *Request, _ *[]byte, _ *Result) { s.Experts = s.Experts[1:] }, "excluded"},
		{"snapshot: load", func(s *Snapshot, _ *Request, _ *[]byte, res *Result) {
			for i := range s.Experts {
				if s.Experts[i].ID == res.Selected[0] {
					s.Experts[i].Load = 5
				}
			}
		}, "selected"},
		{"request: hospital", func(_ *Snapshot, r *Request, _ *[]byte, _ *Result) { r.HospitalID = "h9" }, "eligible"},
		{"request: need", func(_ *Snapshot, r *Request, _ *[]byte, _ *Result) { r.Need = 4 }, "selected"},
		{"seed", func(_ *Snapshot, _ *Request, seed *[]byte, _ *Result) { (*seed)[0] ^= 1 }, "selected"},
		{"now short", func(s *Snapshot, _ *Request, _ *[]byte, _ *Result) {
			for i := range s.Experts {
				s.Experts[i].Active = false
			}
		}, "inactive"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := tamper(c.f)
			if !errors.Is(err, ErrMismatch) {
				t.Fatalf("err %v, want ErrMismatch", err)
			}
			if !strings.Contains(err.Error(), c.says) {
				t.Fatalf("%q does not say %q", err, c.says)
			}
		})
	}
}

func roundTrip(t *testing.T, in, out any) {
	t.Helper()
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatal(err)
	}
}

func TestResultJSON(t *testing.T) {
	res, err := Draw(pool(3), request(), seedOf("json"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(res)
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(b, &keys); err != nil {
		t.Fatal(err)
	}
	if string(keys["fallback"]) != "[]" || string(keys["excluded"]) != "[]" || len(keys) != 4 {
		t.Fatalf("%s", b)
	}
	short, _ := Draw(pool(1), request(), seedOf("json"))
	b, _ = json.Marshal(short)
	if !strings.Contains(string(b), `"selected":[]`) {
		t.Fatalf("%s", b)
	}
}

func TestRelatedMDCs(t *testing.T) {
	if len(RelatedMDCs) != 26 {
		t.Fatalf("%d MDCs, want 26", len(RelatedMDCs))
	}
	for c := 'A'; c <= 'Z'; c++ {
		mdc := "MDC" + string(c)
		rel, ok := RelatedMDCs[mdc]
		if !ok {
			t.Fatalf("%s missing", mdc)
		}
		seen := map[string]bool{}
		for _, x := range rel {
			if _, ok := RelatedMDCs[x]; !ok || x == mdc || seen[x] {
				t.Fatalf("%s: bad related %q in %v", mdc, x, rel)
			}
			seen[x] = true
		}
		if mdc != "MDCX" && len(rel) == 0 {
			t.Fatalf("%s has no related specialty", mdc)
		}
	}
	got := Related("MDCF")
	got[0] = "changed"
	if RelatedMDCs["MDCF"][0] == "changed" || Related("nope") != nil {
		t.Fatal("Related must copy")
	}
}

func BenchmarkDraw(b *testing.B) {
	mdcs := []string{"MDCB", "MDCE", "MDCF", "MDCG", "MDCI", "MDCL"}
	s := Snapshot{At: time.Now()}
	for i := range 500 {
		e := Expert{
			ID:          fmt.Sprintf("%08x-0000-4000-8000-%012x", i*7919, i),
			HospitalID:  fmt.Sprintf("h%02d", i%40),
			Group:       fmt.Sprintf("g%d", i%40/5),
			Specialties: []string{mdcs[i%len(mdcs)], mdcs[(i/7)%len(mdcs)]},
			Active:      i%29 != 0, Absent: i%17 == 0,
			Load: i % 4, MaxLoad: 6,
			ConflictHospitals: []string{fmt.Sprintf("h%02d", (i*3)%40)},
			ConflictPeople:    []string{fmt.Sprintf("p%d", i%50)},
		}
		s.Experts = append(s.Experts, e)
	}
	r := Request{
		ApplicationID: "a1", HospitalID: "h07", HospitalGroup: "g1", People: []string{"p3", "p9"},
		MDC: "MDCF", Related: Related("MDCF"), Need: 5, Exclude: []string{s.Experts[3].ID, s.Experts[99].ID},
	}
	seed := seedOf("bench")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Draw(s, r, seed); err != nil {
			b.Fatal(err)
		}
	}
}
