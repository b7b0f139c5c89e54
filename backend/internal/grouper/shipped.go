package grouper

import (
	"embed"
	"fmt"
	"io/fs"
	"sync"
)

// The shipped plans live as plan text under plans/<id>/ and are compiled on
// first use: the text is the source of truth and the same compiler serves
// imported plans, so there is no generated artefact to keep in step.
//
//go:embed plans
var shippedFS embed.FS

// ShippedPlanID is the id of the national CHS-DRG 1.1 plan shipped with Teyi.
const ShippedPlanID = "chs-drg-1.1"

type shippedPlan struct {
	id, validFrom, validTo string
	once                   sync.Once
	pack                   *Pack
	err                    error
}

var shippedPlans = []*shippedPlan{
	{id: ShippedPlanID, validFrom: "2021-01-01"},
}

func (s *shippedPlan) load() (*Pack, error) {
	s.once.Do(func() {
		fsys, err := ShippedPlanFS(s.id)
		if err != nil {
			s.err = err
			return
		}
		s.pack, _, s.err = Compile(fsys, CompileOptions{})
		if s.err == nil && s.pack.ID() != s.id {
			s.pack, s.err = nil, fmt.Errorf("grouper: shipped plan %s declares id %s", s.id, s.pack.ID())
		}
	})
	return s.pack, s.err
}

// ShippedPlanFS returns the plan text of a shipped plan, laid out as Compile
// expects it.
func ShippedPlanFS(id string) (fs.FS, error) {
	for _, s := range shippedPlans {
		if s.id == id {
			return fs.Sub(shippedFS, "plans/"+id)
		}
	}
	return nil, fmt.Errorf("%w: %s is not shipped", ErrUnknownPlan, id)
}

// ShippedPlanIDs lists the ids of the plans compiled into the binary.
func ShippedPlanIDs() []string {
	ids := make([]string, len(shippedPlans))
	for i, s := range shippedPlans {
		ids[i] = s.id
	}
	return ids
}

// Shipped returns the pack of a shipped plan, compiling it once per process.
func Shipped(id string) (*Pack, error) {
	for _, s := range shippedPlans {
		if s.id == id {
			return s.load()
		}
	}
	return nil, fmt.Errorf("%w: %s is not shipped", ErrUnknownPlan, id)
}

// NewShippedRegistry returns a registry with the shipped plans registered
// lazily; callers add stored or imported packs to it.
func NewShippedRegistry() *Registry {
	r := &Registry{lazy: map[string]*lazyPack{}}
	for _, s := range shippedPlans {
		_ = r.AddLazy(s.id, s.validFrom, s.validTo, s.load)
	}
	return r
}
