// Package mail renders xietong's notifications and builds the messages
// that carry them. It knows nothing of the database or the web: the outbox
// relay maps a queued row to a kind (one of domain.MailKinds), a language
// and a domain.Notice, calls Renderer.Render, then Build, and hands the
// bytes to a transport (SMTP or the mail log), so both send and store
// exactly the same message.
//
//	rd, err := mail.NewRenderer(catalogue) // once, at start-up
//	r, err := rd.Render(domain.MailTaskAssigned, user.Lang, notice)
//	raw, err := mail.Build(mail.Envelope{From: …, ReplyTo: "reply+TOKEN@…",
//		MessageID: row.MessageID, References: []string{"<task-42@…>"}, Date: now}, r)
//
// Invariants, and why:
//
//   - Messages are rendered at send time from the Notice snapshot taken
//     when they were queued, so a retry says what was true then, and a
//     template fix reaches messages still waiting.
//   - Task mail's subject starts with the task tag, "[督办#42]" or
//     "[Task #42]": when a mail system drops the plus part of the reply
//     address and the thread headers, the inbound side still finds the
//     task by it. Hot-spot mail carries "[热点#7]" / "[Hot-spot #7]".
//   - A refusal (domain.MailReplyRefused) without a TaskID names no task, and no
//     refusal quotes what the sender wrote: it may reach a stranger, and
//     must leak nothing nor carry their text back out (backscatter).
//   - All notice text is escaped in the HTML part (html/template), and a
//     Link that is not an absolute http(s) URL is left out.
//   - Built messages are 7-bit, CRLF, with RFC 2047 headers folded within
//     76 characters and bodies in quoted-printable (attachments base64),
//     and say they are automatic (Auto-Submitted, and
//     X-Auto-Response-Suppress: All for Exchange) so that well-behaved
//     systems do not answer them. They never set Precedence: bulk, which
//     hurts delivery.
//
// Templates live in templates/: for every kind a pair KIND.txt.tmpl
// (text/template) and KIND.html.tmpl (html/template), each defining
// "content" from the shared sections of partials.*.tmpl inside
// layout.*.tmpl. The templates hold no words: every sentence comes from
// the one message catalogue, notifications/i18n, under the mail. keys
// (mail.greeting, mail.task_assigned.subject). Unlike the rest of the
// catalogue, whose texts are fmt formats, a mail text is a text/template
// over the notice ({{.TaskTitle}}, {{if eq .Action "reopen"}}…):
// loadCatalogs compiles them once, keeping texts with no action as plain
// text. The kinds are the domain's: adding one takes its constant in
// domain.MailKinds, a template pair, and mail.KIND.subject and
// mail.KIND.headline (and mail.KIND.note, the label of the quoted note) in
// both languages; the tests find what is missing. Likewise the recipient
// roles, ladder steps, refusal reasons and the reply commands allowed in
// each status come from the domain (domain.RecipientRoles,
// domain.LadderSteps, domain.RefusalReasons, domain.ReplyActionsFrom), so
// the mail cannot drift from the workflow.
//
// The relay renders through Shaped, which renders the templates once per
// shape of message (kind, language, role, status, which values are there,
// the deadline's weekday) and puts each message's own values — names,
// titles, ids, link, co-organisers, note lines, the deadline and the
// working days left — into that render. It relies on the templates and
// mail texts only printing a value or testing whether it is there:
// NewRenderer reads them, and a kind whose templates compare, format or
// measure a value (a name, a title, an id, the deadline; the working days
// beyond -1 … 3) is rendered whole every time. So a template may test the
// status, action or role freely, but should not test a name or a title.
//
// The supervision ladder has a kind per step (domain.MailLadderRemind and
// the others). Its mail says where the deadline stands, the step, and what
// the recipient is asked to do (mail.ladder.todo.ROLE). The lead
// organisation (lead, co, head) may act by reply; the assigning lead and
// leadership follow up on the platform, so their ladder mail carries the
// link and no reply instructions.
//
// The supervision report (督查通报) is rendered by RenderReport from a
// domain.Report, not from a Notice, so it is not one of the kinds: its
// template pair is report.txt.tmpl and report.html.tmpl, with the same
// layout, and its words are the mail.report.* texts. The caller attaches
// the workbook (notifications/xlsx) with Build.
//
// Golden files in testdata/ hold every kind in both languages (subject,
// text and HTML), the report of domain/reporttest's fixture, and a built
// message read back part by part; rewrite them with
// go test ./notifications/mail -update and review the diff.
package mail
