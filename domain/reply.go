package domain

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"xietong/domain/calendar"
)

// Reply is an email reply as the mail reader understood it: who sent it,
// what it answers, and what it says. The MIME work happens in
// notifications/inbound; the rules about what a reply may do live here.
type Reply struct {
	MessageID string // "" when the message had none: the caller derives one from its hash
	Via       string // "http" or "imap"
	From      string // the sender's address, lower-cased, IDN in ASCII
	Subject   string
	Raw       []byte
	// Tokens are the candidate reply tokens, nearest first: from the
	// plus-address the reply was sent to, then from our Message-IDs it quotes
	// in In-Reply-To/References. Only a token that verifies authorises; a
	// subject tag ("[督办#ID]") or the sender's address never does, since task
	// numbers are sequential and From is easily forged.
	Tokens []string
	// Automatic marks auto-replies, bounces and bulk mail: never applied,
	// never answered. OwnAddress marks mail from our own sender address.
	Automatic  bool
	OwnAddress bool
	// DMARCFailed is set when the trusted relay's Authentication-Results say
	// the sender's domain did not vouch for it.
	DMARCFailed bool
	// Command is "", "accept", "progress", "submit" or "extend";
	// CommandDate the date of "extend" ("" when it was missing or invalid).
	Command     string
	CommandDate string
	Note        string
	// FullText is the whole decoded text of the mail (quoted history
	// included), kept as an attachment when the note is too long.
	FullText    string
	Attachments []Upload
}

// Reply outcomes.
const (
	ReplyApplied   = "applied"
	ReplyRefused   = "refused"
	ReplyDropped   = "dropped"
	ReplyDuplicate = "duplicate"
	replyReceived  = "received"
)

// Refusal reasons (Notice.Reason of MailReplyRefused), as the mail
// templates explain them.
const (
	ReasonUnknownTask      = "unknown_task"
	ReasonSenderNotAllowed = "sender_not_allowed"
	ReasonNotAllowedNow    = "not_allowed_now"
	ReasonBadCommand       = "bad_command"
	ReasonTooLarge         = "too_large"
	ReasonEmpty            = "empty"
	ReasonUnreadable       = "unreadable"
	ReasonDMARCFailed      = "dmarc_failed"
	// ReasonNoToken says the reply carried no reply token: a subject tag or
	// a sender address proves nothing, so the answer says how to reply.
	ReasonNoToken = "no_token"
	// ReasonTaskClosed says the task was closed: its tokens no longer work.
	ReasonTaskClosed = "task_closed"
	// ReasonTokenExpired says the token is older than the configured age.
	ReasonTokenExpired = "token_expired"
	// ReasonReassigned says the sender's organisation is no longer on the
	// task (it was reassigned away); the answer does not name the task.
	ReasonReassigned = "reassigned"
	// ReasonWebOnly says close, return, reassign and the decisions are taken
	// on the platform only.
	ReasonWebOnly = "web_only"
)

// RefusalReasons returns every refusal reason, in a fresh slice.
func RefusalReasons() []string {
	return []string{ReasonUnknownTask, ReasonSenderNotAllowed, ReasonNotAllowedNow, ReasonWebOnly,
		ReasonBadCommand, ReasonTooLarge, ReasonEmpty, ReasonUnreadable, ReasonDMARCFailed,
		ReasonNoToken, ReasonTaskClosed, ReasonTokenExpired, ReasonReassigned}
}

// InboundMessage is a received reply as stored: the raw message first, then
// what became of it. Its MessageID is unique, so the same message arriving
// twice (through both ways in, or a re-poll) is applied once.
type InboundMessage struct {
	ID         int64
	MessageID  string
	Via        string
	From       string
	Subject    string
	Raw        []byte
	Status     string
	Reason     string
	TaskID     int64
	ReceivedAt time.Time
}

// InboundOutcome is what became of a received message, as stored.
type InboundOutcome struct {
	Status string
	Reason string
	TaskID int64
	// ContentHash names what an applied reply said (ReplyContentHash), so a
	// repeat of it is recognised.
	ContentHash string
	At          time.Time
}

// ReplyResult says what a reply did.
type ReplyResult struct {
	Status string
	Reason string
	TaskID int64
}

// ReplyStore is what applying replies needs beyond Store.
type ReplyStore interface {
	Store
	// RecordInbound stores m unless its MessageID is known; it returns the
	// stored message (m with its ID, or the earlier one).
	RecordInbound(ctx context.Context, m *InboundMessage) (InboundMessage, error)
	// FinishInbound records what became of message id.
	FinishInbound(ctx context.Context, id int64, o InboundOutcome) error
	// RepeatedReply reports whether a reply with that content hash from
	// that sender was applied to the task at or after since.
	RepeatedReply(ctx context.Context, taskID int64, from, contentHash string, since time.Time) (bool, error)
	// UsersByEmail returns the active users with that address.
	UsersByEmail(ctx context.Context, email string) ([]User, error)
}

