// Package letter renders the decision letter (特例单议评审决定书) of issue 7: a
// Chinese A4 PDF (maroto v2, the CJK font of platform/pdfdoc). It contains
// the case reference, the decision, the deductions, the panel's reasons with
// the experts shown only as 专家A/B/C, the rule version, and a verification
// code with its URL and QR code. The public verification page resolves the
// code. The letter carries no patient data. The package is pure: the review
// service assembles a Letter from the confirmed decision, stores the code,
// and keeps or re-renders the bytes. Rendering is deterministic: the same
// Letter gives the same bytes.
package letter

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"teyi/backend/internal/review/decision"
)

// Reason is one expert's vote as the letter shows it. Expert is a seat label
// ("专家A", see ExpertLabel) and never a name. Choice is empty for a member
// who did not vote.
type Reason struct {
	Expert    string
	Choice    decision.Choice
	Rationale string
}

// Letter is everything a decision letter shows.
type Letter struct {
	Code      string // verification code (NewCode)
	VerifyURL string // e.g. https://host/verify/CODE; printed and as a QR code

	RegionName, HospitalName, ApplicationNo, SettlementID string
	DischargedOn                                          time.Time // a calendar date: its Y-M-D are printed as given
	Types                                                 []string  // Chinese labels of the application types

	Outcome          decision.Outcome
	Final            bool // the appeal's decision: "本决定为复核决定，为最终决定"
	Deductions       []decision.Deduction
	DeductionTotal   decimal.Decimal
	ProposedWeight   *decimal.Decimal
	ProposedStandard *decimal.Decimal
	ApprovedAmount   *decimal.Decimal

	Reasons     []Reason // one per panel member, in seat order
	RuleVersion string

	DecidedAt   time.Time  // confirmation time; printed as a date in China Standard Time
	ConfirmedBy string     // the bureau unit or reviewer title, no personal ID numbers
	AppealDue   *time.Time // last day to appeal (a calendar date); nil when Final
}

// ErrInvalid is wrapped by Render's errors about a Letter it refuses.
var ErrInvalid = errors.New("letter: invalid letter")

// ChinaTime is UTC+8, the zone of the dates on a letter (China has no DST).
var ChinaTime = time.FixedZone("CST", 8*3600)

var expertLabel = regexp.MustCompile(`^专家[A-Z]{1,2}$`)

// ExpertLabel is the seat label of the i-th member (0-based): 专家A … 专家Z,
// then 专家AA, 专家AB, ….
func ExpertLabel(i int) string {
	if i < 0 {
		i = 0
	}
	if i < 26 {
		return "专家" + string(rune('A'+i))
	}
	i -= 26
	return "专家" + string(rune('A'+(i/26)%26)) + string(rune('A'+i%26))
}

// Validate checks a letter before rendering. It checks the code, the outcome,
// the required case fields, the seat labels of the reasons (so that no name
// can appear), and whether deductions and proposals fit the outcome.
func (l Letter) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
	}
	if !ValidCode(l.Code) {
		return bad("验证码格式不正确 %q; malformed verification code", l.Code)
	}
	if l.VerifyURL != "" {
		u, err := url.Parse(l.VerifyURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return bad("验证网址须为 http(s) 绝对地址; verify URL must be an absolute http(s) URL")
		}
	}
	switch l.Outcome {
	case decision.ApprovedItemBased, decision.ApprovedAdjusted, decision.Rejected:
	default:
		return bad("未知的评审结果 %q; unknown outcome", l.Outcome)
	}
	if strings.TrimSpace(l.HospitalName) == "" || strings.TrimSpace(l.ApplicationNo) == "" {
		return bad("缺少申请医院或申请编号; hospital and application number are required")
	}
	if l.DecidedAt.IsZero() {
		return bad("缺少决定时间; decision time is required")
	}
	if strings.TrimSpace(l.RuleVersion) == "" {
		return bad("缺少合议规则版本; rule version is required")
	}
	if len(l.Reasons) == 0 {
		return bad("缺少专家意见; the panel's reasons are required")
	}
	seen := map[string]bool{}
	for i, r := range l.Reasons {
		if !expertLabel.MatchString(r.Expert) {
			return bad("第 %d 条专家意见的署名须为“专家A”形式，不得使用姓名; reason %d must be signed by a seat label like 专家A", i+1, i+1)
		}
		if seen[r.Expert] {
			return bad("%s 出现两次; %s appears twice", r.Expert, r.Expert)
		}
		seen[r.Expert] = true
		if r.Choice != "" && !r.Choice.Valid() {
			return bad("%s 的表决意见 %q 无效; invalid choice", r.Expert, r.Choice)
		}
	}
	if l.Outcome != decision.ApprovedItemBased && (len(l.Deductions) > 0 || !l.DeductionTotal.IsZero()) {
		return bad("只有同意按项目付费的决定可以有核减; deductions only with an item-based approval")
	}
	if l.Outcome != decision.ApprovedAdjusted && (l.ProposedWeight != nil || l.ProposedStandard != nil) {
		return bad("只有同意调整支付标准的决定可以有调整后的权重或标准; proposals only with an adjusted-standard approval")
	}
	if l.Outcome == decision.Rejected && l.ApprovedAmount != nil {
		return bad("不予通过的决定没有核定金额; a rejection has no approved amount")
	}
	sum := decimal.Zero
	for i, d := range l.Deductions {
		if !d.Amount.IsPositive() {
			return bad("第 %d 项核减金额须大于 0; deduction %d amount must be positive", i+1, i+1)
		}
		sum = sum.Add(d.Amount)
	}
	if len(l.Deductions) > 0 && !sum.Equal(l.DeductionTotal) {
		return bad("核减合计 %s 与明细之和 %s 不符; deduction total does not match the lines", l.DeductionTotal, sum)
	}
	if l.Final && l.AppealDue != nil {
		return bad("复核决定为最终决定，不能再申请复核; a final decision has no appeal date")
	}
	return nil
}

