// Package specialcase is the special-case application (特例单议申请): from a
// clinician's objection to a case accepted for expert review. One state
// machine (machine.go, a table) guards every change; evidence, information
// requests with working-day deadlines, the quota and the thread hang off it.
package specialcase

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// Type is why a case should be judged on its own (domain.md §1.2).
type Type string

// The types.
const (
	LongStay        Type = "LONG_STAY"
	HighCost        Type = "HIGH_COST"
	NewDrugDevice   Type = "NEW_DRUG_DEVICE_TECH"
	ComplexCritical Type = "COMPLEX_CRITICAL"
	MDT             Type = "MDT"
	Other           Type = "OTHER"
	// GroupingDispute: the hospital proposes corrected codes (an appeal
	// type that feeds the same workflow, domain.md §1.2).
	GroupingDispute Type = "GROUPING_DISPUTE"
)

// Types lists every type.
var Types = []Type{LongStay, HighCost, NewDrugDevice, ComplexCritical, MDT, Other, GroupingDispute}

// EvidenceKind is a kind of uploaded material.
type EvidenceKind string

// The kinds (the Zhejiang list, domain.md §1.4 item 3).
const (
	EvAdmission  EvidenceKind = "admission_record" // 入院记录
	EvDischarge  EvidenceKind = "discharge_record" // 出院记录
	EvFrontPage  EvidenceKind = "front_page"       // 病案首页
	EvProgress   EvidenceKind = "progress_notes"   // 病程记录
	EvOrders     EvidenceKind = "orders"           // 医嘱
	EvReports    EvidenceKind = "reports"          // 检查/化验报告
	EvOperation  EvidenceKind = "operation_record" // 手术记录
	EvSpecialUse EvidenceKind = "special_use"      // 特殊药品/耗材/检查使用
	EvOther      EvidenceKind = "other"            // 其他
)

// EvidenceKinds lists every kind.
var EvidenceKinds = []EvidenceKind{EvAdmission, EvDischarge, EvFrontPage, EvProgress, EvOrders, EvReports, EvOperation, EvSpecialUse, EvOther}

// Checklist is the evidence each type asks for. The office sees what is
// missing; submission needs at least one file (the checklist guides, it does
// not block: regions simplify the material, 暂行办法 Art. 21).
func Checklist(types []Type) []EvidenceKind {
	want := []EvidenceKind{EvAdmission, EvDischarge, EvFrontPage}
	add := func(k ...EvidenceKind) {
		for _, x := range k {
			if !slices.Contains(want, x) {
				want = append(want, x)
			}
		}
	}
	for _, t := range types {
		switch t {
		case LongStay:
			add(EvProgress, EvOrders)
		case HighCost:
			add(EvOrders, EvSpecialUse)
		case NewDrugDevice:
			add(EvSpecialUse, EvOrders)
		case ComplexCritical:
			add(EvProgress, EvReports)
		case MDT:
			add(EvProgress, EvOperation)
		case GroupingDispute:
			add(EvOperation, EvReports)
		case Other:
			add(EvProgress)
		}
	}
	return want
}

// Reason templates for returns, information requests and rejections; the
// UI shows them in the user's language, the note adds free text.
var (
	InfoReasons = []string{"missing_records", "missing_fee_detail", "unclear_justification", "illegible_files", "coding_evidence", "other"}
	// RejectReasons are refusals at intake.
	RejectReasons = []string{"not_eligible", "outside_window", "incomplete", "duplicate", "other"}
	// ReturnReasons are the office's reasons to send a draft back.
	ReturnReasons = []string{"incomplete", "wrong_type", "not_worth_applying", "other"}
)

// Application is one application as stored.
type Application struct {
	ID             string          `json:"id"`
	No             string          `json:"no"`
	RegionCode     string          `json:"region_code"`
	HospitalID     string          `json:"hospital_id"`
	HospitalName   string          `json:"hospital_name"`
	CaseID         int64           `json:"case_id,string"`
	SettlementID   string          `json:"settlement_id"`
	DischargedOn   string          `json:"discharged_on"`
	Types          []Type          `json:"types"`
	Status         Status          `json:"status"`
	Version        int             `json:"version"`
	Justification  string          `json:"justification"`
	ClaimedAmount  *string         `json:"claimed_amount"`
	Proposal       *Proposal       `json:"proposal,omitempty"`
	CaseSnapshot   *CaseSnapshot   `json:"snapshot,omitempty"`
	ScreeningHits  *ScreeningHits  `json:"screening,omitempty"`
	CreatedBy      string          `json:"created_by"`
	CreatedByName  string          `json:"created_by_name"`
	AssignedTo     *string         `json:"assigned_to"`
	AssignedName   string          `json:"assigned_name,omitempty"`
	QuotaPeriod    string          `json:"quota_period,omitempty"`
	QuotaKey       string          `json:"-"`
	QuotaHeld      bool            `json:"quota_held"`
	IntakeDue      *string         `json:"intake_due"`
	Escalated      bool            `json:"escalated"`
	EvidenceFrozen bool            `json:"evidence_frozen"`
	CreatedAt      time.Time       `json:"created_at"`
	UpdatedAt      time.Time       `json:"updated_at"`
	SubmittedAt    *time.Time      `json:"submitted_at"`
	Extra          json.RawMessage `json:"-"`
}

