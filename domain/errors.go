package domain

import (
	"errors"
	"fmt"
)

// The error kinds. Every failure a user may see wraps exactly one of them;
// the server maps each kind to one HTTP status (server/errors.go).
var (
	ErrInvalid         = errors.New("invalid")
	ErrUnauthenticated = errors.New("unauthenticated")
	ErrForbidden       = errors.New("forbidden")
	ErrNotFound        = errors.New("not found")
	ErrConflict        = errors.New("conflict")
	// ErrUnprocessable is a well-formed request the record's state refuses
	// for a reason the user can fix (an application missing scores or
	// evidence, a score below the pass mark): HTTP 422.
	ErrUnprocessable = errors.New("unprocessable")
	ErrTooLarge      = errors.New("too large")
	ErrUnsupported   = errors.New("unsupported media type")
	ErrRateLimited   = errors.New("rate limited")
	ErrUnavailable   = errors.New("unavailable")
)

// ErrStorageFull marks an ErrUnavailable failure caused by the database
// having no room left (a full disk). It is not a kind of its own: the
// client sees a 503 to retry, and readiness reports it until it clears.
var ErrStorageFull = errors.New("storage full")

// Error is a failure a user may see: Kind is one of the sentinels above, Key a
// message catalog key, Args the values the message names.
type Error struct {
	Kind error
	Key  string
	Args []any
	// RetryAfter, when positive, tells the client when trying again makes sense
	// (lockouts, a database that is away).
	RetryAfter int
}

// Error implements error without the arguments, so that logs stay free of user data.
func (e *Error) Error() string { return fmt.Sprintf("%v: %s", e.Kind, e.Key) }

// Unwrap lets errors.Is match the kind.
func (e *Error) Unwrap() error { return e.Kind }

// Fail builds a user-facing error of the given kind.
func Fail(kind error, key string, args ...any) *Error {
	return &Error{Kind: kind, Key: key, Args: args}
}

// Invalid builds an ErrInvalid error for a named field, the common case of validation.
func Invalid(key string, args ...any) *Error { return Fail(ErrInvalid, key, args...) }

// Problems collects validation failures in the order a form lists its
// fields; Err reports the first, so a user fixes one thing at a time in
// reading order.
type Problems []error

// Add records a problem when cond is true.
func (p *Problems) Add(cond bool, key string, args ...any) {
	if cond {
		*p = append(*p, Invalid(key, args...))
	}
}

// AddErr records err unless it is nil.
func (p *Problems) AddErr(err error) {
	if err != nil {
		*p = append(*p, err)
	}
}

// Err returns the first problem or nil.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return p[0]
}

// ErrorKey returns the catalog key of a *Error in err's chain, or "".
func ErrorKey(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}
