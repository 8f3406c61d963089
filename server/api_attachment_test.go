package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

var (
	pdfBytes = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
	elfBytes = append([]byte("\x7fELF\x02\x01\x01\x00"), make([]byte, 56)...)
)

// attachEnv is a server with the attachment service, users of every kind
// and a task (police leads, health co-organises) and a hot-spot reported
// by the mijiaya community.
type attachEnv struct {
	*testEnv
	tok   map[string]string
	actor map[string]domain.Actor
	task  int64
	spot  int64
}

func newAttachEnv(t *testing.T, db *storetest.DB, maxSize, uploadLimit int64, opts ...func(*Deps)) *attachEnv {
	t.Helper()
	e := newEnv(t, db, append([]func(*Deps){func(d *Deps) {
		d.Attachments = &domain.AttachmentService{Store: d.Tasks.Store, Now: d.Tasks.Now, MaxSize: maxSize}
		d.UploadLimit = uploadLimit
	}}, opts...)...)
	w := &attachEnv{testEnv: e, tok: map[string]string{}, actor: map[string]domain.Actor{}}
	for _, u := range []struct {
		name string
		role domain.Role
		org  string
		comm string
	}{
		{"police", domain.RoleDepartment, "xian-public_security", ""},
		{"health", domain.RoleDepartment, "xian-health", ""},
		{"finance", domain.RoleDepartment, "xian-finance", ""},
		{"mijiaya", domain.RoleCommunity, "", "xian-mijiaya"},
		{"lanbo", domain.RoleCommunity, "", "xian-lanbo"},
		{"lead", domain.RoleLead, "", ""},
		{"leadership", domain.RoleLeadership, "", ""},
	} {
		user, tok := e.mustUser(u.name, u.role, u.org, u.comm)
		w.tok[u.name], w.actor[u.name] = tok, domain.ActorOf(user, domain.ChannelAPI, "")
	}
	ctx := context.Background()
	task, err := e.srv.deps.Tasks.Create(ctx, w.actor["lead"], domain.CreateTask{Title: "整治小区周边治安",
		LeadOrgID: w.actor["police"].OrgID, CoOrgIDs: []int64{w.actor["health"].OrgID}, DueInWorkingDays: 5})
	if err != nil {
		t.Fatalf("create task: %v", err)
	}
	spot, err := e.srv.deps.Hotspots.Report(ctx, w.actor["mijiaya"], domain.ReportHotspot{Title: "路灯不亮",
		CommunityID: w.actor["mijiaya"].CommunityID, Category: "facilities"})
	if err != nil {
		t.Fatalf("report hot-spot: %v", err)
	}
	w.task, w.spot = task.ID, spot.ID
	return w
}

type upload struct {
	name string
	data []byte
}

// multipartOf encodes files as a multipart/form-data body in the "file" field.
func multipartOf(t testing.TB, files ...upload) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	if err := mw.WriteField("comment", "ignored"); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		w, err := mw.CreateFormFile("file", f.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &b, mw.FormDataContentType()
}

// upload posts files to path (".../attachments").
func (w *attachEnv) upload(t testing.TB, tok, path string, files ...upload) response {
	t.Helper()
	body, ct := multipartOf(t, files...)
	return w.doT(t, request{method: http.MethodPost, path: path, token: tok, body: body,
		header: map[string]string{"Content-Type": ct}})
}

func (w *attachEnv) taskPath() string { return fmt.Sprintf("/api/v1/tasks/%d/attachments", w.task) }
func (w *attachEnv) spotPath() string { return fmt.Sprintf("/api/v1/hotspots/%d/attachments", w.spot) }

