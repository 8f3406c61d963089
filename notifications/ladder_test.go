package notifications_test

import (
	"context"
	"io"
	"log/slog"
	"mime"
	netmail "net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
	"xietong/notifications"
	"xietong/notifications/scheduler"
)

// The supervision ladder end to end: a sweep queues the steps, the relay
// sends them over SMTP, each to its audience, each once.
func TestLadderMailOverSMTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		srv := newMailServer(t)
		f := newFixture(t, db)
		users := &domain.UserService{Store: db.Store, Hasher: storetest.FastHasher, Now: func() time.Time { return f.now },
			MinPasswordLength: 10}
		_, err := users.CreateUser(ctx, domain.SystemActor(), domain.CreateUser{Username: "boss",
			Role: domain.RoleLeadership, Email: "boss@gov.example.cn", Password: "a long password"})
		if err != nil {
			t.Fatal(err)
		}
		id := f.assign(t, 1)[0] // Monday 2025-03-03, due Monday 03-10
		tr, err := notifications.NewSMTP(srv.URL(), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		r := f.relay(db.Store, tr)
		drain(t, r) // the two assignment messages
		cal := &domain.CalendarService{Store: db.Store, Now: func() time.Time { return f.now }}
		sup := &domain.SupervisionService{Store: db.Store, Calendar: cal, Location: storetest.Shanghai,
			Now: func() time.Time { return f.now }}
		// Down until Monday 03-24: urge+1, supervise+3 and listed+10 are due.
		f.now = time.Date(2025, 3, 24, 9, 0, 0, 0, storetest.Shanghai)
		for range 2 { // the second sweep, as a second replica's, adds nothing
			if _, err := sup.Sweep(ctx, f.now, false); err != nil {
				t.Fatal(err)
			}
		}
		drain(t, r)
		got := srv.messages()[2:]
		type seen struct{ subject, replyTo string }
		by := map[string][]seen{}
		for _, m := range got {
			msg, err := netmail.ReadMessage(strings.NewReader(string(m.Data)))
			if err != nil {
				t.Fatal(err)
			}
			subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
			by[m.To[0]] = append(by[m.To[0]], seen{subject, msg.Header.Get("Reply-To")})
		}
		if len(got) != 4 {
			t.Fatalf("delivered %d ladder messages, want 4: %v", len(got), by)
		}
		tag := "[督办#" + itoa(id) + "]"
		for _, addr := range []string{"police@dept.example.cn", "police2@dept.example.cn"} {
			s := by[addr]
			if len(s) != 1 || !strings.Contains(s[0].subject, tag) || !strings.Contains(s[0].subject, "【催办】") ||
				!strings.Contains(s[0].replyTo, "reply+t") {
				t.Errorf("%s: %+v, want one urging with a reply token", addr, s)
			}
		}
		if s := by["lead@dept.example.cn"]; len(s) != 1 || !strings.Contains(s[0].subject, "【督办】") || s[0].replyTo != "" {
			t.Errorf("assigning lead: %+v, want formal supervision without Reply-To", s)
		}
		if s := by["boss@gov.example.cn"]; len(s) != 1 || !strings.Contains(s[0].subject, "【挂牌督办】") || s[0].replyTo != "" {
			t.Errorf("leadership: %+v, want listed supervision without Reply-To", s)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Three replicas, each with its own scheduler and connection pool, fire
// every sweep slot of four weeks at once against a fake clock: every rung
// of every task is taken exactly once and mailed once per recipient.
func TestLadderExactlyOnceAcrossReplicas(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		if db.Name != "postgres" {
			t.Skip("replicas share PostgreSQL")
		}
		ctx := context.Background()
		f := newFixture(t, db)
		users := &domain.UserService{Store: db.Store, Hasher: storetest.FastHasher, Now: func() time.Time { return f.now },
			MinPasswordLength: 10}
		if _, err := users.CreateUser(ctx, domain.SystemActor(), domain.CreateUser{Username: "boss",
			Role: domain.RoleLeadership, Email: "boss@gov.example.cn", Password: "a long password"}); err != nil {
			t.Fatal(err)
		}
		ids := f.assign(t, 10) // Monday 2025-03-03, due Monday 03-10
		var replicas []*scheduler.Scheduler
		for i := range 3 {
			st := db.Open(t)
			cal := &domain.CalendarService{Store: st, Now: time.Now}
			sup := &domain.SupervisionService{Store: st, Calendar: cal, Location: storetest.Shanghai, Now: time.Now,
				Batch: 3}
			replicas = append(replicas, &scheduler.Scheduler{Claims: st, Location: storetest.Shanghai,
				Owner: "replica-" + strconv.Itoa(i), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
				Now: time.Now, Jobs: []scheduler.Job{{Name: "supervision_sweep", Spec: "0 9,15 * * *",
					Run: func(ctx context.Context, slot time.Time) error {
						_, err := sup.Sweep(ctx, slot, false)
						return err
					}}}})
		}
		slots := 0
		for day := time.Date(2025, 3, 3, 0, 0, 0, 0, storetest.Shanghai); day.Month() == 3; day = day.AddDate(0, 0, 1) {
			for _, h := range []int{9, 15} {
				slot := day.Add(time.Duration(h) * time.Hour)
				var wg sync.WaitGroup
				ran := make([]bool, len(replicas))
				for i, r := range replicas {
					wg.Add(1)
					go func() {
						defer wg.Done()
						ok, err := r.Fire(ctx, "supervision_sweep", slot)
						if err != nil {
							t.Errorf("replica %d at %v: %v", i, slot, err)
						}
						ran[i] = ok
					}()
				}
				wg.Wait()
				if n := countTrue(ran); n != 1 {
					t.Fatalf("slot %v ran in %d replicas", slot, n)
				}
				slots++
			}
		}
		want := []string{"ladder_remind remind-3", "ladder_remind remind-1", "ladder_urge urge+1",
			"ladder_supervise supervise+3", "ladder_listed listed+10"}
		for _, id := range ids {
			evs, err := db.TaskEvents(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range evs {
				if strings.HasPrefix(e.Action, "ladder_") {
					got = append(got, e.Action+" "+e.Note)
				}
			}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("task %d after %d slots: %q", id, slots, got)
			}
		}
		// Per task: two reminders and the urging to police and police2,
		// supervision to the assigning lead, listing to leadership.
		msgs, err := db.Outbox(ctx, domain.OutboxFilter{}, domain.Page{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		ladder := 0
		for _, m := range msgs {
			if strings.HasPrefix(m.Kind, "ladder_") {
				ladder++
			}
		}
		if ladder != 8*len(ids) {
			t.Errorf("%d ladder messages, want %d", ladder, 8*len(ids))
		}
	})
}

func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}
