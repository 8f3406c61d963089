package server

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// uploadField is the multipart field that carries files; it may repeat.
const uploadField = "file"

// DefaultUploadConcurrency is how many uploads are read at once when
// Deps.UploadConcurrency is not set.
const DefaultUploadConcurrency = 4

// retryUploadBusy is the Retry-After, in seconds, of an upload refused
// because the others fill every slot.
const retryUploadBusy = 5

// uploadSlots bounds the uploads in progress, and so the memory, disk
// and database work they take together.
type uploadSlots chan struct{}

func newUploadSlots(n int) uploadSlots {
	if n <= 0 {
		n = DefaultUploadConcurrency
	}
	return make(uploadSlots, n)
}

// acquire takes a slot, or fails at once with a 503 when all are taken:
// a client retrying later costs less than a queue of bodies being read.
func (s uploadSlots) acquire() (release func(), err error) {
	select {
	case s <- struct{}{}:
		return func() { <-s }, nil
	default:
		return nil, &domain.Error{Kind: domain.ErrUnavailable, Key: "attachment.busy", RetryAfter: retryUploadBusy}
	}
}

// attachmentJSON is an attachment's metadata; url downloads the bytes.
type attachmentJSON struct {
	ID            int64   `json:"id"`
	TaskID        *int64  `json:"task_id"`
	HotspotID     *int64  `json:"hotspot_id"`
	ApplicationID *int64  `json:"application_id,omitempty"`
	Indicator     string  `json:"indicator,omitempty"`
	CaseID        *int64  `json:"case_id,omitempty"`
	ExchangeID    *int64  `json:"exchange_id,omitempty"`
	Filename      string  `json:"filename"`
	DownloadName  string  `json:"download_name"`
	ContentType   string  `json:"content_type"`
	Size          int64   `json:"size"`
	SHA256        string  `json:"sha256"`
	UploadedBy    *int64  `json:"uploaded_by"`
	Uploader      string  `json:"uploader"`
	UploaderOrgID *int64  `json:"uploader_org_id"`
	Channel       string  `json:"channel"`
	CreatedAt     *string `json:"created_at"`
	URL           string  `json:"url"`
}

func toAttachmentJSON(a domain.Attachment) attachmentJSON {
	return attachmentJSON{ID: a.ID, TaskID: idJSON(a.TaskID), HotspotID: idJSON(a.HotspotID),
		ApplicationID: idJSON(a.ApplicationID), Indicator: a.Indicator, CaseID: idJSON(a.CaseID),
		ExchangeID: idJSON(a.ExchangeID), Filename: a.Filename,
		DownloadName: a.DownloadName(),
		ContentType:  a.ContentType, Size: a.Size, SHA256: a.SHA256, UploadedBy: idJSON(a.UploadedBy),
		Uploader: a.Uploader, UploaderOrgID: idJSON(a.UploaderOrgID), Channel: string(a.Channel),
		CreatedAt: timeJSON(a.CreatedAt), URL: "/api/v1/attachments/" + strconv.FormatInt(a.ID, 10)}
}

func attachToTask(id int64) domain.AttachmentTarget    { return domain.AttachmentTarget{TaskID: id} }
func attachToHotspot(id int64) domain.AttachmentTarget { return domain.AttachmentTarget{HotspotID: id} }
func attachToCase(id int64) domain.AttachmentTarget    { return domain.AttachmentTarget{CaseID: id} }
func attachToExchange(id int64) domain.AttachmentTarget {
	return domain.AttachmentTarget{ExchangeID: id}
}

// handleAttachmentCreate stores the uploaded files (all or none) and
// answers 201 with their metadata.
func (a api) handleAttachmentCreate(target func(int64) domain.AttachmentTarget) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c, "id")
		if err != nil {
			return err
		}
		release, err := a.uploads.acquire()
		if err != nil {
			return err
		}
		defer release()
		files, cleanup, err := spoolUploads(c.Request(), a.deps.UploadDir)
		defer cleanup()
		if err != nil {
			return err
		}
		out, err := a.deps.Attachments.AddAll(c.Request().Context(), actorOf(c), target(id), files)
		if err != nil {
			return err
		}
		a.ready.storageFreed()
		return c.JSON(http.StatusCreated, listOf(domain.List[domain.Attachment]{Items: out}, toAttachmentJSON))
	}
}

// handleAttachmentList lists a task's or hot-spot's attachments, oldest first.
func (a api) handleAttachmentList(target func(int64) domain.AttachmentTarget) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c, "id")
		if err != nil {
			return err
		}
		p, err := pageOf(c)
		if err != nil {
			return err
		}
		l, err := a.deps.Attachments.List(c.Request().Context(), actorOf(c), target(id), p)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, listOf(l, toAttachmentJSON))
	}
}

