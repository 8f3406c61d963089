package domain_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/catalog"
	"xietong/domain/store/storetest"
)

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

// newUsers builds the user service on clk, and makes clk the clock of db's
// transactions too, as main gives the store and the services one clock.
func newUsers(db *storetest.DB, clk *clock) *domain.UserService {
	db.SetClock(clk.Now)
	return &domain.UserService{Store: db.Store, Hasher: storetest.FastHasher, Now: clk.Now,
		Policy:     domain.LoginPolicy{MaxFailures: 3, Window: 15 * time.Minute, Lockout: 15 * time.Minute},
		SessionTTL: 12 * time.Hour, APITokenTTL: 24 * time.Hour, MinPasswordLength: 10}
}

func mustUser(t *testing.T, s *domain.UserService, c domain.CreateUser) domain.User {
	t.Helper()
	if c.Password == "" {
		c.Password = "correct horse battery"
	}
	if c.Email == "" {
		c.Email = c.Username + "@example.cn"
	}
	u, err := s.CreateUser(context.Background(), domain.SystemActor(), c)
	if err != nil {
		t.Fatalf("create user %s: %v", c.Username, err)
	}
	return u
}

func wantKind(t *testing.T, err, kind error) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("got error %v, want kind %v", err, kind)
	}
}

// allOrganizations pages through every organisation.
func allOrganizations(t *testing.T, cat *domain.CatalogService) []domain.Organization {
	t.Helper()
	var out []domain.Organization
	page := domain.Page{Limit: domain.MaxPageSize}
	for {
		l, err := cat.Organizations(context.Background(), domain.SystemActor(), domain.OrgFilter{}, page)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, l.Items...)
		if l.Next == nil {
			return out
		}
		page.After = *l.Next
	}
}

func TestSeedReferenceIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		cat := &domain.CatalogService{Store: db.Store, Now: func() time.Time { return storetest.Now }}
		admin := domain.SystemActor()
		all := allOrganizations(t, cat)
		if got, want := len(all), len(catalog.Orgs()); got != want || got < 312 {
			t.Fatalf("organisations: got %d, want %d (≥312)", got, want)
		}
		types := map[string]bool{}
		byCode := map[string]domain.Organization{}
		for _, o := range all {
			types[o.Type] = true
			byCode[o.Code] = o
		}
		if len(types) != 26 {
			t.Errorf("types covered: got %d, want 26", len(types))
		}
		// An admin renames a pilot city's, another city's and a county's
		// organisation; seeding again must keep the edits and add nothing.
		edited := map[int64]string{}
		for i, code := range []string{"xian-organization", "yulin-charity", "mianxian-culture"} {
			o, ok := byCode[code]
			if !ok {
				t.Fatalf("%s not seeded", code)
			}
			name := fmt.Sprintf("改过的名字%d", i)
			if _, err := cat.UpdateOrganization(ctx, admin, o.ID, domain.SaveOrganization{Name: &name}); err != nil {
				t.Fatal(err)
			}
			edited[o.ID] = name
		}
		r, err := domain.SeedReference(ctx, db.Store, storetest.Now)
		if err != nil {
			t.Fatal(err)
		}
		if r != (domain.SeedReport{}) {
			t.Errorf("re-seed added %+v, want nothing", r)
		}
		for id, name := range edited {
			got, err := cat.Organization(ctx, admin, id)
			if err != nil || got.Name != name {
				t.Errorf("after re-seed: name %q (%v), want %q", got.Name, err, name)
			}
		}
		if got := len(allOrganizations(t, cat)); got != len(all) {
			t.Errorf("after re-seed: %d organisations, want %d", got, len(all))
		}
		shiquan := byCode["shiquan-housing"]
		if shiquan.Region != "shiquan" || shiquan.Level != "county" || shiquan.Name != "石泉县住房和城乡建设局" {
			t.Errorf("shiquan-housing: got %+v", shiquan)
		}
		cs, err := cat.Communities(ctx, admin, domain.CommunityFilter{}, domain.Page{Limit: 50})
		if err != nil || len(cs.Items) != 5 {
			t.Errorf("communities: got %d (%v), want 5", len(cs.Items), err)
		}
		years, err := db.CalendarYears(ctx)
		if err != nil || len(years) < 3 {
			t.Fatalf("calendar years: got %d (%v), want ≥3", len(years), err)
		}
		if len(years[0].Days) == 0 || years[0].Source == "" {
			t.Errorf("calendar %d: %d days, source %q; want days and a source", years[0].Year, len(years[0].Days), years[0].Source)
		}
	})
}

func TestCreateUserValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		users := newUsers(db, &clock{storetest.Now})
		mustUser(t, users, domain.CreateUser{Username: "taken", Role: domain.RoleLead})
		tests := []struct {
			name string
			cmd  domain.CreateUser
			kind error
			key  string
		}{
			{"bad role", domain.CreateUser{Username: "u1", Role: "boss"}, domain.ErrInvalid, "user.role_invalid"},
			{"department without org", domain.CreateUser{Username: "u2", Role: domain.RoleDepartment}, domain.ErrInvalid, "user.org_required"},
			{"lead with org", domain.CreateUser{Username: "u3", Role: domain.RoleLead, OrgCode: "xian-health"}, domain.ErrInvalid, "user.org_not_allowed"},
			{"unknown org", domain.CreateUser{Username: "u4", Role: domain.RoleDepartment, OrgCode: "nowhere"}, domain.ErrInvalid, "user.org_unknown"},
			{"unknown community", domain.CreateUser{Username: "u5", Role: domain.RoleCommunity, CommunityCode: "nowhere"}, domain.ErrInvalid, "user.community_unknown"},
			{"short password", domain.CreateUser{Username: "u6", Role: domain.RoleLead, Password: "short"}, domain.ErrInvalid, "user.password_too_short"},
			{"bad email", domain.CreateUser{Username: "u7", Role: domain.RoleLead, Email: "not an email"}, domain.ErrInvalid, "user.email_invalid"},
			{"bad username", domain.CreateUser{Username: "有空格 的", Role: domain.RoleLead}, domain.ErrInvalid, "user.username_invalid"},
			{"duplicate, any case", domain.CreateUser{Username: "TAKEN", Role: domain.RoleLead}, domain.ErrConflict, "user.username_taken"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c := tt.cmd
				if c.Password == "" {
					c.Password = "long enough password"
				}
				if c.Email == "" {
					c.Email = "x@example.cn"
				}
				_, err := users.CreateUser(context.Background(), domain.SystemActor(), c)
				wantKind(t, err, tt.kind)
				if got := domain.ErrorKey(err); got != tt.key {
					t.Errorf("key: got %q, want %q", got, tt.key)
				}
			})
		}
		u := mustUser(t, users, domain.CreateUser{Username: "police", Role: domain.RoleDepartment, OrgCode: "xian-public_security"})
		if u.OrgID == 0 {
			t.Error("department user has no organisation")
		}
		_, err := users.CreateUser(context.Background(), domain.Actor{Role: domain.RoleLead, UserID: 9},
			domain.CreateUser{Username: "sneaky", Role: domain.RoleAdmin, Email: "a@b.cn", Password: "long enough password"})
		wantKind(t, err, domain.ErrForbidden)
	})
}

func TestLoginAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		clk := &clock{storetest.Now}
		users := newUsers(db, clk)
		u := mustUser(t, users, domain.CreateUser{Username: "lead1", Role: domain.RoleLead})

		tok, exp, err := users.Login(ctx, "Lead1", "correct horse battery", "10.0.0.1")
		if err != nil {
			t.Fatalf("login: %v", err)
		}
		if want := clk.Now().Add(12 * time.Hour); !exp.Equal(want) {
			t.Errorf("expiry: got %v, want %v", exp, want)
		}
		got, _, err := users.Authenticate(ctx, tok)
		if err != nil || got.ID != u.ID {
			t.Fatalf("authenticate: got user %d (%v), want %d", got.ID, err, u.ID)
		}
		stored, err := db.TokenByHash(ctx, domain.HashToken(tok))
		if err != nil || stored.Hash == tok {
			t.Fatalf("token must be stored hashed (err %v)", err)
		}

		clk.Advance(13 * time.Hour)
		_, _, err = users.Authenticate(ctx, tok)
		wantKind(t, err, domain.ErrUnauthenticated)

		secret, _, err := users.CreateToken(ctx, domain.SystemActor(), "lead1", "cli", 0)
		if err != nil {
			t.Fatal(err)
		}
		_, apiTok, err := users.Authenticate(ctx, secret)
		if err != nil {
			t.Fatal(err)
		}
		if err := users.Logout(ctx, domain.ActorOf(u, domain.ChannelAPI, ""), apiTok.ID); err != nil {
			t.Fatal(err)
		}
		_, _, err = users.Authenticate(ctx, secret)
		wantKind(t, err, domain.ErrUnauthenticated)

		_, _, err = users.Authenticate(ctx, "xt_garbage")
		wantKind(t, err, domain.ErrUnauthenticated)
	})
}

