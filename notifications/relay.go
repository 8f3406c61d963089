package notifications

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
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

// Queue is what the relay needs of the store. A claim leases messages to
// one relay under a token (OutboxMessage.Claim); RenewMail extends the lease
// of the messages that claim still holds and says how many those are;
// RecordMail records an outcome only while its claim holds the message.
type Queue interface {
	ClaimMail(ctx context.Context, now time.Time, lease time.Duration, n int) ([]domain.OutboxMessage, error)
	RenewMail(ctx context.Context, claim string, until time.Time) (int, error)
	RecordMail(ctx context.Context, outcomes []domain.MailOutcome) error
}

// Relay claims due outbox messages, renders and sends them, and records
// the outcome. Every server process runs one; on PostgreSQL they share the
// queue through leases and SKIP LOCKED.
type Relay struct {
	Queue     Queue
	Transport Transport
	Renderer  *mail.Renderer // renders the queued notices; required
	Now       func() time.Time
	Log       *slog.Logger
	// From and FromName are the sender; ReplyAddress is local@domain, whose
	// plus part carries reply tokens.
	From, FromName, ReplyAddress string
	BaseURL                      *url.URL
	// Key signs reply tokens.
	Key []byte
	// Batch is how many messages one claim takes (default 50); Lease how
	// long a claim holds them (default 2 min) between renewals; Interval
	// how long an idle relay waits before looking again (default 2 s).
	// While it sends, the relay renews the lease every quarter Lease, and
	// stops sending once two thirds of a Lease passed without a renewal, or
	// when another relay took messages over: the third left must exceed the
	// transport's bound on one message, so that nothing is still being sent
	// when the lease can run out.
	Batch    int
	Lease    time.Duration
	Interval time.Duration
	// Address, when set, turns up to n recorded task changes into queued
	// messages (domain.AddressMail) and says how many it took; the relay
	// runs it before each claim, so that a change's mail is addressed by
	// the relay, not by the request that made the change.
	Address func(ctx context.Context, n int) (int, error)
	// Busy, when set, says whether the server is answering requests; while
	// it is, Run sends at most BusyRate messages a second (0: no limit),
	// in batches of a tenth of a second's worth (at most Batch) with a
	// pause after each, so that mail, which can wait seconds, leaves the
	// processor to the people waiting for an answer. An idle server's relay
	// sends as fast as it can.
	Busy     func() bool
	BusyRate int
}

