package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// The mail pages show admins the outbox: what the server queued, sent or
// gave up on, each message readable as it went out. With no mail server
// configured (XIETONG_SMTP_URL empty) this is the mail log, where the
// messages of `make run` can be read.

// canSeeMail says whether the mail link belongs in a user's navigation.
func canSeeMail(a domain.Actor) bool { return domain.Allowed(a, domain.PermManageOutbox) }

// mailRow is one message as the list shows it.
type mailRow struct {
	ID                 int64
	Created            string
	Kind, KindCode     string
	To, ToName         string
	TaskID, HotspotID  int64
	Status, StatusCode string
	Attempts           int
	LastError          string
	Retry              bool // failed: the admin may queue it again
}

// mailListData is the mail list's content.
type mailListData struct {
	Statuses []option
	TaskID   int64 // the ?task_id the list is narrowed to, if any
	Filtered bool
	Items    []mailRow
	Pager    pager
}

// mailPageData is one message's page: its state and, once sent, the
// message decoded for reading, with its source.
type mailPageData struct {
	mailRow
	Sent, NextAttempt string
	MessageID         string
	Mail              readableMail
	Unreadable        bool // the stored message could not be parsed; only its source shows
	Raw               string
	Flash, Error      string
}

// handleMailList lists the outbox newest first; ?status and ?task_id narrow it.
func (s *Server) handleMailList(c echo.Context) error {
	f := domain.OutboxFilter{Status: domain.OutboxStatus(c.QueryParam("status"))}
	var err error
	if f.TaskID, err = queryID(c, "task_id"); err != nil {
		return err
	}
	pg, err := domain.NewPage(0, c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	list, err := s.deps.Outbox.List(c.Request().Context(), actorOf(c), f, pg)
	if err != nil {
		return err
	}
	loc := s.localizer(c)
	d := mailListData{Statuses: codeOptions(loc, "web.mail.status.", domain.OutboxStatuses(), string(f.Status)),
		TaskID: f.TaskID, Filtered: f != domain.OutboxFilter{}, Pager: newPager(c, list.Next, len(list.Items))}
	for _, m := range list.Items {
		d.Items = append(d.Items, s.mailRowOf(loc, m))
	}
	return s.render(c, http.StatusOK, "mail", s.newPage(c, "web.title.mail", d))
}

// handleMailPage shows one message.
func (s *Server) handleMailPage(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.renderMail(c, http.StatusOK, id, "")
}

// handleMailRetry queues a failed message again and shows it; a message
// that has not failed shows the conflict on its page.
func (s *Server) handleMailRetry(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err = s.deps.Outbox.Retry(c.Request().Context(), actorOf(c), id); err == nil {
		return c.Redirect(http.StatusSeeOther, "/admin/mail/"+strconv.FormatInt(id, 10)+"?done=mail_retried")
	}
	status, msg, ok := s.formError(c, err)
	if !ok {
		return err
	}
	return s.renderMail(c, status, id, msg)
}

func (s *Server) renderMail(c echo.Context, status int, id int64, msg string) error {
	m, err := s.deps.Outbox.Message(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	loc := s.localizer(c)
	d := mailPageData{mailRow: s.mailRowOf(loc, m), Sent: s.fmtTime(m.SentAt), MessageID: m.MessageID,
		Raw: sourceOf(m.Raw), Flash: flashOf(loc, c.QueryParam("done")), Error: msg}
	if m.Status == domain.OutboxQueued || m.Status == domain.OutboxSending {
		d.NextAttempt = s.fmtTime(m.NextAttemptAt)
	}
	if len(m.Raw) > 0 {
		d.Mail, err = readMail(m.Raw)
		d.Unreadable = err != nil
	}
	return s.render(c, status, "mail_message", s.newPage(c, "web.title.mail_message", d))
}

func (s *Server) mailRowOf(loc *Localizer, m domain.OutboxMessage) mailRow {
	return mailRow{ID: m.ID, Created: s.fmtTime(m.CreatedAt), Kind: mailKindName(loc, m.Kind), KindCode: m.Kind,
		To: m.To, ToName: m.ToName, TaskID: m.TaskID, HotspotID: m.HotspotID,
		Status: loc.T("web.mail.status." + string(m.Status)), StatusCode: string(m.Status),
		Attempts: m.Attempts, LastError: m.LastError, Retry: m.Status == domain.OutboxFailed}
}

// mailKindName names a kind of message in the page's language; a kind the
// catalog does not know yet shows as its code.
func mailKindName(loc *Localizer, kind string) string {
	k := "web.mail.kind." + kind
	if name := loc.T(k); name != k {
		return name
	}
	return kind
}

// maxMailSource caps the source the page shows: a report mail carries its
// workbook, which nobody reads as base64.
const maxMailSource = 256 << 10

func sourceOf(raw []byte) string {
	if len(raw) <= maxMailSource {
		return string(raw)
	}
	return string(raw[:maxMailSource]) + "\n…"
}