// handleAttachmentGet sends an attachment's bytes as a download, under the
// type sniffed at upload, never one a browser guesses, and under a name
// whose extension matches that type. With ?inline=1 a picture a browser
// shows (JPEG, PNG, GIF, WebP: thumbnailTypes) is sent to be shown rather
// than saved, so a thumbnail opens large; the other headers stay, and any
// other file is a download still.
func (a api) handleAttachmentGet(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	att, data, err := a.deps.Attachments.Get(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	etag := `"` + att.SHA256 + `"`
	h.Set("ETag", etag)
	disposition := downloadDisposition(att.DownloadName())
	if c.QueryParam("inline") == "1" && thumbnailTypes[att.ContentType] {
		disposition = "inline" + strings.TrimPrefix(disposition, "attachment")
	}
	h.Set(echo.HeaderContentDisposition, disposition)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	if ifNoneMatch(c.Request().Header.Get("If-None-Match"), etag) {
		return c.NoContent(http.StatusNotModified)
	}
	h.Set(echo.HeaderContentLength, strconv.FormatInt(att.Size, 10))
	return c.Stream(http.StatusOK, att.ContentType, data)
}

// spoolUploads reads the files of a multipart/form-data body, every part
// named "file", each into a temporary file in dir, so that an upload is never
// held in memory whole. Other parts are skipped. Reading past the upload
// limit is a 413. cleanup closes and removes the files; it is never nil.
func spoolUploads(r *http.Request, dir string) (files []domain.Upload, cleanup func(), err error) {
	files, _, cleanup, err = spoolUploadsWith(r, dir, nil)
	return files, cleanup, err
}

// maxUploadField is the most bytes a text field of an upload form may hold.
const maxUploadField = 1 << 10

// spoolUploadsWith is spoolUploads that also reads the text fields named in
// fields (each at most 1 KiB) into values.
func spoolUploadsWith(r *http.Request, dir string, fields []string) (files []domain.Upload, values map[string]string,
	cleanup func(), err error) {
	values = map[string]string{}
	var spooled []*os.File
	cleanup = func() {
		for _, f := range spooled {
			_ = f.Close()           // read-only use; nothing to lose
			_ = os.Remove(f.Name()) // best effort: a leftover is only a temporary file
		}
	}
	mt, params, err := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	if err != nil || mt != echo.MIMEMultipartForm || params["boundary"] == "" {
		return nil, nil, cleanup, domain.Invalid("attachment.multipart_required", uploadField)
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return files, values, cleanup, nil
		}
		if err != nil {
			return nil, nil, cleanup, uploadError(err)
		}
		if p.FormName() != uploadField {
			if slices.Contains(fields, p.FormName()) && p.FileName() == "" {
				b, err := io.ReadAll(io.LimitReader(p, maxUploadField+1))
				if err != nil {
					return nil, nil, cleanup, uploadError(err)
				}
				if len(b) > maxUploadField {
					return nil, nil, cleanup, domain.Invalid("attachment.multipart_invalid")
				}
				values[p.FormName()] = string(b)
			}
			continue // NextPart skips the rest of it
		}
		if len(files) == domain.MaxUploadFiles {
			return nil, nil, cleanup, domain.Invalid("attachment.too_many", domain.MaxUploadFiles)
		}
		f, err := os.CreateTemp(dir, "xietong-upload-*")
		if err != nil {
			return nil, nil, cleanup, spoolError(err)
		}
		spooled = append(spooled, f)
		n, err := io.Copy(f, p)
		if err != nil {
			if isTooLarge(err) || !isWriteError(err, f) {
				return nil, nil, cleanup, uploadError(err)
			}
			return nil, nil, cleanup, spoolError(err)
		}
		files = append(files, domain.Upload{Filename: p.FileName(), File: f, Size: n})
	}
}

// spoolError is a failure to write an upload's temporary file: a full
// disk is a 503 to retry, like a database with no room; anything else is
// an internal error.
func spoolError(err error) error {
	if errors.Is(err, syscall.ENOSPC) {
		full := &domain.Error{Kind: domain.ErrUnavailable, Key: "error.storage_full", RetryAfter: retryUploadBusy}
		return fmt.Errorf("spool upload: %w: %w: %w", full, domain.ErrStorageFull, err)
	}
	return fmt.Errorf("spool upload: %w", err)
}

// isWriteError reports whether err came from writing f (a full temporary
// disk, say), not from reading the request.
func isWriteError(err error, f *os.File) bool {
	var pe *os.PathError
	return errors.As(err, &pe) && pe.Path == f.Name()
}

func uploadError(err error) error {
	if isTooLarge(err) {
		return errTooLarge()
	}
	return domain.Invalid("attachment.multipart_invalid")
}

// downloadDisposition names a download per RFC 6266: an ASCII fallback for
// old clients and the exact UTF-8 name in filename* (RFC 8187), so Chinese
// names survive. Quotes, backslashes and control characters never reach
// the header as themselves.
func downloadDisposition(name string) string {
	var fb, enc strings.Builder
	lastUnderscore := false
	for _, r := range name {
		ok := r >= 0x20 && r < 0x7F && r != '"' && r != '\\' && r != '%'
		if !ok {
			if !lastUnderscore {
				fb.WriteByte('_')
			}
			lastUnderscore = true
			continue
		}
		fb.WriteRune(r)
		lastUnderscore = false
	}
	for _, b := range []byte(name) {
		if isAttrChar(b) {
			enc.WriteByte(b)
			continue
		}
		fmt.Fprintf(&enc, "%%%02X", b)
	}
	return `attachment; filename="` + fb.String() + `"; filename*=UTF-8''` + enc.String()
}

// isAttrChar reports whether b may appear unencoded in an RFC 8187 value.
func isAttrChar(b byte) bool {
	switch {
	case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b >= '0' && b <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", b) >= 0
}

// ifNoneMatch reports whether an If-None-Match header names etag (or *).
func ifNoneMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}
