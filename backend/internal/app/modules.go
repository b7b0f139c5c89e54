package app

import (
	"github.com/danielgtaylor/huma/v2"

	"teyi/backend/internal/notify"
	"teyi/backend/internal/platform/queue"
)

// modules lists Teyi's capabilities in the order they are wired.
func modules() []Module {
	cases := &casesModule{}
	return []Module{pricingModule{}, cases, settingsModule{}, notifyModule{}, &specialcaseModule{cases: cases}}
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
