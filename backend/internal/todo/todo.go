// Package todo is the home page's to-do list (工作台): every domain
// registers a provider that answers, for the caller, what waits for them.
// The list is computed per request from each domain's own tables; a
// provider only counts what the caller's scope holds.
package todo

import (
	"context"
	"net/http"
	"sort"

	"github.com/danielgtaylor/huma/v2"

	"teyi/backend/internal/platform/authz"
)

// Item is one line of the to-do list.
type Item struct {
	// Key names the item for the UI's strings (todo.<key>).
	Key   string `json:"key"`
	Count int    `json:"count"`
	// Link opens the list behind the item.
	Link string `json:"link"`
	// Severity: info, warning (due soon) or danger (overdue, quota full).
	Severity string `json:"severity" enum:"info,warning,danger"`
	// Due is the nearest deadline, when there is one (YYYY-MM-DD).
	Due string `json:"due,omitempty"`
	// Params fill the UI's text (e.g. a gauge's used and cap).
	Params map[string]string `json:"params,omitempty"`
	// Order sorts the list (lower first).
	Order int `json:"-"`
}

// Provider answers the caller's items (none is fine).
type Provider func(ctx context.Context) ([]Item, error)

// Registry holds the providers.
type Registry struct{ providers []Provider }

// Add registers a provider.
func (r *Registry) Add(p Provider) { r.providers = append(r.providers, p) }

// For collects the caller's items, most urgent first. get-todos is open to
// every signed-in person, so its request carries no domain: the providers
// are asked once per domain (hospital, region) the caller holds a role in,
// scoped to it as an operation of that domain would be.
func (r *Registry) For(ctx context.Context) ([]Item, error) {
	out := []Item{}
	p := authz.PrincipalFrom(ctx)
	seen := map[string]bool{}
	for _, g := range p.Grants {
		if g.Kind == "" || seen[g.Kind+":"+g.ID] {
			continue
		}
		seen[g.Kind+":"+g.ID] = true
		gctx := authz.WithPrincipal(ctx, p, authz.ScopeOf(g))
		for _, prov := range r.providers {
			items, err := prov(gctx)
			if err != nil {
				return nil, err
			}
			out = append(out, items...)
		}
	}
	rank := map[string]int{"danger": 0, "warning": 1, "info": 2}
	sort.SliceStable(out, func(i, j int) bool {
		if rank[out[i].Severity] != rank[out[j].Severity] {
			return rank[out[i].Severity] < rank[out[j].Severity]
		}
		return out[i].Order < out[j].Order
	})
	return out, nil
}

type output struct {
	Body struct {
		Items []Item `json:"items"`
	}
}

// Routes registers get-todos.
func (r *Registry) Routes(api huma.API) {
	huma.Register(api, huma.Operation{OperationID: "get-todos", Method: http.MethodGet, Path: "/api/v1/todos",
		Summary: "The caller's to-do list for the home page", Tags: []string{"home"}},
		func(ctx context.Context, _ *struct{}) (*output, error) {
			items, err := r.For(ctx)
			if err != nil {
				return nil, err
			}
			o := &output{}
			o.Body.Items = items
			return o, nil
		})
}
