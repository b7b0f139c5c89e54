package casefile

// Sex- and age-restricted codes. The 医保版 dictionaries carry no such
// flags, so this is a rule table over ICD-10 categories (and, where the
// category is shared between the sexes, sub-categories), after WHO ICD-10's
// sex-specific categories and chapter XV/XVI scope notes. Cross-checked
// against the data: no code of a female-only range has a male-only meaning
// in its 医保版 name and vice versa (N97.4 与男性因素有关的女性不孕症 and
// O33.3 男性骨盆 are conditions of the woman), and none of the male-only
// ranges occurs in the MDCN/MDCO principal-diagnosis lists nor a female-only
// range in MDCM. README.md lists the table.

// sexRestriction is the one sex a code applies to.
type sexRestriction uint8

const (
	anySex sexRestriction = iota
	maleOnly
	femaleOnly
)

// dxRange is an inclusive range of ICD-10 categories: "N70"–"N98" or, with
// a sub-category digit, "D07.0"–"D07.3".
type dxRange struct{ from, to string }

var femaleOnlyDx = []dxRange{
	{"C51", "C58"},     // 女性生殖器官恶性肿瘤 (vulva … placenta)
	{"C79.6", "C79.6"}, // 卵巢继发性恶性肿瘤
	{"D06", "D06"},     // 子宫颈原位癌
	{"D07.0", "D07.3"}, // 女性生殖器官原位癌
	{"D25", "D28"},     // 子宫、卵巢及其他女性生殖器官良性肿瘤
	{"D39", "D39"},     // 女性生殖器官动态未定肿瘤
	{"E28", "E28"},     // 卵巢功能障碍
	{"N70", "N98"},     // 女性盆腔器官炎性疾病, 女性生殖道非炎性疾病
	{"N99.2", "N99.3"}, // 阴道手术后粘连, 子宫切除术后阴道穹隆脱垂
	{"O00", "O99"},     // 妊娠、分娩和产褥期
	{"Q50", "Q52"},     // 女性生殖器官先天性畸形
	{"R87", "R87"},     // 女性生殖器官标本异常所见
	{"Z32", "Z37"},     // 妊娠检查、产前检查、分娩结局
	{"Z39", "Z39"},     // 产后医疗照顾
}

var maleOnlyDx = []dxRange{
	{"C60", "C63"},     // 男性生殖器官恶性肿瘤
	{"D07.4", "D07.6"}, // 男性生殖器官原位癌
	{"D29", "D29"},     // 男性生殖器官良性肿瘤
	{"D40", "D40"},     // 男性生殖器官动态未定肿瘤
	{"E29", "E29"},     // 睾丸功能障碍
	{"N40", "N51"},     // 男性生殖器官疾病
	{"Q53", "Q55"},     // 男性生殖器官先天性畸形
	{"R86", "R86"},     // 男性生殖器官标本异常所见
}

// ageRule is an allowed age: years in [minYears, maxYears], and, when
// maxDays > 0, an age of at most maxDays days.
type ageRule struct {
	from, to string
	minYears int
	maxYears int
	maxDays  int
	what     string // for the message
}

var ageRules = []ageRule{
	// Chapter XVI 起源于围生期的某些情况: under one year (CHS-DRG MDCP's
	// PV1 takes newborn-origin diagnoses up to age < 1 year).
	{from: "P00", to: "P96", minYears: 0, maxYears: 0, what: "围生期疾病限1周岁以下"},
	// Z38 按出生地点分类的活产婴儿: the newborn itself, ≤ 28 days.
	{from: "Z38", to: "Z38", minYears: 0, maxYears: 0, maxDays: 28, what: "活产婴儿编码限28天以内新生儿"},
	// Pregnancy, childbirth and the puerperium: ages 10–60.
	{from: "O00", to: "O99", minYears: 10, maxYears: 60, what: "妊娠相关诊断限10–60岁"},
	{from: "Z32", to: "Z37", minYears: 10, maxYears: 60, what: "妊娠相关诊断限10–60岁"},
	{from: "Z39", to: "Z39", minYears: 10, maxYears: 60, what: "产后照顾限10–60岁"},
}

// The lookup tables: one byte per ICD-10 sub-category, indexed by dxKey.
const dxKeys = 26 * 100 * 11

var (
	dxSex [dxKeys]sexRestriction
	dxAge [dxKeys]uint8 // 1 + index into ageRules; 0 none
	pxSex [1000]sexRestriction
)

// dxKey indexes a diagnosis code's sub-category: letter, two digits and the
// first digit after the point (10 when there is none, e.g. "I10.x05"). It
// returns -1 for a code not shaped like ICD-10.
func dxKey(code string) int {
	if len(code) < 3 || code[0] < 'A' || code[0] > 'Z' || !isDigit(code[1]) || !isDigit(code[2]) {
		return -1
	}
	sub := 10
	if len(code) >= 5 && code[3] == '.' && isDigit(code[4]) {
		sub = int(code[4] - '0')
	}
	return (int(code[0]-'A')*100+int(code[1]-'0')*10+int(code[2]-'0'))*11 + sub
}

// rangeKeys turns a range into inclusive dxKey bounds.
func rangeKeys(r dxRange) (int, int) {
	lo, hi := dxKey(r.from[:3])-10, dxKey(r.to[:3]) // sub 0 … sub 10
	if len(r.from) == 5 {
		lo = dxKey(r.from)
	}
	if len(r.to) == 5 {
		hi = dxKey(r.to)
	}
	return lo, hi
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// pxKey indexes an ICD-9-CM-3 code by its two leading digits and the first
// digit after the point ("64.5x00" → 645); -1 when not so shaped.
func pxKey(code string) int {
	if len(code) < 4 || !isDigit(code[0]) || !isDigit(code[1]) || code[2] != '.' || !isDigit(code[3]) {
		return -1
	}
	return int(code[0]-'0')*100 + int(code[1]-'0')*10 + int(code[3]-'0')
}

// Procedure chapters of ICD-9-CM-3: 60–64 男性生殖器官手术, 65–71 女性生殖器官
// 手术, 72–75 产科操作. 64.5 性转变手术 is left unrestricted: the patient's
// recorded sex after it may be either.
func init() {
	for _, r := range femaleOnlyDx {
		lo, hi := rangeKeys(r)
		for k := lo; k <= hi; k++ {
			dxSex[k] = femaleOnly
		}
	}
	for _, r := range maleOnlyDx {
		lo, hi := rangeKeys(r)
		for k := lo; k <= hi; k++ {
			dxSex[k] = maleOnly
		}
	}
	for i, r := range ageRules {
		lo, hi := rangeKeys(dxRange{r.from, r.to})
		for k := lo; k <= hi; k++ {
			dxAge[k] = uint8(i + 1)
		}
	}
	for k := 600; k < 650; k++ {
		pxSex[k] = maleOnly
	}
	pxSex[645] = anySex
	for k := 650; k < 760; k++ {
		pxSex[k] = femaleOnly
	}
}
