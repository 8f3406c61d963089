package mail

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	netmail "net/mail"
	"strings"
	"time"
	"unicode/utf8"

	gomail "github.com/go-mail/mail"
)

// ErrInvalidEnvelope is returned by Build for an envelope or attachment it
// cannot put into a well-formed message.
var ErrInvalidEnvelope = errors.New("mail: invalid envelope")

// Envelope is everything about a message except its content.
type Envelope struct {
	From     string // bare address
	FromName string // display name, e.g. "协同督办平台"
	To       string // bare address
	ToName   string
	// ReplyTo is the address replies go to (reply+TOKEN@domain), or "".
	// It is shown with FromName.
	ReplyTo string
	// MessageID is "<…@domain>", fixed when the message is first built and
	// reused on every resend so that mail systems drop duplicates.
	MessageID string
	// InReplyTo and References thread the message, e.g. under a stable
	// per-task root "<task-42@domain>"; each entry is "<…@…>".
	InReplyTo  []string
	References []string
	Date       time.Time
	// AutoReplied marks a message that answers one the server received
	// (ReplyRefused): Auto-Submitted is then auto-replied (RFC 3834)
	// rather than auto-generated.
	AutoReplied bool
}

// Attachment is a file sent with a message (the report mail's workbook).
type Attachment struct {
	Name        string // file name, may be Chinese
	ContentType string // "" means application/octet-stream
	Data        []byte
}

// Build assembles the RFC 5322 message: multipart/alternative of the text
// and HTML parts (UTF-8, quoted-printable; text/plain alone when r.HTML is
// empty), inside multipart/mixed with the attachments (base64) if any.
// Subject and display names are RFC 2047-encoded, so the message is 7-bit
// and its lines are CRLF-terminated. It marks the message automatic
// (Auto-Submitted, and X-Auto-Response-Suppress: All so that Exchange
// sends no out-of-office answers) and never sets Precedence: bulk, which
// hurts delivery. The bytes are what the SMTP transport sends and the mail
// log stores. It returns ErrInvalidEnvelope for a missing or malformed
// address, message id or date, or an empty subject or text.
func Build(env Envelope, r Rendered, atts ...Attachment) ([]byte, error) {
	if err := env.check(); err != nil {
		return nil, err
	}
	subject := oneLine(r.Subject)
	if subject == "" || strings.TrimSpace(r.Text) == "" {
		return nil, fmt.Errorf("%w: empty subject or text", ErrInvalidEnvelope)
	}
	// Header values are encoded here (encodeWords) and reach go-mail as
	// ASCII, which it leaves alone: its own encoder makes words too long
	// for its folding, giving lines over RFC 2047's 76 characters.
	m := gomail.NewMessage(gomail.SetCharset("UTF-8"))
	m.SetHeader("From", formatAddress(env.From, env.FromName))
	m.SetHeader("To", formatAddress(env.To, env.ToName))
	if env.ReplyTo != "" {
		m.SetHeader("Reply-To", formatAddress(env.ReplyTo, env.FromName))
	}
	m.SetHeader("Subject", formatText(subject))
	m.SetDateHeader("Date", env.Date)
	m.SetHeader("Message-ID", env.MessageID)
	if len(env.InReplyTo) > 0 {
		m.SetHeader("In-Reply-To", strings.Join(env.InReplyTo, " "))
	}
	if len(env.References) > 0 {
		// One value: go-mail joins several with commas, which References
		// does not allow.
		m.SetHeader("References", strings.Join(env.References, " "))
	}
	auto := "auto-generated"
	if env.AutoReplied {
		auto = "auto-replied"
	}
	m.SetHeader("Auto-Submitted", auto)
	m.SetHeader("X-Auto-Response-Suppress", "All")

	qp := gomail.SetPartEncoding(gomail.QuotedPrintable)
	m.SetBody("text/plain", r.Text, qp)
	if r.HTML != "" {
		m.AddAlternative("text/html", r.HTML, qp)
	}
	for _, a := range atts {
		h, err := a.header()
		if err != nil {
			return nil, err
		}
		m.AttachReader(a.Name, bytes.NewReader(a.Data), gomail.SetHeader(h))
	}
	var b bytes.Buffer
	size := 2048 + qpSize(r.Text) + qpSize(r.HTML)
	for _, a := range atts {
		size += len(a.Data)*4/3 + len(a.Data)/38 + 512 // base64, line breaks, part header
	}
	b.Grow(size)
	if _, err := m.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("mail: build: %w", err)
	}
	return b.Bytes(), nil
}

// qpSize is about how long s is quoted-printable: a byte outside ASCII
// takes three, and a soft line break ("=\r\n") comes every 73 or so. Build
// sizes its buffer by it, so that the message is written without regrowing
// (a sixth of building was copying it into ever larger buffers).
func qpSize(s string) int {
	n := len(s)
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] == '=' {
			n += 2
		}
	}
	return n + n/24
}