// ReplyService applies email replies to tasks (channel email).
type ReplyService struct {
	Store       ReplyStore
	Tasks       *TaskService
	Attachments *AttachmentService
	Key         []byte
	Now         func() time.Time
	// RepeatWindow is how long an applied reply's content is remembered
	// per task and sender: the same content again (re-sent under a new
	// Message-ID) is a duplicate. 0 remembers nothing.
	RepeatWindow time.Duration
	// TokenMaxAge is how long a reply token works after its mail was
	// queued; 0 means until the task closes.
	TokenMaxAge time.Duration
	// Words renders a catalogue key and its arguments in the language the
	// record is kept in (main gives the catalogue's Chinese). The service
	// uses it for the note it writes when a reply has none of its own: the
	// domain names that note by key and holds no words. Without Words the
	// note is the key and its arguments.
	Words func(key string, args ...any) string
}

// words renders key with args through Words.
func (s *ReplyService) words(key string, args ...any) string {
	if s.Words != nil {
		return s.Words(key, args...)
	}
	return strings.TrimSuffix(fmt.Sprintln(append([]any{key}, args...)...), "\n")
}

// Apply records r and applies it once. A refusal answers the sender once
// an hour at most; automatic mail and DMARC failures get no answer.
func (s *ReplyService) Apply(ctx context.Context, r Reply) (ReplyResult, error) {
	rec, err := s.Store.RecordInbound(ctx, &InboundMessage{MessageID: r.MessageID, Via: r.Via, From: r.From,
		Subject: r.Subject, Raw: r.Raw, Status: replyReceived, ReceivedAt: s.Now()})
	if err != nil {
		return ReplyResult{}, err
	}
	if rec.Status != replyReceived {
		return ReplyResult{Status: ReplyDuplicate, Reason: rec.Status, TaskID: rec.TaskID}, nil
	}
	res, hash, err := s.apply(ctx, r)
	if err != nil {
		return ReplyResult{}, err // left "received": the next delivery tries again
	}
	o := InboundOutcome{Status: res.Status, Reason: res.Reason, TaskID: res.TaskID, ContentHash: hash, At: s.Now()}
	if res.Status == ReplyDuplicate {
		o.Status = ReplyDropped // stored as dropped: the message itself is new
	}
	if err := s.Store.FinishInbound(ctx, rec.ID, o); err != nil {
		return ReplyResult{}, err
	}
	return res, nil
}

// apply decides what r does and does it; it returns the outcome and, for
// an applied reply, the hash of what it said.
func (s *ReplyService) apply(ctx context.Context, r Reply) (ReplyResult, string, error) {
	switch {
	case r.Automatic:
		return ReplyResult{Status: ReplyDropped, Reason: "automatic"}, "", nil
	case r.OwnAddress:
		return ReplyResult{Status: ReplyDropped, Reason: "own_address"}, "", nil
	case r.DMARCFailed:
		// Likely forged: an answer would go to the forged address's owner.
		return ReplyResult{Status: ReplyRefused, Reason: ReasonDMARCFailed}, "", nil
	}
	target, reason := s.target(r)
	if reason != "" {
		res, err := s.refuse(ctx, r, reason, Task{}, Actor{})
		return res, "", err
	}
	t, actor, reason, err := s.sender(ctx, r, target)
	if err != nil {
		return ReplyResult{}, "", err
	}
	if reason == "" && !CanSeeTask(actor, t) {
		// The token was sent to this organisation, which the task has
		// since been reassigned away from.
		reason = ReasonReassigned
	}
	if reason == "" {
		reason = s.expired(t, target)
	}
	var cmd TaskCommand
	if reason == "" {
		cmd, reason = replyCommand(r, s.words)
	}
	if reason == "" {
		cmd, r.Attachments = s.keepLong(r, cmd)
	}
	if reason != "" {
		res, err := s.refuse(ctx, r, reason, t, actor)
		return res, "", err
	}
	hash := ReplyContentHash(cmd, r.Attachments)
	if s.RepeatWindow > 0 {
		dup, err := s.Store.RepeatedReply(ctx, t.ID, r.From, hash, s.Now().Add(-s.RepeatWindow))
		if err != nil {
			return ReplyResult{}, "", err
		}
		if dup {
			return ReplyResult{Status: ReplyDuplicate, Reason: "repeat", TaskID: t.ID}, "", nil
		}
	}
	res, err := s.act(ctx, r, t, actor, cmd)
	return res, hash, err
}

