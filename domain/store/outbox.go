package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/uptrace/bun"

	"xietong/domain"
)

type outboxRow struct {
	bun.BaseModel `bun:"table:outbox"`

	ID            int64 `bun:",pk,autoincrement"`
	DedupeKey     string
	Kind          string
	Lang          string
	UserID        int64 `bun:",nullzero"`
	OrgID         int64 `bun:",nullzero"`
	ToAddr        string
	ToName        string
	TaskID        int64 `bun:",nullzero"`
	HotspotID     int64 `bun:",nullzero"`
	Payload       string
	Essential     bool `bun:",notnull"`
	Status        string
	Attempts      int `bun:",notnull"`
	NextAttemptAt time.Time
	LeaseUntil    time.Time `bun:",nullzero"`
	ClaimToken    string    `bun:",notnull"`
	LastError     string    `bun:",notnull"`
	MessageID     string    `bun:",notnull"`
	Raw           []byte
	CreatedAt     time.Time
	SentAt        time.Time `bun:",nullzero"`
}

func (r outboxRow) toDomain() domain.OutboxMessage {
	return domain.OutboxMessage{ID: r.ID, DedupeKey: r.DedupeKey, Kind: r.Kind, Lang: r.Lang, UserID: r.UserID,
		OrgID: r.OrgID, To: r.ToAddr, ToName: r.ToName, TaskID: r.TaskID, HotspotID: r.HotspotID,
		Payload: []byte(r.Payload), Essential: r.Essential, Status: domain.OutboxStatus(r.Status),
		Attempts: r.Attempts, NextAttemptAt: r.NextAttemptAt.UTC(), LeaseUntil: utcOrZero(r.LeaseUntil),
		Claim: r.ClaimToken, LastError: r.LastError, MessageID: r.MessageID, Raw: r.Raw, CreatedAt: r.CreatedAt.UTC(),
		SentAt: utcOrZero(r.SentAt)}
}

// outboxListColumns leave out the raw message, which only a single read needs.
var outboxListColumns = []string{"id", "dedupe_key", "kind", "lang", "user_id", "org_id", "to_addr", "to_name",
	"task_id", "hotspot_id", "payload", "essential", "status", "attempts", "next_attempt_at", "lease_until",
	"claim_token", "last_error", "message_id", "created_at", "sent_at"}

func (q queries) EnqueueMail(ctx context.Context, m *domain.OutboxMessage) (err error) {
	defer wrap(&err, "store.EnqueueMail(%q)", m.DedupeKey)
	r := &outboxRow{DedupeKey: m.DedupeKey, Kind: m.Kind, Lang: m.Lang, UserID: m.UserID, OrgID: m.OrgID,
		ToAddr: m.To, ToName: m.ToName, TaskID: m.TaskID, HotspotID: m.HotspotID, Payload: string(m.Payload),
		Essential: m.Essential, Status: string(domain.OutboxQueued), NextAttemptAt: m.NextAttemptAt.UTC(),
		CreatedAt: m.CreatedAt.UTC()}
	_, err = q.db.NewInsert().Model(r).On("CONFLICT (dedupe_key) DO NOTHING").Exec(ctx)
	return translate(err)
}

func (q queries) Outbox(ctx context.Context, f domain.OutboxFilter, p domain.Page) (_ []domain.OutboxMessage, err error) {
	defer wrap(&err, "store.Outbox(%+v)", f)
	var rows []outboxRow
	sq := q.db.NewSelect().Model(&rows).Column(outboxListColumns...)
	if f.Status != "" {
		sq = sq.Where("status = ?", string(f.Status))
	}
	if f.TaskID != 0 {
		sq = sq.Where("task_id = ?", f.TaskID)
	}
	if err := page(sq, "id", p, true).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]domain.OutboxMessage, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

func (q queries) OutboxMessage(ctx context.Context, id int64) (_ domain.OutboxMessage, err error) {
	defer wrap(&err, "store.OutboxMessage(%d)", id)
	var r outboxRow
	if err := q.db.NewSelect().Model(&r).Where("id = ?", id).Scan(ctx); err != nil {
		return domain.OutboxMessage{}, notFound(err, "outbox.not_found", id)
	}
	m := r.toDomain()
	if m.Raw, err = unpackMailText(r.Raw); err != nil {
		return domain.OutboxMessage{}, err
	}
	return m, nil
}

