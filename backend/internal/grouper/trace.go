package grouper

// Step is one decision on the grouping path, in the order taken:
//
//	validate → (translate) → mdc entered → [mdc fell through → mdc entered …]
//	→ adrg matched (or qy) → drg split
//
// Failed MDC entry tests and ADRGs that did not match are not recorded: the
// path is what a reviewer reads, and its length stays bounded by the number
// of MDCs entered.
type Step struct {
	Stage  string `json:"stage"`            // one of the Stage* constants
	Code   string `json:"code,omitempty"`   // MDC, ADRG or DRG concerned
	Rule   string `json:"rule,omitempty"`   // the condition that held, in plan syntax
	By     string `json:"by,omitempty"`     // the case's code that satisfied it, if one did
	Source string `json:"source,omitempty"` // where the plan states it: file:line
}

// Stages of the trace.
const (
	StageValidate    = "validate"     // pre-checks passed or failed (Rule holds the reason)
	StageTranslate   = "translate"    // a code was mapped to the plan's code set
	StageMDC         = "mdc"          // an MDC's entry rule held
	StageFallThrough = "mdc_no_adrg"  // entered MDC had no matching ADRG; evaluation moved on
	StageADRG        = "adrg"         // the ADRG whose clause held
	StageQY          = "qy"           // 歧义组: OR procedure unrelated to the MDC
	StageDRG         = "drg"          // the DRG split that held
	StageUngroupable = "ungroupable"  // no MDC/ADRG took the case
	StageExcludedDx  = "excluded_pdx" // the principal diagnosis may not be used for grouping
)

func (r *Result) step(stage, code, rule, by, source string) {
	r.Trace = append(r.Trace, Step{Stage: stage, Code: code, Rule: rule, By: by, Source: source})
}
