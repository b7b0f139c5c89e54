// Package pdfdoc holds the PDF basics shared by Teyi's generated documents
// (decision letters, publication tables): an embedded CJK font under an open
// licence, a maroto v2 document preset for A4 Chinese documents, CJK-aware
// line wrapping (maroto only breaks lines at spaces) and a plain-text
// extractor used by tests and by verification checks.
//
// The font is WenQuanYi Micro Hei (文泉驿微米黑, Apache-2.0), see fonts/README.md.
package pdfdoc

import (
	"bytes"
	_ "embed"
	"sync"
	"time"

	"github.com/johnfercher/maroto/v2"
	"github.com/johnfercher/maroto/v2/pkg/config"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/consts/pagesize"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/core/entity"
	"github.com/johnfercher/maroto/v2/pkg/props"
	"github.com/phpdave11/gofpdf"
)

//go:embed fonts/wqy-microhei.ttf
var fontTTF []byte

const family = "wqymicrohei"

// Page geometry of NewMaroto, in millimetres (A4 portrait).
const (
	PageWidth    = 210.0
	PageHeight   = 297.0
	MarginLeft   = 20.0
	MarginRight  = 20.0
	MarginTop    = 18.0
	MarginBottom = 18.0
	// ContentWidth is the width of maroto's 12-column grid.
	ContentWidth = PageWidth - MarginLeft - MarginRight
	// GridSize is the number of grid columns (maroto's default).
	GridSize = 12
)

// Font sizes in points for Chinese official documents (二号, 三号, 四号, 小四, 五号, 小五).
const (
	SizeTitle    = 22.0
	SizeHeading  = 16.0
	SizeSubhead  = 14.0
	SizeLarge    = 12.0
	SizeBody     = 10.5
	SizeSmall    = 9.0
	PageNumberAt = "第 {current} 页 / 共 {total} 页"
)

// FontFamily is the family name under which the CJK font is registered in
// documents made by NewMaroto, in the styles fontstyle.Normal and
// fontstyle.Bold. The font has one weight, so "bold" text is set in the same
// regular outlines; use size for emphasis. Italic is not registered (it is not
// used in Chinese documents, and every registration costs gofpdf a parse of
// the whole font per document): a document using it fails to generate.
func FontFamily() string { return family }

// FontBytes returns the embedded TrueType font. Callers must not modify it,
// nor hand it to gofpdf directly (use CustomFonts, which copies).
func FontBytes() []byte { return fontTTF }

// CustomFonts lists the font registrations NewMaroto uses, for callers that
// build their own maroto config. Each call returns a fresh copy of the font
// bytes: gofpdf writes padding into the font slice it is given when it
// embeds the subset (utf8FontFile.generateChecksum appends to sub-slices),
// so documents generated concurrently must not share one slice.
func CustomFonts() []*entity.CustomFont {
	own := bytes.Clone(fontTTF)
	styles := []fontstyle.Type{fontstyle.Normal, fontstyle.Bold}
	out := make([]*entity.CustomFont, 0, len(styles))
	for _, s := range styles {
		out = append(out, &entity.CustomFont{Family: family, Style: s, Bytes: own})
	}
	return out
}

// Builder returns the config builder behind NewMaroto (A4, margins above, the
// CJK font as the default font, page numbers "第 N 页 / 共 M 页", UTF-8 title),
// so that a caller can add options such as WithCreationDate before Build.
func Builder(title string) config.Builder {
	b := config.NewBuilder().
		WithPageSize(pagesize.A4).
		WithLeftMargin(MarginLeft).
		WithRightMargin(MarginRight).
		WithTopMargin(MarginTop).
		WithBottomMargin(MarginBottom).
		WithCustomFonts(CustomFonts()).
		WithDefaultFont(&props.Font{Family: family, Style: fontstyle.Normal, Size: SizeBody, Color: &props.BlackColor}).
		WithPageNumber(props.PageNumber{Pattern: PageNumberAt, Place: props.Bottom, Family: family, Size: SizeSmall, Color: &props.Color{Red: 90, Green: 90, Blue: 90}}).
		WithCreator("Teyi", true)
	if title != "" {
		b = b.WithTitle(title, true)
	}
	return b
}

// NewMaroto returns a maroto v2 document with the CJK font registered as the
// default font, A4 portrait, 20 mm side and 18 mm top/bottom margins, and page
// numbers "第 N 页 / 共 M 页" at the bottom.
func NewMaroto(title string) core.Maroto {
	return maroto.New(Builder(title).Build())
}

// NewMarotoAt is NewMaroto with the document's creation and modification
// dates fixed to created, so that rendering the same content twice gives the
// same bytes (a stored digest of a letter stays valid when it is re-rendered).
func NewMarotoAt(title string, created time.Time) core.Maroto {
	return fixedDate{Maroto: maroto.New(Builder(title).WithCreationDate(created).Build()), at: created}
}

func init() {
	// Order the PDF's resource catalogs (gofpdf keeps fonts in a map), so
	// output does not depend on map iteration order.
	gofpdf.SetDefaultCatalogSort(true)
}

// fixedDate overrides gofpdf's ModDate, which maroto leaves at "now".
type fixedDate struct {
	core.Maroto
	at time.Time
}

func (f fixedDate) Generate() (core.Document, error) {
	doc, err := f.Maroto.Generate()
	if err != nil {
		return nil, err
	}
	b := doc.GetBytes()
	const key = "/ModDate (D:"
	if i := bytes.Index(b, []byte(key)); i >= 0 {
		stamp := f.at.Format("20060102150405") // same length as gofpdf's: offsets stay valid
		if j := i + len(key); j+len(stamp) <= len(b) {
			b = append([]byte(nil), b...)
			copy(b[j:], stamp)
		}
	}
	return core.NewPDF(b, doc.GetReport()), nil
}

// ColWidth is the width in millimetres of a grid column span of size cols.
func ColWidth(cols int) float64 {
	return ContentWidth * float64(cols) / GridSize
}

// measurer measures strings exactly as maroto's gofpdf provider does.
var measurer struct {
	once sync.Once
	mu   sync.Mutex
	pdf  *gofpdf.Fpdf
}

// TextWidth is the width in millimetres of s set in the CJK font at sizePt points.
func TextWidth(s string, sizePt float64) float64 {
	measurer.once.Do(func() {
		p := gofpdf.New("P", "mm", "A4", "")
		p.AddUTF8FontFromBytes(family, "", fontTTF)
		measurer.pdf = p
	})
	measurer.mu.Lock()
	defer measurer.mu.Unlock()
	measurer.pdf.SetFont(family, "", sizePt)
	return measurer.pdf.GetStringWidth(s)
}
