package specialcase

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/shopspring/decimal"

	"teyi/backend/internal/platform/calendar"
)

// Routes registers the application operations.
func (s *Service) Routes(api huma.API) {
	reg := api.OpenAPI().Components.Schemas
	reg.RegisterTypeAlias(reflect.TypeFor[decimal.Decimal](), reflect.TypeFor[string]())
	tags := []string{"special cases"}
	const base = "/api/v1/applications"
	h := &handlers{s: s}
	huma.Register(api, huma.Operation{OperationID: "list-applications", Method: http.MethodGet, Path: base,
		Summary: "Special-case applications in the caller's scope (a clinician sees their own)", Tags: tags}, h.list)
	huma.Register(api, huma.Operation{OperationID: "create-application", Method: http.MethodPost, Path: base,
		Summary: "Open a draft application for an own case", Tags: tags, DefaultStatus: http.StatusCreated}, h.create)
	huma.Register(api, huma.Operation{OperationID: "get-application", Method: http.MethodGet, Path: base + "/{applicationId}",
		Summary: "One application with its timeline, evidence, information requests and the caller's actions", Tags: tags}, h.get)
	huma.Register(api, huma.Operation{OperationID: "update-application", Method: http.MethodPut, Path: base + "/{applicationId}",
		Summary: "Change a draft's types, justification, claimed amount or proposed codes", Tags: tags}, h.update)
	huma.Register(api, huma.Operation{OperationID: "transition-application", Method: http.MethodPost, Path: base + "/{applicationId}/transitions",
		Summary: "Run a command of the state machine (send_to_office, return_to_clinician, forward, request_info, reply, accept, reject_at_intake, withdraw)",
		Description: "The caller's role, the application's state and `version` decide; a stale version or an illegal transition answers 409. " +
			"forward checks the application window (422 with `opens`) and the quota (409 with `cap` and `used`).",
		Tags: tags}, h.transition)
	huma.Register(api, huma.Operation{OperationID: "assign-applications", Method: http.MethodPost, Path: "/api/v1/application-assignments",
		Summary: "Assign applications to a reviewer (bureau administrators; each one as a guarded command)", Tags: tags}, h.assign)
	huma.Register(api, huma.Operation{OperationID: "upload-application-evidence", Method: http.MethodPost, Path: base + "/{applicationId}/evidence",
		Summary: "Upload one file (PDF, JPEG, PNG, TIFF or OFD, by content; at most 20 MiB)", Tags: tags,
		MaxBodyBytes: MaxFileBytes, DefaultStatus: http.StatusCreated, Middlewares: huma.Middlewares{refuseLarge(api)}}, h.upload)
	huma.Register(api, huma.Operation{OperationID: "get-application-evidence", Method: http.MethodGet, Path: base + "/{applicationId}/evidence/{evidenceId}",
		Summary: "Download or view one file (audited)", Tags: tags}, h.download)
	huma.Register(api, huma.Operation{OperationID: "remove-application-evidence", Method: http.MethodDelete, Path: base + "/{applicationId}/evidence/{evidenceId}",
		Summary: "Take a file off a draft", Tags: tags, DefaultStatus: http.StatusNoContent}, h.removeEvidence)
	huma.Register(api, huma.Operation{OperationID: "list-application-messages", Method: http.MethodGet, Path: base + "/{applicationId}/messages",
		Summary: "The thread between hospital and bureau", Tags: tags}, h.messages)
	huma.Register(api, huma.Operation{OperationID: "post-application-message", Method: http.MethodPost, Path: base + "/{applicationId}/messages",
		Summary: "Write to the thread (with files uploaded as attachments)", Tags: tags, DefaultStatus: http.StatusCreated}, h.post)
	huma.Register(api, huma.Operation{OperationID: "preview-regrouping", Method: http.MethodPost, Path: "/api/v1/application-regrouping",
		Summary: "What-if: group and price an own case with corrected codes (nothing is stored)", Tags: tags}, h.regroup)
	huma.Register(api, huma.Operation{OperationID: "get-application-quota", Method: http.MethodGet, Path: "/api/v1/application-quota",
		Summary: "The special-case quota gauge: cap, used, remaining (this period and the one before)", Tags: tags}, h.quota)
	huma.Register(api, huma.Operation{OperationID: "get-application-options", Method: http.MethodGet, Path: "/api/v1/application-options",
		Summary: "Types, evidence kinds and checklists, reason templates, states and commands", Tags: tags}, h.options)
	huma.Register(api, huma.Operation{OperationID: "list-application-reviewers", Method: http.MethodGet, Path: "/api/v1/application-reviewers",
		Summary: "The region's reviewers with their open assignments (for batch assignment)", Tags: tags}, h.reviewers)
}

