package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain"
)

// reportPolicyRow is one version of the composite score's deduction policy
// (domain.ReportPolicy); rows are only ever inserted.
type reportPolicyRow struct {
	bun.BaseModel `bun:"table:report_policies"`

	Version   int `bun:",pk"`
	Rules     string
	Note      string
	CreatedBy int64 `bun:",nullzero"`
	CreatedAt time.Time
}

// ruleJSON is the stored shape of a rule, in tenths of a point.
type ruleJSON struct {
	Per int `json:"per"`
	Cap int `json:"cap"`
}

type rulesJSON struct {
	OverdueDay  ruleJSON `json:"overdue_day"`
	Return      ruleJSON `json:"return"`
	Reopen      ruleJSON `json:"reopen"`
	Unsatisfied ruleJSON `json:"unsatisfied"`
	LadderStep  ruleJSON `json:"ladder_step"`
}

func toRuleJSON(r domain.DeductionRule) ruleJSON { return ruleJSON{Per: int(r.Per), Cap: int(r.Cap)} }

func (r ruleJSON) rule() domain.DeductionRule {
	return domain.DeductionRule{Per: domain.Points(r.Per), Cap: domain.Points(r.Cap)}
}

func (r reportPolicyRow) toDomain() (domain.ReportPolicy, error) {
	var rs rulesJSON
	if err := json.Unmarshal([]byte(r.Rules), &rs); err != nil {
		return domain.ReportPolicy{}, fmt.Errorf("rules of version %d: %w", r.Version, err)
	}
	return domain.ReportPolicy{Version: r.Version, OverdueDay: rs.OverdueDay.rule(), Return: rs.Return.rule(),
		Reopen: rs.Reopen.rule(), Unsatisfied: rs.Unsatisfied.rule(), LadderStep: rs.LadderStep.rule(),
		Note: r.Note, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC()}, nil
}

func (q queries) ReportPolicy(ctx context.Context, v int) (_ domain.ReportPolicy, err error) {
	defer wrap(&err, "store.ReportPolicy(%d)", v)
	var r reportPolicyRow
	sq := q.db.NewSelect().Model(&r)
	if v == 0 {
		sq = sq.Order("version DESC").Limit(1)
	} else {
		sq = sq.Where("version = ?", v)
	}
	if err := sq.Scan(ctx); err != nil {
		return domain.ReportPolicy{}, notFound(err, "report.policy_not_found", v)
	}
	return r.toDomain()
}

func (q queries) ReportPolicies(ctx context.Context) (_ []domain.ReportPolicy, err error) {
	defer wrap(&err, "store.ReportPolicies()")
	var rows []reportPolicyRow
	if err := q.db.NewSelect().Model(&rows).Order("version DESC").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]domain.ReportPolicy, 0, len(rows))
	for _, r := range rows {
		p, err := r.toDomain()
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func (q queries) AddReportPolicy(ctx context.Context, p *domain.ReportPolicy, prev int) (err error) {
	defer wrap(&err, "store.AddReportPolicy(%d)", prev)
	var latest int
	if err := q.db.NewSelect().Table("report_policies").ColumnExpr("COALESCE(MAX(version), 0)").
		Scan(ctx, &latest); err != nil {
		return translate(err)
	}
	if latest != prev {
		return domain.Fail(domain.ErrConflict, "report.policy_changed", latest)
	}
	b, err := json.Marshal(rulesJSON{OverdueDay: toRuleJSON(p.OverdueDay), Return: toRuleJSON(p.Return),
		Reopen: toRuleJSON(p.Reopen), Unsatisfied: toRuleJSON(p.Unsatisfied), LadderStep: toRuleJSON(p.LadderStep)})
	if err != nil {
		return err
	}
	row := &reportPolicyRow{Version: prev + 1, Rules: string(b), Note: p.Note, CreatedBy: p.CreatedBy,
		CreatedAt: p.CreatedAt.UTC()}
	// Two admins saving at once both read the same latest version; the
	// primary key lets one insert win and the other conflict.
	res, err := q.db.NewInsert().Model(row).On("CONFLICT (version) DO NOTHING").Exec(ctx)
	if err != nil {
		return translate(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return translate(err)
	} else if n == 0 {
		return domain.Fail(domain.ErrConflict, "report.policy_changed", prev+1)
	}
	p.Version = row.Version
	return nil
}