// Run sends until ctx ends, and then returns nil. A batch that found work
// is followed at once by another, so a backlog drains at full speed. A
// failed batch is logged and retried after Interval: the database or the
// mail server may come back. Run returns an error only for a relay with no
// Queue, Transport, Now or Log, at once.
func (r *Relay) Run(ctx context.Context) error {
	if r.Queue == nil || r.Transport == nil || r.Now == nil || r.Log == nil {
		return errors.New("mail relay: Queue, Transport, Now and Log must be set")
	}
	interval := r.Interval
	if interval == 0 {
		interval = 2 * time.Second
	}
	for {
		start := time.Now()
		n, addressed, err := r.runOnce(ctx)
		if err != nil && ctx.Err() == nil {
			r.Log.Warn("mail relay", "err", err)
		}
		wait := interval
		if (n > 0 || addressed > 0) && err == nil {
			if wait = r.pause(max(n, addressed), time.Since(start)); wait <= 0 {
				continue
			}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// pause is how long Run waits after a batch of n messages (or changes
// addressed) that took took: while the server is busy, long enough that
// the batch went at BusyRate; otherwise nothing.
func (r *Relay) pause(n int, took time.Duration) time.Duration {
	if !r.paced() {
		return 0
	}
	return time.Duration(float64(n)/float64(r.BusyRate)*float64(time.Second)) - took
}

// paced reports whether the relay is to keep to BusyRate now.
func (r *Relay) paced() bool {
	return r.Busy != nil && r.BusyRate > 0 && r.Busy()
}

// RunOnce claims one batch and handles it; it returns how many it claimed.
// A batch costs the store two statements whatever its size, the claim and
// recording the outcomes, plus a lease renewal every quarter lease while it
// sends. The outcomes are recorded even when ctx has ended (see record).
// With Address set, a batch of recorded changes is addressed first; a
// failure to address is logged, and the claim goes on.
func (r *Relay) RunOnce(ctx context.Context) (int, error) {
	n, _, err := r.runOnce(ctx)
	return n, err
}

// runOnce is RunOnce that also says how many changes it addressed.
func (r *Relay) runOnce(ctx context.Context) (claimed, addressed int, err error) {
	batch, lease := r.Batch, r.Lease
	if batch == 0 {
		batch = 50
	}
	if lease == 0 {
		lease = 2 * time.Minute
	}
	if r.paced() {
		// A tenth of a second's worth at a time: the relay's work comes in
		// small pieces between the requests, not in bursts that hold them up.
		batch = max(1, min(batch, r.BusyRate/10))
	}
	if r.Address != nil {
		var aerr error
		if addressed, aerr = r.Address(ctx, batch); aerr != nil && ctx.Err() == nil {
			r.Log.Warn("mail relay: addressing changes", "err", aerr)
		}
	}
	msgs, err := r.Queue.ClaimMail(ctx, r.Now(), lease, batch)
	if err != nil || len(msgs) == 0 {
		return 0, addressed, err
	}
	sendCtx, release := r.hold(ctx, msgs[0].Claim, len(msgs), lease)
	outcomes := r.deliver(sendCtx, msgs)
	release()
	return len(msgs), addressed, r.record(ctx, outcomes)
}

// deliver builds and sends msgs and returns their outcomes, each under its
// message's claim.
func (r *Relay) deliver(ctx context.Context, msgs []domain.OutboxMessage) []domain.MailOutcome {
	outcomes := make([]domain.MailOutcome, 0, len(msgs))
	var out []Outgoing
	var ready []draft
	rd := r.Renderer.Shaped() // messages of one shape share a render
	for _, m := range msgs {
		d, err := r.draft(rd, m)
		var raw []byte
		if err == nil {
			raw, err = mail.Build(d.env, d.rendered, d.atts...)
		}
		if err != nil {
			// A message that cannot be built will not build later either.
			r.Log.Error("mail build failed", "outbox_id", m.ID, "kind", m.Kind, "err", err)
			outcomes = append(outcomes, domain.MailOutcome{ID: m.ID, Claim: m.Claim, Status: domain.OutboxFailed, LastError: err.Error()})
			continue
		}
		out = append(out, Outgoing{From: r.From, To: []string{m.To}, Raw: raw})
		ready = append(ready, d)
	}
	var errs []error
	if len(out) > 0 {
		errs = r.Transport.Send(ctx, out)
	}
	for i, d := range ready {
		o := r.outcome(d.msg, out[i].Raw, errs[i])
		o.MessageID, o.Claim = d.env.MessageID, d.msg.Claim
		outcomes = append(outcomes, o)
	}
	return outcomes
}

// errLeaseLost ends a batch's sending when its lease could not be kept.
var errLeaseLost = errors.New("mail relay: lease lost")

// hold keeps claim's lease on its n messages while they are sent. The
// context it returns ends with ctx, or, with errLeaseLost, once another
// relay holds some of the messages or two thirds of a lease passed without
// a renewal; release stops the renewals.
func (r *Relay) hold(ctx context.Context, claim string, n int, lease time.Duration) (context.Context, func()) {
	hctx, cancel := context.WithCancelCause(ctx)
	every, keep := lease/4, lease-lease/3
	stop := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		expire := time.NewTimer(keep)
		tick := time.NewTicker(every)
		defer expire.Stop()
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-hctx.Done():
				return
			case <-expire.C:
				r.Log.Warn("mail lease not renewed in time; sending stops", "claimed", n)
				cancel(errLeaseLost)
				return
			case <-tick.C:
				start := time.Now() // monotonic: how long this renewal took
				rctx, done := context.WithTimeout(hctx, every)
				held, err := r.Queue.RenewMail(rctx, claim, r.Now().Add(lease))
				done()
				switch {
				case err != nil:
					r.Log.Warn("mail lease renewal failed", "err", err)
				case held < n:
					r.Log.Warn("mail lease taken over; sending stops", "claimed", n, "held", held)
					cancel(errLeaseLost)
					return
				default:
					expire.Reset(keep - time.Since(start))
				}
			}
		}
	}()
	return hctx, func() {
		close(stop)
		<-finished
		cancel(nil)
	}
}

// Recording outcomes: each attempt has recordTimeout, and a failed one is
// retried after recordBackoff, doubling, recordAttempts times in all. The
// whole stays well inside the shutdown timeout (20 s by default).
const (
	recordAttempts = 4
	recordTimeout  = 3 * time.Second
	recordBackoff  = 250 * time.Millisecond
)

// record writes the outcomes of a batch. It runs on a context that ctx's
// end does not cancel, since a message delivered just before shutdown must
// not be sent again after the restart, and retries a failed write (a
// dropped database connection), since an unrecorded delivery is sent again
// once its lease runs out.
func (r *Relay) record(ctx context.Context, outcomes []domain.MailOutcome) error {
	ctx = context.WithoutCancel(ctx)
	wait := recordBackoff
	var err error
	for i := range recordAttempts {
		if i > 0 {
			r.Log.Warn("mail outcomes not recorded; retrying", "err", err, "attempt", i)
			time.Sleep(wait)
			wait *= 2
		}
		actx, cancel := context.WithTimeout(ctx, recordTimeout)
		err = r.Queue.RecordMail(actx, outcomes)
		cancel()
		if err == nil {
			return nil
		}
	}
	return fmt.Errorf("record %d outcomes: %w", len(outcomes), err)
}