type handlers struct{ s *Service }

// refuseLarge answers 413 from the declared length, before the operation
// reads the body (a body without a length is bounded by MaxBodyBytes).
func refuseLarge(api huma.API) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		if cl := ctx.Header("Content-Length"); cl != "" {
			if n, err := strconv.ParseInt(cl, 10, 64); err == nil && n > MaxFileBytes {
				huma.WriteErr(api, ctx, http.StatusRequestEntityTooLarge, ErrTooLarge.Error()+" (at most 20 MiB per file)") //nolint:errcheck
				return
			}
		}
		next(ctx)
	}
}

type appListInput struct {
	Status     string `query:"status" maxLength:"300" doc:"Comma-separated states"`
	Queue      string `query:"queue" enum:",mine,assigned"`
	HospitalID string `query:"hospital_id" maxLength:"36"`
	Type       string `query:"type" enum:",LONG_STAY,HIGH_COST,NEW_DRUG_DEVICE_TECH,COMPLEX_CRITICAL,MDT,OTHER,GROUPING_DISPUTE"`
	Overdue    bool   `query:"overdue"`
	Q          string `query:"q" maxLength:"64" doc:"Application number or settlement id"`
	Sort       string `query:"sort" enum:",updated,age"`
	After      string `query:"after" maxLength:"200"`
	Limit      int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

type appListOutput struct {
	Body struct {
		Items []ApplicationSummary `json:"items"`
		Next  string               `json:"next,omitempty"`
	}
}

func (h *handlers) list(ctx context.Context, in *appListInput) (*appListOutput, error) {
	f := Filter{Queue: in.Queue, HospitalID: in.HospitalID, Type: Type(in.Type), Overdue: in.Overdue, Q: in.Q, After: in.After,
		Limit: in.Limit, Sort: in.Sort}
	if in.Status != "" {
		for _, p := range strings.Split(in.Status, ",") {
			st := Status(strings.TrimSpace(p))
			if !st.Valid() {
				return nil, toHTTP(invalid("status", "unknown state "+string(st)))
			}
			f.Status = append(f.Status, st)
		}
	}
	items, next, err := h.s.List(ctx, f)
	if err != nil {
		return nil, toHTTP(err)
	}
	out := &appListOutput{}
	out.Body.Items, out.Body.Next = items, next
	return out, nil
}

type proposalBody struct {
	Diagnoses  []string `json:"diagnoses" maxItems:"40"`
	Procedures []string `json:"procedures,omitempty" maxItems:"40"`
}

func (p *proposalBody) input() *ProposalInput {
	if p == nil {
		return nil
	}
	return &ProposalInput{Diagnoses: p.Diagnoses, Procedures: p.Procedures}
}

type appCreateInput struct {
	Body struct {
		CaseID        string        `json:"case_id" minLength:"1" maxLength:"20" pattern:"^[0-9]+$"`
		Types         []Type        `json:"types" minItems:"1" maxItems:"7"`
		Justification string        `json:"justification,omitempty" maxLength:"12000"`
		ClaimedAmount *string       `json:"claimed_amount,omitempty" maxLength:"16"`
		Proposal      *proposalBody `json:"proposal,omitempty"`
	}
}

type appDetailOutput struct{ Body *ApplicationDetail }

func parseAmount(s *string) (*decimal.Decimal, error) {
	if s == nil || *s == "" {
		return nil, nil
	}
	d, err := decimal.NewFromString(*s)
	if err != nil {
		return nil, invalid("claimed_amount", "an amount in yuan like 12345.60")
	}
	return &d, nil
}

func (h *handlers) create(ctx context.Context, in *appCreateInput) (*appDetailOutput, error) {
	id, err := strconv.ParseInt(in.Body.CaseID, 10, 64)
	if err != nil {
		return nil, toHTTP(invalid("case_id", "not a case id"))
	}
	amt, err := parseAmount(in.Body.ClaimedAmount)
	if err != nil {
		return nil, toHTTP(err)
	}
	d, err := h.s.Create(ctx, NewApplication{CaseID: id, Types: in.Body.Types, Justification: in.Body.Justification,
		ClaimedAmount: amt, Proposal: in.Body.Proposal.input()})
	if err != nil {
		return nil, toHTTP(err)
	}
	return &appDetailOutput{Body: d}, nil
}

type appIDInput struct {
	ApplicationID string `path:"applicationId" maxLength:"36"`
}

func (h *handlers) get(ctx context.Context, in *appIDInput) (*appDetailOutput, error) {
	d, err := h.s.Get(ctx, in.ApplicationID)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &appDetailOutput{Body: d}, nil
}

type appUpdateInput struct {
	ApplicationID string `path:"applicationId" maxLength:"36"`
	Body          struct {
		Version       int           `json:"version" minimum:"1"`
		Types         []Type        `json:"types" minItems:"1" maxItems:"7"`
		Justification string        `json:"justification,omitempty" maxLength:"12000"`
		ClaimedAmount *string       `json:"claimed_amount,omitempty" maxLength:"16"`
		Proposal      *proposalBody `json:"proposal,omitempty"`
	}
}

type appResultOutput struct{ Body *CommandResult }

func (h *handlers) update(ctx context.Context, in *appUpdateInput) (*appResultOutput, error) {
	amt, err := parseAmount(in.Body.ClaimedAmount)
	if err != nil {
		return nil, toHTTP(err)
	}
	r, err := h.s.Do(ctx, in.ApplicationID, CommandInput{Command: EditDraft, Version: in.Body.Version, Edit: &Edit{
		Types: in.Body.Types, Justification: in.Body.Justification, ClaimedAmount: amt, Proposal: in.Body.Proposal.input()}})
	if err != nil {
		return nil, toHTTP(err)
	}
	return &appResultOutput{Body: r}, nil
}

type appTransitionInput struct {
	ApplicationID string `path:"applicationId" maxLength:"36"`
	Body          struct {
		Command    string `json:"command" enum:"send_to_office,return_to_clinician,forward,request_info,reply,accept,reject_at_intake,withdraw"`
		Version    int    `json:"version" minimum:"1"`
		ReasonCode string `json:"reason_code,omitempty" maxLength:"40"`
		Note       string `json:"note,omitempty" maxLength:"6000"`
	}
}

func (h *handlers) transition(ctx context.Context, in *appTransitionInput) (*appResultOutput, error) {
	r, err := h.s.Do(ctx, in.ApplicationID, CommandInput{Command: Command(in.Body.Command), Version: in.Body.Version,
		ReasonCode: in.Body.ReasonCode, Note: in.Body.Note})
	if err != nil {
		return nil, toHTTP(err)
	}
	return &appResultOutput{Body: r}, nil
}

type assignItem struct {
	ID      string `json:"id" maxLength:"36"`
	Version int    `json:"version" minimum:"1"`
}

type appAssignInput struct {
	Body struct {
		ReviewerID   string       `json:"reviewer_id" maxLength:"36"`
		Applications []assignItem `json:"applications" minItems:"1" maxItems:"200"`
	}
}

// AssignOutcome is one application's answer in a batch.
type AssignOutcome struct {
	ID      string `json:"id"`
	OK      bool   `json:"ok"`
	Version int    `json:"version,omitempty"`
	Error   string `json:"error,omitempty"`
}

type appAssignOutput struct {
	Body struct {
		Items []AssignOutcome `json:"items"`
	}
}

func (h *handlers) assign(ctx context.Context, in *appAssignInput) (*appAssignOutput, error) {
	out := &appAssignOutput{}
	for _, it := range in.Body.Applications {
		r, err := h.s.Do(ctx, it.ID, CommandInput{Command: Assign, Version: it.Version, ReviewerID: in.Body.ReviewerID})
		if err != nil {
			var ve *ValidationError
			if errors.As(err, &ve) && len(in.Body.Applications) == 1 {
				return nil, toHTTP(err)
			}
			msg := err.Error()
			if errors.Is(err, ErrNotFound) {
				msg = "not found"
			} else if !isUserError(err) {
				return nil, toHTTP(err)
			}
			out.Body.Items = append(out.Body.Items, AssignOutcome{ID: it.ID, Error: msg})
			continue
		}
		out.Body.Items = append(out.Body.Items, AssignOutcome{ID: it.ID, OK: true, Version: r.Version})
	}
	return out, nil
}

type appUploadInput struct {
	ApplicationID string `path:"applicationId" maxLength:"36"`
	Kind          string `query:"kind" default:"other" enum:"admission_record,discharge_record,front_page,progress_notes,orders,reports,operation_record,special_use,other"`
	Purpose       string `query:"purpose" enum:",evidence,attachment"`
	FileName      string `query:"file_name" maxLength:"255" doc:"The file's name, a label only (default file)"`
	RawBody       []byte `contentType:"application/octet-stream"`
}

type appEvidenceOutput struct{ Body *EvidenceFile }

func (h *handlers) upload(ctx context.Context, in *appUploadInput) (*appEvidenceOutput, error) {
	if len(in.RawBody) == 0 {
		return nil, huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "body", Message: "the file is empty"})
	}
	ev, err := h.s.AddEvidence(ctx, in.ApplicationID, Upload{Kind: EvidenceKind(in.Kind), Purpose: in.Purpose, FileName: in.FileName,
		Body: bytes.NewReader(in.RawBody)})
	if err != nil {
		return nil, toHTTP(err)
	}
	return &appEvidenceOutput{Body: ev}, nil
}

