package draw

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

var propMDCs = []string{"MDCA", "MDCB", "MDCE", "MDCF", "MDCG", "MDCI", "MDCL", "MDCV", "MDCZ"}

// randomCase builds a random pool and request: 8 hospitals (6 in 3 groups,
// 2 without), unattached experts, organisations, conflicts of every kind,
// absences, inactive experts, loads up to and over the limit, earlier-panel
// exclusions, cross review and third-party mode, Need 3, 5 or 7.
func randomCase(g *rand.Rand) (Snapshot, Request) {
	groupOf := func(h int) string {
		if h >= 6 {
			return ""
		}
		return fmt.Sprintf("g%d", h%3)
	}
	pick := func(xs []string) string { return xs[g.IntN(len(xs))] }
	people := []string{"p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"}
	apps := []string{"a0", "a1", "a2", "a3"}
	n := 5 + g.IntN(76)
	s := Snapshot{At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(g.IntN(1e6)) * time.Second)}
	step, off := []int{37, 113, 311, 997}[g.IntN(4)], g.IntN(1000) // coprime with 1000: unique ids, not in id order
	for i := range n {
		e := Expert{ID: fmt.Sprintf("x%03d", (off+i*step)%1000), Active: g.IntN(20) != 0, Absent: g.IntN(10) == 0}
		if g.IntN(10) != 0 {
			h := g.IntN(8)
			e.HospitalID, e.Group = fmt.Sprintf("h%d", h), groupOf(h)
		}
		for range 1 + g.IntN(3) {
			if sp := pick(propMDCs); !slices.Contains(e.Specialties, sp) {
				e.Specialties = append(e.Specialties, sp)
			}
		}
		e.Organisation = pick([]string{"", "", "orgA", "orgB"})
		e.MaxLoad = 1 + g.IntN(6)
		e.Load = g.IntN(e.MaxLoad + 2)
		for range g.IntN(3) {
			e.ConflictHospitals = append(e.ConflictHospitals, fmt.Sprintf("h%d", g.IntN(8)))
		}
		for range g.IntN(3) {
			e.ConflictPeople = append(e.ConflictPeople, pick(people))
		}
		if g.IntN(8) == 0 {
			e.ConflictApplications = append(e.ConflictApplications, pick(apps))
		}
		s.Experts = append(s.Experts, e)
	}
	h := g.IntN(8)
	r := Request{
		ApplicationID: pick(apps), HospitalID: fmt.Sprintf("h%d", h), HospitalGroup: groupOf(h),
		Need: []int{3, 5, 7}[g.IntN(3)], CrossReview: g.IntN(5) == 0,
	}
	for range 1 + g.IntN(3) {
		r.People = append(r.People, pick(people))
	}
	if g.IntN(10) == 0 { // an expert involved in the application
		r.People = append(r.People, s.Experts[g.IntN(n)].ID)
	}
	if g.IntN(10) != 0 {
		r.MDC = pick(propMDCs)
		r.Related = Related(r.MDC)
		if g.IntN(4) == 0 {
			r.Related = []string{pick(propMDCs), pick(propMDCs)}
		}
	}
	for range g.IntN(6) {
		r.Exclude = append(r.Exclude, s.Experts[g.IntN(n)].ID)
	}
	if g.IntN(7) == 0 {
		r.Organisation = "orgA"
	}
	return s, r
}

// oracle is the rule book written out plainly, independent of draw.go: the
// reason each expert is excluded for ("" = passes every filter but
// specialty), the specialty tier, the fallback and the short constraint.
type oracle struct {
	reason   map[string]string
	eligible map[string]bool
	tier     map[string]int
	fallback []string
	short    *ShortError
}

