package registry

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/danielgtaylor/huma/v2"
)

// Routes registers the registry operations under /api/v1/registry/items.
func (s *Service) Routes(api huma.API) {
	tags := []string{"registry"}
	const base = "/api/v1/registry/items"
	const one = base + "/{itemId}"
	huma.Register(api, huma.Operation{OperationID: "list-registry-items", Method: http.MethodGet, Path: base,
		Summary: "New drug, consumable and service-item filings (新药耗新技术备案) in scope", Tags: tags}, s.hList)
	huma.Register(api, huma.Operation{OperationID: "get-registry-item", Method: http.MethodGet, Path: one,
		Summary: "One filing with its evidence", Tags: tags}, s.hGet)
	huma.Register(api, huma.Operation{OperationID: "create-registry-item", Method: http.MethodPost, Path: base, DefaultStatus: http.StatusCreated,
		Summary: "File a new item as a draft (hospital insurance office)", Tags: tags}, s.hCreate)
	huma.Register(api, huma.Operation{OperationID: "update-registry-item", Method: http.MethodPut, Path: one,
		Summary: "Replace a draft's fields", Tags: tags}, s.hUpdate)
	huma.Register(api, huma.Operation{OperationID: "submit-registry-item", Method: http.MethodPost, Path: one + "/submit",
		Summary: "Submit a draft to the bureau (needs evidence; freezes it)", Tags: tags}, s.hSubmit)
	huma.Register(api, huma.Operation{OperationID: "approve-registry-item", Method: http.MethodPost, Path: one + "/approve",
		Summary: "Approve a submitted filing for a validity period and a scope (bureau administrators; audited)", Tags: tags}, s.hApprove)
	huma.Register(api, huma.Operation{OperationID: "reject-registry-item", Method: http.MethodPost, Path: one + "/reject",
		Summary: "Reject a submitted filing with a reason (bureau administrators; audited)", Tags: tags}, s.hReject)
	huma.Register(api, huma.Operation{OperationID: "withdraw-registry-item", Method: http.MethodPost, Path: one + "/withdraw",
		Summary: "Withdraw a draft or a submitted filing", Tags: tags}, s.hWithdraw)

	huma.Register(api, huma.Operation{OperationID: "upload-registry-evidence", Method: http.MethodPost, Path: one + "/evidence",
		Summary: "Add an evidence file to a draft: the raw bytes as the body; PDF, JPEG, PNG, TIFF or OFD by content; at most 20 MiB",
		Tags:    tags, DefaultStatus: http.StatusCreated, MaxBodyBytes: MaxEvidenceBytes + 1,
		Middlewares: huma.Middlewares{s.refuseLarge(api)}}, s.hUpload)
	huma.Register(api, huma.Operation{OperationID: "download-registry-evidence", Method: http.MethodGet, Path: one + "/evidence/{fileId}",
		Summary: "One evidence file (inline for preview, or as an attachment); every download is audited", Tags: tags}, s.hDownload)
}

// refuseLarge answers 413 from the declared length, before the body is
// read into the operation; huma's MaxBodyBytes bounds a body without one.
func (s *Service) refuseLarge(api huma.API) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		if cl := ctx.Header("Content-Length"); cl != "" {
			if n, err := strconv.ParseInt(cl, 10, 64); err == nil && n > MaxEvidenceBytes {
				huma.WriteErr(api, ctx, http.StatusRequestEntityTooLarge, ErrTooLarge.Error()) //nolint:errcheck
				return
			}
		}
		next(ctx)
	}
}

type registryListInput struct {
	Status     string `query:"status" enum:",draft,submitted,approved,rejected,withdrawn,expired"`
	Kind       string `query:"kind" enum:",drug,consumable,service"`
	Q          string `query:"q" maxLength:"100" doc:"Code prefix or part of the name"`
	HospitalID string `query:"hospital_id" maxLength:"36" doc:"Bureau: one hospital's filings"`
	Limit      int    `query:"limit" minimum:"1" maximum:"500" default:"200"`
}

type registryListOutput struct {
	Body struct {
		Items []Filing `json:"items"`
	}
}

func (s *Service) hList(ctx context.Context, in *registryListInput) (*registryListOutput, error) {
	items, err := s.List(ctx, ListFilter{Status: in.Status, Kind: in.Kind, Q: in.Q, HospitalID: in.HospitalID, Limit: in.Limit})
	if err != nil {
		return nil, toHTTP(err)
	}
	out := &registryListOutput{}
	out.Body.Items = items
	return out, nil
}

type registryIDInput struct {
	ItemID string `path:"itemId" maxLength:"36"`
}

type registryDetailOutput struct{ Body *FilingDetail }

func (s *Service) hGet(ctx context.Context, in *registryIDInput) (*registryDetailOutput, error) {
	d, err := s.Get(ctx, in.ItemID)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &registryDetailOutput{Body: d}, nil
}

type registryCreateInput struct{ Body FilingInput }

func (s *Service) hCreate(ctx context.Context, in *registryCreateInput) (*registryDetailOutput, error) {
	d, err := s.Create(ctx, in.Body)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &registryDetailOutput{Body: d}, nil
}

// RegistryUpdate is a draft's new fields with the version read.
type RegistryUpdate struct {
	Version       int    `json:"version" minimum:"1" doc:"The version read; a stale one answers 409"`
	Kind          Kind   `json:"kind" enum:"drug,consumable,service"`
	Code          string `json:"code" minLength:"1" maxLength:"40"`
	Name          string `json:"name" minLength:"1" maxLength:"200"`
	ListedOn      string `json:"listed_on" pattern:"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"`
	ExpectedCases int    `json:"expected_cases" minimum:"0" maximum:"1000000"`
	Justification string `json:"justification" maxLength:"4000"`
}

