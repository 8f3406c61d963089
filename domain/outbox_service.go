package domain

import (
	"context"
	"slices"
	"strconv"
	"time"
)

// OutboxStatuses returns every outbox status, in the order a message passes
// through them, in a fresh slice.
func OutboxStatuses() []OutboxStatus {
	return []OutboxStatus{OutboxQueued, OutboxSending, OutboxSent, OutboxFailed}
}

// OutboxService shows admins the mail the server queued and sent (with no
// mail server configured, the mail log is all there is of it), and lets
// them put a failed message back in the queue. It never sends: the relay
// does.
type OutboxService struct {
	Store OutboxStore
	Now   func() time.Time
}

// List lists the messages matching f, newest first (admin), after
// addressing the task changes whose mail is not yet in the outbox.
func (s *OutboxService) List(ctx context.Context, a Actor, f OutboxFilter, p Page) (List[OutboxMessage], error) {
	if err := Require(a, PermManageOutbox); err != nil {
		return List[OutboxMessage]{}, err
	}
	if f.Status != "" && !slices.Contains(OutboxStatuses(), f.Status) {
		return List[OutboxMessage]{}, Invalid("outbox.status_invalid", string(f.Status))
	}
	// The mail of changes the relay has not addressed yet is queued mail
	// all the same: it is listed at once.
	if err := AddressAllMail(ctx, s.Store); err != nil {
		return List[OutboxMessage]{}, err
	}
	rows, err := s.Store.Outbox(ctx, f, p)
	if err != nil {
		return List[OutboxMessage]{}, err
	}
	return Paginate(rows, p.Limit, func(m OutboxMessage) Cursor { return Cursor{ID: m.ID} }), nil
}

// Backlog counts the mail not sent yet (the server's metrics).
func (s *OutboxService) Backlog(ctx context.Context) (MailBacklog, error) {
	return s.Store.MailBacklog(ctx)
}

// Message returns one message with the bytes sent, if any (admin).
func (s *OutboxService) Message(ctx context.Context, a Actor, id int64) (OutboxMessage, error) {
	if err := Require(a, PermManageOutbox); err != nil {
		return OutboxMessage{}, err
	}
	return s.Store.OutboxMessage(ctx, id)
}

// Retry puts a failed message back in the queue, due now and with its
// attempts reset, and records who did so (admin). A message that has not
// failed is a conflict: a queued one will be tried anyway, and a sent one
// must not go out twice.
func (s *OutboxService) Retry(ctx context.Context, a Actor, id int64) (OutboxMessage, error) {
	if err := Require(a, PermManageOutbox); err != nil {
		return OutboxMessage{}, err
	}
	var m OutboxMessage
	err := s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		cur, err := tx.OutboxMessage(ctx, id)
		if err != nil {
			return err
		}
		if cur.Status != OutboxFailed {
			return Fail(ErrConflict, "outbox.not_failed", id)
		}
		if err := tx.RequeueMail(ctx, id, now); err != nil {
			return err
		}
		e := auditOf(a, now, "outbox.retry", "outbox:"+strconv.FormatInt(id, 10), cur.Kind+" "+cur.To)
		if err := tx.AddAudit(ctx, &e); err != nil {
			return err
		}
		m, err = tx.OutboxMessage(ctx, id)
		return err
	})
	return m, err
}
