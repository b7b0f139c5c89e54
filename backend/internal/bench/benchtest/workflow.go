package benchtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

// workflow is the fake's special-case applications: the happy path of the
// state machine, versions, the quota and the window as settings.
type workflow struct {
	mu      sync.Mutex
	apps    map[string]*fakeApp
	byCase  map[string]bool
	keys    map[string]bool
	raised  bool // the settings were raised (quota and window)
	serial  int
	Writes  int // accepted writes
	NoKey   int // writes without an Idempotency-Key
	NoCSRF  int // writes without the session's CSRF token
	BadStep int // a command out of turn or on a stale version
}

type fakeApp struct {
	hospital, status string
	version, files   int
}

// Workflow knobs and counters, read after the run.
type WorkflowStats struct{ Writes, NoKey, NoCSRF, BadStep, Accepted int }

// QuotaCap is how many applications the fake lets through forward before
// the settings are raised.
const QuotaCap = 5

// Workflow returns the counters of the workflow endpoints.
func (s *Server) Workflow() WorkflowStats {
	s.wf.mu.Lock()
	defer s.wf.mu.Unlock()
	st := WorkflowStats{Writes: s.wf.Writes, NoKey: s.wf.NoKey, NoCSRF: s.wf.NoCSRF, BadStep: s.wf.BadStep}
	for _, a := range s.wf.apps {
		if a.status == "ACCEPTED" {
			st.Accepted++
		}
	}
	return st
}

