package casefile

import (
	"context"
	"encoding/csv"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"teyi/backend/internal/platform/audit"
	"teyi/backend/internal/platform/authz"
)

// MaxExportRows caps one export; a larger selection is cut and says so in
// its last row (filter by month or hospital to export the rest).
const MaxExportRows = 200000

// SafeCell neutralises spreadsheet formulas: a cell starting with = + - @
// (or a tab or carriage return) is prefixed with an apostrophe, so that a
// value from a settlement list can never run as a formula in Excel or WPS.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

var exportHeader = []string{"病例ID", "结算ID", "版本", "医院", "病案号", "姓名", "性别", "年龄", "出院科别", "入院时间", "出院时间",
	"住院天数", "主要诊断", "分组状态", "MDC", "DRG", "DRG名称", "权重", "总费用", "支付标准", "费用倍率", "病例类型", "DRG支付",
	"特例单议候选原因", "质控错误", "质控警告", "异地就医", "31天再入院"}

// Export writes the caller's cases that match f as an XLSX workbook to w,
// streamed page by page through the keyset list (memory stays flat), and
// records the export in the audit log.
func (s *Service) Export(ctx context.Context, f ListFilter, w io.Writer) (int, error) {
	if _, _, err := f.where(ctx); err != nil {
		return 0, err
	}
	x := excelize.NewFile()
	defer x.Close()
	sheet := "病例"
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return 0, err
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return 0, err
	}
	row := 1
	write := func(cells []any) error {
		name, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return sw.SetRow(name, cells)
	}
	head := make([]any, len(exportHeader))
	for i, h := range exportHeader {
		head[i] = h
	}
	if err := write(head); err != nil {
		return 0, err
	}
	n := 0
	f.Cursor, f.Limit = "", MaxPage
	truncated := false
	for {
		page, next, err := s.ListCases(ctx, f)
		if err != nil {
			return n, err
		}
		for _, c := range page {
			if n == MaxExportRows {
				truncated = true
				break
			}
			reasons := make([]string, len(c.Reasons))
			for i, r := range c.Reasons {
				reasons[i] = r.Title("zh")
			}
			sex := map[int]string{1: "男", 2: "女"}[c.Sex]
			dec := func(v *string) any {
				if v == nil {
					return ""
				}
				return *v
			}
			cells := []any{c.ID, SafeCell(c.SettlementID), c.Version, SafeCell(c.HospitalName), SafeCell(c.MRN), c.NameMask, sex, c.Age,
				SafeCell(c.DischargeDept), FormatTime(c.AdmittedAt), FormatTime(c.DischargedAt), c.LOS, SafeCell(c.PrincipalDx),
				c.GroupStatus, c.MDC, c.DRG, c.DRGName, dec(c.Weight), c.TotalCost,
				dec(c.PaymentStandard), dec(c.CostRatio),
				classTitle(c.PriceClass), dec(c.DRGPayment), strings.Join(reasons, "、"),
				c.QualityErrors, c.QualityWarnings, yesNo(c.CrossRegion), yesNo(c.Readmit31)}
			if err := write(cells); err != nil {
				return n, err
			}
			n++
		}
		if truncated || next == "" {
			break
		}
		f.Cursor = next
	}
	if truncated {
		if err := write([]any{"已截断：一次最多导出 200000 行，请按月份或医院筛选后分批导出 (truncated at 200,000 rows)"}); err != nil {
			return n, err
		}
	}
	if err := sw.Flush(); err != nil {
		return n, err
	}
	sc := authz.ScopeFrom(ctx)
	if err := s.Audit.Record(ctx, audit.Event{Action: "cases.export", ObjectType: "case", ObjectID: "",
		New: map[string]any{"rows": n, "month": f.Month, "hospital_id": f.HospitalID}, RegionCode: sc.RegionCode, HospitalID: sc.HospitalID}); err != nil {
		return n, err
	}
	_, err = x.WriteTo(w)
	return n, err
}

func classTitle(c string) string {
	switch c {
	case "normal":
		return "正常"
	case "high":
		return "高倍率"
	case "low":
		return "低倍率"
	}
	return "未定价"
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// WriteTemplate writes the import template: the header, the Chinese titles
// as a comment row is not possible in CSV, so CSV carries the header and
// one example; XLSX carries the header, the example and a second sheet
// explaining every column.
func WriteTemplate(w io.Writer, f Format) error {
	switch f {
	case FormatCSV:
		if _, err := w.Write([]byte("\ufeff")); err != nil {
			return err
		}
		cw := csv.NewWriter(w)
		cw.Write(HeaderRow())  //nolint:errcheck
		cw.Write(ExampleRow()) //nolint:errcheck
		cw.Flush()
		return cw.Error()
	case FormatXLSX:
		x := excelize.NewFile()
		defer x.Close()
		if err := x.SetSheetName("Sheet1", "结算清单"); err != nil {
			return err
		}
		toAny := func(ss []string) []any {
			out := make([]any, len(ss))
			for i, s := range ss {
				out[i] = s
			}
			return out
		}
		if err := x.SetSheetRow("结算清单", "A1", &[]any{}); err != nil {
			return err
		}
		head, ex := toAny(HeaderRow()), toAny(ExampleRow())
		if err := x.SetSheetRow("结算清单", "A1", &head); err != nil {
			return err
		}
		if err := x.SetSheetRow("结算清单", "A2", &ex); err != nil {
			return err
		}
		if _, err := x.NewSheet("说明"); err != nil {
			return err
		}
		hdr := []any{"字段", "名称", "必填", "示例"}
		if err := x.SetSheetRow("说明", "A1", &hdr); err != nil {
			return err
		}
		for i, c := range Columns {
			req := ""
			if c.Required {
				req = "是"
			}
			r := []any{c.Name, c.Title, req, c.Example}
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := x.SetSheetRow("说明", cell, &r); err != nil {
				return err
			}
		}
		_, err := x.WriteTo(w)
		return err
	}
	return ErrUnsupported
}
