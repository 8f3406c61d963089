package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain"
)

// DueLadderTasks reads one index range of tasks_next_ladder_idx.
func (q queries) DueLadderTasks(ctx context.Context, now time.Time, after domain.LadderCursor, n int,
	lock bool) (_ []domain.LadderTask, err error) {
	defer wrap(&err, "store.DueLadderTasks(%s)", now.UTC().Format(time.RFC3339))
	now = now.UTC()
	var rows []taskRow
	sq := q.db.NewSelect().Model(&rows).
		Where("t.next_ladder_at IS NOT NULL AND t.next_ladder_at <= ?", now).
		Where("t.status IN (?)", bun.List([]string{string(domain.StatusAssigned), string(domain.StatusAccepted),
			string(domain.StatusInProgress)}))
	if after.ID != 0 {
		at := after.At.UTC()
		sq = sq.WhereGroup(" AND ", func(w *bun.SelectQuery) *bun.SelectQuery {
			return w.Where("t.next_ladder_at > ?", at).WhereOr("t.next_ladder_at = ? AND t.id > ?", at, after.ID)
		})
	}
	sq = sq.OrderExpr("t.next_ladder_at, t.id").Limit(int64(n))
	if lock {
		sq = skipLocked(q.db, sq, "t")
	}
	if err := sq.Scan(ctx); err != nil {
		return nil, translate(err)
	}
	tasks, err := tasksOf(rows)
	if err != nil {
		return nil, err
	}
	out := make([]domain.LadderTask, len(rows))
	for i, r := range rows {
		out[i] = domain.NewLadderTask(tasks[i], r.NextLadderAt.UTC())
	}
	return out, nil
}

// SaveLadders writes the sweep's columns only: not the version, so that a
// sweep never turns a user's pending edit into a conflict. How a batch is
// written depends on the database (saveLadders, in dialect.go).
func (q queries) SaveLadders(ctx context.Context, states []domain.TaskLadder) (err error) {
	defer wrap(&err, "store.SaveLadders(%d tasks)", len(states))
	if len(states) == 0 {
		return nil
	}
	return q.saveLadders(ctx, states)
}

// nullTime is NULL for the zero time and the UTC instant otherwise.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

type ladderPolicyRow struct {
	bun.BaseModel `bun:"table:ladder_policies"`

	Priority  string `bun:",pk"`
	Rungs     string
	Version   int
	UpdatedBy int64 `bun:",nullzero"`
	UpdatedAt time.Time
}

// rungJSON is the stored shape of a rung: snake_case, as the API shows it.
type rungJSON struct {
	Step              domain.LadderStep `json:"step"`
	OffsetWorkingDays int               `json:"offset_working_days"`
	Audiences         []domain.Audience `json:"audiences"`
	Template          string            `json:"template"`
	ListInReport      bool              `json:"list_in_report"`
}

func (q queries) LadderPolicies(ctx context.Context) (_ []domain.StoredPolicy, err error) {
	defer wrap(&err, "store.LadderPolicies()")
	var rows []ladderPolicyRow
	if err := q.db.NewSelect().Model(&rows).Order("priority").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]domain.StoredPolicy, 0, len(rows))
	for _, r := range rows {
		var rs []rungJSON
		if err := json.Unmarshal([]byte(r.Rungs), &rs); err != nil {
			return nil, fmt.Errorf("rungs of %s: %w", r.Priority, err)
		}
		p := domain.StoredPolicy{Policy: domain.Policy{Priority: domain.Priority(r.Priority)}, Version: r.Version,
			UpdatedBy: r.UpdatedBy, UpdatedAt: r.UpdatedAt.UTC()}
		for _, x := range rs {
			p.Rungs = append(p.Rungs, domain.Rung{Step: x.Step, OffsetWorkingDays: x.OffsetWorkingDays,
				Audiences: x.Audiences, Template: x.Template, ListInReport: x.ListInReport})
		}
		out = append(out, p)
	}
	return out, nil
}

func (q queries) PutLadderPolicy(ctx context.Context, p *domain.StoredPolicy, prev int) (err error) {
	defer wrap(&err, "store.PutLadderPolicy(%s, %d)", p.Priority, prev)
	rs := make([]rungJSON, len(p.Rungs))
	for i, r := range p.Rungs {
		rs[i] = rungJSON{Step: r.Step, OffsetWorkingDays: r.OffsetWorkingDays, Audiences: r.Audiences,
			Template: r.Template, ListInReport: r.ListInReport}
	}
	b, err := json.Marshal(rs)
	if err != nil {
		return err
	}
	p.Version = prev + 1
	row := &ladderPolicyRow{Priority: string(p.Priority), Rungs: string(b), Version: p.Version,
		UpdatedBy: p.UpdatedBy, UpdatedAt: p.UpdatedAt.UTC()}
	changed := domain.Fail(domain.ErrConflict, "ladder.policy_changed", string(p.Priority))
	if prev == 0 {
		res, err := q.db.NewInsert().Model(row).On("CONFLICT (priority) DO NOTHING").Exec(ctx)
		if err != nil {
			return translate(err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return translate(err)
		} else if n == 0 {
			return changed
		}
		return nil
	}
	res, err := q.db.NewUpdate().Model(row).WherePK().Where("version = ?", prev).Exec(ctx)
	if err != nil {
		return translate(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return translate(err)
	} else if n == 0 {
		return changed
	}
	return nil
}

func (q queries) DeleteLadderPolicy(ctx context.Context, pr domain.Priority) (err error) {
	defer wrap(&err, "store.DeleteLadderPolicy(%s)", pr)
	_, err = q.db.NewDelete().Table("ladder_policies").Where("priority = ?", string(pr)).Exec(ctx)
	return translate(err)
}

func (q queries) TouchLadder(ctx context.Context, pr domain.Priority, at time.Time) (_ int, err error) {
	defer wrap(&err, "store.TouchLadder(%s)", pr)
	res, err := q.db.NewUpdate().Table("tasks").Set("next_ladder_at = ?", at.UTC()).
		Where("priority = ?", string(pr)).
		Where("status IN (?)", bun.List([]string{string(domain.StatusAssigned), string(domain.StatusAccepted),
			string(domain.StatusInProgress)})).Exec(ctx)
	if err != nil {
		return 0, translate(err)
	}
	n, err := res.RowsAffected()
	return int(n), translate(err)
}
