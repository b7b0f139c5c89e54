// Package registry is the new drug, device and technology registry
// (新药耗新技术备案, 除外支付; domain.md §1.2). A hospital's insurance office
// files a new drug, consumable or service item with its national code and
// evidence; the bureau approves it for a validity period and a scope (the
// whole region or only the filing hospital), or rejects it with a reason.
// While an approval is in force, cases that use the item are flagged by
// screening and the item's amount is carved out of the DRG bundle and paid
// by item (package pricing's carve-out, wired in by casefile.Env.Registry).
//
// One guarded function moves a filing between states (transitions below);
// every change is audited in its transaction and carries a row version.
package registry

import (
	"regexp"
	"time"

	"teyi/backend/internal/pricing"
)

// Kind is what is filed.
type Kind string

// The kinds of filing.
const (
	KindDrug       Kind = "drug"       // 新药: NHSA drug code, X (西药) or Z (中成药)
	KindConsumable Kind = "consumable" // 新耗材: NHSA consumable code, C + digits
	KindService    Kind = "service"    // 新技术 (医疗服务项目): 9-digit national service code, optional local suffix
)

// Kinds lists every kind.
var Kinds = []Kind{KindDrug, KindConsumable, KindService}

var codeShapes = map[Kind]*regexp.Regexp{
	// NHSA drug codes: X 西药 / Z 中成药, then the classification and
	// product segments (letters and digits), e.g. XL01XCA350B001.
	KindDrug: regexp.MustCompile(`^[XZ][0-9A-Z]{9,26}$`),
	// NHSA medical consumable codes: C, then 14 to 26 digits, e.g.
	// C13150101900001.
	KindConsumable: regexp.MustCompile(`^C[0-9]{14,26}$`),
	// 全国医疗服务项目 codes: 9 digits, e.g. 330100005, with an optional
	// local extension of up to 6 letters or digits.
	KindService: regexp.MustCompile(`^[0-9]{9}[0-9A-Z]{0,6}$`),
}

// CodeHint describes the expected code shape of a kind.
var CodeHint = map[Kind]string{
	KindDrug:       "X or Z followed by 9–26 letters or digits (e.g. XL01XCA350B001)",
	KindConsumable: "C followed by 14–26 digits (e.g. C13150101900001)",
	KindService:    "9 digits with an optional suffix of up to 6 letters or digits (e.g. 330100005)",
}

// ValidCode reports whether code (upper-cased) has the shape of kind.
func ValidCode(k Kind, code string) bool {
	re, ok := codeShapes[k]
	return ok && re.MatchString(code)
}

// Status is where a filing stands.
type Status string

// The states of a filing.
const (
	StatusDraft     Status = "draft"     // the hospital is writing it
	StatusSubmitted Status = "submitted" // waiting for the bureau
	StatusApproved  Status = "approved"  // in force between valid_from and valid_to
	StatusRejected  Status = "rejected"  // refused, with a reason (final)
	StatusWithdrawn Status = "withdrawn" // the hospital took it back (final)
	StatusExpired   Status = "expired"   // an approval whose last day has passed (final)
)

// Scope of an approval.
type Scope string

// The scopes of an approval.
const (
	ScopeRegion   Scope = "region"   // every hospital of the region
	ScopeHospital Scope = "hospital" // only the filing hospital
)

// Action is a change to a filing.
type Action string

// The actions.
const (
	ActSubmit   Action = "submit"
	ActApprove  Action = "approve"
	ActReject   Action = "reject"
	ActWithdraw Action = "withdraw"
	ActExpire   Action = "expire"
	ActUpdate   Action = "update" // a draft's fields or evidence; no state change
)

// Actor is who may take an action.
type Actor string

// The actors.
const (
	ByHospital Actor = "hospital" // the filing hospital's insurance office
	ByBureau   Actor = "bureau"   // a bureau administrator of the region
	BySystem   Actor = "system"   // the expiry task
)

// Transition is one row of the state table.
type Transition struct {
	From []Status
	To   Status
	By   Actor
}

// Transitions is the state machine: who may take which action from which
// states. An action from another state is refused (409).
var Transitions = map[Action]Transition{
	ActUpdate:   {From: []Status{StatusDraft}, To: StatusDraft, By: ByHospital},
	ActSubmit:   {From: []Status{StatusDraft}, To: StatusSubmitted, By: ByHospital},
	ActApprove:  {From: []Status{StatusSubmitted}, To: StatusApproved, By: ByBureau},
	ActReject:   {From: []Status{StatusSubmitted}, To: StatusRejected, By: ByBureau},
	ActWithdraw: {From: []Status{StatusDraft, StatusSubmitted}, To: StatusWithdrawn, By: ByHospital},
	ActExpire:   {From: []Status{StatusApproved}, To: StatusExpired, By: BySystem},
}

