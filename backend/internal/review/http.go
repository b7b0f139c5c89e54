package review

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"
	"github.com/shopspring/decimal"

	"teyi/backend/internal/review/decision"
	"teyi/backend/internal/specialcase"
)

// Routes registers the review's operations.
func (s *Service) Routes(api huma.API) {
	tags := []string{"review"}
	const base = "/api/v1/review"
	reg := func(op huma.Operation) huma.Operation { op.Tags = tags; return op }
	huma.Register(api, reg(huma.Operation{OperationID: "list-review-experts", Method: http.MethodGet, Path: base + "/experts",
		Summary: "The region's expert pool with load, availability and declarations"}), s.hExperts)
	huma.Register(api, reg(huma.Operation{OperationID: "update-review-expert", Method: http.MethodPut, Path: base + "/experts/{userId}",
		Summary: "Change an expert's specialties, status, load limit or organisation (bureau administrators)"}), s.hUpdateExpert)
	huma.Register(api, reg(huma.Operation{OperationID: "get-my-review-profile", Method: http.MethodGet, Path: base + "/me",
		Summary: "The calling expert's pool profile"}), s.hMe)
	huma.Register(api, reg(huma.Operation{OperationID: "add-review-absence", Method: http.MethodPost, Path: base + "/absences",
		DefaultStatus: http.StatusCreated, Summary: "Record a period in which an expert cannot review"}), s.hAddAbsence)
	huma.Register(api, reg(huma.Operation{OperationID: "remove-review-absence", Method: http.MethodDelete, Path: base + "/absences/{absenceId}",
		DefaultStatus: http.StatusNoContent, Summary: "Remove a period of unavailability"}), s.hRemoveAbsence)
	huma.Register(api, reg(huma.Operation{OperationID: "add-review-conflict", Method: http.MethodPost, Path: base + "/conflicts",
		DefaultStatus: http.StatusCreated, Summary: "Declare a standing conflict of interest (a hospital or a colleague)"}), s.hAddConflict)
	huma.Register(api, reg(huma.Operation{OperationID: "remove-review-conflict", Method: http.MethodDelete, Path: base + "/conflicts/{conflictId}",
		DefaultStatus: http.StatusNoContent, Summary: "Withdraw a standing declaration"}), s.hRemoveConflict)

	huma.Register(api, reg(huma.Operation{OperationID: "list-review-cycles", Method: http.MethodGet, Path: base + "/cycles",
		Summary: "The region's review cycles"}), s.hCycles)
	huma.Register(api, reg(huma.Operation{OperationID: "open-review-cycle", Method: http.MethodPost, Path: base + "/cycles",
		DefaultStatus: http.StatusCreated, Summary: "Open a review cycle (bureau administrators)"}), s.hOpenCycle)
	huma.Register(api, reg(huma.Operation{OperationID: "get-review-board", Method: http.MethodGet, Path: base + "/board",
		Summary: "Applications waiting for a panel and the panels under way"}), s.hBoard)
	huma.Register(api, reg(huma.Operation{OperationID: "preview-review-draw", Method: http.MethodGet, Path: base + "/applications/{applicationId}/pool",
		Summary: "Who could be drawn for an application, and why the others are excluded"}), s.hPreview)
	huma.Register(api, reg(huma.Operation{OperationID: "draw-review-panel", Method: http.MethodPost, Path: base + "/panels",
		DefaultStatus: http.StatusCreated, Summary: "Draw the panel of an accepted or appealed application, or a forming panel's missing members (recorded, replayable)"}), s.hDraw)
	huma.Register(api, reg(huma.Operation{OperationID: "get-review-panel", Method: http.MethodGet, Path: base + "/panels/{panelId}",
		Summary: "A panel: members, who has voted, the draws; the votes once it is closed"}), s.hPanel)
	huma.Register(api, reg(huma.Operation{OperationID: "get-review-draw", Method: http.MethodGet, Path: base + "/draws/{drawId}",
		Summary: "A recorded draw with its seed, replayed on its pool snapshot"}), s.hGetDraw)

	huma.Register(api, reg(huma.Operation{OperationID: "get-review-inbox", Method: http.MethodGet, Path: base + "/inbox",
		Summary: "The calling expert's invitations and panels"}), s.hInbox)
	huma.Register(api, reg(huma.Operation{OperationID: "respond-review-invitation", Method: http.MethodPost, Path: base + "/panels/{panelId}/response",
		Summary: "Accept, decline or declare a conflict (a replacement is drawn)"}), s.hRespond)
	huma.Register(api, reg(huma.Operation{OperationID: "get-review-case", Method: http.MethodGet, Path: base + "/panels/{panelId}/case",
		Summary: "The de-identified application of one of the caller's panels (audited)"}), s.hCase)
	huma.Register(api, reg(huma.Operation{OperationID: "get-review-evidence", Method: http.MethodGet, Path: base + "/panels/{panelId}/evidence/{evidenceId}",
		Summary: "One evidence file of a panel's application, inline (audited)"}), s.hEvidence)
	huma.Register(api, reg(huma.Operation{OperationID: "cast-review-vote", Method: http.MethodPost, Path: base + "/panels/{panelId}/votes",
		DefaultStatus: http.StatusCreated, Summary: "Cast a sealed vote with a rationale (once; before the deadline)"}), s.hVote)

	huma.Register(api, reg(huma.Operation{OperationID: "list-review-decisions", Method: http.MethodGet, Path: base + "/decisions",
		Summary: "The region's panel decisions"}), s.hDecisions)
	huma.Register(api, reg(huma.Operation{OperationID: "get-review-decision", Method: http.MethodGet, Path: base + "/decisions/{decisionId}",
		Summary: "A decision with the votes side by side and the rule's explanation"}), s.hDecision)
	huma.Register(api, reg(huma.Operation{OperationID: "confirm-review-decision", Method: http.MethodPost, Path: base + "/decisions/{decisionId}/confirmation",
		Summary: "Confirm a panel's decision (bureau reviewer; maker-checker): the application is decided and the letter issued"}), s.hConfirm)
	huma.Register(api, reg(huma.Operation{OperationID: "return-review-decision", Method: http.MethodPost, Path: base + "/decisions/{decisionId}/return",
		Summary: "Send a decision back to its panel once, with a reason"}), s.hReturn)
	huma.Register(api, reg(huma.Operation{OperationID: "get-review-letter", Method: http.MethodGet, Path: base + "/decisions/{decisionId}/letter",
		Summary: "The decision letter (PDF; audited)"}), s.hLetter)
	huma.Register(api, reg(huma.Operation{OperationID: "list-application-decisions", Method: http.MethodGet, Path: base + "/applications/{applicationId}/decisions",
		Summary: "An application's decisions (the hospital sees confirmed ones)"}), s.hAppDecisions)
	huma.Register(api, reg(huma.Operation{OperationID: "appeal-review-decision", Method: http.MethodPost, Path: base + "/applications/{applicationId}/appeal",
		Summary: "Appeal a first decision once, within the appeal period (hospital insurance office)"}), s.hAppeal)
	huma.Register(api, reg(huma.Operation{OperationID: "verify-review-letter", Method: http.MethodGet, Path: "/api/v1/public/letters/{code}",
		Summary: "Resolve a decision letter's verification code (public)"}), s.hVerify)
}

