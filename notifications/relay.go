package notifications

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	mathrand "math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"time"

	"xietong/domain"
	"xietong/notifications/mail"
)

// Queue is what the relay needs of the store.
type Queue interface {
	ClaimMail(ctx context.Context, now time.Time, lease time.Duration, n int) ([]domain.OutboxMessage, error)
	SetMessageID(ctx context.Context, id int64, messageID string) (string, error)
	MarkSent(ctx context.Context, id int64, raw []byte, at time.Time) error
	MarkRetry(ctx context.Context, id int64, lastErr string, next time.Time) error
	MarkFailed(ctx context.Context, id int64, lastErr string) error
}

// Relay claims due outbox messages, renders and sends them, and records
// the outcome. Every server process runs one; on PostgreSQL they share the
// queue through leases and SKIP LOCKED.
type Relay struct {
	Queue     Queue
	Transport Transport
	Now       func() time.Time
	Log       *slog.Logger
	// From and FromName are the sender; ReplyAddress is local@domain, whose
	// plus part carries reply tokens.
	From, FromName, ReplyAddress string
	BaseURL                      *url.URL
	// Key signs reply tokens.
	Key []byte
	// Batch is how many messages one claim takes (default 50); Lease how
	// long a claim holds them (default 2 min); Interval how long an idle
	// relay waits before looking again (default 2 s).
	Batch    int
	Lease    time.Duration
	Interval time.Duration
}

