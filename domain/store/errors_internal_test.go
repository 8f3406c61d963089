package store

import (
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"xietong/domain"
)

// TestTranslatePgDiskFull covers PostgreSQL's disk_full without a server;
// TestStorageFullIsUnavailable has the server raise it when one is set.
func TestTranslatePgDiskFull(t *testing.T) {
	tests := []struct {
		name string
		err  error
		full bool
	}{
		{"disk_full", &pgconn.PgError{Code: "53100", Message: "could not extend file"}, true},
		{"wrapped disk_full", fmt.Errorf("insert: %w", &pgconn.PgError{Code: "53100"}), true},
		{"out_of_memory is unavailable, not full", &pgconn.PgError{Code: "53200"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := translate(tt.err)
			if !errors.Is(err, domain.ErrUnavailable) || errors.Is(err, domain.ErrStorageFull) != tt.full {
				t.Errorf("got %v, want ErrUnavailable, storage full %v", err, tt.full)
			}
			if tt.full && domain.ErrorKey(err) != "error.storage_full" {
				t.Errorf("key: got %q, want error.storage_full", domain.ErrorKey(err))
			}
		})
	}
}
