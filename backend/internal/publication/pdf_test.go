package publication_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/platform/pdfdoc"
	"teyi/backend/internal/publication"
	"teyi/backend/internal/specialcase/settings"
)

func TestPDFHasTheTableInChinese(t *testing.T) {
	p, _ := publication.ParsePeriod("2026H1")
	f := publication.Facts{RegionCode: "370100", RegionName: "济南市", Period: p, BuiltAt: time.Date(2026, 7, 2, 1, 0, 0, 0, time.UTC),
		Discharges: map[string][6]int{}, QuotaUsed: map[string]int{}, Quota: settings.Default().Quota, AsOf: p.Last()}
	// enough hospitals for the tables to continue on further pages
	for i := 0; i < 45; i++ {
		id := fmt.Sprint("h", i)
		f.Hospitals = append(f.Hospitals, publication.Hospital{ID: id, Code: fmt.Sprintf("H3701%07d", i), Name: fmt.Sprintf("济南市第%d人民医院", i+1), Active: true})
		f.Discharges[id] = [6]int{20000 + i, 1, 2, 3, 4, 5}
		f.Apps = append(f.Apps, publication.AppFact{HospitalID: id, Status: "DECIDED", Outcome: publication.OutcomeItemBased,
			ApprovedAmount: decimal.RequireFromString("1234567.89"), DeductionTotal: decimal.RequireFromString("100")})
	}
	r := publication.Assemble(f)
	status := "第 1 版，bureau.admin 于 2026-07-02 09:00 发布"
	pdf, err := publication.RenderPDF(&r, status)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", pdf[:min(20, len(pdf))])
	}
	txt, err := pdfdoc.ExtractText(pdf)
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.ReplaceAll(txt, "\n", "")
	for _, want := range []string{"济南市2026年上半年特例单议情况公示", status, "一、申请与评审结果（件）", "二、限额与核准金额", "三、说明",
		"济南市第1人民医院", "济南市第45人民医院", "合计", "20015", "55,555,555.05", "第 1 页", "申请按提交至医保经办机构的日期"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	if pages := strings.Count(txt, "\f") + 1; pages < 3 {
		t.Errorf("%d pages for 45 hospitals in two tables", pages)
	}
	// the same report gives the same bytes
	again, _ := publication.RenderPDF(&r, status)
	if !bytes.Equal(pdf, again) {
		t.Error("two renders of one report differ")
	}
}
