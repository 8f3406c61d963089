package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store"
	"xietong/domain/store/storetest"
)

func TestLockRefusesSecondServer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "x.db")
	release, err := store.Lock(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Lock(path); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("second lock: got %v, want ErrLocked", err)
	}
	release()
	again, err := store.Lock(path)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	again()
}

func TestErrorTranslation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		_, err := db.Organization(ctx, 987654)
		if !errors.Is(err, domain.ErrNotFound) || domain.ErrorKey(err) != "org.not_found" {
			t.Errorf("missing org: got %v, want ErrNotFound org.not_found", err)
		}
		if err == nil || !strings.HasPrefix(err.Error(), "store.Organization(987654): ") {
			t.Errorf("missing org: got %q, want it to name the operation and the id", err)
		}
		err = db.InTx(ctx, func(tx domain.Tx) error {
			o := domain.Organization{Code: "xian-health", Name: "重复", Type: "health", Region: "xian", Level: "city",
				CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
			return tx.CreateOrganization(ctx, &o)
		})
		if !errors.Is(err, domain.ErrConflict) {
			t.Errorf("duplicate code: got %v, want ErrConflict", err)
		}
		// A failed transaction leaves nothing behind.
		err = db.InTx(ctx, func(tx domain.Tx) error {
			o := domain.Organization{Code: "temp-org", Name: "临时", Type: "health", Region: "xian", Level: "city",
				CreatedAt: storetest.Now, UpdatedAt: storetest.Now}
			if err := tx.CreateOrganization(ctx, &o); err != nil {
				return err
			}
			return domain.Invalid("boom")
		})
		if domain.ErrorKey(err) != "boom" {
			t.Fatalf("rollback: got %v, want boom", err)
		}
		if _, err := db.OrganizationByCode(ctx, "temp-org"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("rolled-back row visible: %v", err)
		}
	})
}

func TestUnreachableDatabaseIsUnavailable(t *testing.T) {
	s, err := store.Open(store.Options{Driver: "postgres", DSN: "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=1"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Ping(ctx); !errors.Is(err, domain.ErrUnavailable) {
		t.Errorf("ping: got %v, want ErrUnavailable", err)
	}
	if _, err := s.Organization(ctx, 1); !errors.Is(err, domain.ErrUnavailable) {
		t.Errorf("query: got %v, want ErrUnavailable", err)
	}
}

func TestSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		v, err := db.EnsureSetting(ctx, "k", "first", storetest.Now)
		if err != nil || v != "first" {
			t.Fatalf("got %q (%v), want first", v, err)
		}
		v, err = db.EnsureSetting(ctx, "k", "second", storetest.Now)
		if err != nil || v != "first" {
			t.Errorf("second ensure: got %q (%v), want the first value kept", v, err)
		}
	})
}

func TestArgon2id(t *testing.T) {
	h := storetest.FastHasher
	hash, err := h.Hash("密码 with spaces")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, hash, pw string
		ok, err        bool
	}{
		{"right", hash, "密码 with spaces", true, false},
		{"wrong", hash, "密码 with space", false, false},
		{"garbage hash", "plain", "x", false, true},
		{"other algorithm", "$2a$10$abc", "x", false, true},
	}
	for _, tt := range tests {
		ok, err := h.Verify(tt.hash, tt.pw)
		if ok != tt.ok || (err != nil) != tt.err {
			t.Errorf("%s: got %v, %v; want %v, error %v", tt.name, ok, err, tt.ok, tt.err)
		}
	}
	// A hash made with other parameters still verifies: they travel in the hash.
	strong, err := store.Argon2id{Time: 2, Memory: 2048, Threads: 1}.Hash("p")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := h.Verify(strong, "p"); !ok || err != nil {
		t.Errorf("cross-parameter verify: %v %v", ok, err)
	}
}

// TestTxNowIsReadOnceAtInTx: a transaction's instant comes from the store's
// clock (Options.Now), read once when the transaction starts.
func TestTxNowIsReadOnceAtInTx(t *testing.T) {
	db := storetest.SQLite(t)
	o := db.Options
	reads := 0
	o.Now = func() time.Time {
		reads++
		return storetest.Now.Add(time.Duration(reads) * time.Minute)
	}
	s, err := store.Open(o)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var first, second time.Time
	err = s.InTx(context.Background(), func(tx domain.Tx) error {
		first = tx.Now()
		second = tx.Now()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := storetest.Now.Add(time.Minute); !first.Equal(want) || !second.Equal(want) || reads != 1 {
		t.Errorf("tx.Now: got %v then %v after %d clock reads; want %v twice after one", first, second, reads, want)
	}
}