// Run sends until ctx ends. A batch that found work is followed at once by
// another, so a backlog drains at full speed.
func (r *Relay) Run(ctx context.Context) {
	interval := r.Interval
	if interval == 0 {
		interval = 2 * time.Second
	}
	for {
		n, err := r.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			r.Log.Warn("mail relay", "err", err)
		}
		if n > 0 && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

// RunOnce claims one batch and handles it; it returns how many it claimed.
func (r *Relay) RunOnce(ctx context.Context) (int, error) {
	batch, lease := r.Batch, r.Lease
	if batch == 0 {
		batch = 50
	}
	if lease == 0 {
		lease = 2 * time.Minute
	}
	msgs, err := r.Queue.ClaimMail(ctx, r.Now(), lease, batch)
	if err != nil || len(msgs) == 0 {
		return 0, err
	}
	var out []Outgoing
	var ready []domain.OutboxMessage
	for _, m := range msgs {
		o, err := r.build(ctx, m)
		if err != nil {
			// A message that cannot be built will not build later either.
			r.Log.Error("mail build failed", "outbox_id", m.ID, "kind", m.Kind, "err", err)
			if err := r.Queue.MarkFailed(ctx, m.ID, err.Error()); err != nil {
				return len(msgs), err
			}
			continue
		}
		out, ready = append(out, o), append(ready, m)
	}
	errs := r.Transport.Send(ctx, out)
	for i, m := range ready {
		if err := r.record(ctx, m, out[i].Raw, errs[i]); err != nil {
			return len(msgs), err
		}
	}
	return len(msgs), nil
}

// record stores the outcome of one send.
func (r *Relay) record(ctx context.Context, m domain.OutboxMessage, raw []byte, sendErr error) error {
	now := r.Now()
	var perm *PermanentError
	switch {
	case sendErr == nil:
		r.Log.Info("mail sent", "outbox_id", m.ID, "kind", m.Kind, "transport", r.Transport.Name())
		return r.Queue.MarkSent(ctx, m.ID, raw, now)
	case errors.As(sendErr, &perm) || m.Attempts >= domain.MaxAttempts:
		r.Log.Warn("mail failed", "outbox_id", m.ID, "kind", m.Kind, "attempts", m.Attempts, "err", sendErr)
		return r.Queue.MarkFailed(ctx, m.ID, sendErr.Error())
	default:
		next := now.Add(domain.Backoff(m.Attempts, mathrand.Float64()))
		r.Log.Info("mail retry", "outbox_id", m.ID, "attempts", m.Attempts, "next", next, "err", sendErr)
		return r.Queue.MarkRetry(ctx, m.ID, sendErr.Error(), next)
	}
}

// build renders m and assembles the message, fixing its Message-ID first.
func (r *Relay) build(ctx context.Context, m domain.OutboxMessage) (Outgoing, error) {
	rendered, atts, err := Content(m, r.link(m))
	if err != nil {
		return Outgoing{}, err
	}
	_, domainPart, _ := strings.Cut(r.ReplyAddress, "@")
	env := mail.Envelope{From: r.From, FromName: r.FromName, To: m.To, ToName: m.ToName, Date: r.Now(),
		AutoReplied: m.Kind == domain.MailReplyRefused}
	token := ""
	if m.TaskID != 0 && m.Kind != domain.MailReplyRefused {
		root := "<task-" + strconv.FormatInt(m.TaskID, 10) + "@" + domainPart + ">"
		env.InReplyTo, env.References = []string{root}, []string{root}
		if replyable(m) {
			token = domain.ReplyToken(r.Key, m.TaskID, m.UserID, m.To)
			local, _, _ := strings.Cut(r.ReplyAddress, "@")
			env.ReplyTo = local + "+" + token + "@" + domainPart
		}
	}
	id := m.MessageID
	if id == "" {
		id, err = r.Queue.SetMessageID(ctx, m.ID, newMessageID(token, domainPart))
		if err != nil {
			return Outgoing{}, err
		}
	}
	env.MessageID = id
	raw, err := mail.Build(env, rendered, atts...)
	if err != nil {
		return Outgoing{}, err
	}
	return Outgoing{From: r.From, To: []string{m.To}, Raw: raw}, nil
}

// Content renders a queued message: from its Notice snapshot through the
// kind's templates, or, for a message rendered when it was queued (the
// supervision report), as it was stored. link is the page it points to.
func Content(m domain.OutboxMessage, link string) (mail.Rendered, []mail.Attachment, error) {
	if m.Kind == domain.MailSupervisionReport {
		var p domain.PreRendered
		if err := json.Unmarshal(m.Payload, &p); err != nil {
			return mail.Rendered{}, nil, fmt.Errorf("payload: %w", err)
		}
		atts := make([]mail.Attachment, len(p.Attachments))
		for i, a := range p.Attachments {
			atts[i] = mail.Attachment{Name: a.Name, ContentType: a.ContentType, Data: a.Data}
		}
		return mail.Rendered{Subject: p.Subject, Text: p.Text, HTML: p.HTML}, atts, nil
	}
	var p mail.Payload
	if err := json.Unmarshal(m.Payload, &p); err != nil {
		return mail.Rendered{}, nil, fmt.Errorf("payload: %w", err)
	}
	p.Link = link
	r, err := mail.Render(mail.Kind(m.Kind), m.Lang, p)
	return r, nil, err
}

// replyable reports whether the recipient may act on the task by replying:
// not the assigning lead or leadership on supervision ladder mail, which
// tells them to use the web instead.
func replyable(m domain.OutboxMessage) bool {
	if !strings.HasPrefix(m.Kind, domain.EventLadderPrefix) {
		return true
	}
	var p struct{ Role string }
	_ = json.Unmarshal(m.Payload, &p)
	return p.Role != mail.RoleAssigner && p.Role != mail.RoleLeadership
}

// newMessageID carries the reply token, so a reply whose plus-address was
// dropped can still be matched through In-Reply-To.
func newMessageID(token, domainPart string) string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // crypto/rand does not fail on supported platforms
	if token == "" {
		return "<xt." + hex.EncodeToString(b) + "@" + domainPart + ">"
	}
	return "<xt." + token + "." + hex.EncodeToString(b) + "@" + domainPart + ">"
}

// link is the page a message points to.
func (r *Relay) link(m domain.OutboxMessage) string {
	if r.BaseURL == nil {
		return ""
	}
	switch {
	case m.TaskID != 0:
		return r.BaseURL.String() + "/tasks/" + strconv.FormatInt(m.TaskID, 10)
	case m.HotspotID != 0:
		return r.BaseURL.String() + "/hotspots/" + strconv.FormatInt(m.HotspotID, 10)
	}
	return ""
}
