package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"xietong/domain"
)

// SQLite result codes this package recognises (sqlite3.h).
const (
	sqliteBusy              = 5
	sqliteLocked            = 6
	sqliteCantOpen          = 14
	sqliteFull              = 13
	sqliteConstraintUnique  = 2067
	sqliteConstraintPK      = 1555
	sqliteConstraintFK      = 787
	sqliteConstraintCheck   = 275
	sqliteConstraintNotNull = 1299
)

// translate turns a driver error into a domain kind where one applies, and
// otherwise returns err unchanged (it becomes a 500, logged).
func translate(err error) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return domain.Fail(domain.ErrNotFound, "not_found")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "23505":
			return wrapKind(domain.ErrConflict, err)
		case pe.Code == "23503", pe.Code == "23514", pe.Code == "23502":
			return wrapKind(domain.ErrInvalid, err)
		case pe.Code == pgDiskFull:
			return storageFull(err)
		case strings.HasPrefix(pe.Code, "08"), strings.HasPrefix(pe.Code, "53"),
			pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03":
			return wrapKind(domain.ErrUnavailable, err)
		}
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		if se.Code()&0xFF == sqliteFull {
			return storageFull(err)
		}
		switch se.Code() {
		case sqliteConstraintUnique, sqliteConstraintPK:
			return wrapKind(domain.ErrConflict, err)
		case sqliteConstraintFK, sqliteConstraintCheck, sqliteConstraintNotNull:
			return wrapKind(domain.ErrInvalid, err)
		case sqliteBusy, sqliteLocked, sqliteCantOpen:
			return wrapKind(domain.ErrUnavailable, err)
		}
		return err
	}
	if unreachable(err) {
		return wrapKind(domain.ErrUnavailable, err)
	}
	return err
}

// unreachable reports whether err means the database could not be talked to
// at all (refused, reset, closed, timed out), as opposed to a query failing.
func unreachable(err error) bool {
	var ce *pgconn.ConnectError
	var ne net.Error
	return errors.As(err, &ce) || errors.As(err, &ne) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		pgconn.Timeout(err) || errors.Is(err, pgconn.ErrConnClosed)
}

// pgDiskFull is PostgreSQL's SQLSTATE disk_full.
const pgDiskFull = "53100"

// retryStorageFull is the Retry-After, in seconds, of a write refused for
// a full disk: long enough for an operator to free space.
const retryStorageFull = 60

// storageFull is the error of a write the database had no room for: a 503
// to retry (ErrUnavailable, "error.storage_full"), marked ErrStorageFull so
// that readiness reports it. The transaction it happened in rolled back.
func storageFull(err error) error {
	return &kindError{kind: &domain.Error{Kind: domain.ErrUnavailable, Key: "error.storage_full",
		RetryAfter: retryStorageFull}, err: fmt.Errorf("%w: %w", domain.ErrStorageFull, err)}
}

// kindError keeps the driver error for logs while matching a domain kind.
type kindError struct {
	kind error
	err  error
}

func (e *kindError) Error() string   { return e.kind.Error() + ": " + e.err.Error() }
func (e *kindError) Unwrap() []error { return []error{e.kind, e.err} }

func wrapKind(kind, err error) error { return &kindError{kind: kind, err: err} }

// closeRows closes rows, reporting a failure to close through errp unless
// an error is there already. It is deferred with a named result.
func closeRows(errp *error, rows *sql.Rows) {
	if err := rows.Close(); err != nil && *errp == nil {
		*errp = translate(err)
	}
}

// wrap prefixes a failed operation's error with the operation and what it
// was on ("store.Task(42): …"), so that a 500 in the log says what failed.
// It is deferred with a named result, pkgsite's derrors.Wrap style; %w
// keeps errors.Is and errors.As seeing the domain kind and *domain.Error.
func wrap(errp *error, format string, args ...any) {
	if *errp != nil {
		*errp = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), *errp)
	}
}
