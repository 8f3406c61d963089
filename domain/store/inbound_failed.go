package store

import (
	"context"
	"time"
)

// FailInbound records that a received message could not be handled for
// reasons of its own (status dropped, the reason given), so that it is not
// taken for one still waiting. A message already stored keeps its sender
// and subject; one stored as handled is left alone. Only the Message-ID and
// the raw bytes are written anew, because the sender or subject may be what
// the database refused.
func (s *Store) FailInbound(ctx context.Context, messageID, via string, raw []byte, reason string, at time.Time) (err error) {
	defer wrap(&err, "store.FailInbound(%q)", messageID)
	r := &inboundRow{MessageID: truncate(messageID, 500), Via: via, Raw: raw, Status: "dropped",
		Reason: truncate(reason, 500), ReceivedAt: at.UTC(), FinishedAt: at.UTC()}
	_, err = s.DB.NewInsert().Model(r).
		On("CONFLICT (message_id) DO UPDATE").
		Set("status = EXCLUDED.status").Set("reason = EXCLUDED.reason").Set("finished_at = EXCLUDED.finished_at").
		Where("?TableAlias.status = 'received'").
		Exec(ctx)
	return translate(err)
}
