package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
	"github.com/uptrace/bun"

	"xietong/domain"
	"xietong/domain/store"
	"xietong/domain/store/storetest"
)

// queue puts n messages in the outbox, due at now, oldest first.
func queue(t *testing.T, s *store.Store, n int, now time.Time) {
	t.Helper()
	var ms []domain.OutboxMessage
	for i := range n {
		ms = append(ms, domain.OutboxMessage{DedupeKey: fmt.Sprintf("test:%d", i), Kind: domain.MailTaskAssigned,
			Lang: "zh-CN", To: fmt.Sprintf("u%d@dept.example.cn", i), Payload: []byte(`{}`),
			Status: domain.OutboxQueued, NextAttemptAt: now.Add(time.Duration(i) * time.Second), CreatedAt: now})
	}
	if err := s.EnqueueMails(context.Background(), ms); err != nil {
		t.Fatal(err)
	}
}

// queueClaimed queues n messages due at due and claims them all at now.
func queueClaimed(t *testing.T, db *storetest.DB, n int, due, now time.Time) []domain.OutboxMessage {
	t.Helper()
	queue(t, db.Store, n, due)
	claimed, err := db.ClaimMail(context.Background(), now, time.Minute, n)
	if err != nil || len(claimed) != n {
		t.Fatalf("claimed %d of %d: %v", len(claimed), n, err)
	}
	return claimed
}

// TestRelayBatchStatements: a batch's claim and outcomes each take one
// statement; every outcome lands on its own message.
func TestRelayBatchStatements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		now := storetest.Now
		queue(t, db.Store, 5, now.Add(-time.Minute))

		claimed, err := db.ClaimMail(ctx, now, time.Minute, 4)
		if err != nil {
			t.Fatal(err)
		}
		if len(claimed) != 4 {
			t.Fatalf("claimed %d, want 4", len(claimed))
		}
		for i, m := range claimed {
			if m.Status != domain.OutboxSending || m.Attempts != 1 || !m.LeaseUntil.Equal(now.Add(time.Minute).UTC()) {
				t.Errorf("claimed %d: %+v", i, m)
			}
			if i > 0 && !claimed[i-1].NextAttemptAt.Before(m.NextAttemptAt) {
				t.Errorf("claim order: %v then %v", claimed[i-1].NextAttemptAt, m.NextAttemptAt)
			}
		}
		// A second relay gets only what is left.
		rest, err := db.ClaimMail(ctx, now, time.Minute, 4)
		if err != nil || len(rest) != 1 {
			t.Fatalf("second claim: %d, %v", len(rest), err)
		}

		next := now.Add(time.Hour)
		raw := []byte("Subject: =?UTF-8?B?5Lu75Yqh?=\r\n\r\n\x00\xff binary-safe\r\n")
		err = db.RecordMail(ctx, []domain.MailOutcome{
			{ID: claimed[0].ID, Status: domain.OutboxSent, Raw: raw, At: now, MessageID: "<first@x>"},
			{ID: claimed[1].ID, Status: domain.OutboxQueued, Next: next, LastError: "421 busy", MessageID: "<b@x>"},
			{ID: claimed[2].ID, Status: domain.OutboxFailed, LastError: "550 no such user"},
			{ID: claimed[3].ID, Status: domain.OutboxSent, Raw: []byte("x"), At: now.Add(time.Second)},
		})
		if err != nil {
			t.Fatal(err)
		}
		check := func(id int64, status domain.OutboxStatus, want func(m domain.OutboxMessage) bool) {
			t.Helper()
			m, err := db.OutboxMessage(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if m.Status != status || !m.LeaseUntil.IsZero() || !want(m) {
				t.Errorf("message %d: %+v", id, m)
			}
		}
		check(claimed[0].ID, domain.OutboxSent, func(m domain.OutboxMessage) bool {
			return string(m.Raw) == string(raw) && m.SentAt.Equal(now.UTC()) && m.LastError == "" && m.MessageID == "<first@x>"
		})
		check(claimed[1].ID, domain.OutboxQueued, func(m domain.OutboxMessage) bool {
			return m.NextAttemptAt.Equal(next.UTC()) && m.LastError == "421 busy" && m.SentAt.IsZero() && m.Raw == nil &&
				m.MessageID == "<b@x>"
		})
		check(claimed[2].ID, domain.OutboxFailed, func(m domain.OutboxMessage) bool {
			return m.LastError == "550 no such user" && m.SentAt.IsZero()
		})
		check(claimed[3].ID, domain.OutboxSent, func(m domain.OutboxMessage) bool {
			return string(m.Raw) == "x" && m.SentAt.Equal(now.Add(time.Second).UTC())
		})
		// The untouched claim is still leased; the retried one is due later.
		if again, err := db.ClaimMail(ctx, now, time.Minute, 10); err != nil || len(again) != 0 {
			t.Errorf("claimed again before anything was due: %d (%v)", len(again), err)
		}
		// At the retry time both the retry and the expired lease are due; a
		// claim of one takes the one that fell due first, the expired lease.
		one, err := db.ClaimMail(ctx, next, time.Minute, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(one) != 1 || one[0].ID != rest[0].ID || one[0].Attempts != 2 {
			t.Fatalf("at the retry time, a claim of one: %+v, want the expired lease %d", one, rest[0].ID)
		}
		again, err := db.ClaimMail(ctx, next, time.Minute, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != 1 || again[0].ID != claimed[1].ID {
			t.Fatalf("at the retry time: claimed %+v, want the retry %d", again, claimed[1].ID)
		}
		// A Message-ID once stored stays: a later outcome does not replace it.
		err = db.RecordMail(ctx, []domain.MailOutcome{{ID: claimed[1].ID, Status: domain.OutboxSent, Raw: []byte("y"),
			At: next, MessageID: "<other@x>"}})
		if err != nil {
			t.Fatal(err)
		}
		check(claimed[1].ID, domain.OutboxSent, func(m domain.OutboxMessage) bool { return m.MessageID == "<b@x>" })
	})
}

