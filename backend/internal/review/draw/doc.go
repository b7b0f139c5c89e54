// Package draw is the expert-panel draw of issue 7 (domain.md §1.4 item 6,
// §8): pure and deterministic, no database, no HTTP, no clock. Package
// review builds a Snapshot of the region's pool and a Request for one
// application, calls Draw with a fresh NewSeed, and records the seed, the
// snapshot, the request and the Result so that Replay (`teyi panel replay
// DRAW_ID`) reproduces the panel for an auditor.
//
// # Eligibility
//
// The filters run in a fixed order, the order of the Reason constants; an
// expert who fails one is excluded with the first reason that applies:
//
//  1. inactive — Expert.Active is false;
//  2. absent — Expert.Absent (the caller folds availability periods in);
//  3. earlier_panel_or_member — in Request.Exclude (every member of an
//     earlier panel on appeal; current and declined members on a
//     replacement);
//  4. organisation — third-party mode (Request.Organisation set): not a
//     member of that organisation;
//  5. cross_review — 交叉评审 (Request.CrossReview): not attached to any
//     hospital; with rule 6 this leaves experts of other hospitals only;
//  6. same_hospital — attached to the applying hospital (回避);
//  7. same_group — in the applying hospital's group (when it has one);
//  8. conflict — the expert declared the applying hospital, one of
//     Request.People (the application's creator, its office), or this
//     application; or the expert is one of Request.People;
//  9. load_limit — Load >= MaxLoad;
//  10. specialty — see below.
//
// Specialty: an expert whose Specialties contain the MDC matches (an empty
// MDC matches everyone). When fewer than Need match, experts with
// Request.Related[0] join, then Related[1], … until there are enough; each
// related specialty that added someone is reported in Result.Fallback, in
// order. Experts of a later related specialty are excluded as specialty.
//
// When fewer than Need remain, Draw returns a *ShortError whose Constraint
// is the first filter after which fewer than Need were left (ConstraintPool
// when the snapshot itself is smaller than Need) and Have the count after
// it; the Result returned with it still lists Eligible, Excluded and
// Fallback for the draw dialog. Screen does the same without drawing.
//
// # Selection
//
// The seed is 32 bytes from crypto/rand (NewSeed). It seeds ChaCha8
// (math/rand/v2.NewChaCha8), whose output is fixed by its specification.
// Then:
//
//  1. the eligible experts are sorted by ID, so the snapshot's order does
//     not matter;
//  2. they are shuffled by Fisher–Yates (i from n-1 down to 1, swap with j
//     uniform in [0, i], drawn by Lemire's unbiased multiply-shift with
//     rejection from ChaCha8.Uint64; this package's own code, so no change
//     to rand.Rand can alter a recorded draw);
//  3. they are stable-sorted by specialty tier (MDC match first, then each
//     used fallback specialty in order — a fallback only fills the places
//     the MDC cannot) and, within a tier, by Load ascending: the
//     least-loaded experts come first, uniformly at random among equal
//     loads;
//  4. the first Need are Result.Selected, in that order.
//
// Without a fallback the tier is the same for everyone and step 3 is the
// plain stable sort by load. The procedure is named by Algorithm and pinned
// by a golden test.
package draw
