package letter

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"teyi/backend/internal/platform/pdfdoc"
	"teyi/backend/internal/review/decision"
)

// flat is the extracted text without whitespace and page numbers, so that
// sentences wrapped over lines or pages can be searched whole.
func flat(s string) string {
	s = regexp.MustCompile(`第 \d+ 页 / 共 \d+ 页`).ReplaceAllString(s, "")
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\n', '\f', '\t':
			return -1
		}
		return r
	}, s)
}

func renderText(t *testing.T, l Letter) (raw, text string) {
	t.Helper()
	pdf, err := Render(l)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	raw, err = pdfdoc.ExtractText(pdf)
	if err != nil {
		t.Fatalf("ExtractText: %v", err)
	}
	return raw, flat(raw)
}

func contains(t *testing.T, name, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, flat(w)) {
			t.Errorf("%s: text lacks %q\n%s", name, w, text)
		}
	}
}

func TestRenderEachOutcome(t *testing.T) {
	adjusted := itemBased()
	adjusted.Outcome = decision.ApprovedAdjusted
	adjusted.Deductions, adjusted.DeductionTotal = nil, d("0")
	adjusted.ProposedWeight, adjusted.ProposedStandard = dp("1.85"), dp("38000")
	adjusted.ApprovedAmount = dp("38000")
	adjusted.Reasons = []Reason{
		{Expert: "专家A", Choice: decision.ApproveAdjusted, Rationale: "建议提高权重。"},
		{Expert: "专家B", Choice: decision.ApproveAdjusted, Rationale: "同意调整。"},
		{Expert: "专家C", Choice: decision.ApproveItemBased, Rationale: "可按项目付费。"},
	}

	noDeduction := itemBased()
	noDeduction.Deductions, noDeduction.DeductionTotal = nil, d("0")

	rejected := itemBased()
	rejected.Outcome = decision.Rejected
	rejected.Deductions, rejected.DeductionTotal, rejected.ApprovedAmount = nil, d("0"), nil
	rejected.Reasons = []Reason{
		{Expert: "专家A", Choice: decision.Reject, Rationale: "不符合条件。"},
		{Expert: "专家B", Choice: decision.ApproveItemBased, Rationale: "病情复杂。"},
		{Expert: "专家C", Rationale: ""}, // did not vote
	}

	final := rejected
	final.Final, final.AppealDue = true, nil
	final.Code = "A2B3-C4D5-E6F7"
	final.VerifyURL = "https://teyi.example.cn/verify/A2B3-C4D5-E6F7"

	cases := []struct {
		name  string
		l     Letter
		wants []string
		not   []string
	}{
		{"item-based with deductions", itemBased(), []string{
			"经专家合议，同意按项目付费，核减不合理费用 ¥1,234.50。",
			"核减明细", "项目", "金额", "理由", "一次性使用吻合器", "¥1,034.50", "同类耗材已计费，重复收费",
			"重组人血白蛋白注射液", "用药指征不足，超出说明书适应症范围使用，且未见相关检验结果支持",
			"合计", "核定支付金额：¥186,543.20。",
			"如有异议，可于 2026年7月14日 前申请复核。",
		}, []string{"最终决定"}},
		{"item-based without deductions", noDeduction, []string{"经专家合议，同意按项目付费，不核减费用。"}, []string{"核减明细"}},
		{"adjusted", adjusted, []string{
			"经专家合议，同意调整支付标准，调整后权重为 1.85，调整后支付标准为 ¥38,000.00。",
			"专家A同意调整支付标准", "专家C同意按项目付费",
		}, []string{"核减明细", "核减不合理费用"}},
		{"rejected", rejected, []string{"经专家合议，不予通过。", "专家C未在期限内投票（视为不同意）", "如有异议，可于 2026年7月14日 前申请复核。"}, []string{"最终决定", "核定支付金额"}},
		{"final", final, []string{"（复核决定）", "经专家合议，不予通过。", "本决定为复核决定，为最终决定。", "A2B3-C4D5-E6F7"}, []string{"如有异议", "K7QM-3XPA-9TRD"}},
	}
	for _, c := range cases {
		raw, text := renderText(t, c.l)
		common := []string{
			Title, "案件信息", "杭州市第一人民医院", "TY-2026-000123", "330100-2026-0456789", "2026年3月5日",
			"住院时间长、费用极高", "杭州市", "专家意见", "专家A", "专家B", "专家C",
			"特例单议合议规则（版本 2026.1）",
			"确认单位：杭州市医疗保障局 医保待遇审核处", "决定日期：2026年6月30日",
			"验证码：" + c.l.Code, "验证网址：" + c.l.VerifyURL,
		}
		contains(t, c.name, text, append(common, c.wants...)...)
		for _, n := range c.not {
			if strings.Contains(text, flat(n)) {
				t.Errorf("%s: text should not contain %q", c.name, n)
			}
		}
		if !strings.Contains(raw, c.l.Code) {
			t.Errorf("%s: the code is not printed on one line", c.name)
		}
		if strings.ContainsRune(raw, '\uFFFD') {
			t.Errorf("%s: undecodable text", c.name)
		}
		if !strings.Contains(raw, "第 1 页 / 共 1 页") {
			t.Errorf("%s: expected a one-page letter with a page number", c.name)
		}
	}
}