// toHTTP maps errors to problem+json.
func toHTTP(err error) error {
	var (
		ve *ValidationError
		ce *ConflictError
		fe *ForbiddenError
		se *DrawShortError
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ve):
		details := make([]error, 0, len(ve.Fields))
		for _, f := range ve.Fields {
			details = append(details, &huma.ErrorDetail{Location: "body." + f.Field, Message: f.Message})
		}
		return huma.Error422UnprocessableEntity("validation failed", details...)
	case errors.As(err, &se):
		p := &specialcase.Problem{ErrorModel: huma.ErrorModel{Status: http.StatusUnprocessableEntity, Title: "Too few eligible experts",
			Detail: se.Info.Message, Type: "https://teyi.dev/problems/draw-short"}, Code: "draw-short", Command: se.Info.Constraint}
		return p
	case errors.As(err, &ce):
		return &specialcase.Problem{ErrorModel: huma.ErrorModel{Status: http.StatusConflict, Title: http.StatusText(http.StatusConflict),
			Detail: ce.Message, Type: "https://teyi.dev/problems/" + ce.Code}, Code: ce.Code}
	case errors.As(err, &fe):
		return huma.Error403Forbidden(fe.Message)
	case errors.Is(err, ErrNotFound), errors.Is(err, specialcase.ErrNotFound):
		return huma.Error404NotFound("not found")
	case errors.Is(err, ErrStale):
		return &specialcase.Problem{ErrorModel: huma.ErrorModel{Status: http.StatusConflict, Title: http.StatusText(http.StatusConflict),
			Detail: err.Error(), Type: "https://teyi.dev/problems/stale-version"}, Code: "stale-version"}
	}
	return specialcase.ToHTTP(err)
}

