// Package reporttest holds the hand-built supervision-report fixture that
// domain's report tests check figure by figure and notifications/xlsx turns
// into a workbook. The right answers are written, with their arithmetic, in
// domain/report_test.go; the comments here say what each input is for.
package reporttest

import (
	"xietong/domain"
	"xietong/domain/calendar"
)

// The report fixture spans the Spring Festival 2025, so that working days
// and calendar days part ways:
//
//	2025-01-01 Wed        New Year's Day, holiday
//	2025-01-26 Sun        调休 working day
//	2025-01-28 Tue – 02-04 Tue   Spring Festival, holidays
//	2025-02-08 Sat        调休 working day
//
// Period 2025-01-20 (Mon) – 2025-02-16 (Sun); Today 2025-02-16, a Sunday, so
// the overdue cutoff is Friday 02-14: a task is overdue when its deadline is
// 02-13 or earlier.
//
// Every working-day count below is a difference of C(d), the number of
// working days from 2025-01-18 up to and including d (C(Jan 17) = 0):
//
//	2024-12-30 -13   12-31 -12   01-02 -11   01-03 -10
//	01-06 -9   01-07 -8   01-08 -7   01-09 -6   01-10 -5
//	01-13 -4   01-14 -3   01-15 -2   01-16 -1   01-17  0
//	01-20  1   01-21  2   01-22  3   01-23  4   01-24  5
//	01-25  5 (Sat)   01-26  6 (调休 Sun)   01-27  7
//	01-28 … 02-04  7 (holidays)
//	02-05  8   02-06  9   02-07 10   02-08 11 (调休 Sat)   02-09 11 (Sun)
//	02-10 12   02-11 13   02-12 14   02-13 15   02-14 16   02-15, 02-16 16
//
// domain's TestReportFixtureCalendar checks this table against the calendar,
// so that a slip in it shows up there and not as a puzzling report figure.

var d = calendar.NewDate

// WorkingDayIndex returns the table above: C(d) for each date the fixture
// uses.
func WorkingDayIndex() map[calendar.Date]int {
	return map[calendar.Date]int{
		d(2024, 12, 30): -13, d(2024, 12, 31): -12, d(2025, 1, 2): -11, d(2025, 1, 3): -10,
		d(2025, 1, 6): -9, d(2025, 1, 7): -8, d(2025, 1, 8): -7, d(2025, 1, 9): -6, d(2025, 1, 10): -5,
		d(2025, 1, 13): -4, d(2025, 1, 14): -3, d(2025, 1, 15): -2, d(2025, 1, 16): -1, d(2025, 1, 17): 0,
		d(2025, 1, 20): 1, d(2025, 1, 21): 2, d(2025, 1, 22): 3, d(2025, 1, 23): 4, d(2025, 1, 24): 5,
		d(2025, 1, 25): 5, d(2025, 1, 26): 6, d(2025, 1, 27): 7, d(2025, 1, 28): 7, d(2025, 2, 4): 7,
		d(2025, 2, 5): 8, d(2025, 2, 6): 9, d(2025, 2, 7): 10, d(2025, 2, 8): 11, d(2025, 2, 9): 11,
		d(2025, 2, 10): 12, d(2025, 2, 11): 13, d(2025, 2, 12): 14, d(2025, 2, 13): 15, d(2025, 2, 14): 16,
		d(2025, 2, 15): 16, d(2025, 2, 16): 16,
	}
}

// IndexOrigin is the day with C = 0.
var IndexOrigin = calendar.NewDate(2025, 1, 17)

// The organisations' ids. Ties in the ranking are broken by name in code-point
// order: 西安市人力资源… (人 U+4EBA) before 西安市公安局 (公 U+516C).
const (
	Police    = 1 // 公安
	Civil     = 2 // 民政
	Health    = 3 // 卫健
	Labour    = 4 // 人社
	Education = 5 // 教育
	Justice   = 6 // 司法
	Women     = 7 // 妇联: work, but nothing closed
	Disabled  = 8 // 残联: no work in the period
	Outsider  = 99
)

