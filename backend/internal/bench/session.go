package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// SessionCookie is the server's session cookie.
const SessionCookie = "teyi_session"

// ErrSecondFactor is returned by Login when the server wants a TOTP code.
var ErrSecondFactor = errors.New("the server asks for a second factor")

// Session is a signed-in user. Its token is never printed: String and
// GoString leave it out.
type Session struct {
	User       string
	UserID     string
	HospitalID string   // set for hospital users
	RegionCode string   // set for region (bureau) users
	Hospitals  []string // for users without a hospital: the ids of the hospitals in scope
	Roles      []string // the roles granted (clinician, hospital_office, bureau_reviewer …)
	token      string
	csrf       string
}

// Has reports whether the user holds role.
func (s *Session) Has(role string) bool { return slices.Contains(s.Roles, role) }

// Bureau reports whether the user sees a region rather than one hospital.
func (s *Session) Bureau() bool { return s.HospitalID == "" }

func (s Session) String() string {
	if s.HospitalID == "" {
		return fmt.Sprintf("%s (region %s, %d hospitals)", s.User, s.RegionCode, len(s.Hospitals))
	}
	return fmt.Sprintf("%s (hospital %s)", s.User, s.HospitalID)
}

// GoString keeps %#v from printing the token.
func (s Session) GoString() string { return "bench.Session{" + s.String() + "}" }

// Authorise adds the session cookie to r.
func (s *Session) Authorise(r *http.Request) {
	r.AddCookie(&http.Cookie{Name: SessionCookie, Value: s.token})
}

// CSRFHeader carries the session's CSRF token on mutating calls.
const CSRFHeader = "X-CSRF-Token"

// AuthoriseWrite adds the session cookie and the CSRF token to a mutating
// request.
func (s *Session) AuthoriseWrite(r *http.Request) {
	s.Authorise(r)
	if s.csrf != "" {
		r.Header.Set(CSRFHeader, s.csrf)
	}
}

// NewSession is a session from a known token (tests, API tokens later).
func NewSession(user, token string) *Session { return &Session{User: user, token: token} }

// Login signs user in at base, reads who they are from /api/v1/me and, for
// users without a hospital, the hospitals in their scope. Errors name the
// user and never carry the password or the token.
func Login(ctx context.Context, client *http.Client, base, user, password string) (*Session, error) {
	body, _ := json.Marshal(map[string]string{"username": user, "password": password})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/auth/login", bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("sign-in of %s: %w", user, err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("sign-in of %s: %w", user, err)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("sign-in of %s: %w", user, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("sign-in of %s refused: %s", user, problem(resp.StatusCode, b))
	}
	var lr struct {
		Next string `json:"next"`
		CSRF string `json:"csrf_token"`
	}
	if err := json.Unmarshal(b, &lr); err != nil {
		return nil, fmt.Errorf("sign-in of %s: unreadable answer: %w", user, err)
	}
	switch lr.Next {
	case "", "done":
	case "totp", "enrol_totp":
		return nil, fmt.Errorf("sign-in of %s: %w (next step %q); use demo users on a server in demo mode (TEYI_DEMO=1) or users without TOTP",
			user, ErrSecondFactor, lr.Next)
	case "change_password":
		return nil, fmt.Errorf("sign-in of %s: the user must change their password first", user)
	default:
		return nil, fmt.Errorf("sign-in of %s: unexpected next step %q", user, lr.Next)
	}
	s := &Session{User: user, csrf: lr.CSRF}
	for _, c := range resp.Cookies() {
		if c.Name == SessionCookie && c.Value != "" {
			s.token = c.Value
		}
		if c.Name == "teyi_csrf" && c.Value != "" && s.csrf == "" {
			s.csrf = c.Value
		}
	}
	if s.token == "" {
		return nil, fmt.Errorf("sign-in of %s: no %s cookie in the answer", user, SessionCookie)
	}

	var me struct {
		ID         string  `json:"id"`
		State      string  `json:"state"`
		HospitalID *string `json:"hospital_id"`
		RegionCode *string `json:"region_code"`
		CSRF       string  `json:"csrf_token"`
		Roles      []struct {
			Role string `json:"role"`
		} `json:"roles"`
	}
	if err := s.getJSON(ctx, client, base+"/api/v1/me", &me); err != nil {
		return nil, fmt.Errorf("sign-in of %s: /api/v1/me: %w", user, err)
	}
	if me.State != "" && me.State != "authenticated" {
		return nil, fmt.Errorf("sign-in of %s: session not usable yet (state %q)", user, me.State)
	}
	s.UserID = me.ID
	if me.HospitalID != nil {
		s.HospitalID = *me.HospitalID
	}
	if me.CSRF != "" {
		s.csrf = me.CSRF
	}
	for _, r := range me.Roles {
		if r.Role != "" && !slices.Contains(s.Roles, r.Role) {
			s.Roles = append(s.Roles, r.Role)
		}
	}
	if me.RegionCode != nil {
		s.RegionCode = *me.RegionCode
	}
	if s.Bureau() {
		if s.Hospitals, err = s.hospitals(ctx, client, base); err != nil {
			return nil, fmt.Errorf("sign-in of %s: /api/v1/hospitals: %w", user, err)
		}
	}
	return s, nil
}

// hospitals pages through /api/v1/hospitals (at most 50 pages of 200).
func (s *Session) hospitals(ctx context.Context, client *http.Client, base string) ([]string, error) {
	var ids []string
	after := ""
	for range 50 {
		q := url.Values{"limit": {"200"}}
		if after != "" {
			q.Set("after", after)
		}
		var page struct {
			Items []struct {
				ID     string `json:"id"`
				Active *bool  `json:"active"`
			} `json:"items"`
			Next string `json:"next"`
		}
		if err := s.getJSON(ctx, client, base+"/api/v1/hospitals?"+q.Encode(), &page); err != nil {
			return nil, err
		}
		for _, h := range page.Items {
			if h.ID != "" && (h.Active == nil || *h.Active) {
				ids = append(ids, h.ID)
			}
		}
		if page.Next == "" || page.Next == after || len(page.Items) == 0 {
			break
		}
		after = page.Next
	}
	return ids, nil
}

func (s *Session) getJSON(ctx context.Context, client *http.Client, u string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	s.Authorise(req)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(problem(resp.StatusCode, b))
	}
	return json.Unmarshal(b, v)
}

// problem renders an error answer: the status and the RFC 9457 detail or title.
func problem(status int, body []byte) string {
	var p struct {
		Title  string `json:"title"`
		Detail string `json:"detail"`
	}
	msg := http.StatusText(status)
	if json.Unmarshal(body, &p) == nil {
		switch {
		case p.Detail != "":
			msg = p.Detail
		case p.Title != "":
			msg = p.Title
		}
	}
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return fmt.Sprintf("%d %s", status, strings.TrimSpace(msg))
}