func TestDecisionText(t *testing.T) {
	l := itemBased()
	if got := DecisionText(l); got != "经专家合议，同意按项目付费，核减不合理费用 ¥1,234.50。" {
		t.Errorf("got %q", got)
	}
	l.Outcome, l.ProposedWeight = decision.ApprovedAdjusted, dp("2.1")
	if got := DecisionText(l); got != "经专家合议，同意调整支付标准，调整后权重为 2.1。" {
		t.Errorf("got %q", got)
	}
	l.Outcome = decision.Rejected
	if got := DecisionText(l); got != "经专家合议，不予通过。" {
		t.Errorf("got %q", got)
	}
}

func TestNoExpertNamesLeak(t *testing.T) {
	// The panel as the review service knows it: real names as member ids.
	members := []string{"王建国", "李秀英", "张伟"}
	votes := []decision.Vote{
		{Member: "张伟", Choice: decision.Reject, Rationale: "住院时间偏长。"},
		{Member: "王建国", Choice: decision.ApproveItemBased, Rationale: "病情危重，治疗必要。",
			Deductions: []decision.Deduction{{Key: "fee-1", Label: "吻合器", Amount: d("100"), Reason: "重复收费"}}},
		{Member: "李秀英", Choice: decision.ApproveItemBased, Rationale: "同意。",
			Deductions: []decision.Deduction{{Key: "fee-1", Label: "吻合器", Amount: d("80"), Reason: "重复收费"}}},
	}
	res, err := decision.Decide(3, votes, decision.DefaultRule())
	if err != nil {
		t.Fatal(err)
	}
	reasons, err := ReasonsFromVotes(members, votes)
	if err != nil {
		t.Fatal(err)
	}
	l := itemBased()
	l.ApplyResult(res)
	l.Reasons = reasons
	for _, r := range l.Reasons {
		if !regexp.MustCompile(`^专家[A-Z]$`).MatchString(r.Expert) {
			t.Fatalf("reason carries %q, not a seat letter", r.Expert)
		}
	}
	_, text := renderText(t, l)
	for _, name := range members {
		if strings.Contains(text, name) {
			t.Errorf("expert name %q leaked into the letter", name)
		}
	}
	// Seat order: 王建国 → 专家A (item-based), 李秀英 → 专家B, 张伟 → 专家C (reject).
	contains(t, "names", text, "专家A同意按项目付费病情危重，治疗必要。", "专家B同意按项目付费同意。", "专家C不同意住院时间偏长。",
		"经专家合议，同意按项目付费，核减不合理费用 ¥80.00。")

	// A reason signed with a name is refused.
	l.Reasons[1].Expert = "李秀英"
	if _, err := Render(l); !errors.Is(err, ErrInvalid) {
		t.Errorf("a named reason rendered: %v", err)
	}
	// A vote from outside the panel is refused.
	if _, err := ReasonsFromVotes(members[:2], votes); !errors.Is(err, ErrInvalid) {
		t.Errorf("outside vote accepted: %v", err)
	}
	// A member who did not vote is listed without a choice.
	rs, err := ReasonsFromVotes(append(members, "赵敏"), votes)
	if err != nil || len(rs) != 4 || rs[3].Expert != "专家D" || rs[3].Choice != "" {
		t.Errorf("missing member: %+v %v", rs, err)
	}
}

func TestPersonalNumbersMasked(t *testing.T) {
	l := itemBased()
	l.Reasons[0].Rationale = "患者身份证号 33010219800101123X，联系电话 13912345678，住院号 20260305001。"
	l.ConfirmedBy = "审核员 330102198001011234"
	_, text := renderText(t, l)
	for _, leak := range []string{"33010219800101123X", "13912345678", "330102198001011234"} {
		if strings.Contains(text, leak) {
			t.Errorf("%s printed", leak)
		}
	}
	contains(t, "mask", text, "患者身份证号［已隐去］，联系电话［已隐去］，住院号 20260305001。")
	if got := Mask("金额 12345678901234567890 元"); got != "金额 12345678901234567890 元" {
		t.Errorf("a long digit run was masked: %q", got)
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	a, err := Render(itemBased())
	if err != nil {
		t.Fatal(err)
	}
	b, err := Render(itemBased())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("the same letter rendered to different bytes")
	}
	if len(a) > 200<<10 {
		t.Errorf("letter is %d bytes; the font should be subset", len(a))
	}
}