// ClaimMail leases up to n due messages to one relay until now+lease: queued
// ones whose time has come, and sending ones whose lease ran out (their
// relay died mid-send). It is one statement: on PostgreSQL, FOR UPDATE SKIP
// LOCKED in it lets several replicas claim at once without waiting on or
// taking each other's rows; SQLite serves one process, and one statement is
// atomic there. Queued messages are found by walking the index of queued
// messages by due time (outbox_due_idx, migration 20261208000300) from its
// start and stopping after n, so the claim reads n rows however long the
// queue is, and passes over no message another relay is sending; expired
// leases by the small index of sending messages (outbox_leased_idx). Of
// both, the n that fell due first are taken.
// The messages come in the order they fell due, each with the
// claim's fresh random token (OutboxMessage.Claim), which fences RenewMail
// and RecordMail.
func (s *Store) ClaimMail(ctx context.Context, now time.Time, lease time.Duration, n int) (_ []domain.OutboxMessage, err error) {
	defer wrap(&err, "store.ClaimMail(%d)", n)
	now = now.UTC()
	text, args := claimSQL(s.DB, now, lease, n)
	var rows []outboxRow
	if isPG(s.DB) {
		// The index walk must not depend on the statistics: they are taken
		// when the queue is empty (most of the time), and a planner that
		// believes a few dozen messages are queued reads them all through a
		// bitmap and sorts them instead, for every batch, just when a burst
		// (a sweep, a run of changes) queued thousands: a drain quadratic in
		// the backlog. Inside its own transaction the claim turns the bitmap
		// and the sequential scan off (set_config local to the transaction,
		// so that they end with it), which leaves the ordered walks of
		// outbox_due_idx and outbox_leased_idx.
		err = inClaimTx(ctx, s.DB, func(ctx context.Context, tx bun.Tx) error {
			return s.queries.on(tx).claim(ctx, text, args, &rows)
		})
	} else {
		err = s.queries.claim(ctx, text, args, &rows)
	}
	if err != nil {
		return nil, err
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if !a.NextAttemptAt.Equal(b.NextAttemptAt) {
			return a.NextAttemptAt.Before(b.NextAttemptAt)
		}
		return a.ID < b.ID
	})
	out := make([]domain.OutboxMessage, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// inClaimTx runs fn in a transaction of its own with the claim's planner
// settings on PostgreSQL: no bitmap, no sequential scan (see ClaimMail),
// and the plan PostgreSQL keeps for the claim's statement whatever its
// arguments (the generic plan, which TestClaimWalksTheIndex checks), not
// one made for each batch's: left to choose, PostgreSQL planned the claim
// for every batch of an action run (1,239 plans in 1,230 claims, 0.5 ms
// each).
func inClaimTx(ctx context.Context, db *bun.DB, fn func(context.Context, bun.Tx) error) error {
	return inPlannedTx(ctx, db, "SELECT set_config('enable_bitmapscan', $1, true), set_config('enable_seqscan', $1, true), "+
		"set_config('plan_cache_mode', $2, true)", []any{"off", "force_generic_plan"}, fn)
}

// inRecordTx runs fn in a transaction of its own in which PostgreSQL may
// not plan RecordMail's statement with a sequential scan of the outbox:
// the statement names the messages' keys (outbox.id = ANY($1)), so what
// is left is to look them up. Left to choose, a plan made while the outbox
// was small (a new installation, a fresh database) joined the outcomes to
// the whole outbox read through, and PostgreSQL may keep a plan for the
// connection while the outbox grows.
func inRecordTx(ctx context.Context, db *bun.DB, fn func(context.Context, bun.Tx) error) error {
	return inPlannedTx(ctx, db, "SELECT set_config('enable_seqscan', $1, true)", []any{"off"}, fn)
}

// inPlannedTx runs fn in a transaction of its own after settings, a
// statement of set_config calls local to the transaction (so that they end
// with it) taking their values from args. The settings go as a raw
// statement with parameters, planned once per connection: bun's, or one
// without parameters (which pgx sends by the simple protocol), was planned
// for every batch.
func inPlannedTx(ctx context.Context, db *bun.DB, settings string, args []any,
	fn func(context.Context, bun.Tx) error) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := (queries{db: tx, bun: db}).exec(ctx, settings, args...); err != nil {
			return err
		}
		return fn(ctx, tx)
	})
}