// Orgs returns the eight organisations, in the order of Report.OrgFigures.
func Orgs() []domain.ReportOrg {
	return []domain.ReportOrg{
		{ID: Police, Name: "西安市公安局", NameEn: "Xi'an Public Security Bureau", Type: "public_security", Region: "xian"},
		{ID: Civil, Name: "西安市民政局", NameEn: "Xi'an Civil Affairs Bureau", Type: "civil_affairs", Region: "xian"},
		{ID: Health, Name: "西安市卫生健康委员会", NameEn: "Xi'an Health Commission", Type: "health", Region: "xian"},
		{ID: Labour, Name: "西安市人力资源和社会保障局", NameEn: "Xi'an Human Resources and Social Security Bureau", Type: "labor", Region: "xian"},
		{ID: Education, Name: "西安市教育局", NameEn: "Xi'an Education Bureau", Type: "education", Region: "xian"},
		{ID: Justice, Name: "西安市司法局", NameEn: "Xi'an Justice Bureau", Type: "justice", Region: "xian"},
		{ID: Women, Name: "西安市妇女联合会", NameEn: "Xi'an Women's Federation", Type: "womens_federation", Region: "xian"},
		{ID: Disabled, Name: "西安市残疾人联合会", NameEn: "Xi'an Disabled Persons' Federation", Type: "disabled_federation", Region: "xian"},
	}
}

