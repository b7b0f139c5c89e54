// Package policies holds Teyi's casbin model and rules, embedded in the
// binary. README.md shows the role × operation matrix generated from them
// (`go test ./policies/... -update` rewrites it; a test fails when stale).
package policies

import _ "embed"

// Model is the casbin model.
//
//go:embed model.conf
var Model string

// Policy is the casbin policy (CSV).
//
//go:embed policy.csv
var Policy string
