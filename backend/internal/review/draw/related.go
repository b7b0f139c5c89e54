package draw

import "slices"

// RelatedMDCs is the default table of related specialties per CHS-DRG MDC
// (the 26 major diagnostic categories of CHS-DRG 1.1/2.0), in order of
// preference. The service copies the case MDC's list into Request.Related;
// a region may override it. The pairs follow the clinical neighbourhood of
// the categories: organ systems that share patients, wards or consultants
// (circulatory ↔ respiratory, kidney ↔ urology ↔ endocrine, obstetrics ↔
// gynaecology ↔ newborn, trauma ↔ musculoskeletal ↔ burns, psychiatry ↔
// substance use ↔ neurology). MDCA (先期分组: transplants, ECMO, invasive
// ventilation ≥ 96 h) falls back to the intensive-care-heavy categories and
// the transplanted organs. MDCX (影响健康因素及其他就医情况) has no clinical
// neighbour: its list is empty, so a short MDCX draw fails rather than
// guessing.
var RelatedMDCs = map[string][]string{
	"MDCA": {"MDCE", "MDCF", "MDCH", "MDCL", "MDCR"}, // 先期分组 → 呼吸, 循环, 肝胆胰, 肾, 血液肿瘤
	"MDCB": {"MDCT", "MDCI", "MDCU", "MDCD"},         // 神经 → 精神, 骨骼肌肉, 物质使用, 头颈
	"MDCC": {"MDCD", "MDCB"},                         // 眼 → 头颈耳鼻口咽, 神经
	"MDCD": {"MDCC", "MDCE", "MDCB"},                 // 头颈耳鼻口咽 → 眼, 呼吸, 神经
	"MDCE": {"MDCF", "MDCA", "MDCS"},                 // 呼吸 → 循环, 先期(重症), 感染
	"MDCF": {"MDCE", "MDCA", "MDCL", "MDCK"},         // 循环 → 呼吸, 先期(重症), 肾, 内分泌
	"MDCG": {"MDCH", "MDCK", "MDCV"},                 // 消化 → 肝胆胰, 内分泌, 创伤中毒
	"MDCH": {"MDCG", "MDCK", "MDCA"},                 // 肝胆胰 → 消化, 内分泌, 先期(肝移植)
	"MDCI": {"MDCV", "MDCZ", "MDCB", "MDCJ"},         // 骨骼肌肉 → 创伤, 多发严重创伤, 神经, 皮肤
	"MDCJ": {"MDCW", "MDCI", "MDCK"},                 // 皮肤乳腺 → 烧伤, 骨骼肌肉, 内分泌
	"MDCK": {"MDCL", "MDCF", "MDCG"},                 // 内分泌代谢 → 肾, 循环, 消化
	"MDCL": {"MDCM", "MDCK", "MDCF", "MDCA"},         // 肾泌尿 → 男性生殖, 内分泌, 循环, 先期(肾移植)
	"MDCM": {"MDCL", "MDCN"},                         // 男性生殖 → 肾泌尿, 女性生殖
	"MDCN": {"MDCO", "MDCL", "MDCM"},                 // 女性生殖 → 妊娠分娩, 肾泌尿, 男性生殖
	"MDCO": {"MDCN", "MDCP"},                         // 妊娠分娩 → 女性生殖, 新生儿
	"MDCP": {"MDCO", "MDCE"},                         // 新生儿 → 妊娠分娩, 呼吸
	"MDCQ": {"MDCR", "MDCS", "MDCY"},                 // 血液免疫 → 骨髓增生肿瘤, 感染, HIV
	"MDCR": {"MDCQ", "MDCA"},                         // 骨髓增生肿瘤 → 血液, 先期(造血干细胞移植)
	"MDCS": {"MDCY", "MDCE", "MDCQ"},                 // 感染 → HIV, 呼吸, 血液免疫
	"MDCT": {"MDCU", "MDCB"},                         // 精神 → 物质使用, 神经
	"MDCU": {"MDCT", "MDCB", "MDCV"},                 // 物质使用 → 精神, 神经, 中毒
	"MDCV": {"MDCZ", "MDCI", "MDCW", "MDCU"},         // 创伤中毒 → 多发严重创伤, 骨骼肌肉, 烧伤, 物质使用
	"MDCW": {"MDCJ", "MDCV", "MDCZ"},                 // 烧伤 → 皮肤, 创伤, 多发严重创伤
	"MDCX": {},                                       // 影响健康因素: none
	"MDCY": {"MDCS", "MDCQ"},                         // HIV → 感染, 血液免疫
	"MDCZ": {"MDCV", "MDCI", "MDCB", "MDCA"},         // 多发严重创伤 → 创伤, 骨骼肌肉, 神经, 先期(重症)
}

// Related returns a copy of RelatedMDCs[mdc] (nil for an unknown or empty
// MDC), ready for Request.Related.
func Related(mdc string) []string {
	return slices.Clone(RelatedMDCs[mdc])
}
