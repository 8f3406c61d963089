package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// Evidence files on the task and hot-spot pages: one upload form (several
// files, a plain multipart post the server answers with a redirect, which
// static/upload.js sends with XMLHttpRequest to show its progress), the
// list of the files with thumbnails of the pictures, and the files of each
// upload under its entry of the record. Downloads go through the API's
// route, which checks access and sends the sniffed type with nosniff.

// uploadAccept is the upload input's accept attribute: the extensions and
// types the domain's sniffer allows (domain/attachment_type.go). The
// browser uses it to filter the picker; the server still sniffs the bytes.
const uploadAccept = ".pdf,.ofd,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.jpg,.jpeg,.png,.gif,.webp,.heic,.txt,.mp4,.mov,.3gp," +
	"application/pdf,image/jpeg,image/png,image/gif,image/webp,image/heic,text/plain,video/mp4,video/quicktime,video/3gpp"

// fileRow is one attachment as the pages list it.
type fileRow struct {
	ID          int64
	Name, URL   string
	View        string // a picture's address to show it (URL?inline=1); "" for other files
	Size        string
	Uploader    string
	At          string
	Image       bool // shown as a thumbnail
	ContentType string
}

// uploadForm is the upload form's settings: where it posts and the limits
// the browser checks before sending (the server checks them again).
type uploadForm struct {
	Action   string
	Accept   string
	MaxSize  int64
	MaxFiles int
	SizeText string
	Error    string
	// Camera adds a second input that opens a phone's camera at once
	// (capture="environment"), on the hot-spot forms, where the evidence
	// is a photo of the place; task forms leave it out, their evidence is
	// as often a document, which capture would keep the phone from picking.
	Camera bool
}

// photoAccept is the accept attribute of the hot-spot forms' file input:
// any picture first, so that a phone offers its camera and its gallery,
// then the same types as uploadAccept.
const photoAccept = "image/*," + uploadAccept

// attachmentURL is the download route of an attachment, which checks access.
func attachmentURL(id int64) string { return "/api/v1/attachments/" + strconv.FormatInt(id, 10) }

// thumbnailTypes are the pictures a browser shows inline; HEIC is not one.
// The download route sends them to be shown with ?inline=1.
var thumbnailTypes = map[string]bool{domain.TypeJPEG: true, domain.TypePNG: true, domain.TypeGIF: true,
	domain.TypeWebP: true}

func (s *Server) fileRowOf(att domain.Attachment) fileRow {
	r := fileRow{ID: att.ID, Name: att.Filename, URL: attachmentURL(att.ID), Size: humanSize(att.Size),
		Uploader: att.Uploader, At: s.fmtTime(att.CreatedAt), Image: thumbnailTypes[att.ContentType],
		ContentType: att.ContentType}
	if r.Image {
		r.View = r.URL + "?inline=1"
	}
	return r
}

// humanSize writes n bytes as people read it: "812 B", "1.5 KB", "20 MB".
func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return strings.TrimSuffix(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".0") + " MB"
	case n >= 1<<10:
		return strings.TrimSuffix(strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64), ".0") + " KB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

func (s *Server) newUploadForm(action string) *uploadForm {
	limit := s.deps.Attachments.MaxSize
	if limit <= 0 {
		limit = domain.DefaultMaxAttachmentSize
	}
	return &uploadForm{Action: action, Accept: uploadAccept, MaxSize: limit, MaxFiles: domain.MaxUploadFiles,
		SizeText: humanSize(limit)}
}

// attachmentRows lists the files of target the user may see, oldest first
// (nil without the attachment service).
func (s *Server) attachmentRows(c echo.Context, target domain.AttachmentTarget) ([]fileRow, []domain.Attachment, error) {
	if s.deps.Attachments == nil {
		return nil, nil, nil
	}
	var rows []fileRow
	var all []domain.Attachment
	p := domain.Page{Limit: domain.MaxPageSize}
	for {
		l, err := s.deps.Attachments.List(c.Request().Context(), actorOf(c), target, p)
		if err != nil {
			return nil, nil, err
		}
		for _, att := range l.Items {
			rows = append(rows, s.fileRowOf(att))
			all = append(all, att)
		}
		if l.Next == nil {
			return rows, all, nil
		}
		p.After = *l.Next
	}
}

