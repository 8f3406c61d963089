package mail

import (
	"strings"
	"testing"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/reporttest"
)

// pilotReport is the fixture report with a pilot section: Baoji's
// standard, due Tuesday 4 March 2025, is 3 working days overdue on Friday
// 7 March (the 5th, 6th and 7th); Mian County's plan is not assigned.
func pilotReport() domain.Report {
	r := reporttest.Report()
	r.Pilots = &domain.PilotReport{Owed: []domain.PilotOwed{
		{RegionCode: "610300", Region: "宝鸡市", RegionEn: "Baoji", Item: domain.PilotStandard,
			Status: domain.PilotOpen, Owner: "宝鸡市住房和城乡建设局", Due: calendar.NewDate(2025, 3, 4), DaysOverdue: 3},
		{RegionCode: "610725", Region: "勉县", RegionEn: "Mian County", Item: domain.PilotPlan,
			Status: domain.PilotUnassigned},
	}}
	return r
}

// TestRenderReportPilots: the pilot section follows the rankings as the
// third section, listing each owed item with its owner, due date and
// overdue days; without a section the report is as before.
func TestRenderReportPilots(t *testing.T) {
	got, err := std.RenderReport(pilotReport(), LangZH, reportOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"四、试点“五个一”未完成事项\n",
		"宝鸡市 · 地方标准：办理中\n   责任单位：宝鸡市住房和城乡建设局；完成期限：2025-03-04；已逾期 3 个工作日\n",
		"勉县 · 工作方案：未交办\n   责任单位：—；完成期限：—\n",
		"五、逾期",
	} {
		if !strings.Contains(got.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, got.Text)
		}
	}
	ranking, pilots, overdue := strings.Index(got.Text, "三、"), strings.Index(got.Text, "四、试点"), strings.Index(got.Text, "五、")
	if !(ranking < pilots && pilots < overdue) {
		t.Errorf("sections out of order: ranking %d, pilots %d, overdue %d", ranking, pilots, overdue)
	}
	if !strings.Contains(got.HTML, "试点“五个一”未完成事项") || !strings.Contains(got.HTML, ">3</td>") ||
		!strings.Contains(got.HTML, "宝鸡市住房和城乡建设局") {
		t.Errorf("html lacks the section:\n%s", got.HTML)
	}
	en, err := std.RenderReport(pilotReport(), LangEN, reportOptions())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(en.Text, "Baoji · Local standard: In progress") {
		t.Errorf("english text:\n%s", en.Text)
	}
	plain, err := std.RenderReport(reporttest.Report(), LangZH, reportOptions())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.Text, "试点") {
		t.Errorf("a report without a pilot section shows one:\n%s", plain.Text)
	}
}
