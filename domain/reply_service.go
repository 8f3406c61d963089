package domain

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

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

// errFinished says another delivery of the message finished it first.
var errFinished = errors.New("inbound message finished by another delivery")

// Apply records r and applies it once. The raw message is stored first, on
// its own, so it is kept whatever happens next. Then one transaction
// applies the action, stores the attachments, queues the mail and marks
// the message finished: a process that dies half-way leaves the message
// "received" with nothing applied, and its redelivery applies it once. A
// refusal answers the sender once an hour at most; automatic mail and
// DMARC failures get no answer.
func (s *ReplyService) Apply(ctx context.Context, r Reply) (ReplyResult, error) {
	rec, err := s.Store.RecordInbound(ctx, &InboundMessage{MessageID: r.MessageID, Via: r.Via, From: r.From,
		Subject: r.Subject, Raw: r.Raw, Status: replyReceived, ReceivedAt: s.Now()})
	if err != nil {
		return ReplyResult{}, err
	}
	if rec.Status != replyReceived {
		return ReplyResult{Status: ReplyDuplicate, Reason: rec.Status, TaskID: rec.TaskID}, nil
	}
	var res ReplyResult
	err = s.Store.InTx(ctx, func(tx Tx) error {
		var hash string
		var err error
		if res, hash, err = s.apply(ctx, tx, r); err != nil {
			return err
		}
		o := InboundOutcome{Status: res.Status, Reason: res.Reason, TaskID: res.TaskID, ContentHash: hash, At: tx.Now()}
		if res.Status == ReplyDuplicate {
			o.Status = ReplyDropped // stored as dropped: the message itself is new
		}
		if err := tx.FinishInbound(ctx, rec.ID, o); errors.Is(err, ErrConflict) {
			return errFinished
		} else if err != nil {
			return err
		}
		return nil
	})
	switch {
	case errors.Is(err, errFinished):
		return ReplyResult{Status: ReplyDuplicate}, nil
	case err != nil:
		return ReplyResult{}, err // left "received": the next delivery tries again
	}
	return res, nil
}

// apply decides what r does and does it in tx; it returns the outcome and,
// for an applied reply, the hash of what it said.
func (s *ReplyService) apply(ctx context.Context, tx Tx, r Reply) (ReplyResult, string, error) {
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
		res, err := s.refuse(ctx, tx, r, reason, Task{}, Actor{})
		return res, "", err
	}
	t, actor, reason, err := s.sender(ctx, tx, r, target)
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
		res, err := s.refuse(ctx, tx, r, reason, t, actor)
		return res, "", err
	}
	hash := ReplyContentHash(cmd, r.Attachments)
	if s.RepeatWindow > 0 {
		dup, err := tx.RepeatedReply(ctx, t.ID, r.From, hash, s.Now().Add(-s.RepeatWindow))
		if err != nil {
			return ReplyResult{}, "", err
		}
		if dup {
			return ReplyResult{Status: ReplyDuplicate, Reason: "repeat", TaskID: t.ID}, "", nil
		}
	}
	res, err := s.act(ctx, tx, r, t, actor, cmd)
	if res.Status != ReplyApplied {
		hash = ""
	}
	return res, hash, err
}

// act applies cmd and keeps the reply's attachments, each step in its own
// savepoint: a refused action is undone and answered; a refused file is
// undone and noted, and the note stands.
func (s *ReplyService) act(ctx context.Context, tx Tx, r Reply, t Task, actor Actor, cmd TaskCommand) (ReplyResult, error) {
	err := tx.Savepoint(ctx, func(tx Tx) error { return s.Tasks.actIn(ctx, tx, actor, t.ID, cmd) })
	if err != nil {
		if reason := refusalOf(err); reason != "" {
			return s.refuse(ctx, tx, r, reason, t, actor)
		}
		return ReplyResult{}, err
	}
	res := ReplyResult{Status: ReplyApplied, TaskID: t.ID}
	for _, up := range r.Attachments {
		err := tx.Savepoint(ctx, func(tx Tx) error {
			_, err := s.Attachments.AddTx(ctx, tx, actor, AttachmentTarget{TaskID: t.ID}, []Upload{up})
			return err
		})
		if err != nil {
			if refusalOf(err) == "" {
				return ReplyResult{}, err
			}
			res.Reason = joinReason(res.Reason, "attachment:"+ErrorKey(err))
		}
	}
	return res, nil
}

