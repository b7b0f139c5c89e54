package publication

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/johnfercher/maroto/v2/pkg/components/line"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/props"

	"teyi/backend/internal/platform/pdfdoc"
)

// ErrNoPDF is a report the PDF renderer could not lay out.
var ErrNoPDF = errors.New("the PDF of the report could not be made")

var (
	pdfGrey   = &props.Color{Red: 100, Green: 100, Blue: 100}
	pdfHeadBg = props.Cell{BackgroundColor: &props.Color{Red: 230, Green: 244, Blue: 255}}
	pdfTotBg  = props.Cell{BackgroundColor: &props.Color{Red: 240, Green: 240, Blue: 240}}
	pdfAccent = &props.Color{Red: 22, Green: 119, Blue: 255}
)

// pdfNumSize is the size of the tables' text: small enough that seven
// digits fit a one-twelfth column of A4 portrait.
const pdfNumSize = 8.0

type pdfCol struct {
	cols  int
	title string
	value func(r PublicationRow) string
}

func itoa(n int) string { return strconv.Itoa(n) }

// the two tables of the PDF (A4 portrait has twelve grid columns): the
// applications and their outcomes, then the quota and the amounts
var (
	pdfCounts = []pdfCol{
		{2, "医疗机构", func(r PublicationRow) string { return r.HospitalName }},
		{1, "DRG出院病例", func(r PublicationRow) string { return itoa(r.Discharges) }},
		{1, "提交申请", func(r PublicationRow) string { return itoa(r.Submitted) }},
		{1, "受理", func(r PublicationRow) string { return itoa(r.Accepted) }},
		{1, "批准·按项目付费", func(r PublicationRow) string { return itoa(r.ApprovedItemBased) }},
		{1, "批准·调整支付标准", func(r PublicationRow) string { return itoa(r.ApprovedAdjustedStandard) }},
		{1, "批准合计", func(r PublicationRow) string { return itoa(r.Approved) }},
		{1, "评审未通过", func(r PublicationRow) string { return itoa(r.Rejected) }},
		{1, "不予受理", func(r PublicationRow) string { return itoa(r.RejectedAtIntake) }},
		{1, "撤回", func(r PublicationRow) string { return itoa(r.Withdrawn) }},
		{1, "办理中", func(r PublicationRow) string { return itoa(r.Pending) }},
	}
	pdfMoney = []pdfCol{
		{4, "医疗机构", func(r PublicationRow) string { return r.HospitalName }},
		{2, "医院编码", func(r PublicationRow) string { return r.HospitalCode }},
		{1, "限额", func(r PublicationRow) string {
			if r.QuotaCap == nil {
				return "—"
			}
			return itoa(*r.QuotaCap)
		}},
		{1, "已用限额", func(r PublicationRow) string { return itoa(r.QuotaUsed) }},
		{2, "核准金额（元）", func(r PublicationRow) string { return yuan(r.ApprovedAmount) }},
		{2, "扣减金额（元）", func(r PublicationRow) string { return yuan(r.Deductions) }},
	}
)

// yuan groups a decimal string's thousands: 1234567.80 → 1,234,567.80.
func yuan(s string) string {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	whole, frac := s, ""
	for i := range s {
		if s[i] == '.' {
			whole, frac = s[:i], s[i:]
			break
		}
	}
	var out []byte
	for i := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, whole[i])
	}
	if neg {
		return "-" + string(out) + frac
	}
	return string(out) + frac
}

func tableRows(cols []pdfCol, r *PublicationRow, head bool, total bool) []core.Row {
	cells := make([]pdfdoc.Cell, len(cols))
	for i, c := range cols {
		p := props.Text{Size: pdfNumSize, Align: align.Right}
		if i == 0 || (c.title == "医院编码") {
			p.Align = align.Left
		}
		cell := pdfdoc.Cell{Cols: c.cols, Prop: p}
		switch {
		case head:
			cell.Text, cell.Style = c.title, pdfHeadBg
			cell.Prop.Align = align.Center
		default:
			cell.Text = c.value(*r)
			if total {
				cell.Style = pdfTotBg
			}
		}
		cells[i] = cell
	}
	return pdfdoc.TableRows(cells, nil)
}

// table adds a table to the flow: its heading row repeats on every page it
// continues on.
func table(f *pdfdoc.Flow, title string, cols []pdfCol, r *PublicationReport) {
	head := tableRows(cols, nil, true, false)
	heading := row.New(9).Add(text.NewCol(12, title, props.Text{Size: pdfdoc.SizeLarge, Style: fontstyle.Bold, Top: 3}))
	rows := make([][]core.Row, 0, len(r.Hospitals)+1)
	for i := range r.Hospitals {
		rows = append(rows, tableRows(cols, &r.Hospitals[i], false, false))
	}
	rows = append(rows, tableRows(cols, &r.Totals, false, true))
	f.KeepTogether(append(append([]core.Row{heading}, head...), rows[0]...)...)
	for _, rs := range rows[1:] {
		if f.Remaining() < pdfdoc.Height(rs...) {
			f.KeepTogether(append(append([]core.Row(nil), head...), rs...)...)
			continue
		}
		f.Add(rs...)
	}
}

// RenderPDF renders the report as an A4 Chinese document: the title, which
// version it is, the two tables and the notes. The same report always gives
// the same bytes (the document's dates are the report's build time).
func RenderPDF(r *PublicationReport, status string) ([]byte, error) {
	m := pdfdoc.NewMarotoAt(Title(r), r.BuiltAt)
	f := pdfdoc.NewFlow(m, 0)
	f.Add(row.New(12).Add(text.NewCol(12, Title(r), props.Text{Size: pdfdoc.SizeHeading, Style: fontstyle.Bold, Align: align.Center, Top: 2})))
	f.Add(pdfdoc.Paragraph(fmt.Sprintf("统计期间：%s 至 %s　统筹地区：%s（%s）", r.From, r.To, r.RegionName, r.RegionCode),
		props.Text{Size: pdfdoc.SizeSmall, Color: pdfGrey, Align: align.Center})...)
	f.Add(pdfdoc.Paragraph(status, props.Text{Size: pdfdoc.SizeSmall, Color: pdfGrey, Align: align.Center})...)
	f.Add(row.New(4).Add(line.NewCol(12, props.Line{Color: pdfAccent, Thickness: 0.5})))

	table(f, "一、申请与评审结果（件）", pdfCounts, r)
	table(f, "二、限额与核准金额", pdfMoney, r)

	notes := []core.Row{row.New(9).Add(text.NewCol(12, "三、说明", props.Text{Size: pdfdoc.SizeLarge, Style: fontstyle.Bold, Top: 3}))}
	for i, n := range r.Notes {
		notes = append(notes, pdfdoc.Paragraph(fmt.Sprintf("%d. %s", i+1, n.Text), props.Text{Size: pdfdoc.SizeSmall})...)
	}
	f.KeepTogether(notes[:min(3, len(notes))]...)
	f.Add(notes[min(3, len(notes)):]...)

	doc, err := m.Generate()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoPDF, err)
	}
	return doc.GetBytes(), nil
}
