package app_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"teyi/backend/internal/platform/pdfdoc"
	"teyi/backend/internal/publication"
)

func TestPublicationOverHTTP(t *testing.T) {
	e := newEnv(t)
	admin, reviewer := e.signedIn("bureau.admin"), e.signedIn("bureau.reviewer")
	office, doctor, h2 := e.signedIn("h1.office"), e.signedIn("h1.doctor"), e.signedIn("h2.office")
	const base = "/api/v1/special-case-reports"

	for _, bad := range []map[string]any{{"period": "2026H3"}, {"period": "2026-H1"}, {}, {"period": "2026H1", "region_code": "110000"}} {
		if r := admin.do("POST", base+"/drafts", bad); r.Status != 422 {
			t.Errorf("draft %v: %d %s", bad, r.Status, r.Body)
		}
	}
	if r := admin.do("GET", base+"?period=2026H3", nil); r.Status != 422 {
		t.Errorf("list 2026H3: %d", r.Status)
	}
	if r := office.do("POST", base+"/drafts", map[string]any{"period": "2026H1"}); r.Status != 403 {
		t.Errorf("a hospital drafting: %d", r.Status)
	}
	r := admin.do("POST", base+"/drafts", map[string]any{"period": "2026H1"})
	if r.Status != 200 {
		t.Fatalf("draft: %d %s", r.Status, r.Body)
	}
	var d publication.PublicationDetail
	r.json(t, &d)
	if d.Kind != "draft" || d.RegionCode != "370100" || len(d.Report.Hospitals) == 0 {
		t.Fatalf("draft: %+v", d.PublicationSummary)
	}
	one := base + "/" + d.ID
	// the draft is the bureau's
	for name, c := range map[string]*client{"office": office, "doctor": doctor, "another hospital": h2} {
		for _, p := range []string{one, one + "/xlsx", one + "/pdf"} {
			if r := c.do("GET", p, nil); r.Status != 404 {
				t.Errorf("%s GET %s: %d", name, p, r.Status)
			}
		}
		if r := c.do("GET", base, nil); r.Status != 200 || contains(r.Body, `"draft"`) {
			t.Errorf("%s lists drafts: %d %s", name, r.Status, r.Body)
		}
	}
	if r := reviewer.do("GET", one, nil); r.Status != 200 {
		t.Errorf("the reviewer reads the draft: %d", r.Status)
	}
	if r := reviewer.do("POST", one+"/publish", map[string]any{"revision": 1}); r.Status != 403 {
		t.Errorf("the reviewer publishing: %d", r.Status)
	}
	if r := admin.do("POST", one+"/publish", map[string]any{"revision": 2}); r.Status != 409 {
		t.Errorf("a stale revision: %d", r.Status)
	}
	r = admin.do("POST", one+"/publish", map[string]any{"revision": 1})
	if r.Status != 201 {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	var v publication.PublicationDetail
	r.json(t, &v)
	if v.Kind != "published" || v.Version != 1 || v.SHA256 != d.SHA256 {
		t.Fatalf("version: %+v", v.PublicationSummary)
	}
	if r := admin.do("POST", one+"/publish", map[string]any{"revision": 1}); r.Status != 409 {
		t.Errorf("publishing twice: %d", r.Status)
	}
	// every hospital of the region sees the version; another region does not
	if r := office.do("GET", base+"?period=2026H1", nil); r.Status != 200 || !contains(r.Body, v.ID) {
		t.Errorf("the office's list: %d %s", r.Status, r.Body)
	}
	if r := doctor.do("GET", "/api/v1/special-case-reports/"+v.ID, nil); r.Status != 200 || !contains(r.Body, `"version":1`) {
		t.Errorf("the doctor reads the version: %d", r.Status)
	}
	if r := h2.do("GET", "/api/v1/special-case-reports/"+v.ID, nil); r.Status != 200 {
		t.Errorf("another hospital of the region: %d", r.Status)
	}
	for _, c := range []*client{office, admin} {
		if r := c.do("GET", "/api/v1/special-case-reports/"+e.foreignReport, nil); r.Status != 404 {
			t.Errorf("another region's report: %d", r.Status)
		}
		if r := c.do("GET", base, nil); contains(r.Body, e.foreignReport) {
			t.Errorf("another region's report listed: %s", r.Body)
		}
	}
	x := office.do("GET", "/api/v1/special-case-reports/"+v.ID+"/xlsx", nil)
	if x.Status != 200 {
		t.Fatalf("xlsx: %d %s", x.Status, x.Body)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(x.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := wb.GetRows(publication.SheetName)
	if len(rows) != publication.HeaderRow+len(v.Report.Hospitals)+1 || rows[len(rows)-1][2] != "合计" ||
		!strings.Contains(rows[1][0], "第 1 版") {
		t.Errorf("workbook rows %q", rows)
	}
	pdf := doctor.do("GET", "/api/v1/special-case-reports/"+v.ID+"/pdf", nil)
	if pdf.Status != 200 || !bytes.HasPrefix(pdf.Body, []byte("%PDF-")) {
		t.Fatalf("pdf: %d %.40q", pdf.Status, pdf.Body)
	}
	txt, err := pdfdoc.ExtractText(pdf.Body)
	if err != nil || !strings.Contains(strings.ReplaceAll(txt, "\n", ""), "济南市") || !strings.Contains(txt, "合计") {
		t.Errorf("pdf text: %v %q", err, txt)
	}
	if r := reviewer.do("GET", one+"/pdf", nil); r.Status != 200 {
		t.Errorf("the draft's PDF for the bureau: %d", r.Status)
	}
	// the hospitals' offices are told
	var n int
	e.app.DB.Gorm().Raw(`SELECT count(*) FROM notifications WHERE kind = 'publication.published' AND object_id = ?`, v.ID).Scan(&n)
	if n == 0 {
		t.Error("no notification of the publication")
	}
}