// claimSQL is ClaimMail's statement and its arguments: a raw statement
// (raw.go), whose text is the same for every batch, so PostgreSQL plans it
// once per connection rather than once per batch. On PostgreSQL the claimed
// ids are an array taken first (keyIn), which it can only look up in the
// key: as "id IN (...)", a plan made while the outbox was small
// (which the claim's generic plan then kept) read the whole outbox through
// its key for every batch and matched each row against the claimed ids, a
// claim that cost more the longer the outbox grew (28.8 ms and 2,318 blocks
// a batch in a create run of the bench, against about 2 ms).
func claimSQL(db bun.IDB, now time.Time, lease time.Duration, n int) (string, []any) {
	lock := skipLockedSQL(db)
	return `UPDATE outbox SET status = 'sending', lease_until = $1, attempts = attempts + 1, claim_token = $2
		WHERE ` + keyIn(db, "id", `SELECT id FROM (
			SELECT * FROM (SELECT id, next_attempt_at FROM outbox WHERE status = 'sending' AND lease_until < $3
				ORDER BY next_attempt_at, id LIMIT $4`+lock+`) AS expired
			UNION ALL
			SELECT * FROM (SELECT id, next_attempt_at FROM outbox WHERE status = 'queued' AND next_attempt_at <= $3
				ORDER BY next_attempt_at, id LIMIT $4`+lock+`) AS due
		) AS c ORDER BY next_attempt_at, id LIMIT $4`) + `
		RETURNING ` + strings.Join(outboxListColumns, ", "), []any{now.Add(lease), claimToken(), now, n}
}

// claim runs the claim's statement and reads the claimed rows into rows.
func (q queries) claim(ctx context.Context, text string, args []any, rows *[]outboxRow) error {
	rs, err := q.query(ctx, text, args...)
	if err != nil {
		return err
	}
	if err := q.scan(ctx, rs, rows); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return nil
}

// claimToken is a fresh random claim token: 128 bits, so two claims never
// share one.
func claimToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b)
}

// RenewMail extends the lease of the messages claim still holds to until,
// and returns how many those are: fewer than were claimed means another
// relay took some over after the lease ran out.
func (s *Store) RenewMail(ctx context.Context, claim string, until time.Time) (_ int, err error) {
	defer wrap(&err, "store.RenewMail")
	if claim == "" {
		return 0, nil
	}
	res, err := s.DB.NewUpdate().Table("outbox").Set("lease_until = ?", until.UTC()).
		Where("claim_token = ?", claim).Where("status = 'sending'").Exec(ctx)
	if err != nil {
		return 0, translate(err)
	}
	n, err := res.RowsAffected()
	return int(n), translate(err)
}

// RecordMail stores what became of a batch of claimed messages in one
// statement: sent ones with the message as sent (compressed, mailtext.go),
// retried ones back in the queue at their next attempt, failed ones given
// up (admins may retry them); each with the Message-ID it carried, unless
// it has one stored already.
// An outcome with a Claim is recorded only while that claim holds its
// message (status sending, same token): a relay whose lease was taken over
// changes nothing, and the new holder's outcome stands. An Interrupted
// requeue gives back the attempt its claim counted.
func (s *Store) RecordMail(ctx context.Context, outcomes []domain.MailOutcome) (err error) {
	defer wrap(&err, "store.RecordMail(%d outcomes)", len(outcomes))
	if len(outcomes) == 0 {
		return nil
	}
	// Real parameters (the raw path), not bun's: the sent text goes as
	// bytes, where bun wrote each message into the statement in hex, twice
	// its size, for PostgreSQL to parse back (a megabyte of text per batch
	// of 50; BENCHMARKS.md, issue 15, fourth round). On PostgreSQL the
	// outcomes go as nine arrays, one per column, so that the statement's
	// text is the same for every batch and planned once per connection (a
	// VALUES list of a row per outcome was a new statement for each batch
	// size: 691 plans in 1,030 batches, 12–21 % of the record's time;
	// seventeenth round). SQLite takes the VALUES list.
	if isPG(s.DB) {
		return inRecordTx(ctx, s.DB, func(ctx context.Context, tx bun.Tx) error {
			_, err := s.queries.on(tx).exec(ctx, recordMailPG, mailOutcomeColumns(outcomes)...)
			return err
		})
	}
	var ps params
	var b strings.Builder
	for i, o := range outcomes {
		if i > 0 {
			b.WriteString(", ")
		}
		c := outcomeColumns(o)
		b.WriteString("(" + strings.Join([]string{ps.add(c.id), ps.add(c.status), ps.add(nullTime(c.at)),
			ps.add(nullBytes(c.raw)), ps.add(nullTime(c.next)), ps.add(c.lastError), ps.add(c.messageID),
			ps.add(c.claim), ps.add(c.cut)}, ", ") + ")")
	}
	_, err = s.exec(ctx, `WITH v(id, st, at, raw, nxt, err, mid, claim, cut) AS (VALUES `+b.String()+`)
		UPDATE outbox SET `+recordMailSet+`
		FROM v WHERE `+recordMailWhere, ps.args...)
	return err
}

