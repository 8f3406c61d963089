package server

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
)

// TestBrowserPilots drives Xi'an's housing bureau in a real browser: the
// campaign hub leads to every pilot's checklist side by side; the work
// plan the province assigned them shows in Xi'an's column; on its page
// they upload the plan (the page's script sends the form) and submit it,
// and the side-by-side page shows it submitted with one evidence file.
func TestBrowserPilots(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	db := storetest.SQLite(t)
	e := newWebEnvOn(t, db, false)
	lead := e.user("lead", domain.RoleLead, "", "")
	e.user("xah", domain.RoleDepartment, "xian-housing", "")
	ctx := context.Background()
	xh, err := db.OrganizationByCode(ctx, "xian-housing")
	if err != nil {
		t.Fatal(err)
	}
	svc := &domain.PilotService{Store: db.Store, Tasks: e.tasks, Now: e.clock.Now, Location: storetest.Shanghai}
	if err := svc.Assign(ctx, lead, "610100", domain.PilotPlan,
		domain.AssignPilotItem{OwnerOrgID: xh.ID, Due: calendar.NewDate(2099, 3, 20)}); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(t.TempDir(), "工作方案.pdf")
	if err := os.WriteFile(pdf, pdfBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	chrome := newChrome(t)
	b := tab{t, chrome}
	b.do("sign in as Xi'an's housing bureau", signInSteps(e.URL+"/login?next=/campaign", "xah", webAdminPassword, "#link-pilots")...)
	b.do("open the pilots from the hub",
		chromedp.Click(chromedp.CSS("#link-pilots")),
		chromedp.WaitVisible(chromedp.CSS("#pilot-grid")))
	grid, err := chromedp.Run(chrome, chromedp.Evaluate[string](`document.querySelectorAll("#pilot-grid thead th[data-region]").length + " " +
		document.querySelectorAll("#pilot-grid tbody tr[data-item]").length`))
	if err != nil {
		t.Fatal(err)
	}
	if grid != "4 8" {
		t.Fatalf("grid: %s pilots and items; want 4 and 8", grid)
	}
	cell := `#pilot-grid tr[data-item="plan"] td[data-region="610100"]`
	if got := b.text(cell + " .due"); got != "期限 2099-03-20" {
		t.Errorf("due: %q", got)
	}
	if got := b.text(`#pilot-grid tr[data-item="plan"] td[data-region="610300"] a`); got != "未交办" {
		t.Errorf("Baoji's plan: %q", got)
	}
	b.do("open the plan, upload it and submit it",
		chromedp.Click(chromedp.CSS(cell+" a")),
		chromedp.WaitVisible(chromedp.CSS("#upload-form")),
		chromedp.SetUploadFiles(chromedp.CSS("#upload-file"), []string{pdf}),
		chromedp.Click(chromedp.CSS(`#upload-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#attachments li.file a.file-link")),
		chromedp.SendKeys(chromedp.CSS("#note-submit"), "方案已印发"),
		chromedp.Click(chromedp.CSS(`#action-submit button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#pilot-item[data-status="submitted"]`)))
	if got := b.text("#attachments a.file-link"); got != "工作方案.pdf" {
		t.Errorf("evidence: %q", got)
	}
	b.do("back to the side-by-side page",
		chromedp.Navigate(e.URL+"/campaign/pilots"),
		chromedp.WaitVisible(chromedp.CSS(cell+`[data-status="submitted"]`)))
	if got := b.text(cell + " .evidence"); got != "佐证材料 1 份" {
		t.Errorf("evidence count: %q", got)
	}
	if got := b.text(`#pilot-grid thead th[data-region="610100"] .owed`); got != "未完成 8 项" {
		t.Errorf("owed: %q", got)
	}
}