// outcome decides what one send's result makes of its message.
func (r *Relay) outcome(m domain.OutboxMessage, raw []byte, sendErr error) domain.MailOutcome {
	now := r.Now()
	var perm *PermanentError
	switch {
	case sendErr == nil:
		r.Log.Info("mail sent", "outbox_id", m.ID, "kind", m.Kind, "transport", r.Transport.Name())
		return domain.MailOutcome{ID: m.ID, Status: domain.OutboxSent, Raw: raw, At: now}
	case errors.Is(sendErr, context.Canceled) || errors.Is(sendErr, errLeaseLost):
		// Shutdown or a lost lease is not the message's fault: due at once
		// (a lost lease's outcome is not recorded anyway).
		r.Log.Info("mail send interrupted", "outbox_id", m.ID, "err", sendErr)
		return domain.MailOutcome{ID: m.ID, Status: domain.OutboxQueued, Next: now, LastError: sendErr.Error(),
			Interrupted: true}
	case errors.As(sendErr, &perm) || m.Attempts >= domain.MaxAttempts:
		r.Log.Warn("mail failed", "outbox_id", m.ID, "kind", m.Kind, "attempts", m.Attempts, "err", sendErr)
		return domain.MailOutcome{ID: m.ID, Status: domain.OutboxFailed, LastError: sendErr.Error()}
	default:
		next := now.Add(domain.Backoff(m.Attempts, mathrand.Float64()))
		r.Log.Info("mail retry", "outbox_id", m.ID, "attempts", m.Attempts, "next", next, "err", sendErr)
		return domain.MailOutcome{ID: m.ID, Status: domain.OutboxQueued, Next: next, LastError: sendErr.Error()}
	}
}

// draft is a message rendered and addressed.
type draft struct {
	msg      domain.OutboxMessage
	env      mail.Envelope
	rendered mail.Rendered
	atts     []mail.Attachment
}

// draft renders m through rd and fills its envelope.
func (r *Relay) draft(rd NoticeRenderer, m domain.OutboxMessage) (draft, error) {
	rendered, atts, err := Content(rd, m, r.link(m))
	if err != nil {
		return draft{}, err
	}
	_, domainPart, _ := strings.Cut(r.ReplyAddress, "@")
	env := mail.Envelope{From: r.From, FromName: r.FromName, To: m.To, ToName: m.ToName, Date: r.Now(),
		AutoReplied: m.Kind == domain.MailReplyRefused, MessageID: m.MessageID}
	token := ""
	if m.TaskID != 0 && m.Kind != domain.MailReplyRefused {
		root := "<task-" + strconv.FormatInt(m.TaskID, 10) + "@" + domainPart + ">"
		env.InReplyTo, env.References = []string{root}, []string{root}
		if replyable(m) {
			token = domain.ReplyToken(r.Key, m.TaskID, m.UserID, m.To, m.CreatedAt)
			local, _, _ := strings.Cut(r.ReplyAddress, "@")
			env.ReplyTo = local + "+" + token + "@" + domainPart
		}
	}
	if env.MessageID == "" {
		env.MessageID = messageID(r.Key, m, token, domainPart)
	}
	return draft{msg: m, env: env, rendered: rendered, atts: atts}, nil
}

// NoticeRenderer renders a notice: a *mail.Renderer, or its mail.Shaped
// form, which renders each shape of message once.
type NoticeRenderer interface {
	Render(kind, lang string, n domain.Notice) (mail.Rendered, error)
}

// Content renders a queued message: from its Notice snapshot through the
// kind's templates in rd, or, for a message rendered when it was queued (the
// supervision report), as it was stored. link is the page it points to.
func Content(rd NoticeRenderer, m domain.OutboxMessage, link string) (mail.Rendered, []mail.Attachment, error) {
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
	n, err := domain.DecodeNotice(m.Payload)
	if err != nil {
		return mail.Rendered{}, nil, fmt.Errorf("payload: %w", err)
	}
	n.Link = link
	r, err := rd.Render(m.Kind, m.Lang, n)
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
	return p.Role != domain.RecipientAssigner && p.Role != domain.RecipientLeadership
}

// messageID is the Message-ID of queued message m: it carries the reply
// token, so a reply whose plus-address was dropped can still be matched
// through In-Reply-To, and a MAC of the message's id and queueing time
// under the server's key, which makes it unique and unguessable. It is a
// function of the message, so every attempt to send it carries the same
// one (mail systems then drop a duplicate after an unknown outcome) without
// a write before the first. Messages queued by earlier versions have theirs
// stored, and keep it.
func messageID(key []byte, m domain.OutboxMessage, token, domainPart string) string {
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "message-id:%d:%d", m.ID, m.CreatedAt.UnixNano())
	id := hex.EncodeToString(mac.Sum(nil)[:8])
	if token == "" {
		return "<xt." + id + "@" + domainPart + ">"
	}
	return "<xt." + token + "." + id + "@" + domainPart + ">"
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
	case strings.HasPrefix(m.Kind, "application_"):
		if n, err := domain.DecodeNotice(m.Payload); err == nil && n.ApplicationID != 0 {
			return r.BaseURL.String() + "/applications/" + strconv.FormatInt(n.ApplicationID, 10)
		}
	}
	return ""
}
