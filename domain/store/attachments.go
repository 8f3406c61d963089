package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain"
)

type attachmentRow struct {
	bun.BaseModel `bun:"table:attachments,alias:a"`

	ID            int64  `bun:",pk,autoincrement"`
	TaskID        int64  `bun:",nullzero"`
	HotspotID     int64  `bun:",nullzero"`
	ApplicationID int64  `bun:",nullzero"`
	Indicator     string `bun:",nullzero"`
	CaseID        int64  `bun:",nullzero"`
	ExchangeID    int64  `bun:",nullzero"`
	Filename      string
	ContentType   string
	Size          int64
	SHA256        string `bun:"sha256"`
	UploadedBy    int64  `bun:",nullzero"`
	Uploader      string
	UploaderOrgID int64 `bun:",nullzero"`
	Channel       string
	CreatedAt     time.Time
}

func (r attachmentRow) toDomain() domain.Attachment {
	return domain.Attachment{ID: r.ID, TaskID: r.TaskID, HotspotID: r.HotspotID, ApplicationID: r.ApplicationID,
		Indicator: r.Indicator, CaseID: r.CaseID, ExchangeID: r.ExchangeID, Filename: r.Filename,
		ContentType: r.ContentType, Size: r.Size, SHA256: strings.TrimSpace(r.SHA256), UploadedBy: r.UploadedBy,
		Uploader: r.Uploader, UploaderOrgID: r.UploaderOrgID, Channel: domain.Channel(r.Channel),
		CreatedAt: r.CreatedAt.UTC()}
}

func attachmentFromDomain(a *domain.Attachment) *attachmentRow {
	return &attachmentRow{ID: a.ID, TaskID: a.TaskID, HotspotID: a.HotspotID, ApplicationID: a.ApplicationID,
		Indicator: a.Indicator, CaseID: a.CaseID, ExchangeID: a.ExchangeID, Filename: a.Filename,
		ContentType: a.ContentType, Size: a.Size, SHA256: a.SHA256, UploadedBy: a.UploadedBy, Uploader: a.Uploader,
		UploaderOrgID: a.UploaderOrgID, Channel: string(a.Channel), CreatedAt: a.CreatedAt.UTC()}
}

func (q queries) Attachment(ctx context.Context, id int64) (_ domain.Attachment, err error) {
	defer wrap(&err, "store.Attachment(%d)", id)
	var r attachmentRow
	if err := q.db.NewSelect().Model(&r).Where("a.id = ?", id).Scan(ctx); err != nil {
		return domain.Attachment{}, notFound(err, "attachment.not_found", id)
	}
	return r.toDomain(), nil
}

func (q queries) Attachments(ctx context.Context, target domain.AttachmentTarget, p domain.Page) (_ []domain.Attachment, err error) {
	defer wrap(&err, "store.Attachments(%+v)", target)
	var rows []attachmentRow
	sq := q.db.NewSelect().Model(&rows)
	switch {
	case target.TaskID != 0:
		sq = sq.Where("a.task_id = ?", target.TaskID)
	case target.HotspotID != 0:
		sq = sq.Where("a.hotspot_id = ?", target.HotspotID)
	case target.ApplicationID != 0:
		sq = sq.Where("a.application_id = ?", target.ApplicationID)
		if target.Indicator != "" {
			sq = sq.Where("a.indicator = ?", target.Indicator)
		}
	case target.CaseID != 0:
		sq = sq.Where("a.case_id = ?", target.CaseID)
	case target.ExchangeID != 0:
		sq = sq.Where("a.exchange_id = ?", target.ExchangeID)
	default:
		return nil, nil
	}
	if err := page(sq, "a.id", p, false).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]domain.Attachment, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// attachmentChunk is how many bytes of an attachment one row holds: what
// an upload or a download holds in memory at a time, and what one
// statement binds.
const attachmentChunk = 1 << 20

