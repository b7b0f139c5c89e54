package app

import "github.com/danielgtaylor/huma/v2"

// modules lists Teyi's capabilities in the order they are wired.
func modules() []Module {
	cases := &casesModule{}
	return []Module{pricingModule{}, cases, settingsModule{}, &specialcaseModule{cases: cases}}
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