// What RecordMail sets, and which rows it changes, from an outcome v.
const (
	recordMailSet = `status = v.st,
			attempts = CASE WHEN v.cut AND outbox.attempts > 0 THEN outbox.attempts - 1 ELSE outbox.attempts END,
			message_id = CASE WHEN outbox.message_id = '' THEN v.mid ELSE outbox.message_id END,
			sent_at = CASE WHEN v.st = 'sent' THEN v.at ELSE outbox.sent_at END,
			raw = CASE WHEN v.st = 'sent' THEN v.raw ELSE outbox.raw END,
			next_attempt_at = CASE WHEN v.st = 'queued' THEN v.nxt ELSE outbox.next_attempt_at END,
			last_error = v.err, lease_until = NULL, claim_token = ''`
	recordMailWhere = `outbox.id = v.id
			AND (v.claim = '' OR (outbox.status = 'sending' AND outbox.claim_token = v.claim))`
	// recordMailPG takes the outcomes as arrays, a column each
	// (mailOutcomeColumns).
	recordMailPG = `UPDATE outbox SET ` + recordMailSet + `
		FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::bytea[], $5::timestamptz[],
			$6::text[], $7::text[], $8::text[], $9::boolean[]) AS v(id, st, at, raw, nxt, err, mid, claim, cut)
		WHERE ` + recordMailWhere + ` AND outbox.id = ANY($1)`
)

// outcomeColumn is an outcome as RecordMail stores it.
type outcomeColumn struct {
	id                                  int64
	status, lastError, messageID, claim string
	at, next                            time.Time
	raw                                 []byte // nil unless sent
	cut                                 bool   // an interrupted requeue gives its attempt back
}

// outcomeColumns returns o as RecordMail stores it.
func outcomeColumns(o domain.MailOutcome) outcomeColumn {
	c := outcomeColumn{id: o.ID, status: string(o.Status), at: o.At, next: o.Next,
		lastError: truncate(domain.CleanText(o.LastError), 1000), messageID: o.MessageID, claim: o.Claim,
		cut: o.Interrupted && o.Status == domain.OutboxQueued}
	if o.Status == domain.OutboxSent {
		c.raw = packMailText(o.Raw)
	}
	return c
}

// nullBytes is b, or NULL for nil.
func nullBytes(b []byte) any {
	if b == nil {
		return nil
	}
	return b
}

// mailOutcomeColumns returns recordMailPG's nine arrays; a nil text and a
// zero time are NULL.
func mailOutcomeColumns(outcomes []domain.MailOutcome) []any {
	n := len(outcomes)
	var (
		ids                     = make([]int64, n)
		sts, errs, mids, claims = make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		ats, nexts              = make([]pgtype.Timestamptz, n), make([]pgtype.Timestamptz, n)
		raws                    = make([][]byte, n)
		cuts                    = make([]bool, n)
	)
	ts := func(t time.Time) pgtype.Timestamptz { return pgtype.Timestamptz{Time: t.UTC(), Valid: !t.IsZero()} }
	for i, o := range outcomes {
		c := outcomeColumns(o)
		ids[i], sts[i], errs[i], mids[i], claims[i] = c.id, c.status, c.lastError, c.messageID, c.claim
		ats[i], nexts[i], raws[i], cuts[i] = ts(c.at), ts(c.next), c.raw, c.cut
	}
	return []any{ids, sts, ats, raws, nexts, errs, mids, claims, cuts}
}

// MarkSent records a delivered message and what was sent.
func (s *Store) MarkSent(ctx context.Context, id int64, raw []byte, at time.Time) error {
	return s.RecordMail(ctx, []domain.MailOutcome{{ID: id, Status: domain.OutboxSent, Raw: raw, At: at}})
}