// Tasks returns the tasks. Per task, the arithmetic that decides it. "acc" is C(accepted)
// − C(assigned) (on time when ≤ 1), "days" C(closed) − C(assigned), "late"
// C(closed) − C(due) (on time when ≤ 0), "over" 16 − C(due) on Today.
func Tasks() []domain.ReportTask {
	const (
		assigned = domain.StatusAssigned
		progress = domain.StatusInProgress
		closed   = domain.StatusClosed
		normal   = domain.PriorityNormal
		high     = domain.PriorityHigh
		urgent   = domain.PriorityUrgent
	)
	return []domain.ReportTask{
		// 民政 (Civil): assigned 4, accepted on time 3, closed 3, on time 3.
		// acc 1−1=0 ✓; days 4−1=3; late 4−5<0 ✓
		{ID: 1, Title: "米家崖小区养老服务站建设", LeadOrgID: Civil, CommunityID: 101, Priority: normal, Status: closed,
			AssignedOn: d(2025, 1, 20), AcceptedOn: d(2025, 1, 20), Due: d(2025, 1, 24), ClosedOn: d(2025, 1, 23)},
		// acc 4−3=1 ✓; days 8−3=5; closed 02-05 before due 02-07 ✓
		{ID: 2, Title: "困难家庭春节慰问", LeadOrgID: Civil, Priority: high, Status: closed,
			AssignedOn: d(2025, 1, 22), AcceptedOn: d(2025, 1, 23), Due: d(2025, 2, 7), ClosedOn: d(2025, 2, 5)},
		// assigned before the period, closed in it: counts in Closed only.
		// days 2−(−5)=7; closed 01-21 before due 01-24 ✓
		{ID: 3, Title: "低保对象复核", LeadOrgID: Civil, Priority: normal, Status: closed,
			AssignedOn: d(2025, 1, 10), AcceptedOn: d(2025, 1, 10), Due: d(2025, 1, 24), ClosedOn: d(2025, 1, 21)},
		// acc 14−12=2 ✗ (late); open, due 02-21 not overdue
		{ID: 4, Title: "社区养老食堂运营补贴", LeadOrgID: Civil, CommunityID: 102, Priority: normal, Status: progress,
			AssignedOn: d(2025, 2, 10), AcceptedOn: d(2025, 2, 12), Due: d(2025, 2, 21)},
		// closed 01-23, reopened: open again (ClosedOn zero), Reopens 1; acc 0 ✓
		{ID: 27, Title: "兰博公寓电梯维修回访", LeadOrgID: Civil, CommunityID: 102, Priority: high, Status: progress,
			AssignedOn: d(2025, 1, 21), AcceptedOn: d(2025, 1, 21), Due: d(2025, 2, 20), Reopens: 1},

		// 人社 (Labour): assigned 2, accepted on time 2, closed 2, on time 1, open 0.
		// Fri 01-24 → 调休 Sun 01-26: acc 6−5=1 ✓. Due extended 02-07 → 02-14;
		// closed 02-12, late only without the extension; days 14−5=9
		{ID: 5, Title: "就业援助月专场招聘会", LeadOrgID: Labour, Priority: normal, Status: closed,
			AssignedOn: d(2025, 1, 24), AcceptedOn: d(2025, 1, 26), OriginalDue: d(2025, 2, 7), Due: d(2025, 2, 14),
			ClosedOn: d(2025, 2, 12), ExtensionsAsked: 1, ExtensionsGranted: 1},
		// Mon 01-27 → Wed 02-05 across the festival: acc 8−7=1 ✓. Due on the 调休
		// Sat 02-08, closed Sun 02-09: after the deadline, so late (超期办结),
		// though by no working day (11−11=0); days 11−7=4
		{ID: 6, Title: "退休人员社保待遇认证", LeadOrgID: Labour, Priority: normal, Status: closed,
			AssignedOn: d(2025, 1, 27), AcceptedOn: d(2025, 2, 5), Due: d(2025, 2, 8), ClosedOn: d(2025, 2, 9)},

		// 公安 (Police): assigned 3, accepted on time 2, closed 2, on time 2, open 1.
		// acc 2−1=1 ✓; closed on the due day ✓; days 5−1=4; returned once
		{ID: 7, Title: "米家崖小区治安巡逻", LeadOrgID: Police, CommunityID: 101, Priority: high, Status: closed,
			AssignedOn: d(2025, 1, 20), AcceptedOn: d(2025, 1, 21), Due: d(2025, 1, 24), ClosedOn: d(2025, 1, 24), Returns: 1},
		// acc 9−8=1 ✓; closed on the 调休 Sat 02-08 ✓; days 11−8=3
		{ID: 8, Title: "节后消防安全检查", LeadOrgID: Police, Priority: urgent, Status: closed,
			AssignedOn: d(2025, 2, 5), AcceptedOn: d(2025, 2, 6), Due: d(2025, 2, 10), ClosedOn: d(2025, 2, 8)},
		// assigned and closed before the period: not in the report at all
		{ID: 9, Title: "元旦安保", LeadOrgID: Police, Priority: normal, Status: closed,
			AssignedOn: d(2025, 1, 15), AcceptedOn: d(2025, 1, 15), Due: d(2025, 1, 22), ClosedOn: d(2025, 1, 17)},
		// not yet accepted: not accepted on time; open, not overdue
		{ID: 10, Title: "电动车充电桩安全排查", LeadOrgID: Police, CommunityID: 103, Priority: normal, Status: assigned,
			AssignedOn: d(2025, 2, 13), Due: d(2025, 2, 20)},

		// 教育 (Education): assigned 4, accepted on time 3, closed 4, on time 2, open 1, overdue 1.
		// acc 0 ✓; late 7−4=3 ✗; days 7−1=6
		{ID: 11, Title: "寒假托管服务", LeadOrgID: Education, Priority: normal, Status: closed,
			AssignedOn: d(2025, 1, 20), AcceptedOn: d(2025, 1, 20), Due: d(2025, 1, 23), ClosedOn: d(2025, 1, 27)},
		// acc 3−2=1 ✓; due Mon 01-27, closed Wed 02-05 after the festival:
		// late 8−7=1 ✗; days 8−2=6
		{ID: 12, Title: "随迁子女入学摸底", LeadOrgID: Education, Priority: normal, Status: closed,
			AssignedOn: d(2025, 1, 21), AcceptedOn: d(2025, 1, 22), Due: d(2025, 1, 27), ClosedOn: d(2025, 2, 5)},
		// acc 0 ✓; closed on the due day ✓; days 9−4=5
		{ID: 13, Title: "社区四点半课堂", LeadOrgID: Education, CommunityID: 201, Priority: normal, Status: closed,
			AssignedOn: d(2025, 1, 23), AcceptedOn: d(2025, 1, 23), Due: d(2025, 2, 6), ClosedOn: d(2025, 2, 6)},
		// assigned in 2024, closed in the period ✓ on the due day; days
		// 7−(−13)=20 across New Year's Day. Its extension request does not
		// count: it was not assigned in the period.
		{ID: 14, Title: "学校周边环境整治", LeadOrgID: Education, Priority: normal, Status: closed,
			AssignedOn: d(2024, 12, 30), AcceptedOn: d(2024, 12, 31), Due: d(2025, 1, 27), ClosedOn: d(2025, 1, 27),
			ExtensionsAsked: 1},
		// acc 10−8=2 ✗; open, due on the 调休 Sat 02-08: over 16−11=5
		{ID: 15, Title: "校外培训机构检查", LeadOrgID: Education, Priority: high, Status: progress,
			AssignedOn: d(2025, 2, 5), AcceptedOn: d(2025, 2, 7), Due: d(2025, 2, 8),
			ExtensionsAsked: 2, Transfers: 1, LadderStep: "supervise"},

		// 卫健 (Health): assigned 4, accepted on time 3, closed 2, on time 1, open 2, overdue 1.
		// due on the 调休 Sun 01-26, closed Mon 01-27: late 7−6=1 ✗; days 7−3=4
		{ID: 16, Title: "老年人健康体检", LeadOrgID: Health, CommunityID: 101, Priority: normal, Status: closed,
			AssignedOn: d(2025, 1, 22), AcceptedOn: d(2025, 1, 22), Due: d(2025, 1, 26), ClosedOn: d(2025, 1, 27)},
		// acc 7−5=2 ✗ (Fri → Mon, the 调休 Sunday was a working day);
		// extended 01-27 → 02-05, closed 02-05 ✓; days 8−5=3
		{ID: 17, Title: "家庭医生签约", LeadOrgID: Health, Priority: normal, Status: closed,
			AssignedOn: d(2025, 1, 24), AcceptedOn: d(2025, 1, 27), OriginalDue: d(2025, 1, 27), Due: d(2025, 2, 5),
			ClosedOn: d(2025, 2, 5), ExtensionsAsked: 1, ExtensionsGranted: 1},
		// open, due Thu 02-13 < cutoff 02-14: over 16−15=1
		{ID: 18, Title: "流感疫苗接种点", LeadOrgID: Health, CommunityID: 103, Priority: urgent, Status: progress,
			AssignedOn: d(2025, 2, 6), AcceptedOn: d(2025, 2, 6), Due: d(2025, 2, 13), LadderStep: "urge"},
		// open, due Fri 02-14: not overdue on Sunday 02-16 (16−16=0)
		{ID: 19, Title: "社区卫生服务站巡诊", LeadOrgID: Health, Priority: normal, Status: progress,
			AssignedOn: d(2025, 2, 10), AcceptedOn: d(2025, 2, 10), Due: d(2025, 2, 14), LadderStep: "remind"},

		// 司法 (Justice): assigned 2, accepted on time 2, closed 1, on time 0, open 3, overdue 3.
		// assigned before, closed in the period: late 2−0=2 ✗; days 2−(−9)=11
		{ID: 20, Title: "矛盾纠纷排查", LeadOrgID: Justice, Priority: normal, Status: closed,
			AssignedOn: d(2025, 1, 6), AcceptedOn: d(2025, 1, 7), Due: d(2025, 1, 17), ClosedOn: d(2025, 1, 21)},
		// assigned before the period, open: over 16−5=11, listed
		{ID: 21, Title: "法律援助工作站建设", LeadOrgID: Justice, CommunityID: 201, Priority: high, Status: progress,
			AssignedOn: d(2025, 1, 13), AcceptedOn: d(2025, 1, 14), Due: d(2025, 1, 24),
			LadderStep: "listed_supervision", Listed: true},
		// acc 1 ✓; over 16−7=9; returned twice
		{ID: 22, Title: "社区矫正对象走访", LeadOrgID: Justice, Priority: normal, Status: progress,
			AssignedOn: d(2025, 1, 20), AcceptedOn: d(2025, 1, 21), Due: d(2025, 1, 27), Returns: 2, LadderStep: "supervise"},
		// Fri 02-07 → 调休 Sat 02-08: acc 11−10=1 ✓. Closed 02-18, after Today
		// (a report rebuilt later): open on Today; due Sun 02-09: over 16−11=5,
		// the same as task 15, which comes first by its earlier deadline
		{ID: 23, Title: "人民调解员培训", LeadOrgID: Justice, Priority: normal, Status: closed,
			AssignedOn: d(2025, 2, 7), AcceptedOn: d(2025, 2, 8), Due: d(2025, 2, 9), ClosedOn: d(2025, 2, 18),
			LadderStep: "urge"},

		// 妇联 (Women): assigned 2, accepted on time 1, nothing closed, open 2, overdue 1.
		// acc 15−14=1 ✓; open, due 02-26
		{ID: 24, Title: "儿童之家活动", LeadOrgID: Women, CommunityID: 401, Priority: normal, Status: progress,
			AssignedOn: d(2025, 2, 12), AcceptedOn: d(2025, 2, 13), Due: d(2025, 2, 26)},
		// never accepted; over 16−3=13, listed
		{ID: 25, Title: "留守妇女帮扶", LeadOrgID: Women, CommunityID: 102, Priority: urgent, Status: assigned,
			AssignedOn: d(2025, 1, 20), Due: d(2025, 1, 22), ExtensionsAsked: 1, Transfers: 1,
			LadderStep: "listed_supervision", Listed: true},

		// 残联 (Disabled): only work outside the period, so "no work".
		{ID: 26, Title: "残疾人证年审", LeadOrgID: Disabled, Priority: normal, Status: closed,
			AssignedOn: d(2025, 1, 2), AcceptedOn: d(2025, 1, 2), Due: d(2025, 1, 10), ClosedOn: d(2025, 1, 9)},

		// lead not in scope: counts nowhere (it would be overdue)
		{ID: 28, Title: "外单位任务", LeadOrgID: Outsider, Priority: normal, Status: assigned,
			AssignedOn: d(2025, 2, 3), Due: d(2025, 2, 5)},
	}
}

