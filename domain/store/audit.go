package store

import (
	"context"
	"strings"

	"xietong/domain"
)

// The audit trail (domain.AuditReader, AuditWriter).

func (q queries) Audit(ctx context.Context, f domain.AuditFilter, p domain.Page) (_ []domain.AuditEntry, err error) {
	defer wrap(&err, "store.Audit(%+v)", f)
	var rows []auditRow
	sq := q.db.NewSelect().Model(&rows)
	if f.Action != "" {
		sq = sq.Where("action = ?", f.Action)
	}
	if f.ActorID != 0 {
		sq = sq.Where("actor_id = ?", f.ActorID)
	}
	if f.Actor != "" {
		sq = sq.Where("actor = ?", f.Actor)
	}
	if f.Target != "" {
		sq = sq.Where("target = ?", f.Target)
	}
	if f.TargetType != "" {
		// The type is letters and underscores (AuditFilter.Validate); the
		// underscore is LIKE's one-character wildcard, so it is escaped.
		sq = sq.Where(`target LIKE ? ESCAPE '\'`, strings.ReplaceAll(f.TargetType, "_", `\_`)+":%")
	}
	if !f.From.IsZero() {
		sq = sq.Where("at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		sq = sq.Where("at < ?", f.To.UTC())
	}
	if err := page(sq, "id", p, true).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]domain.AuditEntry, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

func (q queries) AddAudit(ctx context.Context, e *domain.AuditEntry) (err error) {
	defer wrap(&err, "store.AddAudit(%s)", e.Action)
	r := &auditRow{At: e.At.UTC(), ActorID: e.ActorID, Actor: e.Actor, Action: e.Action, Target: e.Target,
		Detail: truncate(e.Detail, 1000), IP: e.IP, Channel: string(e.Channel)}
	if _, err := q.db.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
		return translate(err)
	}
	e.ID = r.ID
	return nil
}

// auditChunk is how many audit rows one statement of AddAudits inserts.
const auditChunk = 500

func (q queries) AddAudits(ctx context.Context, es []domain.AuditEntry) (err error) {
	defer wrap(&err, "store.AddAudits(%d)", len(es))
	for i := 0; i < len(es); i += auditChunk {
		part := es[i:min(i+auditChunk, len(es))]
		rows := make([]auditRow, len(part))
		for j, e := range part {
			rows[j] = auditRow{At: e.At.UTC(), ActorID: e.ActorID, Actor: e.Actor, Action: e.Action, Target: e.Target,
				Detail: truncate(e.Detail, 1000), IP: e.IP, Channel: string(e.Channel)}
		}
		if _, err := q.db.NewInsert().Model(&rows).ExcludeColumn("id").Exec(ctx); err != nil {
			return translate(err)
		}
	}
	return nil
}
