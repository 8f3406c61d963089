package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/notifications"
	"xietong/notifications/mail"
)

// outboxJSON is a queued or sent message as an admin sees it. The subject
// is not stored (messages are rendered when sent); kind says what the
// message is about, and raw, on a single message, is what was sent.
type outboxJSON struct {
	ID            int64   `json:"id"`
	Kind          string  `json:"kind"`
	To            string  `json:"to"`
	ToName        string  `json:"to_name"`
	Subject       string  `json:"subject"`
	Status        string  `json:"status"`
	Attempts      int     `json:"attempts"`
	LastError     string  `json:"last_error"`
	NextAttemptAt *string `json:"next_attempt_at"`
	SentAt        *string `json:"sent_at"`
	CreatedAt     *string `json:"created_at"`
	TaskID        *int64  `json:"task_id"`
	HotspotID     *int64  `json:"hotspot_id"`
	MessageID     string  `json:"message_id"`
	Raw           *string `json:"raw,omitempty"`
}

// toOutboxJSON renders a message without its bytes. next_attempt_at is
// null once the message is sent or given up: no attempt is due then.
func (a api) toOutboxJSON(m domain.OutboxMessage) outboxJSON {
	j := outboxJSON{ID: m.ID, Kind: m.Kind, To: m.To, ToName: m.ToName, Status: string(m.Status),
		Attempts: m.Attempts, LastError: m.LastError, SentAt: timeJSON(m.SentAt), CreatedAt: timeJSON(m.CreatedAt),
		TaskID: idJSON(m.TaskID), HotspotID: idJSON(m.HotspotID), MessageID: m.MessageID, Subject: subjectOf(a.deps.Mail, m)}
	if m.Status == domain.OutboxQueued || m.Status == domain.OutboxSending {
		j.NextAttemptAt = timeJSON(m.NextAttemptAt)
	}
	return j
}

// subjectOf renders the subject the message has (or will have) from its
// queued snapshot, in the recipient's language; "" when it cannot be
// rendered or there is no renderer.
func subjectOf(rd *mail.Renderer, m domain.OutboxMessage) string {
	if rd == nil && m.Kind != domain.MailSupervisionReport {
		return ""
	}
	r, _, err := notifications.Content(rd, m, "")
	if err != nil {
		return ""
	}
	return r.Subject
}

// toOutboxDetailJSON adds the message as sent, when it was.
func (a api) toOutboxDetailJSON(m domain.OutboxMessage) outboxJSON {
	j := a.toOutboxJSON(m)
	if len(m.Raw) > 0 {
		raw := string(m.Raw)
		j.Raw = &raw
	}
	return j
}

// handleOutboxList lists messages newest first (admin); ?status and
// ?task_id filter.
func (a api) handleOutboxList(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	f := domain.OutboxFilter{Status: domain.OutboxStatus(c.QueryParam("status"))}
	if f.TaskID, err = queryID(c, "task_id"); err != nil {
		return err
	}
	l, err := a.deps.Outbox.List(c.Request().Context(), actorOf(c), f, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(l, a.toOutboxJSON))
}

// handleOutboxGet returns one message with the bytes sent (admin).
func (a api) handleOutboxGet(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	m, err := a.deps.Outbox.Message(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a.toOutboxDetailJSON(m))
}

// handleOutboxRetry puts a failed message back in the queue (admin).
func (a api) handleOutboxRetry(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	m, err := a.deps.Outbox.Retry(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a.toOutboxJSON(m))
}