// filesOfEvents puts under each upload entry of a record the file it
// added: the entry carries the file's name, its uploader and its time.
func (s *Server) filesOfEvents(rows []eventRow, events []domain.TaskEvent, atts []domain.Attachment) {
	used := make([]bool, len(atts))
	for i, e := range events {
		if e.Action != domain.EventAttach || i >= len(rows) {
			continue
		}
		for j, att := range atts {
			d := att.CreatedAt.Sub(e.At)
			if used[j] || att.Filename != e.Note || att.UploadedBy != e.ActorID || d > time.Second || d < -time.Second {
				continue
			}
			used[j] = true
			rows[i].Files = append(rows[i].Files, s.fileRowOf(att))
			break
		}
	}
}

// uploadsOf are the files of the upload form's "file" fields.
func uploadsOf(c echo.Context) ([]domain.Upload, func(), error) {
	var files []domain.Upload
	var opened []interface{ Close() error }
	closeAll := func() {
		for _, f := range opened {
			_ = f.Close() // best effort: temporary files
		}
	}
	form := c.Request().MultipartForm
	if form == nil {
		return nil, closeAll, domain.Invalid("attachment.file_required")
	}
	for _, fh := range form.File[uploadField] {
		f, err := fh.Open()
		if err != nil {
			closeAll()
			return nil, func() {}, err
		}
		opened = append(opened, f)
		files = append(files, domain.Upload{Filename: fh.Filename, File: f, Size: fh.Size})
	}
	return files, closeAll, nil
}

// formUploads are the files of a form that may carry some besides its
// fields (a task action, a hot-spot report, the community's feedback): none
// when the form was not multipart or no file was chosen. More than
// domain.MaxUploadFiles is refused before anything else is done, as the
// browser refuses it before sending.
func formUploads(c echo.Context) ([]domain.Upload, func(), error) {
	if c.Request().MultipartForm == nil || len(c.Request().MultipartForm.File[uploadField]) == 0 {
		return nil, func() {}, nil
	}
	files, done, err := uploadsOf(c)
	if err == nil && len(files) > domain.MaxUploadFiles {
		err = domain.Invalid("attachment.too_many", domain.MaxUploadFiles)
	}
	return files, done, err
}

// storeFormFiles stores the files that came with a form on target, after
// the form's own change (the action, the report, the feedback) has been
// saved. Each file is stored on its own, through the same service, limits
// and audit as the upload form, so that a refused file (its type, its
// size, the organisation's quota) leaves the change and the other files
// standing; it returns each refused file's reason, in the user's language,
// for the page to list. Nothing is dropped silently: a file that failed for
// another reason (a full disk, say) is logged and listed too.
func (s *Server) storeFormFiles(c echo.Context, target domain.AttachmentTarget, files []domain.Upload) []string {
	var refused []string
	for _, f := range files {
		_, err := s.deps.Attachments.AddAll(c.Request().Context(), actorOf(c), target, []domain.Upload{f})
		if err == nil {
			s.ready.storageFreed()
			continue
		}
		name := domain.SanitizeFilename(f.Filename)
		_, msg, ok := s.attachFormError(c, err)
		if !ok {
			s.log.Error("store a form's file", "err", err, "request_id", requestIDOf(c), "target", target.String())
			if errors.Is(err, domain.ErrStorageFull) {
				s.ready.storageFull(time.Now())
			}
			msg = s.localizer(c).T("web.attach.store_failed")
		}
		if !strings.Contains(msg, name) {
			msg = s.localizer(c).T("web.attach.refused_file", name, msg)
		}
		refused = append(refused, msg)
	}
	return refused
}

// addWebFiles stores the upload form's files on target.
func (s *Server) addWebFiles(c echo.Context, target domain.AttachmentTarget) error {
	files, done, err := uploadsOf(c)
	defer done()
	if err != nil {
		return err
	}
	_, err = s.deps.Attachments.AddAll(c.Request().Context(), actorOf(c), target, files)
	if err == nil {
		s.ready.storageFreed()
	}
	return err
}

// handleTaskAttach stores the files of a task page's upload form and goes
// back to the task, or shows it again with the error.
func (s *Server) handleTaskAttach(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	err = s.addWebFiles(c, domain.AttachmentTarget{TaskID: id})
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/tasks/"+strconv.FormatInt(id, 10)+"?done=attached#attachments")
	}
	status, msg, ok := s.attachFormError(c, err)
	if !ok {
		return err
	}
	return s.renderTask(c, status, id, actionInput{Action: "attach"}, msg)
}

// attachFormError is the upload form's error in the user's language: a
// refused file (type, size, quota, count) or a busy server.
func (s *Server) attachFormError(c echo.Context, err error) (int, string, bool) {
	f, known := classify(err)
	if !known {
		return 0, "", false
	}
	switch f.status {
	case 400, 403, 409, 413, 415, 422, 429:
		return f.status, s.localizer(c).T(f.key, f.args...), true
	}
	return 0, "", false
}
