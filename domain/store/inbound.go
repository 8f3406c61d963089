package store

import (
	"context"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain"
)

type inboundRow struct {
	bun.BaseModel `bun:"table:inbound_messages"`

	ID          int64 `bun:",pk,autoincrement"`
	MessageID   string
	Via         string
	FromAddr    string
	Subject     string
	Raw         []byte
	Status      string
	Reason      string
	TaskID      int64 `bun:",nullzero"`
	ContentHash string
	ReceivedAt  time.Time
	FinishedAt  time.Time `bun:",nullzero"`
}

func (r inboundRow) toDomain() domain.InboundMessage {
	return domain.InboundMessage{ID: r.ID, MessageID: r.MessageID, Via: r.Via, From: r.FromAddr, Subject: r.Subject,
		Raw: r.Raw, Status: r.Status, Reason: r.Reason, TaskID: r.TaskID, ReceivedAt: r.ReceivedAt.UTC()}
}

// RecordInbound stores a received message unless its Message-ID is known,
// and returns the stored row: the new one, or the earlier one.
func (s *Store) RecordInbound(ctx context.Context, m *domain.InboundMessage) (_ domain.InboundMessage, err error) {
	defer wrap(&err, "store.RecordInbound(%q)", m.MessageID)
	r := &inboundRow{MessageID: m.MessageID, Via: m.Via, FromAddr: truncate(m.From, 320),
		Subject: truncate(m.Subject, 500), Raw: m.Raw, Status: m.Status, ReceivedAt: m.ReceivedAt.UTC()}
	if _, err := s.DB.NewInsert().Model(r).On("CONFLICT (message_id) DO NOTHING").Exec(ctx); err != nil {
		return domain.InboundMessage{}, translate(err)
	}
	var got inboundRow
	err = s.DB.NewSelect().Model(&got).ExcludeColumn("raw").Where("message_id = ?", r.MessageID).Scan(ctx)
	return got.toDomain(), translate(err)
}

// FinishInbound records what became of a received message; ErrConflict
// when it is no longer "received" (another delivery finished it). The
// update's row lock makes a concurrent second delivery wait, then find it
// finished, so its transaction, with whatever it applied, rolls back.
func (q queries) FinishInbound(ctx context.Context, id int64, o domain.InboundOutcome) (err error) {
	defer wrap(&err, "store.FinishInbound(%d)", id)
	u := q.db.NewUpdate().Table("inbound_messages").Set("status = ?", o.Status).
		Set("reason = ?", truncate(domain.CleanText(o.Reason), 500)).Set("content_hash = ?", o.ContentHash).
		Set("finished_at = ?", o.At.UTC()).Where("id = ?", id).Where("status = ?", "received")
	if o.TaskID != 0 {
		u = u.Set("task_id = ?", o.TaskID)
	}
	res, err := u.Exec(ctx)
	if err != nil {
		return translate(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return wrapKind(domain.ErrConflict, errors.New("not awaiting an outcome"))
	}
	return nil
}

// RepeatedReply reports whether a reply with that content from that sender
// was applied to the task at or after since. In a transaction it first
// waits for the other transactions applying replies to the task, so two
// copies that arrive together cannot both find no earlier one.
func (q queries) RepeatedReply(ctx context.Context, taskID int64, from, contentHash string, since time.Time) (_ bool, err error) {
	defer wrap(&err, "store.RepeatedReply(%d)", taskID)
	if err := lockKey(ctx, q.db, lockTaskReplies, taskID); err != nil {
		return false, translate(err)
	}
	ok, err := q.db.NewSelect().Table("inbound_messages").Where("task_id = ?", taskID).Where("from_addr = ?", from).
		Where("content_hash = ?", contentHash).Where("status = ?", domain.ReplyApplied).
		Where("received_at >= ?", since.UTC()).Exists(ctx)
	return ok, translate(err)
}

// UsersByEmail returns the active users with that address.
func (q queries) UsersByEmail(ctx context.Context, email string) (_ []domain.User, err error) {
	defer wrap(&err, "store.UsersByEmail()")
	var rows []userRow
	err = q.db.NewSelect().Model(&rows).Where("email = ?", email).Where("active = ?", true).Order("id").Scan(ctx)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]domain.User, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}