func TestLoginLockout(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		clk := &clock{storetest.Now}
		users := newUsers(db, clk)
		mustUser(t, users, domain.CreateUser{Username: "lead1", Role: domain.RoleLead})
		for i := 0; i < 2; i++ {
			_, _, err := users.Login(ctx, "lead1", "wrong password!", "10.0.0.1")
			wantKind(t, err, domain.ErrUnauthenticated)
		}
		_, _, err := users.Login(ctx, "lead1", "wrong password!", "10.0.0.1")
		wantKind(t, err, domain.ErrRateLimited)
		// Locked: even the right password is refused, from any address.
		_, _, err = users.Login(ctx, "lead1", "correct horse battery", "10.0.0.2")
		wantKind(t, err, domain.ErrRateLimited)
		var de *domain.Error
		if !errors.As(err, &de) || de.RetryAfter <= 0 {
			t.Errorf("lockout must say when to retry, got %+v", de)
		}
		clk.Advance(16 * time.Minute)
		if _, _, err := users.Login(ctx, "lead1", "correct horse battery", "10.0.0.2"); err != nil {
			t.Fatalf("after the lockout: %v", err)
		}
		// Per address: many usernames from one address lock the address.
		for i := 0; i < 3*domain.IPFactor-1; i++ {
			_, _, err := users.Login(ctx, "nobody"+string(rune('a'+i)), "whatever password", "10.9.9.9")
			wantKind(t, err, domain.ErrUnauthenticated)
		}
		_, _, err = users.Login(ctx, "nobody-last", "whatever password", "10.9.9.9")
		wantKind(t, err, domain.ErrRateLimited)
		_, _, err = users.Login(ctx, "lead1", "correct horse battery", "10.9.9.9")
		wantKind(t, err, domain.ErrRateLimited)
		// Unknown users and wrong passwords leave an audit trail.
		list, err := (&domain.AuditService{Store: db.Store}).Entries(ctx, domain.SystemActor(),
			domain.AuditFilter{Action: "auth.login_failed"}, domain.Page{Limit: 100})
		if err != nil || len(list.Items) < 3 {
			t.Errorf("audit of failures: got %d (%v), want ≥3", len(list.Items), err)
		}
	})
}

func TestUpdateUserRevokesTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		users := newUsers(db, &clock{storetest.Now})
		u := mustUser(t, users, domain.CreateUser{Username: "dept", Role: domain.RoleDepartment, OrgCode: "baoji-health"})
		tok, _, err := users.Login(ctx, "dept", "correct horse battery", "::1")
		if err != nil {
			t.Fatal(err)
		}
		off := false
		self := domain.ActorOf(u, domain.ChannelAPI, "")
		_, err = users.UpdateUser(ctx, self, u.ID, domain.UpdateUser{Active: &off})
		wantKind(t, err, domain.ErrInvalid)
		if _, err := users.UpdateUser(ctx, domain.SystemActor(), u.ID, domain.UpdateUser{Active: &off}); err != nil {
			t.Fatal(err)
		}
		_, _, err = users.Authenticate(ctx, tok)
		wantKind(t, err, domain.ErrUnauthenticated)
		_, err = users.UpdateUser(ctx, domain.Actor{Role: domain.RoleLead, UserID: 999}, u.ID, domain.UpdateUser{Active: &off})
		wantKind(t, err, domain.ErrForbidden)
	})
}

func TestEnsureAdmin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		users := newUsers(db, &clock{storetest.Now})
		pw, err := users.EnsureAdmin(ctx, "")
		if err != nil || len(pw) < 16 {
			t.Fatalf("first start: password %q (%v), want a generated one", pw, err)
		}
		if _, _, err := users.Login(ctx, "admin", pw, "::1"); err != nil {
			t.Fatalf("admin login: %v", err)
		}
		again, err := users.EnsureAdmin(ctx, "")
		if err != nil || again != "" {
			t.Errorf("second start: got %q (%v), want nothing created", again, err)
		}
	})
}