// act applies cmd and keeps the reply's attachments.
func (s *ReplyService) act(ctx context.Context, r Reply, t Task, actor Actor, cmd TaskCommand) (ReplyResult, error) {
	if _, err := s.Tasks.Act(ctx, actor, t.ID, cmd); err != nil {
		if reason := refusalOf(err); reason != "" {
			return s.refuse(ctx, r, reason, t, actor)
		}
		return ReplyResult{}, err
	}
	res := ReplyResult{Status: ReplyApplied, TaskID: t.ID}
	for _, up := range r.Attachments {
		if _, err := s.Attachments.Add(ctx, actor, AttachmentTarget{TaskID: t.ID}, up.Filename, up.Data); err != nil {
			if refusalOf(err) == "" {
				return ReplyResult{}, err
			}
			res.Reason = joinReason(res.Reason, "attachment:"+ErrorKey(err)) // the note stands; the file is noted
		}
	}
	return res, nil
}

// keepLong shortens a note over the limit instead of refusing it: the note
// keeps its first part and a marker saying it was cut, and the whole text
// of the mail is kept as a text attachment.
func (s *ReplyService) keepLong(r Reply, cmd TaskCommand) (TaskCommand, []Upload) {
	note := []rune(cmd.Note)
	if len(note) <= maxNote {
		return cmd, r.Attachments
	}
	name := s.words("inbound.note.full_text_file") + ".txt"
	marker := s.words("inbound.note.truncated", name)
	keep := max(maxNote-utf8.RuneCountInString(marker)-2, 0)
	cmd.Note = strings.TrimSpace(string(note[:keep])) + "\n\n" + marker
	full := r.FullText
	if full == "" {
		full = r.Note
	}
	atts := append(slices.Clip(r.Attachments), Upload{Filename: name, Data: []byte(full)})
	return cmd, atts
}

// expired says why a valid token no longer works: its task is closed, or
// it is older than TokenMaxAge (counted from the start of its day).
// Tokens of the first format carry no day and age only by their task.
func (s *ReplyService) expired(t Task, target ReplyTarget) string {
	switch {
	case t.Status == StatusClosed:
		return ReasonTaskClosed
	case s.TokenMaxAge > 0 && !target.Issued.IsZero() && s.Now().Sub(target.Issued) > s.TokenMaxAge:
		return ReasonTokenExpired
	}
	return ""
}

