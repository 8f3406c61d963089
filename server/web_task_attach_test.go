package server

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// webFile is one file of a web upload.
type webFile struct {
	name string
	data []byte
}

// uploadFiles posts the upload form of doc (sel) with files, as a browser
// without JavaScript does.
func (b *webClient) uploadFiles(doc *goquery.Document, sel string, files ...webFile) (*http.Response, *goquery.Document) {
	b.env.t.Helper()
	return b.submitFiles(doc, sel, nil, files...)
}

// download fetches a file's URL and returns its status, type and headers.
func (b *webClient) download(path string) *http.Response {
	b.env.t.Helper()
	res, err := b.c.Get(b.env.URL + path)
	if err != nil {
		b.env.t.Fatal(err)
	}
	res.Body.Close()
	return res
}

// pngBytes is a small valid PNG picture.
func pngBytes(t testing.TB) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWebTaskAttachments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskWorld(t, db)
		police, finance, resident := w.as("police"), w.as("finance"), w.as("resident")
		task := w.task(w.lead, domain.CreateTask{Title: "治安巡逻", LeadOrgID: w.orgID(orgPolice),
			CommunityID: w.communityID(commMijia)})
		path := "/tasks/" + webID(task.ID)

		doc := police.mustGet(path)
		form := doc.Find("#upload-form")
		if form.Length() != 1 {
			t.Fatal("the lead organisation has no upload form")
		}
		if _, ok := form.Find("input[type=file][multiple]").Attr("accept"); !ok {
			t.Error("the file input has no accept attribute")
		}
		if got := form.AttrOr("data-max-size", ""); got != "20971520" {
			t.Errorf("data-max-size: got %q", got)
		}
		if doc.Find(`script[src="/static/upload.js"]`).Length() != 1 {
			t.Error("the page does not load upload.js")
		}

		// A file of a type not allowed is refused with the reason, in the
		// user's language, and nothing is stored.
		res, bad := police.uploadFiles(doc, "#upload-form", webFile{"run.exe", elfBytes})
		if res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusUnsupportedMediaType {
			t.Fatalf("refused type: got %d", res.StatusCode)
		}
		if got := webText(bad.Find("#upload-error")); !strings.Contains(got, "run.exe") || !strings.Contains(got, "文件类型不允许") {
			t.Errorf("refusal: got %q", got)
		}
		if bad.Find("#attachments li.file").Length() != 0 {
			t.Error("a refused file is listed")
		}

		// Without the CSRF token the upload is forbidden.
		noToken := goquery.NewDocumentFromNode(doc.Clone().Get(0))
		noToken.Find(`#upload-form input[name="_csrf"]`).SetAttr("value", "forged")
		res, _ = police.uploadFiles(noToken, "#upload-form", webFile{"a.pdf", pdfBytes})
		wantWebStatus(t, res, http.StatusForbidden)

		// A PDF and a PNG at once; back to the page (PRG).
		pic := pngBytes(t)
		res, _ = police.uploadFiles(doc, "#upload-form", webFile{"巡逻记录.pdf", pdfBytes}, webFile{"现场.png", pic})
		wantWebStatus(t, res, http.StatusSeeOther)
		if loc := res.Header.Get("Location"); loc != path+"?done=attached#attachments" {
			t.Fatalf("Location: got %q", loc)
		}
		doc = police.mustGet(path + "?done=attached")
		if got := webText(doc.Find(".notice")); got != "附件已上传。" {
			t.Errorf("flash: got %q", got)
		}
		files := doc.Find("#attachments li.file")
		if files.Length() != 2 {
			t.Fatalf("attachments listed: %d, want 2", files.Length())
		}
		pdfURL := files.Eq(0).Find("a.file-link").AttrOr("href", "")
		if !strings.HasPrefix(pdfURL, "/api/v1/attachments/") || webText(files.Eq(0).Find("a.file-link")) != "巡逻记录.pdf" {
			t.Errorf("PDF link: %q %q", pdfURL, webText(files.Eq(0)))
		}
		img := files.Eq(1).Find("img")
		if img.AttrOr("loading", "") != "lazy" || img.AttrOr("src", "") == "" {
			t.Errorf("thumbnail: %v", img.Nodes)
		}
		if files.Eq(0).Find("img").Length() != 0 {
			t.Error("a PDF shown as a picture")
		}

		// The record lists each upload with its file and a link.
		entries := doc.Find(`#record li.event[data-action="attach"]`)
		if entries.Length() != 2 {
			t.Fatalf("upload entries: %d, want 2", entries.Length())
		}
		if got := entries.Eq(0).Find("a.file-link").AttrOr("href", ""); got != pdfURL {
			t.Errorf("record link: got %q, want %q", got, pdfURL)
		}
		if got := webText(entries.Eq(0).Find(".ev-action")); got != "上传附件" {
			t.Errorf("record action: got %q", got)
		}

		// The download: the sniffed type, nosniff; the picture too.
		res = police.download(pdfURL)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" ||
			res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("download: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"),
				res.Header.Get("X-Content-Type-Options"))
		}
		// The picture, from the thumbnail and its link, opens to be shown,
		// with the download's other headers; a PDF asked inline is still a
		// download.
		view := img.AttrOr("src", "")
		if link := files.Eq(1).Find("a.thumb").AttrOr("href", ""); link != view || !strings.HasSuffix(view, "?inline=1") {
			t.Errorf("thumbnail: src %q, link %q", view, link)
		}
		res = police.download(view)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" ||
			res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Content-Security-Policy") != "default-src 'none'; sandbox" ||
			!strings.HasPrefix(res.Header.Get("Content-Disposition"), "inline; filename=") {
			t.Errorf("picture: %d %q %v", res.StatusCode, res.Header.Get("Content-Type"), res.Header)
		}
		res = police.download(files.Eq(1).Find("a.file-link").AttrOr("href", ""))
		if !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment; filename=") {
			t.Errorf("the picture's download link: %q", res.Header.Get("Content-Disposition"))
		}
		res = police.download(pdfURL + "?inline=1")
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment; filename=") {
			t.Errorf("a PDF asked inline: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
		}
		// The task page's CSP lets pictures of our own origin show.
		res = police.download(path)
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self'") {
			t.Errorf("CSP: %q", csp)
		}

		// A department of another organisation sees neither task nor file.
		if res := finance.download(pdfURL); res.StatusCode != http.StatusNotFound {
			t.Errorf("another organisation's download: got %d, want 404", res.StatusCode)
		}
		// The community follows the task's public record, without the
		// departments' files, and is offered no upload.
		if res := resident.download(pdfURL); res.StatusCode != http.StatusNotFound {
			t.Errorf("community download of a department's file: got %d, want 404", res.StatusCode)
		}

		// English.
		res, en := police.get(path, "Accept-Language", "en")
		wantWebStatus(t, res, http.StatusOK)
		if got := webText(en.Find("#attachments h2")); got != "Attachments" {
			t.Errorf("English heading: got %q", got)
		}
	})
}