type reviewExpertsOutput struct {
	Body struct {
		Items []Expert `json:"items"`
	}
}

func (s *Service) hExperts(ctx context.Context, _ *struct{}) (*reviewExpertsOutput, error) {
	items, err := s.Experts(ctx)
	if err != nil {
		return nil, toHTTP(err)
	}
	out := &reviewExpertsOutput{}
	out.Body.Items = items
	return out, nil
}

type reviewExpertOutput struct{ Body *Expert }

type reviewExpertUpdateInput struct {
	UserID string `path:"userId" maxLength:"36"`
	Body   struct {
		Specialties  []string `json:"specialties" maxItems:"10"`
		Active       bool     `json:"active"`
		MaxLoad      int      `json:"max_load" minimum:"1" maximum:"100"`
		Organisation string   `json:"organisation" maxLength:"100" required:"false"`
		Version      int      `json:"version" minimum:"1"`
	}
}

func (s *Service) hUpdateExpert(ctx context.Context, in *reviewExpertUpdateInput) (*reviewExpertOutput, error) {
	e, err := s.UpdateExpert(ctx, in.UserID, ExpertUpdate{Specialties: in.Body.Specialties, Active: in.Body.Active, MaxLoad: in.Body.MaxLoad,
		Organisation: in.Body.Organisation, Version: in.Body.Version})
	if err != nil {
		return nil, toHTTP(err)
	}
	return &reviewExpertOutput{Body: e}, nil
}

func (s *Service) hMe(ctx context.Context, _ *struct{}) (*reviewExpertOutput, error) {
	e, err := s.Me(ctx)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &reviewExpertOutput{Body: e}, nil
}

type reviewAbsenceInput struct {
	Body struct {
		UserID   string `json:"user_id,omitempty" required:"false" maxLength:"36" doc:"Administrators: the expert; experts leave it out"`
		StartsOn string `json:"starts_on" maxLength:"10"`
		EndsOn   string `json:"ends_on" maxLength:"10"`
		Note     string `json:"note,omitempty" required:"false" maxLength:"200"`
	}
}

type reviewAbsenceOutput struct{ Body *Absence }

func (s *Service) hAddAbsence(ctx context.Context, in *reviewAbsenceInput) (*reviewAbsenceOutput, error) {
	a, err := s.AddAbsence(ctx, NewAbsence{UserID: in.Body.UserID, StartsOn: in.Body.StartsOn, EndsOn: in.Body.EndsOn, Note: in.Body.Note})
	if err != nil {
		return nil, toHTTP(err)
	}
	return &reviewAbsenceOutput{Body: a}, nil
}

type reviewAbsenceIDInput struct {
	AbsenceID string `path:"absenceId" maxLength:"36"`
}

func (s *Service) hRemoveAbsence(ctx context.Context, in *reviewAbsenceIDInput) (*struct{}, error) {
	return nil, toHTTP(s.RemoveAbsence(ctx, in.AbsenceID))
}

type reviewConflictInput struct {
	Body struct {
		UserID      string `json:"user_id,omitempty" required:"false" maxLength:"36"`
		Kind        string `json:"kind" enum:"hospital,colleague"`
		HospitalID  string `json:"hospital_id,omitempty" required:"false" maxLength:"36"`
		ColleagueID string `json:"colleague_id,omitempty" required:"false" maxLength:"36"`
		Reason      string `json:"reason" maxLength:"500"`
	}
}

type reviewConflictOutput struct{ Body *Conflict }

