package pdfdoc

import (
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/core"
)

// Flow adds rows to a document made by NewMaroto and keeps track of the
// position on the page as maroto will lay it out. This lets a group of rows
// stay together on one page (a heading with its first lines, a signature with
// the verification box). Every row given to a Flow must have a fixed height.
// All rows made by this package do (Paragraph, TableRows), and so does
// row.New(h) with h > 0. An auto-height row cannot be measured before
// rendering and panics.
type Flow struct {
	m      core.Maroto
	used   float64
	footer float64
}

// UsableHeight is the height of a page's content area in NewMaroto documents.
const UsableHeight = PageHeight - MarginTop - MarginBottom

// NewFlow starts a flow on an empty document m whose registered footer rows
// are footerHeight tall in total (0 without a footer).
func NewFlow(m core.Maroto, footerHeight float64) *Flow {
	return &Flow{m: m, footer: footerHeight}
}

// Height is the total height of fixed-height rows.
func Height(rows ...core.Row) float64 {
	h := 0.0
	for _, r := range rows {
		h += rowHeight(r)
	}
	return h
}

func rowHeight(r core.Row) float64 {
	h := r.GetHeight(nil, nil) // fixed-height rows return their height without a provider
	return h
}

// Add adds rows, following maroto's page breaks.
func (f *Flow) Add(rows ...core.Row) {
	for _, r := range rows {
		h := rowHeight(r)
		if f.used+h+f.footer <= UsableHeight {
			f.used += h
		} else {
			f.used = h
		}
		f.m.AddRows(r)
	}
}

// KeepTogether adds rows on one page: when they do not fit in the rest of the
// current page (but do fit on an empty one), it fills the page first.
func (f *Flow) KeepTogether(rows ...core.Row) {
	total := Height(rows...)
	if f.used > 0 && f.used+total+f.footer > UsableHeight && total+f.footer <= UsableHeight {
		if filler := UsableHeight - f.footer - f.used - 1e-6; filler > 0 {
			f.Add(row.New(filler))
		}
		// The next row starts a page.
	}
	f.Add(rows...)
}

// Remaining is the height left on the current page above the footer.
func (f *Flow) Remaining() float64 { return UsableHeight - f.footer - f.used }
