// Package i18n is xietong's one message catalogue: every word the server,
// the mail, the workbook and the command line show, in Chinese (zh-CN, the
// default) and English. It imports only the standard library, so every
// part that speaks to people can read it, and domain needs none of it:
// domain emits catalogue keys and arguments, never words.
//
// The texts live in zh-CN.json and en.json, embedded: one file per
// language, one flat object of dotted keys, sorted. Keys are grouped by
// their reader:
//
//   - the server's API errors and messages under the domain's own names
//     (task.changed, report.…, attachment.…), and the web UI's under web.;
//   - the mail under mail. (mail.greeting, mail.task_assigned.subject);
//   - the workbook under workbook., its enumerations under workbook.code.;
//   - the command line under cli..
//
// Two formats, by reader. Every text is a fmt format (%s, %d, %v…) that
// Localizer.T fills with the arguments of a domain error or a page,
// except the mail's: a mail. text is a text/template snippet over the
// mail's view ({{.TaskTitle}}, {{if eq .Action "reopen"}}…), because mail
// sentences need conditionals; the mail package compiles them.
//
// Invariants, and why:
//
//   - Both languages have the same keys and no text is empty, fmt texts
//     have the same verbs in both languages and mail snippets parse, and
//     every key the code, the templates or the domain's enumerations can
//     ask for exists. The tests check all of it, so a missing word fails
//     the build's tests instead of showing a raw key to a user.
//   - Load parses the files each time it is called and keeps nothing at
//     package level: each reader holds the Catalogue it was given.
//   - A key missing from English falls back to Chinese, then to the key
//     itself: a gap reads as a key, never as an empty string.
package i18n
