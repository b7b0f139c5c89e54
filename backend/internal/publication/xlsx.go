package publication

import (
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// SheetName is the table's sheet; NotesSheet explains it.
const (
	SheetName  = "公示表"
	NotesSheet = "说明"
)

// Columns are the table's headings, in order (XLSX and PDF).
var Columns = []string{"序号", "医院编码", "医院名称", "DRG出院病例数", "提交申请", "受理", "批准·按项目付费", "批准·调整支付标准",
	"批准合计", "评审未通过", "不予受理", "撤回", "办理中", "限额", "已用限额", "核准金额（元）", "扣减金额（元）"}

// HeaderRow is the row of the headings in the table's sheet (1-based);
// the hospitals follow it, then the totals.
const HeaderRow = 4

// Title is the report's heading.
func Title(r *PublicationReport) string {
	p, err := ParsePeriod(r.Period)
	label := r.Period
	if err == nil {
		label = p.Label()
	}
	return r.RegionName + label + "特例单议情况公示"
}

// cells is a row of the table: numbers as numbers, amounts as numbers of
// yuan (two places), text made formula-safe.
func cells(i int, r PublicationRow) []any {
	no := any(i)
	if i == 0 {
		no = ""
	}
	var cap any = "—"
	if r.QuotaCap != nil {
		cap = *r.QuotaCap
	}
	return []any{no, safeCell(r.HospitalCode), safeCell(r.HospitalName), r.Discharges, r.Submitted, r.Accepted, r.ApprovedItemBased,
		r.ApprovedAdjustedStandard, r.Approved, r.Rejected, r.RejectedAtIntake, r.Withdrawn, r.Pending, cap, r.QuotaUsed,
		money(r.ApprovedAmount), money(r.Deductions)}
}

func money(s string) any {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return s
	}
	return d.InexactFloat64()
}

// safeCell neutralises spreadsheet formulas in text (= + - @ first).
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteXLSX writes the report as a workbook: the table (title, status
// line, headings, one row per hospital, the totals) and a sheet of notes.
// status says which version this is (第 2 版，… 发布).
func WriteXLSX(w io.Writer, r *PublicationReport, status string) error {
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", SheetName); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(Columns))
	set := func(cell string, v any) error { return x.SetCellValue(SheetName, cell, v) }
	if err := set("A1", Title(r)); err != nil {
		return err
	}
	if err := x.MergeCell(SheetName, "A1", last+"1"); err != nil {
		return err
	}
	line := fmt.Sprintf("统计期间：%s 至 %s；申请按提交日期计入；%s", r.From, r.To, status)
	if err := set("A2", line); err != nil {
		return err
	}
	if err := x.MergeCell(SheetName, "A2", last+"2"); err != nil {
		return err
	}
	titleStyle, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	if err != nil {
		return err
	}
	headStyle, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E6F4FF"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    []excelize.Border{{Type: "left", Style: 1}, {Type: "right", Style: 1}, {Type: "top", Style: 1}, {Type: "bottom", Style: 1}}})
	if err != nil {
		return err
	}
	fmtMoney := "#,##0.00"
	moneyStyle, err := x.NewStyle(&excelize.Style{CustomNumFmt: &fmtMoney})
	if err != nil {
		return err
	}
	totalStyle, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	totalMoneyStyle, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, CustomNumFmt: &fmtMoney})
	if err != nil {
		return err
	}
	if err := x.SetCellStyle(SheetName, "A1", "A1", titleStyle); err != nil {
		return err
	}
	head := make([]any, len(Columns))
	for i, c := range Columns {
		head[i] = c
	}
	row := HeaderRow
	put := func(v []any) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return x.SetSheetRow(SheetName, cell, &v)
	}
	if err := put(head); err != nil {
		return err
	}
	hc, _ := excelize.CoordinatesToCellName(1, HeaderRow)
	if err := x.SetCellStyle(SheetName, hc, fmt.Sprintf("%s%d", last, HeaderRow), headStyle); err != nil {
		return err
	}
	for i, h := range r.Hospitals {
		if err := put(cells(i+1, h)); err != nil {
			return err
		}
	}
	if err := put(cells(0, r.Totals)); err != nil {
		return err
	}
	first, lastRow := HeaderRow+1, row-1
	moneyFrom, _ := excelize.ColumnNumberToName(len(Columns) - 1)
	if lastRow > first {
		if err := x.SetCellStyle(SheetName, fmt.Sprintf("%s%d", moneyFrom, first), fmt.Sprintf("%s%d", last, lastRow-1), moneyStyle); err != nil {
			return err
		}
	}
	beforeMoney, _ := excelize.ColumnNumberToName(len(Columns) - 2)
	if err := x.SetCellStyle(SheetName, fmt.Sprintf("A%d", lastRow), fmt.Sprintf("%s%d", beforeMoney, lastRow), totalStyle); err != nil {
		return err
	}
	if err := x.SetCellStyle(SheetName, fmt.Sprintf("%s%d", moneyFrom, lastRow), fmt.Sprintf("%s%d", last, lastRow), totalMoneyStyle); err != nil {
		return err
	}
	widths := map[string]float64{"A": 6, "B": 16, "C": 30}
	for col, wd := range widths {
		if err := x.SetColWidth(SheetName, col, col, wd); err != nil {
			return err
		}
	}
	if err := x.SetColWidth(SheetName, "D", last, 12); err != nil {
		return err
	}
	if err := x.SetRowHeight(SheetName, HeaderRow, 32); err != nil {
		return err
	}
	if err := x.SetPanes(SheetName, &excelize.Panes{Freeze: true, YSplit: HeaderRow, TopLeftCell: fmt.Sprintf("A%d", HeaderRow+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}

	if _, err := x.NewSheet(NotesSheet); err != nil {
		return err
	}
	notes := [][]any{{"说明"}}
	for _, n := range r.Notes {
		notes = append(notes, []any{n.Text})
	}
	notes = append(notes, []any{""}, []any{"统筹地区：" + r.RegionCode + " " + r.RegionName},
		[]any{"数据读取时间（UTC）：" + r.BuiltAt.Format("2006-01-02 15:04:05")},
		[]any{fmt.Sprintf("限额规则：%s，费率 %s，%s，期间 %s（%s 有效）", r.Quota.Basis, r.Quota.Rate, r.Quota.Scope, r.Quota.Period, r.Quota.AsOf)})
	for i, n := range notes {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow(NotesSheet, cell, &n); err != nil {
			return err
		}
	}
	if err := x.SetColWidth(NotesSheet, "A", "A", 120); err != nil {
		return err
	}
	_, err = x.WriteTo(w)
	return err
}
