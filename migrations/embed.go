// Package migrations holds Teyi's schema as goose SQL files, the single source
// of truth for the database. Files are named NNNNN_description.sql with
// sequential five-digit versions; gorm never migrates.
package migrations

import "embed"

// FS holds the SQL files.
//
//go:embed *.sql
var FS embed.FS
