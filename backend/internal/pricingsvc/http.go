package pricingsvc

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/shopspring/decimal"

	"teyi/backend/internal/pricing"
)

// Routes registers the pricing-version operations.
func (s *Service) Routes(api huma.API) {
	// Decimals and dates are strings in JSON (architecture decision 6).
	reg := api.OpenAPI().Components.Schemas
	reg.RegisterTypeAlias(reflect.TypeFor[decimal.Decimal](), reflect.TypeFor[string]())
	reg.RegisterTypeAlias(reflect.TypeFor[decimal.NullDecimal](), reflect.TypeFor[string]())
	reg.RegisterTypeAlias(reflect.TypeFor[pricing.Date](), reflect.TypeFor[string]())

	h := &handlers{s: s}
	tags := []string{"pricing"}
	const base = "/api/v1/pricing/versions"
	huma.Register(api, huma.Operation{OperationID: "list-pricing-versions", Method: http.MethodGet, Path: base,
		Summary: "Pricing parameter versions of the region", Tags: tags}, h.list)
	huma.Register(api, huma.Operation{OperationID: "get-pricing-version", Method: http.MethodGet, Path: base + "/{versionId}",
		Summary: "One pricing version with its parameters and weights", Tags: tags}, h.get)
	huma.Register(api, huma.Operation{OperationID: "create-pricing-draft", Method: http.MethodPost, Path: base,
		Summary: "Draft a pricing version from parameters (or the demo template)", Tags: tags, DefaultStatus: http.StatusCreated}, h.create)
	huma.Register(api, huma.Operation{OperationID: "import-pricing-catalogue", Method: http.MethodPost, Path: base + "/import",
		Summary: "Draft a pricing version from a catalogue CSV (weights, published standards) and parameters",
		Description: "multipart/form-data: `file` the catalogue CSV (UTF-8 or GB18030, at most 4 MiB), `params` the other " +
			"parameters as a JSON DraftSpec. Every bad row of the catalogue is a field error located `body.file:LINE`.",
		Tags: tags, DefaultStatus: http.StatusCreated}, h.importCatalogue)
	huma.Register(api, huma.Operation{OperationID: "update-pricing-draft", Method: http.MethodPut, Path: base + "/{versionId}",
		Summary: "Replace a draft's parameters (without weights it keeps its own)", Tags: tags}, h.update)
	huma.Register(api, huma.Operation{OperationID: "activate-pricing-version", Method: http.MethodPost, Path: base + "/{versionId}/activate",
		Summary: "Activate a draft for its effective dates (bureau administrators; audited)", Tags: tags}, h.activate)
	huma.Register(api, huma.Operation{OperationID: "retire-pricing-version", Method: http.MethodPost, Path: base + "/{versionId}/retire",
		Summary: "Withdraw a draft, or end an active version on a date", Tags: tags}, h.retire)
	huma.Register(api, huma.Operation{OperationID: "price-preview", Method: http.MethodPost, Path: base + "/{versionId}/preview",
		Summary: "Price one case under a version (draft or active)", Tags: tags}, h.preview)
}

type handlers struct{ s *Service }

type listInput struct {
	Year   int    `query:"year" minimum:"0" maximum:"2100"`
	Status string `query:"status" enum:",draft,active,retired"`
}

type listOutput struct {
	Body struct {
		Items []Summary `json:"items"`
	}
}

func (h *handlers) list(ctx context.Context, in *listInput) (*listOutput, error) {
	items, err := h.s.List(ctx, ListFilter{Year: in.Year, Status: in.Status})
	if err != nil {
		return nil, toHTTP(err)
	}
	out := &listOutput{}
	out.Body.Items = items
	return out, nil
}

type idInput struct {
	VersionID string `path:"versionId" maxLength:"36"`
}

type detailOutput struct{ Body *Detail }

func (h *handlers) get(ctx context.Context, in *idInput) (*detailOutput, error) {
	d, err := h.s.Get(ctx, in.VersionID)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &detailOutput{Body: d}, nil
}

type createInput struct{ Body DraftSpec }

func (h *handlers) create(ctx context.Context, in *createInput) (*detailOutput, error) {
	d, err := h.s.CreateDraft(ctx, in.Body)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &detailOutput{Body: d}, nil
}

type importForm struct {
	File   huma.FormFile `form:"file" contentType:"text/csv,text/plain,application/vnd.ms-excel,application/octet-stream" doc:"The catalogue CSV"`
	Params string        `form:"params" doc:"The other parameters: a DraftSpec as JSON (weights come from the file)"`
}

type importInput struct {
	RawBody huma.MultipartFormFiles[importForm]
}

func (h *handlers) importCatalogue(ctx context.Context, in *importInput) (*detailOutput, error) {
	f := in.RawBody.Data()
	if !f.File.IsSet {
		return nil, toHTTP(invalid("file", "a catalogue CSV is required"))
	}
	defer f.File.Close()
	if f.File.Size > MaxCatalogueBytes {
		return nil, toHTTP(ErrTooLarge)
	}
	var params DraftSpec
	if strings.TrimSpace(f.Params) == "" {
		return nil, toHTTP(invalid("params", "the parameters are required (JSON)"))
	}
	dec := json.NewDecoder(strings.NewReader(f.Params))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&params); err != nil {
		return nil, toHTTP(invalid("params", "not a valid parameter document: "+err.Error()))
	}
	if err := validateDraft(params, "params."); err != nil {
		return nil, toHTTP(err)
	}
	d, err := h.s.ImportCatalogue(ctx, f.File.Filename, f.File, params)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &detailOutput{Body: d}, nil
}