// Communities returns seven communities, for the hot-spot rows.
func Communities() []domain.ReportCommunity {
	return []domain.ReportCommunity{
		{ID: 101, Name: "米家崖小区", NameEn: "Mijiaya", Region: "xian"},
		{ID: 102, Name: "兰博公寓", NameEn: "Lanbo Apartments", Region: "xian"},
		{ID: 103, Name: "纺织城小区", NameEn: "Fangzhicheng", Region: "xian"},
		{ID: 201, Name: "金合尙居", NameEn: "Jinhe Shangju", Region: "baoji"},
		{ID: 301, Name: "民安花园", NameEn: "Min'an Garden", Region: "hanzhong"},
		{ID: 401, Name: "竹儿湾小区", NameEn: "Zhu'erwan", Region: "ankang"},
		{ID: 402, Name: "香溪小区", NameEn: "Xiangxi", Region: "ankang"},
	}
}

// Hotspots returns the hot-spots, each with what it counts for.
func Hotspots() []domain.ReportHotspotItem {
	const (
		sat   = domain.Satisfied
		basic = domain.BasicallySatisfied
		unsat = domain.Unsatisfied
	)
	return []domain.ReportHotspotItem{
		// reported, dispatched, resolved and satisfied in the period
		{ID: 1, CommunityID: 101, Status: domain.HotspotResolved, ReportedOn: d(2025, 1, 20), DispatchedOn: d(2025, 1, 21),
			ResolvedOn: d(2025, 2, 6), FeedbackOn: d(2025, 2, 6), Satisfaction: sat},
		// unsatisfied once, then basically satisfied: reopened
		{ID: 2, CommunityID: 101, Status: domain.HotspotResolved, ReportedOn: d(2025, 1, 22), DispatchedOn: d(2025, 1, 22),
			ResolvedOn: d(2025, 2, 7), FeedbackOn: d(2025, 2, 7), Satisfaction: basic, Reopens: 1},
		// unsatisfied, back to dispatched
		{ID: 3, CommunityID: 102, Status: domain.HotspotDispatched, ReportedOn: d(2025, 1, 23), DispatchedOn: d(2025, 1, 24),
			FeedbackOn: d(2025, 2, 10), Satisfaction: unsat, Reopens: 1},
		// reported, not yet dispatched
		{ID: 4, CommunityID: 102, Status: domain.HotspotReported, ReportedOn: d(2025, 2, 10)},
		// reported and dispatched before the period, resolved in it
		{ID: 5, CommunityID: 201, Status: domain.HotspotResolved, ReportedOn: d(2025, 1, 6), DispatchedOn: d(2025, 1, 8),
			ResolvedOn: d(2025, 1, 21), FeedbackOn: d(2025, 1, 21), Satisfaction: sat},
		// awaiting feedback
		{ID: 6, CommunityID: 301, Status: domain.HotspotAwaitingFeedback, ReportedOn: d(2025, 2, 3), DispatchedOn: d(2025, 2, 5)},
		// all before the period: counts nowhere
		{ID: 7, CommunityID: 301, Status: domain.HotspotResolved, ReportedOn: d(2024, 12, 20), DispatchedOn: d(2024, 12, 23),
			ResolvedOn: d(2025, 1, 10), FeedbackOn: d(2025, 1, 10), Satisfaction: sat},
		// rejected: reported only
		{ID: 8, CommunityID: 401, Status: domain.HotspotRejected, ReportedOn: d(2025, 1, 27)},
		// community not in scope: counts nowhere
		{ID: 9, CommunityID: 999, Status: domain.HotspotReported, ReportedOn: d(2025, 2, 12)},
	}
}