// TestClaimMailRacing: relays claiming at once never share a message.
func TestClaimMailRacing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		now := storetest.Now
		queue(t, db.Store, 200, now.Add(-time.Hour))
		replicas := []*store.Store{db.Store, db.Open(t), db.Open(t)}
		if db.Name == "sqlite" {
			replicas = replicas[:1] // one process owns an SQLite file
		}
		var mu sync.Mutex
		seen := map[int64]int{}
		var wg sync.WaitGroup
		for _, s := range replicas {
			for range 3 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						got, err := s.ClaimMail(context.Background(), now, time.Minute, 7)
						if err != nil {
							t.Error(err)
							return
						}
						if len(got) == 0 {
							return
						}
						mu.Lock()
						for _, m := range got {
							seen[m.ID]++
						}
						mu.Unlock()
					}
				}()
			}
		}
		wg.Wait()
		if len(seen) != 200 {
			t.Errorf("claimed %d distinct messages, want 200", len(seen))
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("message %d claimed %d times", id, n)
			}
		}
	})
}

// TestRecordMailFencedByClaim: once a lease ran out and another relay
// reclaimed the messages, the first relay can neither renew its lease nor
// record outcomes; the current holder can do both.
func TestRecordMailFencedByClaim(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		now := storetest.Now
		first := queueClaimed(t, db, 2, now.Add(-time.Minute), now)
		if n, err := db.RenewMail(ctx, first[0].Claim, now.Add(90*time.Second)); err != nil || n != 2 {
			t.Fatalf("renewal by the holder: got %d, %v, want 2", n, err)
		}
		later := now.Add(2 * time.Minute)
		second, err := db.ClaimMail(ctx, later, time.Minute, 10)
		if err != nil || len(second) != 2 {
			t.Fatalf("reclaim after the lease: %d, %v", len(second), err)
		}
		if second[0].Claim == first[0].Claim || second[0].Claim == "" {
			t.Fatalf("claims %q and %q: want two distinct tokens", first[0].Claim, second[0].Claim)
		}
		if n, err := db.RenewMail(ctx, first[0].Claim, later.Add(time.Minute)); err != nil || n != 0 {
			t.Errorf("renewal by the old holder: got %d, %v, want 0", n, err)
		}
		stale := []domain.MailOutcome{{ID: first[0].ID, Claim: first[0].Claim, Status: domain.OutboxSent, Raw: []byte("x"), At: later},
			{ID: first[1].ID, Claim: first[1].Claim, Status: domain.OutboxFailed, LastError: "550"}}
		if err := db.RecordMail(ctx, stale); err != nil {
			t.Fatal(err)
		}
		for _, m := range first {
			got, err := db.OutboxMessage(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != domain.OutboxSending || len(got.Raw) != 0 {
				t.Errorf("message %d after the old holder's record: %s, want still sending for the new holder", m.ID, got.Status)
			}
		}
		fresh := []domain.MailOutcome{{ID: second[0].ID, Claim: second[0].Claim, Status: domain.OutboxSent, Raw: []byte("y"), At: later}}
		if err := db.RecordMail(ctx, fresh); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.OutboxMessage(ctx, second[0].ID); got.Status != domain.OutboxSent {
			t.Errorf("the holder's record: got %s, want sent", got.Status)
		}
	})
}