// MarkRetry puts a message back in the queue for another attempt at next.
func (s *Store) MarkRetry(ctx context.Context, id int64, lastErr string, next time.Time) error {
	return s.RecordMail(ctx, []domain.MailOutcome{{ID: id, Status: domain.OutboxQueued, Next: next, LastError: lastErr}})
}

// MarkFailed gives a message up: it stays visible to admins, who may retry it.
func (s *Store) MarkFailed(ctx context.Context, id int64, lastErr string) error {
	return s.RecordMail(ctx, []domain.MailOutcome{{ID: id, Status: domain.OutboxFailed, LastError: lastErr}})
}

// RequeueMail puts a failed message back in the queue, due now, with its
// attempts reset (an admin's retry). Only a failed message moves, so two
// admins retrying at once requeue it once: the second finds it queued.
func (q queries) RequeueMail(ctx context.Context, id int64, now time.Time) (err error) {
	defer wrap(&err, "store.RequeueMail(%d)", id)
	res, err := q.db.NewUpdate().Table("outbox").Set("status = 'queued'").Set("attempts = 0").
		Set("next_attempt_at = ?", now.UTC()).Where("id = ?", id).Where("status = 'failed'").Exec(ctx)
	if err != nil {
		return translate(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return translate(err)
	} else if n == 0 {
		return domain.Fail(domain.ErrConflict, "outbox.not_failed", id)
	}
	return nil
}

// EnqueueMails inserts the messages in one statement.
func (q queries) EnqueueMails(ctx context.Context, ms []domain.OutboxMessage) error {
	_, err := q.QueueMails(ctx, ms)
	return err
}

func (q queries) QueueMails(ctx context.Context, ms []domain.OutboxMessage) (_ int, err error) {
	defer wrap(&err, "store.QueueMails(%d messages)", len(ms))
	if len(ms) == 0 {
		return 0, nil
	}
	rows := make([]outboxRow, len(ms))
	for i, m := range ms {
		rows[i] = outboxRow{DedupeKey: m.DedupeKey, Kind: m.Kind, Lang: m.Lang, UserID: m.UserID, OrgID: m.OrgID,
			ToAddr: m.To, ToName: m.ToName, TaskID: m.TaskID, HotspotID: m.HotspotID, Payload: string(m.Payload),
			Essential: m.Essential, Status: string(domain.OutboxQueued), NextAttemptAt: m.NextAttemptAt.UTC(),
			CreatedAt: m.CreatedAt.UTC()}
	}
	// A statement carries at most 65,535 parameters on PostgreSQL and 32,766
	// on SQLite: a long list goes in slices of queueSlice rows.
	queued := 0
	for len(rows) > 0 {
		part := rows[:min(len(rows), queueSlice)]
		rows = rows[len(part):]
		_, res, err := q.insertRows(ctx, part, "ON CONFLICT (dedupe_key) DO NOTHING")
		if err != nil {
			return queued, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return queued, translate(err)
		}
		queued += int(n)
	}
	return queued, nil
}

// queueSlice is how many messages QueueMails writes in one statement.
const queueSlice = 1000

// ForgetSentMail drops the full text of messages sent before before, keeping
// each row (who, what, when, its Message-ID): the text is most of what the
// outbox weighs, and after the retention period nobody needs to see it
// again. It works through the rows in id order, batch at a time, each batch
// its own statement, so that a first run over years of mail holds no long
// transaction; it returns how many texts it dropped.
func (s *Store) ForgetSentMail(ctx context.Context, before time.Time, batch int) (n int, err error) {
	defer wrap(&err, "store.ForgetSentMail(%s)", before.Format(time.RFC3339))
	if batch <= 0 {
		batch = 5000
	}
	var last int64
	for {
		var ids []int64
		err := s.DB.NewSelect().Table("outbox").Column("id").
			Where("id > ?", last).Where("status = ?", string(domain.OutboxSent)).
			Where("sent_at < ?", before.UTC()).Where("raw IS NOT NULL").
			Order("id").Limit(int64(batch)).Scan(ctx, &ids)
		if err != nil {
			return n, translate(err)
		}
		if len(ids) == 0 {
			return n, nil
		}
		res, err := s.DB.NewUpdate().Table("outbox").Set("raw = NULL").Where("id IN (?)", bun.List(ids)).Exec(ctx)
		if err != nil {
			return n, translate(err)
		}
		k, _ := res.RowsAffected()
		n += int(k)
		last = ids[len(ids)-1]
		if len(ids) < batch {
			return n, nil
		}
	}
}
