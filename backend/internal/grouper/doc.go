// Package grouper is Teyi's DRG grouper: it turns one inpatient case into
// MDC → ADRG → DRG, with a status and the decision path that a reviewer needs
// when a hospital disputes a grouping.
//
// The story in four steps:
//
//  1. A plan (CHS-DRG 1.1 ships with the package) is plain text laid out like
//     the NHSA publication: 1_MDC.txt … 7_CCE.txt, MDC/*.dat, plus a small
//     manifest, 0_PLAN.txt, for what the text says only in prose (evaluation
//     order, MDC entry rules, ages and weights written into group names).
//     Compile reads such a directory and reports every problem with its file
//     and line.
//  2. The result is a Pack: immutable, safe for concurrent use, serialisable
//     to bytes (MarshalBinary / UnmarshalPack) so it can be stored and loaded
//     without the text. Codes are interned; every list of the plan is a bit in
//     a per-code bitset, so evaluation is hash lookups and bit tests, never a
//     scan of a code list.
//  3. Pack.GroupInto evaluates one Case into a caller-owned Result. Validation,
//     optional code translation, MDC entry, ADRG clauses and the CC/MCC split
//     run without allocating once the Result's slices have grown.
//  4. A Registry holds packs and selects one by id or by discharge date;
//     RunBatch streams CSV or JSON Lines through a pack.
//
// The package owns no database and no HTTP. It never knows money: weights and
// base rates are a separate, region-specific concern.
package grouper

// EngineVersion identifies this implementation in every Result, next to the
// plan id and digest, so a stored grouping says exactly what produced it.
const EngineVersion = "teyi-grouper/1.0.0"
