package decision

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func item(member string, ds ...Deduction) Vote {
	return Vote{Member: member, Choice: ApproveItemBased, Rationale: "病情危重，费用合理", Deductions: ds}
}

func adj(member string, weight, standard string) Vote {
	v := Vote{Member: member, Choice: ApproveAdjusted, Rationale: "建议调整支付标准"}
	if weight != "" {
		v.ProposedWeight = ptr(weight)
	}
	if standard != "" {
		v.ProposedStandard = ptr(standard)
	}
	return v
}

func reject(member string) Vote {
	return Vote{Member: member, Choice: Reject, Rationale: "不符合特例单议条件"}
}

func ded(key, amount string) Deduction {
	return Deduction{Key: key, Label: "项目" + key, Amount: dec(amount), Reason: "不合理：" + key}
}

func mustDecide(t *testing.T, size int, votes []Vote, rule Rule) Result {
	t.Helper()
	r, err := Decide(size, votes, rule)
	if err != nil {
		t.Fatalf("Decide: %v", err)
	}
	return r
}

func joined(r Result) string { return strings.Join(r.Explanation, "\n") }

func TestSimpleMajority(t *testing.T) {
	r := mustDecide(t, 3, []Vote{item("A"), item("B"), reject("C")}, DefaultRule())
	if r.Outcome != ApprovedItemBased || r.Tally != (Tally{Size: 3, Approve: 2, ItemBased: 2, Reject: 1}) {
		t.Fatalf("got %+v", r)
	}
	if !strings.Contains(joined(r), "3 名专家中 2 名同意（超过半数），1 名不同意。") {
		t.Errorf("explanation: %s", joined(r))
	}
	if r.RuleVersion != "2026.1" || !r.DeductionTotal.IsZero() || len(r.Deductions) != 0 {
		t.Errorf("got %+v", r)
	}

	r = mustDecide(t, 3, []Vote{item("A"), reject("B"), reject("C")}, DefaultRule())
	if r.Outcome != Rejected || !strings.Contains(joined(r), "不予通过") {
		t.Errorf("got %+v", r)
	}
}

func TestMissingVotesCountAsNotAgreeing(t *testing.T) {
	// 5 members, 2 approve, 3 did not vote: rejected.
	r := mustDecide(t, 5, []Vote{item("A"), adj("B", "1.2", "")}, DefaultRule())
	if r.Outcome != Rejected || r.Tally.Missing != 3 || r.Tally.Approve != 2 {
		t.Fatalf("got %+v", r)
	}
	if !strings.Contains(joined(r), "3 名未投票（视为不同意）") || !strings.Contains(joined(r), "2 名同意（未超过半数）") {
		t.Errorf("explanation: %s", joined(r))
	}
	// 5 members, 3 approve, 2 missing: approved.
	r = mustDecide(t, 5, []Vote{item("A"), item("B"), item("C")}, DefaultRule())
	if r.Outcome != ApprovedItemBased || r.Tally.Missing != 2 {
		t.Fatalf("got %+v", r)
	}
	// Nobody voted.
	r = mustDecide(t, 3, nil, DefaultRule())
	if r.Outcome != Rejected || r.Tally.Missing != 3 || !strings.Contains(joined(r), "无人同意") {
		t.Fatalf("got %+v", r)
	}
}

