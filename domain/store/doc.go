// Package store is xietong's persistence: bun over PostgreSQL (pgx) or
// embedded SQLite (modernc, pure Go), implementing domain.Store.
//
// Invariants, and why they hold here:
//   - One set of queries serves both databases (queries.go works on any
//     bun.IDB: the database or a transaction). Where the dialects must
//     differ, the branch is in dialect.go and nowhere else.
//   - Errors leave this package translated (errors.go): no rows is
//     domain.ErrNotFound, a unique violation domain.ErrConflict, a database
//     that cannot be reached domain.ErrUnavailable. Callers never see a
//     driver error type, so the server can map kinds to status codes.
//   - Times are written in UTC and bound as parameters; the database's own
//     clock is never used, so replicas and tests agree on "now".
//   - An embedded SQLite file belongs to one serving process: Lock takes an
//     exclusive lock beside it, so a second server fails at start with a
//     clear error instead of two processes sharing a WAL file unknowingly.
package store
