//go:build !unix

package store

// Lock is a no-op where flock is unavailable: SQLite's own locking still
// keeps the file consistent, but two servers are not refused there.
func Lock(sqlitePath string) (release func(), err error) { return func() {}, nil }