func judge(s Snapshot, r Request) oracle {
	involved := func(id string) bool { return slices.Contains(r.People, id) }
	rules := []struct {
		reason string
		out    func(Expert) bool
	}{
		{ReasonInactive, func(e Expert) bool { return !e.Active }},
		{ReasonAbsent, func(e Expert) bool { return e.Absent }},
		{ReasonExcluded, func(e Expert) bool { return slices.Contains(r.Exclude, e.ID) }},
		{ReasonOrganisation, func(e Expert) bool { return r.Organisation != "" && e.Organisation != r.Organisation }},
		{ReasonCrossReview, func(e Expert) bool { return r.CrossReview && e.HospitalID == "" }},
		{ReasonSameHospital, func(e Expert) bool { return e.HospitalID == r.HospitalID }},
		{ReasonSameGroup, func(e Expert) bool { return r.HospitalGroup != "" && e.Group == r.HospitalGroup }},
		{ReasonConflict, func(e Expert) bool {
			return involved(e.ID) || slices.Contains(e.ConflictHospitals, r.HospitalID) ||
				slices.Contains(e.ConflictApplications, r.ApplicationID) || slices.ContainsFunc(e.ConflictPeople, involved)
		}},
		{ReasonLoad, func(e Expert) bool { return e.Load >= e.MaxLoad }},
	}
	o := oracle{reason: map[string]string{}, eligible: map[string]bool{}, tier: map[string]int{}}
	left := len(s.Experts)
	if left < r.Need {
		o.short = &ShortError{ConstraintPool, r.Need, left}
	}
	rest := slices.Clone(s.Experts)
	for _, rule := range rules {
		kept := rest[:0]
		for _, e := range rest {
			if rule.out(e) {
				o.reason[e.ID] = rule.reason
			} else {
				kept = append(kept, e)
			}
		}
		rest = kept
		if o.short == nil && len(rest) < r.Need {
			o.short = &ShortError{rule.reason, r.Need, len(rest)}
		}
	}
	// the MDC (empty: everyone), then each distinct related specialty
	// while too few
	tiers := []string{r.MDC}
	if r.MDC != "" {
		for _, x := range r.Related {
			if x != "" && !slices.Contains(tiers, x) {
				tiers = append(tiers, x)
			}
		}
	}
	have := 0
	for i, sp := range tiers {
		if i > 0 && have >= r.Need {
			break
		}
		added := 0
		for _, e := range rest {
			if _, done := o.tier[e.ID]; !done && (sp == "" || slices.Contains(e.Specialties, sp)) {
				o.tier[e.ID] = i
				o.eligible[e.ID] = true
				added++
			}
		}
		if i > 0 && added > 0 {
			o.fallback = append(o.fallback, sp)
		}
		have += added
	}
	for _, e := range rest {
		if !o.eligible[e.ID] {
			o.reason[e.ID] = ReasonSpecialty
		}
	}
	if o.short == nil && have < r.Need {
		o.short = &ShortError{ReasonSpecialty, r.Need, have}
	}
	return o
}