// Allowed reports whether a takes a filing in state s, and to which state.
func Allowed(a Action, s Status) (Status, bool) {
	t, ok := Transitions[a]
	if !ok {
		return "", false
	}
	for _, f := range t.From {
		if f == s {
			return t.To, true
		}
	}
	return "", false
}

// MaxValidity bounds an approval: the national criteria speak of items
// approved, listed or re-priced within three years (京医保中心发〔2022〕30号).
const MaxValidity = 3 * 366 * 24 * time.Hour

// ReminderDays is how long before an approval's last day the office and
// the bureau are reminded.
const ReminderDays = 30

// MaxEvidenceBytes bounds one evidence file; MaxEvidenceFiles one filing.
const (
	MaxEvidenceBytes = 20 << 20
	MaxEvidenceFiles = 20
)

// Filing is one filing.
type Filing struct {
	ID            string     `json:"id"`
	RegionCode    string     `json:"region_code"`
	HospitalID    string     `json:"hospital_id"`
	HospitalName  string     `json:"hospital_name"`
	Kind          Kind       `json:"kind" enum:"drug,consumable,service"`
	Code          string     `json:"code" doc:"National code (医保编码)"`
	Name          string     `json:"name"`
	ListedOn      string     `json:"listed_on" doc:"Approval or listing date, YYYY-MM-DD"`
	ExpectedCases int        `json:"expected_cases" doc:"Cases per year the hospital expects"`
	Justification string     `json:"justification"`
	Status        Status     `json:"status" enum:"draft,submitted,approved,rejected,withdrawn,expired"`
	Scope         Scope      `json:"scope" enum:",region,hospital" doc:"Set on approval"`
	ValidFrom     string     `json:"valid_from" doc:"First day in force (YYYY-MM-DD), set on approval"`
	ValidTo       string     `json:"valid_to" doc:"Last day in force (inclusive), set on approval"`
	InForce       bool       `json:"in_force" doc:"Approved and covering today (Beijing)"`
	DaysLeft      int        `json:"days_left" doc:"Approved: days from today to the last day in force (0 on the last day; negative once ended)"`
	RejectReason  string     `json:"reject_reason"`
	EvidenceCount int        `json:"evidence_count"`
	CreatedBy     string     `json:"created_by"`
	CreatedAt     time.Time  `json:"created_at"`
	SubmittedAt   *time.Time `json:"submitted_at"`
	DecidedBy     string     `json:"decided_by"`
	DecidedAt     *time.Time `json:"decided_at"`
	RemindedAt    *time.Time `json:"reminded_at"`
	Version       int        `json:"version" doc:"Row version; send it back with a change (a stale one answers 409)"`
}

// FilingDetail is a filing with its evidence.
type FilingDetail struct {
	Filing
	Evidence []FilingEvidence `json:"evidence"`
}

// FilingEvidence is one uploaded file.
type FilingEvidence struct {
	ID          string    `json:"id"`
	FileName    string    `json:"file_name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedBy  string    `json:"uploaded_by"`
	UploadedAt  time.Time `json:"uploaded_at"`
}

// FilingInput is what a hospital writes: only these fields, so status,
// hospital and approval fields in a body are refused (422).
type FilingInput struct {
	Kind          Kind   `json:"kind" enum:"drug,consumable,service"`
	Code          string `json:"code" minLength:"1" maxLength:"40" doc:"National code (医保编码); its shape depends on the kind"`
	Name          string `json:"name" minLength:"1" maxLength:"200"`
	ListedOn      string `json:"listed_on" pattern:"^[0-9]{4}-[0-9]{2}-[0-9]{2}$" doc:"Approval or listing date, YYYY-MM-DD (not in the future)"`
	ExpectedCases int    `json:"expected_cases" minimum:"0" maximum:"1000000"`
	Justification string `json:"justification" maxLength:"4000" doc:"Why the item does not fit the DRG bundle yet"`
}

// Decision is the bureau's approval.
type Decision struct {
	ValidFrom string `json:"valid_from" pattern:"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"`
	ValidTo   string `json:"valid_to" pattern:"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"`
	Scope     Scope  `json:"scope" enum:"region,hospital"`
}

// Approval is an approved item as case intake needs it.
type Approval struct {
	Code       string
	HospitalID string
	Scope      Scope
	From, To   pricing.Date
}

// Covers reports whether the approval applies to the cases of hospitalID.
func (a Approval) Covers(hospitalID string) bool {
	return a.Scope == ScopeRegion || a.HospitalID == hospitalID
}
