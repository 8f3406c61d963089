package domain

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// OutboxStatus is where a queued message stands.
type OutboxStatus string

// The outbox statuses of the HTTP API, plus sending: claimed by a relay
// under a lease.
const (
	OutboxQueued  OutboxStatus = "queued"
	OutboxSending OutboxStatus = "sending"
	OutboxSent    OutboxStatus = "sent"
	OutboxFailed  OutboxStatus = "failed"
)

// OutboxMessage is one email to one recipient, queued in the transaction of
// the change that causes it and rendered when it is sent. DedupeKey is
// unique: a retried request, a rerun job or a second replica cannot queue
// the same message twice.
type OutboxMessage struct {
	ID            int64
	DedupeKey     string
	Kind          string
	Lang          string
	UserID        int64 // 0 for an organisation's contact address
	OrgID         int64 // the organisation the recipient speaks for, if any
	To            string
	ToName        string
	TaskID        int64
	HotspotID     int64
	Payload       []byte // JSON of a Notice
	Essential     bool   // sent even to users who turned mail off
	Status        OutboxStatus
	Attempts      int
	NextAttemptAt time.Time
	LeaseUntil    time.Time
	// Claim is the token of the claim that holds a sending message: only
	// its holder may renew the lease or record the outcome.
	Claim     string
	LastError string
	MessageID string // as sent; every attempt carries the same one (derived from the message, or stored by an earlier version)
	Raw       []byte // the message as sent (kept for the mail log)
	CreatedAt time.Time
	SentAt    time.Time
}

// Notice is the snapshot a message is rendered from when it is sent: what
// happened, to what, as it was when the message was queued. It holds plain
// strings and numbers so that it survives the JSON round trip through the
// outbox unchanged (Encode, DecodeNotice; the JSON keys are the field
// names, which the mail templates use too). Code words (TaskStatus,
// Priority, Action, Role, Step, Reason) are the words of the HTTP API; the
// mail translates them.
//
// A field at its zero value is left out of the JSON and reads back as
// zero: a task's notice has none of the campaign's fields and most of the
// others empty, and each queued row is written three times (queued,
// claimed, sent), so the empty keys were half of its 717 bytes of JSON
// (BENCHMARKS.md, "Twelfth round"). Payloads queued by earlier versions,
// with every key, read the same.
type Notice struct {
	TaskID     int64    `json:",omitempty"`
	TaskTitle  string   `json:",omitempty"`
	TaskStatus string   `json:",omitempty"` // a task status (a hot-spot status on hot-spot mail); closed hides the working days left
	Priority   string   `json:",omitempty"` // normal, high, urgent
	LeadOrg    string   `json:",omitempty"`
	CoOrgs     []string `json:",omitempty"`
	Community  string   `json:",omitempty"`
	DueDate    string   `json:",omitempty"` // YYYY-MM-DD, the deadline in force
	// WorkingDaysLeft counts working days from the day the message was
	// queued to DueDate: 0 is the last day, negative is overdue.
	WorkingDaysLeft int  `json:",omitempty"`
	Provisional     bool `json:",omitempty"` // the deadline's year has no published schedule yet
	// Actor is the display name of who did it; "" means the system.
	Actor    string `json:",omitempty"`
	ActorOrg string `json:",omitempty"`
	Note     string `json:",omitempty"` // the note, result, reason or comment; quoted as is
	// Action is the recorded action, where one kind covers several (see
	// the mail kinds).
	Action        string `json:",omitempty"`
	NewDueDate    string `json:",omitempty"` // YYYY-MM-DD asked for by an extension request
	RecipientName string `json:",omitempty"` // for the greeting; "" greets no one by name
	// Role is one of RecipientRoles; "" means the kind's usual recipient.
	Role         string `json:",omitempty"`
	HotspotID    int64  `json:",omitempty"`
	HotspotTitle string `json:",omitempty"`
	// Reason is the reject reason of hotspot_rejected, or one of
	// RefusalReasons on reply_refused.
	Reason string `json:",omitempty"`
	// Link is the absolute http(s) URL of the task or hot-spot page, set
	// when the message is sent; any other value is left out.
	Link string `json:",omitempty"`
	// Step and Listed describe a ladder message: the step (one of
	// LadderSteps; "" on ladder mail means the kind's own step, and on other
	// mail shows no step) and whether the task is under listed supervision
	// (挂牌督办).
	Step   string `json:",omitempty"`
	Listed bool   `json:",omitempty"`
	// A campaign application's mail: its ID, level (city or province) and
	// the score its decision rests on ("" before one).
	ApplicationID int64  `json:",omitempty"`
	Level         string `json:",omitempty"`
	Score         string `json:",omitempty"`
	// The campaign's public notice and titles (campaign_* mail): the
	// notice or title, its level (city or province), the community's
	// city, the notice's period and the title's certificate and term
	// (YYYY-MM-DD dates), and the objection an objection mail is about.
	NoticeID      int64  `json:",omitempty"`
	TitleID       int64  `json:",omitempty"`
	ObjectionID   int64  `json:",omitempty"`
	City          string `json:",omitempty"`
	PeriodFrom    string `json:",omitempty"`
	PeriodTo      string `json:",omitempty"`
	CertificateNo string `json:",omitempty"`
	GrantedOn     string `json:",omitempty"`
	ExpiresOn     string `json:",omitempty"`
}

