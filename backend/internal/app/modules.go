package app

import "github.com/danielgtaylor/huma/v2"

// modules lists Teyi's capabilities in the order they are wired.
func modules() []Module {
	return []Module{pricingModule{}, &casesModule{}}
}

// pricingModule serves the pricing parameter versions (Deps.Pricing).
type pricingModule struct{}

func (pricingModule) Name() string { return "pricing" }

func (pricingModule) Routes(api huma.API, d *Deps) { d.Pricing.Routes(api) }
