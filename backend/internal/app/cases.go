package app

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/danielgtaylor/huma/v2"
	"github.com/hibiken/asynq"

	"teyi/backend/internal/casefile"
	"teyi/backend/internal/platform/queue"
	"teyi/backend/internal/platform/secret"
	"teyi/backend/internal/pricing"
)

// casesModule is case intake and the case list (issue 5).
type casesModule struct {
	once sync.Once
	svc  *casefile.Service
}

func (m *casesModule) Name() string { return "cases" }

// Service builds the case service from the shared dependencies.
func (m *casesModule) Service(d *Deps) *casefile.Service {
	m.once.Do(func() {
		var sealer *secret.Sealer
		if d.Config.SecretKey != "" {
			s, err := secret.New(d.Config.SecretKey)
			if err != nil {
				d.Log.Error("TEYI_SECRET_KEY is invalid: case imports are refused", "err", err.Error())
			} else {
				sealer = s
			}
		}
		env := &casefile.Env{Plans: d.Grouping.Registry(), Dict: casefile.DefaultDictionaries(),
			Rules: casefile.DefaultScreenRules(), Sealer: sealer, Pricing: d.pricingLookup(),
			Registry: d.registryLookup()}
		m.svc = &casefile.Service{DB: d.DB, Env: env, Audit: d.Audit, Outbox: d.Outbox, Log: d.Log,
			SpoolDir: filepath.Join(d.Config.DataDir, "imports")}
	})
	return m.svc
}

func (m *casesModule) Routes(api huma.API, d *Deps) {
	m.Service(d).Routes(api, d.Config.BodyLimit)
}

func (m *casesModule) Tasks(mux *queue.Mux, d *Deps) {
	svc := m.Service(d)
	mux.Handle(casefile.TaskImport, func(ctx context.Context, t *asynq.Task) error {
		var p struct {
			ImportID string `json:"import_id"`
		}
		if err := json.Unmarshal(t.Payload(), &p); err != nil || p.ImportID == "" {
			return fmt.Errorf("%w: bad payload", asynq.SkipRetry)
		}
		_, err := svc.RunImport(ctx, p.ImportID, nil)
		return err
	})
}

// pricingLookup finds the pricing version in force: the region's active
// version stored by the pricing module (cached there).
func (d *Deps) pricingLookup() casefile.PricingLookup {
	return func(region string, day pricing.Date) (*pricing.Version, error) {
		if d.Pricing == nil {
			return nil, fmt.Errorf("%w for region %s on %s", pricing.ErrNoVersion, region, day)
		}
		return d.Pricing.Effective(context.Background(), region, day)
	}
}

// Cases is the case service (for the CLI and tests).
func (a *App) Cases() *casefile.Service {
	a.Wire()
	for _, m := range a.modules {
		if cm, ok := m.(*casesModule); ok {
			return cm.Service(&a.Deps)
		}
	}
	panic("app: cases module not wired")
}