// TestEnsureAdminAfterCLIUsers: users added with the CLI before the first
// start do not stop the admin from being created.
func TestEnsureAdminAfterCLIUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		users := newUsers(db, &clock{storetest.Now})
		if _, err := users.CreateUser(ctx, domain.SystemActor(), domain.CreateUser{Username: "lead1",
			DisplayName: "Lead", Email: "lead1@example.gov.cn", Role: domain.RoleLead, Password: "a-long-password-1"}); err != nil {
			t.Fatal(err)
		}
		pw, err := users.EnsureAdmin(ctx, "")
		if err != nil || pw == "" {
			t.Fatalf("first start after the CLI: %q %v, want the admin created", pw, err)
		}
		if _, _, err := users.Login(ctx, "admin", pw, "::1"); err != nil {
			t.Errorf("admin login: %v", err)
		}
	})
}

func TestCalendarService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		clk := &clock{storetest.Now}
		db.SetClock(clk.Now)
		svc := &domain.CalendarService{Store: db.Store, Now: clk.Now}
		cal, err := svc.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// 2025-01-24 is the Friday before the Spring Festival make-up Sunday.
		if got, _ := cal.AddWorkingDays(calendar.NewDate(2025, 1, 24), 1); got != calendar.NewDate(2025, 1, 26) {
			t.Errorf("Friday + 1 working day: got %v, want 2025-01-26", got)
		}
		// An admin adds 2030 with one extra holiday on a Tuesday.
		y := calendar.Year{Year: 2030, Source: "测试通知", Days: []calendar.Day{
			{Date: calendar.NewDate(2030, 1, 1), Kind: calendar.Holiday, Name: "元旦", NameEn: "New Year's Day"},
		}}
		err = svc.PutYear(ctx, domain.Actor{Role: domain.RoleLead, UserID: 5}, y)
		wantKind(t, err, domain.ErrForbidden)
		if err := svc.PutYear(ctx, domain.SystemActor(), y); err != nil {
			t.Fatal(err)
		}
		cal, err = svc.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !cal.Loaded(2030) || cal.IsWorkingDay(calendar.NewDate(2030, 1, 1)) {
			t.Error("2030-01-01 should be a loaded holiday after PutYear")
		}
		bad := calendar.Year{Year: 2031, Days: []calendar.Day{{Date: calendar.NewDate(2031, 1, 6), Kind: calendar.Workday}}}
		wantKind(t, svc.PutYear(ctx, domain.SystemActor(), bad), domain.ErrInvalid) // a Monday cannot be a make-up workday
		got, err := svc.Year(ctx, domain.SystemActor(), 2030)
		if err != nil || len(got.Days) != 1 || got.Source != "测试通知" {
			t.Errorf("year 2030: got %+v (%v)", got, err)
		}
		_, err = svc.Year(ctx, domain.SystemActor(), 2099)
		wantKind(t, err, domain.ErrNotFound)
	})
}

// gatedYears is the real calendar store whose reads wait at a gate while
// one is set, to hold a refresh of the calendar in the middle.
type gatedYears struct {
	domain.CalendarStore
	mu    sync.Mutex
	gate  chan struct{}
	reads atomic.Int32
}

func (g *gatedYears) CalendarYears(ctx context.Context) ([]calendar.Year, error) {
	g.reads.Add(1)
	g.mu.Lock()
	gate := g.gate
	g.mu.Unlock()
	if gate != nil {
		<-gate
	}
	return g.CalendarStore.CalendarYears(ctx)
}