type appEvidenceInput struct {
	ApplicationID string `path:"applicationId" maxLength:"36"`
	EvidenceID    string `path:"evidenceId" maxLength:"36"`
	Inline        bool   `query:"inline" doc:"Show in the browser (PDF and images) rather than download"`
}

func (h *handlers) download(ctx context.Context, in *appEvidenceInput) (*huma.StreamResponse, error) {
	ev, rc, err := h.s.OpenEvidence(ctx, in.ApplicationID, in.EvidenceID, in.Inline)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		defer rc.Close()
		disp := "attachment"
		if in.Inline && ev.ContentType != "application/ofd" && ev.ContentType != "image/tiff" {
			disp = "inline"
		}
		hc.SetHeader("Content-Type", ev.ContentType)
		hc.SetHeader("Content-Length", strconv.FormatInt(ev.Size, 10))
		hc.SetHeader("Content-Disposition", fmt.Sprintf(`%s; filename="evidence"; filename*=UTF-8''%s`, disp, url.PathEscape(ev.FileName)))
		hc.SetHeader("X-Content-Type-Options", "nosniff")
		hc.SetHeader("Cache-Control", "private, no-store")
		hc.SetHeader("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
		io.Copy(hc.BodyWriter(), rc) //nolint:errcheck
	}}, nil
}

