package domain_test

import (
	"context"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// TestIdempotencyKeyExpires: an answered key is replayed until its TTL, and
// claimed afresh after.
func TestIdempotencyKeyExpires(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		clk := &clock{storetest.Now}
		users := newUsers(db, clk)
		u := mustUser(t, users, domain.CreateUser{Username: "lead1", Role: domain.RoleLead})
		a := domain.ActorOf(u, domain.ChannelAPI, "")
		s := &domain.IdempotencyService{Store: db.Store, TTL: time.Hour}
		if r, err := s.Claim(ctx, a, "k-1", "req"); r != nil || err != nil {
			t.Fatalf("first claim: %+v, %v", r, err)
		}
		if err := s.Finish(ctx, a, "k-1", 201, []byte(`{"id":1}`)); err != nil {
			t.Fatal(err)
		}
		clk.Advance(59 * time.Minute)
		r, err := s.Claim(ctx, a, "k-1", "req")
		if err != nil || r == nil || r.Status != 201 || string(r.Body) != `{"id":1}` {
			t.Fatalf("replay: %+v, %v", r, err)
		}
		clk.Advance(2 * time.Minute)
		if r, err := s.Claim(ctx, a, "k-1", "other"); r != nil || err != nil {
			t.Fatalf("claim after expiry: %+v, %v", r, err)
		}
		_, err = s.Claim(ctx, a, "k-1", "other")
		wantKind(t, err, domain.ErrConflict)
		if domain.ErrorKey(err) != "idempotency.in_progress" {
			t.Errorf("claimed key: %v, want idempotency.in_progress", err)
		}
	})
}
