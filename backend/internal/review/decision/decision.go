// Package decision is the panel decision rule of issue 7 (domain.md §1.4
// item 8, §8): pure, no database, no clock. Package review collects the
// sealed votes of a closed panel and calls Decide with the panel size and
// the region's Rule; the Result (outcome, tally, consolidated deductions or
// proposed standard, and a Chinese explanation of every step) is shown to the
// bureau reviewer beside the votes and recorded with the rule version when the
// decision is confirmed. README.md documents the rule for reviewers.
package decision

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Choice is one expert's vote.
type Choice string

const (
	ApproveItemBased Choice = "APPROVE_ITEM_BASED"        // 同意，按项目付费（可核减不合理费用）
	ApproveAdjusted  Choice = "APPROVE_ADJUSTED_STANDARD" // 同意，调整支付标准（建议权重或支付标准）
	Reject           Choice = "REJECT"                    // 不同意
)

// Label is the Chinese name of the choice.
func (c Choice) Label() string {
	switch c {
	case ApproveItemBased:
		return "同意按项目付费"
	case ApproveAdjusted:
		return "同意调整支付标准"
	case Reject:
		return "不同意"
	}
	return string(c)
}

// Valid reports whether c is one of the three choices.
func (c Choice) Valid() bool {
	return c == ApproveItemBased || c == ApproveAdjusted || c == Reject
}

// Outcome is the panel's decision.
type Outcome string

const (
	ApprovedItemBased Outcome = "APPROVED_ITEM_BASED"
	ApprovedAdjusted  Outcome = "APPROVED_ADJUSTED_STANDARD"
	Rejected          Outcome = "REJECTED"
)

// Label is the Chinese name of the outcome.
func (o Outcome) Label() string {
	switch o {
	case ApprovedItemBased:
		return "同意按项目付费"
	case ApprovedAdjusted:
		return "同意调整支付标准"
	case Rejected:
		return "不予通过"
	}
	return string(o)
}

// Approved reports whether o approves the application.
func (o Outcome) Approved() bool { return o == ApprovedItemBased || o == ApprovedAdjusted }

// Deduction is a fee line or an amount judged unreasonable (核减). Key is the
// fee line id, or a free key chosen by the expert for an amount that is not
// one fee line; votes naming the same key name the same deduction.
type Deduction struct {
	Key    string          `json:"key"`
	Label  string          `json:"label"`
	Amount decimal.Decimal `json:"amount"`
	Reason string          `json:"reason"`
}

// Vote is one expert's sealed vote.
type Vote struct {
	Member           string           `json:"member"`
	Choice           Choice           `json:"choice"`
	Rationale        string           `json:"rationale"`
	Deductions       []Deduction      `json:"deductions"`
	ProposedWeight   *decimal.Decimal `json:"proposedWeight,omitempty"`
	ProposedStandard *decimal.Decimal `json:"proposedStandard,omitempty"`
}

// Deduction bases of Rule.DeductionBasis.
const (
	// BasisApprovers: a deduction stands when named by more than half of
	// all approving votes (both forms). The default.
	BasisApprovers = "approvers"
	// BasisForm: a deduction stands when named by more than half of the
	// votes for the decided form (the item-based votes).
	BasisForm = "form"
)

// Rule is the configurable part of the decision rule; Version is recorded
// with every decision.
type Rule struct {
	Version        string `json:"version"`
	TieForm        Choice `json:"tieForm"`
	DeductionBasis string `json:"deductionBasis"`
}

// DefaultRule is the rule of issue 7: the approving form with more votes,
// item-based on a tie; deductions named by a majority of the approvers.
func DefaultRule() Rule {
	return Rule{Version: "2026.1", TieForm: ApproveItemBased, DeductionBasis: BasisApprovers}
}

// ErrInvalid is wrapped by every error about bad input to Decide or
// Rule.Validate. Vote errors are *VoteError (also wrapping ErrInvalid).
var ErrInvalid = errors.New("decision: invalid input")

