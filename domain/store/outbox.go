package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

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
		LastError: r.LastError, MessageID: r.MessageID, Raw: r.Raw, CreatedAt: r.CreatedAt.UTC(),
		SentAt: utcOrZero(r.SentAt)}
}

// outboxListColumns leave out the raw message, which only a single read needs.
var outboxListColumns = []string{"id", "dedupe_key", "kind", "lang", "user_id", "org_id", "to_addr", "to_name",
	"task_id", "hotspot_id", "payload", "essential", "status", "attempts", "next_attempt_at", "lease_until",
	"last_error", "message_id", "created_at", "sent_at"}

func (q queries) EnqueueMail(ctx context.Context, m *domain.OutboxMessage) error {
	r := &outboxRow{DedupeKey: m.DedupeKey, Kind: m.Kind, Lang: m.Lang, UserID: m.UserID, OrgID: m.OrgID,
		ToAddr: m.To, ToName: m.ToName, TaskID: m.TaskID, HotspotID: m.HotspotID, Payload: string(m.Payload),
		Essential: m.Essential, Status: string(domain.OutboxQueued), NextAttemptAt: m.NextAttemptAt.UTC(),
		CreatedAt: m.CreatedAt.UTC()}
	_, err := q.db.NewInsert().Model(r).On("CONFLICT (dedupe_key) DO NOTHING").Exec(ctx)
	return translate(err)
}

func (q queries) Outbox(ctx context.Context, f domain.OutboxFilter, p domain.Page) ([]domain.OutboxMessage, error) {
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

func (q queries) OutboxMessage(ctx context.Context, id int64) (domain.OutboxMessage, error) {
	var r outboxRow
	if err := q.db.NewSelect().Model(&r).Where("id = ?", id).Scan(ctx); err != nil {
		return domain.OutboxMessage{}, notFound(err, "outbox.not_found", id)
	}
	return r.toDomain(), nil
}

// ClaimMail leases up to n due messages to one relay until now+lease: queued
// ones whose time has come, and sending ones whose lease ran out (their
// relay died mid-send). On PostgreSQL, FOR UPDATE SKIP LOCKED lets several
// replicas claim at once without waiting on or taking each other's rows;
// SQLite serves one process, whose immediate transaction is the lock.
func (s *Store) ClaimMail(ctx context.Context, now time.Time, lease time.Duration, n int) ([]domain.OutboxMessage, error) {
	now = now.UTC()
	var rows []outboxRow
	err := s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var ids []int64
		sq := tx.NewSelect().Table("outbox").Column("id").
			WhereGroup(" AND ", func(w *bun.SelectQuery) *bun.SelectQuery {
				return w.Where("status = 'queued' AND next_attempt_at <= ?", now).
					WhereOr("status = 'sending' AND lease_until < ?", now)
			}).
			OrderExpr("next_attempt_at, id").Limit(int64(n))
		if s.Dialect() == dialect.PG {
			sq = sq.For("UPDATE SKIP LOCKED")
		}
		if err := sq.Scan(ctx, &ids); err != nil || len(ids) == 0 {
			return err
		}
		_, err := tx.NewUpdate().Table("outbox").
			Set("status = 'sending'").Set("lease_until = ?", now.Add(lease)).Set("attempts = attempts + 1").
			Where("id IN (?)", bun.List(ids)).Exec(ctx)
		if err != nil {
			return err
		}
		return tx.NewSelect().Model(&rows).Where("id IN (?)", bun.List(ids)).Order("next_attempt_at", "id").Scan(ctx)
	})
	if err != nil {
		return nil, translate(err)
	}
	out := make([]domain.OutboxMessage, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// SetMessageID fixes a message's Message-ID before its first send, so a
// resend after an unknown outcome carries the same one and mail systems can
// drop the duplicate. It keeps an ID already set and returns the stored one.
func (s *Store) SetMessageID(ctx context.Context, id int64, messageID string) (string, error) {
	var got string
	err := s.DB.NewRaw(`UPDATE outbox SET message_id = CASE WHEN message_id = '' THEN ? ELSE message_id END
		WHERE id = ? RETURNING message_id`, messageID, id).Scan(ctx, &got)
	return got, translate(err)
}

// MarkSent records a delivered message and what was sent.
func (s *Store) MarkSent(ctx context.Context, id int64, raw []byte, at time.Time) error {
	_, err := s.DB.NewUpdate().Table("outbox").Set("status = 'sent'").Set("sent_at = ?", at.UTC()).
		Set("raw = ?", raw).Set("last_error = ''").Set("lease_until = NULL").Where("id = ?", id).Exec(ctx)
	return translate(err)
}

// MarkRetry puts a message back in the queue for another attempt at next.
func (s *Store) MarkRetry(ctx context.Context, id int64, lastErr string, next time.Time) error {
	_, err := s.DB.NewUpdate().Table("outbox").Set("status = 'queued'").Set("next_attempt_at = ?", next.UTC()).
		Set("last_error = ?", truncate(lastErr, 1000)).Set("lease_until = NULL").Where("id = ?", id).Exec(ctx)
	return translate(err)
}

// MarkFailed gives a message up: it stays visible to admins, who may retry it.
func (s *Store) MarkFailed(ctx context.Context, id int64, lastErr string) error {
	_, err := s.DB.NewUpdate().Table("outbox").Set("status = 'failed'").
		Set("last_error = ?", truncate(lastErr, 1000)).Set("lease_until = NULL").Where("id = ?", id).Exec(ctx)
	return translate(err)
}

// RequeueMail puts a failed message back in the queue, due now, with its
// attempts reset (an admin's retry). Only a failed message moves, so two
// admins retrying at once requeue it once: the second finds it queued.
func (q queries) RequeueMail(ctx context.Context, id int64, now time.Time) error {
	res, err := q.db.NewUpdate().Table("outbox").Set("status = 'queued'").Set("attempts = 0").
		Set("next_attempt_at = ?", now.UTC()).Where("id = ?", id).Where("status = 'failed'").Exec(ctx)
	if err != nil {
		return translate(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Fail(domain.ErrConflict, "outbox.not_failed", id)
	}
	return nil
}