func (s *Service) hAddConflict(ctx context.Context, in *reviewConflictInput) (*reviewConflictOutput, error) {
	c, err := s.AddConflict(ctx, NewConflict{UserID: in.Body.UserID, Kind: in.Body.Kind, HospitalID: in.Body.HospitalID,
		ColleagueID: in.Body.ColleagueID, Reason: in.Body.Reason})
	if err != nil {
		return nil, toHTTP(err)
	}
	return &reviewConflictOutput{Body: c}, nil
}

type reviewConflictIDInput struct {
	ConflictID string `path:"conflictId" maxLength:"36"`
}

func (s *Service) hRemoveConflict(ctx context.Context, in *reviewConflictIDInput) (*struct{}, error) {
	return nil, toHTTP(s.RemoveConflict(ctx, in.ConflictID))
}

type reviewCyclesOutput struct {
	Body struct {
		Items []Cycle `json:"items"`
	}
}

func (s *Service) hCycles(ctx context.Context, _ *struct{}) (*reviewCyclesOutput, error) {
	items, err := s.Cycles(ctx)
	if err != nil {
		return nil, toHTTP(err)
	}
	out := &reviewCyclesOutput{}
	out.Body.Items = items
	return out, nil
}

type reviewCycleInput struct {
	Body struct {
		Name     string `json:"name" maxLength:"100"`
		Cadence  string `json:"cadence" enum:"monthly,quarterly,single"`
		StartsOn string `json:"starts_on" maxLength:"10"`
		EndsOn   string `json:"ends_on" maxLength:"10"`
	}
}

type reviewCycleOutput struct{ Body *Cycle }

func (s *Service) hOpenCycle(ctx context.Context, in *reviewCycleInput) (*reviewCycleOutput, error) {
	c, err := s.OpenCycle(ctx, NewCycle{Name: in.Body.Name, Cadence: in.Body.Cadence, StartsOn: in.Body.StartsOn, EndsOn: in.Body.EndsOn})
	if err != nil {
		return nil, toHTTP(err)
	}
	return &reviewCycleOutput{Body: c}, nil
}

type reviewBoardInput struct {
	CycleID string `query:"cycle_id" maxLength:"36"`
}

type reviewBoardOutput struct{ Body *Board }

func (s *Service) hBoard(ctx context.Context, in *reviewBoardInput) (*reviewBoardOutput, error) {
	b, err := s.Board(ctx, in.CycleID)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &reviewBoardOutput{Body: b}, nil
}

type reviewAppInput struct {
	ApplicationID string `path:"applicationId" maxLength:"36"`
}

type reviewPoolOutput struct{ Body *PoolView }

func (s *Service) hPreview(ctx context.Context, in *reviewAppInput) (*reviewPoolOutput, error) {
	v, err := s.PreviewDraw(ctx, in.ApplicationID)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &reviewPoolOutput{Body: v}, nil
}

type reviewDrawInput struct {
	Body struct {
		ApplicationID string `json:"application_id" maxLength:"36"`
		CycleID       string `json:"cycle_id,omitempty" required:"false" maxLength:"36"`
	}
}

type reviewPanelOutput struct{ Body *PanelView }

func (s *Service) hDraw(ctx context.Context, in *reviewDrawInput) (*reviewPanelOutput, error) {
	p, err := s.DrawPanel(ctx, in.Body.ApplicationID, in.Body.CycleID)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &reviewPanelOutput{Body: p}, nil
}

type reviewPanelInput struct {
	PanelID string `path:"panelId" maxLength:"36"`
}

func (s *Service) hPanel(ctx context.Context, in *reviewPanelInput) (*reviewPanelOutput, error) {
	p, err := s.Panel(ctx, in.PanelID)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &reviewPanelOutput{Body: p}, nil
}

type reviewDrawIDInput struct {
	DrawID string `path:"drawId" maxLength:"36"`
}

type reviewDrawOutput struct{ Body *DrawRecord }

func (s *Service) hGetDraw(ctx context.Context, in *reviewDrawIDInput) (*reviewDrawOutput, error) {
	d, err := s.Draw(ctx, in.DrawID)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &reviewDrawOutput{Body: d}, nil
}

type reviewInboxOutput struct {
	Body struct {
		Items []InboxItem `json:"items"`
	}
}

