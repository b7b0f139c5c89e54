package app

import (
	"context"

	"github.com/danielgtaylor/huma/v2"
	"github.com/hibiken/asynq"

	"teyi/backend/internal/casefile"
	"teyi/backend/internal/notify"
	"teyi/backend/internal/platform/queue"
	"teyi/backend/internal/registry"
)

// modules lists Teyi's capabilities in the order they are wired.
func modules() []Module {
	cases := &casesModule{}
	apps := &specialcaseModule{cases: cases}
	return []Module{pricingModule{}, cases, settingsModule{}, notifyModule{}, registryModule{}, apps, &reviewModule{cases: cases, apps: apps},
		publicationModule{}}
}

// pricingModule serves the pricing parameter versions (Deps.Pricing).
type pricingModule struct{}

func (pricingModule) Name() string { return "pricing" }

func (pricingModule) Routes(api huma.API, d *Deps) { d.Pricing.Routes(api) }

// settingsModule serves the special-case settings and the working-day
// calendar (Deps.Settings).
type settingsModule struct{}

func (settingsModule) Name() string { return "specialcase-settings" }

func (settingsModule) Routes(api huma.API, d *Deps) { d.Settings.Routes(api) }

// notifyModule is the caller's notifications and their e-mail (Deps.Notify).
type notifyModule struct{}

func (notifyModule) Name() string { return "notify" }

func (notifyModule) Routes(api huma.API, d *Deps) { d.Notify.Routes(api) }

func (notifyModule) Tasks(mux *queue.Mux, d *Deps) {
	mux.Handle(notify.TaskEmail, d.Notify.HandleEmail)
}

// registryModule serves the new drug, device and technology registry
// (Deps.Registry) and runs its daily expiry and reminders.
type registryModule struct{}

func (registryModule) Name() string { return "registry" }

func (registryModule) Routes(api huma.API, d *Deps) { d.Registry.Routes(api) }

func (registryModule) Tasks(mux *queue.Mux, d *Deps) {
	mux.Handle(registry.TaskDaily, func(ctx context.Context, _ *asynq.Task) error {
		_, err := d.Registry.RunDaily(ctx)
		return err
	})
}

func (registryModule) Periodic() []queue.Periodic {
	return []queue.Periodic{{Spec: "@every 6h", Kind: registry.TaskDaily}}
}

// registryLookup gives case intake the registered items of a hospital
// (cached per region by the registry for registry.CacheTTL).
func (d *Deps) registryLookup() casefile.RegistryLookup {
	return func(region, hospitalID string) (*casefile.Registered, error) {
		if d.Registry == nil {
			return nil, nil
		}
		list, err := d.Registry.ForHospital(context.Background(), region, hospitalID)
		if err != nil {
			return nil, err
		}
		items := make([]casefile.RegisteredItem, 0, len(list))
		for _, a := range list {
			items = append(items, casefile.RegisteredItem{Code: a.Code, From: a.From, To: a.To})
		}
		return casefile.NewRegistered(items), nil
	}
}

// publicationModule serves the semi-annual special-case publication
// (Deps.Publication).
type publicationModule struct{}

func (publicationModule) Name() string { return "publication" }

func (publicationModule) Routes(api huma.API, d *Deps) { d.Publication.Routes(api) }
