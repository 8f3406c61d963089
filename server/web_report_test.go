package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"xietong/domain/store/storetest"
)

// webAs signs username in on the web UI of the report environment. The
// clock moves to webNow first: the session cookie must outlive the wall
// clock.
func (w *reportEnv) webAs(t *testing.T, username string) *webClient {
	t.Helper()
	w.clock.Set(webNow)
	b := (&webEnv{t: t, URL: w.ts.URL, db: w.db, users: w.users}).client()
	pw := "user-password-1"
	if username == "admin" {
		pw = adminPassword
	}
	if res, _ := b.login(username, pw, ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: got %d", username, res.StatusCode)
	}
	return b
}

func TestWebReportPage(t *testing.T) {
	w := newReportEnv(t, storetest.SQLite(t))
	lead := w.webAs(t, "lead")
	const week = "?period=&from=2025-03-03&to=2025-03-09&today=2025-03-10&scope=city&region=xian"
	res, doc := lead.get("/reports" + week)
	wantWebStatus(t, res, http.StatusOK)
	if doc.Find(`nav.main a[href="/reports"][aria-current="page"]`).Length() != 1 {
		t.Error("the lead's navigation does not mark the report page")
	}
	if h := webText(doc.Find("#report-head")); !strings.Contains(h, "西安市 · 2025-03-03 至 2025-03-09") ||
		!strings.Contains(h, "2025-03-10") {
		t.Errorf("head: got %q", h)
	}
	figure := func(name string) string {
		return webText(doc.Find(`#report-summary [data-figure="` + name + `"] .num`))
	}
	for name, want := range map[string]string{"assigned": "3", "closed": "1", "on_time_rate": "50.0%",
		"due_in_period": "2", "closure_rate": "50.0%", "due_open_overdue": "1",
		"open": "2", "open_overdue": "1", "overdue_rate": "50.0%", "avg_days": "1.0"} {
		if got := figure(name); got != want {
			t.Errorf("figure %s: got %q, want %q", name, got, want)
		}
	}
	// Police and health are peers (督促指导): police first at 100%, health
	// ranked second at 0% (its task is overdue), the others with no work
	// due collapsed into one line with their count.
	group := doc.Find(`#report-ranking table[data-group="supervise"]`)
	first := group.Find("tbody tr").First()
	if txt := webText(first); !strings.HasPrefix(txt, "1 西安市公安局") || !strings.Contains(txt, "100.0%") {
		t.Errorf("first in the group: %q, want police ranked 1 at 100.0%%", txt)
	}
	if wd := first.Find("svg.bar rect").Last().AttrOr("width", ""); wd != "100" {
		t.Errorf("police's bar: width %q, want 100", wd)
	}
	health := group.Find("tbody tr").Eq(1)
	if txt := webText(health); !strings.HasPrefix(txt, "2 西安市卫生健康委员会") || !strings.Contains(txt, "0.0%") {
		t.Errorf("health's row: %q", txt)
	}
	idle := group.Find("tr.idle td")
	if n := idle.AttrOr("data-idle", ""); n == "" || n == "0" || !strings.Contains(webText(idle), "本期无应办结事项") {
		t.Errorf("idle line: %q (%s)", webText(idle), n)
	}
	if n := group.Find("tbody tr").Length(); n != 3 {
		t.Errorf("the group has %d rows, want 2 ranked and the idle line", n)
	}
	if doc.Find(`#report-ranking table[data-group="city"]`).Length() != 1 || doc.Find("#report-categories tbody tr").Length() == 0 {
		t.Error("no city ranking or no category breakdown")
	}
	row := doc.Find(`#report-overdue tr[data-id="` + strconv.FormatInt(w.tasks[1], 10) + `"]`)
	if txt := webText(row); !strings.Contains(txt, "逾期未办") || !strings.Contains(txt, "2025-03-04") {
		t.Errorf("overdue row: %q", txt)
	}
	href := doc.Find("#report-download").AttrOr("href", "")
	u, err := url.Parse(href)
	if err != nil || u.Path != "/api/v1/reports/supervision" || u.Query().Get("format") != "xlsx" ||
		u.Query().Get("from") != "2025-03-03" || u.Query().Get("region") != "xian" || u.Query().Get("lang") != "zh-CN" {
		t.Errorf("download link %q", href)
	}
	// The link works with the session cookie alone.
	res, _ = lead.get(href)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != mimeXLSX {
		t.Errorf("download: got %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}

	res, doc = lead.get("/reports" + week + "&lang=en")
	wantWebStatus(t, res, http.StatusOK)
	if h := webText(doc.Find("h1")); h != "Supervision report" {
		t.Errorf("English heading: %q", h)
	}
	// A period wins over dates the form also sent; bad input is a 400 page.
	res, _ = lead.get("/reports?period=weekly&from=2025-03-03&to=2025-03-09")
	wantWebStatus(t, res, http.StatusOK)
	res, _ = lead.get("/reports?period=&from=2025-03-09&to=2025-03-03")
	wantWebStatus(t, res, http.StatusBadRequest)

	police := w.webAs(t, "police")
	res, doc = police.get("/")
	wantWebStatus(t, res, http.StatusOK)
	if doc.Find(`nav.main a[href="/reports"]`).Length() != 0 {
		t.Error("a department's navigation links to the reports")
	}
	res, _ = police.get("/reports")
	wantWebStatus(t, res, http.StatusForbidden)
}
