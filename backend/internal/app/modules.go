package app

import (
	"github.com/danielgtaylor/huma/v2"

	"teyi/backend/internal/notify"
	"teyi/backend/internal/platform/queue"
)

// modules lists Teyi's capabilities in the order they are wired.
func modules() []Module {
	return []Module{pricingModule{}, &casesModule{}, notifyModule{}}
}

// pricingModule serves the pricing parameter versions (Deps.Pricing).
type pricingModule struct{}

func (pricingModule) Name() string { return "pricing" }

func (pricingModule) Routes(api huma.API, d *Deps) { d.Pricing.Routes(api) }

// notifyModule is the caller's notifications and their e-mail (Deps.Notify).
type notifyModule struct{}

func (notifyModule) Name() string { return "notify" }

func (notifyModule) Routes(api huma.API, d *Deps) { d.Notify.Routes(api) }

func (notifyModule) Tasks(mux *queue.Mux, d *Deps) {
	mux.Handle(notify.TaskEmail, d.Notify.HandleEmail)
}