// Validate checks the rule: a version, a tie form that is one of the two
// approving choices, and a deduction basis of "approvers" or "form" (empty
// means "approvers").
func (r Rule) Validate() error {
	if strings.TrimSpace(r.Version) == "" {
		return fmt.Errorf("%w: 合议规则缺少版本号; rule has no version", ErrInvalid)
	}
	if r.TieForm != ApproveItemBased && r.TieForm != ApproveAdjusted {
		return fmt.Errorf("%w: 平票时的付费方式须为 %s 或 %s，而不是 %q; tie form must be an approving choice",
			ErrInvalid, ApproveItemBased, ApproveAdjusted, r.TieForm)
	}
	if r.DeductionBasis != "" && r.DeductionBasis != BasisApprovers && r.DeductionBasis != BasisForm {
		return fmt.Errorf("%w: 核减依据须为 %q 或 %q，而不是 %q; unknown deduction basis",
			ErrInvalid, BasisApprovers, BasisForm, r.DeductionBasis)
	}
	return nil
}

func (r Rule) basis() string {
	if r.DeductionBasis == "" {
		return BasisApprovers
	}
	return r.DeductionBasis
}

// Limits checked by ValidateVote.
const (
	MaxRationale  = 4000 // characters
	MaxDeductions = 500
	MaxKey        = 200
	MaxLabel      = 500
	MaxReason     = 2000
)

// Codes of VoteError.
const (
	CodeRequired   = "required"
	CodeTooLong    = "too_long"
	CodeNotAllowed = "not_allowed"
	CodeInvalid    = "invalid"
	CodePositive   = "must_be_positive"
	CodePrecision  = "precision"
	CodeDuplicate  = "duplicate"
	CodeTooMany    = "too_many"
)

// VoteError is a vote that cannot be cast: Field names the offending field as
// in the JSON ("rationale", "deductions[1].amount", "proposedWeight"), Code is
// one of the Code constants and Message a Chinese sentence for the expert.
type VoteError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *VoteError) Error() string { return e.Field + ": " + e.Message + " (" + e.Code + ")" }

// Unwrap makes errors.Is(err, ErrInvalid) hold.
func (e *VoteError) Unwrap() error { return ErrInvalid }

func voteErr(field, code, format string, args ...any) *VoteError {
	return &VoteError{Field: field, Code: code, Message: fmt.Sprintf(format, args...)}
}

// ValidateVote checks one vote and returns the first problem as a *VoteError:
// a known choice; a rationale that is not blank and at most MaxRationale
// characters; deductions only with APPROVE_ITEM_BASED, each with a key, an
// amount > 0 in yuan with at most two decimals and a reason, no key twice;
// APPROVE_ADJUSTED_STANDARD with a proposed weight or standard (> 0, at least
// one) and no deductions; REJECT with neither deductions nor proposals.
// Member is not checked here (the service sets it from the session); Decide
// requires it.
func ValidateVote(v Vote) error {
	if !v.Choice.Valid() {
		return voteErr("choice", CodeInvalid, "表决意见须为 %s、%s 或 %s", ApproveItemBased, ApproveAdjusted, Reject)
	}
	if strings.TrimSpace(v.Rationale) == "" {
		return voteErr("rationale", CodeRequired, "请填写评审理由")
	}
	if n := utf8.RuneCountInString(v.Rationale); n > MaxRationale {
		return voteErr("rationale", CodeTooLong, "评审理由不能超过 %d 字（现为 %d 字）", MaxRationale, n)
	}
	if v.Choice != ApproveItemBased && len(v.Deductions) > 0 {
		return voteErr("deductions", CodeNotAllowed, "只有“同意按项目付费”可以提出核减项")
	}
	if v.Choice != ApproveAdjusted {
		if v.ProposedWeight != nil {
			return voteErr("proposedWeight", CodeNotAllowed, "只有“同意调整支付标准”可以提出建议权重")
		}
		if v.ProposedStandard != nil {
			return voteErr("proposedStandard", CodeNotAllowed, "只有“同意调整支付标准”可以提出建议支付标准")
		}
	}
	if v.Choice == ApproveAdjusted {
		if v.ProposedWeight == nil && v.ProposedStandard == nil {
			return voteErr("proposedWeight", CodeRequired, "同意调整支付标准时，请提出建议权重或建议支付标准")
		}
		if v.ProposedWeight != nil && !v.ProposedWeight.IsPositive() {
			return voteErr("proposedWeight", CodePositive, "建议权重须大于 0")
		}
		if v.ProposedStandard != nil {
			if !v.ProposedStandard.IsPositive() {
				return voteErr("proposedStandard", CodePositive, "建议支付标准须大于 0")
			}
			if !isCents(*v.ProposedStandard) {
				return voteErr("proposedStandard", CodePrecision, "建议支付标准以元为单位，最多两位小数")
			}
		}
	}
	if len(v.Deductions) > MaxDeductions {
		return voteErr("deductions", CodeTooMany, "核减项不能超过 %d 项", MaxDeductions)
	}
	seen := make(map[string]int, len(v.Deductions))
	for i, d := range v.Deductions {
		f := fmt.Sprintf("deductions[%d]", i)
		switch {
		case strings.TrimSpace(d.Key) == "":
			return voteErr(f+".key", CodeRequired, "第 %d 项核减缺少项目标识", i+1)
		case utf8.RuneCountInString(d.Key) > MaxKey:
			return voteErr(f+".key", CodeTooLong, "第 %d 项核减的项目标识过长", i+1)
		case utf8.RuneCountInString(d.Label) > MaxLabel:
			return voteErr(f+".label", CodeTooLong, "第 %d 项核减的项目名称不能超过 %d 字", i+1, MaxLabel)
		case !d.Amount.IsPositive():
			return voteErr(f+".amount", CodePositive, "第 %d 项核减金额须大于 0", i+1)
		case !isCents(d.Amount):
			return voteErr(f+".amount", CodePrecision, "第 %d 项核减金额以元为单位，最多两位小数", i+1)
		case strings.TrimSpace(d.Reason) == "":
			return voteErr(f+".reason", CodeRequired, "请填写第 %d 项核减的理由", i+1)
		case utf8.RuneCountInString(d.Reason) > MaxReason:
			return voteErr(f+".reason", CodeTooLong, "第 %d 项核减的理由不能超过 %d 字", i+1, MaxReason)
		}
		if j, dup := seen[d.Key]; dup {
			return voteErr(f+".key", CodeDuplicate, "第 %d 项与第 %d 项核减为同一项目（%s）", i+1, j+1, d.Key)
		}
		seen[d.Key] = i
	}
	return nil
}