func TestAttachmentUploadAndDownload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newAttachEnv(t, db, 0, 0)
		name := `整改报告 "final".pdf`
		r := w.upload(t, w.tok["police"], w.taskPath(), upload{name, pdfBytes},
			upload{"photo.jpg", []byte("现场说明：路灯已更换。\n")})
		wantStatus(t, r, http.StatusCreated)
		var created listJSON[attachmentJSON]
		r.json(t, &created)
		if len(created.Items) != 2 || created.Next != nil {
			t.Fatalf("created: %s", r.body)
		}
		pdf, txt := created.Items[0], created.Items[1]
		sum := sha256.Sum256(pdfBytes)
		if pdf.Filename != name || pdf.ContentType != "application/pdf" || pdf.Size != int64(len(pdfBytes)) ||
			pdf.SHA256 != hex.EncodeToString(sum[:]) || pdf.TaskID == nil || *pdf.TaskID != w.task ||
			pdf.HotspotID != nil || pdf.Channel != "api" || pdf.Uploader != "police" {
			t.Errorf("pdf metadata: %+v", pdf)
		}
		if txt.ContentType != "text/plain; charset=utf-8" || txt.Filename != "photo.jpg" {
			t.Errorf("text named .jpg: %+v", txt)
		}

		r = w.doT(t, request{method: http.MethodGet, path: w.taskPath(), token: w.tok["health"]})
		wantStatus(t, r, http.StatusOK)
		var list listJSON[attachmentJSON]
		r.json(t, &list)
		if len(list.Items) != 2 || list.Items[0].ID != pdf.ID || list.Items[1].URL != txt.URL {
			t.Errorf("list: %s", r.body)
		}

		r = w.doT(t, request{method: http.MethodGet, path: pdf.URL, token: w.tok["lead"],
			header: map[string]string{"Accept-Encoding": "gzip"}})
		wantStatus(t, r, http.StatusOK)
		if !bytes.Equal(r.body, pdfBytes) {
			t.Errorf("downloaded %q, want the uploaded bytes", r.body)
		}
		for k, want := range map[string]string{
			"Content-Type":           "application/pdf",
			"Content-Length":         strconv.Itoa(len(pdfBytes)),
			"X-Content-Type-Options": "nosniff",
			"ETag":                   `"` + pdf.SHA256 + `"`,
			"Content-Disposition":    `attachment; filename="_ _final_.pdf"; filename*=UTF-8''%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A%20%22final%22.pdf`,
		} {
			if got := r.header.Get(k); got != want {
				t.Errorf("%s: got %q, want %q", k, got, want)
			}
		}
		if _, params, err := mime.ParseMediaType(r.header.Get("Content-Disposition")); err != nil || params["filename"] != name {
			t.Errorf("a client reads the name as %q (%v), want %q", params["filename"], err, name)
		}
		r = w.doT(t, request{method: http.MethodGet, path: pdf.URL, token: w.tok["lead"],
			header: map[string]string{"If-None-Match": `"` + pdf.SHA256 + `"`}})
		wantStatus(t, r, http.StatusNotModified)

		d, err := w.srv.deps.Tasks.Task(context.Background(), w.actor["lead"], w.task)
		if err != nil {
			t.Fatal(err)
		}
		var notes []string
		for _, e := range d.Events {
			if e.Action == "attach" {
				notes = append(notes, e.Note)
			}
		}
		if strings.Join(notes, "|") != name+"|photo.jpg" {
			t.Errorf("attach events: got %q", notes)
		}
	})
}

func TestAttachmentAccessHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newAttachEnv(t, db, 0, 0)
		tests := []struct {
			user      string
			onSpot    bool
			add, list int
		}{
			{"police", false, http.StatusCreated, http.StatusOK},
			{"health", false, http.StatusCreated, http.StatusOK},
			{"lead", false, http.StatusCreated, http.StatusOK},
			{"finance", false, http.StatusNotFound, http.StatusNotFound},
			{"leadership", false, http.StatusForbidden, http.StatusOK},
			{"mijiaya", false, http.StatusNotFound, http.StatusNotFound},
			{"mijiaya", true, http.StatusCreated, http.StatusOK},
			{"lead", true, http.StatusCreated, http.StatusOK},
			{"lanbo", true, http.StatusNotFound, http.StatusNotFound},
			{"police", true, http.StatusNotFound, http.StatusNotFound},
			{"leadership", true, http.StatusForbidden, http.StatusOK},
		}
		for _, tt := range tests {
			path := w.taskPath()
			if tt.onSpot {
				path = w.spotPath()
			}
			t.Run(fmt.Sprintf("%s on hot-spot %v", tt.user, tt.onSpot), func(t *testing.T) {
				r := w.upload(t, w.tok[tt.user], path, upload{"证据.pdf", pdfBytes})
				wantStatus(t, r, tt.add)
				r = w.doT(t, request{method: http.MethodGet, path: path, token: w.tok[tt.user]})
				wantStatus(t, r, tt.list)
			})
		}
		// A file on the task is hidden from those who cannot see the task.
		r := w.upload(t, w.tok["police"], w.taskPath(), upload{"a.pdf", pdfBytes})
		wantStatus(t, r, http.StatusCreated)
		var created listJSON[attachmentJSON]
		r.json(t, &created)
		url := created.Items[0].URL
		for user, status := range map[string]int{"finance": http.StatusNotFound, "mijiaya": http.StatusNotFound,
			"leadership": http.StatusOK, "health": http.StatusOK} {
			if r := w.doT(t, request{method: http.MethodGet, path: url, token: w.tok[user]}); r.status != status {
				t.Errorf("%s downloads: got %d, want %d", user, r.status, status)
			}
		}
		wantStatus(t, w.doT(t, request{method: http.MethodGet, path: url}), http.StatusUnauthorized)
		wantStatus(t, w.doT(t, request{method: http.MethodGet, path: "/api/v1/attachments/x", token: w.tok["lead"]}),
			http.StatusBadRequest)
	})
}

// hideLength hides a body's length so that it is sent chunked.
type hideLength struct{ io.Reader }

func TestAttachmentLimitsAndRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		// The JSON body limit is 64 KiB; uploads may be 256 KiB, files 200 KiB.
		w := newAttachEnv(t, db, 200<<10, 256<<10)
		pdf := func(n int) []byte { return append(bytes.Clone(pdfBytes), make([]byte, n)...) }
		police := w.tok["police"]

		wantStatus(t, w.upload(t, police, w.taskPath(), upload{"big.pdf", pdf(100 << 10)}), http.StatusCreated)

		r := w.upload(t, police, w.taskPath(), upload{"huge.pdf", pdf(220 << 10)})
		wantStatus(t, r, http.StatusRequestEntityTooLarge)
		if r.errorCode(t) != "too_large" || !strings.Contains(r.message(t), "200 KB") {
			t.Errorf("file over MaxSize: %s", r.body)
		}
		wantStatus(t, w.upload(t, police, w.taskPath(), upload{"huge.pdf", pdf(300 << 10)}),
			http.StatusRequestEntityTooLarge)

		body, ct := multipartOf(t, upload{"huge.pdf", pdf(300 << 10)})
		r = w.doT(t, request{method: http.MethodPost, path: w.taskPath(), token: police, body: hideLength{body},
			header: map[string]string{"Content-Type": ct}})
		wantStatus(t, r, http.StatusRequestEntityTooLarge)

		for _, tt := range []struct {
			name  string
			files []upload
		}{
			{"executable", []upload{{"report.pdf", elfBytes}}},
			{"html", []upload{{"a.txt", []byte("<html><script>alert(1)</script></html>")}}},
			{"empty", []upload{{"a.txt", nil}}},
			{"no file", nil},
		} {
			t.Run(tt.name, func(t *testing.T) {
				r := w.upload(t, police, w.taskPath(), tt.files...)
				wantStatus(t, r, http.StatusBadRequest)
				if r.errorCode(t) != "invalid" {
					t.Errorf("code: %s", r.body)
				}
			})
		}
		r = w.doT(t, request{method: http.MethodPost, path: w.taskPath(), token: police, body: map[string]string{"file": "x"}})
		wantStatus(t, r, http.StatusBadRequest)

		r = w.doT(t, request{method: http.MethodGet, path: w.taskPath(), token: police})
		var list listJSON[attachmentJSON]
		r.json(t, &list)
		if len(list.Items) != 1 {
			t.Errorf("after refusals: %d attachments, want only the first", len(list.Items))
		}
	})
}

