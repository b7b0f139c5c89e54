package synth

// Fixed tables: names, departments, regions, the fee-item catalogue.

// surnames are common Chinese surnames, roughly by frequency (weights in
// per mille of the population, rounded).
var surnames = []struct {
	s string
	w int
}{
	{"王", 73}, {"李", 72}, {"张", 69}, {"刘", 54}, {"陈", 45}, {"杨", 31}, {"黄", 23}, {"赵", 22},
	{"吴", 21}, {"周", 21}, {"徐", 17}, {"孙", 15}, {"马", 15}, {"朱", 14}, {"胡", 13}, {"郭", 12},
	{"何", 12}, {"高", 11}, {"林", 11}, {"罗", 10}, {"郑", 10}, {"梁", 10}, {"谢", 8}, {"宋", 8},
	{"唐", 8}, {"许", 7}, {"韩", 7}, {"冯", 7}, {"邓", 7}, {"曹", 7}, {"彭", 6}, {"曾", 6},
	{"肖", 6}, {"田", 6}, {"董", 6}, {"袁", 5}, {"潘", 5}, {"于", 5}, {"蒋", 5}, {"蔡", 5},
	{"余", 5}, {"杜", 5}, {"叶", 5}, {"程", 5}, {"苏", 4}, {"魏", 4}, {"吕", 4}, {"丁", 4},
	{"任", 4}, {"沈", 4}, {"姚", 4}, {"卢", 4}, {"姜", 4}, {"崔", 4}, {"钟", 4}, {"谭", 3},
	{"陆", 3}, {"汪", 3}, {"范", 3}, {"金", 3}, {"石", 3}, {"廖", 3}, {"贾", 3}, {"夏", 3},
	{"欧阳", 1}, {"司马", 1}, {"上官", 1},
}

