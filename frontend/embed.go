// Package frontend holds the built console (Vite output in dist/) so that the
// one teyi binary serves the API and the UI. dist/.keep is committed so this
// package compiles before `npm run build` has run.
package frontend

import "embed"

// Dist is the built single-page application; index.html is at dist/index.html.
//
//go:embed all:dist
var Dist embed.FS
