// Package pricing is Teyi's DRG pricing pack: it turns a grouped case (a DRG
// code, the hospital, the fund and the fee lines) into the money the case is
// worth — the payment standard, the cost ratio, the outlier class, what the
// DRG pays the hospital, what the patient and the fund share, and the
// parameter version that produced it. domain.md §2 is the rule book;
// README.md in this directory maps every formula to its clause.
//
// The story:
//
//  1. A bureau administrator drafts a Version: one region and year, effective
//     dates, the method (rate 费率法 or point 点数法), per-DRG weights, base
//     rates or point values per fund (职工 employee / 居民 resident), hospital
//     coefficients, outlier thresholds and how outliers are paid, and the
//     patient-share parameters (起付线, fund ratio, 乙类 先行自付). NewDraft
//     validates a Spec and names the field at fault; a Version never changes
//     after it is built.
//  2. Weights and published payment standards come from a catalogue CSV
//     (ReadCatalogue), which reports every bad row with its line.
//  3. Activate turns a draft into the active version for its region, checked
//     against the clock and the region's other active versions; the store
//     persists the result and audits it. EndOn closes an active version so a
//     successor can follow it; Effective picks the version for a discharge
//     date.
//  4. Price applies a Version to one CaseInput and returns an Outcome in
//     decimal yuan, rounded to cents half-up (四舍五入; see money.go).
//
// The package is pure: no database, no HTTP, no clock of its own, no float.
// It refuses to group (package grouper does that), to decide special cases,
// and to know annual caps (封顶线) or year-end clearance, which need a whole
// region's year of cases.
package pricing