func TestDownloadDisposition(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"整改报告.pdf", `a "quoted" name.pdf`, "semi;colon=x.txt", `back\slash.txt`,
		"100% done.txt", "a\r\nSet-Cookie: x=1.pdf", "it's.docx"} {
		h := downloadDisposition(name)
		if strings.ContainsAny(h, "\r\n\x00") {
			t.Errorf("%q: header %q carries a control character", name, h)
		}
		_, params, err := mime.ParseMediaType(h)
		if err != nil || params["filename"] != name {
			t.Errorf("%q: header %q reads back as %q (%v)", name, h, params["filename"], err)
		}
	}
}

// TestAttachmentNameMatchesContent checks that plain text uploaded under a
// runnable name keeps that name for display but downloads under one whose
// extension says what it is.
func TestAttachmentNameMatchesContent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newAttachEnv(t, db, 0, 0)
		text := []byte("start calc.exe\r\n")
		tests := []struct {
			name     string
			data     []byte
			download string
		}{
			{"invoice.bat", text, "invoice.bat.txt"},
			{"setup.cmd", text, "setup.cmd.txt"},
			{"a.ps1", text, "a.ps1.txt"},
			{"a.vbs", text, "a.vbs.txt"},
			{"a.js", text, "a.js.txt"},
			{"report.hta", text, "report.hta.txt"},
			{"report.html", text, "report.html.txt"},
			{"report.svg", text, "report.svg.txt"},
			{"scan.exe", pdfBytes, "scan.exe.pdf"},
			{"整改报告.pdf", pdfBytes, "整改报告.pdf"},
			{"说明.txt", text, "说明.txt"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := w.upload(t, w.tok["police"], w.taskPath(), upload{tt.name, tt.data})
				wantStatus(t, r, http.StatusCreated)
				var created listJSON[attachmentJSON]
				r.json(t, &created)
				got := created.Items[0]
				if got.Filename != tt.name || got.DownloadName != tt.download {
					t.Errorf("filename %q, download_name %q; want %q, %q", got.Filename, got.DownloadName, tt.name, tt.download)
				}
				r = w.doT(t, request{method: http.MethodGet, path: got.URL, token: w.tok["lead"]})
				wantStatus(t, r, http.StatusOK)
				_, params, err := mime.ParseMediaType(r.header.Get("Content-Disposition"))
				if err != nil || params["filename"] != tt.download {
					t.Errorf("downloads as %q (%v), want %q", params["filename"], err, tt.download)
				}
			})
		}
	})
}

// TestStorageFullUpload fills the database up: an upload is a 503 with
// Retry-After and the storage-full message, nothing of it is kept,
// /readyz says so, and once there is room the same upload succeeds
// without a restart.
func TestStorageFullUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		w := newAttachEnv(t, db, 0, 0)
		big := append(bytes.Clone(pdfBytes), make([]byte, 2<<20)...)
		release := storetest.FillStorage(t, db)
		r := w.upload(t, w.tok["police"], w.taskPath(), upload{"a.pdf", pdfBytes}, upload{"big.pdf", big})
		wantStatus(t, r, http.StatusServiceUnavailable)
		if r.errorCode(t) != "unavailable" || r.header.Get("Retry-After") == "" || !strings.Contains(r.message(t), "存储空间已满") {
			t.Errorf("full disk: %s (Retry-After %q)", r.body, r.header.Get("Retry-After"))
		}
		r = w.doT(t, request{method: http.MethodGet, path: "/readyz"})
		wantStatus(t, r, http.StatusServiceUnavailable)
		if !strings.Contains(string(r.body), "storage full") || r.header.Get("Retry-After") == "" {
			t.Errorf("/readyz on a full disk: %q", r.body)
		}
		r = w.doT(t, request{method: http.MethodGet, path: w.taskPath(), token: w.tok["police"]})
		wantStatus(t, r, http.StatusOK) // reading still works
		var list listJSON[attachmentJSON]
		r.json(t, &list)
		if len(list.Items) != 0 {
			t.Errorf("after the failed upload: %d attachments, want none", len(list.Items))
		}

		release()
		wantStatus(t, w.upload(t, w.tok["police"], w.taskPath(), upload{"a.pdf", pdfBytes}, upload{"big.pdf", big}),
			http.StatusCreated)
		wantStatus(t, w.doT(t, request{method: http.MethodGet, path: "/readyz"}), http.StatusOK)
	})
}

