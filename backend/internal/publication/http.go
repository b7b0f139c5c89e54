package publication

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"github.com/danielgtaylor/huma/v2"
)

// Routes registers the publication's operations under
// /api/v1/special-case-reports.
func (s *Service) Routes(api huma.API) {
	tags := []string{"publication"}
	const base = "/api/v1/special-case-reports"
	const one = base + "/{reportId}"
	huma.Register(api, huma.Operation{OperationID: "list-special-case-reports", Method: http.MethodGet, Path: base,
		Summary: "The region's semi-annual special-case publications (特例单议情况公示): published versions, and drafts for the bureau", Tags: tags}, s.hList)
	huma.Register(api, huma.Operation{OperationID: "draft-special-case-report", Method: http.MethodPost, Path: base + "/drafts",
		Summary: "Build the region's report for a half-year from the data as its draft (again: the draft is rebuilt, revision + 1); bureau administrators",
		Tags:    tags}, s.hDraft)
	huma.Register(api, huma.Operation{OperationID: "get-special-case-report", Method: http.MethodGet, Path: one,
		Summary: "One report with its table: a published version, or a draft (bureau only)", Tags: tags}, s.hGet)
	huma.Register(api, huma.Operation{OperationID: "publish-special-case-report", Method: http.MethodPost, Path: one + "/publish",
		DefaultStatus: http.StatusCreated,
		Summary:       "Publish a draft's revision as the period's next immutable version, seen by every hospital of the region (audited)", Tags: tags}, s.hPublish)
	huma.Register(api, huma.Operation{OperationID: "download-special-case-report-xlsx", Method: http.MethodGet, Path: one + "/xlsx",
		Summary: "The report as an XLSX workbook", Tags: tags}, s.hXLSX)
	huma.Register(api, huma.Operation{OperationID: "download-special-case-report-pdf", Method: http.MethodGet, Path: one + "/pdf",
		Summary: "The report as a PDF (A4 landscape, Chinese)", Tags: tags}, s.hPDF)
}

type pubListInput struct {
	Period string `query:"period" pattern:"^([0-9]{4}H[12])?$" doc:"One half-year (2026H1); absent: all"`
}

type pubListOutput struct {
	Body struct {
		Items []PublicationSummary `json:"items"`
	}
}

func (s *Service) hList(ctx context.Context, in *pubListInput) (*pubListOutput, error) {
	items, err := s.List(ctx, in.Period)
	if err != nil {
		return nil, toHTTP(err)
	}
	out := &pubListOutput{}
	out.Body.Items = items
	return out, nil
}

// PublicationDraftRequest names the half-year to draft.
type PublicationDraftRequest struct {
	Period string `json:"period" pattern:"^[0-9]{4}H[12]$" example:"2026H1" doc:"H1 = January–June, H2 = July–December"`
}

type pubDraftInput struct{ Body PublicationDraftRequest }

type pubDetailOutput struct{ Body *PublicationDetail }

func (s *Service) hDraft(ctx context.Context, in *pubDraftInput) (*pubDetailOutput, error) {
	d, err := s.Draft(ctx, in.Body.Period)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &pubDetailOutput{Body: d}, nil
}

type pubIDInput struct {
	ReportID string `path:"reportId" maxLength:"36"`
}

func (s *Service) hGet(ctx context.Context, in *pubIDInput) (*pubDetailOutput, error) {
	d, err := s.Get(ctx, in.ReportID)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &pubDetailOutput{Body: d}, nil
}

// PublicationPublishRequest is the draft's revision that was read.
type PublicationPublishRequest struct {
	Revision int `json:"revision" minimum:"1" doc:"The draft revision read; a rebuilt draft answers 409"`
}

type pubPublishInput struct {
	ReportID string `path:"reportId" maxLength:"36"`
	Body     PublicationPublishRequest
}

func (s *Service) hPublish(ctx context.Context, in *pubPublishInput) (*pubDetailOutput, error) {
	d, err := s.Publish(ctx, in.ReportID, in.Body.Revision)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &pubDetailOutput{Body: d}, nil
}

