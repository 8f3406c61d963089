package domain

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

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
	// never answered. OwnAddress marks mail from our own sender or reply address.
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
	// ReasonLeadOrgOnly says the command is the lead organisation's to give
	// (a co-organiser may add notes).
	ReasonLeadOrgOnly = "lead_org_only"
	// ReasonWebOnly says close, return, reassign and the decisions are taken
	// on the platform only.
	ReasonWebOnly = "web_only"
)

// RefusalReasons returns every refusal reason, in a fresh slice.
func RefusalReasons() []string {
	return []string{ReasonUnknownTask, ReasonSenderNotAllowed, ReasonNotAllowedNow, ReasonWebOnly,
		ReasonBadCommand, ReasonTooLarge, ReasonEmpty, ReasonUnreadable, ReasonDMARCFailed,
		ReasonNoToken, ReasonTaskClosed, ReasonTokenExpired, ReasonReassigned, ReasonLeadOrgOnly}
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
}

// ReplyTx is what applying a reply reads and writes inside its
// transaction, beside the task's own reads and writes.
type ReplyTx interface {
	// FinishInbound records what became of received message id: ErrConflict
	// when it was finished already (another delivery of it won).
	FinishInbound(ctx context.Context, id int64, o InboundOutcome) error
	// RepeatedReply reports whether a reply with that content hash from
	// that sender was applied to the task at or after since.
	RepeatedReply(ctx context.Context, taskID int64, from, contentHash string, since time.Time) (bool, error)
	// UsersByEmail returns the active users with that address.
	UsersByEmail(ctx context.Context, email string) ([]User, error)
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
	case errors.Is(err, ErrForbidden) && ErrorKey(err) == "task.action_forbidden":
		return ReasonLeadOrgOnly // the sender may see the task, not give this command
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