// Input returns the whole fixture: Xi'an, 2025-01-20 to 2025-02-16, Today
// 2025-02-16.
func Input() domain.ReportInput {
	return domain.ReportInput{Scope: "西安市", From: d(2025, 1, 20), To: d(2025, 2, 16), Today: d(2025, 2, 16),
		Orgs: Orgs(), Tasks: Tasks(), Hotspots: Hotspots(), Communities: Communities()}
}

// Calendar returns the official calendar the fixture is counted on.
func Calendar() *calendar.Calendar { return calendar.New(calendar.Official()...) }

// Report returns BuildReport of Input on Calendar.
func Report() domain.Report {
	r := domain.BuildReport(Input(), Calendar())
	r.Progress = Progress()
	return r
}

// Progress is the campaign progress the fixture's report carries, as
// ProgressService gives it for the province as of the period's end: with
// city titles Xi'an 1 of 3, Baoji 0 of 1, Hanzhong 1 of 1, Ankang 1 of 2
// (exactly on the 50% target), the other cities without communities;
// 3 of 7 in all, ⌈3.5⌉ = 4 needed, 1 to go. With province titles only
// Hanzhong's: 1 of 7.
func Progress() *domain.ReportProgress {
	count := func(titled, communities int) domain.ProgressCount {
		return domain.ProgressCount{Titled: titled, Communities: communities}
	}
	level := func(l domain.StandardLevel, xian, baoji, hanzhong, ankang domain.ProgressCount) domain.ReportProgressLevel {
		out := domain.ReportProgressLevel{Level: l}
		for _, c := range domain.CampaignCities() {
			r := domain.ReportProgressRegion{Code: c}
			switch c {
			case "610100":
				r.ProgressCount = xian
			case "610300":
				r.ProgressCount = baoji
			case "610700":
				r.ProgressCount = hanzhong
			case "610900":
				r.ProgressCount = ankang
			}
			out.Total = out.Total.Add(r.ProgressCount)
			out.Regions = append(out.Regions, r)
		}
		return out
	}
	return &domain.ReportProgress{AsOf: d(2025, 2, 16), Target: 0.5, TargetOn: d(2017, 8, 7),
		Levels: []domain.ReportProgressLevel{
			level(domain.LevelCity, count(1, 3), count(0, 1), count(1, 1), count(1, 2)),
			level(domain.LevelProvince, count(0, 3), count(0, 1), count(1, 1), count(0, 2)),
		}}
}