// Given-name characters commonly used for men, for women, and for either.
var (
	givenMale   = []string{"伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "建", "国", "志", "文", "海", "峰", "亮", "成", "东", "庆", "振"}
	givenFemale = []string{"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "桂", "英", "秀", "兰", "萍", "红", "梅", "琳", "雪", "倩", "婷", "慧", "莉", "颖", "洁", "佳", "琴", "云", "凤", "欣", "怡", "悦", "晶", "月", "菊", "彤", "璐", "蕾", "薇", "妍"}
	givenEither = []string{"晨", "阳", "子", "雨", "思", "嘉", "一", "安", "欣", "文", "晓", "春", "秋", "玉", "小", "新", "乐", "青", "明", "永"}
)

// Department codes (诊疗科目代码) used as 入院/出院/转科科别.
const (
	deptInternal     = "A03"
	deptRespiratory  = "A03.01"
	deptGastro       = "A03.02"
	deptNeuro        = "A03.03"
	deptCardio       = "A03.04"
	deptHaem         = "A03.05"
	deptNephro       = "A03.06"
	deptEndo         = "A03.07"
	deptImmuno       = "A03.08"
	deptGeriatric    = "A03.10"
	deptSurgery      = "A04.01"
	deptNeurosurgery = "A04.02"
	deptOrtho        = "A04.03"
	deptUrology      = "A04.04"
	deptThoracic     = "A04.05"
	deptCardiacSurg  = "A04.06"
	deptBurns        = "A04.07"
	deptGyn          = "A05.01"
	deptObstetrics   = "A05.02"
	deptPaediatrics  = "A07"
	deptNeonatal     = "A07.01"
	deptEye          = "A10"
	deptENT          = "A11"
	deptStomatology  = "A12"
	deptDerm         = "A13"
	deptPsych        = "A15"
	deptInfectious   = "A16"
	deptOncology     = "A19"
	deptEmergency    = "A20"
	deptRehab        = "A26"
	deptICU          = "A28"
	deptTCM          = "A50"
)

// mdcDepts maps an MDC letter to its medical and surgical department.
var mdcDepts = map[byte][2]string{
	'A': {deptICU, deptSurgery}, 'B': {deptNeuro, deptNeurosurgery}, 'C': {deptEye, deptEye},
	'D': {deptENT, deptENT}, 'E': {deptRespiratory, deptThoracic}, 'F': {deptCardio, deptCardiacSurg},
	'G': {deptGastro, deptSurgery}, 'H': {deptGastro, deptSurgery}, 'I': {deptOrtho, deptOrtho},
	'J': {deptDerm, deptSurgery}, 'K': {deptEndo, deptSurgery}, 'L': {deptNephro, deptUrology},
	'M': {deptUrology, deptUrology}, 'N': {deptGyn, deptGyn}, 'O': {deptObstetrics, deptObstetrics},
	'P': {deptNeonatal, deptNeonatal}, 'Q': {deptHaem, deptSurgery}, 'R': {deptOncology, deptSurgery},
	'S': {deptInfectious, deptSurgery}, 'T': {deptPsych, deptPsych}, 'U': {deptPsych, deptPsych},
	'V': {deptEmergency, deptSurgery}, 'W': {deptBurns, deptBurns}, 'X': {deptRehab, deptRehab},
	'Y': {deptInfectious, deptInfectious}, 'Z': {deptEmergency, deptOrtho},
}

// otherDepts are where a transferred patient may have been first.
var otherDepts = []string{deptInternal, deptEmergency, deptGeriatric, deptImmuno, deptTCM, deptStomatology, deptRehab, deptPaediatrics}

// regions are statistical-area (统筹区) division codes used for insured
// places of cross-region patients.
var regions = []string{
	"110000", "120000", "310000", "500000", "130100", "140100", "150100", "210100", "220100", "230100",
	"320100", "320500", "330100", "330200", "340100", "350100", "350200", "360100", "370100", "370200",
	"370600", "410100", "420100", "430100", "440100", "440300", "450100", "460100", "510100", "520100",
	"530100", "610100", "620100", "630100", "640100", "650100",
}

// ICU ward types (重症监护病房类型): 1 CCU, 2 NICU, 3 ECU, 4 SICU, 5 PICU,
// 6 RICU, 9 other.
var icuTypes = []string{"1", "4", "6", "9", "3"}

// Fee categories, 0-based: 0 床位费 … 13 其他费.
const (
	catBed = iota
	catConsult
	catExam
	catLab
	catTreat
	catSurgery
	catNursing
	catMaterial
	catWestern
	catHerbal
	catPatent
	catGeneral
	catRegister
	catOther
)

// item is one line of the fee catalogue. ratio is the 先行自付 ratio as the
// flat layout writes it ("0" on 甲类, "1" on 丙类).
type item struct {
	code, name string
	cat        int
	level      int // 1 甲, 2 乙, 3 丙
	ratio      string
	price      int64  // typical unit price, cents
	perDay     bool   // quantity is the length of stay
	prefix     string // "code^name^category^level^ratio^", pre-rendered
	permille   int64  // ratio × 1000
}

func linePrefix(code, name string, it *item) string {
	return code + "^" + name + "^" + catCodes[it.cat] + "^" + string(rune('0'+it.level)) + "^" + it.ratio + "^"
}

func init() {
	all := []*item{&itemSurgery, &itemLabSet, &itemICUBed, &itemICUMon, &itemVent}
	for i := range catalogue {
		all = append(all, &catalogue[i])
	}
	for i := range newItems {
		all = append(all, &newItems[i])
	}
	for _, it := range all {
		it.prefix = linePrefix(it.code, it.name, it)
		it.permille = int64(ratioPermille(it.ratio))
	}
}

var catalogue = []item{
	{"110900001", "普通病房床位费", catBed, 1, "0", 5000, true, "", 0},
	{"110900002", "双人间病房床位费", catBed, 2, "0.1", 8000, true, "", 0},
	{"110200002", "住院诊查费", catConsult, 1, "0", 2000, true, "", 0},
	{"120100002", "二级护理", catNursing, 1, "0", 2500, true, "", 0},
	{"120100001", "一级护理", catNursing, 1, "0", 3500, true, "", 0},
	{"250101015", "血细胞分析（全血细胞计数+五分类）", catLab, 1, "0", 2500, false, "", 0},
	{"250301001", "肝功能检查组合", catLab, 1, "0", 8000, false, "", 0},
	{"250302001", "肾功能检查组合", catLab, 1, "0", 6000, false, "", 0},
	{"250305004", "电解质测定", catLab, 1, "0", 3000, false, "", 0},
	{"250203001", "凝血功能检查组合", catLab, 1, "0", 7000, false, "", 0},
	{"250401030", "C反应蛋白测定", catLab, 2, "0.1", 4000, false, "", 0},
	{"210300001", "X线计算机体层（CT）平扫", catExam, 1, "0", 20000, false, "", 0},
	{"210200001", "磁共振平扫", catExam, 2, "0.1", 60000, false, "", 0},
	{"220600004", "彩色多普勒超声常规检查", catExam, 1, "0", 15000, false, "", 0},
	{"310701001", "常规心电图检查", catExam, 1, "0", 3000, false, "", 0},
	{"210102015", "数字化摄影（DR）", catExam, 1, "0", 8000, false, "", 0},
	{"120400006", "静脉输液", catTreat, 1, "0", 1500, false, "", 0},
	{"121400001", "氧气吸入", catTreat, 1, "0", 300, false, "", 0},
	{"120400001", "肌肉注射", catTreat, 1, "0", 500, false, "", 0},
	{"340200001", "康复治疗", catTreat, 2, "0.2", 3000, false, "", 0},
	{"311000010", "雾化吸入", catTreat, 1, "0", 1000, false, "", 0},
	{"330100005", "全身麻醉", catSurgery, 1, "0", 80000, false, "", 0},
	{"330100003", "椎管内麻醉", catSurgery, 1, "0", 40000, false, "", 0},
	{"C03011500100001", "一次性使用输液器", catMaterial, 1, "0", 500, false, "", 0},
	{"C03011200500002", "一次性使用无菌注射器", catMaterial, 1, "0", 100, false, "", 0},
	{"C02020600300008", "医用缝合线", catMaterial, 2, "0.2", 8000, false, "", 0},
	{"C06040402900001", "一次性使用吻合器", catMaterial, 2, "0.3", 250000, false, "", 0},
	{"C14010100100011", "中心静脉导管", catMaterial, 2, "0.2", 60000, false, "", 0},
	{"XJ01DDA063B002", "注射用头孢曲松钠", catWestern, 1, "0", 3000, false, "", 0},
	{"XB05BBA040B001", "氯化钠注射液", catWestern, 1, "0", 500, false, "", 0},
	{"XA02BCA060B001", "注射用奥美拉唑钠", catWestern, 2, "0.1", 2000, false, "", 0},
	{"XB01ABA060B001", "依诺肝素钠注射液", catWestern, 2, "0.1", 4000, false, "", 0},
	{"XJ01DHM071B002", "注射用美罗培南", catWestern, 2, "0.1", 15000, false, "", 0},
	{"XN02BEA010A001", "对乙酰氨基酚片", catWestern, 1, "0", 50, false, "", 0},
	{"XC10AAA070A001", "阿托伐他汀钙片", catWestern, 1, "0", 300, false, "", 0},
	{"XL01CDA010B001", "紫杉醇注射液", catWestern, 2, "0.1", 80000, false, "", 0},
	{"XA11BDX001A001", "复合维生素B片", catWestern, 3, "1", 100, false, "", 0},
	{"T001700643", "黄芪（饮片）", catHerbal, 2, "0.1", 50, false, "", 0},
	{"T000200156", "当归（饮片）", catHerbal, 2, "0.1", 80, false, "", 0},
	{"ZA12CAD0034030101", "丹红注射液", catPatent, 2, "0.2", 4000, false, "", 0},
	{"ZA01AAL0195010201", "连花清瘟胶囊", catPatent, 1, "0", 200, false, "", 0},
	{"110200005", "一般诊疗费", catGeneral, 1, "0", 1000, false, "", 0},
	{"110100001", "挂号费", catRegister, 1, "0", 500, false, "", 0},
	{"990000001", "病历工本费", catOther, 3, "1", 200, false, "", 0},
	{"990000003", "陪护床租用费", catOther, 3, "1", 1000, false, "", 0},
}

// Special lines, outside the random draw.
var (
	itemSurgery = item{"330000000", "", catSurgery, 1, "0", 300000, false, "", 0} // named after the principal procedure
	itemLabSet  = item{"250000001", "住院检验组合", catLab, 1, "0", 10000, false, "", 0}
	itemICUBed  = item{"110900005", "重症监护病房床位费", catBed, 1, "0", 30000, false, "", 0}
	itemICUMon  = item{"311503001", "重症监护（每小时）", catTreat, 1, "0", 2000, false, "", 0}
	itemVent    = item{"311503004", "有创呼吸机辅助呼吸（每小时）", catTreat, 1, "0", 1500, false, "", 0}
	newItems    = []item{
		{"C13150101900001", "可吸收冠脉药物洗脱支架（新耗材）", catMaterial, 2, "0.3", 700000, false, "", 0},
		{"C03121402000003", "人工髋关节假体（新耗材）", catMaterial, 2, "0.3", 3000000, false, "", 0},
		{"XL01XCA350B001", "注射用帕博利珠单抗（新药）", catWestern, 2, "0.2", 1800000, false, "", 0},
		{"XL01EXA120A001", "甲磺酸奥希替尼片（新药）", catWestern, 3, "1", 50000, false, "", 0},
		{"C14020200100002", "体外膜肺氧合套包（新耗材）", catMaterial, 3, "1", 5000000, false, "", 0},
	}
)

// categoryShare is a category's typical share of an inpatient bill
// (medical cases, surgical cases), in per cent.
var categoryShare = [14][2]float64{
	{6, 4}, {2, 1}, {12, 8}, {13, 8}, {14, 8}, {0, 18}, {4, 3},
	{4, 20}, {34, 24}, {1, 0.5}, {4, 2}, {1, 0.5}, {0.2, 0.1}, {1, 1},
}
