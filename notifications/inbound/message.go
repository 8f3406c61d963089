package inbound

import (
	"bytes"
	"errors"
	"net/mail"
	"regexp"
	"strings"
	"time"
)

// ErrNoHeader is returned by Parse for input with no header field at all:
// there is nothing to apply, store it and move on.
var ErrNoHeader = errors.New("inbound: no message header")

// Message is what the server needs from one incoming mail.
type Message struct {
	MessageID  string   // without angle brackets; "" when missing
	InReplyTo  []string // ids without angle brackets
	References []string // ids without angle brackets, oldest first as sent

	From    Address
	Sender  Address
	ReplyTo []Address
	To      []Address
	Cc      []Address
	// DeliveredTo holds envelope recipients our own MTA recorded
	// (Delivered-To, X-Original-To, Envelope-To). They keep the plus
	// part of the reply address even when the sender's client dropped it
	// from To, or the reply address was in Bcc.
	DeliveredTo []Address
	ReturnPath  string // envelope sender without brackets; "" for "<>" or missing

	Subject string    // decoded to UTF-8
	Date    time.Time // zero when missing or unreadable

	AutoSubmitted string // raw Auto-Submitted value
	// IsAutomatic reports mail that no person wrote, or that no answer may
	// reach: auto-replies, bounces, read receipts, list and bulk mail,
	// abuse reports, and mail from no address or from a machine's
	// (MAILER-DAEMON, postmaster, no-reply). Such mail must never be
	// answered.
	IsAutomatic bool
	AutoReason  string   // why IsAutomatic is set, e.g. "auto-submitted: auto-replied"
	AuthResults []string // raw Authentication-Results values, top (newest) first

	Text        string // the reply only: quoted history and signature cut, trimmed
	FullText    string // the whole decoded body text, for the record
	Attachments []Attachment
	// DroppedAttachments counts the attachments left out by Limits.
	DroppedAttachments int

	// Header holds every header field as received (canonical keys, raw values).
	Header mail.Header
}

// Attachment is one file carried by a message.
type Attachment struct {
	Filename    string // decoded (RFC 2047, RFC 2231, raw GBK); never empty
	ContentType string // lower-case media type, e.g. "application/pdf"
	Data        []byte // decoded content
	// Inline marks a part shown inside the body (Content-Disposition
	// inline or a Content-ID), such as a pasted screenshot or a signature
	// logo. The caller decides whether to keep those.
	Inline    bool
	ContentID string // without angle brackets
}

// Recipients returns To, Cc and DeliveredTo, the addresses a reply token
// may be found in (see TokenFromAddresses).
func (m *Message) Recipients() []Address {
	out := make([]Address, 0, len(m.To)+len(m.Cc)+len(m.DeliveredTo))
	out = append(out, m.To...)
	out = append(out, m.Cc...)
	return append(out, m.DeliveredTo...)
}

// ThreadIDs returns the ids this message answers, nearest first:
// In-Reply-To, then References from the newest back, without duplicates
// (see TokenFromMessageIDs).
func (m *Message) ThreadIDs() []string {
	out := make([]string, 0, len(m.InReplyTo)+len(m.References))
	seen := map[string]bool{}
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, id := range m.InReplyTo {
		add(id)
	}
	for i := len(m.References) - 1; i >= 0; i-- {
		add(m.References[i])
	}
	return out
}

// Parse reads a raw RFC 5322 message with the default Limits (see
// ParseLimited).
func Parse(raw []byte) (*Message, error) {
	return ParseLimited(raw, Limits{})
}

// ParseLimited reads a raw RFC 5322 message, keeping the attachments l
// allows. It never panics. Malformed input gives a best-effort Message; an
// error (ErrNoHeader) only when no header field can be read at all. The
// Message does not alias raw, and holds at most the decoded attachments
// and the text beside it: no copies of the message are made on the way.
func ParseLimited(raw []byte, l Limits) (*Message, error) {
	h, body := readHeader(normalizeLineEnds(raw))
	if len(h) == 0 {
		return nil, ErrNoHeader
	}
	m := &Message{Header: h}
	m.readHeaders(h)
	b := readBody(h, body, l)
	m.Attachments, m.DroppedAttachments = b.attachments, b.dropped
	m.FullText = cleanText(removeQuoteMarks(b.text))
	m.Text = cleanText(dropAddressSignature(stripQuoted(b.text), m.From.Addr))
	m.IsAutomatic, m.AutoReason = automatic(m, b.report)
	return m, nil
}