// DecisionText is the letter's one-sentence decision, e.g.
// "经专家合议，同意按项目付费，核减不合理费用 ¥1,234.50。",
// "经专家合议，同意调整支付标准，调整后权重为 1.85。" or "经专家合议，不予通过。".
func DecisionText(l Letter) string {
	switch l.Outcome {
	case decision.ApprovedItemBased:
		if l.DeductionTotal.IsPositive() {
			return "经专家合议，同意按项目付费，核减不合理费用 " + Yuan(l.DeductionTotal) + "。"
		}
		return "经专家合议，同意按项目付费，不核减费用。"
	case decision.ApprovedAdjusted:
		var parts []string
		if l.ProposedWeight != nil {
			parts = append(parts, "调整后权重为 "+l.ProposedWeight.String())
		}
		if l.ProposedStandard != nil {
			parts = append(parts, "调整后支付标准为 "+Yuan(*l.ProposedStandard))
		}
		if len(parts) == 0 {
			return "经专家合议，同意调整支付标准。"
		}
		return "经专家合议，同意调整支付标准，" + strings.Join(parts, "，") + "。"
	default:
		return "经专家合议，不予通过。"
	}
}

// Yuan formats an amount as "¥1,234.50".
func Yuan(d decimal.Decimal) string {
	s := d.StringFixed(2)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := "¥" + b.String() + "." + frac
	if neg {
		out = "-" + out
	}
	return out
}

// Date formats the calendar date of t as "2026年7月15日" (t's own Y-M-D).
func Date(t time.Time) string {
	y, m, d := t.Date()
	return fmt.Sprintf("%d年%d月%d日", y, int(m), d)
}

// Personal numbers masked in free text (rationales, reasons, labels, the
// confirming unit): PRC resident ID numbers and mainland mobile numbers.
var (
	idNumber     = regexp.MustCompile(`[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]`)
	mobileNumber = regexp.MustCompile(`1[3-9]\d{9}`)
)

// Mask replaces resident ID numbers and mobile numbers in s by
// "［已隐去］" (digit runs of other lengths are left alone).
func Mask(s string) string {
	mask := func(re *regexp.Regexp, s string) string {
		locs := re.FindAllStringIndex(s, -1)
		if locs == nil {
			return s
		}
		var b strings.Builder
		last := 0
		for _, loc := range locs {
			// Only whole digit runs: not part of a longer number.
			if (loc[0] > 0 && isDigit(s[loc[0]-1])) || (loc[1] < len(s) && isDigit(s[loc[1]])) {
				continue
			}
			b.WriteString(s[last:loc[0]])
			b.WriteString("［已隐去］")
			last = loc[1]
		}
		b.WriteString(s[last:])
		return b.String()
	}
	return mask(mobileNumber, mask(idNumber, s))
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// ReasonsFromVotes builds the letter's reasons for a panel: members are the
// panel's member ids in seat order, and votes are the votes cast (Vote.Member
// is one of members). The i-th member becomes ExpertLabel(i), and a member
// without a vote gets an empty Choice (printed as not having voted). No member
// id reaches the letter. A vote from a non-member is an error.
func ReasonsFromVotes(members []string, votes []decision.Vote) ([]Reason, error) {
	byMember := make(map[string]decision.Vote, len(votes))
	for _, v := range votes {
		byMember[v.Member] = v
	}
	out := make([]Reason, len(members))
	seat := make(map[string]bool, len(members))
	for i, m := range members {
		if seat[m] {
			return nil, fmt.Errorf("%w: 合议庭成员重复; member listed twice", ErrInvalid)
		}
		seat[m] = true
		out[i] = Reason{Expert: ExpertLabel(i)}
		if v, ok := byMember[m]; ok {
			out[i].Choice = v.Choice
			out[i].Rationale = v.Rationale
		}
	}
	for _, v := range votes {
		if !seat[v.Member] {
			return nil, fmt.Errorf("%w: 表决票不属于本合议庭成员; a vote from outside the panel", ErrInvalid)
		}
	}
	return out, nil
}

// ApplyResult copies a panel decision into the letter: outcome, deductions
// and their total, the proposed weight and standard, and the rule version.
func (l *Letter) ApplyResult(r decision.Result) {
	l.Outcome = r.Outcome
	l.Deductions = append([]decision.Deduction(nil), r.Deductions...)
	l.DeductionTotal = r.DeductionTotal
	l.ProposedWeight = r.ProposedWeight
	l.ProposedStandard = r.ProposedStandard
	l.RuleVersion = r.RuleVersion
}
