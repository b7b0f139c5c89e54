package letter

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/johnfercher/maroto/v2/pkg/components/code"
	"github.com/johnfercher/maroto/v2/pkg/components/col"
	"github.com/johnfercher/maroto/v2/pkg/components/line"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/consts/border"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/props"

	"teyi/backend/internal/platform/pdfdoc"
	"teyi/backend/internal/review/decision"
)

// Title is the letter's title.
const Title = "特例单议评审决定书"

var (
	grey      = &props.Color{Red: 100, Green: 100, Blue: 100}
	lightGrey = &props.Color{Red: 236, Green: 236, Blue: 236}
	accent    = &props.Color{Red: 150, Green: 20, Blue: 20}
)

// Render validates the letter and renders it as a PDF. The same Letter
// always gives the same bytes: the document dates are DecidedAt.
func Render(l Letter) ([]byte, error) {
	if err := l.Validate(); err != nil {
		return nil, err
	}
	m := pdfdoc.NewMarotoAt(Title+" "+l.ApplicationNo, l.DecidedAt)
	foot := footer(l)
	if err := m.RegisterFooter(foot...); err != nil {
		return nil, fmt.Errorf("letter: footer: %w", err)
	}
	f := pdfdoc.NewFlow(m, pdfdoc.Height(foot...))

	small := props.Text{Size: pdfdoc.SizeSmall, Color: grey}
	body := props.Text{Size: pdfdoc.SizeBody}
	bold := props.Text{Size: pdfdoc.SizeBody, Style: fontstyle.Bold}

	// Title block, with the QR code of the verification URL at the right.
	titleCol := col.New(8).Add(text.New(Title, props.Text{Size: pdfdoc.SizeTitle, Style: fontstyle.Bold, Align: align.Center, Color: accent, Top: 4}))
	if l.Final {
		titleCol.Add(text.New("（复核决定）", props.Text{Size: pdfdoc.SizeSubhead, Align: align.Center, Top: 14}))
	}
	titleCol.Add(text.New("申请编号："+l.ApplicationNo+"　　验证码："+l.Code, props.Text{Size: pdfdoc.SizeSmall, Align: align.Center, Color: grey, Top: 21}))
	right := col.New(2)
	if l.VerifyURL != "" {
		right.Add(code.NewQr(l.VerifyURL, props.Rect{Center: true, Percent: 92}))
	}
	f.Add(row.New(27).Add(col.New(2), titleCol, right))
	f.Add(row.New(4).Add(line.NewCol(12, props.Line{Color: accent, Thickness: 0.6})))

	// 一、案件信息, two fields a row.
	info := [][2]string{{"申请医院", l.HospitalName}}
	if l.RegionName != "" {
		info = append(info, [2]string{"统筹区", l.RegionName})
	}
	info = append(info, [2]string{"申请编号", l.ApplicationNo})
	if l.SettlementID != "" {
		info = append(info, [2]string{"结算编号", l.SettlementID})
	}
	if !l.DischargedOn.IsZero() {
		info = append(info, [2]string{"出院日期", Date(l.DischargedOn)})
	}
	if len(l.Types) > 0 {
		info = append(info, [2]string{"申请类型", strings.Join(l.Types, "、")})
	}
	var rows []core.Row
	labelStyle := props.Cell{BackgroundColor: lightGrey}
	for i := 0; i < len(info); i += 2 {
		cells := []pdfdoc.Cell{
			{Cols: 2, Text: info[i][0], Prop: props.Text{Color: grey}, Style: labelStyle},
			{Cols: 4, Text: Mask(info[i][1])},
		}
		if i+1 < len(info) {
			cells = append(cells,
				pdfdoc.Cell{Cols: 2, Text: info[i+1][0], Prop: props.Text{Color: grey}, Style: labelStyle},
				pdfdoc.Cell{Cols: 4, Text: Mask(info[i+1][1])})
		} else {
			cells[1].Cols = 10
		}
		rows = append(rows, pdfdoc.TableRows(cells, nil)...)
	}
	section(f, "一、案件信息", rows)

	// 二、评审决定
	rows = pdfdoc.Paragraph(DecisionText(l), props.Text{Size: pdfdoc.SizeLarge, Style: fontstyle.Bold})
	if l.ApprovedAmount != nil {
		rows = append(rows, pdfdoc.Paragraph("核定支付金额："+Yuan(*l.ApprovedAmount)+"。", body)...)
	}
	if l.Final {
		rows = append(rows, pdfdoc.Paragraph("本决定为复核决定，为最终决定。", bold)...)
	}
	section(f, "二、评审决定", rows)

	// 三、核减明细
	n := 3
	if l.Outcome == decision.ApprovedItemBased && len(l.Deductions) > 0 {
		hdr := props.Cell{BackgroundColor: lightGrey}
		rows = pdfdoc.TableRows([]pdfdoc.Cell{
			{Cols: 1, Text: "序号", Style: hdr, Prop: props.Text{Align: align.Center}},
			{Cols: 4, Text: "项目", Style: hdr},
			{Cols: 2, Text: "金额", Style: hdr, Prop: props.Text{Align: align.Right}},
			{Cols: 5, Text: "理由", Style: hdr},
		}, nil)
		for i, d := range l.Deductions {
			label := d.Label
			if strings.TrimSpace(label) == "" {
				label = d.Key
			}
			rows = append(rows, pdfdoc.TableRows([]pdfdoc.Cell{
				{Cols: 1, Text: strconv.Itoa(i + 1), Prop: props.Text{Align: align.Center}},
				{Cols: 4, Text: Mask(label)},
				{Cols: 2, Text: Yuan(d.Amount), Prop: props.Text{Align: align.Right}},
				{Cols: 5, Text: Mask(d.Reason)},
			}, nil)...)
		}
		rows = append(rows, pdfdoc.TableRows([]pdfdoc.Cell{
			{Cols: 5, Text: "合计", Style: hdr, Prop: props.Text{Align: align.Right}},
			{Cols: 2, Text: Yuan(l.DeductionTotal), Style: hdr, Prop: props.Text{Align: align.Right}},
			{Cols: 5, Text: "", Style: hdr},
		}, nil)...)
		section(f, numeral(n)+"、核减明细", rows)
		n++
	}

	// 专家意见
	intro := pdfdoc.Paragraph(fmt.Sprintf("本案由 %d 名专家组成合议庭评审，专家以代号列示。", len(l.Reasons)), small)
	for i, r := range l.Reasons {
		choice := "未在期限内投票（视为不同意）"
		if r.Choice != "" {
			choice = r.Choice.Label()
		}
		rows = []core.Row{row.New(pdfdoc.LineHeight(pdfdoc.SizeBody)+1).Add(
			text.NewCol(2, r.Expert, props.Text{Size: pdfdoc.SizeBody, Style: fontstyle.Bold, Top: 1.5}),
			text.NewCol(10, choice, props.Text{Size: pdfdoc.SizeBody, Top: 1.5}),
		)}
		if strings.TrimSpace(r.Rationale) != "" {
			rows = append(rows, pdfdoc.Paragraph(Mask(r.Rationale), props.Text{Size: pdfdoc.SizeBody, Left: pdfdoc.ColWidth(1)})...)
		}
		if i == 0 {
			section(f, numeral(n)+"、专家意见", append(intro, rows...))
		} else {
			keepStart(f, rows)
		}
	}
	n++

	// 依据与说明
	rows = pdfdoc.Paragraph(fmt.Sprintf(
		"本决定依据特例单议合议规则（版本 %s）作出：合议庭专家超过半数同意即为通过，未投票的专家视为不同意；付费方式与核减项按该规则确定。",
		l.RuleVersion), body)
	switch {
	case l.Final:
		rows = append(rows, pdfdoc.Paragraph("本决定为复核决定，为最终决定，不再受理复核申请。", body)...)
	case l.AppealDue != nil:
		rows = append(rows, pdfdoc.Paragraph("如有异议，可于 "+Date(*l.AppealDue)+" 前申请复核。", body)...)
	}
	section(f, numeral(n)+"、依据与说明", rows)

	// Verification box and signature side by side, kept together.
	f.KeepTogether(row.New(5), closing(l))

	doc, err := m.Generate()
	if err != nil {
		return nil, fmt.Errorf("letter: render: %w", err)
	}
	return doc.GetBytes(), nil
}