// TestForgetSentMail: the text of mail sent before the cut-off goes, in
// batches; newer mail, unsent mail and every row's record stay.
func TestForgetSentMail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		now := storetest.Now
		claimed := queueClaimed(t, db, 6, now.Add(-time.Hour), now)
		old, recent := now.Add(-200*24*time.Hour), now.Add(-time.Hour)
		var outcomes []domain.MailOutcome
		for i, m := range claimed[:5] {
			at := old
			if i == 4 {
				at = recent
			}
			outcomes = append(outcomes, domain.MailOutcome{ID: m.ID, Status: domain.OutboxSent, Raw: []byte("raw"),
				At: at, MessageID: fmt.Sprintf("<%d@x>", i)})
		}
		outcomes = append(outcomes, domain.MailOutcome{ID: claimed[5].ID, Status: domain.OutboxFailed, LastError: "550"})
		if err := db.RecordMail(ctx, outcomes); err != nil {
			t.Fatal(err)
		}
		n, err := db.ForgetSentMail(ctx, now.Add(-180*24*time.Hour), 3) // two batches: 3 and 1
		if err != nil || n != 4 {
			t.Fatalf("forgot %d texts (%v), want 4", n, err)
		}
		for i, c := range claimed[:5] {
			m, err := db.OutboxMessage(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if kept := len(m.Raw) > 0; kept != (i == 4) || m.Status != domain.OutboxSent || m.MessageID != fmt.Sprintf("<%d@x>", i) {
				t.Errorf("message %d: raw %q, status %s, id %s", i, m.Raw, m.Status, m.MessageID)
			}
		}
		if n, err := db.ForgetSentMail(ctx, now.Add(-180*24*time.Hour), 3); err != nil || n != 0 {
			t.Errorf("second run forgot %d (%v), want 0", n, err)
		}
	})
}

