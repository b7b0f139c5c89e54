package app_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"testing"

	"teyi/backend/internal/pricing"
	"teyi/backend/internal/registry"
)

// raw posts bytes as the body.
func (c *client) raw(path string, body []byte) response {
	c.e.t.Helper()
	req, _ := http.NewRequest("POST", c.e.base+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("X-CSRF-Token", c.csrf)
	resp, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, Body: b}
}

func TestRegistryOverHTTP(t *testing.T) {
	e := newEnv(t)
	office, admin, reviewer := e.signedIn("h1.office"), e.signedIn("bureau.admin"), e.signedIn("bureau.reviewer")
	const base = "/api/v1/registry/items"
	body := map[string]any{"kind": "consumable", "code": "C03121402000003", "name": "人工髋关节假体（新耗材）",
		"listed_on": "2025-09-01", "expected_cases": 80, "justification": "新上市耗材"}

	// Mass assignment: status, hospital or approval fields are refused.
	for _, extra := range []string{"status", "hospital_id", "valid_from", "scope", "region_code"} {
		b := map[string]any{}
		for k, v := range body {
			b[k] = v
		}
		b[extra] = "approved"
		if r := office.do("POST", base, b); r.Status != 422 {
			t.Errorf("a body with %s: %d %s", extra, r.Status, r.Body)
		}
	}
	bad := map[string]any{}
	for k, v := range body {
		bad[k] = v
	}
	bad["code"] = "XL01XCA350B001"
	if r := office.do("POST", base, bad); r.Status != 422 || !contains(r.Body, "body.code") {
		t.Errorf("a drug code for a consumable: %d %s", r.Status, r.Body)
	}
	r := office.do("POST", base, body)
	if r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	var d registry.FilingDetail
	r.json(t, &d)
	path := base + "/" + d.ID

	if r := office.raw(path+"/evidence?file_name=x.pdf", make([]byte, registry.MaxEvidenceBytes+1)); r.Status != 413 {
		t.Errorf("21 MiB: %d %s", r.Status, r.Body)
	}
	if r := office.raw(path+"/evidence?file_name=x.pdf", []byte("GIF89a not accepted")); r.Status != 415 {
		t.Errorf("a GIF: %d %s", r.Status, r.Body)
	}
	r = office.raw(path+"/evidence?file_name="+url.QueryEscape("注册证.pdf"), []byte("%PDF-1.7\n%test\n"))
	if r.Status != 201 {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	var ev registry.FilingEvidence
	r.json(t, &ev)
	if r := office.do("POST", path+"/submit", map[string]any{"version": 1}); r.Status != 409 {
		t.Errorf("stale submit: %d", r.Status)
	}
	if r := office.do("POST", path+"/submit", map[string]any{"version": 2}); r.Status != 200 {
		t.Fatalf("submit: %d %s", r.Status, r.Body)
	}
	approve := map[string]any{"version": 3, "valid_from": "2026-03-01", "valid_to": "2026-12-31", "scope": "region"}
	if r := reviewer.do("POST", path+"/approve", approve); r.Status != 403 {
		t.Errorf("reviewer approving: %d", r.Status)
	}
	if r := admin.do("POST", path+"/approve", approve); r.Status != 200 || !contains(r.Body, `"status":"approved"`) {
		t.Fatalf("approve: %d %s", r.Status, r.Body)
	}
	if r := admin.do("POST", path+"/approve", map[string]any{"version": 4, "valid_from": "2026-03-01", "valid_to": "2026-12-31", "scope": "region"}); r.Status != 409 {
		t.Errorf("approving twice: %d", r.Status)
	}
	// The reviewer previews the evidence inline; the download is audited.
	dl := reviewer.do("GET", path+"/evidence/"+ev.ID, nil)
	if dl.Status != 200 || !bytes.HasPrefix(dl.Body, []byte("%PDF-1.7")) {
		t.Fatalf("download: %d %q", dl.Status, dl.Body)
	}
	var n int
	e.app.DB.Gorm().Raw(`SELECT count(*) FROM audit_events WHERE action = 'registry.evidence.download' AND object_id = ?`, ev.ID).Scan(&n)
	if n != 1 {
		t.Errorf("%d download events", n)
	}
	// Case intake now carves the code out for the region's hospitals.
	reg, err := e.app.Cases().Env.Registry("370100", e.ownHospital)
	if err != nil || !reg.On("C03121402000003", pricing.MustDate("2026-03-10")) || reg.On("C03121402000003", pricing.MustDate("2027-01-01")) {
		t.Errorf("case intake's lookup: %v", err)
	}
}
