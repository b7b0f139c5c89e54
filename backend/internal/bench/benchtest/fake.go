// Package benchtest is a stand-in Teyi server for testing the load
// generator: sign-in, /api/v1/me, /api/v1/hospitals and a case list with
// keyset cursors, with knobs for slowness, limited concurrency and failures.
package benchtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Password is the password of every user of the fake.
const Password = "Fake-Password-1"

// User is a user of the fake.
type User struct {
	HospitalID string // empty for the bureau
	TOTP       bool   // sign-in answers that a second factor is needed
	Role       string
}

// Users of the fake, named as the demo users.
var Users = map[string]User{
	"h1.office":       {HospitalID: "00000000-0000-0000-0000-0000000000a1", Role: "hospital_office"},
	"h2.office":       {HospitalID: "00000000-0000-0000-0000-0000000000a2", Role: "hospital_office"},
	"h3.office":       {HospitalID: "00000000-0000-0000-0000-0000000000a3", Role: "hospital_office"},
	"h1.doctor":       {HospitalID: "00000000-0000-0000-0000-0000000000a1", Role: "clinician"},
	"h2.doctor":       {HospitalID: "00000000-0000-0000-0000-0000000000a2", Role: "clinician"},
	"bureau.reviewer": {Role: "bureau_reviewer"},
	"bureau.admin":    {Role: "bureau_admin"},
	"with.totp":       {HospitalID: "00000000-0000-0000-0000-0000000000a1", TOTP: true},
}

// Hospitals are the hospital ids the bureau sees (two pages of /hospitals).
var Hospitals = []string{
	"00000000-0000-0000-0000-0000000000a1", "00000000-0000-0000-0000-0000000000a2",
	"00000000-0000-0000-0000-0000000000a3",
}

// Server is the fake. Set the knobs before the first request.
type Server struct {
	*httptest.Server
	Delay       time.Duration // added to every case-list request
	Concurrency int           // case-list requests served at once; 0: no limit
	PagesDeep   int           // pages per query before next_cursor ends; 3 when 0

	sem  chan struct{}
	once sync.Once

	mu      sync.Mutex
	cursors map[string]string // cursor -> the query it continues (without cursor)

	Cases        atomic.Int64 // case-list requests answered
	NextPages    atomic.Int64 // ... with a valid cursor
	BadCursors   atomic.Int64 // unknown cursor or one used with other filters
	Forbidden    atomic.Int64 // hospital_id from a hospital user, or no session
	BureauHosp   atomic.Int64 // bureau requests with a hospital_id
	Filtered     atomic.Int64 // first pages with month, outlier or reason
	WrongMonth   atomic.Int64 // month outside the last 12 months or malformed
	Logins       atomic.Int64
	SawPassword  atomic.Bool // a password reached a case-list request (never should)
	Fail         func(r *http.Request) int
	Now          time.Time
	cursorSerial atomic.Int64

	wf workflow
}

// New starts a fake; close it with Close.
func New() *Server {
	s := &Server{cursors: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/auth/login", s.login)
	mux.HandleFunc("GET /api/v1/me", s.me)
	mux.HandleFunc("GET /api/v1/hospitals", s.hospitals)
	mux.HandleFunc("GET /api/v1/cases", s.cases)
	s.workflowRoutes(mux)
	s.Server = httptest.NewServer(mux)
	return s
}

func problem(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"title": http.StatusText(status), "status": status, "detail": detail})
}

func (s *Server) user(r *http.Request) (string, User, bool) {
	c, err := r.Cookie("teyi_session")
	if err != nil || len(c.Value) < 5 || c.Value[:4] != "tok-" {
		return "", User{}, false
	}
	name := c.Value[4:]
	u, ok := Users[name]
	return name, u, ok && !u.TOTP
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	s.Logins.Add(1)
	var in struct{ Username, Password string }
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		problem(w, http.StatusUnprocessableEntity, "bad body")
		return
	}
	u, ok := Users[in.Username]
	if !ok || in.Password != Password {
		problem(w, http.StatusUnauthorized, "wrong username or password")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: "teyi_session", Value: "tok-" + in.Username, Path: "/", HttpOnly: true})
	next := "done"
	if u.TOTP {
		next = "totp"
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"next": next, "csrf_token": "csrf"})
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	name, u, ok := s.user(r)
	if !ok {
		problem(w, http.StatusUnauthorized, "sign in")
		return
	}
	m := map[string]any{"username": name, "state": "authenticated", "hospital_id": nil, "region_code": nil,
		"csrf_token": "csrf-" + name, "roles": []map[string]string{{"role": u.Role}}}
	if u.HospitalID != "" {
		m["hospital_id"] = u.HospitalID
	} else {
		m["region_code"] = "370100"
	}
	json.NewEncoder(w).Encode(m)
}