func TestTieBetweenForms(t *testing.T) {
	votes := []Vote{item("A", ded("x", "100")), item("B", ded("x", "80")), adj("C", "1.5", ""), adj("D", "1.3", "30000"), reject("E")}
	r := mustDecide(t, 5, votes, DefaultRule())
	if r.Outcome != ApprovedItemBased {
		t.Fatalf("default tie form: got %s", r.Outcome)
	}
	if !strings.Contains(joined(r), "同意票相同（各 2 票），按规则取按项目付费") {
		t.Errorf("explanation: %s", joined(r))
	}
	// Basis "approvers": 4 approving votes, "x" named by 2 — not more than half.
	if len(r.Deductions) != 0 {
		t.Errorf("deductions %v, want none under the approvers basis", r.Deductions)
	}
	// Basis "form": 2 item-based votes, both name "x": stands at the lower median 80.
	r = mustDecide(t, 5, votes, Rule{Version: "f", TieForm: ApproveItemBased, DeductionBasis: BasisForm})
	if len(r.Deductions) != 1 || !r.Deductions[0].Amount.Equal(dec("80")) || !r.DeductionTotal.Equal(dec("80")) {
		t.Errorf("deductions %v", r.Deductions)
	}
	// Tie form adjusted.
	r = mustDecide(t, 5, votes, Rule{Version: "a", TieForm: ApproveAdjusted})
	if r.Outcome != ApprovedAdjusted || r.ProposedWeight == nil || !r.ProposedWeight.Equal(dec("1.3")) ||
		r.ProposedStandard == nil || !r.ProposedStandard.Equal(dec("30000")) || len(r.Deductions) != 0 {
		t.Fatalf("got %+v", r)
	}
	if !strings.Contains(joined(r), "按规则取调整支付标准") {
		t.Errorf("explanation: %s", joined(r))
	}
}

func TestFormWithMoreVotes(t *testing.T) {
	r := mustDecide(t, 5, []Vote{adj("A", "1.8", ""), adj("B", "2.0", "50000"), item("C", ded("x", "1")), reject("D"), adj("E", "1.6", "")}, DefaultRule())
	if r.Outcome != ApprovedAdjusted {
		t.Fatalf("got %s", r.Outcome)
	}
	// Weights 1.6, 1.8, 2.0 → 1.8; one standard → 50000. No deductions for the adjusted form.
	if !r.ProposedWeight.Equal(dec("1.8")) || !r.ProposedStandard.Equal(dec("50000")) || len(r.Deductions) != 0 || !r.DeductionTotal.IsZero() {
		t.Fatalf("got %+v", r)
	}
	if !strings.Contains(joined(r), "按项目付费 1 票、调整支付标准 3 票") {
		t.Errorf("explanation: %s", joined(r))
	}
}

func TestDeductionsByMajorityAndMedian(t *testing.T) {
	votes := []Vote{
		item("C", ded("x", "90"), ded("z", "10")),
		item("A", Deduction{Key: "x", Label: "耗材甲", Amount: dec("100"), Reason: "A 的理由"}, ded("y", "50")),
		item("B", Deduction{Key: "x", Label: "耗材甲（B）", Amount: dec("120"), Reason: "B 的理由"}, ded("y", "70")),
	}
	r := mustDecide(t, 3, votes, DefaultRule())
	if r.Outcome != ApprovedItemBased || len(r.Deductions) != 2 {
		t.Fatalf("got %+v", r)
	}
	// x: 90, 100, 120 → 100; label and reason from A (first in member order).
	x, y := r.Deductions[0], r.Deductions[1]
	if x.Key != "x" || !x.Amount.Equal(dec("100")) || x.Label != "耗材甲" || x.Reason != "A 的理由" {
		t.Errorf("x = %+v", x)
	}
	// y: 50, 70 → lower median 50.
	if y.Key != "y" || !y.Amount.Equal(dec("50")) {
		t.Errorf("y = %+v", y)
	}
	if !r.DeductionTotal.Equal(dec("150")) {
		t.Errorf("total %s", r.DeductionTotal)
	}
	e := joined(r)
	for _, want := range []string{"“耗材甲”由 3 名专家提出，核减 ¥100.00（所提 ¥90.00、¥100.00、¥120.00 的中位数）", "“项目z”由 1 名专家提出，未超过半数，不予核减", "合计核减不合理费用 ¥150.00"} {
		if !strings.Contains(e, want) {
			t.Errorf("explanation lacks %q:\n%s", want, e)
		}
	}
}