func (s *Server) workflowRoutes(mux *http.ServeMux) {
	s.wf.apps, s.wf.byCase, s.wf.keys = map[string]*fakeApp{}, map[string]bool{}, map[string]bool{}
	mux.HandleFunc("GET /api/v1/applications", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{"items": []any{}})
	})
	mux.HandleFunc("POST /api/v1/applications", s.wfWrite(func(name string, u User, body []byte, _ string) (int, any) {
		var in struct {
			CaseID string   `json:"case_id"`
			Types  []string `json:"types"`
		}
		if json.Unmarshal(body, &in) != nil || in.CaseID == "" || len(in.Types) == 0 || u.HospitalID == "" {
			return 422, nil
		}
		if s.wf.byCase[u.HospitalID+in.CaseID] {
			return 409, map[string]any{"status": 409, "code": "open-application-exists"}
		}
		s.wf.byCase[u.HospitalID+in.CaseID] = true
		s.wf.serial++
		id := fmt.Sprintf("app-%d", s.wf.serial)
		s.wf.apps[id] = &fakeApp{hospital: u.HospitalID, status: "DRAFT", version: 1}
		return 201, map[string]any{"id": id, "version": 1, "status": "DRAFT"}
	}))
	mux.HandleFunc("POST /api/v1/applications/{id}/evidence", s.wfWrite(func(_ string, u User, body []byte, id string) (int, any) {
		a := s.wf.apps[id]
		if a == nil || a.hospital != u.HospitalID {
			return 404, nil
		}
		if !strings.HasPrefix(string(body), "%PDF-") {
			return 415, nil
		}
		a.files++
		return 201, map[string]any{"id": fmt.Sprintf("ev-%d", a.files), "content_type": "application/pdf"}
	}))
	mux.HandleFunc("POST /api/v1/applications/{id}/transitions", s.wfWrite(func(_ string, u User, body []byte, id string) (int, any) {
		var in struct {
			Command string `json:"command"`
			Version int    `json:"version"`
		}
		a := s.wf.apps[id]
		if a == nil || json.Unmarshal(body, &in) != nil || (u.HospitalID != "" && a.hospital != u.HospitalID) {
			return 404, nil
		}
		type row struct{ from, to, role string }
		rows := map[string]row{"send_to_office": {"DRAFT", "HOSPITAL_REVIEW", "clinician"},
			"request_info": {"SUBMITTED", "RETURNED_FOR_INFO", "bureau_reviewer"}, "accept": {"SUBMITTED", "ACCEPTED", "bureau_reviewer"}}
		t, ok := rows[in.Command]
		switch in.Command {
		case "forward":
			t, ok = row{a.status, "SUBMITTED", "hospital_office"}, a.status == "DRAFT" || a.status == "HOSPITAL_REVIEW"
		case "reply":
			t, ok = row{"RETURNED_FOR_INFO", "SUBMITTED", u.Role}, u.Role == "clinician" || u.Role == "hospital_office"
		}
		if !ok || t.from != a.status || t.role != u.Role || in.Version != a.version || (in.Command != "send_to_office" && a.files == 0) {
			s.wf.BadStep++
			return 409, map[string]any{"status": 409, "code": "illegal-transition"}
		}
		if in.Command == "forward" && !s.wf.raised {
			submitted := 0
			for _, x := range s.wf.apps {
				if x.status != "DRAFT" && x.status != "HOSPITAL_REVIEW" {
					submitted++
				}
			}
			if submitted >= QuotaCap {
				return 409, map[string]any{"status": 409, "code": "quota-exhausted", "detail": "the special-case quota is used up"}
			}
		}
		a.status, a.version = t.to, a.version+1
		return 200, map[string]any{"id": id, "version": a.version, "status": a.status}
	}))
	mux.HandleFunc("GET /api/v1/specialcase/settings", func(w http.ResponseWriter, r *http.Request) {
		if _, u, ok := s.user(r); !ok || u.Role != "bureau_admin" {
			problem(w, 403, "bureau administrators only")
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"region": "370100", "today": "2026-12-02", "latest_version": 0,
			"in_force": map[string]any{"version": 0, "quota": map[string]any{"basis": "DRG_5pct", "rate": "0.05", "scope": "region",
				"period": "quarter", "replace_share": "0.20", "warn_at": "0.80"},
				"window":    map[string]any{"kind": "quarterly_first_workdays", "workdays": 15},
				"deadlines": map[string]any{"info_due_workdays": 5, "reminder_workdays_before": 2, "info_expiry": "withdraw", "intake_sla_workdays": 10}}})
	})
	mux.HandleFunc("PUT /api/v1/specialcase/settings", s.wfWrite(func(_ string, u User, body []byte, _ string) (int, any) {
		var in struct {
			Version       int            `json:"version"`
			EffectiveFrom string         `json:"effective_from"`
			Quota         map[string]any `json:"quota"`
			Window        map[string]any `json:"window"`
			Deadlines     map[string]any `json:"deadlines"`
		}
		if u.Role != "bureau_admin" {
			return 403, nil
		}
		if json.Unmarshal(body, &in) != nil || in.EffectiveFrom != "2026-12-02" || in.Quota["basis"] != "custom" ||
			in.Window["kind"] != "any_time" || in.Deadlines["info_due_workdays"] != 5.0 {
			return 422, nil
		}
		s.wf.raised = true
		return 200, map[string]any{"latest_version": 1}
	}))
}

// wfWrite checks what every write must carry and runs fn under the lock.
func (s *Server) wfWrite(fn func(name string, u User, body []byte, id string) (int, any)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name, u, ok := s.user(r)
		if !ok {
			problem(w, http.StatusUnauthorized, "sign in")
			return
		}
		body, _ := io.ReadAll(r.Body)
		s.wf.mu.Lock()
		defer s.wf.mu.Unlock()
		key := r.Header.Get("Idempotency-Key")
		if key == "" {
			s.wf.NoKey++
		} else if s.wf.keys[key] {
			problem(w, 422, "idempotency key reused")
			return
		}
		s.wf.keys[key] = true
		if r.Header.Get("X-CSRF-Token") != "csrf-"+name {
			s.wf.NoCSRF++
			problem(w, 403, "csrf")
			return
		}
		status, out := fn(name, u, body, r.PathValue("id"))
		if status >= 300 {
			w.Header().Set("Content-Type", "application/problem+json")
			if out == nil {
				out = map[string]any{"status": status, "title": http.StatusText(status)}
			}
		} else {
			s.wf.Writes++
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(out)
	}
}