func TestLongLetterSpansPages(t *testing.T) {
	l := itemBased()
	l.Reasons = nil
	long := strings.Repeat("该患者病情复杂，多次抢救，治疗过程符合诊疗规范。", 150) // ~3,600 characters
	for i := 0; i < 5; i++ {
		l.Reasons = append(l.Reasons, Reason{Expert: ExpertLabel(i), Choice: decision.ApproveItemBased, Rationale: long})
	}
	for i := 0; i < 40; i++ {
		l.Deductions = append(l.Deductions, decision.Deduction{Key: "k", Label: "项目", Amount: d("1"), Reason: "理由"})
	}
	l.DeductionTotal = d("1234.50").Add(d("40"))
	raw, text := renderText(t, l)
	pages := strings.Count(raw, "\f") + 1
	if pages < 5 {
		t.Fatalf("expected several pages, got %d", pages)
	}
	for p := 1; p <= pages; p++ {
		if !strings.Contains(raw, "第 "+strconv.Itoa(p)+" 页 / 共 "+strconv.Itoa(pages)+" 页") {
			t.Errorf("page %d has no page number", p)
		}
	}
	body := strings.ReplaceAll(text, flat(Title+" · 申请编号 "+l.ApplicationNo+" · 验证码 "+l.Code), "") // the footers
	if c := strings.Count(body, "该患者病情复杂，多次抢救，治疗过程符合诊疗规范。"); c != 750 {
		t.Errorf("found %d of 750 sentences of the rationales", c)
	}
	// The footer with the code is on every page.
	if c := strings.Count(raw, "验证码 "+l.Code); c != pages {
		t.Errorf("footer with the code on %d of %d pages", c, pages)
	}
	contains(t, "long", text, "专家E", "合计", "¥1,274.50")
}

func TestValidate(t *testing.T) {
	due := time.Date(2026, 7, 14, 0, 0, 0, 0, time.UTC)
	cases := map[string]func(*Letter){
		"bad code":              func(l *Letter) { l.Code = "K7QM-3XPA-9TR0" },
		"no code":               func(l *Letter) { l.Code = "" },
		"relative url":          func(l *Letter) { l.VerifyURL = "/verify/K7QM-3XPA-9TRD" },
		"javascript url":        func(l *Letter) { l.VerifyURL = "javascript:alert(1)" },
		"unknown outcome":       func(l *Letter) { l.Outcome = "APPROVED" },
		"no hospital":           func(l *Letter) { l.HospitalName = " " },
		"no application":        func(l *Letter) { l.ApplicationNo = "" },
		"no decision time":      func(l *Letter) { l.DecidedAt = time.Time{} },
		"no rule version":       func(l *Letter) { l.RuleVersion = "" },
		"no reasons":            func(l *Letter) { l.Reasons = nil },
		"named expert":          func(l *Letter) { l.Reasons[0].Expert = "王建国" },
		"expert with id":        func(l *Letter) { l.Reasons[0].Expert = "专家 u-123" },
		"duplicate seat":        func(l *Letter) { l.Reasons[1].Expert = "专家A" },
		"bad choice":            func(l *Letter) { l.Reasons[0].Choice = "MAYBE" },
		"deductions on reject":  func(l *Letter) { l.Outcome = decision.Rejected; l.ApprovedAmount = nil },
		"weight on item-based":  func(l *Letter) { l.ProposedWeight = dp("1.2") },
		"amount on reject":      func(l *Letter) { l.Outcome, l.Deductions, l.DeductionTotal = decision.Rejected, nil, d("0") },
		"total mismatch":        func(l *Letter) { l.DeductionTotal = d("1000") },
		"non-positive line":     func(l *Letter) { l.Deductions[0].Amount = d("0"); l.DeductionTotal = d("200") },
		"final with appeal due": func(l *Letter) { l.Final, l.AppealDue = true, &due },
	}
	for name, mutate := range cases {
		l := itemBased()
		mutate(&l)
		if _, err := Render(l); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: got %v, want ErrInvalid", name, err)
		}
	}
	if err := itemBased().Validate(); err != nil {
		t.Errorf("sample letter: %v", err)
	}
	l := itemBased()
	l.VerifyURL = ""
	_, text := renderText(t, l)
	contains(t, "no url", text, "验证码：K7QM-3XPA-9TRD", "可在医保部门的决定书验证页面输入验证码")
}