func (s *Service) hInbox(ctx context.Context, _ *struct{}) (*reviewInboxOutput, error) {
	items, err := s.Inbox(ctx)
	if err != nil {
		return nil, toHTTP(err)
	}
	out := &reviewInboxOutput{}
	out.Body.Items = items
	return out, nil
}

type reviewRespondInput struct {
	PanelID string `path:"panelId" maxLength:"36"`
	Body    struct {
		Answer string `json:"answer" enum:"accept,decline,conflict"`
		Reason string `json:"reason,omitempty" required:"false" maxLength:"500"`
	}
}

type reviewInboxItemOutput struct{ Body *InboxItem }

func (s *Service) hRespond(ctx context.Context, in *reviewRespondInput) (*reviewInboxItemOutput, error) {
	it, err := s.Respond(ctx, in.PanelID, in.Body.Answer, in.Body.Reason)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &reviewInboxItemOutput{Body: it}, nil
}

type reviewCaseOutput struct{ Body *ReviewCase }

func (s *Service) hCase(ctx context.Context, in *reviewPanelInput) (*reviewCaseOutput, error) {
	c, err := s.Case(ctx, in.PanelID)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &reviewCaseOutput{Body: c}, nil
}

type reviewEvidenceInput struct {
	PanelID    string `path:"panelId" maxLength:"36"`
	EvidenceID string `path:"evidenceId" maxLength:"36"`
}

func (s *Service) hEvidence(ctx context.Context, in *reviewEvidenceInput) (*huma.StreamResponse, error) {
	ev, rc, err := s.Evidence(ctx, in.PanelID, in.EvidenceID)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		defer rc.Close()
		disp := "inline"
		if ev.ContentType == "application/ofd" || ev.ContentType == "image/tiff" {
			disp = "attachment"
		}
		hc.SetHeader("Content-Type", ev.ContentType)
		hc.SetHeader("Content-Length", strconv.FormatInt(ev.Size, 10))
		hc.SetHeader("Content-Disposition", disp+`; filename="evidence"`)
		hc.SetHeader("X-Content-Type-Options", "nosniff")
		hc.SetHeader("Cache-Control", "private, no-store")
		hc.SetHeader("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
		io.Copy(hc.BodyWriter(), rc) //nolint:errcheck
	}}, nil
}

// ReviewDeductionInput is one deduction of a vote.
type ReviewDeductionInput struct {
	Key    string `json:"key" maxLength:"60" doc:"A fee line's key (line:N) or a free key for an amount"`
	Label  string `json:"label" maxLength:"200"`
	Amount string `json:"amount" maxLength:"20" doc:"Yuan, at most two decimals"`
	Reason string `json:"reason" maxLength:"500"`
}

type reviewVoteInput struct {
	PanelID string `path:"panelId" maxLength:"36"`
	Body    struct {
		Choice           string                 `json:"choice" enum:"APPROVE_ITEM_BASED,APPROVE_ADJUSTED_STANDARD,REJECT"`
		Rationale        string                 `json:"rationale" maxLength:"4000"`
		Deductions       []ReviewDeductionInput `json:"deductions,omitempty" required:"false" maxItems:"200"`
		ProposedWeight   string                 `json:"proposed_weight,omitempty" required:"false" maxLength:"20"`
		ProposedStandard string                 `json:"proposed_standard,omitempty" required:"false" maxLength:"20"`
	}
}

type reviewVoteOutput struct{ Body *VoteView }

func parseDec(field, s string, places int32) (*decimal.Decimal, error) {
	if s == "" {
		return nil, nil
	}
	d, err := decimal.NewFromString(s)
	if err != nil || d.Exponent() < -places || d.GreaterThan(decimal.New(1, 10)) {
		return nil, invalid(field, fmt.Sprintf("a number with at most %d decimals", places))
	}
	return &d, nil
}