// ReplyContentHash names what a reply asks for: its command, note, date
// and attachments (by name and content). Two replies with the same hash
// for the same task from the same sender are the same reply.
func ReplyContentHash(cmd TaskCommand, atts []Upload) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d", cmd.Action, cmd.Note, cmd.DueDate, len(atts))
	for _, a := range atts {
		sum := sha256.Sum256(a.Data)
		fmt.Fprintf(h, "\x00%s\x00%x", a.Filename, sum)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func joinReason(a, b string) string {
	if a == "" {
		return b
	}
	return a + "," + b
}

// refusalOf maps a domain error to a refusal reason; "" means the error is
// not the sender's doing (the database, say) and must be retried.
func refusalOf(err error) string {
	switch {
	case errors.Is(err, ErrConflict), errors.Is(err, ErrForbidden), errors.Is(err, ErrNotFound):
		return ReasonNotAllowedNow
	case errors.Is(err, ErrTooLarge):
		return ReasonTooLarge
	case errors.Is(err, ErrInvalid):
		return ReasonBadCommand
	}
	return ""
}

// replyCommand turns the reply's first-line command into a task command.
// Email may accept, report progress, submit, ask for an extension and add
// notes; it cannot close, return or reassign. A command that needs a note
// and has none gets one from words: the date asked for, or that the mail
// brought attachments.
func replyCommand(r Reply, words func(key string, args ...any) string) (TaskCommand, string) {
	note := strings.TrimSpace(r.Note)
	switch r.Command {
	case "accept":
		return TaskCommand{Action: ActAccept, Note: note}, ""
	case "progress":
		return TaskCommand{Action: ActProgress, Note: note}, ""
	case "submit":
		return TaskCommand{Action: ActSubmit, Note: note}, ""
	case "extend":
		d, err := calendar.ParseDate(r.CommandDate)
		if err != nil {
			return TaskCommand{}, ReasonBadCommand
		}
		if note == "" {
			note = words("inbound.note.extension", d.String())
		}
		return TaskCommand{Action: ActRequestExtension, Note: note, DueDate: d}, ""
	case "":
		if note == "" && len(r.Attachments) == 0 {
			return TaskCommand{}, ReasonEmpty
		}
		if note == "" {
			note = words("inbound.note.attachments")
		}
		return TaskCommand{Action: ActNote, Note: note}, ""
	}
	return TaskCommand{}, ReasonBadCommand
}

// sender finds the task a reply answers and the actor it speaks for. Only
// a valid token authorises: it binds the reply to the task and the person
// (or contact address) it was sent to. The sender must then be that
// person's address or another registered address of the same organisation,
// or, for a contact token, the contact address itself.
func (s *ReplyService) sender(ctx context.Context, r Reply, target ReplyTarget) (Task, Actor, string, error) {
	t, err := s.Store.Task(ctx, target.TaskID)
	if errors.Is(err, ErrNotFound) {
		return Task{}, Actor{}, ReasonUnknownTask, nil
	}
	if err != nil {
		return Task{}, Actor{}, "", err
	}
	users, err := s.Store.UsersByEmail(ctx, r.From)
	if err != nil {
		return Task{}, Actor{}, "", err
	}
	if target.UserID > 0 {
		return s.tokenSender(ctx, r, t, target.UserID, users)
	}
	return s.orgSender(ctx, r, t, users)
}

// target returns what the first valid token of r names, or the refusal
// reason: no token at all, or none that verifies.
func (s *ReplyService) target(r Reply) (ReplyTarget, string) {
	if len(r.Tokens) == 0 {
		return ReplyTarget{}, ReasonNoToken
	}
	for _, tok := range r.Tokens {
		if target, ok := ParseReplyToken(s.Key, tok, r.From); ok {
			return target, ""
		}
	}
	return ReplyTarget{}, ReasonUnknownTask
}

// tokenSender checks the sender of a reply whose token names a user.
func (s *ReplyService) tokenSender(ctx context.Context, r Reply, t Task, userID int64, users []User) (Task, Actor, string, error) {
	owner, err := s.Store.User(ctx, userID)
	if errors.Is(err, ErrNotFound) || err == nil && !owner.Active {
		return t, Actor{}, ReasonSenderNotAllowed, nil
	}
	if err != nil {
		return t, Actor{}, "", err
	}
	for _, u := range users {
		if u.ID == owner.ID || owner.OrgID != 0 && u.OrgID == owner.OrgID {
			return t, ActorOf(u, ChannelEmail, ""), "", nil
		}
	}
	if owner.OrgID != 0 {
		o, err := s.Store.Organization(ctx, owner.OrgID)
		if err != nil {
			return t, Actor{}, "", err
		}
		if o.Speaks(r.From) {
			return t, ActorOf(owner, ChannelEmail, ""), "", nil
		}
	}
	return t, Actor{}, ReasonSenderNotAllowed, nil
}

// orgSender checks the sender of a reply with a contact-address token: a
// user, or the contact or head address, of an organisation on the task.
// The token was made for the sender's address (its MAC covers it), so a
// sender no organisation on the task speaks for was on it before: it has
// been reassigned away.
func (s *ReplyService) orgSender(ctx context.Context, r Reply, t Task, users []User) (Task, Actor, string, error) {
	orgs := append([]int64{t.LeadOrgID}, t.CoOrgIDs...)
	for _, u := range users {
		if slices.Contains(orgs, u.OrgID) {
			return t, ActorOf(u, ChannelEmail, ""), "", nil
		}
	}
	for _, id := range orgs {
		o, err := s.Store.Organization(ctx, id)
		if err != nil {
			return t, Actor{}, "", err
		}
		if o.Speaks(r.From) {
			return t, Actor{Username: r.From, Name: o.Name, Role: RoleDepartment, OrgID: id, Channel: ChannelEmail}, "", nil
		}
	}
	return t, Actor{}, ReasonReassigned, nil
}

// refuse answers the sender with a short explanation, once per sender per
// hour (the dedupe key carries the hour), naming the task only when the
// sender is a user who may see it now.
func (s *ReplyService) refuse(ctx context.Context, r Reply, reason string, t Task, a Actor) (ReplyResult, error) {
	n := Notice{Reason: reason}
	userID := a.UserID
	if t.ID != 0 && userID != 0 && CanSeeTask(a, t) {
		n.TaskID, n.TaskTitle = t.ID, t.Title
	}
	err := s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		m := OutboxMessage{DedupeKey: "refusal:" + r.From + ":" + strconv.FormatInt(now.Unix()/3600, 10),
			Kind: MailReplyRefused, Lang: "zh-CN", UserID: userID, To: r.From, Payload: n.Encode(),
			Status: OutboxQueued, NextAttemptAt: now, CreatedAt: now}
		e := auditOf(Actor{Username: r.From, Channel: ChannelEmail}, now, "reply.refused", "task:"+itoa(t.ID), reason)
		if err := tx.AddAudit(ctx, &e); err != nil {
			return err
		}
		return tx.EnqueueMail(ctx, &m)
	})
	if err != nil {
		return ReplyResult{}, err
	}
	return ReplyResult{Status: ReplyRefused, Reason: reason, TaskID: t.ID}, nil
}
