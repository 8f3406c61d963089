package server

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// TestBrowserTaskAttachments drives a department user in a real browser:
// they upload a PDF and a PNG at once to a task they lead (the page's
// script sends the form and shows its progress), see the picture's
// thumbnail and the PDF's link, open the picture from its thumbnail (shown,
// not saved) and download the PDF. Set
// XIETONG_SCREENSHOT_DIR=DIR to keep a screenshot (task_attachments.png).
func TestBrowserTaskAttachments(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	w := newTaskWorld(t, storetest.SQLite(t))
	task := w.task(w.lead, domain.CreateTask{Title: "治安巡逻", LeadOrgID: w.orgID(orgPolice)})
	ctx := newChrome(t)
	do := tab{t, ctx}.do
	eval := tab{t, ctx}.eval

	dir := t.TempDir()
	pdf, pic := filepath.Join(dir, "巡逻记录.pdf"), filepath.Join(dir, "现场.png")
	if err := os.WriteFile(pdf, pdfBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pic, pngBytes(t), 0o600); err != nil {
		t.Fatal(err)
	}
	path := "/tasks/" + webID(task.ID)
	do("sign in as the police department",
		signInSteps(w.URL+"/login?next="+path, "police", webAdminPassword, "#upload-form")...)
	do("upload a PDF and a PNG",
		chromedp.SetUploadFiles(chromedp.CSS("#upload-file"), []string{pdf, pic}),
		chromedp.Click(chromedp.CSS(`#upload-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#attachments li.file.image img")))
	if dir := os.Getenv("XIETONG_SCREENSHOT_DIR"); dir != "" {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "task_attachments.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The thumbnail loaded: the browser decoded the picture.
	if got := eval(`(async () => { const i = document.querySelector("#attachments li.file.image img");
		if (!i.complete) { await new Promise(r => i.addEventListener("load", r)); }
		return String(i.naturalWidth); })()`); got != "4" {
		t.Errorf("thumbnail width: %q", got)
	}
	links := eval(`Array.from(document.querySelectorAll("#attachments a.file-link")).map(a => a.textContent).join("|")`)
	if links != "巡逻记录.pdf|现场.png" {
		t.Errorf("links: %q", links)
	}
	if got := eval(`String(document.querySelectorAll('#record li.event[data-action="attach"] a.file-link').length)`); got != "2" {
		t.Errorf("record links: %s", got)
	}
	got := eval(`(async () => { const a = document.querySelector("#attachments li.file:not(.image) a.file-link");
		const r = await fetch(a.href); return r.status + " " + r.headers.get("Content-Type"); })()`)
	if got != "200 application/pdf" {
		t.Errorf("download: %q", got)
	}
	pdfURL := eval(`document.querySelector("#attachments li.file:not(.image) a.file-link").href`)

	// The thumbnail opens the picture large, shown in the tab, not saved.
	do("open the thumbnail",
		chromedp.Click(chromedp.CSS("#attachments li.file.image a.thumb")),
		chromedp.WaitVisible(chromedp.CSS("body > img")))
	if got := eval(`document.contentType + " " + String(document.querySelector("body > img").naturalWidth)`); got != "image/png 4" {
		t.Errorf("the opened picture: %q", got)
	}
	do("back to the task", chromedp.NavigateBack(), chromedp.WaitVisible(chromedp.CSS("#upload-form")))

	// A file the server would refuse is refused before it is sent.
	exe := filepath.Join(dir, "run.exe")
	if err := os.WriteFile(exe, elfBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	do("choose a file of a type not allowed",
		chromedp.SetUploadFiles(chromedp.CSS("#upload-file"), []string{exe}),
		chromedp.Click(chromedp.CSS(`#upload-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#upload-form .upload-refusal")))
	if got := eval(`document.querySelector("#upload-form .upload-refusal").textContent`); !strings.Contains(got, "run.exe") {
		t.Errorf("refusal: %q", got)
	}

	// A department of another organisation, signed in, opens the file's
	// address: 404, as if there were no such file.
	do("sign out", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{})
		return err
	}))
	do("sign in as the finance department", signInSteps(w.URL+"/login", "finance", webAdminPassword, "nav.main")...)
	if got := eval(`(async () => (await fetch(` + strconv.Quote(pdfURL) + `)).status + "")()`); got != "404" {
		t.Errorf("another organisation's department opening %s: %s, want 404", pdfURL, got)
	}
	resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(pdfURL))
	if err != nil || resp == nil || resp.Status != 404 {
		t.Errorf("navigating to another organisation's file: %+v (%v), want status 404", resp, err)
	}
}