// section adds a heading and its rows, keeping the heading with the first
// rows of its content.
func section(f *pdfdoc.Flow, title string, rows []core.Row) {
	keepStart(f, append([]core.Row{heading(title)}, rows...))
}

// keepStart keeps the first three rows of a block together, then lets the
// rest flow.
func keepStart(f *pdfdoc.Flow, rows []core.Row) {
	k := min(3, len(rows))
	f.KeepTogether(rows[:k]...)
	f.Add(rows[k:]...)
}

func numeral(n int) string {
	numerals := []string{"一", "二", "三", "四", "五", "六", "七", "八", "九"}
	return numerals[n-1]
}

func heading(s string) core.Row {
	return row.New(10).Add(text.NewCol(12, s, props.Text{Size: pdfdoc.SizeSubhead, Style: fontstyle.Bold, Top: 3.5}))
}

// closing is the last row: the verification box at the left, the confirming
// unit and the decision date at the right.
func closing(l Letter) core.Row {
	const boxCols, signCols = 6, 6
	lines := []string{"验证码：" + l.Code}
	if l.VerifyURL != "" {
		lines = append(lines, "验证网址："+l.VerifyURL,
			"访问验证网址或扫描首页右上角的二维码，可核验本决定书的真实性与内容。")
	} else {
		lines = append(lines, "可在医保部门的决定书验证页面输入验证码，核验本决定书的真实性与内容。")
	}
	var box []core.Component
	top := 2.0
	for _, s := range lines {
		p := props.Text{Size: pdfdoc.SizeSmall, Left: 2.5, Right: 2.5, Top: top}
		if strings.HasPrefix(s, "验证码") {
			p.Size = pdfdoc.SizeLarge
			p.Style = fontstyle.Bold
		}
		for _, c := range pdfdoc.WrappedText(s, pdfdoc.ColWidth(boxCols), p) {
			box = append(box, c)
			top += pdfdoc.LineHeight(p.Size)
		}
	}
	boxH := top + 1.5

	var sign []core.Component
	stop := 4.0
	signP := props.Text{Size: pdfdoc.SizeBody, Align: align.Right}
	if l.ConfirmedBy != "" {
		p := signP
		p.Top = stop
		for _, c := range pdfdoc.WrappedText("确认单位："+Mask(l.ConfirmedBy), pdfdoc.ColWidth(signCols), p) {
			sign = append(sign, c)
			stop += pdfdoc.LineHeight(p.Size)
		}
	}
	p := signP
	p.Top = stop + 1
	sign = append(sign, text.New("决定日期："+Date(l.DecidedAt.In(ChinaTime)), p))
	stop += 1 + pdfdoc.LineHeight(p.Size)

	style := &props.Cell{BorderType: border.Full, BorderColor: grey, BorderThickness: 0.3}
	return row.New(max(boxH, stop)).Add(
		col.New(boxCols).Add(box...).WithStyle(style),
		col.New(signCols).Add(sign...),
	)
}

func footer(l Letter) []core.Row {
	return []core.Row{
		row.New(2).Add(line.NewCol(12, props.Line{Color: lightGrey, Thickness: 0.3})),
		row.New(5).Add(text.NewCol(12, Title+" · 申请编号 "+l.ApplicationNo+" · 验证码 "+l.Code,
			props.Text{Size: pdfdoc.SizeSmall - 1, Color: grey, Align: align.Center})),
	}
}