func isCents(d decimal.Decimal) bool { return d.Equal(d.Truncate(2)) }

// Tally counts the panel: Approve = ItemBased + Adjusted; Missing = members
// without a vote (counted as not agreeing).
type Tally struct {
	Size      int `json:"size"`
	Approve   int `json:"approve"`
	ItemBased int `json:"itemBased"`
	Adjusted  int `json:"adjusted"`
	Reject    int `json:"reject"`
	Missing   int `json:"missing"`
}

// Result is the panel's decision under a rule.
type Result struct {
	Outcome          Outcome          `json:"outcome"`
	Tally            Tally            `json:"tally"`
	Deductions       []Deduction      `json:"deductions"`
	DeductionTotal   decimal.Decimal  `json:"deductionTotal"`
	ProposedWeight   *decimal.Decimal `json:"proposedWeight,omitempty"`
	ProposedStandard *decimal.Decimal `json:"proposedStandard,omitempty"`
	RuleVersion      string           `json:"ruleVersion"`
	// Explanation has one Chinese sentence per step of the rule.
	Explanation []string `json:"explanation"`
}

// Decide applies the rule to the votes of a panel of size members (see
// README.md):
//
//   - size must be odd and at least 3; every vote must pass ValidateVote,
//     name a member, and no member may vote twice; there may be at most size
//     votes. Members without a vote count as not agreeing.
//   - Approved iff the approving votes are more than size/2.
//   - The form is the approving choice with more votes, rule.TieForm on a tie.
//   - Item-based: a deduction key stands when more than half of the basis
//     votes name it (basis: all approving votes, or those of the decided
//     form); its amount is the median of the amounts named for it (the lower
//     one of the middle two for an even count), its label and reason those
//     of the first vote naming it in member order (ascending Member).
//   - Adjusted: the proposed weight and standard are each the lower median of
//     the proposals of the adjusted-form approvers (nil when none proposed).
//
// Output is deterministic: it does not depend on the order of votes, and
// deductions are sorted by key.
func Decide(size int, votes []Vote, rule Rule) (Result, error) {
	if err := rule.Validate(); err != nil {
		return Result{}, err
	}
	if size < 3 || size%2 == 0 {
		return Result{}, fmt.Errorf("%w: 合议庭人数须为不少于 3 的奇数，而不是 %d; panel size must be odd and at least 3", ErrInvalid, size)
	}
	if len(votes) > size {
		return Result{}, fmt.Errorf("%w: 合议庭 %d 人却有 %d 张表决票; %d votes for a panel of %d", ErrInvalid, size, len(votes), len(votes), size)
	}
	sorted := append([]Vote(nil), votes...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Member < sorted[j].Member })
	for i, v := range sorted {
		if strings.TrimSpace(v.Member) == "" {
			return Result{}, fmt.Errorf("%w: 表决票缺少专家标识; a vote without member", ErrInvalid)
		}
		if i > 0 && sorted[i-1].Member == v.Member {
			return Result{}, fmt.Errorf("%w: 专家 %s 投了两次票; member %s voted twice", ErrInvalid, v.Member, v.Member)
		}
		if err := ValidateVote(v); err != nil {
			return Result{}, fmt.Errorf("专家 %s 的表决票无效; vote of %s: %w", v.Member, v.Member, err)
		}
	}

	t := Tally{Size: size, Missing: size - len(sorted)}
	for _, v := range sorted {
		switch v.Choice {
		case ApproveItemBased:
			t.ItemBased++
		case ApproveAdjusted:
			t.Adjusted++
		case Reject:
			t.Reject++
		}
	}
	t.Approve = t.ItemBased + t.Adjusted
	res := Result{Tally: t, Deductions: []Deduction{}, DeductionTotal: decimal.Zero, RuleVersion: rule.Version}
	need := size/2 + 1
	res.Explanation = append(res.Explanation, fmt.Sprintf(
		"依据合议规则 %s：合议庭由 %d 名专家组成，超过半数（至少 %d 名）同意即为通过；未投票的专家视为不同意。",
		rule.Version, size, need))
	res.Explanation = append(res.Explanation, tallySentence(t, need))
	if t.Approve < need {
		res.Outcome = Rejected
		res.Explanation = append(res.Explanation, "同意的专家未超过半数，决定不予通过。")
		return res, nil
	}

	form := rule.TieForm
	switch {
	case t.ItemBased > t.Adjusted:
		form = ApproveItemBased
	case t.Adjusted > t.ItemBased:
		form = ApproveAdjusted
	}
	res.Explanation = append(res.Explanation, formSentence(t, form))

	if form == ApproveAdjusted {
		res.Outcome = ApprovedAdjusted
		var weights, standards []decimal.Decimal
		for _, v := range sorted {
			if v.Choice != ApproveAdjusted {
				continue
			}
			if v.ProposedWeight != nil {
				weights = append(weights, *v.ProposedWeight)
			}
			if v.ProposedStandard != nil {
				standards = append(standards, *v.ProposedStandard)
			}
		}
		res.ProposedWeight = lowerMedian(weights)
		res.ProposedStandard = lowerMedian(standards)
		res.Explanation = append(res.Explanation, proposalSentence(t.Adjusted, weights, standards, res.ProposedWeight, res.ProposedStandard))
		return res, nil
	}

	res.Outcome = ApprovedItemBased
	basis := t.Approve
	basisName := "同意票"
	if rule.basis() == BasisForm {
		basis = t.ItemBased
		basisName = "按项目付费的同意票"
	}
	type agg struct {
		first   Deduction
		amounts []decimal.Decimal
	}
	byKey := map[string]*agg{}
	var keys []string
	for _, v := range sorted {
		if v.Choice != ApproveItemBased {
			continue
		}
		for _, d := range v.Deductions {
			a, ok := byKey[d.Key]
			if !ok {
				a = &agg{first: d}
				byKey[d.Key] = a
				keys = append(keys, d.Key)
			}
			a.amounts = append(a.amounts, d.Amount)
		}
	}
	sort.Strings(keys)
	if len(keys) == 0 {
		res.Explanation = append(res.Explanation, "同意按项目付费的专家均未提出核减项，不予核减。")
		return res, nil
	}
	needD := basis/2 + 1
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		a := byKey[k]
		name := a.first.Label
		if strings.TrimSpace(name) == "" {
			name = k
		}
		n := len(a.amounts)
		if n < needD {
			parts = append(parts, fmt.Sprintf("“%s”由 %d 名专家提出，未超过半数，不予核减", name, n))
			continue
		}
		amt := *lowerMedian(a.amounts)
		d := Deduction{Key: k, Label: a.first.Label, Amount: amt, Reason: a.first.Reason}
		res.Deductions = append(res.Deductions, d)
		res.DeductionTotal = res.DeductionTotal.Add(amt)
		parts = append(parts, fmt.Sprintf("“%s”由 %d 名专家提出，核减 %s%s", name, n, yuan(amt), medianNote(a.amounts, yuan)))
	}
	res.Explanation = append(res.Explanation, fmt.Sprintf(
		"核减项以%s（%d 票）中超过半数（至少 %d 票）提出者为准：%s。",
		basisName, basis, needD, strings.Join(parts, "；")))
	if len(res.Deductions) == 0 {
		res.Explanation = append(res.Explanation, "没有核减项获得超过半数专家的支持，不予核减。")
	} else {
		res.Explanation = append(res.Explanation, fmt.Sprintf("合计核减不合理费用 %s。", yuan(res.DeductionTotal)))
	}
	return res, nil
}

