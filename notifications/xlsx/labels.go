package xlsx

import (
	"xietong/domain"
	"xietong/domain/catalog"
)

// labels holds every text the workbook writes, Chinese first, English second.
// The words follow DOMAIN.md §7 and the web UI's catalogue.
var labels = map[string][2]string{
	"sheet.summary":  {"汇总", "Summary"},
	"sheet.ranking":  {"排名", "Ranking"},
	"sheet.overdue":  {"逾期清单", "Overdue"},
	"sheet.tasks":    {"任务明细", "Tasks"},
	"sheet.hotspots": {"热点难点问题", "Hot-spots"},
	"sheet.progress": {"创建进度", "Campaign progress"},

	"title":       {"督查通报", "Supervision report"},
	"item":        {"项目", "Item"},
	"value":       {"数值", "Value"},
	"scope":       {"范围", "Scope"},
	"period":      {"统计期间", "Period"},
	"period.sep":  {" 至 ", " to "},
	"today":       {"报告日期", "Report date"},
	"no_data":     {"—", "—"},
	"yes":         {"是", "Yes"},
	"no":          {"否", "No"},
	"no_closed":   {"本期无办结事项", "Nothing closed in the period"},
	"no_work":     {"本期无任务", "No work in the period"},
	"chart.title": {"按期办结率", "On-time closure rate"},

	"rank":             {"排名", "Rank"},
	"org":              {"主办单位", "Lead organisation"},
	"note":             {"备注", "Note"},
	"assigned":         {"交办", "Assigned"},
	"accepted_on_time": {"按时签收", "Accepted on time"},
	"closed":           {"办结", "Closed"},
	"closed_on_time":   {"按期办结", "Closed on time"},
	"on_time_rate":     {"按期办结率", "On-time closure rate"},
	"open":             {"在办", "Open"},
	"open_overdue":     {"逾期未办结", "Open and overdue"},
	"overdue_rate":     {"逾期率", "Overdue rate"},
	"avg_days":         {"平均办结用时（工作日）", "Average working days to close"},
	"p90_days":         {"办结用时90百分位（工作日）", "90th percentile working days to close"},
	"ext_asked":        {"申请延期", "Extensions asked"},
	"ext_granted":      {"批准延期", "Extensions granted"},
	"returns":          {"退回", "Returns"},
	"transfers":        {"申请转办", "Transfer requests"},
	"reopens":          {"重新办理", "Reopens"},

	"seq":          {"序号", "No."},
	"task_id":      {"任务编号", "Task"},
	"task_title":   {"督办事项", "Task title"},
	"community":    {"社区", "Community"},
	"priority":     {"优先级", "Priority"},
	"status":       {"状态", "Status"},
	"assigned_on":  {"交办日期", "Assigned on"},
	"accepted_on":  {"签收日期", "Accepted on"},
	"original_due": {"原办理期限", "Original deadline"},
	"due":          {"办理期限", "Deadline"},
	"closed_on":    {"办结日期", "Closed on"},
	"days_overdue": {"逾期工作日", "Working days overdue"},
	"ladder_step":  {"督办环节", "Supervision step"},
	"listed":       {"挂牌督办", "Listed supervision"},
	"assigned_in":  {"本期交办", "Assigned in period"},
	"closed_in":    {"本期办结", "Closed in period"},
	"days_close":   {"办结用时（工作日）", "Working days to close"},
	"overdue_now":  {"逾期", "Overdue"},

	"hs.reported":     {"热点难点问题上报", "Hot-spots reported"},
	"hs.dispatched":   {"热点难点问题派发", "Hot-spots dispatched"},
	"hs.resolved":     {"热点难点问题解决", "Hot-spots resolved"},
	"hs.feedback":     {"满意度评价", "Feedback given"},
	"hs.satisfied":    {"满意", "Satisfied"},
	"hs.basically":    {"基本满意", "Basically satisfied"},
	"hs.unsatisfied":  {"不满意", "Unsatisfied"},
	"hs.reopened":     {"重新办理的问题", "Reopened"},
	"hs.satisfaction": {"满意率", "Satisfaction rate"},
	"hs.reopen_rate":  {"重新办理率", "Reopen rate"},
	"hs.reported_s":   {"上报", "Reported"},
	"hs.dispatched_s": {"派发", "Dispatched"},
	"hs.resolved_s":   {"解决", "Resolved"},
	"all":             {"合计", "Total"},

	"region":    {"地区", "Region"},
	"named":     {"已命名和谐社区", "Named harmonious communities"},
	"total":     {"保障房小区总数", "Affordable-housing communities"},
	"share":     {"命名占比", "Share named"},
	"target":    {"目标", "Target"},
	"met":       {"达到目标", "Target met"},
	"to_target": {"距目标尚需命名", "Still to name for the target"},
}

// codes translates the enumerations the sheets show; an unknown code is
// shown as it is.
var codes = map[string][2]string{
	string(domain.PriorityNormal): {"一般", "Normal"},
	string(domain.PriorityHigh):   {"重要", "High"},
	string(domain.PriorityUrgent): {"紧急", "Urgent"},

	string(domain.StatusAssigned):   {"已交办", "Assigned"},
	string(domain.StatusAccepted):   {"已签收", "Accepted"},
	string(domain.StatusInProgress): {"办理中", "In progress"},
	string(domain.StatusSubmitted):  {"待审核办结", "Submitted for closure"},
	string(domain.StatusClosed):     {"已办结", "Closed"},

	// The supervision ladder (DOMAIN.md §6), under the names the ladder may
	// record.
	"remind":             {"提醒", "Reminder"},
	"reminder":           {"提醒", "Reminder"},
	"urge":               {"催办", "Urge"},
	"supervise":          {"督办", "Supervision"},
	"supervision":        {"督办", "Supervision"},
	"listed":             {"挂牌督办", "Listed supervision"},
	"listed_supervision": {"挂牌督办", "Listed supervision"},
}

// t returns the label for key in the workbook's language.
func (b *book) t(key string) string {
	l, ok := labels[key]
	if !ok {
		return key
	}
	return l[b.en]
}

// code returns the display word for an enumeration value.
func (b *book) code(c string) string {
	if l, ok := codes[c]; ok {
		return l[b.en]
	}
	return c
}

// regionName returns the name of a region code from the catalogue.
func (b *book) regionName(code string) string {
	for _, r := range catalog.Regions() {
		if r.Code == code {
			return pick(b.en, r.Name, r.NameEn)
		}
	}
	return code
}

// pick returns en when the workbook is English and en is not empty, else zh.
func pick(en int, zh, enText string) string {
	if en == 1 && enText != "" {
		return enText
	}
	return zh
}
