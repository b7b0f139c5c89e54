package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

// Labels of the list workload's requests.
const (
	LabelFirst = "first page"
	LabelNext  = "next page"
)

// Candidate reasons and the other filter values the list API knows.
var (
	listReasons  = []string{"high_cost", "long_stay", "new_items", "icu", "ventilation", "ungroupable", "ambiguous_group", "multi_department"}
	listOutliers = []string{"high", "high", "low", "normal"}
	// sorts, weighted: mostly the default order.
	listSorts = []string{"", "", "", "discharged_desc", "discharged_asc", "cost_desc", "cost_desc", "ratio_desc", "ratio_desc"}
)

// ListWorkload is the case list as people use it: per user in turn, first
// pages with a varying mix of filters (discharge month within the last 12
// months, outlier, candidate reason, DRG seen in earlier answers, sort
// order, and for bureau users a hospital), and — for NextShare of the
// requests — the following page of an earlier answer, through its
// next_cursor with the same filters (keyset paging). Each captured cursor
// is followed once; when none is at hand a first page is sent instead.
type ListWorkload struct {
	Base      string
	Sessions  []*Session
	PageSize  int
	NextShare float64   // share of requests that follow a cursor; 1/3 when 0
	Now       time.Time // for the months; time.Now() when zero

	once  sync.Once
	rng   *rand.Rand // only used from Next, on the scheduling goroutine
	users []*listUser
}

type listUser struct {
	s  *Session
	mu sync.Mutex
	// cursors not yet followed, with the query they continue; bounded.
	cursors []pageRef
	drgs    []string // DRG codes seen in answers, bounded
}

type pageRef struct {
	query  url.Values
	cursor string
}

const (
	maxCursors = 512
	maxDRGs    = 64
)

// NewListWorkload returns the list workload for the signed-in sessions.
func NewListWorkload(base string, sessions []*Session, pageSize int, seed uint64) *ListWorkload {
	w := &ListWorkload{Base: base, Sessions: sessions, PageSize: pageSize}
	w.rng = rand.New(rand.NewPCG(seed, seed^0x7465796962656e63))
	return w
}

func (w *ListWorkload) init() {
	w.once.Do(func() {
		if w.rng == nil {
			w.rng = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
		}
		if w.NextShare == 0 {
			w.NextShare = 1.0 / 3
		}
		if w.Now.IsZero() {
			w.Now = time.Now()
		}
		if w.PageSize <= 0 {
			w.PageSize = 50
		}
		for _, s := range w.Sessions {
			w.users = append(w.users, &listUser{s: s})
		}
	})
}

// Next implements Workload.
func (w *ListWorkload) Next(ctx context.Context, i int) (Op, error) {
	w.init()
	if len(w.users) == 0 {
		return Op{}, fmt.Errorf("bench: no signed-in users")
	}
	u := w.users[i%len(w.users)]
	label := LabelFirst
	var q url.Values
	if w.rng.Float64() < w.NextShare {
		if ref, ok := u.takeCursor(w.rng); ok {
			q = ref.query
			q.Set("cursor", ref.cursor)
			label = LabelNext
		}
	}
	if q == nil {
		q = w.firstPage(u)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, w.Base+"/api/v1/cases?"+q.Encode(), nil)
	if err != nil {
		return Op{}, err
	}
	u.s.Authorise(req)
	req.Header.Set("Accept", "application/json")
	base := cloneWithout(q, "cursor")
	return Op{Req: req, Label: label, Check: func(body []byte) error { return u.observe(base, body) }}, nil
}

// firstPage draws the filters of a first page.
func (w *ListWorkload) firstPage(u *listUser) url.Values {
	r := w.rng
	q := url.Values{"limit": {fmt.Sprint(w.PageSize)}}
	if s := listSorts[r.IntN(len(listSorts))]; s != "" {
		q.Set("sort", s)
	}
	if r.IntN(2) == 0 {
		first := time.Date(w.Now.Year(), w.Now.Month(), 1, 0, 0, 0, 0, time.UTC)
		q.Set("month", first.AddDate(0, -r.IntN(12), 0).Format("2006-01"))
	}
	if r.IntN(4) == 0 {
		q.Set("outlier", listOutliers[r.IntN(len(listOutliers))])
	}
	if r.IntN(4) == 0 {
		q.Set("reason", listReasons[r.IntN(len(listReasons))])
	}
	if u.s.Bureau() && len(u.s.Hospitals) > 0 && r.IntN(5) < 3 {
		q.Set("hospital_id", u.s.Hospitals[r.IntN(len(u.s.Hospitals))])
	}
	if r.IntN(10) == 0 {
		if d := u.someDRG(r); d != "" {
			q.Set("drg", d)
		}
	}
	// The API sorts by cost or ratio within one discharge month (and, for
	// the bureau, one hospital), as the console does.
	if s := q.Get("sort"); s == "cost_desc" || s == "ratio_desc" {
		if q.Get("month") == "" {
			first := time.Date(w.Now.Year(), w.Now.Month(), 1, 0, 0, 0, 0, time.UTC)
			q.Set("month", first.AddDate(0, -r.IntN(12), 0).Format("2006-01"))
		}
		if u.s.Bureau() && q.Get("hospital_id") == "" {
			if len(u.s.Hospitals) > 0 {
				q.Set("hospital_id", u.s.Hospitals[r.IntN(len(u.s.Hospitals))])
			} else {
				q.Del("sort")
			}
		}
	}
	return q
}

func (u *listUser) takeCursor(r *rand.Rand) (pageRef, bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	n := len(u.cursors)
	if n == 0 {
		return pageRef{}, false
	}
	k := r.IntN(n)
	ref := u.cursors[k]
	u.cursors[k] = u.cursors[n-1]
	u.cursors = u.cursors[:n-1]
	return pageRef{query: cloneWithout(ref.query, ""), cursor: ref.cursor}, true
}

func (u *listUser) someDRG(r *rand.Rand) string {
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.drgs) == 0 {
		return ""
	}
	return u.drgs[r.IntN(len(u.drgs))]
}

// listPage is the part of a list answer the workload reads.
type listPage struct {
	Items *[]struct {
		ID  string `json:"id"`
		DRG string `json:"drg"`
	} `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// observe checks a list answer and keeps its cursor and DRG codes.
func (u *listUser) observe(query url.Values, body []byte) error {
	var p listPage
	if err := json.Unmarshal(body, &p); err != nil {
		return fmt.Errorf("not a case list: %v", err)
	}
	if p.Items == nil {
		return fmt.Errorf("not a case list: no items")
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if p.NextCursor != "" {
		if len(u.cursors) >= maxCursors {
			copy(u.cursors, u.cursors[1:]) // drop the oldest
			u.cursors = u.cursors[:len(u.cursors)-1]
		}
		u.cursors = append(u.cursors, pageRef{query: query, cursor: p.NextCursor})
	}
	for _, it := range *p.Items {
		if it.DRG == "" || len(u.drgs) >= maxDRGs {
			continue
		}
		if !slices.Contains(u.drgs, it.DRG) {
			u.drgs = append(u.drgs, it.DRG)
		}
	}
	return nil
}

func cloneWithout(q url.Values, key string) url.Values {
	c := make(url.Values, len(q))
	for k, v := range q {
		if k != key {
			c[k] = append([]string(nil), v...)
		}
	}
	return c
}
