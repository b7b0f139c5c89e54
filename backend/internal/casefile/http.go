package casefile

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/danielgtaylor/huma/v2"

	"teyi/backend/internal/platform/authz"
	"teyi/backend/internal/platform/secret"
)

// Routes registers the case operations. bodyLimit is the server's request
// limit, which the upload operation accepts (larger files go through
// `teyi import`).
func (s *Service) Routes(api huma.API, bodyLimit int) {
	tag := []string{"cases"}
	huma.Register(api, huma.Operation{OperationID: "list-cases", Method: http.MethodGet, Path: "/api/v1/cases",
		Summary: "List cases (keyset pages)", Tags: tag}, s.hList)
	huma.Register(api, huma.Operation{OperationID: "get-case", Method: http.MethodGet, Path: "/api/v1/cases/{caseId}",
		Summary: "One case: grouping with trace, payment, fee categories, items, versions, quality findings", Tags: tag}, s.hGet)
	huma.Register(api, huma.Operation{OperationID: "export-cases", Method: http.MethodGet, Path: "/api/v1/case-export",
		Summary: "Export the listed cases as XLSX (streamed; formulas neutralised)", Tags: tag}, s.hExport)
	huma.Register(api, huma.Operation{OperationID: "get-case-dashboard", Method: http.MethodGet, Path: "/api/v1/case-dashboard",
		Summary: "Monthly cases, CMI, time and cost indices, outliers, candidates and quality rate", Tags: tag}, s.hDashboard)
	huma.Register(api, huma.Operation{OperationID: "upload-case-import", Method: http.MethodPost, Path: "/api/v1/case-imports",
		Summary: "Upload a settlement-list file (CSV, XLSX or national JSON); it is imported as a job", Tags: tag,
		MaxBodyBytes: int64(bodyLimit), DefaultStatus: http.StatusAccepted}, s.hUpload)
	huma.Register(api, huma.Operation{OperationID: "list-case-imports", Method: http.MethodGet, Path: "/api/v1/case-imports",
		Summary: "Recent imports with their progress", Tags: tag}, s.hListImports)
	huma.Register(api, huma.Operation{OperationID: "get-case-import", Method: http.MethodGet, Path: "/api/v1/case-imports/{importId}",
		Summary: "One import's status and progress", Tags: tag}, s.hGetImport)
	huma.Register(api, huma.Operation{OperationID: "get-case-import-errors", Method: http.MethodGet, Path: "/api/v1/case-imports/{importId}/errors",
		Summary: "The row-level error report of a rejected import (JSON, or CSV with format=csv)", Tags: tag}, s.hImportErrors)
	huma.Register(api, huma.Operation{OperationID: "get-screening-rules", Method: http.MethodGet, Path: "/api/v1/screening-rules",
		Summary: "The region's special-case screening rules (the defaults until a bureau administrator sets them)", Tags: tag}, s.hGetRules)
	huma.Register(api, huma.Operation{OperationID: "update-screening-rules", Method: http.MethodPut, Path: "/api/v1/screening-rules",
		Summary: "Set the region's screening rules (applies to later imports; audited)", Tags: tag}, s.hSetRules)
	huma.Register(api, huma.Operation{OperationID: "get-case-template", Method: http.MethodGet, Path: "/api/v1/case-templates/{format}",
		Summary: "The import template (csv or xlsx)", Tags: tag}, s.hTemplate)
}

func toHTTP(err error) error {
	var fe *FieldError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &fe):
		return huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "query." + fe.Field, Message: fe.Message})
	case errors.Is(err, ErrStale):
		return huma.Error409Conflict(ErrStale.Error())
	case errors.Is(err, ErrNotFound):
		return huma.Error404NotFound("not found")
	case errors.Is(err, ErrNoHospital):
		return huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "query.hospital_id", Message: ErrNoHospital.Error()})
	case errors.Is(err, secret.ErrNoKey), errors.Is(err, secret.ErrBadKey):
		return huma.Error503ServiceUnavailable("case storage is not configured: " + err.Error())
	}
	return err
}