func TestPropertyDraws(t *testing.T) {
	const draws = 10_000
	g := rand.New(rand.NewPCG(7, 2026))
	seeds := rand.NewChaCha8(sha256.Sum256([]byte("property draws")))
	var ok, short, fellBack int
	constraints := map[string]int{}
	for i := range draws {
		s, r := randomCase(g)
		seed := make([]byte, SeedSize)
		seeds.Read(seed)
		res, err := Draw(s, r, seed)
		o := judge(s, r)
		fail := func(format string, args ...any) {
			t.Helper()
			b, _ := json.Marshal(map[string]any{"snapshot": s, "request": r, "seed": seed, "result": res})
			t.Fatalf("draw %d: %s\n%s", i, fmt.Sprintf(format, args...), b)
		}

		// everyone is accounted for exactly once, as the oracle says
		if len(res.Eligible)+len(res.Excluded) != len(s.Experts) {
			fail("%d eligible + %d excluded != %d", len(res.Eligible), len(res.Excluded), len(s.Experts))
		}
		for _, id := range res.Eligible {
			if !o.eligible[id] {
				fail("%s eligible, oracle says %q", id, o.reason[id])
			}
		}
		for _, x := range res.Excluded {
			if o.reason[x.ExpertID] != x.Reason {
				fail("%s excluded for %q, oracle says %q", x.ExpertID, x.Reason, o.reason[x.ExpertID])
			}
		}
		if !slices.Equal(res.Fallback, o.fallback) {
			fail("fallback %v, oracle %v", res.Fallback, o.fallback)
		}

		var se *ShortError
		if o.short != nil {
			if !errors.As(err, &se) || *se != *o.short {
				fail("err %v, oracle %+v", err, o.short)
			}
			if len(res.Selected) != 0 {
				fail("selected %v with a short draw", res.Selected)
			}
			short++
			constraints[se.Constraint]++
			continue
		}
		if err != nil {
			fail("err %v", err)
		}
		ok++
		if len(res.Fallback) > 0 {
			fellBack++
		}

		if len(res.Selected) != r.Need {
			fail("%d selected, need %d", len(res.Selected), r.Need)
		}
		byID := map[string]Expert{}
		for _, e := range s.Experts {
			byID[e.ID] = e
		}
		seen := map[string]bool{}
		for _, id := range res.Selected {
			e, in := byID[id]
			switch {
			case !in:
				fail("%s is not in the pool", id)
			case seen[id]:
				fail("%s drawn twice", id)
			case e.HospitalID == r.HospitalID:
				fail("%s is from the applying hospital", id)
			case r.HospitalGroup != "" && e.Group == r.HospitalGroup:
				fail("%s is from the applying hospital's group", id)
			case slices.Contains(e.ConflictHospitals, r.HospitalID), slices.Contains(e.ConflictApplications, r.ApplicationID),
				slices.ContainsFunc(e.ConflictPeople, func(p string) bool { return slices.Contains(r.People, p) }),
				slices.Contains(r.People, id):
				fail("%s has a declared conflict", id)
			case slices.Contains(r.Exclude, id):
				fail("%s sat on an earlier panel", id)
			case !e.Active || e.Absent || e.Load >= e.MaxLoad:
				fail("%s is inactive, absent or at the load limit", id)
			case r.CrossReview && e.HospitalID == "":
				fail("%s is not attached to another hospital in cross review", id)
			case r.Organisation != "" && e.Organisation != r.Organisation:
				fail("%s is not in the review organisation", id)
			case r.MDC != "" && !slices.Contains(e.Specialties, r.MDC) &&
				!slices.ContainsFunc(e.Specialties, func(sp string) bool { return slices.Contains(res.Fallback, sp) }):
				fail("%s matches neither %s nor a reported fallback %v", id, r.MDC, res.Fallback)
			}
			seen[id] = true
		}
		// balancing: nobody left out is in a better tier, or in the same tier
		// with a lower load, than someone selected
		for _, out := range res.Eligible {
			if seen[out] {
				continue
			}
			for _, in := range res.Selected {
				if o.tier[out] < o.tier[in] || o.tier[out] == o.tier[in] && byID[out].Load < byID[in].Load {
					fail("%s (tier %d, load %d) left out for %s (tier %d, load %d)",
						out, o.tier[out], byID[out].Load, in, o.tier[in], byID[in].Load)
				}
			}
		}

		// `teyi panel replay`: every recorded draw reproduces; one in ten
		// goes through JSON first, as the service stores it
		if err := Replay(s, r, seed, res); err != nil {
			fail("replay: %v", err)
		}
		if i%10 == 0 {
			var s2 Snapshot
			var r2 Request
			var res2 Result
			roundTrip(t, s, &s2)
			roundTrip(t, r, &r2)
			roundTrip(t, res, &res2)
			if err := Replay(s2, r2, seed, res2); err != nil {
				fail("replay after JSON: %v", err)
			}
		}
	}
	t.Logf("%d draws: %d drawn (%d with fallback), %d short %v", draws, ok, fellBack, short, constraints)
	for _, c := range append([]string{ConstraintPool}, Reasons...) {
		if constraints[c] == 0 {
			t.Errorf("no draw ran short on %s", c)
		}
	}
	if ok < draws/4 || short < draws/10 || fellBack < draws/50 {
		t.Fatalf("the generator is lopsided: %d drawn, %d with fallback, %d short", ok, fellBack, short)
	}
}

