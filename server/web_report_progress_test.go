package server

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
)

// weinanRegister fills Weinan (no seed community) with the register whose
// February 2025 is worked out by hand: Linwei 1, 2, 3 and Huazhou 4 in the
// register since 2025-01-01, Linwei 5 only from 03-02; 1 holds a city
// title from 01-10, 2 held one from 01-10 revoked on 02-20, 3 holds one
// from 03-01. As of 02-28: 1 of 4 = 25%, 1 to go for 50%; Linwei 1 of 3,
// Huazhou 0 of 1; no province title.
func weinanRegister(t *testing.T, e *testEnv) {
	t.Helper()
	w := &progressEnv{testEnv: e}
	c1 := w.community(t, "610502", "2025-01-01")
	c2 := w.community(t, "610502", "2025-01-01")
	c3 := w.community(t, "610502", "2025-01-01")
	w.community(t, "610503", "2025-01-01")
	w.community(t, "610502", "2025-03-02")
	w.title(t, c1, domain.LevelCity, "2025-01-10", "2028-01-09")
	w.title(t, c3, domain.LevelCity, "2025-03-01", "2028-02-28")
	revoked := w.title(t, c2, domain.LevelCity, "2025-01-10", "2028-01-09")
	ctx := context.Background()
	revoked.Status, revoked.EndedOn, revoked.Reason = domain.TitleRevoked, calendar.NewDate(2025, 2, 20), "复查不合格"
	if err := w.db.InTx(ctx, func(tx domain.Tx) error { return tx.UpdateTitle(ctx, &revoked) }); err != nil {
		t.Fatal(err)
	}
}

// TestWebReportProgress: the report page shows the progress right after
// the headline figures, with a bar chart per title level and its target
// line, and the figures as of the period's end; a city with no community
// still gets its charts, labelled, with no data.
func TestWebReportProgress(t *testing.T) {
	w := newReportEnv(t, storetest.SQLite(t))
	weinanRegister(t, w.testEnv)
	lead := w.webAs(t, "lead")
	res, doc := lead.get("/reports?period=&from=2025-02-01&to=2025-02-28&today=2025-03-10&scope=city&region=weinan")
	wantWebStatus(t, res, http.StatusOK)
	sec := doc.Find("#report-progress")
	if sec.Length() != 1 || sec.Prev().AttrOr("id", "") != "report-summary" || sec.Next().AttrOr("id", "") != "report-ranking" {
		t.Fatalf("the progress section is not between the headline figures and the ranking")
	}
	want := "截至 2025-02-28，渭南市获市级及以上称号的小区 1 个，占在册保障房小区（4 个）的 25.0%，距 50.0% 的创建目标尚需 1 个；其中获省级称号 0 个。"
	if got := webText(sec.Find("#report-progress-intro")); got != want {
		t.Errorf("intro: got %q, want %q", got, want)
	}
	for region, want := range map[string]string{"610502": "临渭区 3 1 33.3% 0 0.0% 1", "610503": "华州区 1 0 0.0% 0 0.0% 1",
		"total": "合计 4 1 25.0% 0 0.0% 1"} {
		if got := webText(sec.Find(`tr[data-region="` + region + `"]`)); got != want {
			t.Errorf("row %s: got %q, want %q", region, got, want)
		}
	}
	charts := sec.Find(`svg[role="img"]`)
	if charts.Length() != 2 || charts.First().Find("line.target").Length() != 1 ||
		!strings.Contains(webText(charts.First().Find("title")), "市级及以上称号") {
		t.Errorf("want two labelled charts with a target line, got %d", charts.Length())
	}

	// 延安 has no community in the register: the charts are drawn, titled,
	// saying there is no data.
	res, doc = lead.get("/reports?period=&from=2025-02-01&to=2025-02-28&today=2025-03-10&scope=city&region=yanan")
	wantWebStatus(t, res, http.StatusOK)
	sec = doc.Find("#report-progress")
	if n := sec.Find(`svg[role="img"] title`).Length(); n != 2 || !strings.Contains(webText(sec.Find("svg")), "暂无数据") {
		t.Errorf("empty: got %d chart titles and %q", n, webText(sec.Find("svg")))
	}
	if got := webText(sec.Find("#report-progress-intro")); got != "截至 2025-02-28，延安市台账中暂无在册保障房小区。" {
		t.Errorf("empty intro: got %q", got)
	}
}
