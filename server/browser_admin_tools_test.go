package server

import (
	"testing"

	"github.com/chromedp/chromedp"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// TestBrowserAdminTools walks the four admin tools in Chinese from the
// navigation: a calendar year added through its preview, the escalation
// policy's preview, the schedules and the audit trail filtered to the
// calendar change.
func TestBrowserAdminTools(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	w := newTaskWorld(t, storetest.SQLite(t), withAdminTools)
	task := w.task(w.lead, domain.CreateTask{Title: "五日内整改", LeadOrgID: w.orgID(orgPolice), DueInWorkingDays: 5})
	ctx := newChrome(t)
	do, text := tab{t, ctx}.do, tab{t, ctx}.text

	do("sign in as the admin",
		signInSteps(w.URL+"/login", "admin", webAdminPassword, ".tiles")...)

	do("open the calendar editor and preview a new year",
		chromedp.Click(chromedp.CSS(`nav.main a[href="/admin/calendar"]`)),
		chromedp.WaitVisible(chromedp.CSS("#calendar-form")),
		chromedp.SetValue(chromedp.CSS("#year"), "2099"),
		chromedp.SetValue(chromedp.CSS("#source"), "测试通知"),
		chromedp.SetValue(chromedp.CSS("#days"), "2099-03-04~2099-03-05 休 测试假日\n2099-03-07 班 测试假日\n"),
		chromedp.Click(chromedp.CSS("#calendar-preview")),
		chromedp.WaitVisible(chromedp.CSS("#calendar-moves")))
	row := `#calendar-moves tr[data-task="` + webID(task.ID) + `"] td`
	if got := text(row + ":nth-child(3)"); got != "2099-03-10" {
		t.Errorf("previewed deadline: got %q, want 2099-03-10", got)
	}
	if got := text("#calendar-moves h2"); got != "预览：受影响的办理期限" {
		t.Errorf("preview heading: got %q", got)
	}
	do("save the previewed year",
		chromedp.Click(chromedp.CSS("#calendar-save")),
		chromedp.WaitVisible(chromedp.CSS("#calendar-flash")))
	if got := text("#calendar-flash"); got != "2099 年节假日安排已保存。" {
		t.Errorf("after saving: got %q", got)
	}
	if got := w.dueOf(task.ID); got != "2099-03-10" {
		t.Errorf("saved deadline: got %s, want the previewed 2099-03-10", got)
	}

	do("preview the next sweep under the normal policy",
		chromedp.Click(chromedp.CSS(`nav.main a[href="/admin/ladder"]`)),
		chromedp.WaitVisible(chromedp.CSS("#ladder-form")),
		chromedp.Click(chromedp.CSS("#ladder-preview")),
		chromedp.WaitVisible(chromedp.CSS("#ladder-preview-result")))
	if got := text("main h1"); got != "督办策略" {
		t.Errorf("policy heading: got %q", got)
	}
	if got := text("#ladder-preview-result p.empty"); got != "下一次扫描不会对本优先级的任务执行任何步骤。" {
		t.Errorf("preview of a task not yet due: got %q", got)
	}

	do("open the schedules",
		chromedp.Click(chromedp.CSS(`nav.main a[href="/admin/schedules"]`)),
		chromedp.WaitVisible(chromedp.CSS("#schedules")))
	if got := text(`#schedules tr[data-job="supervision_sweep"] td`); got != "督办扫描" {
		t.Errorf("job: got %q", got)
	}
	if got := text(`#schedules tr[data-job="supervision_sweep"] td.last`); got != "尚未运行" {
		t.Errorf("last run: got %q", got)
	}

	do("filter the audit trail to the calendar change",
		chromedp.Click(chromedp.CSS(`nav.main a[href="/admin/audit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#audit-filters")),
		chromedp.SendKeys(chromedp.CSS(`#audit-filters input[name="type"]`), "calendar"),
		chromedp.SendKeys(chromedp.CSS(`#audit-filters input[name="id"]`), "2099"),
		chromedp.Click(chromedp.CSS("#audit-filter")),
		// The unfiltered page already lists the change; the clear link
		// shows only on the filtered page, so the reads below are of it.
		chromedp.WaitVisible(chromedp.CSS(`#audit-filters a[href="/admin/audit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#audit tr[data-target="calendar:2099"]`)))
	if got := text(`#audit tr[data-target="calendar:2099"] td.detail`); got != "测试通知" {
		t.Errorf("audit detail: got %q", got)
	}
	if got := text("main h1"); got != "审计日志" {
		t.Errorf("audit heading: got %q", got)
	}
}