type caseListInput struct {
	HospitalID string `query:"hospital_id" maxLength:"36" doc:"Bureau users: one hospital"`
	Department string `query:"department" maxLength:"20"`
	Month      string `query:"month" pattern:"^[0-9]{4}-[0-9]{2}$" doc:"Discharge month YYYY-MM"`
	MDC        string `query:"mdc" maxLength:"10"`
	DRG        string `query:"drg" maxLength:"10"`
	Outlier    string `query:"outlier" enum:"normal,high,low"`
	Reason     string `query:"reason" maxLength:"30" doc:"A candidate reason, or any"`
	MRN        string `query:"mrn" maxLength:"64" doc:"Medical-record number (exact)"`
	Quality    string `query:"quality" enum:"failed"`
	Sort       string `query:"sort" enum:"discharged_desc,discharged_asc,cost_desc,ratio_desc"`
	Cursor     string `query:"cursor" maxLength:"200"`
	Limit      int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

func (in *caseListInput) filter() ListFilter {
	return ListFilter{HospitalID: in.HospitalID, Department: in.Department, Month: in.Month, MDC: in.MDC, DRG: in.DRG,
		Outlier: in.Outlier, Reason: in.Reason, MRN: in.MRN, Quality: in.Quality, Sort: in.Sort, Cursor: in.Cursor, Limit: in.Limit}
}

type caseListOutput struct {
	Body struct {
		Items      []CaseSummary `json:"items"`
		NextCursor string        `json:"next_cursor,omitempty"`
	}
}

func (s *Service) hList(ctx context.Context, in *caseListInput) (*caseListOutput, error) {
	rows, next, err := s.ListCases(ctx, in.filter())
	if err != nil {
		return nil, toHTTP(err)
	}
	out := &caseListOutput{}
	out.Body.Items, out.Body.NextCursor = rows, next
	if out.Body.Items == nil {
		out.Body.Items = []CaseSummary{}
	}
	return out, nil
}

type caseIDInput struct {
	CaseID string `path:"caseId" maxLength:"20"`
}

type caseOutput struct{ Body *CaseView }

func (s *Service) hGet(ctx context.Context, in *caseIDInput) (*caseOutput, error) {
	v, err := s.GetCase(ctx, in.CaseID)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &caseOutput{Body: v}, nil
}

func (s *Service) hExport(ctx context.Context, in *caseListInput) (*huma.StreamResponse, error) {
	f := in.filter()
	if _, _, err := f.where(ctx); err != nil {
		return nil, toHTTP(err)
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		hc.SetHeader("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		hc.SetHeader("Content-Disposition", `attachment; filename="cases.xlsx"`)
		hc.SetHeader("Cache-Control", "no-store")
		if _, err := s.Export(ctx, f, hc.BodyWriter()); err != nil {
			s.Log.Error("case export", "err", SafeError(err))
		}
	}}, nil
}

type dashboardInput struct {
	HospitalID string `query:"hospital_id" maxLength:"36"`
	From       string `query:"from" required:"true" pattern:"^[0-9]{4}-[0-9]{2}$"`
	To         string `query:"to" required:"true" pattern:"^[0-9]{4}-[0-9]{2}$"`
}

type caseDashboardOutput struct{ Body *Dashboard }

func (s *Service) hDashboard(ctx context.Context, in *dashboardInput) (*caseDashboardOutput, error) {
	d, err := s.Dashboard(ctx, in.HospitalID, in.From, in.To)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &caseDashboardOutput{Body: d}, nil
}

type uploadInput struct {
	HospitalID string `query:"hospital_id" maxLength:"36" doc:"Bureau administrators: the hospital the file belongs to"`
	FileName   string `query:"file_name" required:"true" minLength:"1" maxLength:"200" doc:"The file's name; its extension (.csv, .xlsx, .json) gives the format"`
	RawBody    []byte `contentType:"application/octet-stream"`
}

type caseImportOutput struct{ Body *Import }

func (s *Service) hUpload(ctx context.Context, in *uploadInput) (*caseImportOutput, error) {
	format, err := ParseFormat(in.FileName)
	if err != nil {
		return nil, huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "query.file_name", Message: err.Error()})
	}
	if len(in.RawBody) == 0 {
		return nil, huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "body", Message: "the file is empty"})
	}
	if format == FormatXLSX && len(in.RawBody) > MaxXLSXBytes {
		return nil, huma.Error413RequestEntityTooLarge("XLSX files are limited to 64 MiB; import large files as CSV")
	}
	if s.Env.Sealer == nil {
		return nil, toHTTP(secret.ErrNoKey)
	}
	h, err := s.HospitalFor(ctx, in.HospitalID)
	if err != nil {
		return nil, toHTTP(err)
	}
	im, err := s.CreateImport(ctx, NewImport{Hospital: h, Source: sourceOf(ctx), FileName: in.FileName, Format: format,
		Body: bytes.NewReader(in.RawBody)})
	if err != nil {
		return nil, toHTTP(err)
	}
	return &caseImportOutput{Body: im}, nil
}

type importsInput struct {
	Limit int `query:"limit" minimum:"1" maximum:"100" default:"20"`
}

type caseImportListOutput struct {
	Body struct {
		Items []Import `json:"items"`
	}
}

