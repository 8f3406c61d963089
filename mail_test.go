package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/url"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"xietong/config"
	"xietong/domain"
	"xietong/domain/store"
	"xietong/domain/store/storetest"
	"xietong/notifications"
	"xietong/notifications/i18n"
)

// memIMAP is go-imap's in-memory server on 127.0.0.1, without TLS.
type memIMAP struct {
	addr string
	user *imapmemserver.User
}

func newMemIMAP(t *testing.T) *memIMAP {
	t.Helper()
	mem := imapmemserver.New()
	user := imapmemserver.NewUser("huifu", "imap-pw")
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(user)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		Logger:       log.New(io.Discard, "", 0),
		InsecureAuth: true,
	})
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(ln) // returns when the listener closes
	}()
	t.Cleanup(func() {
		_ = ln.Close() // closing a test server: errors mean nothing
		<-served
		_ = srv.Close()
	})
	return &memIMAP{addr: ln.Addr().String(), user: user}
}

func (s *memIMAP) url() *url.URL {
	return &url.URL{Scheme: "imap", User: url.UserPassword("huifu", "imap-pw"), Host: s.addr, Path: "/INBOX",
		RawQuery: "tls=none"}
}

func (s *memIMAP) deliver(t *testing.T, raw []byte) {
	t.Helper()
	if _, err := s.user.Append("INBOX", bytes.NewReader(raw), &imap.AppendOptions{}); err != nil {
		t.Fatal(err)
	}
}

// count is how many messages a mailbox holds; -1 when it does not exist.
func (s *memIMAP) count(t *testing.T, mailbox string) int {
	t.Helper()
	c, err := imapclient.DialInsecure(s.addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login("huifu", "imap-pw").Wait(); err != nil {
		t.Fatal(err)
	}
	sel, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return -1
	}
	return int(sel.NumMessages)
}

func replyMail(subject, id string) []byte {
	return fmt.Appendf(nil, "From: gaj@example.gov.cn\r\nTo: reply@xt.example.gov.cn\r\n"+
		"Subject: %s\r\nMessage-ID: <%s@example.gov.cn>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n接收\r\n",
		subject, id)
}

// testPoller is the poller serve would build, over st and mailbox s.
func testPoller(t *testing.T, st *store.Store, s *memIMAP, logs io.Writer) *notifications.Poller {
	t.Helper()
	cfg, err := config.Load(sqliteEnv(t).get)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Mail.IMAPURL = s.url()
	now := func() time.Time { return storetest.Now }
	a := services(cfg, st, clock{now: now, sleep: sleep})
	replies := &domain.ReplyService{Store: st, Tasks: a.tasks, Attachments: a.attachments, Now: now,
		Words: cat.Localizer(i18n.LangZH).T}
	log := slog.New(slog.NewTextHandler(logs, nil))
	in := &notifications.Inbound{Replies: replies, ReplyAddress: "reply@xt.example.gov.cn", Log: log}
	return newPoller(cfg.Mail, in, st, now, log)
}

// poisonSQL makes the database refuse to receive a message whose subject
// says "poison": a failure of that message, not of the database.
var poisonSQL = map[string][]string{
	"sqlite": {`CREATE TRIGGER poison BEFORE INSERT ON inbound_messages
		WHEN NEW.status = 'received' AND NEW.subject LIKE '%poison%'
		BEGIN SELECT RAISE(ABORT, 'poisoned message'); END`},
	"postgres": {`CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
		IF NEW.status = 'received' AND NEW.subject LIKE '%poison%' THEN RAISE EXCEPTION 'poisoned message'; END IF;
		RETURN NEW; END $$`,
		`CREATE TRIGGER poison BEFORE INSERT ON inbound_messages FOR EACH ROW EXECUTE FUNCTION poison()`},
}

func TestPollerPermanentFailureGoesToFailed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		for _, q := range poisonSQL[db.Name] {
			if _, err := db.DB.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		s := newMemIMAP(t)
		s.deliver(t, replyMail("poison", "bad-1"))
		s.deliver(t, replyMail("Re: 任务", "good-2"))
		p := testPoller(t, db.Store, s, io.Discard)

		if n, err := p.PollOnce(ctx); err != nil || n != 2 {
			t.Fatalf("PollOnce = %d, %v; want 2, nil", n, err)
		}
		for _, c := range []struct {
			mailbox string
			want    int
		}{{"INBOX", 0}, {"Processed", 1}, {"Failed", 1}} {
			if got := s.count(t, c.mailbox); got != c.want {
				t.Errorf("%s holds %d messages, want %d", c.mailbox, got, c.want)
			}
		}
		var status, reason string
		err := db.DB.NewSelect().Table("inbound_messages").Column("status", "reason").
			Where("message_id = ?", "bad-1@example.gov.cn").Scan(ctx, &status, &reason)
		if err != nil || status != domain.ReplyDropped || reason != "failed" {
			t.Errorf("stored poisoned message = %q, %q, %v; want %q, %q", status, reason, err, domain.ReplyDropped, "failed")
		}
		// A second poll has nothing left to retry.
		if n, err := p.PollOnce(ctx); err != nil || n != 0 {
			t.Errorf("second PollOnce = %d, %v; want 0, nil", n, err)
		}
	})
}

func TestPollerRetriesWhenDatabaseAway(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		o := db.Options
		if db.Name == "sqlite" {
			o.SQLitePath = t.TempDir() // a directory: the file cannot be opened
		} else {
			o.DSN = "postgres://postgres@127.0.0.1:1/away?sslmode=disable&connect_timeout=2"
		}
		away, err := store.Open(o)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = away.Close() }) // nothing was opened
		s := newMemIMAP(t)
		s.deliver(t, replyMail("Re: 任务", "later-1"))
		logs := &syncBuffer{}
		p := testPoller(t, away, s, logs)

		if n, err := p.PollOnce(context.Background()); err != nil || n != 0 {
			t.Fatalf("PollOnce = %d, %v; want 0, nil", n, err)
		}
		if got := s.count(t, "INBOX"); got != 1 {
			t.Errorf("INBOX holds %d messages, want 1 (kept for the next poll)", got)
		}
		if got := s.count(t, "Failed"); got != 0 {
			t.Errorf("Failed holds %d messages, want 0", got)
		}
		if !bytes.Contains([]byte(logs.String()), []byte("imap message deferred")) {
			t.Errorf("log lacks the deferral:\n%s", logs.String())
		}
	})
}
