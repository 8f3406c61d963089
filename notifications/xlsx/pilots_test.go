package xlsx_test

import (
	"strings"
	"testing"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/reporttest"
)

// TestWorkbookPilots: a report with a pilot section gets a last sheet
// listing what each pilot owes; Baoji's standard, due Tuesday 4 March
// 2025, is 3 working days overdue on Friday 7 March.
func TestWorkbookPilots(t *testing.T) {
	r := reporttest.Report()
	r.Pilots = &domain.PilotReport{Owed: []domain.PilotOwed{
		{RegionCode: "610300", Region: "宝鸡市", RegionEn: "Baoji", Item: domain.PilotStandard,
			Status: domain.PilotOpen, Owner: "宝鸡市住房和城乡建设局", Due: calendar.NewDate(2025, 3, 4), DaysOverdue: 3},
		{RegionCode: "610725", Region: "勉县", RegionEn: "Mian County", Item: domain.PilotHarmoniousCommunity,
			Status: domain.PilotOpen},
	}}
	f, _ := open(t, r, "zh-CN")
	sheets := f.GetSheetList()
	if got := sheets[len(sheets)-1]; got != "试点五个一" || !strings.HasPrefix(strings.Join(sheets, ","), "汇总,图表,创建进度,排名") {
		t.Fatalf("sheets: %v", sheets)
	}
	rows, err := f.GetRows("试点五个一")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"试点", "事项", "状态", "责任单位", "完成期限", "逾期工作日"},
		{"宝鸡市", "地方标准", "办理中", "宝鸡市住房和城乡建设局", "2025-03-04", "3"},
		{"勉县", "和谐社区", "办理中", "", "", "0"},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows: %q", rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: got %q, want %q", i+1, rows[i], want[i])
		}
	}
	en, _ := open(t, r, "en")
	if rows, _ := en.GetRows("Pilots' five ones"); len(rows) != 3 || rows[1][0] != "Baoji" || rows[1][1] != "Local standard" {
		t.Errorf("english rows: %q", rows)
	}
}