func (h *handlers) removeEvidence(ctx context.Context, in *appEvidenceInput) (*struct{}, error) {
	if err := h.s.RemoveEvidence(ctx, in.ApplicationID, in.EvidenceID); err != nil {
		return nil, toHTTP(err)
	}
	return nil, nil
}

type appMessagesOutput struct {
	Body struct {
		Items []ThreadMessage `json:"items"`
	}
}

func (h *handlers) messages(ctx context.Context, in *appIDInput) (*appMessagesOutput, error) {
	items, err := h.s.Messages(ctx, in.ApplicationID)
	if err != nil {
		return nil, toHTTP(err)
	}
	out := &appMessagesOutput{}
	out.Body.Items = items
	return out, nil
}

type appPostInput struct {
	ApplicationID string `path:"applicationId" maxLength:"36"`
	Body          struct {
		Body          string   `json:"body" minLength:"1" maxLength:"12000"`
		AttachmentIDs []string `json:"attachment_ids,omitempty" maxItems:"10"`
	}
}

type appMessageOutput struct{ Body *ThreadMessage }

func (h *handlers) post(ctx context.Context, in *appPostInput) (*appMessageOutput, error) {
	m, err := h.s.PostMessage(ctx, in.ApplicationID, in.Body.Body, in.Body.AttachmentIDs)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &appMessageOutput{Body: m}, nil
}

