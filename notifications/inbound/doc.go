// Package inbound reads replies to xietong's notification mail: it turns a
// raw RFC 5322 message into the few things the server acts on (who sent it,
// which task it answers, whether a machine sent it, the reply text and its
// command, and the attachments).
//
// It is pure parsing on purpose: it imports none of xietong's packages, does
// no I/O and keeps no state, so the HTTP hook, the IMAP poller and the tests
// all see exactly the same result for the same bytes, and the fuzz test can
// hammer it without a database.
//
// Invariants, and why:
//
//   - Parse never panics and always returns valid UTF-8 text. Mail is
//     written by every client ever made; a malformed message must be stored,
//     logged and skipped by the caller, never crash the poller or block the
//     messages behind it. Parse returns an error only when there is nothing
//     usable (no header at all); otherwise it returns a best-effort Message.
//   - Text is only what the person wrote in this reply. Quoted history and
//     signatures are cut at the first marker of a known client (Outlook zh/en,
//     Foxmail, QQ Mail, NetEase 163/126, Gmail, Apple Mail, iPhone, Huawei,
//     "> " quoting) or, in HTML-only mail, at the first quote container,
//     because a command or a note must never be read out of our own quoted
//     notification (which spells the commands out). A reply that starts
//     with "> " quotes (bottom-posted or answered inline) keeps the lines
//     between the quotes instead. Text written below an unmarked quote
//     (Outlook-style bottom-posting) cannot be told from the quote and is
//     lost. FullText keeps the whole decoded body for the record.
//   - The body is text/plain when the sender's client wrote one, HTML
//     converted to text otherwise; every other leaf part, including text
//     parts with a file name, is an Attachment. Charsets are converted to
//     UTF-8, with the GB family read as GB18030 and unlabelled or
//     mislabelled 8-bit text read as GB18030 too.
//   - Addresses are compared in one form: Address.Addr is lower-cased and its
//     domain converted to ASCII (IDNA punycode), so "Li@住建局.中国" and
//     "li@xn--...(the same domain in punycode)" compare equal.
//   - Reply tokens are case-insensitive. Mail systems may change the case of
//     an address, so TokenFromAddresses and TokenFromMessageIDs both return
//     the token in lower case; tokens must be minted from a lower-case
//     alphabet (hex or lower-case base32) without '.' or '@'.
//   - Machines are recognised generously (Message.IsAutomatic with
//     Message.AutoReason): auto-replies, bounces, read receipts and list or
//     bulk mail are never answered, which is what prevents mail loops. Mail
//     from our own address is the caller's to check; so is trust in
//     Message.AuthResults, which are raw and include whatever the sender
//     forged below our relay's own header (the top one).
//
// Finding the task for a reply, in order: the plus part of a recipient
// address (TokenFromAddresses over Message.Recipients), then our Message-ID
// in the thread headers (TokenFromMessageIDs over Message.ThreadIDs), then
// the "[督办#ID]" tag in the subject (TaskTagFromSubject). Only the first two
// carry a token that can authenticate the sender; the subject tag names a
// task but proves nothing.
//
// Commands (ParseCommand) are read from the first non-empty line of Text,
// in Chinese or English, with full-width punctuation and digits accepted:
//
//	签收 | accept                         → Kind "accept"
//	进展：… | progress: …                  → Kind "progress", Note = … plus the lines below
//	办结：… | done: …                      → Kind "submit",   Note = … plus the lines below
//	延期 2025-03-20 | extend 2025-03-20    → Kind "extend",   Date "2025-03-20"
//	  (also 延期至2025年3月20日, 延期 2025/3/20, extend to 2025-03-20)
//
// Anything else is a note (Kind ""). "extend" with a missing or impossible
// date gives Kind "extend" and Date "", so the caller can explain.
package inbound
