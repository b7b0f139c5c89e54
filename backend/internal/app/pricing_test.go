package app_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"testing"
)

func TestPricingVersionsOverHTTP(t *testing.T) {
	e := newEnv(t)
	admin := e.signedIn("bureau.admin")
	res := admin.do("GET", "/api/v1/pricing/versions", nil)
	var list struct {
		Items []struct {
			ID, Status string
			Year       int
		}
	}
	res.json(t, &list)
	if res.Status != 200 || len(list.Items) != 2 || list.Items[0].Year != 2026 || list.Items[0].Status != "active" {
		t.Fatalf("seeded versions: %d %s", res.Status, res.Body)
	}
	res = admin.do("POST", "/api/v1/pricing/versions", map[string]any{"year": 2027, "effective_from": "2027-01-01",
		"effective_to": "2027-12-31", "template": "demo", "base_rates": map[string]any{"employee": 12000, "resident": "9000"}})
	if res.Status != 422 || !contains(res.Body, "base_rates.employee") {
		t.Fatalf("a number for money: %d %s", res.Status, res.Body)
	}
	res = admin.do("POST", "/api/v1/pricing/versions", map[string]any{"year": 2027, "effective_from": "2027-01-01",
		"effective_to": "2027-12-31", "template": "demo", "base_rates": map[string]any{"employee": "12000", "resident": "9000"}})
	var d struct {
		ID      string
		Version int
		Status  string
		Spec    struct {
			BaseRates map[string]string `json:"base_rates"`
		}
	}
	res.json(t, &d)
	if res.Status != 201 || d.Spec.BaseRates["employee"] != "12000" {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	reviewer := e.signedIn("bureau.reviewer")
	if r := reviewer.do("POST", "/api/v1/pricing/versions/"+d.ID+"/activate", map[string]any{"version": d.Version}); r.Status != 403 {
		t.Fatalf("reviewer activates: %d", r.Status)
	}
	r := reviewer.do("POST", "/api/v1/pricing/versions/"+d.ID+"/preview", map[string]any{"drg": "fm19", "level": "tertiary",
		"fund": "employee", "total_cost": "40000.00"})
	if r.Status != 200 || !contains(r.Body, `"status":"draft"`) {
		t.Fatalf("preview: %d %s", r.Status, r.Body)
	}
	if r := admin.do("POST", "/api/v1/pricing/versions/"+d.ID+"/activate", map[string]any{"version": d.Version + 5}); r.Status != 409 {
		t.Fatalf("stale: %d %s", r.Status, r.Body)
	}
	r = admin.do("POST", "/api/v1/pricing/versions/"+d.ID+"/activate", map[string]any{"version": d.Version})
	if r.Status != 200 || !contains(r.Body, `"status":"active"`) {
		t.Fatalf("activate: %d %s", r.Status, r.Body)
	}
	r = admin.do("GET", "/api/v1/audit-events?action=pricing.activate", nil)
	if !contains(r.Body, d.ID) {
		t.Fatalf("activation not in the audit log: %s", r.Body)
	}
	// a second overlapping draft cannot be activated
	res = admin.do("POST", "/api/v1/pricing/versions", map[string]any{"year": 2027, "effective_from": "2027-06-01", "template": "demo"})
	res.json(t, &d)
	if r := admin.do("POST", "/api/v1/pricing/versions/"+d.ID+"/activate", map[string]any{"version": d.Version}); r.Status != 409 {
		t.Fatalf("overlap: %d %s", r.Status, r.Body)
	}
	// hospitals never see versions
	if r := e.signedIn("h1.office").do("GET", "/api/v1/pricing/versions", nil); r.Status != 403 {
		t.Fatalf("hospital office lists versions: %d", r.Status)
	}

	// catalogue upload (multipart)
	upload := func(csv string) response {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		fw, _ := w.CreateFormFile("file", "cat.csv")
		io.WriteString(fw, csv)                                                                 //nolint:errcheck
		w.WriteField("params", `{"year":2028,"effective_from":"2028-01-01","template":"demo"}`) //nolint:errcheck
		w.Close()
		req, _ := http.NewRequest("POST", e.base+"/api/v1/pricing/versions/import", &buf)
		req.Header.Set("Content-Type", w.FormDataContentType())
		req.Header.Set("X-CSRF-Token", admin.csrf)
		resp, err := admin.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return response{Status: resp.StatusCode, Body: b}
	}
	if r := upload("DRG编码,DRG名称,RW\nFM19,经皮,1.2\nGB11,胃,abc\n"); r.Status != 422 || !contains(r.Body, "body.file:3") {
		t.Fatalf("bad catalogue: %d %s", r.Status, r.Body)
	}
	if r := upload("DRG编码,DRG名称,RW\nFM19,经皮,1.2\n"); r.Status != 201 || !contains(r.Body, `"weight_count":1`) {
		t.Fatalf("import: %d %s", r.Status, r.Body)
	}
}
