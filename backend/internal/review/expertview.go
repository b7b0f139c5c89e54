package review

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/casefile"
	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/pricing"
	"teyi/backend/internal/specialcase"
)

// ReviewCase is what an expert sees of an application of their panel: a
// de-identified view. It carries no patient name, ID number, medical-record
// number, settlement or visit number, address or contact; evidence files are
// labelled by kind, not by their uploaded names. The key set is fixed by a
// test (quality.md S3).
type ReviewCase struct {
	Panel       ReviewCasePanel    `json:"panel"`
	Application ReviewCaseApp      `json:"application"`
	Patient     ReviewCasePatient  `json:"patient"`
	Clinical    ReviewCaseClinical `json:"clinical"`
	Fees        ReviewCaseFees     `json:"fees"`
	Grouping    ReviewCaseGrouping `json:"grouping"`
	Pricing     *pricing.Outcome   `json:"pricing"`
	Findings    []casefile.Finding `json:"findings"`
	Evidence    []ReviewEvidence   `json:"evidence"`
	MyVote      *VoteView          `json:"my_vote"`
	ReturnNote  string             `json:"return_note"`
}

// ReviewCasePanel is the expert's seat.
type ReviewCasePanel struct {
	ID        string     `json:"id"`
	Round     int        `json:"round"`
	Status    string     `json:"status"`
	VoteRound int        `json:"vote_round"`
	VoteDue   *time.Time `json:"vote_due"`
	MyStatus  string     `json:"my_status"`
	MyLetter  string     `json:"my_letter"`
	Voted     bool       `json:"voted"`
}

// ReviewCaseApp is the application without who made it.
type ReviewCaseApp struct {
	No            string                     `json:"no"`
	Types         []specialcase.Type         `json:"types"`
	Justification string                     `json:"justification"`
	ClaimedAmount *string                    `json:"claimed_amount"`
	DischargedOn  string                     `json:"discharged_on"`
	HospitalName  string                     `json:"hospital_name"`
	Proposal      *specialcase.Proposal      `json:"proposal"`
	Screening     *specialcase.ScreeningHits `json:"screening"`
	Snapshot      *specialcase.CaseSnapshot  `json:"snapshot"`
}

// ReviewCasePatient is age and sex only.
type ReviewCasePatient struct {
	Age     int `json:"age"`
	AgeDays int `json:"age_days"`
	Sex     int `json:"sex" doc:"1 male, 2 female"`
}

// ReviewCaseClinical is the clinical course and its codes.
type ReviewCaseClinical struct {
	LOS           int                  `json:"los"`
	AdmissionDept string               `json:"admission_dept"`
	DischargeDept string               `json:"discharge_dept"`
	TransferDepts []string             `json:"transfer_depts"`
	DischargeWay  int                  `json:"discharge_way"`
	ICUHours      int                  `json:"icu_hours"`
	VentHours     int                  `json:"vent_hours"`
	Diagnoses     []casefile.Diagnosis `json:"diagnoses"`
	Procedures    []ReviewProcedure    `json:"procedures"`
}

// ReviewProcedure is a procedure with its day (not its time).
type ReviewProcedure struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Date string `json:"date"`
}

// ReviewCaseFees are the fee totals and lines.
type ReviewCaseFees struct {
	TotalCost  decimal.Decimal        `json:"total_cost"`
	ClassA     decimal.Decimal        `json:"class_a"`
	ClassB     decimal.Decimal        `json:"class_b"`
	OwnPay     decimal.Decimal        `json:"own_pay"`
	Categories []casefile.FeeCategory `json:"categories"`
	Items      []ReviewFeeLine        `json:"items"`
}

// ReviewFeeLine is one fee line; Key is what a deduction names.
type ReviewFeeLine struct {
	Key      string          `json:"key"`
	Code     string          `json:"code"`
	Name     string          `json:"name"`
	Category string          `json:"category"`
	Level    int             `json:"level"`
	Quantity decimal.Decimal `json:"quantity"`
	Price    decimal.Decimal `json:"price"`
	Amount   decimal.Decimal `json:"amount"`
}

// ReviewCaseGrouping is the grouping with its trace.
type ReviewCaseGrouping struct {
	Status   string               `json:"status"`
	MDC      string               `json:"mdc"`
	MDCName  string               `json:"mdc_name"`
	ADRG     string               `json:"adrg"`
	ADRGName string               `json:"adrg_name"`
	DRG      string               `json:"drg"`
	DRGName  string               `json:"drg_name"`
	Plan     string               `json:"plan"`
	Trace    []casefile.TraceStep `json:"trace"`
}

// ReviewEvidence is an evidence file without its uploaded name.
type ReviewEvidence struct {
	ID          string                   `json:"id"`
	Kind        specialcase.EvidenceKind `json:"kind"`
	Label       string                   `json:"label"`
	Purpose     string                   `json:"purpose"`
	ContentType string                   `json:"content_type"`
	Size        int64                    `json:"size"`
	UploadedAt  time.Time                `json:"uploaded_at"`
}

