//go:build unix

package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// Lock takes an exclusive, non-blocking lock on PATH.lock for a serving
// process. The kernel drops it when the process exits, so a crash never
// leaves a stale lock. Commands other than serve do not take it: SQLite
// itself serialises their writes.
func Lock(sqlitePath string) (release func(), err error) {
	if err := os.MkdirAll(filepath.Dir(sqlitePath), 0o750); err != nil {
		return nil, fmt.Errorf("create database directory: %w", err)
	}
	f, err := os.OpenFile(sqlitePath+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		cerr := f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errors.Join(fmt.Errorf("%w (%s.lock); use PostgreSQL to run several replicas", ErrLocked, sqlitePath), cerr)
		}
		return nil, errors.Join(fmt.Errorf("lock %s.lock: %w", sqlitePath, err), cerr)
	}
	return func() {
		// Closing the file releases the lock, and the process's end does
		// if closing fails: neither error leaves anything to act on.
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	}, nil
}
