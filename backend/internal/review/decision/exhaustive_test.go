package decision

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// The exhaustive test: every assignment of {item-based, adjusted, reject,
// missing} to the members of panels of 3 and 5 (4^3 + 4^5 = 1088 panels),
// under four rules, decided by Decide and by the straightforward oracle
// below, which shares no code with decision.go.

const (
	cItem = iota
	cAdj
	cReject
	cMissing
)

var testRules = []Rule{
	DefaultRule(),
	{Version: "t-adj-form", TieForm: ApproveAdjusted, DeductionBasis: BasisForm},
	{Version: "t-item-form", TieForm: ApproveItemBased, DeductionBasis: BasisForm},
	{Version: "t-adj-approvers", TieForm: ApproveAdjusted, DeductionBasis: BasisApprovers},
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func ptr(s string) *decimal.Decimal { d := dec(s); return &d }

// member i's vote for choice c. Item-based voters name "common" (everyone),
// "even" (members 0, 2, 4), "low" (members 0 and 1) and a key of their own,
// with amounts that differ per member, so that majorities and medians vary
// across combinations. Adjusted voters propose a weight (not member 2) and a
// standard (even members, and member 2 always).
func testVote(i, c int) Vote {
	v := Vote{Member: fmt.Sprintf("m%d", i), Rationale: fmt.Sprintf("专家 %d 的理由", i)}
	switch c {
	case cItem:
		v.Choice = ApproveItemBased
		v.Deductions = append(v.Deductions, Deduction{Key: fmt.Sprintf("own-%d", i), Label: "自选", Amount: dec("1.01"), Reason: "理由 own"})
		v.Deductions = append(v.Deductions, Deduction{Key: "common", Label: fmt.Sprintf("床位费（m%d）", i), Amount: decimal.NewFromInt(int64(100 + 37*((i*3)%5))), Reason: fmt.Sprintf("理由 common m%d", i)})
		if i%2 == 0 {
			v.Deductions = append(v.Deductions, Deduction{Key: "even", Label: fmt.Sprintf("检查费（m%d）", i), Amount: dec(fmt.Sprintf("%d.50", 50-i*7)), Reason: fmt.Sprintf("理由 even m%d", i)})
		}
		if i < 2 {
			v.Deductions = append(v.Deductions, Deduction{Key: "low", Amount: decimal.NewFromInt(int64(10 + i)), Reason: "理由 low"})
		}
	case cAdj:
		v.Choice = ApproveAdjusted
		if i != 2 {
			w := dec(fmt.Sprintf("1.%d", (i*7)%10))
			v.ProposedWeight = &w
		}
		if i%2 == 0 {
			s := decimal.NewFromInt(int64(20000 - 1500*i))
			v.ProposedStandard = &s
		}
	case cReject:
		v.Choice = Reject
	}
	return v
}

// oracle decides by counting, without sorting or sharing helpers.
func oracle(size int, choices []int, rule Rule) Result {
	var items, adjs, rejects, missing int
	for _, c := range choices {
		switch c {
		case cItem:
			items++
		case cAdj:
			adjs++
		case cReject:
			rejects++
		case cMissing:
			missing++
		}
	}
	r := Result{
		Tally:          Tally{Size: size, Approve: items + adjs, ItemBased: items, Adjusted: adjs, Reject: rejects, Missing: missing},
		Deductions:     []Deduction{},
		DeductionTotal: decimal.Zero,
		RuleVersion:    rule.Version,
	}
	if 2*(items+adjs) <= size {
		r.Outcome = Rejected
		return r
	}
	form := rule.TieForm
	if items > adjs {
		form = ApproveItemBased
	} else if adjs > items {
		form = ApproveAdjusted
	}
	if form == ApproveAdjusted {
		r.Outcome = ApprovedAdjusted
		var ws, ss []decimal.Decimal
		for i, c := range choices {
			if c == cAdj {
				v := testVote(i, c)
				if v.ProposedWeight != nil {
					ws = append(ws, *v.ProposedWeight)
				}
				if v.ProposedStandard != nil {
					ss = append(ss, *v.ProposedStandard)
				}
			}
		}
		r.ProposedWeight = countingLowerMedian(ws)
		r.ProposedStandard = countingLowerMedian(ss)
		return r
	}
	r.Outcome = ApprovedItemBased
	basis := items + adjs
	if rule.DeductionBasis == BasisForm {
		basis = items
	}
	// Every key any member could name, in key order.
	for _, key := range []string{"common", "even", "low", "own-0", "own-1", "own-2", "own-3", "own-4"} {
		var amounts []decimal.Decimal
		var first *Deduction
		for i, c := range choices { // member order = index order (m0 < m1 < …)
			if c != cItem {
				continue
			}
			for _, d := range testVote(i, c).Deductions {
				if d.Key == key {
					if first == nil {
						d := d
						first = &d
					}
					amounts = append(amounts, d.Amount)
				}
			}
		}
		if 2*len(amounts) > basis {
			amt := *countingLowerMedian(amounts)
			r.Deductions = append(r.Deductions, Deduction{Key: key, Label: first.Label, Amount: amt, Reason: first.Reason})
			r.DeductionTotal = r.DeductionTotal.Add(amt)
		}
	}
	return r
}

// countingLowerMedian: the smallest value x such that at least half (rounded
// up) of the values are ≤ x.
func countingLowerMedian(ds []decimal.Decimal) *decimal.Decimal {
	if len(ds) == 0 {
		return nil
	}
	half := (len(ds) + 1) / 2
	var best *decimal.Decimal
	for _, x := range ds {
		n := 0
		for _, y := range ds {
			if y.LessThanOrEqual(x) {
				n++
			}
		}
		if n >= half && (best == nil || x.LessThan(*best)) {
			x := x
			best = &x
		}
	}
	return best
}

func sameDecimalPtr(a, b *decimal.Decimal) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

func compare(t *testing.T, name string, got, want Result) {
	t.Helper()
	var diffs []string
	if got.Outcome != want.Outcome {
		diffs = append(diffs, fmt.Sprintf("outcome %s, want %s", got.Outcome, want.Outcome))
	}
	if got.Tally != want.Tally {
		diffs = append(diffs, fmt.Sprintf("tally %+v, want %+v", got.Tally, want.Tally))
	}
	if got.RuleVersion != want.RuleVersion {
		diffs = append(diffs, "rule version")
	}
	if !got.DeductionTotal.Equal(want.DeductionTotal) {
		diffs = append(diffs, fmt.Sprintf("total %s, want %s", got.DeductionTotal, want.DeductionTotal))
	}
	if len(got.Deductions) != len(want.Deductions) {
		diffs = append(diffs, fmt.Sprintf("deductions %v, want %v", got.Deductions, want.Deductions))
	} else {
		for i := range got.Deductions {
			g, w := got.Deductions[i], want.Deductions[i]
			if g.Key != w.Key || g.Label != w.Label || g.Reason != w.Reason || !g.Amount.Equal(w.Amount) {
				diffs = append(diffs, fmt.Sprintf("deduction %d = %+v, want %+v", i, g, w))
			}
		}
	}
	if !sameDecimalPtr(got.ProposedWeight, want.ProposedWeight) {
		diffs = append(diffs, fmt.Sprintf("weight %v, want %v", got.ProposedWeight, want.ProposedWeight))
	}
	if !sameDecimalPtr(got.ProposedStandard, want.ProposedStandard) {
		diffs = append(diffs, fmt.Sprintf("standard %v, want %v", got.ProposedStandard, want.ProposedStandard))
	}
	if len(got.Explanation) < 3 {
		diffs = append(diffs, fmt.Sprintf("explanation too short: %q", got.Explanation))
	}
	if len(diffs) > 0 {
		t.Errorf("%s: %s", name, strings.Join(diffs, "; "))
	}
}

func TestEveryCombination(t *testing.T) {
	counts := map[Outcome]int{}
	ties := 0
	for _, size := range []int{3, 5} {
		combos := 1
		for i := 0; i < size; i++ {
			combos *= 4
		}
		for _, rule := range testRules {
			for n := 0; n < combos; n++ {
				choices := make([]int, size)
				var votes []Vote
				x := n
				for i := range choices {
					choices[i] = x % 4
					x /= 4
					if choices[i] != cMissing {
						votes = append(votes, testVote(i, choices[i]))
					}
				}
				// Pass the votes in reverse order: the result must not
				// depend on it.
				for i, j := 0, len(votes)-1; i < j; i, j = i+1, j-1 {
					votes[i], votes[j] = votes[j], votes[i]
				}
				got, err := Decide(size, votes, rule)
				if err != nil {
					t.Fatalf("size %d %v: %v", size, choices, err)
				}
				want := oracle(size, choices, rule)
				compare(t, fmt.Sprintf("size %d rule %s choices %v", size, rule.Version, choices), got, want)
				counts[got.Outcome]++
				if got.Outcome.Approved() && got.Tally.ItemBased == got.Tally.Adjusted {
					ties++
				}
			}
		}
	}
	// The combinations cover every outcome and ties between forms.
	if counts[ApprovedItemBased] == 0 || counts[ApprovedAdjusted] == 0 || counts[Rejected] == 0 || ties == 0 {
		t.Errorf("coverage: %v, ties %d", counts, ties)
	}
	if total := counts[ApprovedItemBased] + counts[ApprovedAdjusted] + counts[Rejected]; total != 4*(64+1024) {
		t.Errorf("decided %d panels, want %d", total, 4*(64+1024))
	}
}
