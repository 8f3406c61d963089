// Package store is xietong's persistence: bun over PostgreSQL (pgx) or
// embedded SQLite (modernc, pure Go), implementing domain.Store.
//
// Invariants, and why they hold here:
//   - One set of queries serves both databases (every query works on any
//     bun.IDB: the database or a transaction). Where the dialects must
//     differ (row locks that skip locked rows, typed VALUES lists, batched
//     ladder writes, $n placeholders, the report's parallel snapshot read),
//     the branch is in dialect.go and nowhere else; Open picks the driver.
//   - Errors leave this package translated (errors.go): no rows is
//     domain.ErrNotFound, a unique violation domain.ErrConflict, a database
//     that cannot be reached domain.ErrUnavailable. Callers never see a
//     driver error type, so the server can map kinds to status codes.
//   - Every method's error names the operation and what it was on
//     ("store.Task(42): …", wrap in errors.go), wrapped with %w so that
//     errors.Is and errors.As still find the kind and *domain.Error.
//   - Times are written in UTC and bound as parameters; the database's own
//     clock is never used, so replicas and tests agree on "now". A
//     transaction's instant (domain.Tx.Now) is read once, at InTx, from the
//     clock the store was given (Options.Now).
//   - The package has no mutable package-level state: what a test or a
//     server tunes (the clock, the report's wait for a second connection,
//     a hook into the report's reader goroutine) is an Option.
//   - A goroutine the store starts never takes the process down: the
//     report's second reader recovers a panic into the load's error.
//   - No NUL, other stray control character or invalid UTF-8 reaches SQL
//     in a row: bun interpolates values into the statement, where a NUL
//     cuts it (SQLite) or is refused (PostgreSQL). Every row type's
//     BeforeAppendModel hook (input.go) refuses such text as
//     input.control_character (a 400), or cleans it where it is machine
//     text (received and queued mail, job and mail-server errors), which
//     refusing would lose. []byte columns are bound as binary and exempt.
//   - An embedded SQLite file belongs to one serving process: Lock takes an
//     exclusive lock beside it, so a second server fails at start with a
//     clear error instead of two processes sharing a WAL file unknowingly.
package store