// MailSupervisionReport is the supervision report (督查通报) to a
// leadership user. It is rendered when it is queued, since its figures and
// workbook are a snapshot of their day, so its Payload is a PreRendered.
const MailSupervisionReport = "supervision_report"

// PreRendered is a message rendered before it was queued: the payload of
// MailSupervisionReport.
type PreRendered struct {
	Subject, Text, HTML string
	Attachments         []MailAttachment
}

// MailAttachment is a file sent with a pre-rendered message.
type MailAttachment struct {
	Name, ContentType string
	Data              []byte
}

// Encode is the JSON stored in OutboxMessage.Payload.
func (p PreRendered) Encode() []byte {
	b, _ := json.Marshal(p) // plain strings and bytes: cannot fail
	return b
}

// Encode is the JSON stored in OutboxMessage.Payload.
func (n Notice) Encode() []byte {
	b, _ := json.Marshal(n) // a struct of strings and numbers always encodes
	return b
}

// DecodeNotice reads the Notice of an OutboxMessage.Payload made by Encode.
func DecodeNotice(payload []byte) (Notice, error) {
	var n Notice
	err := json.Unmarshal(payload, &n)
	return n, err
}

// MailChange is a task change whose mail is yet to be addressed. A change
// records it in its own transaction, which is one narrow row however many
// receive the mail; AddressMail, run by the relay before it claims mail
// and by the outbox's listing, turns it into the messages (OutboxMessage),
// one per recipient. Body is the domain's own encoding of who hears of the
// change and what the mail says, opaque to the store.
type MailChange struct {
	ID     int64
	TaskID int64
	// EventID is the event the change is about. A change written in the
	// same statement as its task and event (CreateTaskRecorded) has a body
	// that names neither: the ids are the row's.
	EventID int64
	At      time.Time // when the change happened: its messages' CreatedAt
	Body    []byte
}

// MailBacklog is the mail not sent yet: messages queued or being sent
// (retries due later included), and task changes whose messages are yet to
// be addressed (MailChange).
type MailBacklog struct {
	Queued      int64
	Unaddressed int64
}

// MailOutcome is what became of one claimed message: sent (with the
// message as sent), back in the queue until Next, or failed. A relay
// records a whole batch's outcomes at once.
type MailOutcome struct {
	ID int64
	// Claim is the token of the claim the outcome was reached under: it is
	// recorded only while that claim still holds the message, so a relay
	// whose lease was taken over records nothing. "" records it whoever
	// holds the message (the admin's and tests' direct marks).
	Claim     string
	Status    OutboxStatus // OutboxSent, OutboxQueued or OutboxFailed
	Raw       []byte       // sent: the message as sent
	At        time.Time    // sent: when
	Next      time.Time    // queued: the next attempt
	LastError string       // queued, failed: why
	MessageID string       // the Message-ID it carried; kept where one is stored already
	// Interrupted (with OutboxQueued) says the attempt was cut short by
	// shutdown, not failed: it does not count towards MaxAttempts.
	Interrupted bool
}