// Proposal is a grouping dispute's corrected codes and what they change.
type Proposal struct {
	Diagnoses  []string `json:"diagnoses"`
	Procedures []string `json:"procedures"`
	WhatIf     *WhatIf  `json:"what_if,omitempty"`
}

// WhatIf compares the case as grouped with the proposed codes.
type WhatIf struct {
	Current  RegroupedCase `json:"current"`
	Proposed RegroupedCase `json:"proposed"`
	// Difference is proposed minus current DRG payment ("" when either is
	// not priced).
	Difference string `json:"difference"`
}

// Grouped is a grouping with its payment.
type RegroupedCase struct {
	Status      string `json:"status"`
	DRG         string `json:"drg"`
	DRGName     string `json:"drg_name"`
	Weight      string `json:"weight"`
	Standard    string `json:"payment_standard"`
	DRGPayment  string `json:"drg_payment"`
	FundPayment string `json:"fund_payment"`
	PriceClass  string `json:"price_class"`
	Error       string `json:"error,omitempty"`
}

// Snapshot is the case's grouping and payment when it went to the bureau.
type CaseSnapshot struct {
	At             time.Time `json:"at"`
	PlanID         string    `json:"plan_id"`
	PricingVersion string    `json:"pricing_version"`
	GroupStatus    string    `json:"group_status"`
	DRG            string    `json:"drg"`
	Weight         string    `json:"weight"`
	TotalCost      string    `json:"total_cost"`
	Standard       string    `json:"payment_standard"`
	CostRatio      string    `json:"cost_ratio"`
	PriceClass     string    `json:"price_class"`
	DRGPayment     string    `json:"drg_payment"`
	FundPayment    string    `json:"fund_payment"`
	LOS            int       `json:"los"`
}

// Screening is the automatic screening of the case, attached at submission.
type ScreeningHits struct {
	Reasons   []string `json:"reasons"`
	CostRatio string   `json:"cost_ratio"`
	LOS       int      `json:"los"`
	ICUHours  int      `json:"icu_hours"`
	VentHours int      `json:"vent_hours"`
	Depts     int      `json:"dept_count"`
	// Matches lists the requested types the screening supports.
	Matches []Type `json:"matches"`
}

// Event is one transition on the timeline.
type ApplicationEvent struct {
	Seq        int             `json:"seq"`
	At         time.Time       `json:"at"`
	ActorName  string          `json:"actor_name"`
	ActorRole  string          `json:"actor_role"`
	Command    Command         `json:"command"`
	From       Status          `json:"from"`
	To         Status          `json:"to"`
	ReasonCode string          `json:"reason_code,omitempty"`
	Note       string          `json:"note,omitempty"`
	Data       json.RawMessage `json:"data,omitempty"`
}

// Evidence is one uploaded file.
type EvidenceFile struct {
	ID           string       `json:"id"`
	Kind         EvidenceKind `json:"kind"`
	Purpose      string       `json:"purpose"`
	FileName     string       `json:"file_name"`
	ContentType  string       `json:"content_type"`
	Size         int64        `json:"size"`
	SHA256       string       `json:"sha256"`
	UploadedBy   string       `json:"uploaded_by"`
	UploadedSide string       `json:"uploaded_side"`
	CreatedAt    time.Time    `json:"created_at"`
}

// InfoRequest is a request for missing material (补正材料).
type InfoRequest struct {
	ID          string     `json:"id"`
	ReasonCode  string     `json:"reason_code"`
	Note        string     `json:"note"`
	RequestedAt time.Time  `json:"requested_at"`
	DueOn       string     `json:"due_on"`
	RemindOn    string     `json:"remind_on"`
	AnsweredAt  *time.Time `json:"answered_at"`
	ExpiredAt   *time.Time `json:"expired_at"`
}

// Message is one message of the thread.
type ThreadMessage struct {
	ID          string    `json:"id"`
	AuthorName  string    `json:"author_name"`
	Side        string    `json:"side"`
	Body        string    `json:"body"`
	Attachments []string  `json:"attachment_ids"`
	CreatedAt   time.Time `json:"created_at"`
}

// Detail is an application with everything the detail page shows.
type ApplicationDetail struct {
	Application
	Timeline     []ApplicationEvent `json:"timeline"`
	EvidenceFile []EvidenceFile     `json:"evidence"`
	Checklist    []ChecklistItem    `json:"checklist"`
	InfoRequests []InfoRequest      `json:"info_requests"`
	// Actions are the commands the caller may run now.
	Actions []Command `json:"actions"`
}

// ChecklistItem says whether a wanted kind of evidence is there.
type ChecklistItem struct {
	Kind    EvidenceKind `json:"kind"`
	Present bool         `json:"present"`
}

// money prints a decimal with two places, "" for none.
func money(d decimal.NullDecimal) string {
	if !d.Valid {
		return ""
	}
	return d.Decimal.StringFixed(2)
}