func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	counts := map[rune]int{}
	const n = 20000
	for i := 0; i < n; i++ {
		c := NewCode()
		if !ValidCode(c) {
			t.Fatalf("NewCode gave invalid %q", c)
		}
		if seen[c] {
			t.Fatalf("duplicate code %q", c)
		}
		seen[c] = true
		for _, r := range strings.ReplaceAll(c, "-", "") {
			counts[r]++
		}
	}
	// Every symbol of the alphabet appears, none other, roughly uniformly:
	// expected 20000*12/32 = 7500 each; ±10% is > 8 standard deviations.
	if len(counts) != len(CodeAlphabet) {
		t.Errorf("%d distinct symbols, want %d", len(counts), len(CodeAlphabet))
	}
	for r, c := range counts {
		if !strings.ContainsRune(CodeAlphabet, r) {
			t.Errorf("symbol %q outside the alphabet", r)
		}
		if c < 6750 || c > 8250 {
			t.Errorf("symbol %q appears %d times, expected about 7500", r, c)
		}
	}
	if CodeBits < 60 || len(CodeAlphabet) != 32 {
		t.Errorf("code strength %d bits over %d symbols", CodeBits, len(CodeAlphabet))
	}
	for _, r := range "01IO" {
		if strings.ContainsRune(CodeAlphabet, r) {
			t.Errorf("ambiguous %q in the alphabet", r)
		}
	}

	for _, bad := range []string{
		"", "K7QM3XPA9TRD", "K7QM-3XPA-9TR", "K7QM-3XPA-9TRDD", "k7qm-3xpa-9trd", "K7QM-3XPA-9TR0",
		"K7QM-3XPA-9TRO", "K7QM-3XPA-9TR1", "K7QM-3XPA-9TRI", "K7QM_3XPA_9TRD", "K7Q-M3XPA-9TRD",
		" K7QM-3XPA-9TRD", "K7QM-3XPA-9TRD\n", "K7QM-3XPA-9TR中", "K7QM-3XPA-9TRD-AAAA", "../../etc/passwd",
	} {
		if ValidCode(bad) {
			t.Errorf("ValidCode(%q) = true", bad)
		}
	}
	for in, want := range map[string]string{
		"K7QM-3XPA-9TRD":  "K7QM-3XPA-9TRD",
		"k7qm 3xpa 9trd":  "K7QM-3XPA-9TRD",
		" k7qm3xpa9trd\t": "K7QM-3XPA-9TRD",
		"K7QM－3XPA－9TRD":  "K7QM-3XPA-9TRD",
		"k7-qm3x-pa9t-rd": "K7QM-3XPA-9TRD",
	} {
		if got, ok := NormalizeCode(in); !ok || got != want {
			t.Errorf("NormalizeCode(%q) = %q, %v", in, got, ok)
		}
	}
	for _, bad := range []string{"K7QM-3XPA-9TR0", "K7QM-3XPA", "K7QM-3XPA-9TRD-X", "验证码K7QM3XPA9TRD"} {
		if _, ok := NormalizeCode(bad); ok {
			t.Errorf("NormalizeCode(%q) accepted", bad)
		}
	}
}

func TestHelpers(t *testing.T) {
	if ExpertLabel(0) != "专家A" || ExpertLabel(2) != "专家C" || ExpertLabel(25) != "专家Z" || ExpertLabel(26) != "专家AA" {
		t.Error("ExpertLabel")
	}
	if Yuan(d("1234.5")) != "¥1,234.50" || Yuan(d("0")) != "¥0.00" || Yuan(d("1000000")) != "¥1,000,000.00" {
		t.Error("Yuan")
	}
	if Date(time.Date(2026, 7, 1, 23, 0, 0, 0, time.UTC)) != "2026年7月1日" {
		t.Error("Date")
	}
	// The decision date is the date in China: 2026-06-30 20:00 UTC is 1 July there.
	l := itemBased()
	l.DecidedAt = time.Date(2026, 6, 30, 20, 0, 0, 0, time.UTC)
	_, text := renderText(t, l)
	contains(t, "cst", text, "决定日期：2026年7月1日")
}

func TestConcurrentRender(t *testing.T) {
	want, err := Render(itemBased())
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		go func() {
			got, err := Render(itemBased())
			if err == nil && !bytes.Equal(got, want) {
				err = errors.New("concurrent render differs")
			}
			errs <- err
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
