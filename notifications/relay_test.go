package notifications_test

import (
	"context"
	"io"
	"log/slog"
	"mime"
	netmail "net/mail"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store"
	"xietong/domain/store/storetest"
	"xietong/notifications"
	"xietong/notifications/i18n"
	"xietong/notifications/mail"
)

var testKey = []byte("test key of thirty-two bytes....")

// fixture queues mail by assigning tasks through the real services.
type fixture struct {
	db    *storetest.DB
	now   time.Time
	tasks *domain.TaskService
	lead  domain.Actor
	org   int64
}

func newFixture(t testing.TB, db *storetest.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: db, now: storetest.Now}
	clock := func() time.Time { return f.now }
	users := &domain.UserService{Store: db.Store, Hasher: storetest.FastHasher, Now: clock, MinPasswordLength: 10}
	mk := func(name string, role domain.Role, org string) domain.User {
		u, err := users.CreateUser(ctx, domain.SystemActor(), domain.CreateUser{Username: name, Role: role,
			OrgCode: org, Email: name + "@dept.example.cn", Password: "a long password"})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	f.lead = domain.ActorOf(mk("lead", domain.RoleLead, ""), domain.ChannelAPI, "")
	police := mk("police", domain.RoleDepartment, "xian-public_security")
	mk("police2", domain.RoleDepartment, "xian-public_security")
	f.org = police.OrgID
	cal := &domain.CalendarService{Store: db.Store, Now: clock}
	f.tasks = &domain.TaskService{Store: db.Store, Now: clock, Calendar: cal, Location: storetest.Shanghai}
	return f
}

// assign creates n tasks for the police, due in five working days; each
// queues two messages.
func (f *fixture) assign(t testing.TB, n int) []int64 {
	t.Helper()
	return f.assignDue(t, n, 5)
}

// assignDue creates n tasks for the police due in days working days.
func (f *fixture) assignDue(t testing.TB, n, days int) []int64 {
	t.Helper()
	var ids []int64
	for i := 0; i < n; i++ {
		d, err := f.tasks.Create(context.Background(), f.lead, domain.CreateTask{Title: "排查小区消防隐患",
			LeadOrgID: f.org, DueInWorkingDays: days})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	return ids
}

func (f *fixture) relay(st *store.Store, tr notifications.Transport) *notifications.Relay {
	base, _ := url.Parse("https://xietong.example.cn")
	cat, err := i18n.Load()
	if err != nil {
		panic(err) // the embedded templates parse: mail's own tests say why not
	}
	rd, err := mail.NewRenderer(cat)
	if err != nil {
		panic(err) // the embedded templates parse: mail's own tests say why not
	}
	return &notifications.Relay{Queue: st, Transport: tr, Renderer: rd, Now: func() time.Time { return f.now },
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), From: "xietong@example.cn", FromName: "协同督办平台",
		ReplyAddress: "reply@example.cn", BaseURL: base, Key: testKey, Batch: 10,
		Address: func(ctx context.Context, n int) (int, error) { return domain.AddressMail(ctx, st, n, false) }}
}

func (f *fixture) statuses(t *testing.T) map[domain.OutboxStatus]int {
	t.Helper()
	list, err := f.db.Outbox(context.Background(), domain.OutboxFilter{}, domain.Page{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	out := map[domain.OutboxStatus]int{}
	for _, m := range list {
		out[m.Status]++
	}
	return out
}

// drain runs the relay until a pass claims nothing.
func drain(t *testing.T, r *notifications.Relay) {
	t.Helper()
	for i := 0; i < 100; i++ {
		n, err := r.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
	t.Fatal("relay did not drain")
}

func TestRelayDeliversOverSMTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		srv := newMailServer(t)
		f := newFixture(t, db)
		f.assign(t, 3)
		tr, err := notifications.NewSMTP(srv.URL(), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		r := f.relay(db.Store, tr)
		drain(t, r)
		got := srv.messages()
		if len(got) != 6 {
			t.Fatalf("delivered %d, want 6 (3 tasks × 2 users)", len(got))
		}
		msg, err := netmail.ReadMessage(strings.NewReader(string(got[0].Data)))
		if err != nil {
			t.Fatal(err)
		}
		subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if !strings.Contains(subject, "督办#") {
			t.Errorf("subject %q has no task tag", subject)
		}
		replyTo := msg.Header.Get("Reply-To")
		if !strings.Contains(replyTo, "reply+t") || !strings.Contains(replyTo, "@example.cn") {
			t.Errorf("Reply-To %q carries no token", replyTo)
		}
		if msg.Header.Get("Auto-Submitted") != "auto-generated" {
			t.Errorf("Auto-Submitted = %q", msg.Header.Get("Auto-Submitted"))
		}
		if !strings.Contains(msg.Header.Get("References"), "<task-") {
			t.Errorf("References %q do not thread per task", msg.Header.Get("References"))
		}
		if st := f.statuses(t); st[domain.OutboxSent] != 6 {
			t.Errorf("outbox: %v, want 6 sent", st)
		}
		// Nothing is sent twice: a second pass finds nothing.
		drain(t, r)
		if n := len(srv.messages()); n != 6 {
			t.Errorf("after a second pass: %d messages, want 6", n)
		}
	})
}

func TestRelaySurvivesSMTPOutage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		srv := newMailServer(t)
		f := newFixture(t, db)
		f.assign(t, 2)
		tr, _ := notifications.NewSMTP(srv.URL(), 2*time.Second)
		r := f.relay(db.Store, tr)
		srv.stop()
		drain(t, r)
		if st := f.statuses(t); st[domain.OutboxQueued] != 4 {
			t.Fatalf("while down: %v, want 4 queued for retry", st)
		}
		srv.start()
		drain(t, r) // not due yet: backoff
		if n := len(srv.messages()); n != 0 {
			t.Fatalf("sent %d before the backoff ran out", n)
		}
		// The failed attempt recorded the Message-ID each message carried.
		list, err := f.db.Outbox(context.Background(), domain.OutboxFilter{}, domain.Page{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		tried := map[string]bool{}
		for _, m := range list {
			tried[m.MessageID] = m.MessageID != ""
		}
		f.now = f.now.Add(10 * time.Minute)
		drain(t, r)
		if n := len(srv.messages()); n != 4 {
			t.Fatalf("after the outage: %d delivered, want 4", n)
		}
		for _, m := range srv.messages() {
			msg, err := netmail.ReadMessage(strings.NewReader(string(m.Data)))
			if err != nil {
				t.Fatal(err)
			}
			if id := msg.Header.Get("Message-Id"); !tried[id] {
				t.Errorf("resent as %s, not with the Message-ID of its first attempt %v", id, tried)
			}
		}
		if st := f.statuses(t); st[domain.OutboxSent] != 4 {
			t.Errorf("outbox: %v", st)
		}
	})
}