// TestCalendarRefreshBlocksNoOne: while one caller reads a stale
// calendar's successor, the others are answered with the stale one at once
// (a reader that held the lock deadlocked a busy server's pool); the read,
// once done, is kept, and PutYear's clear is not undone by a read begun
// before it.
func TestCalendarRefreshBlocksNoOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		clk := &clock{storetest.Now}
		g := &gatedYears{CalendarStore: db.Store}
		svc := &domain.CalendarService{Store: g, Now: clk.Now, TTL: time.Minute}
		first, err := svc.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		clk.t = clk.t.Add(2 * time.Minute) // stale
		gate := make(chan struct{})
		g.mu.Lock()
		g.gate = gate
		g.mu.Unlock()
		refreshed := make(chan *calendar.Calendar)
		go func() {
			c, err := svc.Calendar(ctx)
			if err != nil {
				t.Error(err)
			}
			refreshed <- c
		}()
		for g.reads.Load() < 2 {
			time.Sleep(time.Millisecond)
		}
		answered := make(chan *calendar.Calendar)
		go func() {
			c, _ := svc.Calendar(ctx)
			answered <- c
		}()
		select {
		case c := <-answered:
			if c != first {
				t.Error("a caller during the refresh did not get the stale calendar")
			}
		case <-time.After(10 * time.Second):
			t.Fatal("a caller waited for another's refresh")
		}
		close(gate)
		second := <-refreshed
		if second == first {
			t.Error("the refresh returned the stale calendar")
		}
		if c, _ := svc.Calendar(ctx); c != second || g.reads.Load() != 2 {
			t.Errorf("after the refresh: same calendar %v, %d reads (want 2)", c == second, g.reads.Load())
		}
		g.mu.Lock()
		g.gate = nil
		g.mu.Unlock()

		// A read that began before PutYear's clear is not kept.
		clk.t = clk.t.Add(2 * time.Minute)
		gate = make(chan struct{})
		g.mu.Lock()
		g.gate = gate
		g.mu.Unlock()
		go func() {
			c, _ := svc.Calendar(ctx)
			refreshed <- c
		}()
		for g.reads.Load() < 3 {
			time.Sleep(time.Millisecond)
		}
		y := calendar.Year{Year: 2031, Source: "测试", Days: []calendar.Day{
			{Date: calendar.NewDate(2031, 1, 1), Kind: calendar.Holiday, Name: "元旦", NameEn: "New Year's Day"}}}
		g.mu.Lock()
		g.gate = nil
		g.mu.Unlock()
		if err := svc.PutYear(ctx, domain.SystemActor(), y); err != nil {
			t.Fatal(err)
		}
		close(gate)
		<-refreshed
		c, err := svc.Calendar(ctx)
		if err != nil || !c.Loaded(2031) {
			t.Errorf("after PutYear: 2031 loaded %v (%v): the older read was kept", err == nil && c.Loaded(2031), err)
		}
	})
}

func TestLoginRejectsImpossibleUsernames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		users := newUsers(db, &clock{storetest.Now})
		for _, name := range []string{"ad\x00min", "", "a b", string(make([]byte, 300))} {
			_, _, err := users.Login(context.Background(), name, "some password here", "::1")
			wantKind(t, err, domain.ErrUnauthenticated)
		}
	})
}

// TestAuthCache: with AuthCacheTTL a token is answered from memory for that
// long, but never past its expiry; a change made through the service is
// seen at once, and one made elsewhere (another replica, here the store
// directly) once the entry's time is up.
func TestAuthCache(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		clk := &clock{storetest.Now}
		users := newUsers(db, clk)
		users.AuthCacheTTL = 2 * time.Second
		u := mustUser(t, users, domain.CreateUser{Username: "lead1", Role: domain.RoleLead})
		auth := func(secret string) error { _, _, err := users.Authenticate(ctx, secret); return err }

		// Revoked elsewhere: still answered for the entry's two seconds.
		secret, _, err := users.CreateToken(ctx, domain.SystemActor(), "lead1", "cli", 0)
		if err != nil {
			t.Fatal(err)
		}
		_, tok, err := users.Authenticate(ctx, secret)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.InTx(ctx, func(tx domain.Tx) error { return tx.RevokeToken(ctx, u.ID, tok.ID, clk.Now()) }); err != nil {
			t.Fatal(err)
		}
		if err := auth(secret); err != nil {
			t.Errorf("within the cache's time: %v", err)
		}
		clk.Advance(2 * time.Second)
		wantKind(t, auth(secret), domain.ErrUnauthenticated)

		// Never past the token's expiry: a session read a second before it
		// ends is refused a second after, though its entry is still fresh.
		session, exp, err := users.Login(ctx, "lead1", "correct horse battery", "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		clk.Advance(exp.Sub(clk.Now()) - time.Second)
		if err := auth(session); err != nil {
			t.Fatal(err)
		}
		clk.Advance(1500 * time.Millisecond)
		wantKind(t, auth(session), domain.ErrUnauthenticated)

		// Through the service: a logout, and a user deactivated, count at once.
		a, _, err := users.CreateToken(ctx, domain.SystemActor(), "lead1", "a", 0)
		if err != nil {
			t.Fatal(err)
		}
		_, atok, err := users.Authenticate(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		if err := users.Logout(ctx, domain.ActorOf(u, domain.ChannelAPI, ""), atok.ID); err != nil {
			t.Fatal(err)
		}
		wantKind(t, auth(a), domain.ErrUnauthenticated)
		b, _, err := users.CreateToken(ctx, domain.SystemActor(), "lead1", "b", 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := auth(b); err != nil {
			t.Fatal(err)
		}
		off := false
		if _, err := users.UpdateUser(ctx, domain.SystemActor(), u.ID, domain.UpdateUser{Active: &off}); err != nil {
			t.Fatal(err)
		}
		wantKind(t, auth(b), domain.ErrUnauthenticated)
	})
}