// check refuses what would make a malformed message or let a value break
// out of its header.
func (env Envelope) check() error {
	var errs []error
	addr := func(name, a string, required bool) {
		if a == "" && !required {
			return
		}
		p, err := netmail.ParseAddress(a)
		if err != nil || p.Address != a || p.Name != "" || needsWords(a) {
			errs = append(errs, fmt.Errorf("%w: %s %q is not a bare ASCII address", ErrInvalidEnvelope, name, a))
		}
	}
	addr("From", env.From, true)
	addr("To", env.To, true)
	addr("Reply-To", env.ReplyTo, false)
	if !validMsgID(env.MessageID) {
		errs = append(errs, fmt.Errorf("%w: Message-ID %q", ErrInvalidEnvelope, env.MessageID))
	}
	for _, id := range append(append([]string(nil), env.InReplyTo...), env.References...) {
		if !validMsgID(id) {
			errs = append(errs, fmt.Errorf("%w: message id %q in In-Reply-To or References", ErrInvalidEnvelope, id))
		}
	}
	if env.Date.IsZero() {
		errs = append(errs, fmt.Errorf("%w: no Date", ErrInvalidEnvelope))
	}
	return errors.Join(errs...)
}

// validMsgID reports whether id is "<left@right>" in printable ASCII with
// no spaces or angle brackets inside (RFC 5322 msg-id, dot-atom form).
func validMsgID(id string) bool {
	if len(id) < 5 || len(id) > 250 || id[0] != '<' || id[len(id)-1] != '>' {
		return false
	}
	inner := id[1 : len(id)-1]
	left, right, ok := strings.Cut(inner, "@")
	if !ok || left == "" || right == "" || strings.Contains(right, "@") {
		return false
	}
	for i := 0; i < len(inner); i++ {
		if c := inner[i]; c <= ' ' || c >= 0x7f || c == '<' || c == '>' || c == '"' || c == '\\' || c == ',' {
			return false
		}
	}
	return true
}

// header is the MIME header of an attachment's part. A non-ASCII name is
// RFC 2047-encoded inside the quotes, as Gmail, Outlook, Foxmail, QQ Mail
// and NetEase write and read it (RFC 2231 filename* is not understood by
// all of them).
func (a Attachment) header() (map[string][]string, error) {
	name := oneLine(a.Name)
	if name == "" || strings.ContainsAny(name, `"\/`) {
		return nil, fmt.Errorf("%w: attachment name %q", ErrInvalidEnvelope, a.Name)
	}
	ct := a.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || strings.HasPrefix(mt, "multipart/") || strings.HasPrefix(mt, "message/") {
		return nil, fmt.Errorf("%w: attachment content type %q", ErrInvalidEnvelope, a.ContentType)
	}
	delete(params, "name")
	q := name
	if needsWords(name) {
		// Part headers are written as given, so fold here.
		q = encodeWords(name, "\r\n ")
	}
	q = `"` + q + `"`
	return map[string][]string{
		"Content-Type":              {mime.FormatMediaType(mt, params) + ";\r\n name=" + q},
		"Content-Disposition":       {"attachment;\r\n filename=" + q},
		"Content-Transfer-Encoding": {"base64"},
	}, nil
}

// formatAddress writes a mailbox with its display name, if any.
func formatAddress(addr, name string) string {
	name = oneLine(name)
	switch {
	case name == "":
		return addr
	case needsWords(name):
		return encodeWords(name, " ") + " <" + addr + ">"
	}
	return (&netmail.Address{Name: name, Address: addr}).String()
}

// formatText writes unstructured header text such as the subject.
func formatText(s string) string {
	if needsWords(s) {
		return encodeWords(s, " ")
	}
	return s
}

// needsWords reports whether s cannot stand in a header as it is: it has
// bytes outside printable ASCII, or something a client would decode as an
// encoded word.
func needsWords(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return true
		}
	}
	return strings.Contains(s, "=?")
}

// encodeWords RFC 2047-encodes s in base64 words of at most 30 bytes of
// UTF-8 (52 characters each), split between characters and joined by sep,
// so that folding at sep keeps every line within 76 characters.
func encodeWords(s, sep string) string {
	var words []string
	for len(s) > 0 {
		n := 0
		for n < len(s) {
			_, size := utf8.DecodeRuneInString(s[n:])
			if n > 0 && n+size > 30 {
				break
			}
			n += size
		}
		words = append(words, "=?UTF-8?b?"+base64.StdEncoding.EncodeToString([]byte(s[:n]))+"?=")
		s = s[n:]
	}
	return strings.Join(words, sep)
}