func TestEvenCountLowerMedian(t *testing.T) {
	votes := []Vote{item("A", ded("k", "40")), item("B", ded("k", "10")), item("C", ded("k", "30")), item("D", ded("k", "20")), reject("E")}
	r := mustDecide(t, 5, votes, DefaultRule())
	if len(r.Deductions) != 1 || !r.Deductions[0].Amount.Equal(dec("20")) {
		t.Fatalf("got %v", r.Deductions)
	}
	// Weights 1.1, 1.4 → lower 1.1.
	r = mustDecide(t, 3, []Vote{adj("A", "1.4", ""), adj("B", "1.1", ""), reject("C")}, DefaultRule())
	if !r.ProposedWeight.Equal(dec("1.1")) || r.ProposedStandard != nil {
		t.Fatalf("got %+v", r)
	}
}

func TestDeductionBasisDiffers(t *testing.T) {
	// 3 item-based + 2 adjusted approvers; "x" named by 2 item-based voters.
	votes := []Vote{item("A", ded("x", "10")), item("B", ded("x", "20")), item("C"), adj("D", "1.2", ""), adj("E", "1.3", "")}
	r := mustDecide(t, 5, votes, DefaultRule()) // 2 of 5 approvers: no
	if r.Outcome != ApprovedItemBased || len(r.Deductions) != 0 {
		t.Fatalf("approvers basis: %+v", r)
	}
	if !strings.Contains(joined(r), "没有核减项获得超过半数专家的支持") {
		t.Errorf("explanation: %s", joined(r))
	}
	r = mustDecide(t, 5, votes, Rule{Version: "f", TieForm: ApproveItemBased, DeductionBasis: BasisForm}) // 2 of 3: yes
	if len(r.Deductions) != 1 || !r.Deductions[0].Amount.Equal(dec("10")) {
		t.Fatalf("form basis: %+v", r)
	}
	if !strings.Contains(joined(r), "核减项以按项目付费的同意票（3 票）中超过半数（至少 2 票）提出者为准") {
		t.Errorf("explanation: %s", joined(r))
	}
}

func TestOrderIndependentAndSortedByKey(t *testing.T) {
	a := []Vote{item("B", ded("zz", "5"), ded("aa", "7")), item("A", ded("aa", "9"), ded("zz", "3")), reject("C")}
	b := []Vote{a[2], a[0], a[1]}
	ra, rb := mustDecide(t, 3, a, DefaultRule()), mustDecide(t, 3, b, DefaultRule())
	ja, _ := json.Marshal(ra)
	jb, _ := json.Marshal(rb)
	if string(ja) != string(jb) {
		t.Fatalf("order changes the result:\n%s\n%s", ja, jb)
	}
	if len(ra.Deductions) != 2 || ra.Deductions[0].Key != "aa" || ra.Deductions[1].Key != "zz" {
		t.Fatalf("deductions %v", ra.Deductions)
	}
	if !ra.Deductions[0].Amount.Equal(dec("7")) || !ra.Deductions[1].Amount.Equal(dec("3")) {
		t.Errorf("medians: %v", ra.Deductions)
	}
	// The caller's slice is not reordered.
	if a[0].Member != "B" {
		t.Error("Decide reordered its input")
	}
}

func TestResultJSON(t *testing.T) {
	r := mustDecide(t, 3, []Vote{reject("A"), reject("B"), reject("C")}, DefaultRule())
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"outcome", "tally", "deductions", "deductionTotal", "ruleVersion", "explanation"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, b)
		}
	}
	if m["deductions"] == nil {
		t.Error("deductions must be [] not null")
	}
	if _, ok := m["proposedWeight"]; ok {
		t.Error("proposedWeight should be omitted")
	}
	var back Result
	if err := json.Unmarshal(b, &back); err != nil || back.Outcome != Rejected || back.Tally.Reject != 3 {
		t.Errorf("round trip: %+v %v", back, err)
	}
}

