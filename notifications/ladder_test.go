package notifications_test

import (
	"context"
	"mime"
	netmail "net/mail"
	"strconv"
	"strings"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
	"xietong/notifications"
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
