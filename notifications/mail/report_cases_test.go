package mail

import (
	"strings"
	"testing"

	"xietong/domain"
	"xietong/domain/reporttest"
)

// TestRenderReportCases: a monthly report lists its new typical cases,
// last, numbered after the other sections, each title linking to its
// public page; a month with none says so; a report without the section
// has no trace of it.
func TestRenderReportCases(t *testing.T) {
	r := reporttest.Report()
	r.Cases = &domain.CaseSection{Items: []domain.ReportCase{{ID: 7, Title: "楼栋长<议事>", Community: "民安花园",
		CityCode: "610700", Bureau: "汉中市住房和城乡建设局", PublishedOn: domain.Date{Year: 2025, Month: 2, Day: 3}}}}
	got, err := std.RenderReport(r, LangZH, reportOptions())
	if err != nil {
		t.Fatal(err)
	}
	link := "https://xietong.example.gov.cn/public/cases/7"
	for _, part := range []struct{ name, body, title string }{
		{"text", got.Text, "1. 楼栋长<议事>"},
		{"html", got.HTML, `<a href="` + link + `" style="color:#1d4f91;">楼栋长&lt;议事&gt;</a>`},
	} {
		i := strings.Index(part.body, "本月新发布典型案例")
		if i < 0 {
			t.Fatalf("%s: no cases section:\n%s", part.name, part.body)
		}
		rest := part.body[i:]
		for _, want := range []string{part.title, "民安花园", "汉中市", "2025-02-03", link} {
			if !strings.Contains(rest, want) {
				t.Errorf("%s: the section lacks %q:\n%s", part.name, want, rest)
			}
		}
		for _, earlier := range []string{"总体情况", "逾期未办结事项"} {
			if j := strings.Index(part.body, earlier); j < 0 || j > i {
				t.Errorf("%s: %s is not before the cases", part.name, earlier)
			}
		}
	}

	r.Cases = &domain.CaseSection{}
	got, err = std.RenderReport(r, LangEN, reportOptions())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Text, "No typical case was published this month.") {
		t.Errorf("empty month:\n%s", got.Text)
	}
	r.Cases = nil
	got, err = std.RenderReport(r, LangZH, reportOptions())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got.Text+got.HTML, "典型案例") {
		t.Errorf("a report without the section mentions cases")
	}
}