// StatusLine says which report a file is: the version and its publication,
// or a draft's revision.
func StatusLine(d *PublicationDetail) string {
	if d.Kind == KindDraft {
		return fmt.Sprintf("草稿（第 %d 次生成，未发布）", d.Revision)
	}
	return fmt.Sprintf("第 %d 版，%s 于 %s 发布，SHA-256 %s", d.Version, d.By, d.At.In(Beijing).Format("2006-01-02 15:04"), d.SHA256)
}

// FileName is a download's name (without the extension).
func FileName(d *PublicationDetail) string {
	v := "draft" + strconv.Itoa(d.Revision)
	if d.Kind == KindPublished {
		v = "v" + strconv.Itoa(d.Version)
	}
	return fmt.Sprintf("特例单议公示-%s-%s-%s", d.RegionCode, d.Period, v)
}

func attachment(hc huma.Context, contentType, name string, body []byte) {
	hc.SetHeader("Content-Type", contentType)
	hc.SetHeader("Content-Length", strconv.Itoa(len(body)))
	hc.SetHeader("Content-Disposition", `attachment; filename="special-case-report"; filename*=UTF-8''`+url.PathEscape(name))
	hc.SetHeader("Cache-Control", "private, no-store")
	hc.SetHeader("X-Content-Type-Options", "nosniff")
	hc.BodyWriter().Write(body) //nolint:errcheck
}

// XLSXType is the workbook's media type.
const XLSXType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func (s *Service) hXLSX(ctx context.Context, in *pubIDInput) (*huma.StreamResponse, error) {
	d, err := s.Get(ctx, in.ReportID)
	if err != nil {
		return nil, toHTTP(err)
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, &d.Report, StatusLine(d)); err != nil {
		return nil, err
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		attachment(hc, XLSXType, FileName(d)+".xlsx", buf.Bytes())
	}}, nil
}

// pdfSlots bounds concurrent PDF renders (each parses the 4.6 MB CJK font:
// about 150 ms and 65 MB of short-lived memory).
var pdfSlots = make(chan struct{}, 2)

// pdfCache keeps the PDFs of the last published versions rendered: a
// version never changes, so its file is made once.
var pdfCache struct {
	sync.Mutex
	order []string
	files map[string][]byte
}

const pdfCacheSize = 16

func cachedPDF(key string) []byte {
	pdfCache.Lock()
	defer pdfCache.Unlock()
	return pdfCache.files[key]
}

func keepPDF(key string, b []byte) {
	pdfCache.Lock()
	defer pdfCache.Unlock()
	if pdfCache.files == nil {
		pdfCache.files = map[string][]byte{}
	}
	if _, ok := pdfCache.files[key]; ok {
		return
	}
	if len(pdfCache.order) == pdfCacheSize {
		delete(pdfCache.files, pdfCache.order[0])
		pdfCache.order = pdfCache.order[1:]
	}
	pdfCache.order = append(pdfCache.order, key)
	pdfCache.files[key] = b
}

// PDF renders a report in scope (a published version once per process).
func (s *Service) PDF(ctx context.Context, d *PublicationDetail) ([]byte, error) {
	key := d.ID + "|" + d.SHA256
	if d.Kind == KindPublished {
		if b := cachedPDF(key); b != nil {
			return b, nil
		}
	}
	select {
	case pdfSlots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-pdfSlots }()
	b, err := RenderPDF(&d.Report, StatusLine(d))
	if err != nil {
		return nil, err
	}
	if d.Kind == KindPublished {
		keepPDF(key, b)
	}
	return b, nil
}

func (s *Service) hPDF(ctx context.Context, in *pubIDInput) (*huma.StreamResponse, error) {
	d, err := s.Get(ctx, in.ReportID)
	if err != nil {
		return nil, toHTTP(err)
	}
	body, err := s.PDF(ctx, d)
	if err != nil {
		return nil, toHTTP(err)
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		attachment(hc, "application/pdf", FileName(d)+".pdf", body)
	}}, nil
}
