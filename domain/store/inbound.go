package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain"
)

type inboundRow struct {
	bun.BaseModel `bun:"table:inbound_messages"`

	ID         int64 `bun:",pk,autoincrement"`
	MessageID  string
	Via        string
	FromAddr   string
	Subject    string
	Raw        []byte
	Status     string
	Reason     string
	TaskID     int64 `bun:",nullzero"`
	ReceivedAt time.Time
	FinishedAt time.Time `bun:",nullzero"`
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

// FinishInbound records what became of a received message.
func (s *Store) FinishInbound(ctx context.Context, id int64, status, reason string, taskID int64, at time.Time) (err error) {
	defer wrap(&err, "store.FinishInbound(%d)", id)
	q := s.DB.NewUpdate().Table("inbound_messages").Set("status = ?", status).Set("reason = ?", truncate(domain.CleanText(reason), 500)).
		Set("finished_at = ?", at.UTC()).Where("id = ?", id)
	if taskID != 0 {
		q = q.Set("task_id = ?", taskID)
	}
	_, err = q.Exec(ctx)
	return translate(err)
}

// UsersByEmail returns the active users with that address.
func (s *Store) UsersByEmail(ctx context.Context, email string) (_ []domain.User, err error) {
	defer wrap(&err, "store.UsersByEmail()")
	var rows []userRow
	err = s.DB.NewSelect().Model(&rows).Where("email = ?", email).Where("active = ?", true).Order("id").Scan(ctx)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]domain.User, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}