func (q queries) AttachmentData(ctx context.Context, id int64) (_ io.Reader, err error) {
	defer wrap(&err, "store.AttachmentData(%d)", id)
	r := &chunkReader{ctx: ctx, q: q, id: id}
	if err := r.fetch(); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, domain.Fail(domain.ErrNotFound, "attachment.not_found", id)
		}
		return nil, err
	}
	return r, nil
}

// chunkReader reads an attachment's chunks in order, one query each, so
// that a slow client holds neither a connection nor the whole file.
type chunkReader struct {
	ctx context.Context
	q   queries
	id  int64
	seq int
	buf []byte
}

func (r *chunkReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		if err := r.fetch(); err != nil {
			return 0, err
		}
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// fetch reads the next chunk into buf; io.EOF after the last.
func (r *chunkReader) fetch() error {
	conn, err := sqlOf(r.q.db)
	if err != nil {
		return err
	}
	err = conn.QueryRowContext(r.ctx,
		placeholders(r.q.db, "SELECT data FROM attachment_chunks WHERE attachment_id = ? AND seq = ?"), r.id, r.seq).
		Scan(&r.buf)
	if errors.Is(err, sql.ErrNoRows) {
		return io.EOF
	}
	if err != nil {
		return fmt.Errorf("store.AttachmentData(%d) chunk %d: %w", r.id, r.seq, translate(err))
	}
	r.seq++
	return nil
}

func (q queries) AttachmentBytes(ctx context.Context, orgID, communityID int64) (_ int64, err error) {
	defer wrap(&err, "store.AttachmentBytes(org %d, community %d)", orgID, communityID)
	kind, id := int32(lockOrgQuota), orgID
	if orgID == 0 {
		kind, id = lockCommunityQuota, communityID
	}
	if err := lockKey(ctx, q.db, kind, id); err != nil {
		return 0, translate(err)
	}
	sq := q.db.NewSelect().TableExpr("attachments AS a").ColumnExpr("COALESCE(SUM(a.size), 0)")
	if orgID != 0 {
		sq = sq.Where("a.uploader_org_id = ?", orgID)
	} else {
		sq = sq.Join("JOIN users AS u ON u.id = a.uploaded_by").Where("u.community_id = ?", communityID)
	}
	var n int64
	if err := sq.Scan(ctx, &n); err != nil {
		return 0, translate(err)
	}
	return n, nil
}

func (q queries) CreateAttachment(ctx context.Context, a *domain.Attachment, data io.Reader) (err error) {
	defer wrap(&err, "store.CreateAttachment(task %d, hotspot %d)", a.TaskID, a.HotspotID)
	r := attachmentFromDomain(a)
	if _, err := q.db.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
		return translate(err)
	}
	conn, err := sqlOf(q.db)
	if err != nil {
		return err
	}
	insert := placeholders(q.db, "INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES (?, ?, ?)")
	buf := make([]byte, attachmentChunk)
	for seq := 0; ; seq++ {
		n, rerr := io.ReadFull(data, buf)
		if n > 0 {
			if _, err := conn.ExecContext(ctx, insert, r.ID, seq, buf[:n]); err != nil {
				return translate(err)
			}
		}
		if errors.Is(rerr, io.EOF) || errors.Is(rerr, io.ErrUnexpectedEOF) {
			break
		}
		if rerr != nil {
			return fmt.Errorf("read chunk %d: %w", seq, rerr)
		}
	}
	a.ID = r.ID
	return nil
}

// sqlHandle is what the blob queries need of *sql.DB, *sql.Tx and *sql.Conn.
type sqlHandle interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// sqlOf returns the database/sql handle under db. The blob is bound as a
// real query parameter there because bun formats arguments into the SQL
// text: a 20 MB file would travel as a 40 MB hex literal, and come back as
// text on PostgreSQL instead of in the binary protocol.
func sqlOf(db bun.IDB) (sqlHandle, error) {
	switch d := db.(type) {
	case *bun.DB:
		return d.DB, nil
	case bun.Tx:
		return d.Tx, nil
	case bun.Conn:
		return d.Conn, nil
	}
	return nil, fmt.Errorf("store: no database/sql handle under %T", db)
}
