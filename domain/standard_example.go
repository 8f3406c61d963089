package domain

import (
	"context"
	"time"
)

// ExampleStandardName is the name of the standard seeded on a new install:
// an example to copy and adapt, not a standard the province set.
const ExampleStandardName = "示例标准（供复制修改）"

// examplePassScore is the example's pass score, out of 100 on every scale.
const examplePassScore = 85

// exampleIndicator is one line of the example sheet: points per scale in
// Scales order, -1 where the indicator does not apply.
type exampleIndicator struct {
	code, dimension, title, guidance string
	methods                          []string
	evidence, veto                   bool
	points                           [3]int
}

// exampleIndicators is the example sheet, drawn from the notice's six
// qualities and from the shape of published 测评体系: 100 points on each
// scale; two veto items (一票否决).
var exampleIndicators = []exampleIndicator{
	{"SG-1", "self_governance", "居民自治组织健全",
		"1. 依法成立业主大会、业主委员会或楼栋居民小组；2. 组织运行规范，按期换届；3. 有居民代表议事制度。三项均达到得满分，缺一项扣三分之一。",
		[]string{"documents"}, true, false, [3]int{6, 6, 8}},
	{"SG-2", "self_governance", "居务公开与民主议事",
		"1. 物业服务、公共收益、维修资金等事项定期公开；2. 涉及居民利益的事项经协商议事决定。",
		[]string{"documents", "resident_survey"}, false, false, [3]int{5, 5, 6}},
	{"SG-3", "self_governance", "居民公约与志愿服务队伍",
		"1. 制定居民公约并张贴公示；2. 组建志愿服务队伍，有活动记录。",
		[]string{"documents", "site_visit"}, false, false, [3]int{5, 5, 6}},
	{"OM-1", "orderly_management", "专业化物业管理",
		"1. 签订物业服务合同，服务标准和收费公示；2. 物业服务人员在岗、制度上墙；3. 居民对物业服务满意率不低于80%。",
		[]string{"documents", "site_visit", "resident_survey"}, true, false, [3]int{8, 8, 8}},
	{"OM-2", "orderly_management", "创建工作机制与台账",
		"1. 成立创建工作领导小组，分工明确；2. 建立工作台账和档案，资料齐全。",
		[]string{"documents"}, true, false, [3]int{5, 5, 5}},
	{"OM-3", "orderly_management", "保障性住房使用管理规范",
		"1. 无违规转租、转借、空置；2. 住户信息动态更新，退出机制落实。",
		[]string{"documents", "site_visit"}, true, false, [3]int{5, 5, 5}},
	{"OM-V", "orderly_management", "未发生严重违法违规或群体性事件",
		"创建周期内发生严重违法违规行为或造成恶劣影响的群体性事件的，实行一票否决。",
		[]string{"documents"}, true, true, [3]int{0, 0, 0}},
	{"SV-1", "services", "社区综合服务站点",
		"1. 设有社区综合服务站或便民服务点；2. 服务项目和办事流程公开。组团规模不考核此项。",
		[]string{"site_visit"}, false, false, [3]int{6, 6, -1}},
	{"SV-2", "services", "困难群体帮扶",
		"1. 老年人、儿童、残疾人、困难家庭、优抚对象底数清楚；2. 有结对帮扶和救助记录。",
		[]string{"documents", "resident_survey"}, true, false, [3]int{6, 6, 8}},
	{"SV-3", "services", "就业和社会保障服务",
		"1. 为失业人员、新成长劳动力提供就业再就业服务；2. 为退休人员提供社保服务。",
		[]string{"documents"}, false, false, [3]int{5, 5, 6}},
	{"SV-4", "services", "志愿互助服务",
		"开展邻里互助、志愿服务活动，每季度不少于一次。",
		[]string{"documents", "resident_survey"}, false, false, [3]int{3, 3, 4}},
	{"PS-1", "public_security", "群防群治队伍",
		"1. 建立治安联防队伍；2. 有巡逻值守制度和记录。",
		[]string{"documents", "site_visit"}, false, false, [3]int{6, 6, 6}},
	{"PS-2", "public_security", "技防和消防设施",
		"1. 监控、门禁设施覆盖出入口和公共区域并正常运行；2. 消防设施完好，消防通道畅通。",
		[]string{"site_visit"}, true, false, [3]int{6, 6, 6}},
	{"PS-3", "public_security", "居民安全感",
		"刑事、治安案件少发，居民安全感调查满意率不低于85%。",
		[]string{"resident_survey"}, false, false, [3]int{4, 4, 4}},
	{"PS-V", "public_security", "未发生重大安全责任事故",
		"创建周期内发生火灾、燃气、房屋建筑等重大安全责任事故的，实行一票否决。",
		[]string{"documents", "site_visit"}, true, true, [3]int{0, 0, 0}},
	{"EN-1", "environment", "环境整洁",
		"楼道、道路和公共区域清洁，无乱堆乱放、乱搭乱建、乱贴乱画。",
		[]string{"site_visit"}, false, false, [3]int{6, 6, 7}},
	{"EN-2", "environment", "绿化美化",
		"绿地养护良好，无毁绿占绿。",
		[]string{"site_visit"}, false, false, [3]int{5, 5, 4}},
	{"EN-3", "environment", "垃圾分类与污水、噪声治理",
		"1. 垃圾分类设施齐全、清运及时；2. 污水排放和噪声符合环保要求。",
		[]string{"site_visit", "documents"}, false, false, [3]int{4, 4, 4}},
	{"CV-1", "civility", "文明创建和文体活动",
		"定期开展文明创建、文化体育活动，有活动场地和记录。",
		[]string{"documents", "site_visit"}, false, false, [3]int{5, 5, 5}},
	{"CV-2", "civility", "邻里和谐",
		"1. 开展好邻居、文明家庭评选；2. 矛盾纠纷有调解机制，调解成功率高。",
		[]string{"documents", "resident_survey"}, false, false, [3]int{5, 5, 4}},
	{"CV-3", "civility", "居民综合满意度",
		"居民对社区建设的综合满意率：90%以上得满分，80%–90%得一半，80%以下不得分。",
		[]string{"resident_survey"}, true, false, [3]int{5, 5, 4}},
}

// ExampleStandard returns the example standard a new install starts with,
// published at province level, so that the whole campaign can run before
// the province has written its own.
func ExampleStandard(now time.Time) Standard {
	s := Standard{Name: ExampleStandardName, Level: LevelProvince, Version: 1, Status: StandardPublished,
		PassScore: examplePassScore, CreatedAt: now, UpdatedAt: now}
	for _, e := range exampleIndicators {
		in := Indicator{Code: e.code, Dimension: e.dimension, Title: e.title, Guidance: e.guidance,
			Methods: append([]string(nil), e.methods...), Evidence: e.evidence, Veto: e.veto,
			Points: map[string]*int{}}
		for i, sc := range Scales() {
			if e.points[i] >= 0 {
				p := e.points[i]
				in.Points[sc] = &p
			} else {
				in.Points[sc] = nil
			}
		}
		s.Indicators = append(s.Indicators, in)
	}
	return s
}

// seedExampleStandard adds the example standard unless it exists, and
// reports whether it did. An admin's copies and retirement are left alone.
func seedExampleStandard(ctx context.Context, tx Tx, now time.Time) (bool, error) {
	s := ExampleStandard(now)
	return tx.EnsureStandard(ctx, &s)
}