func (s *Service) hVote(ctx context.Context, in *reviewVoteInput) (*reviewVoteOutput, error) {
	vi := VoteInput{Choice: decision.Choice(in.Body.Choice), Rationale: in.Body.Rationale}
	var err error
	if vi.ProposedWeight, err = parseDec("proposed_weight", in.Body.ProposedWeight, 4); err != nil {
		return nil, toHTTP(err)
	}
	if vi.ProposedStandard, err = parseDec("proposed_standard", in.Body.ProposedStandard, 2); err != nil {
		return nil, toHTTP(err)
	}
	for i, d := range in.Body.Deductions {
		amt, err := parseDec(fmt.Sprintf("deductions[%d].amount", i), d.Amount, 2)
		if err != nil {
			return nil, toHTTP(err)
		}
		if amt == nil {
			return nil, toHTTP(invalid(fmt.Sprintf("deductions[%d].amount", i), "required"))
		}
		vi.Deductions = append(vi.Deductions, decision.Deduction{Key: d.Key, Label: d.Label, Amount: *amt, Reason: d.Reason})
	}
	v, err := s.Cast(ctx, in.PanelID, vi)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &reviewVoteOutput{Body: v}, nil
}

type reviewDecisionsInput struct {
	Status string `query:"status" enum:",PROPOSED,CONFIRMED,RETURNED"`
}

type reviewDecisionsOutput struct {
	Body struct {
		Items []DecisionView `json:"items"`
	}
}

func (s *Service) hDecisions(ctx context.Context, in *reviewDecisionsInput) (*reviewDecisionsOutput, error) {
	items, err := s.Decisions(ctx, in.Status)
	if err != nil {
		return nil, toHTTP(err)
	}
	out := &reviewDecisionsOutput{}
	out.Body.Items = items
	return out, nil
}

type reviewDecisionInput struct {
	DecisionID string `path:"decisionId" maxLength:"36"`
}

type reviewDecisionOutput struct{ Body *DecisionView }

func (s *Service) hDecision(ctx context.Context, in *reviewDecisionInput) (*reviewDecisionOutput, error) {
	d, err := s.Decision(ctx, in.DecisionID)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &reviewDecisionOutput{Body: d}, nil
}

func (s *Service) hConfirm(ctx context.Context, in *reviewDecisionInput) (*reviewDecisionOutput, error) {
	d, err := s.Confirm(ctx, in.DecisionID)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &reviewDecisionOutput{Body: d}, nil
}

type reviewReturnInput struct {
	DecisionID string `path:"decisionId" maxLength:"36"`
	Body       struct {
		Reason string `json:"reason" maxLength:"2000"`
	}
}

func (s *Service) hReturn(ctx context.Context, in *reviewReturnInput) (*reviewDecisionOutput, error) {
	d, err := s.Return(ctx, in.DecisionID, in.Body.Reason)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &reviewDecisionOutput{Body: d}, nil
}

type reviewLetterOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	CacheControl       string `header:"Cache-Control"`
	Body               []byte
}

func (s *Service) hLetter(ctx context.Context, in *reviewDecisionInput) (*reviewLetterOutput, error) {
	b, name, err := s.Letter(ctx, in.DecisionID)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &reviewLetterOutput{ContentType: "application/pdf", ContentDisposition: `attachment; filename="` + name + `"`,
		CacheControl: "private, no-store", Body: b}, nil
}

func (s *Service) hAppDecisions(ctx context.Context, in *reviewAppInput) (*reviewDecisionsOutput, error) {
	items, err := s.ApplicationDecisions(ctx, in.ApplicationID)
	if err != nil {
		return nil, toHTTP(err)
	}
	out := &reviewDecisionsOutput{}
	out.Body.Items = items
	return out, nil
}

type reviewAppealInput struct {
	ApplicationID string `path:"applicationId" maxLength:"36"`
	Body          struct {
		Reason string `json:"reason" maxLength:"2000"`
	}
}

type reviewAppealOutput struct{ Body *specialcase.CommandResult }

func (s *Service) hAppeal(ctx context.Context, in *reviewAppealInput) (*reviewAppealOutput, error) {
	r, err := s.Appeal(ctx, in.ApplicationID, in.Body.Reason)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &reviewAppealOutput{Body: r}, nil
}

type reviewVerifyInput struct {
	Code string `path:"code" maxLength:"40"`
}

type reviewVerifyOutput struct{ Body *Verification }

func (s *Service) hVerify(ctx context.Context, in *reviewVerifyInput) (*reviewVerifyOutput, error) {
	v, err := s.Verify(ctx, in.Code)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &reviewVerifyOutput{Body: v}, nil
}
