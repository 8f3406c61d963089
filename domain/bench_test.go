package domain_test

import (
	"context"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// BenchmarkAuthenticate is the cost every API request pays to resolve its
// bearer token (a hash lookup and a user read) on embedded SQLite.
func BenchmarkAuthenticate(b *testing.B) {
	db := storetest.SQLite(b)
	users := newUsers(db, &clock{storetest.Now})
	ctx := context.Background()
	if _, err := users.CreateUser(ctx, domain.SystemActor(), domain.CreateUser{Username: "bench",
		Role: domain.RoleLead, Email: "b@example.cn", Password: "benchmark password"}); err != nil {
		b.Fatal(err)
	}
	tok, _, err := users.Login(ctx, "bench", "benchmark password", "::1")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := users.Authenticate(ctx, tok); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListOrganizations is one page of 50 organisations on SQLite.
func BenchmarkListOrganizations(b *testing.B) {
	db := storetest.SQLite(b)
	cat := &domain.CatalogService{Store: db.Store, Now: (&clock{storetest.Now}).Now}
	ctx := context.Background()
	for b.Loop() {
		if _, err := cat.Organizations(ctx, domain.SystemActor(), domain.OrgFilter{}, domain.Page{Limit: 50}); err != nil {
			b.Fatal(err)
		}
	}
}
