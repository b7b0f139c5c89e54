package app_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"teyi/backend/internal/specialcase"
)

// send makes a JSON call with extra headers and returns the response headers too.
func (c *client) send(method, path string, body any, hdr map[string]string) (response, http.Header) {
	c.e.t.Helper()
	var rd io.Reader
	ct := "application/json"
	switch b := body.(type) {
	case nil:
	case []byte:
		rd, ct = bytes.NewReader(b), "application/octet-stream"
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, c.e.base+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", ct)
	}
	req.Header.Set("X-CSRF-Token", c.csrf)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, Body: b}, resp.Header
}

// applicationFor opens a draft over HTTP for one of h1's cases.
func (e *env) applicationFor(c *client, caseID string) specialcase.ApplicationDetail {
	e.t.Helper()
	r := c.do("POST", "/api/v1/applications", map[string]any{"case_id": caseID, "types": []string{"HIGH_COST"},
		"justification": "费用远超支付标准", "claimed_amount": "12345.60"})
	if r.Status != 201 {
		e.t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	var d specialcase.ApplicationDetail
	r.json(e.t, &d)
	return d
}

func TestApplicationInputsAreStrict(t *testing.T) {
	e := newEnv(t)
	_, caseID := e.importCases(e.hospital("H37010200001"), 4)
	doc := e.signedIn("h1.doctor")
	base := map[string]any{"case_id": caseID, "types": []string{"HIGH_COST"}, "justification": "费用高"}
	// mass assignment: state, money of the snapshot, hospital or reviewer in the body are refused
	for _, extra := range []string{"status", "hospital_id", "region_code", "assigned_to", "snapshot", "fund_payment", "version", "created_by"} {
		b := map[string]any{extra: "x"}
		for k, v := range base {
			b[k] = v
		}
		if r := doc.do("POST", "/api/v1/applications", b); r.Status != 422 {
			t.Errorf("create with %s: %d %s", extra, r.Status, r.Body)
		}
	}
	for _, bad := range []map[string]any{
		{"case_id": caseID, "types": []string{"FREE_MONEY"}},
		{"case_id": "abc", "types": []string{"HIGH_COST"}},
		{"case_id": caseID, "types": []string{"HIGH_COST"}, "claimed_amount": "-5"},
		{"case_id": caseID, "types": []string{"HIGH_COST"}, "claimed_amount": "1.234"},
		{"case_id": caseID, "types": []string{"GROUPING_DISPUTE"}},
		{"case_id": caseID, "types": []string{"GROUPING_DISPUTE"}, "proposal": map[string]any{"diagnoses": []string{"'; DROP TABLE cases; --"}}},
	} {
		if r := doc.do("POST", "/api/v1/applications", bad); r.Status != 422 {
			t.Errorf("create %v: %d %s", bad, r.Status, r.Body)
		}
	}
	d := e.applicationFor(doc, caseID)
	if d.ClaimedAmount == nil || *d.ClaimedAmount != "12345.60" || d.Status != specialcase.Draft {
		t.Fatalf("created: %+v", d.Application)
	}
	path := "/api/v1/applications/" + d.ID
	for _, extra := range []string{"status", "assigned_to", "hospital_id", "quota_held"} {
		if r := doc.do("PUT", path, map[string]any{"version": 1, "types": []string{"HIGH_COST"}, extra: "x"}); r.Status != 422 {
			t.Errorf("update with %s: %d %s", extra, r.Status, r.Body)
		}
	}
	for _, extra := range []string{"status", "reviewer_id", "to"} {
		if r := doc.do("POST", path+"/transitions", map[string]any{"command": "send_to_office", "version": 1, extra: "ACCEPTED"}); r.Status != 422 {
			t.Errorf("transition with %s: %d %s", extra, r.Status, r.Body)
		}
	}
	// a hospital user cannot assign, nor reach another hospital's application
	if r := e.signedIn("h1.office").do("POST", "/api/v1/application-assignments", map[string]any{"reviewer_id": e.ownUser,
		"applications": []map[string]any{{"id": d.ID, "version": 1}}}); r.Status != 403 {
		t.Errorf("office assigning: %d", r.Status)
	}
	if r := e.signedIn("h2.doctor").do("GET", path, nil); r.Status != 404 {
		t.Errorf("another hospital's clinician: %d", r.Status)
	}
	// the bureau does not see a draft
	if r := e.signedIn("bureau.reviewer").do("GET", path, nil); r.Status != 404 {
		t.Errorf("the bureau reading a draft: %d", r.Status)
	}
}

func TestEvidenceUploadsOverHTTP(t *testing.T) {
	e := newEnv(t)
	_, caseID := e.importCases(e.hospital("H37010200001"), 3)
	doc := e.signedIn("h1.doctor")
	d := e.applicationFor(doc, caseID)
	up := "/api/v1/applications/" + d.ID + "/evidence?kind=front_page&file_name="
	// wrong type by content, whatever the name
	if r, _ := doc.send("POST", up+"scan.pdf", []byte("MZ\x90\x00 an executable"), nil); r.Status != 415 {
		t.Errorf("an executable named .pdf: %d %s", r.Status, r.Body)
	}
	// oversized: refused with 413
	big := append([]byte("%PDF-1.4\n"), make([]byte, specialcase.MaxFileBytes)...)
	if r, _ := doc.send("POST", up+"big.pdf", big, nil); r.Status != 413 {
		t.Errorf("21 MiB: %d", r.Status)
	}
	// and on the headers alone, before any body is sent
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "POST %sx.pdf HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n%%PDF", up, 1<<40)
	conn.SetReadDeadline(time.Now().Add(5 * time.Second)) //nolint:errcheck
	if resp, err := http.ReadResponse(bufio.NewReader(conn), nil); err != nil || resp.StatusCode != 413 {
		t.Errorf("declared 1 TiB: %v %v", resp, err)
	}
	conn.Close()
	// an OFD whose entries expand a thousandfold is refused
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	w, _ := zw.Create("OFD.xml")
	w.Write([]byte("<ofd:OFD/>")) //nolint:errcheck
	w, _ = zw.Create("Doc_0/Content.xml")
	w.Write(make([]byte, 8<<20)) //nolint:errcheck
	zw.Close()
	if r, _ := doc.send("POST", up+"bomb.ofd", zb.Bytes(), nil); r.Status != 422 {
		t.Errorf("zip bomb: %d %s", r.Status, r.Body)
	}
	// path traversal in the name is only a label
	r, _ := doc.send("POST", up+url.QueryEscape(`..\..\..\windows\system32\a.pdf`), []byte("%PDF-1.4\n%%EOF"), nil)
	if r.Status != 201 {
		t.Fatalf("traversal name: %d %s", r.Status, r.Body)
	}
	var ev specialcase.EvidenceFile
	r.json(t, &ev)
	if ev.FileName != "a.pdf" || ev.ContentType != "application/pdf" {
		t.Errorf("stored as %q %s", ev.FileName, ev.ContentType)
	}
	// the preview is served inline with a sandboxing policy, and audited
	get, hdr := doc.send("GET", "/api/v1/applications/"+d.ID+"/evidence/"+ev.ID+"?inline=true", nil, nil)
	if get.Status != 200 || !strings.HasPrefix(hdr.Get("Content-Disposition"), "inline") || hdr.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.Contains(hdr.Get("Content-Security-Policy"), "sandbox") || !bytes.HasPrefix(get.Body, []byte("%PDF")) {
		t.Errorf("preview: %d %v", get.Status, hdr)
	}
	var views int
	e.app.DB.Gorm().Raw(`SELECT count(*) FROM audit_events WHERE action = 'specialcase.evidence_view' AND object_id = ?`, d.ID).Scan(&views)
	if views != 1 {
		t.Errorf("views audited: %d", views)
	}
}

