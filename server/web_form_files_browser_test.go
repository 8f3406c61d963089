package server

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// TestBrowserFormFiles drives, in a real browser, the forms that take files
// besides their fields: a department reports progress on a task with a PDF
// and a photo attached to the action's own form (upload.js sends it with
// its progress) and sees both listed; a file the server would refuse is
// refused in the action form before it is sent. Then a community reports a
// hot-spot with a photo in the report form and sees its thumbnail.
func TestBrowserFormFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	db := storetest.SQLite(t)
	w := newTaskWorld(t, db)
	task := w.task(w.lead, domain.CreateTask{Title: "治安巡逻", LeadOrgID: w.orgID(orgPolice)})
	u, err := db.UserByUsername(context.Background(), "police")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.tasks.Act(context.Background(), domain.ActorOf(u, domain.ChannelWeb, ""), task.ID,
		domain.TaskCommand{Action: domain.ActAccept}); err != nil {
		t.Fatal(err)
	}
	ctx := newChrome(t)
	do := tab{t, ctx}.do
	eval := tab{t, ctx}.eval
	dir := t.TempDir()
	pdf, pic, exe := filepath.Join(dir, "巡逻记录.pdf"), filepath.Join(dir, "现场.png"), filepath.Join(dir, "run.exe")
	for name, data := range map[string][]byte{pdf: pdfBytes, pic: pngBytes(t), exe: elfBytes} {
		if err := os.WriteFile(name, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}

	path := "/tasks/" + webID(task.ID)
	do("sign in as the police department",
		signInSteps(w.URL+"/login?next="+path, "police", webAdminPassword, "#act-progress[open] #files-progress")...)
	do("choose a file of a type not allowed in the progress form",
		chromedp.SetUploadFiles(chromedp.CSS("#files-progress"), []string{exe}),
		chromedp.WaitVisible(chromedp.CSS("#act-progress .upload-refusal")))
	if got := eval(`document.querySelector("#act-progress .upload-refusal").textContent`); !strings.Contains(got, "run.exe") ||
		!strings.Contains(got, "文件类型不允许") {
		t.Errorf("refusal before sending: %q", got)
	}
	do("report progress with a PDF and a photo",
		chromedp.SetValue(chromedp.CSS("#note-progress"), "已巡逻三次"),
		chromedp.SetUploadFiles(chromedp.CSS("#files-progress"), []string{pdf, pic}),
		chromedp.WaitNotVisible(chromedp.CSS("#act-progress .upload-refusal")),
		chromedp.Click(chromedp.CSS(`#act-progress button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#attachments li.file.image img")))
	if got := eval(`document.querySelector(".notice").textContent`); got != "已完成：办理进展。" {
		t.Errorf("flash: %q", got)
	}
	if got := eval(`Array.from(document.querySelectorAll("#attachments a.file-link")).map(a => a.textContent).join("|")`); got != "巡逻记录.pdf|现场.png" {
		t.Errorf("files: %q", got)
	}
	if got := eval(`document.querySelector("#record").textContent`); !strings.Contains(got, "已巡逻三次") {
		t.Errorf("the record lacks the progress note: %q", got)
	}

	// A community reports a hot-spot with a photo.
	do("sign out", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{})
		return err
	}))
	do("sign in as the community",
		signInSteps(w.URL+"/login?next=/hotspots/new", "resident", webAdminPassword, "#hotspot-form #files-report")...)
	if got := eval(`document.querySelector("#camera-report").getAttribute("capture")`); got != "environment" {
		t.Errorf("the camera input's capture: %q", got)
	}
	do("report a hot-spot with a photo",
		chromedp.SetValue(chromedp.CSS("#category"), "facilities"),
		chromedp.SetValue(chromedp.CSS("#title"), "路灯不亮"),
		chromedp.SetUploadFiles(chromedp.CSS("#files-report"), []string{pic}),
		chromedp.Click(chromedp.CSS(`#hotspot-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#attachments li.file.image img")))
	if got := eval(`document.querySelector("h1").textContent`); got != "路灯不亮" {
		t.Errorf("the page after the report: %q", got)
	}
	if got := eval(`document.querySelector("#attachments a.file-link").textContent`); got != "现场.png" {
		t.Errorf("the report's photo: %q", got)
	}
	if got := eval(`location.pathname`); !strings.HasPrefix(got, "/hotspots/") || got == "/hotspots/new" {
		t.Errorf("address after the report: %q", got)
	}
}
