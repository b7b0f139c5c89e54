package grouper

import (
	"fmt"
	"slices"
	"sync"
	"time"
)

// Registry holds plan packs and selects one by id or by discharge date. It
// knows nothing about where packs come from: the shipped plans, a directory
// of stored packs or a database are all just sources of *Pack. Safe for
// concurrent use.
type Registry struct {
	mu    sync.RWMutex
	packs []*Pack
	lazy  map[string]*lazyPack
}

type lazyPack struct {
	info PlanInfo // id and dates known before compiling
	once sync.Once
	load func() (*Pack, error)
	pack *Pack
	err  error
}

func (l *lazyPack) get() (*Pack, error) {
	l.once.Do(func() { l.pack, l.err = l.load() })
	return l.pack, l.err
}

// NewRegistry returns a registry holding packs.
func NewRegistry(packs ...*Pack) (*Registry, error) {
	r := &Registry{lazy: map[string]*lazyPack{}}
	for _, p := range packs {
		if err := r.Add(p); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Add registers a pack; its id must be new.
func (r *Registry) Add(p *Pack) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.lazy == nil {
		r.lazy = map[string]*lazyPack{}
	}
	if r.has(p.ID()) {
		return fmt.Errorf("%w: %s", ErrDuplicatePlan, p.ID())
	}
	r.packs = append(r.packs, p)
	return nil
}

// AddLazy registers a plan that is built on first use (the shipped plans
// compile their text only when asked for); load runs at most once.
func (r *Registry) AddLazy(id, validFrom, validTo string, load func() (*Pack, error)) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.lazy == nil {
		r.lazy = map[string]*lazyPack{}
	}
	if r.has(id) {
		return fmt.Errorf("%w: %s", ErrDuplicatePlan, id)
	}
	r.lazy[id] = &lazyPack{info: PlanInfo{ID: id, ValidFrom: validFrom, ValidTo: validTo}, load: load}
	return nil
}

func (r *Registry) has(id string) bool {
	if _, ok := r.lazy[id]; ok {
		return true
	}
	return slices.ContainsFunc(r.packs, func(p *Pack) bool { return p.ID() == id })
}

// ByID returns the plan with the given id.
func (r *Registry) ByID(id string) (*Pack, error) {
	r.mu.RLock()
	for _, p := range r.packs {
		if p.ID() == id {
			r.mu.RUnlock()
			return p, nil
		}
	}
	l, ok := r.lazy[id]
	r.mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownPlan, id)
	}
	return l.get()
}

// ForDischarge returns the plan for a discharge on day t: among the plans
// whose validity covers t, the one that became valid last.
func (r *Registry) ForDischarge(t time.Time) (*Pack, error) {
	r.mu.RLock()
	best, bestFrom := "", ""
	consider := func(id, from, to string) {
		cover := PlanInfo{ValidFrom: from, ValidTo: to}
		if !covers(cover, t) {
			return
		}
		if best == "" || from > bestFrom || (from == bestFrom && id > best) {
			best, bestFrom = id, from
		}
	}
	for _, p := range r.packs {
		consider(p.ID(), p.info.ValidFrom, p.info.ValidTo)
	}
	for id, l := range r.lazy {
		consider(id, l.info.ValidFrom, l.info.ValidTo)
	}
	r.mu.RUnlock()
	if best == "" {
		return nil, fmt.Errorf("%w: %s", ErrNoPlanForDate, t.Format(time.DateOnly))
	}
	return r.ByID(best)
}

func covers(info PlanInfo, t time.Time) bool {
	d := dateOf(t).Format(time.DateOnly)
	return (info.ValidFrom == "" || d >= info.ValidFrom) && (info.ValidTo == "" || d < info.ValidTo)
}

// IDs lists the registered plan ids, sorted.
func (r *Registry) IDs() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var ids []string
	for _, p := range r.packs {
		ids = append(ids, p.ID())
	}
	for id := range r.lazy {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Infos describes every registered plan, building lazy ones (the counts of
// MDCs, ADRGs and DRGs need the compiled pack).
func (r *Registry) Infos() ([]PlanInfo, error) {
	var out []PlanInfo
	for _, id := range r.IDs() {
		p, err := r.ByID(id)
		if err != nil {
			return out, fmt.Errorf("%s: %w", id, err)
		}
		out = append(out, p.Info())
	}
	return out, nil
}
