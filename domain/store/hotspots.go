package store

import (
	"context"

	"github.com/uptrace/bun"

	"xietong/domain"
)

// Hot-spots (domain.HotspotReader, HotspotWriter).

func (q queries) Hotspot(ctx context.Context, id int64) (_ domain.Hotspot, err error) {
	defer wrap(&err, "store.Hotspot(%d)", id)
	var r hotspotRow
	if err := q.db.NewSelect().Model(&r).Where("id = ?", id).Scan(ctx); err != nil {
		return domain.Hotspot{}, notFound(err, "hotspot.not_found", id)
	}
	var ids []int64
	err = q.db.NewSelect().Table("tasks").Column("id").Where("hotspot_id = ?", id).Order("id").Scan(ctx, &ids)
	if err != nil {
		return domain.Hotspot{}, translate(err)
	}
	return r.toDomain(ids), nil
}

func (q queries) Hotspots(ctx context.Context, communityID int64, f domain.HotspotFilter, p domain.Page) (_ []domain.Hotspot, err error) {
	defer wrap(&err, "store.Hotspots(community %d, %+v)", communityID, f)
	var rows []hotspotRow
	sq := q.db.NewSelect().Model(&rows)
	if communityID != 0 {
		sq = sq.Where("community_id = ?", communityID)
	}
	if f.CommunityID != 0 {
		sq = sq.Where("community_id = ?", f.CommunityID)
	}
	if f.Status != "" {
		sq = sq.Where("status = ?", string(f.Status))
	}
	if err := page(sq, "id", p, true).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	tasks := map[int64][]int64{}
	if len(ids) > 0 {
		var links []struct {
			ID        int64 `bun:"id"`
			HotspotID int64 `bun:"hotspot_id"`
		}
		err := q.db.NewSelect().Table("tasks").Column("id", "hotspot_id").
			Where("hotspot_id IN (?)", bun.List(ids)).Order("id").Scan(ctx, &links)
		if err != nil {
			return nil, translate(err)
		}
		for _, l := range links {
			tasks[l.HotspotID] = append(tasks[l.HotspotID], l.ID)
		}
	}
	out := make([]domain.Hotspot, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain(tasks[r.ID])
	}
	return out, nil
}

func (q queries) CreateHotspot(ctx context.Context, h *domain.Hotspot) (err error) {
	defer wrap(&err, "store.CreateHotspot(%q)", h.Title)
	h.Version = 1
	r := hotspotFromDomain(h)
	if _, err := q.db.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
		return translate(err)
	}
	h.ID = r.ID
	return nil
}

func (q queries) UpdateHotspot(ctx context.Context, h *domain.Hotspot, prev int) (err error) {
	defer wrap(&err, "store.UpdateHotspot(%d, version %d)", h.ID, prev)
	h.Version = prev
	return updateVersioned(ctx, &h.Version, h.ID, "hotspot.changed", string(h.Status), func() *bun.UpdateQuery {
		return q.db.NewUpdate().Model(hotspotFromDomain(h)).ExcludeColumn("id", "created_at", "reported_by", "community_id")
	})
}