func TestDecideBadInput(t *testing.T) {
	ok := []Vote{item("A"), item("B"), reject("C")}
	cases := []struct {
		name  string
		size  int
		votes []Vote
		rule  Rule
	}{
		{"size 1", 1, nil, DefaultRule()},
		{"size 2", 2, nil, DefaultRule()},
		{"size 4", 4, ok, DefaultRule()},
		{"size 0", 0, nil, DefaultRule()},
		{"negative size", -3, nil, DefaultRule()},
		{"too many votes", 3, append(ok[:3:3], reject("D")), DefaultRule()},
		{"duplicate member", 3, []Vote{item("A"), reject("A")}, DefaultRule()},
		{"blank member", 3, []Vote{item(" ")}, DefaultRule()},
		{"invalid vote", 3, []Vote{{Member: "A", Choice: Reject}}, DefaultRule()},
		{"rule without version", 3, ok, Rule{TieForm: ApproveItemBased}},
		{"rule tie reject", 3, ok, Rule{Version: "x", TieForm: Reject}},
		{"rule tie empty", 3, ok, Rule{Version: "x"}},
		{"rule basis unknown", 3, ok, Rule{Version: "x", TieForm: ApproveItemBased, DeductionBasis: "majority"}},
	}
	for _, c := range cases {
		_, err := Decide(c.size, c.votes, c.rule)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v does not wrap ErrInvalid", c.name, err)
		}
	}
	_, err := Decide(3, []Vote{{Member: "A", Choice: Reject}}, DefaultRule())
	var ve *VoteError
	if !errors.As(err, &ve) || ve.Field != "rationale" || ve.Code != CodeRequired {
		t.Errorf("vote error not typed: %#v", err)
	}
	if err := (Rule{Version: "x", TieForm: ApproveAdjusted}).Validate(); err != nil {
		t.Errorf("empty basis should mean approvers: %v", err)
	}
	if err := DefaultRule().Validate(); err != nil {
		t.Error(err)
	}
}

func TestValidateVote(t *testing.T) {
	neg := dec("-1")
	zero := decimal.Zero
	cases := []struct {
		name  string
		v     Vote
		field string
		code  string
	}{
		{"unknown choice", Vote{Choice: "MAYBE", Rationale: "x"}, "choice", CodeInvalid},
		{"blank rationale", Vote{Choice: Reject, Rationale: " \n\t"}, "rationale", CodeRequired},
		{"long rationale", Vote{Choice: Reject, Rationale: strings.Repeat("理", MaxRationale+1)}, "rationale", CodeTooLong},
		{"reject with deduction", Vote{Choice: Reject, Rationale: "x", Deductions: []Deduction{ded("a", "1")}}, "deductions", CodeNotAllowed},
		{"reject with weight", Vote{Choice: Reject, Rationale: "x", ProposedWeight: ptr("1.2")}, "proposedWeight", CodeNotAllowed},
		{"reject with standard", Vote{Choice: Reject, Rationale: "x", ProposedStandard: ptr("100")}, "proposedStandard", CodeNotAllowed},
		{"item with weight", Vote{Choice: ApproveItemBased, Rationale: "x", ProposedWeight: ptr("1.2")}, "proposedWeight", CodeNotAllowed},
		{"adjusted with deduction", Vote{Choice: ApproveAdjusted, Rationale: "x", ProposedWeight: ptr("1.2"), Deductions: []Deduction{ded("a", "1")}}, "deductions", CodeNotAllowed},
		{"adjusted without proposal", Vote{Choice: ApproveAdjusted, Rationale: "x"}, "proposedWeight", CodeRequired},
		{"adjusted zero weight", Vote{Choice: ApproveAdjusted, Rationale: "x", ProposedWeight: &zero}, "proposedWeight", CodePositive},
		{"adjusted negative standard", Vote{Choice: ApproveAdjusted, Rationale: "x", ProposedStandard: &neg}, "proposedStandard", CodePositive},
		{"adjusted standard in fen fractions", Vote{Choice: ApproveAdjusted, Rationale: "x", ProposedStandard: ptr("100.005")}, "proposedStandard", CodePrecision},
		{"deduction without key", item("A", Deduction{Amount: dec("1"), Reason: "r"}), "deductions[0].key", CodeRequired},
		{"deduction zero", item("A", ded("a", "0")), "deductions[0].amount", CodePositive},
		{"deduction negative", item("A", ded("a", "1"), ded("b", "-5")), "deductions[1].amount", CodePositive},
		{"deduction three decimals", item("A", ded("a", "1.234")), "deductions[0].amount", CodePrecision},
		{"deduction without reason", item("A", Deduction{Key: "a", Amount: dec("1"), Reason: "  "}), "deductions[0].reason", CodeRequired},
		{"deduction long reason", item("A", Deduction{Key: "a", Amount: dec("1"), Reason: strings.Repeat("r", MaxReason+1)}), "deductions[0].reason", CodeTooLong},
		{"duplicate key", item("A", ded("a", "1"), ded("b", "2"), ded("a", "3")), "deductions[2].key", CodeDuplicate},
	}
	for _, c := range cases {
		err := ValidateVote(c.v)
		var ve *VoteError
		if !errors.As(err, &ve) {
			t.Errorf("%s: got %v, want a *VoteError", c.name, err)
			continue
		}
		if ve.Field != c.field || ve.Code != c.code || ve.Message == "" {
			t.Errorf("%s: got %+v, want field %s code %s", c.name, ve, c.field, c.code)
		}
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: does not wrap ErrInvalid", c.name)
		}
	}
	good := []Vote{
		item("A"),
		item("A", ded("a", "0.01"), ded("b", "1234.5")),
		adj("A", "1.25", ""),
		adj("A", "", "38000.00"),
		adj("A", "0.9", "12000"),
		reject("A"),
		{Choice: Reject, Rationale: strings.Repeat("理", MaxRationale)},
	}
	for i, v := range good {
		if err := ValidateVote(v); err != nil {
			t.Errorf("good vote %d: %v", i, err)
		}
	}
}

