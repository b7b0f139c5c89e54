package letter

import (
	"time"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/review/decision"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func dp(s string) *decimal.Decimal { x := d(s); return &x }

var (
	decidedAt = time.Date(2026, 6, 30, 9, 15, 0, 0, ChinaTime)
	appealDue = time.Date(2026, 7, 14, 0, 0, 0, 0, time.UTC)
)

// itemBased is a typical approved letter with deductions.
func itemBased() Letter {
	return Letter{
		Code:          "K7QM-3XPA-9TRD",
		VerifyURL:     "https://teyi.example.cn/verify/K7QM-3XPA-9TRD",
		RegionName:    "杭州市",
		HospitalName:  "杭州市第一人民医院",
		ApplicationNo: "TY-2026-000123",
		SettlementID:  "330100-2026-0456789",
		DischargedOn:  time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC),
		Types:         []string{"住院时间长", "费用极高"},
		Outcome:       decision.ApprovedItemBased,
		Deductions: []decision.Deduction{
			{Key: "fee-17", Label: "一次性使用吻合器", Amount: d("1034.50"), Reason: "同类耗材已计费，重复收费"},
			{Key: "fee-42", Label: "重组人血白蛋白注射液", Amount: d("200"), Reason: "用药指征不足，超出说明书适应症范围使用，且未见相关检验结果支持"},
		},
		DeductionTotal: d("1234.50"),
		ApprovedAmount: dp("186543.20"),
		Reasons: []Reason{
			{Expert: "专家A", Choice: decision.ApproveItemBased, Rationale: "患者因重症胰腺炎合并多器官功能衰竭入住重症监护病房，住院 62 天，病情危重，治疗必要，费用构成总体合理；吻合器重复收费应予核减。"},
			{Expert: "专家B", Choice: decision.ApproveItemBased, Rationale: "同意专家A意见。白蛋白使用缺乏指征。"},
			{Expert: "专家C", Choice: decision.Reject, Rationale: "住院时间偏长，部分时段可转入普通病房。"},
		},
		RuleVersion: "2026.1",
		DecidedAt:   decidedAt,
		ConfirmedBy: "杭州市医疗保障局 医保待遇审核处",
		AppealDue:   &appealDue,
	}
}