// TestClaimWalksTheIndex: on PostgreSQL the claim takes its batch by walking
// the index of queued messages in due order, in the state where a stale
// estimate once made PostgreSQL read every queued message through a bitmap
// and sort them for each batch (statistics taken when the queue had sent
// everything, then a burst). At this test's size the planner walks the
// index even without ClaimMail's settings; the test keeps the walk from
// being lost to a change of the statement, its settings or the index.
func TestClaimWalksTheIndex(t *testing.T) {
	db := storetest.Postgres(t)
	ctx := context.Background()
	// Statistics of a queue that sent all it had...
	queue(t, db.Store, 20000, storetest.Now.Add(-2*time.Hour))
	if _, err := db.DB.ExecContext(ctx, "UPDATE outbox SET status = 'sent', dedupe_key = 'sent:' || dedupe_key"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DB.ExecContext(ctx, "ANALYZE outbox"); err != nil {
		t.Fatal(err)
	}
	// ... then a burst, longer than one statement may carry (QueueMails
	// slices it).
	queue(t, db.Store, 10000, storetest.Now.Add(-time.Hour))
	var queued int
	if err := db.DB.NewRaw("SELECT count(*) FROM outbox WHERE status = 'queued'").Scan(ctx, &queued); err != nil || queued != 10000 {
		t.Fatalf("queued %d, %v", queued, err)
	}
	// The statement is planned for its arguments at first, and after a few
	// batches PostgreSQL may keep one plan for any arguments (a generic
	// plan): both must walk the index.
	text, args := store.ClaimSQL(db.DB, storetest.Now, time.Minute, 50)
	for _, mode := range []string{"force_custom_plan", "force_generic_plan"} {
		plan := explainMail(t, db, store.InClaimTx, mode, text, args)
		if !strings.Contains(plan, "Index Scan using outbox_due_idx") || strings.Contains(plan, "Bitmap") || strings.Contains(plan, "Seq Scan") {
			t.Errorf("%s: the claim does not walk outbox_due_idx:\n%s", mode, plan)
		}
	}
}

// TestRecordFindsEachMessageByKey: on PostgreSQL a batch's outcomes go as
// arrays, so that every batch, whatever its size, runs the one statement,
// planned once per connection; the plans made for the arguments and the
// one PostgreSQL may keep for any (the generic plan, which guesses the
// arrays' length) must each find the messages by their key, not read the
// outbox through.
func TestRecordFindsEachMessageByKey(t *testing.T) {
	db := storetest.Postgres(t)
	ctx := context.Background()
	queue(t, db.Store, 20000, storetest.Now.Add(-2*time.Hour))
	if _, err := db.DB.ExecContext(ctx, "ANALYZE outbox"); err != nil {
		t.Fatal(err)
	}
	claimed, err := db.ClaimMail(ctx, storetest.Now, time.Minute, 50)
	if err != nil || len(claimed) != 50 {
		t.Fatalf("claimed %d: %v", len(claimed), err)
	}
	outcomes := sentOutcomes(claimed)
	for _, mode := range []string{"force_custom_plan", "force_generic_plan"} {
		plan := explainMail(t, db, store.InRecordTx, mode, store.RecordMailPG, store.MailOutcomeColumns(outcomes))
		if !recordsByKey(plan) {
			t.Errorf("%s: the record does not find the messages by their key:\n%s", mode, plan)
		}
	}
	if err := db.RecordMail(ctx, outcomes); err != nil {
		t.Fatal(err)
	}
	var sent int
	if err := db.DB.NewRaw("SELECT count(*) FROM outbox WHERE status = 'sent'").Scan(ctx, &sent); err != nil || sent != 50 {
		t.Errorf("sent %d (%v), want the 50 recorded", sent, err)
	}
}

// TestMailPlansBoundedOnASmallOutbox: PostgreSQL keeps a connection's plan
// for the claim (its generic plan, by ClaimMail's setting) and may keep one
// for the record until the outbox's statistics change. Made while the
// outbox was small — a new installation, the bench's fresh database — the
// claim's plan read the whole outbox through its key for every batch and
// matched each row against the claimed ids, and the record's joined the
// outcomes to the outbox read through: fine for a dozen rows, and still the
// plan as the outbox grew by thousands a minute (a claim took 28.8 ms and
// 2,318 blocks a batch in the bench's first create run). Planned on a
// queue of three, each must still reach the outbox's rows only by their
// key: the claim by the array of ids it took, the record by each outcome's.
func TestMailPlansBoundedOnASmallOutbox(t *testing.T) {
	db := storetest.Postgres(t)
	ctx := context.Background()
	queue(t, db.Store, 3, storetest.Now.Add(-time.Hour))
	if _, err := db.DB.ExecContext(ctx, "VACUUM ANALYZE outbox"); err != nil {
		t.Fatal(err)
	}
	text, args := store.ClaimSQL(db.DB, storetest.Now, time.Minute, 50)
	claim := explainMail(t, db, store.InClaimTx, "force_generic_plan", text, args)
	if !strings.Contains(claim, "Index Cond: (id = ANY") || strings.Contains(claim, "Join") || strings.Contains(claim, "Seq Scan") {
		t.Errorf("the claim's plan on a small outbox does not look its ids up by key:\n%s", claim)
	}
	claimed, err := db.ClaimMail(ctx, storetest.Now, time.Minute, 50)
	if err != nil || len(claimed) != 3 {
		t.Fatalf("claimed %d: %v", len(claimed), err)
	}
	for _, mode := range []string{"force_custom_plan", "force_generic_plan"} {
		plan := explainMail(t, db, store.InRecordTx, mode, store.RecordMailPG, store.MailOutcomeColumns(sentOutcomes(claimed)))
		if !recordsByKey(plan) {
			t.Errorf("%s: the record's plan on a small outbox does not look each message up by key:\n%s", mode, plan)
		}
	}
}

// recordsByKey tells whether a plan of the record reaches the outbox only
// by looking each outcome's message up in its key.
func recordsByKey(plan string) bool {
	return strings.Contains(plan, "Index Scan using outbox_pkey") && !strings.Contains(plan, "Seq Scan") &&
		(strings.Contains(plan, "Index Cond: (id = ANY (") || strings.Contains(plan, "Index Cond: (id = v.id)"))
}

// sentOutcomes records each of ms as sent.
func sentOutcomes(ms []domain.OutboxMessage) []domain.MailOutcome {
	var out []domain.MailOutcome
	for _, m := range ms {
		out = append(out, domain.MailOutcome{ID: m.ID, Claim: m.Claim, Status: domain.OutboxSent,
			Raw: []byte("Subject: x\r\n\r\nx"), At: storetest.Now})
	}
	return out
}

// explainMail returns PostgreSQL's plan for text with args, prepared inside
// inTx (the transaction, with its planner settings, in which the store runs
// it) and planned in mode (plan_cache_mode). Nothing it plans is run.
func explainMail(t *testing.T, db *storetest.DB, inTx func(context.Context, *bun.DB, func(context.Context, bun.Tx) error) error,
	mode, text string, args []any) string {
	t.Helper()
	var plan []string
	err := inTx(context.Background(), db.DB, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.Tx.ExecContext(ctx, "PREPARE mail AS "+text); err != nil {
			return err
		}
		if _, err := tx.Tx.ExecContext(ctx, "SELECT set_config('plan_cache_mode', $1, true)", mode); err != nil {
			return err
		}
		marks := make([]string, len(args))
		for i := range args {
			marks[i] = "$" + strconv.Itoa(i+1)
		}
		rows, err := tx.Tx.QueryContext(ctx, "EXPLAIN EXECUTE mail("+strings.Join(marks, ", ")+")", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				return err
			}
			plan = append(plan, line)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		_, err = tx.Tx.ExecContext(ctx, "DEALLOCATE mail")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "\n")
}

// TestSentTextStoredCompressed: the text of a sent message is stored
// compressed (a zstd frame against the newest dictionary, a fraction of its
// size) and read back as sent; what earlier versions stored (a frame
// without a dictionary, the text as sent) reads as it is.
func TestSentTextStoredCompressed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		now := storetest.Now
		claimed := queueClaimed(t, db, 2, now.Add(-time.Hour), now)
		var msg strings.Builder
		msg.WriteString("From: xietong@example.cn\r\nSubject: =?UTF-8?b?5Lu75Yqh?=\r\n\r\n")
		for i := range 300 {
			fmt.Fprintf(&msg, "<td style=3D\"font-family:-apple-system,'PingFang SC'\">=E4=BB=BB=E5=8A=A1 %d</td>\r\n", i)
		}
		raw := []byte(msg.String())
		if err := db.RecordMail(ctx, []domain.MailOutcome{{ID: claimed[0].ID, Claim: claimed[0].Claim,
			Status: domain.OutboxSent, Raw: raw, At: now}}); err != nil {
			t.Fatal(err)
		}
		var stored []byte
		if err := db.DB.NewRaw("SELECT raw FROM outbox WHERE id = ?", claimed[0].ID).Scan(ctx, &stored); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(stored, []byte{0x28, 0xb5, 0x2f, 0xfd}) || len(stored) > len(raw)/4 {
			t.Errorf("stored %d bytes of a %d-byte text, starting % x", len(stored), len(raw), stored[:min(4, len(stored))])
		}
		m, err := db.OutboxMessage(ctx, claimed[0].ID)
		if err != nil || !bytes.Equal(m.Raw, raw) {
			t.Fatalf("read back %d bytes (%v), want the %d sent", len(m.Raw), err, len(raw))
		}

		// The frame names the newest dictionary (maildict/1.eml, id
		// "XT" 1), without which it cannot be read.
		var h zstd.Header
		if err := h.Decode(stored); err != nil || h.DictionaryID != 0x58540001 {
			t.Errorf("stored frame's dictionary %#x (%v), want 0x58540001", h.DictionaryID, err)
		}
		// Rows earlier versions wrote read as they did: a frame without a
		// dictionary, and the text as sent.
		plain, err := zstd.NewWriter(nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.DB.NewRaw("UPDATE outbox SET status = 'sent', raw = ? WHERE id = ?", plain.EncodeAll(raw, nil),
			claimed[1].ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if m, err := db.OutboxMessage(ctx, claimed[1].ID); err != nil || !bytes.Equal(m.Raw, raw) {
			t.Errorf("a frame without a dictionary read back %d bytes (%v), want %d", len(m.Raw), err, len(raw))
		}
		// A frame a later version wrote with a dictionary this one lacks
		// is an error that says so.
		later, err := zstd.NewWriter(nil, zstd.WithEncoderDictRaw(0x58540063, []byte(strings.Repeat("<td>later</td>", 100))))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.DB.NewRaw("UPDATE outbox SET raw = ? WHERE id = ?", later.EncodeAll(raw, nil), claimed[1].ID).
			Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.OutboxMessage(ctx, claimed[1].ID); err == nil || !strings.Contains(err.Error(), "dictionary 0x58540063") {
			t.Errorf("a frame of an unknown dictionary read with %v", err)
		}
		// A row an earlier version wrote: the text as sent.
		if _, err := db.DB.NewRaw("UPDATE outbox SET status = 'sent', raw = ? WHERE id = ?", raw, claimed[1].ID).
			Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if m, err := db.OutboxMessage(ctx, claimed[1].ID); err != nil || !bytes.Equal(m.Raw, raw) {
			t.Errorf("old row read back %d bytes (%v), want %d", len(m.Raw), err, len(raw))
		}
		// A damaged frame is an error, not a garbled message.
		if _, err := db.DB.NewRaw("UPDATE outbox SET raw = ? WHERE id = ?", stored[:len(stored)/2], claimed[1].ID).
			Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.OutboxMessage(ctx, claimed[1].ID); err == nil {
			t.Error("a truncated stored text read without an error")
		}
	})
}