func TestYuan(t *testing.T) {
	for in, want := range map[string]string{"0": "¥0.00", "1234.5": "¥1,234.50", "999": "¥999.00", "1000000": "¥1,000,000.00", "12.345": "¥12.35", "-5": "-¥5.00"} {
		if got := yuan(dec(in)); got != want {
			t.Errorf("yuan(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestLabels(t *testing.T) {
	if ApprovedItemBased.Label() != "同意按项目付费" || Rejected.Label() != "不予通过" || !ApprovedAdjusted.Approved() || Rejected.Approved() {
		t.Error("outcome labels")
	}
	if Reject.Label() != "不同意" || Choice("x").Valid() {
		t.Error("choice labels")
	}
}

// TestReadmeExample pins the worked example of README.md.
func TestReadmeExample(t *testing.T) {
	d := func(key, label, amount string) Deduction {
		return Deduction{Key: key, Label: label, Amount: dec(amount), Reason: "不合理"}
	}
	votes := []Vote{
		item("A", d("f1", "耗材甲", "100.00"), d("f2", "检查乙", "50.00")),
		item("B", d("f1", "耗材甲", "120.00"), d("f2", "检查乙", "70.00")),
		item("C", d("f1", "耗材甲", "90.00"), d("f3", "药品丙", "10.00")),
		reject("D"),
	}
	r := mustDecide(t, 5, votes, DefaultRule())
	want := []string{
		"依据合议规则 2026.1：合议庭由 5 名专家组成，超过半数（至少 3 名）同意即为通过；未投票的专家视为不同意。",
		"5 名专家中 3 名同意（超过半数），1 名不同意，1 名未投票（视为不同意）。",
		"同意的专家一致主张按项目付费，决定按项目付费。",
		"核减项以同意票（3 票）中超过半数（至少 2 票）提出者为准：“耗材甲”由 3 名专家提出，核减 ¥100.00（所提 ¥90.00、¥100.00、¥120.00 的中位数）；“检查乙”由 2 名专家提出，核减 ¥50.00（所提 ¥50.00、¥70.00 的中位数，取较低者）；“药品丙”由 1 名专家提出，未超过半数，不予核减。",
		"合计核减不合理费用 ¥150.00。",
	}
	if strings.Join(r.Explanation, "\n") != strings.Join(want, "\n") {
		t.Errorf("explanation:\n%s\nwant:\n%s", strings.Join(r.Explanation, "\n"), strings.Join(want, "\n"))
	}
	if r.Outcome != ApprovedItemBased || !r.DeductionTotal.Equal(dec("150")) || len(r.Deductions) != 2 {
		t.Errorf("got %+v", r)
	}
}
