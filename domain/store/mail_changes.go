package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain"
)

// mailChangeRow is a task change whose mail is yet to be addressed
// (domain.MailChange; migration 20261210000100).
type mailChangeRow struct {
	bun.BaseModel `bun:"table:mail_changes"`

	ID        int64 `bun:",pk,autoincrement"`
	TaskID    int64
	EventID   int64 `bun:",notnull"` // 20261211000100; 0 in older rows, whose body names it
	CreatedAt time.Time
	Body      string
}

// QueueMailChange is one parameterised insert of one narrow row, with no
// index but its key: the change's whole share of its mail.
func (q queries) QueueMailChange(ctx context.Context, c domain.MailChange) (err error) {
	defer wrap(&err, "store.QueueMailChange(task %d)", c.TaskID)
	rows := []mailChangeRow{{TaskID: c.TaskID, EventID: c.EventID, CreatedAt: c.At.UTC(), Body: string(c.Body)}}
	_, _, err = q.insertRows(ctx, rows, "")
	return translate(err)
}

// TakeMailChanges reads the oldest changes by key. On PostgreSQL they are
// locked: SKIP LOCKED lets several relays address different changes at
// once; a waiting taker (the outbox's listing) blocks on a relay's changes
// until it commits, and then passes over the changes it removed. SQLite
// serves one process and its write transactions take the database's lock
// when they begin (_txlock=immediate), so two takers never overlap.
func (q queries) TakeMailChanges(ctx context.Context, n int, wait bool) (_ []domain.MailChange, err error) {
	defer wrap(&err, "store.TakeMailChanges(%d)", n)
	lock := ""
	if isPG(q.db) {
		lock = " FOR UPDATE"
		if !wait {
			lock += " SKIP LOCKED"
		}
	}
	rs, err := q.query(ctx, "SELECT id, task_id, event_id, created_at, body FROM mail_changes ORDER BY id LIMIT $1"+lock, n)
	if err != nil {
		return nil, err
	}
	var rows []mailChangeRow
	if err := q.scan(ctx, rs, &rows); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	out := make([]domain.MailChange, len(rows))
	for i, r := range rows {
		out[i] = domain.MailChange{ID: r.ID, TaskID: r.TaskID, EventID: r.EventID, At: r.CreatedAt.UTC(), Body: []byte(r.Body)}
	}
	return out, nil
}

// DropMailChanges deletes the changes by key, in one statement.
func (q queries) DropMailChanges(ctx context.Context, ids []int64) (err error) {
	defer wrap(&err, "store.DropMailChanges(%d)", len(ids))
	if len(ids) == 0 {
		return nil
	}
	_, err = q.db.NewDelete().Table("mail_changes").Where("id IN (?)", bun.List(ids)).Exec(ctx)
	return translate(err)
}

// MailBacklog counts each status by its own partial index (outbox_due_idx,
// outbox_leased_idx): one count over both would read the whole outbox.
func (q queries) MailBacklog(ctx context.Context) (_ domain.MailBacklog, err error) {
	defer wrap(&err, "store.MailBacklog")
	rs, err := q.query(ctx, `SELECT (SELECT count(*) FROM outbox WHERE status = 'queued')
		+ (SELECT count(*) FROM outbox WHERE status = 'sending'), (SELECT count(*) FROM mail_changes)`)
	if err != nil {
		return domain.MailBacklog{}, err
	}
	defer rs.Close()
	var b domain.MailBacklog
	if rs.Next() {
		err = rs.Scan(&b.Queued, &b.Unaddressed)
	}
	if err == nil {
		err = rs.Err()
	}
	return b, translate(err)
}