func TestWebHotspotAttachments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskWorld(t, db)
		resident, neighbour, lead, finance := w.as("resident"), w.as("neighbour"), w.as("lead"), w.as("finance")
		u, err := db.UserByUsername(context.Background(), "resident")
		if err != nil {
			t.Fatal(err)
		}
		residentActor := domain.ActorOf(u, domain.ChannelWeb, "")
		spot, err := w.hotspots.Report(context.Background(), residentActor, domain.ReportHotspot{Title: "路灯不亮",
			CommunityID: residentActor.CommunityID, Category: "facilities"})
		if err != nil {
			t.Fatal(err)
		}
		path := "/hotspots/" + webID(spot.ID)

		doc := resident.mustGet(path)
		if doc.Find("#no-files").Length() != 1 {
			t.Error("an issue without files does not say so")
		}
		res, _ := resident.uploadFiles(doc, "#upload-form", webFile{"路灯.png", pngBytes(t)})
		doc = resident.follow(res, nil)
		photo := doc.Find("#attachments li.file.image")
		if photo.Length() != 1 || webText(photo.Find("a.file-link")) != "路灯.png" {
			t.Fatalf("the community's photo: %q", webText(doc.Find("#attachments")))
		}
		url := photo.Find("img").AttrOr("src", "")
		if res := resident.download(url); res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" {
			t.Errorf("community download: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
		}

		// The bureau sees the photo and may add its own files.
		doc = lead.mustGet(path)
		if doc.Find("#attachments li.file").Length() != 1 || doc.Find("#upload-form").Length() != 1 {
			t.Error("the bureau does not see the photo or the upload form")
		}
		// Another community and an uninvolved department: 404.
		if res := neighbour.download(url); res.StatusCode != http.StatusNotFound {
			t.Errorf("another community: got %d, want 404", res.StatusCode)
		}
		if res := finance.download(url); res.StatusCode != http.StatusNotFound {
			t.Errorf("an uninvolved department: got %d, want 404", res.StatusCode)
		}
		// Once dispatched, the department working on it sees the photo, and
		// the bureau finds the department's file in the task's record on
		// the page.
		d, err := w.hotspots.Dispatch(context.Background(), w.lead, spot.ID, domain.Dispatch{
			LeadOrgID: w.orgID(orgPolice), DueInWorkingDays: 5})
		if err != nil {
			t.Fatal(err)
		}
		police := w.as("police")
		if res := police.download(url); res.StatusCode != http.StatusOK {
			t.Errorf("the working department's download of the photo: got %d", res.StatusCode)
		}
		taskPath := "/tasks/" + webID(d.ID)
		res, _ = police.uploadFiles(police.mustGet(taskPath), "#upload-form", webFile{"回复.pdf", pdfBytes})
		wantWebStatus(t, res, http.StatusSeeOther)
		doc = lead.mustGet(path)
		if got := doc.Find(`#hotspot-tasks li.event[data-action="attach"] a.file-link`); webText(got) != "回复.pdf" {
			t.Errorf("the bureau's view of the task record: %q", webText(doc.Find("#hotspot-tasks")))
		}
		doc = resident.mustGet(path)
		if doc.Find(`#hotspot-tasks a.file-link`).Length() != 0 {
			t.Error("the community sees a department's file")
		}

		// An HTML file is refused, in the user's language.
		res, bad := resident.uploadFiles(resident.mustGet(path), "#upload-form",
			webFile{"x.html", []byte("<html><script>alert(1)</script></html>")})
		if res.StatusCode == http.StatusSeeOther || !strings.Contains(webText(bad.Find("#upload-error")), "x.html") {
			t.Errorf("an HTML file: got %d %q", res.StatusCode, webText(bad.Find("#upload-error")))
		}
	})
}
