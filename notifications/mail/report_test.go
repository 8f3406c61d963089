package mail

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/reporttest"
	"xietong/notifications/golden"
)

// reportOptions are the options every report case starts from.
func reportOptions() ReportOptions {
	return ReportOptions{RecipientName: "陈立新",
		Link: "https://xietong.example.gov.cn/reports/supervision?from=2025-01-20&to=2025-02-16"}
}

// TestRenderReportGolden renders the hand-built fixture report
// (domain/reporttest, whose figures domain/report_test.go proves by hand).
func TestRenderReportGolden(t *testing.T) {
	r := reporttest.Report()
	for _, lang := range Langs() {
		t.Run(lang, func(t *testing.T) {
			got, err := std.RenderReport(r, lang, reportOptions())
			if err != nil {
				t.Fatal(err)
			}
			golden.Compare(t, "testdata/report."+lang+".golden", formatGolden(got))
		})
	}
}

func TestRenderReportSubject(t *testing.T) {
	tests := []struct {
		period, lang, want string
	}{
		{domain.ReportWeekly, LangZH, "督查通报（周报）：西安市 2025-01-20至2025-02-16"},
		{domain.ReportMonthly, LangZH, "督查通报（月报）：西安市 2025-01-20至2025-02-16"},
		{"", LangZH, "督查通报：西安市 2025-01-20至2025-02-16"},
		{"yearly", LangZH, "督查通报：西安市 2025-01-20至2025-02-16"},
		{domain.ReportWeekly, LangEN, "Supervision report (weekly): 西安市, 2025-01-20 to 2025-02-16"},
		{"", LangEN, "Supervision report: 西安市, 2025-01-20 to 2025-02-16"},
	}
	r := reporttest.Report()
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.period, func(t *testing.T) {
			o := reportOptions()
			o.Period = tt.period
			got, err := std.RenderReport(r, tt.lang, o)
			if err != nil {
				t.Fatal(err)
			}
			if got.Subject != tt.want {
				t.Errorf("got %q, want %q", got.Subject, tt.want)
			}
		})
	}
}

// emptyReport is a report over organisations that had no work: every rate
// and average has no data.
func emptyReport() domain.Report {
	in := reporttest.Input()
	in.Tasks, in.Hotspots = nil, nil
	return domain.BuildReport(in, reporttest.Calendar())
}

var (
	zeroRate = regexp.MustCompile(`(^|[^0-9.])0(\.0)?%`)
	trueZero = regexp.MustCompile(`司法局|Justice|妇女联合会|Women|宝鸡|Baoji|\| 0 \| [1-9][0-9]* \|`)
)