func TestIdempotencyKeyReplaysTheAnswer(t *testing.T) {
	e := newEnv(t)
	_, caseID := e.importCases(e.hospital("H37010200001"), 3)
	doc := e.signedIn("h1.doctor")
	body := map[string]any{"case_id": caseID, "types": []string{"LONG_STAY"}, "justification": "住院时间长"}
	key := map[string]string{"Idempotency-Key": "create-7f3a"}
	first, _ := doc.send("POST", "/api/v1/applications", body, key)
	again, hdr := doc.send("POST", "/api/v1/applications", body, key)
	if first.Status != 201 || again.Status != 201 || !bytes.Equal(first.Body, again.Body) || hdr.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay: %d %d %q", first.Status, again.Status, hdr.Get("Idempotent-Replayed"))
	}
	var n int
	e.app.DB.Gorm().Raw(`SELECT count(*) FROM special_applications WHERE hospital_id = ?`, e.ownHospital).Scan(&n)
	if n != 1 {
		t.Fatalf("%d applications after a replayed create", n)
	}
	// the same key with another body
	other := map[string]any{"case_id": caseID, "types": []string{"MDT"}, "justification": "x"}
	if r, _ := doc.send("POST", "/api/v1/applications", other, key); r.Status != 422 {
		t.Errorf("reused key, other body: %d %s", r.Status, r.Body)
	}
	// another user's key of the same name is theirs
	if r, _ := e.signedIn("h1.office").send("POST", "/api/v1/applications", body, key); r.Status != 409 {
		t.Errorf("the office with the doctor's key name: %d %s (want the open-application conflict)", r.Status, r.Body)
	}
	// a refusal is an answer too: replayed, not re-run
	var d specialcase.ApplicationDetail
	first.json(t, &d)
	tr := map[string]any{"command": "accept", "version": 1}
	k2 := map[string]string{"Idempotency-Key": "accept-1"}
	r1, _ := doc.send("POST", "/api/v1/applications/"+d.ID+"/transitions", tr, k2)
	r2, h2 := doc.send("POST", "/api/v1/applications/"+d.ID+"/transitions", tr, k2)
	if r1.Status != 403 || r2.Status != 403 || h2.Get("Idempotent-Replayed") != "true" {
		t.Errorf("replayed refusal: %d %d %q", r1.Status, r2.Status, h2.Get("Idempotent-Replayed"))
	}
	if r, _ := doc.send("POST", "/api/v1/applications/"+d.ID+"/transitions", tr, map[string]string{"Idempotency-Key": "bad key"}); r.Status != 400 {
		t.Errorf("a key with control characters: %d", r.Status)
	}
}

