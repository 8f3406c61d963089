package domain_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// countingHasher counts password verifications: each one is a guess the
// lockout let through.
type countingHasher struct {
	domain.PasswordHasher
	verified atomic.Int64
}

func (h *countingHasher) Verify(hash, password string) (bool, error) {
	h.verified.Add(1)
	return h.PasswordHasher.Verify(hash, password)
}

// TestLoginLockoutUnderConcurrency sends 32 wrong passwords at once, at one
// account from many addresses and at many accounts from one address: the
// lockout lets through at most its limit of guesses, on both databases.
func TestLoginLockoutUnderConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		users := newUsers(db, &clock{storetest.Now})
		mustUser(t, users, domain.CreateUser{Username: "lead1", Role: domain.RoleLead})
		h := &countingHasher{PasswordHasher: users.Hasher}
		users.Hasher = h
		limit := users.Policy.MaxFailures
		tests := []struct {
			name     string
			username func(i int) string
			ip       func(i int) string
			max      int
		}{
			{"one account", func(int) string { return "lead1" }, func(i int) string { return fmt.Sprintf("10.1.0.%d", i) }, limit},
			{"one address", func(i int) string { return fmt.Sprintf("nobody%d", i) }, func(int) string { return "10.2.0.1" }, limit * domain.IPFactor},
		}
		for _, tt := range tests {
			h.verified.Store(0)
			var wg sync.WaitGroup
			for i := range 32 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, _, err := users.Login(ctx, tt.username(i), "wrong password!", tt.ip(i))
					if err == nil || domain.ErrorKey(err) != "auth.bad_credentials" && domain.ErrorKey(err) != "auth.locked" {
						t.Errorf("%s: login %d: %v", tt.name, i, err)
					}
				}()
			}
			wg.Wait()
			if got := int(h.verified.Load()); got > tt.max || got == 0 {
				t.Errorf("%s: %d passwords verified, want 1 to %d", tt.name, got, tt.max)
			}
		}
	})
}
