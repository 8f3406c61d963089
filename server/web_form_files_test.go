package server

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// submitFiles posts the form sel of doc as a browser does a multipart
// form: its hidden fields, fields, and files in its "file" field.
func (b *webClient) submitFiles(doc *goquery.Document, sel string, fields url.Values, files ...webFile) (*http.Response, *goquery.Document) {
	b.env.t.Helper()
	form := doc.Find(sel)
	if form.Length() != 1 {
		b.env.t.Fatalf("no form %s on the page", sel)
	}
	if got := form.AttrOr("enctype", ""); got != "multipart/form-data" {
		b.env.t.Fatalf("form %s: enctype %q", sel, got)
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	form.Find("input[type=hidden]").Each(func(_ int, s *goquery.Selection) {
		if name := s.AttrOr("name", ""); fields[name] == nil {
			_ = w.WriteField(name, s.AttrOr("value", ""))
		}
	})
	for k, vs := range fields {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	for _, f := range files {
		fw, err := w.CreateFormFile("file", f.name)
		if err != nil {
			b.env.t.Fatal(err)
		}
		_, _ = fw.Write(f.data)
	}
	_ = w.Close()
	req, err := http.NewRequest(http.MethodPost, b.env.URL+form.AttrOr("action", ""), &body)
	if err != nil {
		b.env.t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return b.do(req)
}

// fileNames are the names of the files a page lists, space-separated.
func fileNames(doc *goquery.Document) string {
	return strings.Join(doc.Find("#attachments li.file a.file-link").Map(func(_ int, s *goquery.Selection) string {
		return webText(s)
	}), " ")
}

// actionFormSel selects the form of action on a task page.
func actionFormSel(action string) string {
	return `form.action-form:has(input[name="action"][value="` + action + `"])`
}

// TestWebTaskActionFiles: a task's action forms take files with the note;
// the action is applied and the files stored as the upload form stores
// them. A file refused server-side leaves the action (and the other files)
// standing and is listed on the page, which says the action was saved.
func TestWebTaskActionFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskWorld(t, db, func(d *Deps, _ *webEnv) { d.BodyLimit = 64 << 10 })
		police, boss := w.as("police"), w.as("boss")
		task := w.task(w.lead, domain.CreateTask{Title: "治安巡逻", LeadOrgID: w.orgID(orgPolice),
			CommunityID: w.communityID(commMijia)})
		path := "/tasks/" + webID(task.ID)
		police.follow(police.act(police.mustGet(path), "accept", nil))

		doc := police.mustGet(path)
		form := doc.Find(actionFormSel("progress"))
		if !form.HasClass("attach-upload") || form.AttrOr("data-max-size", "") != "20971520" {
			t.Errorf("the progress form is not an upload form: %v", form.Nodes)
		}
		input := form.Find(`input[type=file][name="file"][multiple]`)
		if input.Length() != 1 || !strings.Contains(input.AttrOr("accept", ""), ".pdf") {
			t.Fatalf("the progress form's file input: %d", input.Length())
		}
		if form.Find("input[capture]").Length() != 0 {
			t.Error("a task form opens the camera only (capture), which keeps a phone from picking a document")
		}
		if n, want := doc.Find("#actions form.action-form input[type=file]").Length(), len(actionsOn(doc)); n != want {
			t.Errorf("action forms with files: %d of %d", n, want)
		}
		// Leadership reads the task but may take no action nor add files.
		if bdoc := boss.mustGet(path); bdoc.Find("input[type=file]").Length() != 0 {
			t.Error("leadership is offered files")
		}

		// Progress with a note, a PDF larger than the ordinary body limit
		// (64 KiB here: the action route has the upload limit when
		// multipart) and a photo: the action, then its files.
		bigPDF := append(append([]byte{}, pdfBytes...), bytes.Repeat([]byte(" "), 100<<10)...)
		res, _ := police.submitFiles(doc, actionFormSel("progress"), url.Values{"note": {"已巡逻三次"}},
			webFile{"巡逻记录.pdf", bigPDF}, webFile{"现场.png", pngBytes(t)})
		wantWebStatus(t, res, http.StatusSeeOther)
		if loc := res.Header.Get("Location"); loc != path+"?done=progress#record" {
			t.Fatalf("Location: got %q", loc)
		}
		doc = police.mustGet(path)
		if got := fileNames(doc); got != "巡逻记录.pdf 现场.png" {
			t.Errorf("files listed: %q", got)
		}
		if got := webText(doc.Find("#record")); !strings.Contains(got, "已巡逻三次") {
			t.Errorf("the progress note is not in the record: %q", got)
		}
		if got := doc.Find(`#record li.event[data-action="attach"] a.file-link`).Length(); got != 2 {
			t.Errorf("record entries with a file: %d, want 2", got)
		}
		// The same audit as the upload form.
		audit, err := db.Audit(context.Background(), domain.AuditFilter{Action: "attachment.add"}, domain.Page{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(audit) != 2 {
			t.Errorf("audit rows attachment.add: %d, want 2", len(audit))
		}

		// A note only, sent multipart as the browser sends the form: no file.
		res, _ = police.submitFiles(doc, actionFormSel("progress"), url.Values{"note": {"继续巡逻"}})
		wantWebStatus(t, res, http.StatusSeeOther)

		// A refused file with an action: the action stands, the good file
		// is stored, the bad one is listed with its reason.
		doc = police.mustGet(path)
		res, page := police.submitFiles(doc, actionFormSel("progress"), url.Values{"note": {"夜间巡逻"}},
			webFile{"run.exe", elfBytes}, webFile{"夜巡.pdf", pdfBytes})
		wantWebStatus(t, res, http.StatusOK)
		if got := webText(page.Find(".notice")); got != "已完成：办理进展。" {
			t.Errorf("flash: got %q", got)
		}
		refused := page.Find("#files-refused")
		if got := webText(refused); !strings.Contains(got, "已保存") || !strings.Contains(got, "run.exe") ||
			!strings.Contains(got, "文件类型不允许") || strings.Contains(got, "夜巡.pdf") {
			t.Errorf("refused files: %q", got)
		}
		if got := webText(page.Find("#record")); !strings.Contains(got, "夜间巡逻") {
			t.Errorf("the action of the refused file is lost: %q", got)
		}
		if got := fileNames(page); got != "巡逻记录.pdf 现场.png 夜巡.pdf" {
			t.Errorf("files after the refusal: %q", got)
		}
		if got := page.Find("#upload-form").Length(); got != 1 {
			t.Error("the page with a refused file has no upload form to send it again")
		}

		// More files than allowed at once: refused before anything is
		// done, the note kept in the form.
		doc = police.mustGet(path)
		many := make([]webFile, domain.MaxUploadFiles+1)
		for i := range many {
			many[i] = webFile{"p" + webID(int64(i)) + ".pdf", pdfBytes}
		}
		res, page = police.submitFiles(doc, actionFormSel("submit"), url.Values{"note": {"已完成"}}, many...)
		wantWebStatus(t, res, http.StatusBadRequest)
		if got := webText(page.Find("#act-submit .alert")); !strings.Contains(got, "最多上传") {
			t.Errorf("too many files: %q", got)
		}
		if got := page.Find("#note-submit").Text(); got != "已完成" {
			t.Errorf("the note is not kept: %q", got)
		}
		if got := webText(page.Find("#task-status")); got != "办理中" {
			t.Errorf("the action was applied with too many files: %q", got)
		}

		// Without the CSRF token, a multipart action is forbidden.
		forged := goquery.NewDocumentFromNode(doc.Clone().Get(0))
		forged.Find(`input[name="_csrf"]`).SetAttr("value", "forged")
		res, _ = police.submitFiles(forged, actionFormSel("submit"), url.Values{"note": {"已完成"}}, webFile{"a.pdf", pdfBytes})
		wantWebStatus(t, res, http.StatusForbidden)

		// A form without files keeps the ordinary body limit.
		res, _ = police.act(doc, "submit", url.Values{"note": {strings.Repeat("长", 30<<10)}})
		wantWebStatus(t, res, http.StatusRequestEntityTooLarge)

		// Submit with its evidence.
		res, _ = police.submitFiles(doc, actionFormSel("submit"), url.Values{"note": {"已完成"}}, webFile{"总结.pdf", pdfBytes})
		doc = police.follow(res, nil)
		if got := webText(doc.Find("#task-status")); got != "待审核办结" {
			t.Errorf("status after submit: %q", got)
		}
		if got := webText(doc.Find("#attachments li.file").Last().Find("a.file-link")); got != "总结.pdf" {
			t.Errorf("the submit's file: %q", got)
		}
	})
}

// TestWebHotspotFormFiles: a community reports an issue with its photos in
// the same form, and gives its feedback with photos of the result; a
// refused photo leaves the report standing and is listed on the issue.
func TestWebHotspotFormFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newTaskWorld(t, db)
		resident, lead, police := w.as("resident"), w.as("lead"), w.as("police")

		doc := resident.mustGet("/hotspots/new")
		form := doc.Find("#hotspot-form")
		photos := form.Find(`input[type=file][name="file"][multiple]`)
		if !strings.HasPrefix(photos.AttrOr("accept", ""), "image/*,") {
			t.Errorf("the photos input's accept: %q", photos.AttrOr("accept", ""))
		}
		camera := form.Find(`input[type=file][capture="environment"]`)
		if camera.Length() != 1 || camera.AttrOr("accept", "") != "image/*" || camera.Is("[multiple]") {
			t.Errorf("the camera input: %v", camera.Nodes)
		}
		if doc.Find(`script[src="/static/upload.js"]`).Length() != 1 {
			t.Error("the report form does not load upload.js")
		}
		fields := url.Values{"title": {"路灯不亮"}, "category": {"facilities"}, "description": {"三号楼前"}}
		res, _ := resident.submitFiles(doc, "#hotspot-form", fields, webFile{"路灯.png", pngBytes(t)}, webFile{"位置.pdf", pdfBytes})
		wantWebStatus(t, res, http.StatusSeeOther)
		doc = resident.follow(res, nil)
		if got := fileNames(doc); got != "路灯.png 位置.pdf" {
			t.Errorf("the report's files: %q", got)
		}
		if doc.Find("#attachments li.file.image img").Length() != 1 {
			t.Error("the report's photo has no thumbnail")
		}

		// A refused file: the report stands and says which file was not stored.
		res, page := resident.submitFiles(resident.mustGet("/hotspots/new"), "#hotspot-form",
			url.Values{"title": {"井盖松动"}, "category": {"facilities"}}, webFile{"run.exe", elfBytes})
		wantWebStatus(t, res, http.StatusOK)
		if got := webText(page.Find("h1")); got != "井盖松动" {
			t.Errorf("the page after a refused file: %q", got)
		}
		if got := webText(page.Find(".notice")); got != "问题已提交，住建部门将尽快受理。" {
			t.Errorf("flash: %q", got)
		}
		if got := webText(page.Find("#files-refused")); !strings.Contains(got, "run.exe") || !strings.Contains(got, "文件类型不允许") {
			t.Errorf("refused: %q", got)
		}
		if page.Find("#attachments li.file").Length() != 0 {
			t.Error("a refused file is listed")
		}

		// The first issue: dispatched, worked, closed; the community's
		// feedback comes with a photo of the result.
		spots, err := db.Hotspots(context.Background(), 0, domain.HotspotFilter{}, domain.Page{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var spotID int64
		for _, h := range spots {
			if h.Title == "路灯不亮" {
				spotID = h.ID
			}
		}
		d, err := w.hotspots.Dispatch(context.Background(), w.lead, spotID, domain.Dispatch{
			LeadOrgID: w.orgID(orgPolice), DueInWorkingDays: 5})
		if err != nil {
			t.Fatal(err)
		}
		taskPath := "/tasks/" + webID(d.ID)
		police.follow(police.act(police.mustGet(taskPath), "accept", nil))
		police.follow(police.act(police.mustGet(taskPath), "submit", url.Values{"note": {"已修复"}}))
		lead.follow(lead.act(lead.mustGet(taskPath), "close", nil))

		spotPath := "/hotspots/" + webID(spotID)
		doc = resident.mustGet(spotPath)
		fb := doc.Find("#feedback-form")
		if fb.Find(`input[type=file][capture="environment"]`).Length() != 1 || fb.Find("input[type=file][multiple]").Length() != 1 {
			t.Fatalf("the feedback form takes no photos: %q", webText(fb))
		}
		res, _ = resident.submitFiles(doc, "#feedback-form", url.Values{"satisfaction": {"satisfied"}, "note": {"很亮"}},
			webFile{"修好了.png", pngBytes(t)})
		doc = resident.follow(res, nil)
		if got := webText(doc.Find("#hotspot-status")); got != "已解决" {
			t.Errorf("status after feedback: %q", got)
		}
		if got := fileNames(doc); got != "路灯.png 位置.pdf 修好了.png" {
			t.Errorf("files after feedback: %q", got)
		}
		// The bureau sees the feedback's photo.
		if got := lead.mustGet(spotPath).Find("#attachments li.file").Length(); got != 3 {
			t.Errorf("the bureau sees %d files, want 3", got)
		}
	})
}

// TestWebPilotAssignForm: the pilot item's assign form selects no owner
// for the province (an empty first option, as the other forms have), and
// lists the region's own bureau first.
func TestWebPilotAssignForm(t *testing.T) {
	e := newWebEnvOn(t, storetest.SQLite(t), false)
	e.user("lead", domain.RoleLead, "", "")
	doc := e.as("lead").mustGet("/campaign/pilots/610100/plan")
	opts := doc.Find("#assign-form select#owner_org_id option")
	if opts.Length() < 3 {
		t.Fatalf("owner options: %d", opts.Length())
	}
	if v := opts.First().AttrOr("value", "x"); v != "" || webText(opts.First()) != "请选择单位" {
		t.Errorf("first option: %q %q", v, webText(opts.First()))
	}
	if n := opts.Filter("[selected]").Length(); n != 0 {
		t.Errorf("%d owners selected before the user chose", n)
	}
	if got := webText(opts.Eq(1)); !strings.HasPrefix(got, "西安市") {
		t.Errorf("the region's bureau is not first: %q", got)
	}
}