// validateDraft checks what huma's schema checks for a JSON body, for the
// parameters that arrive inside a multipart form.
func validateDraft(d DraftSpec, prefix string) error {
	var fe fieldErrors
	if d.Year < 2000 || d.Year > 2100 {
		fe.add(prefix+"year", "between 2000 and 2100")
	}
	if d.Number < 0 || d.Number > 999 {
		fe.add(prefix+"number", "between 0 and 999")
	}
	if len(d.Source) > 200 {
		fe.add(prefix+"source", "at most 200 characters")
	}
	switch d.Method {
	case "", "rate", "point":
	default:
		fe.add(prefix+"method", "rate or point")
	}
	switch d.Template {
	case "", "demo":
	default:
		fe.add(prefix+"template", "empty or demo")
	}
	return fe.err()
}

type updateInput struct {
	VersionID string `path:"versionId" maxLength:"36"`
	Body      struct {
		Version int       `json:"version" minimum:"1" doc:"The version read; a stale one answers 409"`
		Draft   DraftSpec `json:"draft"`
	}
}

func (h *handlers) update(ctx context.Context, in *updateInput) (*detailOutput, error) {
	d, err := h.s.UpdateDraft(ctx, in.VersionID, in.Body.Version, in.Body.Draft)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &detailOutput{Body: d}, nil
}

type activateInput struct {
	VersionID string `path:"versionId" maxLength:"36"`
	Body      struct {
		Version int `json:"version" minimum:"1" doc:"The version read; a stale one answers 409"`
	}
}

func (h *handlers) activate(ctx context.Context, in *activateInput) (*detailOutput, error) {
	d, err := h.s.Activate(ctx, in.VersionID, in.Body.Version)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &detailOutput{Body: d}, nil
}

type retireInput struct {
	VersionID string `path:"versionId" maxLength:"36"`
	Body      struct {
		Version     int    `json:"version" minimum:"1" doc:"The version read; a stale one answers 409"`
		EffectiveTo string `json:"effective_to,omitempty" required:"false" pattern:"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$" doc:"For an active version: its last day in force (YYYY-MM-DD, not before today)"`
	}
}

func (h *handlers) retire(ctx context.Context, in *retireInput) (*detailOutput, error) {
	d, err := h.s.Retire(ctx, in.VersionID, in.Body.Version, in.Body.EffectiveTo)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &detailOutput{Body: d}, nil
}

// PreviewCase is one case to price.
type PreviewCase struct {
	DRG           string        `json:"drg" pattern:"^[0-9A-Za-z]{3,6}$"`
	Level         string        `json:"level" enum:"tertiary,secondary,primary"`
	Fund          string        `json:"fund" enum:"employee,resident"`
	HospitalID    string        `json:"hospital_id,omitempty" required:"false" maxLength:"36"`
	TotalCost     string        `json:"total_cost" pattern:"^[0-9]{1,12}(\\.[0-9]{1,2})?$" doc:"Yuan, a decimal string"`
	DischargeDate string        `json:"discharge_date,omitempty" required:"false" pattern:"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"`
	Lines         []PreviewLine `json:"lines,omitempty" required:"false" maxItems:"500"`
}

// PreviewLine is one fee line.
type PreviewLine struct {
	Class        string `json:"class" enum:"A,B,C" doc:"甲 A, 乙 B, 丙 C"`
	Amount       string `json:"amount" pattern:"^[0-9]{1,12}(\\.[0-9]{1,2})?$"`
	SelfPayRatio string `json:"self_pay_ratio,omitempty" required:"false" pattern:"^(0(\\.[0-9]{1,4})?|1(\\.0{1,4})?)?$"`
	CarveOut     bool   `json:"carve_out,omitempty" required:"false"`
	NewItem      bool   `json:"new_item,omitempty" required:"false"`
}

func (p PreviewCase) toInput() (pricing.CaseInput, error) {
	var fe fieldErrors
	c := pricing.CaseInput{DRG: strings.ToUpper(p.DRG), Level: pricing.Level(p.Level), Fund: pricing.Fund(p.Fund), HospitalID: p.HospitalID}
	var err error
	if c.TotalCost, err = decimal.NewFromString(p.TotalCost); err != nil {
		fe.add("total_cost", "not a decimal")
	}
	if c.DischargeDate, err = pricing.ParseDate(p.DischargeDate); err != nil {
		fe.add("discharge_date", "want YYYY-MM-DD")
	}
	for _, l := range p.Lines {
		line := pricing.FeeLine{Class: pricing.FeeClass(l.Class), CarveOut: l.CarveOut, NewItem: l.NewItem}
		line.Amount, _ = decimal.NewFromString(l.Amount)
		if l.SelfPayRatio != "" {
			r, _ := decimal.NewFromString(l.SelfPayRatio)
			line.SelfPayRatio = decimal.NewNullDecimal(r)
		}
		c.Lines = append(c.Lines, line)
	}
	return c, fe.err()
}

type previewInput struct {
	VersionID string `path:"versionId" maxLength:"36"`
	Body      PreviewCase
}

type previewOutput struct{ Body pricing.Outcome }

func (h *handlers) preview(ctx context.Context, in *previewInput) (*previewOutput, error) {
	c, err := in.Body.toInput()
	if err != nil {
		return nil, toHTTP(err)
	}
	o, err := h.s.Preview(ctx, in.VersionID, c)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &previewOutput{Body: o}, nil
}