// hospitals answers in pages of two, whatever the limit, to test paging.
func (s *Server) hospitals(w http.ResponseWriter, r *http.Request) {
	if _, _, ok := s.user(r); !ok {
		problem(w, http.StatusUnauthorized, "sign in")
		return
	}
	start := 0
	if a := r.URL.Query().Get("after"); a != "" {
		start, _ = strconv.Atoi(a)
	}
	end := min(start+2, len(Hospitals))
	var items []map[string]any
	for _, id := range Hospitals[start:end] {
		items = append(items, map[string]any{"id": id, "code": "H" + id[len(id)-2:], "active": true})
	}
	out := map[string]any{"items": items}
	if end < len(Hospitals) {
		out["next"] = strconv.Itoa(end)
	}
	json.NewEncoder(w).Encode(out)
}

func (s *Server) cases(w http.ResponseWriter, r *http.Request) {
	s.once.Do(func() {
		if s.Concurrency > 0 {
			s.sem = make(chan struct{}, s.Concurrency)
		}
	})
	if s.sem != nil {
		s.sem <- struct{}{}
		defer func() { <-s.sem }()
	}
	if s.Delay > 0 {
		time.Sleep(s.Delay)
	}
	defer s.Cases.Add(1)
	if s.Fail != nil {
		if code := s.Fail(r); code != 0 {
			problem(w, code, "injected failure")
			return
		}
	}
	_, u, ok := s.user(r)
	q := r.URL.Query()
	if !ok || (u.HospitalID != "" && q.Has("hospital_id")) {
		s.Forbidden.Add(1)
		problem(w, http.StatusForbidden, "not in scope")
		return
	}
	for _, v := range q {
		for _, x := range v {
			if x == Password {
				s.SawPassword.Store(true)
			}
		}
	}
	if u.HospitalID == "" && q.Has("hospital_id") {
		s.BureauHosp.Add(1)
	}
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit < 1 || limit > 200 {
		problem(w, http.StatusUnprocessableEntity, "limit")
		return
	}
	cursor := q.Get("cursor")
	q.Del("cursor")
	key := q.Encode()
	depth := 0
	if cursor != "" {
		s.mu.Lock()
		want, known := s.cursors[cursor]
		s.mu.Unlock()
		if !known || want != key {
			s.BadCursors.Add(1)
			problem(w, http.StatusBadRequest, "bad cursor")
			return
		}
		s.NextPages.Add(1)
		fmt.Sscanf(cursor, "d%d-", &depth)
	} else if q.Has("month") || q.Has("outlier") || q.Has("reason") {
		s.Filtered.Add(1)
	}
	if m := q.Get("month"); m != "" && !s.recentMonth(m) {
		s.WrongMonth.Add(1)
	}
	items := make([]map[string]any, 0, limit)
	for i := range limit {
		items = append(items, map[string]any{"id": fmt.Sprintf("case-%d-%d", depth, i), "hospital_id": u.HospitalID,
			"discharged_at": "2026-01-02T00:00:00Z", "drg": fmt.Sprintf("FR1%d", i%5), "total_cost": "1234.50"})
	}
	out := map[string]any{"items": items}
	deep := s.PagesDeep
	if deep == 0 {
		deep = 3
	}
	if depth+1 < deep {
		next := fmt.Sprintf("d%d-%d", depth+1, s.cursorSerial.Add(1))
		s.mu.Lock()
		s.cursors[next] = key
		s.mu.Unlock()
		out["next_cursor"] = next
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

func (s *Server) recentMonth(m string) bool {
	t, err := time.Parse("2006-01", m)
	if err != nil {
		return false
	}
	now := s.Now
	if now.IsZero() {
		now = time.Now()
	}
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	return !t.After(first) && t.After(first.AddDate(-1, 0, 0))
}