// readHeaders fills the header-derived fields.
func (m *Message) readHeaders(h mail.Header) {
	m.MessageID = firstOf(parseMsgIDs(h.Get("Message-Id")))
	m.InReplyTo = parseMsgIDs(h.Get("In-Reply-To"))
	m.References = parseMsgIDs(strings.Join(h["References"], " "))
	m.From = firstAddress(h.Get("From"))
	m.Sender = firstAddress(h.Get("Sender"))
	m.ReplyTo = parseAddressList(h.Get("Reply-To"))
	m.To = parseAddressList(strings.Join(h["To"], ", "))
	m.Cc = parseAddressList(strings.Join(h["Cc"], ", "))
	for _, k := range []string{"Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To"} {
		for _, v := range h[k] {
			m.DeliveredTo = append(m.DeliveredTo, parseAddressList(v)...)
		}
	}
	m.ReturnPath = returnPath(h)
	m.Subject = strings.TrimSpace(decodeHeader(h.Get("Subject")))
	m.Date = parseDate(h.Get("Date"))
	m.AutoSubmitted = strings.TrimSpace(h.Get("Auto-Submitted"))
	m.AuthResults = append([]string(nil), h["Authentication-Results"]...)
}

// returnPath reads the last Return-Path (the one the final MTA wrote).
func returnPath(h mail.Header) string {
	rp := h["Return-Path"]
	if len(rp) == 0 {
		return ""
	}
	v := strings.TrimSpace(rp[0])
	v = strings.TrimSpace(strings.Trim(v, "<>"))
	if v == "" {
		return ""
	}
	return NormalizeAddr(v)
}

// hasNullReturnPath reports "Return-Path: <>" (or an empty one), the mark
// of a bounce.
func hasNullReturnPath(h mail.Header) bool {
	rp := h["Return-Path"]
	return len(rp) > 0 && strings.TrimSpace(strings.Trim(strings.TrimSpace(rp[0]), "<>")) == ""
}

// bareDateRe matches a line holding only a date, as Foxmail's default
// signature has above the sender's address.
var bareDateRe = regexp.MustCompile(`^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$`)

// dropAddressSignature removes Foxmail's default signature from the end
// of a reply: a line with only the sender's own address, and the date line
// above it. A date alone is kept: it may be what the person wrote.
func dropAddressSignature(s, from string) string {
	if from == "" {
		return s
	}
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	last := func() int {
		i := len(lines) - 1
		for i >= 0 && normLine(lines[i]) == "" {
			i--
		}
		return i
	}
	i := last()
	if i < 0 || !strings.EqualFold(normLine(lines[i]), from) {
		return s
	}
	lines = lines[:i]
	if i = last(); i >= 0 && bareDateRe.MatchString(normLine(lines[i])) {
		lines = lines[:i]
	}
	return strings.Join(lines, "\n")
}

// normalizeLineEnds turns the bare CRs of old Mac mail into LFs. Without
// it the whole header reads as one line and a bounce as a person. Only a
// message whose first line ends in a bare CR is touched, so the 8-bit
// bodies of ordinary mail (and "\r\r\n" line ends) keep their bytes.
func normalizeLineEnds(raw []byte) []byte {
	first := raw
	if i := bytes.IndexByte(raw, '\n'); i >= 0 {
		first = raw[:i]
	}
	if !bytes.Contains(bytes.TrimRight(first, "\r"), []byte("\r")) {
		return raw
	}
	out := make([]byte, 0, len(raw))
	for i, c := range raw {
		if c == '\r' && i+1 < len(raw) && raw[i+1] == '\n' {
			continue // CRLF becomes LF too: one style throughout
		}
		if c == '\r' {
			c = '\n'
		}
		out = append(out, c)
	}
	return out
}

func firstOf(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// cleanText normalises decoded text for storage: LF line ends, no BOM or
// zero-width characters, no trailing spaces, at most one blank line in a
// row, trimmed, valid UTF-8.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = invisible.Replace(s)
	var b bytes.Buffer
	b.Grow(len(s))
	blank := 0
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimRight(line, " \t\u3000")
		if line == "" {
			blank++
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
			if blank > 0 {
				b.WriteString("\n")
			}
		}
		blank = 0
		b.WriteString(line)
	}
	return strings.TrimLeft(b.String(), " \t\u3000")
}

// invisible removes characters that only confuse matching and display.
var invisible = strings.NewReplacer(
	"\ufeff", "", "\u200b", "", "\u2060", "", "\u00a0", " ", "\u00ad", "",
)