// Case is the de-identified application of one of the caller's panels
// (anything else: not found). The view is audited.
func (s *Service) Case(ctx context.Context, panelID string) (*ReviewCase, error) {
	w := whoOf(ctx)
	p, m, err := s.memberPanel(ctx, panelID, w.userID, false)
	if err != nil {
		return nil, err
	}
	if m.Status != MemberInvited && m.Status != MemberAccepted {
		return nil, ErrNotFound // a declined or conflicted expert no longer sees the case
	}
	sys := sysCtx(ctx)
	a, err := s.Apps.Get(sys, p.ApplicationID)
	if err != nil {
		return nil, err
	}
	cv, err := s.Cases.GetCase(sys, fmt.Sprint(a.CaseID))
	if err != nil {
		return nil, err
	}
	voted, err := s.votedSet(ctx, p.ID, p.VoteRound)
	if err != nil {
		return nil, err
	}
	c := cv.Case
	out := &ReviewCase{
		Panel: ReviewCasePanel{ID: p.ID, Round: p.Round, Status: p.Status, VoteRound: p.VoteRound, VoteDue: p.VoteDue, MyStatus: m.Status,
			MyLetter: m.Letter, Voted: voted[w.userID]},
		Application: ReviewCaseApp{No: a.No, Types: a.Types, Justification: a.Justification, ClaimedAmount: a.ClaimedAmount,
			DischargedOn: a.DischargedOn, HospitalName: a.HospitalName, Proposal: a.Proposal, Screening: a.ScreeningHits, Snapshot: a.CaseSnapshot},
		Patient: ReviewCasePatient{Age: c.Patient.Age, AgeDays: c.Patient.AgeDays, Sex: c.Patient.Sex},
		Clinical: ReviewCaseClinical{LOS: c.LOS, AdmissionDept: c.AdmissionDept, DischargeDept: c.DischargeDept, TransferDepts: c.TransferDepts,
			DischargeWay: c.DischargeWay, ICUHours: cv.ICUHours, VentHours: cv.VentHours, Diagnoses: c.Diagnoses, Procedures: []ReviewProcedure{}},
		Fees: ReviewCaseFees{TotalCost: c.TotalCost, ClassA: c.ClassA, ClassB: c.ClassB, OwnPay: c.OwnPay, Categories: cv.FeeCategories,
			Items: []ReviewFeeLine{}},
		Grouping: ReviewCaseGrouping{Status: cv.Grouping.Status, MDC: cv.Grouping.MDC, MDCName: cv.Grouping.MDCName, ADRG: cv.Grouping.ADRG,
			ADRGName: cv.Grouping.ADRGName, DRG: cv.Grouping.DRG, DRGName: cv.Grouping.DRGName, Plan: cv.Grouping.Plan, Trace: cv.Grouping.Trace},
		Pricing: cv.Pricing, Findings: cv.Findings, Evidence: []ReviewEvidence{}, ReturnNote: p.ReturnReason,
	}
	if out.Clinical.TransferDepts == nil {
		out.Clinical.TransferDepts = []string{}
	}
	if out.Clinical.Diagnoses == nil {
		out.Clinical.Diagnoses = []casefile.Diagnosis{}
	}
	if out.Grouping.Trace == nil {
		out.Grouping.Trace = []casefile.TraceStep{}
	}
	for _, pr := range c.Procedures {
		d := ""
		if !pr.Date.IsZero() {
			d = pr.Date.Format(time.DateOnly)
		}
		out.Clinical.Procedures = append(out.Clinical.Procedures, ReviewProcedure{Code: pr.Code, Name: pr.Name, Date: d})
	}
	for i, it := range c.Items {
		out.Fees.Items = append(out.Fees.Items, ReviewFeeLine{Key: fmt.Sprintf("line:%d", i+1), Code: it.Code, Name: it.Name, Category: it.Category,
			Level: it.Level, Quantity: it.Quantity, Price: it.Price, Amount: it.Amount})
	}
	counts := map[specialcase.EvidenceKind]int{}
	for _, e := range a.EvidenceFile {
		counts[e.Kind]++
		out.Evidence = append(out.Evidence, ReviewEvidence{ID: e.ID, Kind: e.Kind, Label: fmt.Sprintf("%s-%d", e.Kind, counts[e.Kind]),
			Purpose: e.Purpose, ContentType: e.ContentType, Size: e.Size, UploadedAt: e.CreatedAt})
	}
	if voted[w.userID] {
		rows, err := s.voteRows(ctx, p.ID, p.VoteRound, w.userID)
		if err != nil {
			return nil, err
		}
		if len(rows) > 0 {
			v := rows[0].view(false)
			out.MyVote = &v
		}
	}
	if err := s.Audit.Record(ctx, audit.Event{Action: "review.case_view", ObjectType: "special_application", ObjectID: a.ID,
		New: map[string]any{"panel_id": p.ID}, RegionCode: p.RegionCode, HospitalID: p.HospitalID}); err != nil {
		return nil, err
	}
	return out, nil
}

// Evidence opens one evidence file of a panel's application for a member;
// the view is audited (the viewer marks each page with the expert's name
// and the time).
func (s *Service) Evidence(ctx context.Context, panelID, evidenceID string) (*specialcase.EvidenceFile, io.ReadCloser, error) {
	w := whoOf(ctx)
	p, m, err := s.memberPanel(ctx, panelID, w.userID, false)
	if err != nil {
		return nil, nil, err
	}
	if m.Status != MemberInvited && m.Status != MemberAccepted {
		return nil, nil, ErrNotFound
	}
	ev, rc, err := s.Apps.OpenEvidence(sysCtx(ctx), p.ApplicationID, evidenceID, true)
	if err != nil {
		return nil, nil, ErrNotFound
	}
	if err := s.Audit.Record(ctx, audit.Event{Action: "review.evidence_view", ObjectType: "special_application_evidence", ObjectID: ev.ID,
		New: map[string]any{"panel_id": p.ID, "application_id": p.ApplicationID}, RegionCode: p.RegionCode, HospitalID: p.HospitalID}); err != nil {
		rc.Close()
		return nil, nil, err
	}
	return ev, rc, nil
}
