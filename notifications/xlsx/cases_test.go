package xlsx_test

import (
	"slices"
	"testing"

	"xietong/domain"
	"xietong/domain/reporttest"
)

// TestWorkbookCases: a monthly report's new typical cases get the last
// sheet; a report without them has no such sheet.
func TestWorkbookCases(t *testing.T) {
	r := reporttest.Report()
	f, _ := open(t, r, "zh-CN")
	if slices.Contains(f.GetSheetList(), "典型案例") {
		t.Fatal("a report without cases has a cases sheet")
	}
	r.Cases = &domain.CaseSection{Items: []domain.ReportCase{{ID: 7, Title: "楼栋长议事", Community: "民安花园",
		CityCode: "610700", Bureau: "汉中市住房和城乡建设局", PublishedOn: domain.Date{Year: 2025, Month: 2, Day: 3}}}}
	f, _ = open(t, r, "zh-CN")
	sheets := f.GetSheetList()
	if sheets[len(sheets)-1] != "典型案例" {
		t.Fatalf("sheets %v, want 典型案例 last", sheets)
	}
	rows, err := f.GetRows("典型案例")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"7", "楼栋长议事", "民安花园", "汉中市", "汉中市住房和城乡建设局", "2025-02-03", "/public/cases/7"}
	if len(rows) != 2 || !slices.Equal(rows[1], want) {
		t.Errorf("rows %q, want header and %q", rows, want)
	}
}