// chiSquare is Pearson's statistic of counts against a uniform expectation.
func chiSquare(counts map[string]int, ids []string, expected float64) float64 {
	x := 0.0
	for _, id := range ids {
		d := float64(counts[id]) - expected
		x += d * d / expected
	}
	return x
}

// TestUniformity: with equal loads, over many draws from one fixed pool,
// each eligible expert is selected (and drawn first) about equally often.
// The seeds are a fixed sequence, so the test is deterministic. Drawing
// without replacement makes the counts less dispersed than multinomial, so
// the chi-square critical value is conservative here.
func TestUniformity(t *testing.T) {
	s := pool(18)
	for i := range s.Experts {
		s.Experts[i].Load = 2
	}
	// six more whom the filters remove, to show they change nothing
	out := []func(*Expert){
		func(e *Expert) { e.HospitalID = "h1" },
		func(e *Expert) { e.Group = "g1" },
		func(e *Expert) { e.Absent = true },
		func(e *Expert) { e.ConflictPeople = []string{"p1"} },
		func(e *Expert) { e.MaxLoad = 2 },
		func(e *Expert) { e.Specialties = []string{"MDCW"} },
	}
	for i, f := range out {
		e := expert(fmt.Sprintf("z%d", i))
		e.Load = 2
		f(&e)
		s.Experts = append(s.Experts, e)
	}
	r := request()
	r.Need = 5
	r.Exclude = []string{"e18"} // an earlier panel: 17 eligible
	const draws = 20_000
	selected, first := map[string]int{}, map[string]int{}
	var eligible []string
	seed := make([]byte, SeedSize)
	for i := range draws {
		binary.BigEndian.PutUint64(seed, uint64(i)) // fixed sequence: i, then zeros
		res, err := Draw(s, r, seed)
		if err != nil {
			t.Fatal(err)
		}
		eligible = res.Eligible
		for _, id := range res.Selected {
			selected[id]++
		}
		first[res.Selected[0]]++
	}
	if len(eligible) != 17 {
		t.Fatalf("eligible %v", eligible)
	}
	for id := range selected {
		if !slices.Contains(eligible, id) {
			t.Fatalf("%s selected but not eligible", id)
		}
	}
	// χ² critical value, 16 degrees of freedom, p = 0.001
	const critical = 39.252
	k := float64(len(eligible))
	if x := chiSquare(selected, eligible, draws*float64(r.Need)/k); x > critical {
		t.Fatalf("selection χ² = %.2f > %.2f: %v", x, critical, selected)
	} else {
		t.Logf("selection χ² = %.2f (df 16, critical %.3f)", x, critical)
	}
	if x := chiSquare(first, eligible, draws/k); x > critical {
		t.Fatalf("first-drawn χ² = %.2f > %.2f: %v", x, critical, first)
	} else {
		t.Logf("first-drawn χ² = %.2f", x)
	}
}

// TestUniformityAmongTies: with unequal loads the least-loaded are always
// taken, and the remaining places are shared uniformly among the next load.
func TestUniformityAmongTies(t *testing.T) {
	s := pool(14)
	for i := range s.Experts {
		s.Experts[i].Load = 1 + min(i, 3)/3 // e01–e03 load 1, the other 11 load 2
	}
	r := request()
	r.Need = 5
	const draws = 11_000
	counts := map[string]int{}
	seed := make([]byte, SeedSize)
	for i := range draws {
		binary.LittleEndian.PutUint64(seed[24:], uint64(i)+1e9)
		res, err := Draw(s, r, seed)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range res.Selected[:3] {
			if s.Experts[0].ID != id && s.Experts[1].ID != id && s.Experts[2].ID != id {
				t.Fatalf("selected %v: the least loaded come first", res.Selected)
			}
		}
		for _, id := range res.Selected[3:] {
			counts[id]++
		}
	}
	var tied []string
	for _, e := range s.Experts[3:] {
		tied = append(tied, e.ID)
	}
	const critical = 29.588 // 10 degrees of freedom, p = 0.001
	if x := chiSquare(counts, tied, draws*2/float64(len(tied))); x > critical {
		t.Fatalf("χ² = %.2f > %.2f: %v", x, critical, counts)
	}
}