// The home page's to-dos follow the application through the roles.
func TestTodosFollowTheApplication(t *testing.T) {
	e := newEnv(t)
	_, caseID := e.importCases(e.hospital("H37010200001"), 3)
	// the quarterly window of the demo date would refuse: any time, and room in the quota
	admin := e.signedIn("bureau.admin")
	var cur struct {
		Current struct {
			Version int `json:"version"`
		} `json:"current"`
	}
	admin.do("GET", "/api/v1/specialcase/settings", nil).json(t, &cur)
	if r := admin.do("PUT", "/api/v1/specialcase/settings", map[string]any{"version": cur.Current.Version,
		"effective_from": e.clock.Now().In(time.FixedZone("CST", 8*3600)).Format(time.DateOnly),
		"quota":          map[string]any{"basis": "custom", "rate": "1", "scope": "region", "period": "quarter", "replace_share": "0.20", "warn_at": "0.80"},
		"window":         map[string]any{"kind": "any_time", "workdays": 15},
		"deadlines":      map[string]any{"info_due_workdays": 5, "reminder_workdays_before": 2, "info_expiry": "withdraw", "intake_sla_workdays": 10}}); r.Status != 200 {
		t.Fatalf("settings: %d %s", r.Status, r.Body)
	}
	keys := func(c *client) string {
		var out struct {
			Items []struct {
				Key   string `json:"key"`
				Count int    `json:"count"`
			} `json:"items"`
		}
		c.do("GET", "/api/v1/todos", nil).json(t, &out)
		var ks []string
		for _, it := range out.Items {
			if it.Key != "applications.quota" {
				ks = append(ks, fmt.Sprintf("%s=%d", it.Key, it.Count))
			}
		}
		return strings.Join(ks, ",")
	}
	doc, office, rev := e.signedIn("h1.doctor"), e.signedIn("h1.office"), e.signedIn("bureau.reviewer")
	d := e.applicationFor(doc, caseID)
	if got := keys(doc); got != "applications.drafts=1" {
		t.Errorf("clinician with a draft: %q", got)
	}
	path := "/api/v1/applications/" + d.ID
	if r, _ := doc.send("POST", path+"/evidence?kind=front_page&file_name=a.pdf", []byte("%PDF-1.4\n%%EOF"), nil); r.Status != 201 {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	if r := doc.do("POST", path+"/transitions", map[string]any{"command": "send_to_office", "version": 1}); r.Status != 200 {
		t.Fatalf("send: %d %s", r.Status, r.Body)
	}
	if got := keys(office); got != "applications.to_forward=1" {
		t.Errorf("office with one to forward: %q", got)
	}
	if r := office.do("POST", path+"/transitions", map[string]any{"command": "forward", "version": 2}); r.Status != 200 {
		t.Fatalf("forward: %d %s", r.Status, r.Body)
	}
	if got := keys(rev); got != "applications.intake=1" {
		t.Errorf("reviewer with one in intake: %q", got)
	}
	if got := keys(e.signedIn("h2.office")); got != "" {
		t.Errorf("another hospital's office: %q", got)
	}
}

// The quota's and the window's refusals are problem+json with the numbers
// and dates a clerk needs.
func TestQuotaAndWindowRefusalsSayWhy(t *testing.T) {
	e := newEnv(t)
	_, caseID := e.importCases(e.hospital("H37010200001"), 3)
	doc, office := e.signedIn("h1.doctor"), e.signedIn("h1.office")
	d := e.applicationFor(doc, caseID)
	path := "/api/v1/applications/" + d.ID
	if r, _ := doc.send("POST", path+"/evidence?kind=front_page&file_name=a.pdf", []byte("%PDF-1.4\n%%EOF"), nil); r.Status != 201 {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	// the demo clock (2026-03-02) is outside the quarterly window of the
	// case's quarter: refused with the dates
	r := office.do("POST", path+"/transitions", map[string]any{"command": "forward", "version": 1})
	var p struct {
		Status int    `json:"status"`
		Code   string `json:"code"`
		Opens  string `json:"opens"`
		Closes string `json:"closes"`
		Cap    *int   `json:"cap"`
		Used   *int   `json:"used"`
		Period string `json:"period"`
	}
	r.json(t, &p)
	if r.Status != 422 || p.Code != "window-closed" || (p.Opens == "" && p.Closes == "") {
		t.Fatalf("outside the window: %d %s", r.Status, r.Body)
	}
	// any time: three discharges give a cap of floor(5 % × 3) = 0
	admin := e.signedIn("bureau.admin")
	var cur struct {
		Current struct {
			Version int `json:"version"`
		} `json:"current"`
	}
	admin.do("GET", "/api/v1/specialcase/settings", nil).json(t, &cur)
	if r := admin.do("PUT", "/api/v1/specialcase/settings", map[string]any{"version": cur.Current.Version,
		"effective_from": e.clock.Now().In(time.FixedZone("CST", 8*3600)).Format(time.DateOnly),
		"quota":          map[string]any{"basis": "DRG_5pct", "rate": "0.05", "scope": "region", "period": "quarter", "replace_share": "0.20", "warn_at": "0.80"},
		"window":         map[string]any{"kind": "any_time", "workdays": 15},
		"deadlines":      map[string]any{"info_due_workdays": 5, "reminder_workdays_before": 2, "info_expiry": "withdraw", "intake_sla_workdays": 10}}); r.Status != 200 {
		t.Fatalf("settings: %d %s", r.Status, r.Body)
	}
	r = office.do("POST", path+"/transitions", map[string]any{"command": "forward", "version": 1})
	p = struct {
		Status int    `json:"status"`
		Code   string `json:"code"`
		Opens  string `json:"opens"`
		Closes string `json:"closes"`
		Cap    *int   `json:"cap"`
		Used   *int   `json:"used"`
		Period string `json:"period"`
	}{}
	r.json(t, &p)
	if r.Status != 409 || p.Code != "quota-exhausted" || p.Cap == nil || *p.Cap != 0 || p.Used == nil || p.Period == "" {
		t.Fatalf("over the quota: %d %s", r.Status, r.Body)
	}
	// and a stale version says so
	r = office.do("POST", path+"/transitions", map[string]any{"command": "withdraw", "version": 7})
	if r.Status != 409 || !contains(r.Body, "stale-version") {
		t.Errorf("stale: %d %s", r.Status, r.Body)
	}
}