type appRegroupInput struct {
	Body struct {
		CaseID     string   `json:"case_id" minLength:"1" maxLength:"20" pattern:"^[0-9]+$"`
		Diagnoses  []string `json:"diagnoses" minItems:"1" maxItems:"40"`
		Procedures []string `json:"procedures,omitempty" maxItems:"40"`
	}
}

type appRegroupOutput struct{ Body *Proposal }

func (h *handlers) regroup(ctx context.Context, in *appRegroupInput) (*appRegroupOutput, error) {
	id, err := strconv.ParseInt(in.Body.CaseID, 10, 64)
	if err != nil {
		return nil, toHTTP(invalid("case_id", "not a case id"))
	}
	p, err := h.s.WhatIf(ctx, id, ProposalInput{Diagnoses: in.Body.Diagnoses, Procedures: in.Body.Procedures})
	if err != nil {
		return nil, toHTTP(err)
	}
	return &appRegroupOutput{Body: p}, nil
}

type appQuotaInput struct {
	Date       string `query:"date" maxLength:"10" doc:"A day of the period (default today)"`
	HospitalID string `query:"hospital_id" maxLength:"36" doc:"Bureau: one hospital's use"`
}

type appQuotaOutput struct {
	Body struct {
		Items []QuotaGauge `json:"items"`
	}
}

func (h *handlers) quota(ctx context.Context, in *appQuotaInput) (*appQuotaOutput, error) {
	day := calendar.DateOf(h.s.Clock.Now())
	if in.Date != "" {
		d, err := calendar.ParseDate(in.Date)
		if err != nil {
			return nil, huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "query.date", Message: err.Error()})
		}
		day = d
	}
	items, err := h.s.Quota(ctx, day, in.HospitalID)
	if err != nil {
		return nil, toHTTP(err)
	}
	out := &appQuotaOutput{}
	out.Body.Items = items
	return out, nil
}

// Options are the workflow's fixed vocabularies.
type ApplicationOptions struct {
	Types         []Type                  `json:"types"`
	EvidenceKinds []EvidenceKind          `json:"evidence_kinds"`
	Checklists    map[Type][]EvidenceKind `json:"checklists"`
	InfoReasons   []string                `json:"info_reasons"`
	RejectReasons []string                `json:"reject_reasons"`
	ReturnReasons []string                `json:"return_reasons"`
	Statuses      []Status                `json:"statuses"`
	Machine       []MachineRow            `json:"machine"`
}

// MachineRow is a row of the state machine for documentation and the UI.
type MachineRow struct {
	Command Command  `json:"command"`
	From    []Status `json:"from"`
	To      Status   `json:"to,omitempty"`
	Actors  []Actor  `json:"actors"`
	Checks  []Check  `json:"checks"`
	Later   bool     `json:"later,omitempty"`
}

type appOptionsOutput struct{ Body *ApplicationOptions }

func (h *handlers) options(ctx context.Context, _ *struct{}) (*appOptionsOutput, error) {
	o := &ApplicationOptions{Types: Types, EvidenceKinds: EvidenceKinds, Checklists: map[Type][]EvidenceKind{}, InfoReasons: InfoReasons,
		RejectReasons: RejectReasons, ReturnReasons: ReturnReasons, Statuses: Statuses}
	for _, t := range Types {
		o.Checklists[t] = Checklist([]Type{t})
	}
	for _, t := range Machine {
		checks := t.Checks
		if checks == nil {
			checks = []Check{}
		}
		o.Machine = append(o.Machine, MachineRow{Command: t.Command, From: t.From, To: t.To, Actors: t.Actors, Checks: checks, Later: t.Later})
	}
	return &appOptionsOutput{Body: o}, nil
}

// Reviewer is a reviewer of the region.
type Reviewer struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Open int    `json:"open"`
}

type appReviewersOutput struct {
	Body struct {
		Items []Reviewer `json:"items"`
	}
}

func (h *handlers) reviewers(ctx context.Context, _ *struct{}) (*appReviewersOutput, error) {
	items, err := h.s.Reviewers(ctx)
	if err != nil {
		return nil, toHTTP(err)
	}
	out := &appReviewersOutput{}
	out.Body.Items = items
	return out, nil
}