// TestRenderReportNoData: a rate over nothing is written as no data, never
// as 0%, and an organisation that closed nothing is not ranked at 0%.
func TestRenderReportNoData(t *testing.T) {
	tests := []struct {
		name string
		r    domain.Report
		lang string
		want []string
	}{
		{"zh totals", emptyReport(), LangZH, []string{"按期办结率：无数据\n", "逾期率：无数据\n",
			"平均办结用时（工作日）：无数据\n", "办结用时90百分位（工作日）：无数据\n", "满意率：无数据\n",
			"本期无应办结事项：6 个单位\n"}},
		{"en totals", emptyReport(), LangEN, []string{"On-time closure rate: no data\n", "Overdue rate: no data\n",
			"Satisfaction rate: no data\n", "No work due in the period: 6 units\n"}},
		{"zh fixture", reporttest.Report(), LangZH, []string{"督促指导部门\n1  西安市民政局：应办结 3 件，按期办结 3 件，按期办结率 100.0%，综合得分 100.0\n",
			"参与部门\n1  西安市妇女联合会：应办结 1 件，按期办结 0 件，按期办结率 0.0%，综合得分 90.5\n本期无应办结事项：1 个单位\n",
			"6  西安市司法局：应办结 4 件，按期办结 0 件，按期办结率 0.0%，综合得分 78.5\n",
			"各市（区）\n1  西安市：应办结 22 件，按期办结 10 件，按期办结率 45.5%"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := std.RenderReport(tt.r, tt.lang, ReportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(got.Text, w) {
					t.Errorf("text lacks %q:\n%s", w, got.Text)
				}
			}
			// The only true zeros: 司法局 closed 1 task late, 宝鸡 has no
			// titled community, nor has a region with no title of its
			// communities (a progress line "name | 0 | n | 0.0% | …").
			for _, line := range strings.Split(got.Text, "\n") {
				if zeroRate.MatchString(line) && !trueZero.MatchString(line) {
					t.Errorf("a rate shows as 0%%: %q", line)
				}
			}
			if noProgress := tt.r; noProgress.Total.OnTimeRate == nil {
				noProgress.Progress = nil
				h, err := std.RenderReport(noProgress, tt.lang, ReportOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if zeroRate.MatchString(h.HTML) {
					t.Errorf("HTML shows a rate as 0%% in a report with no rates")
				}
			}
		})
	}
}

// TestRenderReportOverdueMore: the mail lists the 20 most overdue tasks
// and counts the rest, which only the workbook lists.
func TestRenderReportOverdueMore(t *testing.T) {
	r := reporttest.Report()
	first := r.Overdue[0]
	r.Overdue = nil
	for i := range 25 {
		it := first
		it.TaskID, it.DaysOverdue = int64(100+i), 40-i
		r.Overdue = append(r.Overdue, it)
	}
	got, err := std.RenderReport(r, LangZH, ReportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"逾期未办结事项共 25 件，以下列出逾期时间最长的 20 件，", "20. [督办#119] ",
		"另有 5 件逾期未办结事项，详见附件工作簿。"} {
		if !strings.Contains(got.Text, w) {
			t.Errorf("text lacks %q:\n%s", w, got.Text)
		}
	}
	if strings.Contains(got.Text, "21. [督办#") || strings.Contains(got.HTML, "[督办#120]") {
		t.Errorf("more than 20 overdue tasks listed:\n%s", got.Text)
	}
	if !strings.Contains(got.HTML, "另有 5 件逾期未办结事项，详见附件工作簿。") {
		t.Errorf("HTML lacks the count of the rest")
	}
	en, err := std.RenderReport(r, LangEN, ReportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if w := "5 more overdue tasks are listed in the attached workbook."; !strings.Contains(en.Text, w) {
		t.Errorf("text lacks %q:\n%s", w, en.Text)
	}
}

func TestRenderReportEscapes(t *testing.T) {
	r := reporttest.Report()
	r.Scope = `<script>alert("s")</script>`
	r.Groups[0].Ranked[0].Name = "<b>民政</b>"
	r.Overdue[0].Title = "<img src=x onerror=alert(1)>"
	o := ReportOptions{RecipientName: "<i>陈</i>", Link: "javascript:alert(1)"}
	got, err := std.RenderReport(r, LangZH, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script>", "<b>民政", "<img", "<i>陈", "javascript:"} {
		if strings.Contains(got.HTML, bad) {
			t.Errorf("HTML contains %q", bad)
		}
	}
	for _, want := range []string{"&lt;b&gt;民政&lt;/b&gt;", "&lt;img src=x onerror=alert(1)&gt;"} {
		if !strings.Contains(got.HTML, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Contains(got.Text, "javascript:") || strings.Contains(got.Text, "在线查看督查通报") {
		t.Errorf("a link that is not http(s) was kept:\n%s", got.Text)
	}
}

// TestRenderReportSparse: a report with nothing in it still renders.
func TestRenderReportSparse(t *testing.T) {
	for _, lang := range Langs() {
		for _, r := range []domain.Report{{}, emptyReport()} {
			if _, err := std.RenderReport(r, lang, ReportOptions{}); err != nil {
				t.Errorf("%s: %v", lang, err)
			}
		}
	}
}

// TestBuildReport: the report with its workbook is multipart/mixed, the
// two renderings as multipart/alternative first, then the workbook.
func TestBuildReport(t *testing.T) {
	r, err := std.RenderReport(reporttest.Report(), LangZH, reportOptions())
	if err != nil {
		t.Fatal(err)
	}
	env := testEnvelope()
	env.ReplyTo, env.InReplyTo, env.References = "", nil, nil
	env.MessageID = "<xt.report.20250216.u9@xietong.example.gov.cn>"
	book := bytes.Repeat([]byte("PK\x03\x04 workbook "), 300)
	const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	raw, err := Build(env, r, Attachment{Name: "督查通报_西安市_2025-01-20至2025-02-16.xlsx", ContentType: xlsxType, Data: book})
	if err != nil {
		t.Fatal(err)
	}
	checkWire(t, raw)
	p := parse(t, raw)
	var got []string
	for _, l := range p.leaves {
		got = append(got, l.path+" "+l.mediaType)
	}
	want := []string{"1 multipart/mixed", "1.1 multipart/alternative", "1.1.1 text/plain", "1.1.2 text/html",
		"1.2 " + xlsxType}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("parts: got %v, want %v", got, want)
	}
	if s := decodeWords(t, p.header.Get("Subject")); s != r.Subject {
		t.Errorf("Subject: got %q, want %q", s, r.Subject)
	}
	if p.header.Get("Reply-To") != "" {
		t.Errorf("the report has a Reply-To")
	}
	text, html, file := lf(p.leaves[2].body), lf(p.leaves[3].body), p.leaves[4]
	if text != r.Text || html != r.HTML {
		t.Errorf("the parts do not decode to the rendering")
	}
	if file.filename != "督查通报_西安市_2025-01-20至2025-02-16.xlsx" || !bytes.Equal(file.body, book) {
		t.Errorf("attachment: got %q (%d bytes)", file.filename, len(file.body))
	}
	// 残联 had no work due: not ranked, counted in its group's one line.
	if !strings.Contains(text, "本期无应办结事项：1 个单位\n") || strings.Contains(text, "残疾人联合会") {
		t.Errorf("text part: the organisation with no work due is not collapsed into the count")
	}
	if !strings.Contains(html, "font-size:13px;\">本期无应办结事项：1 个单位</td>") {
		t.Errorf("HTML part: the organisation with no work due is not collapsed into the count")
	}
	if !strings.Contains(text, "附件：督查通报工作簿（Excel）") {
		t.Errorf("text part does not mention the attached workbook")
	}
}

// weinanProgress is a city report's progress worked out by hand: 4
// communities in the register at the period's end, 1 with a valid title
// (a second revoked before the end): 25%, target 50%, 2 needed, 1 to go;
// Linwei 1 of 3, Huazhou 0 of 1; no province title.
func weinanProgress() *domain.ReportProgress {
	c := func(titled, n int) domain.ProgressCount { return domain.ProgressCount{Titled: titled, Communities: n} }
	return &domain.ReportProgress{AsOf: calendar.NewDate(2025, 2, 28), Target: 0.5, Levels: []domain.ReportProgressLevel{
		{Level: domain.LevelCity, Total: c(1, 4), Regions: []domain.ReportProgressRegion{
			{Code: "610502", ProgressCount: c(1, 3)}, {Code: "610503", ProgressCount: c(0, 1)}}},
		{Level: domain.LevelProvince, Total: c(0, 4), Regions: []domain.ReportProgressRegion{
			{Code: "610502", ProgressCount: c(0, 3)}, {Code: "610503", ProgressCount: c(0, 1)}}},
	}}
}

// TestRenderReportProgress: the progress comes right after the headline
// figures, each region's bar is table cells with the target marked, and
// the text part is a plain table.
func TestRenderReportProgress(t *testing.T) {
	r := emptyReport()
	r.Scope, r.Progress = "渭南市", weinanProgress()
	got, err := std.RenderReport(r, LangZH, reportOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		"截至 2025-02-28，渭南市获市级及以上“和谐社区·幸福家园”称号的小区 1 个，占在册保障房小区（4 个）的 25.0%，距 50.0% 的创建目标尚需 1 个；其中获省级称号 0 个。",
		"市级及以上称号\n地区 | 已获称号 | 在册小区 | 创建比例 | 距目标尚需\n合计 | 1 | 4 | 25.0% | 1\n临渭区 | 1 | 3 | 33.3% | 1\n华州区 | 0 | 1 | 0.0% | 1\n",
		"省级称号\n地区 | 已获称号 | 在册小区 | 创建比例 | 距目标尚需\n合计 | 0 | 4 | 0.0% | 2\n",
	} {
		if !strings.Contains(got.Text, w) {
			t.Errorf("text lacks %q:\n%s", w, got.Text)
		}
	}
	if p, rk := strings.Index(got.Text, "二、和谐社区创建进度"), strings.Index(got.Text, "三、按期办结率分组排名"); p < 0 || rk < p {
		t.Errorf("progress is not the second section, before the ranking:\n%s", got.Text)
	}
	// 25% of a 120-pixel bar is 30 pixels filled, then grey up to the
	// target's mark at 60, the mark (2 pixels), grey to the end.
	bar := `<td width="30" height="10" bgcolor="#1d4f91"[^>]*>&nbsp;</td><td width="30" height="10" bgcolor="#e1e5ea"[^>]*>&nbsp;</td>` +
		`<td width="2" height="10" bgcolor="#c62828"[^>]*>&nbsp;</td><td width="58" height="10" bgcolor="#e1e5ea"`
	if !regexp.MustCompile(bar).MatchString(got.HTML) {
		t.Errorf("HTML has no 25%% bar with the target marked")
	}
	if strings.Contains(got.HTML, "<img") || strings.Contains(got.HTML, "<svg") {
		t.Errorf("HTML draws the bars with an image")
	}

	// A register with nothing in it still gets the section, saying so.
	r.Progress = &domain.ReportProgress{AsOf: calendar.NewDate(2025, 2, 28), Target: 0.5, Levels: []domain.ReportProgressLevel{
		{Level: domain.LevelCity}, {Level: domain.LevelProvince}}}
	if got, err = std.RenderReport(r, LangZH, reportOptions()); err != nil {
		t.Fatal(err)
	}
	if w := "截至 2025-02-28，渭南市台账中暂无在册保障房小区。"; !strings.Contains(got.Text, w) || !strings.Contains(got.Text, "合计 | 0 | 0 | 无数据 | 无数据") {
		t.Errorf("empty register: text lacks %q and an empty total:\n%s", w, got.Text)
	}
}