func tallySentence(t Tally, need int) string {
	var parts []string
	switch {
	case t.Approve == 0:
		parts = append(parts, "无人同意")
	case t.Approve >= need:
		parts = append(parts, fmt.Sprintf("%d 名同意（超过半数）", t.Approve))
	default:
		parts = append(parts, fmt.Sprintf("%d 名同意（未超过半数）", t.Approve))
	}
	if t.Reject > 0 {
		parts = append(parts, fmt.Sprintf("%d 名不同意", t.Reject))
	}
	if t.Missing > 0 {
		parts = append(parts, fmt.Sprintf("%d 名未投票（视为不同意）", t.Missing))
	}
	return fmt.Sprintf("%d 名专家中 %s。", t.Size, strings.Join(parts, "，"))
}

func formSentence(t Tally, form Choice) string {
	name := map[Choice]string{ApproveItemBased: "按项目付费", ApproveAdjusted: "调整支付标准"}[form]
	switch {
	case t.ItemBased == 0 || t.Adjusted == 0:
		return fmt.Sprintf("同意的专家一致主张%s，决定%s。", name, name)
	case t.ItemBased == t.Adjusted:
		return fmt.Sprintf("主张按项目付费与调整支付标准的同意票相同（各 %d 票），按规则取%s。", t.ItemBased, name)
	default:
		return fmt.Sprintf("同意票中按项目付费 %d 票、调整支付标准 %d 票，%s票数较多，决定%s。", t.ItemBased, t.Adjusted, name, name)
	}
}

