package grouper

import "fmt"

// Status is the outcome class of one grouping.
type Status uint8

const (
	StatusNone                Status = iota // zero value: not grouped yet
	StatusGrouped                           // 分组成功
	StatusValidationFailed                  // 信息校验不通过
	StatusCodeNotTranslatable               // 编码不能转换为分组器支持的编码
	StatusUngroupable                       // 无法入组 (0000, or xQY when the plan enables 歧义组)
)

var statusNames = [...]string{"", "grouped", "validation_failed", "code_not_translatable", "ungroupable"}
var statusLabels = [...]string{"", "分组成功", "信息校验不通过", "编码不能转换为分组器支持的编码", "无法入组"}

// String is the stable machine name (grouped, validation_failed, …).
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("status(%d)", s)
}

// Label is the Chinese label used by the reference groupers and the bureaus.
func (s Status) Label() string {
	if int(s) < len(statusLabels) {
		return statusLabels[s]
	}
	return ""
}

func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

func (s *Status) UnmarshalText(b []byte) error {
	for i, n := range statusNames {
		if i > 0 && (n == string(b) || statusLabels[i] == string(b)) {
			*s = Status(i)
			return nil
		}
	}
	return fmt.Errorf("grouper: unknown status %q", b)
}

// Comorbidity is the severity the secondary diagnoses give the case after
// exclusions: the basis of the DRG split (…1 MCC, …3 CC, …5 none).
type Comorbidity uint8

const (
	ComorbidityNone Comorbidity = iota
	ComorbidityCC
	ComorbidityMCC
)

var comorbidityNames = [...]string{"none", "cc", "mcc"}

func (c Comorbidity) String() string {
	if int(c) < len(comorbidityNames) {
		return comorbidityNames[c]
	}
	return "none"
}

func (c Comorbidity) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

func (c *Comorbidity) UnmarshalText(b []byte) error {
	for i, n := range comorbidityNames {
		if n == string(b) {
			*c = Comorbidity(i)
			return nil
		}
	}
	return fmt.Errorf("grouper: unknown comorbidity %q", b)
}

// SecondaryDx is a secondary diagnosis that is on the MCC or CC list, with the
// exclusion table (表 7-N) it points to.
type SecondaryDx struct {
	Code  string      `json:"code"`
	Kind  Comorbidity `json:"kind"`            // cc or mcc
	Table string      `json:"table,omitempty"` // exclusion table; empty when the code has none (无)
}

// Result is the outcome of grouping one case. A caller that groups many cases
// reuses one Result: GroupInto resets it and reuses its slices, so the engine
// allocates nothing once they have grown. Strings in a Result point into the
// pack or the case; none are built per case.
type Result struct {
	Status Status `json:"status"`
	Reason string `json:"reason,omitempty"` // why, when Status is not grouped
	Detail string `json:"detail,omitempty"` // the offending code or field, if any

	MDC      string `json:"mdc,omitempty"`
	MDCName  string `json:"mdc_name,omitempty"`
	ADRG     string `json:"adrg,omitempty"`
	ADRGName string `json:"adrg_name,omitempty"`
	DRG      string `json:"drg,omitempty"`
	DRGName  string `json:"drg_name,omitempty"`

	// Comorbidity is the case's CC/MCC level after exclusions.
	Comorbidity Comorbidity `json:"comorbidity"`
	// SplitBy is the secondary diagnosis that decided an MCC or CC split.
	SplitBy SecondaryDx `json:"split_by,omitzero"`
	// Excluded are the MCC/CC diagnoses that did not count because the
	// principal diagnosis is in their exclusion table.
	Excluded []SecondaryDx `json:"excluded,omitempty"`

	Trace []Step `json:"trace"`

	Plan       string `json:"plan"`
	PlanDigest string `json:"plan_digest"`
	Engine     string `json:"engine"`

	// scratch reused between calls: the case's codes as slots of the
	// pack's code index, and as the strings shown for them.
	dx, px   []int32
	dxs, pxs []string
}

// Reset clears r for reuse, keeping the capacity of its slices.
func (r *Result) Reset() {
	*r = Result{Excluded: r.Excluded[:0], Trace: r.Trace[:0], dx: r.dx[:0], px: r.px[:0], dxs: r.dxs[:0], pxs: r.pxs[:0]}
}

// Clone returns a copy that does not share slices with r, for callers that
// keep results while reusing r.
func (r *Result) Clone() Result {
	c := *r
	c.Excluded = append([]SecondaryDx(nil), r.Excluded...)
	c.Trace = append([]Step(nil), r.Trace...)
	c.dx, c.px, c.dxs, c.pxs = nil, nil, nil, nil
	return c
}