type registryUpdateInput struct {
	ItemID string `path:"itemId" maxLength:"36"`
	Body   RegistryUpdate
}

func (s *Service) hUpdate(ctx context.Context, in *registryUpdateInput) (*registryDetailOutput, error) {
	b := in.Body
	d, err := s.Update(ctx, in.ItemID, b.Version, FilingInput{Kind: b.Kind, Code: b.Code, Name: b.Name, ListedOn: b.ListedOn,
		ExpectedCases: b.ExpectedCases, Justification: b.Justification})
	if err != nil {
		return nil, toHTTP(err)
	}
	return &registryDetailOutput{Body: d}, nil
}

// RegistryVersion carries the version read.
type RegistryVersion struct {
	Version int `json:"version" minimum:"1" doc:"The version read; a stale one answers 409"`
}

type registryVersionInput struct {
	ItemID string `path:"itemId" maxLength:"36"`
	Body   RegistryVersion
}

func (s *Service) hSubmit(ctx context.Context, in *registryVersionInput) (*registryDetailOutput, error) {
	d, err := s.Submit(ctx, in.ItemID, in.Body.Version)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &registryDetailOutput{Body: d}, nil
}

func (s *Service) hWithdraw(ctx context.Context, in *registryVersionInput) (*registryDetailOutput, error) {
	d, err := s.Withdraw(ctx, in.ItemID, in.Body.Version)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &registryDetailOutput{Body: d}, nil
}

// RegistryApproval is the bureau's approval with the version read.
type RegistryApproval struct {
	Version   int    `json:"version" minimum:"1"`
	ValidFrom string `json:"valid_from" pattern:"^[0-9]{4}-[0-9]{2}-[0-9]{2}$" doc:"First day in force"`
	ValidTo   string `json:"valid_to" pattern:"^[0-9]{4}-[0-9]{2}-[0-9]{2}$" doc:"Last day in force (inclusive); at most three years after the first"`
	Scope     Scope  `json:"scope" enum:"region,hospital" doc:"region: every hospital of the region; hospital: only the filing hospital"`
}

type registryApproveInput struct {
	ItemID string `path:"itemId" maxLength:"36"`
	Body   RegistryApproval
}

func (s *Service) hApprove(ctx context.Context, in *registryApproveInput) (*registryDetailOutput, error) {
	b := in.Body
	d, err := s.Approve(ctx, in.ItemID, b.Version, Decision{ValidFrom: b.ValidFrom, ValidTo: b.ValidTo, Scope: b.Scope})
	if err != nil {
		return nil, toHTTP(err)
	}
	return &registryDetailOutput{Body: d}, nil
}

// RegistryRejection is the bureau's refusal with the version read.
type RegistryRejection struct {
	Version int    `json:"version" minimum:"1"`
	Reason  string `json:"reason" minLength:"1" maxLength:"2000"`
}

type registryRejectInput struct {
	ItemID string `path:"itemId" maxLength:"36"`
	Body   RegistryRejection
}

func (s *Service) hReject(ctx context.Context, in *registryRejectInput) (*registryDetailOutput, error) {
	d, err := s.Reject(ctx, in.ItemID, in.Body.Version, in.Body.Reason)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &registryDetailOutput{Body: d}, nil
}

type registryUploadInput struct {
	ItemID   string `path:"itemId" maxLength:"36"`
	FileName string `query:"file_name" maxLength:"255" doc:"The file's name, for display only (absent: evidence)"`
	RawBody  []byte `contentType:"application/octet-stream"`
}

type registryEvidenceOutput struct{ Body *FilingEvidence }

func (s *Service) hUpload(ctx context.Context, in *registryUploadInput) (*registryEvidenceOutput, error) {
	if len(in.RawBody) == 0 {
		return nil, huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "body", Message: "the file is empty"})
	}
	ev, err := s.Upload(ctx, in.ItemID, in.FileName, bytes.NewReader(in.RawBody))
	if err != nil {
		return nil, toHTTP(err)
	}
	return &registryEvidenceOutput{Body: ev}, nil
}

type registryDownloadInput struct {
	ItemID   string `path:"itemId" maxLength:"36"`
	FileID   string `path:"fileId" maxLength:"36"`
	Download bool   `query:"download" doc:"true: as an attachment; otherwise inline, for preview"`
}

func (s *Service) hDownload(ctx context.Context, in *registryDownloadInput) (*huma.StreamResponse, error) {
	ev, rc, err := s.OpenEvidence(ctx, in.ItemID, in.FileID)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		defer rc.Close()
		disp := "inline"
		if in.Download {
			disp = "attachment"
		}
		hc.SetHeader("Content-Type", ev.ContentType)
		hc.SetHeader("Content-Length", strconv.FormatInt(ev.Size, 10))
		hc.SetHeader("Content-Disposition", disp+`; filename="evidence"; filename*=UTF-8''`+url.PathEscape(ev.FileName))
		hc.SetHeader("Cache-Control", "private, no-store")
		hc.SetHeader("X-Content-Type-Options", "nosniff")
		// Shown in a frame of Teyi's own pages (the preview), never
		// elsewhere; the file itself may run nothing.
		hc.SetHeader("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'")
		hc.SetHeader("X-Frame-Options", "SAMEORIGIN")
		if _, err := io.Copy(hc.BodyWriter(), rc); err != nil {
			s.log.WarnContext(ctx, "evidence download", "err", err.Error())
		}
	}}, nil
}
