package store

import (
	"context"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain"
)

// pilotItemRow links a pilot region's checklist item to its task
// (domain.PilotItem).
type pilotItemRow struct {
	bun.BaseModel `bun:"table:pilot_items"`

	ID         int64 `bun:",pk,autoincrement"`
	RegionCode string
	Item       string
	TaskID     int64
	AssignedBy int64 `bun:",nullzero"`
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func (r *pilotItemRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	return checkText(q, r)
}

func (r pilotItemRow) toDomain() domain.PilotItem {
	return domain.PilotItem{ID: r.ID, RegionCode: r.RegionCode, Item: domain.PilotItemKind(r.Item), TaskID: r.TaskID,
		AssignedBy: r.AssignedBy, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

func (q queries) PilotItems(ctx context.Context) (_ []domain.PilotItem, err error) {
	defer wrap(&err, "store.PilotItems()")
	var rows []pilotItemRow
	if err := q.db.NewSelect().Model(&rows).Order("region_code", "item").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]domain.PilotItem, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

func (q queries) CreatePilotItem(ctx context.Context, it *domain.PilotItem) (err error) {
	defer wrap(&err, "store.CreatePilotItem(%s, %s)", it.RegionCode, it.Item)
	r := &pilotItemRow{RegionCode: it.RegionCode, Item: string(it.Item), TaskID: it.TaskID, AssignedBy: it.AssignedBy,
		CreatedAt: it.CreatedAt.UTC(), UpdatedAt: it.UpdatedAt.UTC()}
	if _, err := q.db.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
		if err = translate(err); errors.Is(err, domain.ErrConflict) {
			return domain.Fail(domain.ErrConflict, "pilot.item_assigned")
		}
		return err
	}
	it.ID = r.ID
	return nil
}
