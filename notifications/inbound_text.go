package notifications

import "xietong/domain"

// cleanReply drops from a reply's text the control characters that carry
// no meaning in mail (NUL, ESC, BEL…; TAB, LF and CR stay) and replaces
// invalid UTF-8. Mail is text no person typed into the platform, so the
// store's refusal of such characters would lose the message: a bounce whose
// encoded Subject decodes to text ending in NUL must still be recorded.
func cleanReply(r *domain.Reply) {
	for _, s := range []*string{&r.MessageID, &r.From, &r.Subject, &r.Command, &r.CommandDate, &r.Note, &r.FullText} {
		*s = domain.CleanText(*s)
	}
	for i := range r.Tokens {
		r.Tokens[i] = domain.CleanText(r.Tokens[i])
	}
	for i := range r.Attachments {
		r.Attachments[i].Filename = domain.CleanText(r.Attachments[i].Filename)
	}
}
