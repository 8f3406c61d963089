// Package domain holds xietong's entities and rules: who may do what, how a
// task moves, how deadlines count in working days, and the services that
// carry out one use case each inside one store transaction.
//
// Invariants, and why they hold here:
//   - domain imports the standard library and its own stdlib-only
//     subpackages (calendar, catalog) only. Persistence, HTTP and mail are
//     adapters that depend on domain, never the other way round, so the
//     rules can be tested as plain functions and survive a change of
//     framework.
//   - Every user-visible failure is a *Error wrapping one kind sentinel
//     (ErrInvalid, ErrNotFound, …). The server owns the one table that maps
//     kinds to status codes.
//   - domain emits catalogue keys and their arguments, never words: an
//     error's Key, the codes of statuses and events, the note a reply by
//     mail gets when it has none (ReplyService.Words renders it). The
//     words live in one catalogue (notifications/i18n) that the server,
//     mail, the workbook and the command line read, so no language is
//     fixed here.
//   - Services never read the wall clock: they hold Now, so tests and the
//     "supervise --at" command can run them at any instant.
//   - Access rules are pure functions of the actor (access.go). Anything an
//     actor may not see is reported as ErrNotFound, never ErrForbidden, so
//     that its existence does not leak.
//   - A use case writes its change and its audit row in one transaction:
//     either both are kept or neither.
package domain
