package store

import (
	"context"

	"xietong/domain"
)

// scopeOrgs reads the organisations a scope can name, by id: a region's,
// the one organisation, or all of them.
func (q queries) scopeOrgs(ctx context.Context, s domain.ReportScope) ([]orgRow, error) {
	var rows []orgRow
	sq := q.db.NewSelect().Model(&rows).Order("id")
	switch s.Kind {
	case domain.ScopeCity:
		sq = sq.Where("region = ?", s.Region)
	case domain.ScopeOrg:
		sq = sq.Where("id = ?", s.OrgID)
	}
	if err := sq.Scan(ctx); err != nil {
		return nil, translate(err)
	}
	return rows, nil
}

// reportOrgs returns the organisations of the report, by id: in the province
// or a region every active one, so that one with no work shows as such,
// and an inactive one only when it leads a selected task; for a community,
// the leads of its tasks.
func reportOrgs(s domain.ReportScope, rows []orgRow, leads map[int64]bool) []domain.ReportOrg {
	out := make([]domain.ReportOrg, 0, len(rows))
	for _, r := range rows {
		keep := r.Active || leads[r.ID]
		switch s.Kind {
		case domain.ScopeOrg:
			keep = true
		case domain.ScopeCommunity:
			keep = leads[r.ID]
		}
		if keep {
			out = append(out, domain.ReportOrg{ID: r.ID, Name: r.Name, NameEn: r.NameEn, Type: r.Type, Region: r.Region})
		}
	}
	return out
}

// reportCommunities returns the communities of the scope, by id: in the
// province or a region every active one and any other that a selected task
// or hot-spot names; for an organisation, those its tasks and hot-spots
// name; for a community, itself.
func (q queries) reportCommunities(ctx context.Context, s domain.ReportScope, used map[int64]bool) ([]domain.ReportCommunity, error) {
	var rows []communityRow
	// Only what the report shows: a province has tens of thousands of
	// communities, and their other columns would be read for nothing.
	sq := q.db.NewSelect().Model(&rows).Column("id", "name", "name_en", "region", "active").Order("id")
	switch s.Kind {
	case domain.ScopeCity:
		sq = sq.Where("region = ?", s.Region)
	case domain.ScopeCommunity:
		sq = sq.Where("id = ?", s.CommunityID)
	}
	if err := sq.Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]domain.ReportCommunity, 0, len(rows))
	for _, r := range rows {
		keep := r.Active || used[r.ID]
		switch s.Kind {
		case domain.ScopeOrg:
			keep = used[r.ID]
		case domain.ScopeCommunity:
			keep = true
		}
		if keep {
			out = append(out, domain.ReportCommunity{ID: r.ID, Name: r.Name, NameEn: r.NameEn, Region: r.Region})
		}
	}
	return out, nil
}