// TestMailDictionaries pins every shipped dictionary of the stored mail
// texts: a text is read with the dictionary it was written with, so a
// dictionary that changed or went would make the mail log unreadable. A new
// dictionary is a new file with the next number, added here; its id is
// 0x58540000 + its number.
func TestMailDictionaries(t *testing.T) {
	pinned := map[string]string{
		"1.dict": "ce03023963720fa7689ed1a57c17ce5fe533d144abd13ebd0272ffa790f7dff6",
	}
	entries, err := os.ReadDir("maildict")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("maildict", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		sum := fmt.Sprintf("%x", sha256.Sum256(b))
		switch want, ok := pinned[e.Name()]; {
		case !ok:
			t.Errorf("maildict/%s is not pinned here (sha256 %s)", e.Name(), sum)
		case sum != want:
			t.Errorf("maildict/%s changed: sha256 %s, shipped as %s", e.Name(), sum, want)
		}
		d, err := zstd.InspectDictionary(b)
		if n, _ := strconv.Atoi(strings.TrimSuffix(e.Name(), ".dict")); err != nil || d.ID() != 0x58540000+uint32(n) {
			t.Errorf("maildict/%s: not a zstd dictionary with id 0x58540000 + %d (%v)", e.Name(), n, err)
		}
		seen[e.Name()] = true
	}
	for name := range pinned {
		if !seen[name] {
			t.Errorf("maildict/%s is gone: the texts written with it cannot be read", name)
		}
	}
}