func TestRelayPermanentRejection(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		srv := newMailServer(t)
		srv.refuse["police2@dept.example.cn"] = true
		f := newFixture(t, db)
		f.assign(t, 2)
		tr, _ := notifications.NewSMTP(srv.URL(), 2*time.Second)
		drain(t, f.relay(db.Store, tr))
		if st := f.statuses(t); st[domain.OutboxSent] != 2 || st[domain.OutboxFailed] != 2 {
			t.Fatalf("outbox: %v, want 2 sent and 2 failed", st)
		}
		failed, _ := db.Outbox(context.Background(), domain.OutboxFilter{Status: domain.OutboxFailed}, domain.Page{Limit: 10})
		if !strings.Contains(failed[0].LastError, "550") {
			t.Errorf("last error %q does not keep the server's answer", failed[0].LastError)
		}
	})
}

// TestRelayReplicasShareTheQueue: three relays on one PostgreSQL database
// drain the queue together, each message delivered exactly once.
func TestRelayReplicasShareTheQueue(t *testing.T) {
	db := storetest.Postgres(t)
	srv := newMailServer(t)
	f := newFixture(t, db)
	f.assign(t, 30)
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		st := db.Open(t)
		tr, _ := notifications.NewSMTP(srv.URL(), 5*time.Second)
		r := f.relay(st, tr)
		r.Batch = 4
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n, err := r.RunOnce(context.Background())
				if err != nil {
					t.Error(err)
					return
				}
				if n == 0 {
					return
				}
			}
		}()
	}
	wg.Wait()
	got := srv.messages()
	seen := map[string]int{}
	for _, m := range got {
		msg, err := netmail.ReadMessage(strings.NewReader(string(m.Data)))
		if err != nil {
			t.Fatal(err)
		}
		seen[msg.Header.Get("Message-Id")]++
	}
	if len(got) != 60 || len(seen) != 60 {
		t.Fatalf("delivered %d messages with %d distinct ids, want 60 and 60", len(got), len(seen))
	}
}

// TestKindsAgree: every kind the domain queues renders from its queued
// notice.
func TestKindsAgree(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	rd, err := mail.NewRenderer(cat)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range domain.MailKinds() {
		m := domain.OutboxMessage{Kind: k, Lang: "zh-CN", TaskID: 1, Payload: domain.Notice{TaskID: 1}.Encode()}
		if _, _, err := notifications.Content(rd, m, ""); err != nil {
			t.Errorf("domain kind %q: %v", k, err)
		}
	}
}

// TestRelayRun: Run delivers what is queued without being asked, returns
// nil once its context ends, and refuses at once a relay it cannot run.
func TestRelayRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		srv := newMailServer(t)
		f := newFixture(t, db)
		f.assign(t, 2)
		tr, err := notifications.NewSMTP(srv.URL(), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		r := f.relay(db.Store, tr)
		r.Interval = 10 * time.Millisecond
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- r.Run(ctx) }()
		waitFor(t, "the relay to deliver 4 messages", func() bool { return len(srv.messages()) == 4 })
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run after cancel: got %v, want nil", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not return after its context ended")
		}

		r.Transport = nil
		if err := r.Run(context.Background()); err == nil {
			t.Error("Run with no Transport: got nil, want an error at once")
		}
	})
}

// TestRelayBusyPace: while the server is busy, Run sends at BusyRate,
// pausing after a batch; once the server is idle it sends the rest without
// that pause.
func TestRelayBusyPace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		srv := newMailServer(t)
		f := newFixture(t, db)
		f.assign(t, 3) // six messages
		tr, err := notifications.NewSMTP(srv.URL(), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		r := f.relay(db.Store, tr)
		var busy atomic.Bool
		busy.Store(true)
		r.Batch, r.BusyRate, r.Interval = 2, 1, 10*time.Millisecond
		r.Busy = busy.Load
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		done := make(chan error, 1)
		go func() { done <- r.Run(ctx) }()
		// At one message a second a batch is one message (a tenth of a
		// second's worth, at least one), and a second passes before the next.
		waitFor(t, "the first batch", func() bool { return len(srv.messages()) >= 1 })
		time.Sleep(300 * time.Millisecond)
		if n := len(srv.messages()); n != 1 {
			t.Fatalf("busy: %d messages sent within 0.3 s, want the first batch of 1 only", n)
		}
		busy.Store(false)
		waitFor(t, "the rest once idle", func() bool { return len(srv.messages()) == 6 })
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
}