func proposalSentence(n int, weights, standards []decimal.Decimal, w, s *decimal.Decimal) string {
	var parts []string
	if w != nil {
		parts = append(parts, fmt.Sprintf("建议权重 %s%s", w.String(), medianNote(weights, decimal.Decimal.String)))
	}
	if s != nil {
		parts = append(parts, fmt.Sprintf("建议支付标准 %s%s", yuan(*s), medianNote(standards, yuan)))
	}
	return fmt.Sprintf("调整后的标准取主张调整支付标准的 %d 名专家所提建议的中位数：%s。", n, strings.Join(parts, "；"))
}

// medianNote explains a median: "（所提 ¥90.00、¥100.00、¥120.00 的中位数）",
// "（所提 ¥50.00、¥70.00 的中位数，取较低者）", or nothing for one value.
func medianNote(ds []decimal.Decimal, format func(decimal.Decimal) string) string {
	if len(ds) < 2 {
		return ""
	}
	s := append([]decimal.Decimal(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i].LessThan(s[j]) })
	vals := make([]string, len(s))
	for i, d := range s {
		vals[i] = format(d)
	}
	if len(s)%2 == 0 {
		return "（所提 " + strings.Join(vals, "、") + " 的中位数，取较低者）"
	}
	return "（所提 " + strings.Join(vals, "、") + " 的中位数）"
}

// lowerMedian is the median of ds, the lower of the middle two for an even
// count; nil for none.
func lowerMedian(ds []decimal.Decimal) *decimal.Decimal {
	if len(ds) == 0 {
		return nil
	}
	s := append([]decimal.Decimal(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i].LessThan(s[j]) })
	m := s[(len(s)-1)/2]
	return &m
}

// yuan formats an amount as "¥1,234.50".
func yuan(d decimal.Decimal) string {
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