// OutboxFilter narrows the admin's outbox list.
type OutboxFilter struct {
	Status OutboxStatus
	TaskID int64
}

// Backoff is the delay before attempt n+1 after n failed attempts:
// exponential from 30 s, capped at 1 h, with up to 20% jitter drawn by the
// caller (jitter in [0,1)).
func Backoff(attempts int, jitter float64) time.Duration {
	d := 30 * time.Second << min(max(attempts-1, 0), 7)
	d = min(d, time.Hour)
	return d + time.Duration(float64(d)*0.2*jitter)
}

// MaxAttempts is how often a message is tried before it is marked failed.
const MaxAttempts = 8

// Reply tokens. A token names a task, a recipient and the day its mail
// was queued, and carries an HMAC over them and the purpose, made with the
// server's secret key: it cannot be guessed, moved to another task or
// person, or made younger. Nothing is stored: the server recomputes the MAC
// to check it.

var tokenEnc = base32.StdEncoding.WithPadding(base32.NoPadding)

// ReplyToken returns the token for replies about task from recipient
// (userID, or 0 with the contact address addr) in mail queued at issued:
// "t<task>u<user>d<day>k<mac>" (day counted from 1970-01-01 UTC) in
// lower-case letters and digits, safe in an address's plus part and in a
// Message-ID.
func ReplyToken(key []byte, taskID, userID int64, addr string, issued time.Time) string {
	day := issued.UTC().Unix() / 86400
	return "t" + strconv.FormatInt(taskID, 10) + "u" + strconv.FormatInt(userID, 10) + "d" +
		strconv.FormatInt(day, 10) + "k" + strings.ToLower(tokenEnc.EncodeToString(replyMAC(key, taskID, userID, addr, day)))
}

// replyMAC is the token's MAC; day < 0 is a token of the first format,
// which carried no day.
func replyMAC(key []byte, taskID, userID int64, addr string, day int64) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("xietong-reply\x00" + strconv.FormatInt(taskID, 10) + "\x00" + strconv.FormatInt(userID, 10) + "\x00"))
	if userID == 0 {
		m.Write([]byte(strings.ToLower(addr)))
	}
	if day >= 0 {
		m.Write([]byte("\x00day\x00" + strconv.FormatInt(day, 10)))
	}
	return m.Sum(nil)[:15]
}

// ReplyTarget is what a valid token names.
type ReplyTarget struct {
	TaskID int64
	UserID int64
	// Issued is the UTC start of the day the token's mail was queued; zero
	// for a token of the first format, made before tokens carried a day.
	Issued time.Time
}

// ParseReplyToken checks tok and returns its task, user and day. addr is
// the contact address a user-less token was made for (ignored otherwise).
func ParseReplyToken(key []byte, tok, addr string) (ReplyTarget, bool) {
	tok = strings.ToLower(strings.TrimSpace(tok))
	// t<task>u<user>[d<day>]k<mac>: the numbers are digits, so the first
	// "u", "d" and "k" after them are the separators; the token has no '.'
	// or '@'.
	if !strings.HasPrefix(tok, "t") {
		return ReplyTarget{}, false
	}
	taskText, rest, ok1 := strings.Cut(tok[1:], "u")
	userText, mac, ok2 := strings.Cut(rest, "k")
	userText, dayText, dated := strings.Cut(userText, "d")
	task, err1 := strconv.ParseInt(taskText, 10, 64)
	user, err2 := strconv.ParseInt(userText, 10, 64)
	day := int64(-1)
	var err3 error
	if dated {
		day, err3 = strconv.ParseInt(dayText, 10, 64)
	}
	if !ok1 || !ok2 || err1 != nil || err2 != nil || err3 != nil || task <= 0 || user < 0 || dated && day < 0 {
		return ReplyTarget{}, false
	}
	got, err := tokenEnc.DecodeString(strings.ToUpper(mac))
	if err != nil || !hmac.Equal(got, replyMAC(key, task, user, addr, day)) {
		return ReplyTarget{}, false
	}
	t := ReplyTarget{TaskID: task, UserID: user}
	if dated {
		t.Issued = time.Unix(day*86400, 0).UTC()
	}
	return t, true
}
