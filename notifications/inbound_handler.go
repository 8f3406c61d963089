package notifications

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"slices"
	"strings"

	"xietong/domain"
	"xietong/notifications/inbound"
)

// Inbound is the one entry point for replies, called by the HTTP hook and
// the IMAP poller alike: it parses the raw message and hands the reply to
// the domain, which stores it first (by Message-ID, so it is applied once)
// and decides what it may do.
type Inbound struct {
	Replies *domain.ReplyService
	// ReplyAddress is local@domain; tokens ride in its plus part.
	ReplyAddress string
	// OwnAddress is our sender address: mail from it, or from ReplyAddress
	// (with or without a plus part), is our own and never answered.
	OwnAddress string
	// TrustedRelay is the authserv-id of the mail server whose
	// Authentication-Results we believe; "" trusts none.
	TrustedRelay string
	// Limits bound the attachments kept from one message; zero fields
	// take inbound's defaults.
	Limits inbound.Limits
	Log    *slog.Logger
}

// Handle applies one raw message received through via ("http" or "imap").
// An error means the reply could not be handled now (the database is away):
// the caller should deliver it again later. A malformed message is stored
// and dropped, never an error, so it cannot block the messages behind it.
func (h *Inbound) Handle(ctx context.Context, raw []byte, via string) (domain.ReplyResult, error) {
	m, err := inbound.ParseLimited(raw, h.Limits)
	r := domain.Reply{Via: via, Raw: raw}
	if err != nil || m == nil {
		r.MessageID = hashID(raw)
		r.Automatic = true // nothing to answer to
		res, aerr := h.Replies.Apply(ctx, r)
		h.Log.Warn("inbound unreadable", "via", via, "err", err)
		return res, aerr
	}
	r.MessageID = m.MessageID
	if r.MessageID == "" {
		r.MessageID = hashID(raw)
	}
	r.From, r.Subject = m.From.Addr, m.Subject
	r.Automatic = m.IsAutomatic
	r.OwnAddress = ownAddress(m.From.Addr, h.OwnAddress, h.ReplyAddress)
	r.DMARCFailed = dmarcFailed(m.AuthResults, h.TrustedRelay)
	r.Tokens = replyTokens(m, h.ReplyAddress)
	cmd := inbound.ParseCommand(domain.CleanText(m.Text))
	r.Command, r.CommandDate, r.Note, r.FullText = cmd.Kind, cmd.Date, cmd.Note, m.FullText
	for _, a := range m.Attachments {
		if a.Inline {
			continue
		}
		r.Attachments = append(r.Attachments, domain.Upload{Filename: a.Filename, Data: a.Data})
	}
	if m.DroppedAttachments > 0 {
		h.Log.Warn("inbound attachments dropped", "via", via, "dropped", m.DroppedAttachments, "kept", len(m.Attachments))
	}
	cleanReply(&r)
	res, err := h.Replies.Apply(ctx, r)
	if err != nil {
		return res, err
	}
	h.Log.Info("inbound", "via", via, "status", res.Status, "reason", res.Reason, "task_id", res.TaskID)
	return res, nil
}

// replyTokens lists the candidate reply tokens of m, nearest first: the
// plus part of the reply address it was sent to, then our Message-IDs it
// quotes. The subject's task tag is not among them: it proves nothing.
func replyTokens(m *inbound.Message, replyAddress string) []string {
	var out []string
	if tok, ok := inbound.TokenFromAddresses(replyAddress, m.Recipients()...); ok {
		out = append(out, tok)
	}
	_, replyDomain, _ := strings.Cut(replyAddress, "@")
	for _, id := range m.ThreadIDs() {
		if tok, ok := inbound.TokenFromMessageIDs([]string{id}, replyDomain); ok && !slices.Contains(out, tok) {
			out = append(out, tok)
		}
	}
	return out
}

// ownAddress reports whether from is one of ours: the sender address, or
// the reply address with or without a plus part. Mail from either is our
// own coming back (a loop, or a forgery) and is never answered.
func ownAddress(from string, own ...string) bool {
	base := func(addr string) string {
		local, domain, _ := strings.Cut(inbound.NormalizeAddr(addr), "@")
		local, _, _ = strings.Cut(local, "+")
		return local + "@" + domain
	}
	from = base(from)
	for _, o := range own {
		if o != "" && base(o) == from {
			return true
		}
	}
	return false
}

// hashID names a message that has no Message-ID by its content, so that a
// re-delivery is still recognised.
func hashID(raw []byte) string {
	sum := sha256.Sum256(raw)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// dmarcFailed reads the topmost Authentication-Results, and only when our
// trusted relay wrote it: headers below it could have been added by anyone.
func dmarcFailed(results []string, trusted string) bool {
	if trusted == "" || len(results) == 0 {
		return false
	}
	top := results[0]
	id, rest, _ := strings.Cut(top, ";")
	fields := strings.Fields(id) // authserv-id, then an optional version
	if len(fields) == 0 || !strings.EqualFold(fields[0], trusted) {
		return false
	}
	return strings.Contains(strings.ToLower(rest), "dmarc=fail")
}
