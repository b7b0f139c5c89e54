package app_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"teyi/backend/internal/account"
	"teyi/backend/internal/casefile"
	"teyi/backend/internal/casefile/synth"
	"teyi/backend/internal/pricing"
)

func (e *env) hospital(code string) casefile.Hospital {
	e.t.Helper()
	h, err := e.app.Cases().HospitalFor(account.SystemContext(context.Background(), "test"), code)
	if err != nil {
		e.t.Fatal(err)
	}
	return h
}

type caseList struct {
	Items []struct {
		ID         string `json:"id"`
		HospitalID string `json:"hospital_id"`
		PriceClass string `json:"price_class"`
	} `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// A hospital sees and exports only its own cases; another hospital's case
// and import answer 404; the bureau sees the region.
func TestHospitalsNeverSeeAnotherHospitalsCases(t *testing.T) {
	e := newEnv(t)
	h1, h2 := e.hospital("H37010200001"), e.hospital("H37010200002")
	imp1, case1 := e.importCases(h1, 40)
	imp2, case2 := e.importCases(h2, 30)
	office := e.signedIn("h1.office")

	seen := 0
	cursor := ""
	for page := 0; page < 10; page++ {
		res := office.do("GET", "/api/v1/cases?limit=7&cursor="+cursor, nil)
		if res.Status != 200 {
			t.Fatalf("list: %d %s", res.Status, res.Body)
		}
		var l caseList
		json.Unmarshal(res.Body, &l) //nolint:errcheck
		for _, it := range l.Items {
			if it.HospitalID != h1.ID {
				t.Fatalf("h1.office sees case %s of hospital %s", it.ID, it.HospitalID)
			}
			seen++
		}
		if l.NextCursor == "" {
			break
		}
		cursor = l.NextCursor
	}
	if seen != 40 {
		t.Errorf("h1.office paged through %d cases, want its 40", seen)
	}
	// Naming the other hospital narrows nothing open: still only its own.
	res := office.do("GET", "/api/v1/cases?hospital_id="+h2.ID, nil)
	var l caseList
	json.Unmarshal(res.Body, &l) //nolint:errcheck
	if res.Status != 200 || len(l.Items) != 0 {
		t.Errorf("filtering on another hospital: %d, %d items", res.Status, len(l.Items))
	}
	for _, path := range []string{"/api/v1/cases/" + case2, "/api/v1/case-imports/" + imp2, "/api/v1/case-imports/" + imp2 + "/errors",
		"/api/v1/case-dashboard?from=2025-01&to=2025-12&hospital_id=" + h2.ID} {
		if res := office.do("GET", path, nil); res.Status != http.StatusNotFound {
			t.Errorf("h1.office GET %s: %d, want 404", path, res.Status)
		}
	}
	if res := office.do("GET", "/api/v1/cases/"+case1, nil); res.Status != 200 || !contains(res.Body, `"trace"`) {
		t.Errorf("own case: %d", res.Status)
	}
	if res := office.do("GET", "/api/v1/case-imports/"+imp1, nil); res.Status != 200 {
		t.Errorf("own import: %d", res.Status)
	}
	// The export holds the hospital's own cases only.
	res = office.do("GET", "/api/v1/case-export", nil)
	if res.Status != 200 {
		t.Fatalf("export: %d %s", res.Status, res.Body)
	}
	x, err := excelize.OpenReader(bytes.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("病例")
	if len(rows) != 41 {
		t.Errorf("export has %d rows, want a header and 40 cases", len(rows))
	}
	for _, r := range rows[1:] {
		if r[3] != "济南市第一人民医院" {
			t.Fatalf("export row of %s", r[3])
		}
	}
	// The bureau sees both hospitals.
	bureau := e.signedIn("bureau.reviewer")
	res = bureau.do("GET", "/api/v1/cases?limit=200", nil)
	json.Unmarshal(res.Body, &l) //nolint:errcheck
	hs := map[string]int{}
	for _, it := range l.Items {
		hs[it.HospitalID]++
	}
	if hs[h1.ID] != 40 || hs[h2.ID] != 30 || len(hs) != 2 {
		t.Errorf("bureau sees %v", hs)
	}
}

// A hospital user uploads a file; the import runs as a job and its status
// shows the progress and the outcome; a bad file leaves a downloadable
// report.
func TestUploadedImportRunsAsAJob(t *testing.T) {
	e := newEnv(t)
	office := e.signedIn("h1.office")
	g, _ := synth.New(synth.Options{Seed: 9, Hospitals: []synth.Hospital{{Code: "H37010200001", Level: 3, Region: "370100"}},
		From: time.Date(2026, 1, 1, 0, 0, 0, 0, casefile.Beijing()), To: time.Date(2026, 6, 1, 0, 0, 0, 0, casefile.Beijing())})
	var buf bytes.Buffer
	synth.WriteCSV(&buf, g, 25) //nolint:errcheck
	upload := func(name string, body []byte) (int, map[string]any) {
		req, _ := http.NewRequest("POST", e.base+"/api/v1/case-imports?file_name="+name, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/octet-stream")
		req.Header.Set("X-CSRF-Token", office.csrf)
		resp, err := office.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out) //nolint:errcheck
		return resp.StatusCode, out
	}
	status, im := upload("cases.csv", buf.Bytes())
	if status != http.StatusAccepted || im["status"] != "queued" {
		t.Fatalf("upload: %d %v", status, im)
	}
	id := im["id"].(string)
	var queued int
	e.app.DB.Conn(context.Background()).Raw(`SELECT count(*) FROM outbox WHERE kind = ? AND payload->>'import_id' = ?`, casefile.TaskImport, id).Scan(&queued)
	if queued != 1 {
		t.Fatalf("%d outbox rows for the import, want 1", queued)
	}
	// The worker's task handler.
	if _, err := e.app.Cases().RunImport(context.Background(), id, nil); err != nil {
		t.Fatal(err)
	}
	res := office.do("GET", "/api/v1/case-imports/"+id, nil)
	if !contains(res.Body, `"status":"committed"`) || !contains(res.Body, `"percent":100`) || !contains(res.Body, `"cases_new":25`) {
		t.Fatalf("import after the job: %s", res.Body)
	}
	// A second delivery of the task changes nothing.
	if out, err := e.app.Cases().RunImport(context.Background(), id, nil); err != nil || out != nil {
		t.Fatalf("redelivery: %v %v", out, err)
	}

	bad := strings.Replace(buf.String(), "\n", "\n\"oops,", 2)
	_, im = upload("bad.csv", []byte(bad))
	id = im["id"].(string)
	e.app.Cases().RunImport(context.Background(), id, nil) //nolint:errcheck
	res = office.do("GET", "/api/v1/case-imports/"+id+"/errors?format=csv", nil)
	if res.Status != 200 || !contains(res.Body, "malformed CSV") {
		t.Fatalf("error report: %d %s", res.Status, res.Body)
	}
	// Bad requests are refused with a reason.
	if status, out := upload("cases.txt.exe", buf.Bytes()); status != 422 {
		t.Errorf("unknown format: %d %v", status, out)
	}
	if status, _ := upload("empty.csv", nil); status != 400 && status != 422 {
		t.Errorf("empty file: %d", status)
	}
}

// An upload larger than the server's limit is refused on its headers,
// before its body is read.
func TestOversizedUploadIsRefusedBeforeItIsBuffered(t *testing.T) {
	e := newEnv(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/case-imports?file_name=big.csv HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"+
		"Content-Length: %d\r\n\r\nsetl_id", 1<<40)
	conn.SetReadDeadline(time.Now().Add(5 * time.Second)) //nolint:errcheck
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer before the body was sent: %v", err)
	}
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", resp.StatusCode)
	}
}

var _ = pricing.Tertiary

// The dashboard counts a hospital's months; the bureau's region-wide cost
// sort asks for a hospital; bad filters are refused with the field.
func TestDashboardAndListValidation(t *testing.T) {
	e := newEnv(t)
	h1 := e.hospital("H37010200001")
	e.importCases(h1, 60)
	office := e.signedIn("h1.office")
	res := office.do("GET", "/api/v1/case-dashboard?from=2025-01&to=2026-12", nil)
	if res.Status != 200 {
		t.Fatalf("dashboard: %d %s", res.Status, res.Body)
	}
	var d struct {
		Months []struct {
			Month       string `json:"month"`
			Cases       int    `json:"cases"`
			CMI         string `json:"cmi"`
			CostIndex   string `json:"cost_index"`
			QualityRate string `json:"quality_rate"`
		} `json:"months"`
	}
	json.Unmarshal(res.Body, &d) //nolint:errcheck
	total := 0
	for _, m := range d.Months {
		total += m.Cases
		if m.Cases > 0 && (m.CMI == "0" || m.CostIndex == "0") {
			t.Errorf("month %s: CMI %s, cost index %s", m.Month, m.CMI, m.CostIndex)
		}
	}
	if total != 60 {
		t.Errorf("dashboard counts %d cases, want 60", total)
	}
	bureau := e.signedIn("bureau.reviewer")
	if res := bureau.do("GET", "/api/v1/cases?sort=cost_desc&month=2025-06", nil); res.Status != 422 || !contains(res.Body, "hospital") {
		t.Errorf("region-wide cost sort: %d %s", res.Status, res.Body)
	}
	if res := office.do("GET", "/api/v1/cases?sort=ratio_desc", nil); res.Status != 422 || !contains(res.Body, "month") {
		t.Errorf("cost sort over every month: %d %s", res.Status, res.Body)
	}
	if res := bureau.do("GET", "/api/v1/cases?sort=cost_desc&month=2025-06&hospital_id="+h1.ID, nil); res.Status != 200 {
		t.Errorf("cost sort within a hospital's month: %d", res.Status)
	}
	for _, q := range []string{"month=2026-13", "reason=bogus", "cursor=%%%", "hospital_id=not-a-uuid", "limit=1000"} {
		if res := office.do("GET", "/api/v1/cases?"+q, nil); res.Status != 422 {
			t.Errorf("GET /api/v1/cases?%s: %d, want 422", q, res.Status)
		}
	}
	// A cursor from one sort is refused by another.
	res = office.do("GET", "/api/v1/cases?limit=5", nil)
	var l caseList
	json.Unmarshal(res.Body, &l) //nolint:errcheck
	if res := office.do("GET", "/api/v1/cases?sort=cost_desc&month=2025-06&cursor="+l.NextCursor, nil); res.Status != 422 {
		t.Errorf("a cursor of another sort: %d", res.Status)
	}
}

// A hospital system pushes lists with its API token, for its own hospital
// only, and only when the token names the operation.
func TestHospitalSystemsPushWithTheirToken(t *testing.T) {
	e := newEnv(t)
	ctx := account.SystemContext(context.Background(), "test")
	_, secret, err := e.app.Accounts.CreateToken(ctx, e.app.Authz, account.TokenInput{HospitalID: e.ownHospital, Name: "his",
		Operations: []string{"upload-case-import", "get-case-import"}, ExpiresInDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	_, readOnly, _ := e.app.Accounts.CreateToken(ctx, e.app.Authz, account.TokenInput{HospitalID: e.ownHospital, Name: "ro",
		Operations: []string{"get-case-import"}, ExpiresInDays: 30})
	g, _ := synth.New(synth.Options{Seed: 4, Hospitals: []synth.Hospital{{Code: "H37010200001", Level: 3, Region: "370100"}}})
	var buf bytes.Buffer
	synth.WriteCSV(&buf, g, 5) //nolint:errcheck
	push := func(token, query string) (int, map[string]any) {
		req, _ := http.NewRequest("POST", e.base+"/api/v1/case-imports?file_name=his.csv"+query, bytes.NewReader(buf.Bytes()))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/octet-stream")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out) //nolint:errcheck
		return resp.StatusCode, out
	}
	status, im := push(secret, "")
	if status != http.StatusAccepted || im["source"] != "api" || im["hospital_id"] != e.ownHospital {
		t.Fatalf("push: %d %v", status, im)
	}
	if status, _ := push(secret, "&hospital_id="+e.foreignHospital); status != http.StatusNotFound {
		t.Errorf("push for another hospital: %d, want 404", status)
	}
	if status, _ := push(readOnly, ""); status != http.StatusForbidden {
		t.Errorf("a token without the operation: %d, want 403", status)
	}
}

// A bureau administrator sets the region's screening rules; later imports
// apply them; a stale version is refused.
func TestRegionScreeningRulesApplyToLaterImports(t *testing.T) {
	e := newEnv(t)
	admin := e.signedIn("bureau.admin")
	res := admin.do("GET", "/api/v1/screening-rules", nil)
	if res.Status != 200 || !contains(res.Body, `"default":true`) || !contains(res.Body, `"long_stay_days":60`) {
		t.Fatalf("defaults: %d %s", res.Status, res.Body)
	}
	rules := map[string]any{"long_stay_days": 3, "icu_hours": 72, "ventilation_hours": 96, "min_departments": 3,
		"new_items": true, "high_cost": true, "ungroupable": true, "ambiguous_group": true}
	if res := admin.do("PUT", "/api/v1/screening-rules", map[string]any{"version": 0, "rules": rules}); res.Status != 200 ||
		!contains(res.Body, `"version":1`) {
		t.Fatalf("set: %d %s", res.Status, res.Body)
	}
	if res := admin.do("PUT", "/api/v1/screening-rules", map[string]any{"version": 0, "rules": rules}); res.Status != 409 {
		t.Errorf("stale write: %d, want 409", res.Status)
	}
	bad := map[string]any{"long_stay_days": 60, "min_departments": 1}
	if res := admin.do("PUT", "/api/v1/screening-rules", map[string]any{"version": 1, "rules": bad}); res.Status != 422 {
		t.Errorf("invalid rules: %d, want 422", res.Status)
	}
	h1 := e.hospital("H37010200001")
	e.importCases(h1, 30)
	var long, flagged int
	e.app.DB.Conn(context.Background()).Raw(`SELECT count(*) FILTER (WHERE los > 3), count(*) FILTER (WHERE los > 3 AND reasons & 2 <> 0)
		FROM cases WHERE hospital_id = ?`, h1.ID).Row().Scan(&long, &flagged) //nolint:errcheck
	if long == 0 || flagged != long {
		t.Errorf("%d of %d stays over 3 days flagged long_stay under the region's rule", flagged, long)
	}
}