func (s *Service) hListImports(ctx context.Context, in *importsInput) (*caseImportListOutput, error) {
	items, err := s.ListImports(ctx, in.Limit)
	if err != nil {
		return nil, toHTTP(err)
	}
	out := &caseImportListOutput{}
	out.Body.Items = items
	if out.Body.Items == nil {
		out.Body.Items = []Import{}
	}
	return out, nil
}

type importIDInput struct {
	ImportID string `path:"importId" maxLength:"36"`
}

func (s *Service) hGetImport(ctx context.Context, in *importIDInput) (*caseImportOutput, error) {
	im, err := s.GetImport(ctx, in.ImportID)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &caseImportOutput{Body: im}, nil
}

type importErrorsInput struct {
	ImportID string `path:"importId" maxLength:"36"`
	Format   string `query:"format" enum:"json,csv" default:"json"`
}

func (s *Service) hImportErrors(ctx context.Context, in *importErrorsInput) (*huma.StreamResponse, error) {
	errs, err := s.ImportErrors(ctx, in.ImportID)
	if err != nil {
		return nil, toHTTP(err)
	}
	if errs == nil {
		errs = []RowError{}
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		w := hc.BodyWriter()
		if in.Format == "csv" {
			hc.SetHeader("Content-Type", "text/csv; charset=utf-8")
			hc.SetHeader("Content-Disposition", fmt.Sprintf(`attachment; filename="import-%s-errors.csv"`, url.PathEscape(in.ImportID)))
			w.Write([]byte("\ufeff")) //nolint:errcheck
			cw := csv.NewWriter(w)
			cw.Write([]string{"行号 line", "字段 field", "值 value", "原因 reason"}) //nolint:errcheck
			for _, e := range errs {
				cw.Write([]string{fmt.Sprint(e.Line), SafeCell(e.Field), SafeCell(e.Value), SafeCell(e.Reason)}) //nolint:errcheck
			}
			cw.Flush()
			return
		}
		hc.SetHeader("Content-Type", "application/json")
		writeJSON(w, map[string]any{"items": errs})
	}}, nil
}

type templateInput struct {
	Format string `path:"format" enum:"csv,xlsx"`
}

func (s *Service) hTemplate(ctx context.Context, in *templateInput) (*huma.StreamResponse, error) {
	f := Format(in.Format)
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		ct := "text/csv; charset=utf-8"
		if f == FormatXLSX {
			ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
		hc.SetHeader("Content-Type", ct)
		hc.SetHeader("Content-Disposition", `attachment; filename="teyi-cases-template.`+in.Format+`"`)
		if err := WriteTemplate(hc.BodyWriter(), f); err != nil {
			s.Log.Error("template", "err", err.Error())
		}
	}}, nil
}

func sourceOf(ctx context.Context) string {
	if authz.PrincipalFrom(ctx).TokenID != "" {
		return "api"
	}
	return "upload"
}

type rulesOutput struct{ Body RegionRules }

func (s *Service) hGetRules(ctx context.Context, _ *struct{}) (*rulesOutput, error) {
	r, err := s.ScreeningRules(ctx)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &rulesOutput{Body: r}, nil
}

type rulesInput struct {
	Body struct {
		Version int `json:"version" minimum:"0" doc:"The version read (0 while the region uses the defaults)"`
		Rules   struct {
			LongStayDays     int  `json:"long_stay_days" minimum:"0" maximum:"3650"`
			ICUHours         int  `json:"icu_hours" minimum:"0" maximum:"87600"`
			VentilationHours int  `json:"ventilation_hours" minimum:"0" maximum:"87600"`
			MinDepartments   int  `json:"min_departments" minimum:"0" maximum:"20"`
			NewItems         bool `json:"new_items"`
			HighCost         bool `json:"high_cost"`
			Ungroupable      bool `json:"ungroupable"`
			AmbiguousGroup   bool `json:"ambiguous_group"`
		} `json:"rules"`
	}
}

func (s *Service) hSetRules(ctx context.Context, in *rulesInput) (*rulesOutput, error) {
	r := in.Body.Rules
	rules := ScreenRules{LongStayDays: r.LongStayDays, ICUHours: r.ICUHours, VentilationHours: r.VentilationHours,
		MinDepartments: r.MinDepartments, NewItems: r.NewItems, HighCost: r.HighCost, Ungroupable: r.Ungroupable, AmbiguousGroup: r.AmbiguousGroup}
	out, err := s.SetScreeningRules(ctx, rules, in.Body.Version)
	if err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			return nil, huma.Error422UnprocessableEntity("validation failed", &huma.ErrorDetail{Location: "body.rules", Message: fe.Message})
		}
		return nil, toHTTP(err)
	}
	return &rulesOutput{Body: out}, nil
}