// actIn is Act inside the caller's transaction, for a use case that acts
// as part of a larger change (a reply by email: the action, its files and
// the message's outcome together).
func (s *TaskService) actIn(ctx context.Context, tx Tx, a Actor, id int64, cmd TaskCommand) error {
	if err := cmd.Validate(); err != nil {
		return err
	}
	m := withMemo(tx)
	t, err := visibleTask(ctx, m, a, id)
	if err != nil {
		return err
	}
	if !CanAct(a, cmd.Action, t) {
		return Fail(ErrForbidden, "task.action_forbidden", string(cmd.Action))
	}
	return s.apply(ctx, m, a, &t, cmd)
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

// sender finds the task a valid token names and the actor the reply speaks
// for. The token binds the reply to the task and the person (or contact
// address) it was sent to: the sender must be that person's address or
// another registered address of the same organisation, or, for a contact
// token, the contact address itself.
func (s *ReplyService) sender(ctx context.Context, tx Tx, r Reply, target ReplyTarget) (Task, Actor, string, error) {
	t, err := tx.Task(ctx, target.TaskID)
	if errors.Is(err, ErrNotFound) {
		return Task{}, Actor{}, ReasonUnknownTask, nil
	}
	if err != nil {
		return Task{}, Actor{}, "", err
	}
	users, err := tx.UsersByEmail(ctx, r.From)
	if err != nil {
		return Task{}, Actor{}, "", err
	}
	if target.UserID > 0 {
		return tokenSender(ctx, tx, r, t, target.UserID, users)
	}
	return orgSender(ctx, tx, r, t, users)
}

// tokenSender checks the sender of a reply whose token names a user.
func tokenSender(ctx context.Context, tx Tx, r Reply, t Task, userID int64, users []User) (Task, Actor, string, error) {
	owner, err := tx.User(ctx, userID)
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
		o, err := tx.Organization(ctx, owner.OrgID)
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
func orgSender(ctx context.Context, tx Tx, r Reply, t Task, users []User) (Task, Actor, string, error) {
	orgs := append([]int64{t.LeadOrgID}, t.CoOrgIDs...)
	for _, u := range users {
		if slices.Contains(orgs, u.OrgID) {
			return t, ActorOf(u, ChannelEmail, ""), "", nil
		}
	}
	for _, id := range orgs {
		o, err := tx.Organization(ctx, id)
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
func (s *ReplyService) refuse(ctx context.Context, tx Tx, r Reply, reason string, t Task, a Actor) (ReplyResult, error) {
	n := Notice{Reason: reason}
	if t.ID != 0 && a.UserID != 0 && CanSeeTask(a, t) {
		n.TaskID, n.TaskTitle = t.ID, t.Title
	}
	now := tx.Now()
	m := OutboxMessage{DedupeKey: "refusal:" + r.From + ":" + strconv.FormatInt(now.Unix()/3600, 10),
		Kind: MailReplyRefused, Lang: "zh-CN", UserID: a.UserID, To: r.From, Payload: n.Encode(),
		Status: OutboxQueued, NextAttemptAt: now, CreatedAt: now}
	e := auditOf(Actor{Username: r.From, Channel: ChannelEmail}, now, "reply.refused", "task:"+itoa(t.ID), reason)
	if err := tx.AddAudit(ctx, &e); err != nil {
		return ReplyResult{}, err
	}
	if err := tx.EnqueueMail(ctx, &m); err != nil {
		return ReplyResult{}, err
	}
	return ReplyResult{Status: ReplyRefused, Reason: reason, TaskID: t.ID}, nil
}