// TestUploadConcurrencyLimit holds one upload open (its body not yet
// sent) with a limit of one: a second upload is a 503 with Retry-After at
// once, and succeeds when the first is done.
func TestUploadConcurrencyLimit(t *testing.T) {
	w := newAttachEnv(t, storetest.SQLite(t), 0, 0, func(d *Deps) { d.UploadConcurrency = 1 })
	body, ct := multipartOf(t, upload{"a.pdf", pdfBytes})
	pr, pw := io.Pipe()
	defer pw.CloseWithError(io.ErrUnexpectedEOF) // a failing test must not leave the request open
	first := make(chan response, 1)
	go func() {
		res, err := w.send(request{method: http.MethodPost, path: w.taskPath(), token: w.tok["police"], body: pr,
			header: map[string]string{"Content-Type": ct}})
		if err != nil {
			t.Errorf("first upload: %v", err)
		}
		first <- res
	}()
	if _, err := pw.Write(body.Bytes()[:10]); err != nil {
		t.Fatal(err)
	}
	// Once the first request's handler runs, it holds the one slot. The
	// test waits for that by looking at the slots, not by uploading: an
	// upload of its own would hold the slot for a moment, and a first
	// request arriving in that moment was refused (on a loaded machine).
	deadline := time.Now().Add(30 * time.Second)
	for len(w.srv.uploads) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the first upload did not take its slot in 30 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	r := w.upload(t, w.tok["health"], w.taskPath(), upload{"b.pdf", pdfBytes})
	wantStatus(t, r, http.StatusServiceUnavailable)
	if r.errorCode(t) != "unavailable" || r.header.Get("Retry-After") == "" {
		t.Errorf("busy: %s, Retry-After %q", r.body, r.header.Get("Retry-After"))
	}
	if _, err := pw.Write(body.Bytes()[10:]); err != nil {
		t.Fatal(err)
	}
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, <-first, http.StatusCreated)
	wantStatus(t, w.upload(t, w.tok["health"], w.taskPath(), upload{"b.pdf", pdfBytes}), http.StatusCreated)
}

// TestAttachmentQuotaHTTP: an upload past the organisation's quota is a
// 413 that names the limit.
func TestAttachmentQuotaHTTP(t *testing.T) {
	w := newAttachEnv(t, storetest.SQLite(t), 0, 0, func(d *Deps) { d.Attachments.OrgQuota = 100 })
	wantStatus(t, w.upload(t, w.tok["police"], w.taskPath(), upload{"a.pdf", pdfBytes}), http.StatusCreated)
	r := w.upload(t, w.tok["police"], w.taskPath(), upload{"b.pdf", pdfBytes}, upload{"c.pdf", pdfBytes})
	wantStatus(t, r, http.StatusRequestEntityTooLarge)
	if r.errorCode(t) != "too_large" || !strings.Contains(r.message(t), "100 B") {
		t.Errorf("over the quota: %s", r.body)
	}
	wantStatus(t, w.upload(t, w.tok["health"], w.taskPath(), upload{"b.pdf", pdfBytes}), http.StatusCreated)
}
