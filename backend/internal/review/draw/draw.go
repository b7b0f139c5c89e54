package draw

import (
	"cmp"
	"crypto/rand"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Expert is one pool member as seen by a draw (JSON-serialisable; the
// service stores the whole Snapshot as jsonb).
type Expert struct {
	ID                   string   `json:"id"`           // user uuid
	HospitalID           string   `json:"hospitalId"`   // "" = not attached to a hospital
	Group                string   `json:"group"`        // hospital group name, "" = none
	Specialties          []string `json:"specialties"`  // MDC codes, e.g. "MDCF"
	Organisation         string   `json:"organisation"` // third-party review organisation, "" = none
	Active               bool     `json:"active"`
	Absent               bool     `json:"absent"` // unavailable on the draw day (computed by the caller)
	Load                 int      `json:"load"`   // panels in the current cycle
	MaxLoad              int      `json:"maxLoad"`
	ConflictHospitals    []string `json:"conflictHospitals"`    // declared hospital conflicts (hospital ids)
	ConflictPeople       []string `json:"conflictPeople"`       // declared colleague conflicts (user ids)
	ConflictApplications []string `json:"conflictApplications"` // conflicts declared on seeing a case
}

// Snapshot is the pool as it stood when a draw ran. At is recorded for the
// auditor; the draw itself does not read the clock or At (absences are
// already folded into Expert.Absent).
type Snapshot struct {
	At      time.Time `json:"at"`
	Experts []Expert  `json:"experts"`
}

// Request is what one draw asks for.
type Request struct {
	ApplicationID string   `json:"applicationId"`
	HospitalID    string   `json:"hospitalId"`    // applying hospital
	HospitalGroup string   `json:"hospitalGroup"` // its group, "" = none
	People        []string `json:"people"`        // users involved in the application (creator, office)
	MDC           string   `json:"mdc"`           // the case's MDC, "" = any specialty
	Related       []string `json:"related"`       // fallback specialties, in order of preference
	Need          int      `json:"need"`          // how many members to draw now
	Exclude       []string `json:"exclude"`       // experts who may not be drawn (earlier panels on appeal, current/declined members on replacement)
	CrossReview   bool     `json:"crossReview"`   // 交叉评审: only experts attached to another hospital
	Organisation  string   `json:"organisation"`  // third-party mode: only members of this organisation
}

// Exclusion names an expert who could not be drawn and the first filter that
// excluded them.
type Exclusion struct {
	ExpertID string `json:"expertId"`
	Reason   string `json:"reason"` // one of the Reason constants
}

// The filters, in the order they run. An excluded expert carries the first
// one that excluded them.
const (
	ReasonInactive     = "inactive"                // Expert.Active is false
	ReasonAbsent       = "absent"                  // Expert.Absent
	ReasonExcluded     = "earlier_panel_or_member" // in Request.Exclude
	ReasonOrganisation = "organisation"            // third-party mode: not a member of Request.Organisation
	ReasonCrossReview  = "cross_review"            // 交叉评审: not attached to any hospital
	ReasonSameHospital = "same_hospital"           // attached to the applying hospital
	ReasonSameGroup    = "same_group"              // in the applying hospital's group
	ReasonConflict     = "conflict"                // a declared hospital, colleague or application conflict, or involved in the application
	ReasonLoad         = "load_limit"              // Load >= MaxLoad
	ReasonSpecialty    = "specialty"               // neither the MDC nor a used fallback specialty
)

// ConstraintPool is ShortError.Constraint when the snapshot itself holds fewer
// experts than Request.Need, before any filter ran. It is never an
// Exclusion reason.
const ConstraintPool = "pool"

// Reasons lists the filters in the order they run (a copy; changing it
// changes nothing).
var Reasons = slices.Clone(reasonOrder[:])

var reasonOrder = [...]string{
	ReasonInactive, ReasonAbsent, ReasonExcluded, ReasonOrganisation, ReasonCrossReview,
	ReasonSameHospital, ReasonSameGroup, ReasonConflict, ReasonLoad, ReasonSpecialty,
}

// indexes into reasonOrder
const (
	iInactive = iota
	iAbsent
	iExcluded
	iOrganisation
	iCrossReview
	iSameHospital
	iSameGroup
	iConflict
	iLoad
	iSpecialty
)

// Algorithm names the selection procedure described in doc.go. The golden
// test pins its output; a change to it is a new algorithm, and recorded
// draws must then be replayed with the version that made them.
const Algorithm = "teyi-draw/1 (chacha8, id-sorted fisher-yates, stable by specialty tier then load)"

// Result is the outcome of a draw.
type Result struct {
	Selected []string    `json:"selected"` // in draw order
	Eligible []string    `json:"eligible"` // everyone who could have been drawn (after fallback), by id
	Excluded []Exclusion `json:"excluded"` // everyone else, by id, with the first reason that excluded them
	Fallback []string    `json:"fallback"` // related specialties that were used because too few matched the MDC (empty if none)
}

// SeedSize is the length of a draw seed in bytes.
const SeedSize = 32

// NewSeed returns SeedSize bytes from crypto/rand.
func NewSeed() []byte {
	b := make([]byte, SeedSize)
	rand.Read(b) // never returns an error (crypto/rand, Go ≥ 1.24); it crashes the program instead
	return b
}

// candidate is an expert who passed every filter but specialty.
type candidate struct {
	id   string
	load int
	tier int // 0 = matches the MDC, i+1 = matches related[i] (first match); -1 = none
	pos  int // position in id order
}

// Screen runs the filters and the specialty fallback without drawing: the
// result's Eligible, Excluded and Fallback are what Draw would report, and
// Selected is empty. It returns a *ShortError (with that result) when fewer
// than Need are eligible. No seed is needed: screening is not random.
func Screen(s Snapshot, r Request) (Result, error) {
	if err := validate(s, r); err != nil {
		return Result{}, err
	}
	_, res, short := screen(s, r)
	if short != nil {
		return res, short
	}
	return res, nil
}

// Draw draws r.Need experts from s. It is deterministic in (s, r, seed) and
// does not depend on the order of s.Experts. seed must be SeedSize bytes
// (NewSeed). Bad input is an error wrapping ErrInvalid. When too few experts
// are eligible it returns a *ShortError together with a Result whose
// Eligible, Excluded and Fallback explain why (Selected empty).
func Draw(s Snapshot, r Request, seed []byte) (Result, error) {
	if len(seed) != SeedSize {
		return Result{}, fmt.Errorf("%w: the seed has %d bytes, want %d", ErrInvalid, len(seed), SeedSize)
	}
	if err := validate(s, r); err != nil {
		return Result{}, err
	}
	cands, res, short := screen(s, r)
	if short != nil {
		return res, short
	}
	// cands are in id order; shuffle, then least-loaded first within the
	// best specialty tier; the stable sort keeps the shuffled order among
	// equals, so ties are broken uniformly at random.
	g := newGenerator([SeedSize]byte(seed))
	g.shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
	slices.SortStableFunc(cands, func(a, b candidate) int {
		if a.tier != b.tier {
			return cmp.Compare(a.tier, b.tier)
		}
		return cmp.Compare(a.load, b.load)
	})
	res.Selected = make([]string, r.Need)
	for i := range r.Need {
		res.Selected[i] = cands[i].id
	}
	return res, nil
}

func validate(s Snapshot, r Request) error {
	if r.Need < 1 {
		return fmt.Errorf("%w: need must be at least 1, got %d", ErrInvalid, r.Need)
	}
	if r.ApplicationID == "" {
		return fmt.Errorf("%w: the request names no application", ErrInvalid)
	}
	if r.HospitalID == "" {
		return fmt.Errorf("%w: the request names no applying hospital (recusal needs it)", ErrInvalid)
	}
	seen := make(map[string]struct{}, len(s.Experts))
	for i, e := range s.Experts {
		if e.ID == "" {
			return fmt.Errorf("%w: expert %d of the snapshot has no id", ErrInvalid, i)
		}
		if _, dup := seen[e.ID]; dup {
			return fmt.Errorf("%w: expert %s appears twice in the snapshot", ErrInvalid, e.ID)
		}
		seen[e.ID] = struct{}{}
	}
	return nil
}

type set map[string]struct{}

func newSet(xs []string) set {
	s := make(set, len(xs))
	for _, x := range xs {
		s[x] = struct{}{}
	}
	return s
}

func (s set) has(x string) bool { _, ok := s[x]; return ok }

// firstReason is the index in Reasons of the first filter (all but
// specialty) that excludes e, or -1.
func firstReason(e *Expert, r *Request, exclude, people set) int {
	switch {
	case !e.Active:
		return iInactive
	case e.Absent:
		return iAbsent
	case exclude.has(e.ID):
		return iExcluded
	case r.Organisation != "" && e.Organisation != r.Organisation:
		return iOrganisation
	case r.CrossReview && e.HospitalID == "":
		return iCrossReview
	case e.HospitalID != "" && e.HospitalID == r.HospitalID:
		return iSameHospital
	case r.HospitalGroup != "" && e.Group == r.HospitalGroup:
		return iSameGroup
	case conflicted(e, r, people):
		return iConflict
	case e.Load >= e.MaxLoad:
		return iLoad
	}
	return -1
}

func conflicted(e *Expert, r *Request, people set) bool {
	if people.has(e.ID) || slices.Contains(e.ConflictHospitals, r.HospitalID) ||
		slices.Contains(e.ConflictApplications, r.ApplicationID) {
		return true
	}
	for _, p := range e.ConflictPeople {
		if people.has(p) {
			return true
		}
	}
	return false
}

// related returns r.Related without blanks, duplicates and the MDC itself;
// none when the MDC is empty (everyone matches).
func related(r *Request) []string {
	if r.MDC == "" {
		return nil
	}
	out := make([]string, 0, len(r.Related))
	for _, c := range r.Related {
		if c != "" && c != r.MDC && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func tierOf(e *Expert, mdc string, rel []string) int {
	if mdc == "" || slices.Contains(e.Specialties, mdc) {
		return 0
	}
	for i, c := range rel {
		if slices.Contains(e.Specialties, c) {
			return i + 1
		}
	}
	return -1
}

// screen applies the filters to a validated snapshot and request. The
// candidates come back in id order.
func screen(s Snapshot, r Request) ([]candidate, Result, *ShortError) {
	order := make([]int, len(s.Experts))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(s.Experts[a].ID, s.Experts[b].ID) })

	exclude, people := newSet(r.Exclude), newSet(r.People)
	rel := related(&r)
	var removed [len(reasonOrder)]int
	reasons := make([]uint8, len(order)) // by position in order: 1 + index in Reasons, 0 = eligible
	cands := make([]candidate, 0, len(order))
	perTier := make([]int, len(rel)+1)
	for k, i := range order {
		e := &s.Experts[i]
		if why := firstReason(e, &r, exclude, people); why >= 0 {
			reasons[k] = uint8(why + 1)
			removed[why]++
			continue
		}
		c := candidate{id: e.ID, load: e.Load, tier: tierOf(e, r.MDC, rel), pos: k}
		if c.tier >= 0 {
			perTier[c.tier]++
		}
		cands = append(cands, c)
	}

	// the MDC first, then each related specialty in turn until enough
	res := Result{Selected: []string{}, Fallback: []string{}}
	maxTier, have := 0, perTier[0]
	for t := 1; t <= len(rel) && have < r.Need; t++ {
		if perTier[t] > 0 {
			res.Fallback = append(res.Fallback, rel[t-1])
			have += perTier[t]
		}
		maxTier = t
	}
	kept := cands[:0]
	for _, c := range cands {
		if c.tier >= 0 && c.tier <= maxTier {
			kept = append(kept, c)
		} else {
			reasons[c.pos] = uint8(iSpecialty + 1)
			removed[iSpecialty]++
		}
	}
	cands = kept

	res.Eligible = make([]string, len(cands))
	for i, c := range cands {
		res.Eligible[i] = c.id
	}
	res.Excluded = make([]Exclusion, 0, len(order)-len(cands))
	for k, i := range order {
		if reasons[k] != 0 {
			res.Excluded = append(res.Excluded, Exclusion{ExpertID: s.Experts[i].ID, Reason: reasonOrder[reasons[k]-1]})
		}
	}

	// which filter ran short: the first after which fewer than Need remain
	left := len(s.Experts)
	if left < r.Need {
		return nil, res, &ShortError{Constraint: ConstraintPool, Need: r.Need, Have: left}
	}
	for j, why := range reasonOrder {
		left -= removed[j]
		if left < r.Need {
			return nil, res, &ShortError{Constraint: why, Need: r.Need, Have: left}
		}
	}
	return cands, res, nil
}
