package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain"
	"xietong/domain/calendar"
)

// reportHotspotRow is one hot-spot with the day of its first dispatch: the
// day its first task was assigned, in the same transaction.
type reportHotspotRow struct {
	ID           int64     `bun:"id"`
	CommunityID  int64     `bun:"community_id"`
	Status       string    `bun:"status"`
	Satisfaction string    `bun:"satisfaction"`
	Reopens      int       `bun:"reopens"`
	CreatedAt    time.Time `bun:"created_at"`
	ResolvedAt   time.Time `bun:"resolved_at"`
	DispatchedOn sqlDate   `bun:"dispatched_on"`
}

// reportHotspots reads the hot-spots in scope that something happened to by
// the period's end: reported before its end and changed since its start
// (every move of a hot-spot sets updated_at, so one reported, dispatched,
// resolved or answered in the period qualifies). A hot-spot's latest
// feedback is the latest feedback row of the audit trail, where each
// answer is recorded.
func (q queries) reportHotspots(ctx context.Context, rq domain.ReportQuery) ([]domain.ReportHotspotItem, error) {
	fromStart, toEnd, _ := reportBounds(rq)
	where, args := "h.created_at < ? AND h.updated_at >= ?", []any{toEnd, fromStart}
	switch rq.Scope.Kind {
	case domain.ScopeCity:
		where += " AND h.community_id IN (SELECT c.id FROM communities c WHERE c.region = ?)"
		args = append(args, rq.Scope.Region)
	case domain.ScopeCommunity:
		where += " AND h.community_id = ?"
		args = append(args, rq.Scope.CommunityID)
	case domain.ScopeOrg:
		// An organisation's hot-spots are those it was given a task of.
		where += " AND EXISTS (SELECT 1 FROM tasks t WHERE t.hotspot_id = h.id AND t.lead_org_id = ?)"
		args = append(args, rq.Scope.OrgID)
	}
	var rows []reportHotspotRow
	err := q.db.NewRaw(`SELECT h.id, h.community_id, h.status, h.satisfaction, h.reopens, h.created_at,
  h.resolved_at, (SELECT MIN(t.assigned_on) FROM tasks t WHERE t.hotspot_id = h.id) AS dispatched_on
FROM hotspots h WHERE `+where+" ORDER BY h.id", args...).Scan(ctx, &rows)
	if err != nil || len(rows) == 0 {
		return nil, translate(err)
	}
	feedback, err := q.latestFeedback(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]domain.ReportHotspotItem, len(rows))
	for i, r := range rows {
		h := domain.ReportHotspotItem{ID: r.ID, CommunityID: r.CommunityID, Status: domain.HotspotStatus(r.Status),
			ReportedOn: calendar.DateOf(r.CreatedAt, rq.Location), DispatchedOn: r.DispatchedOn.Date,
			Reopens: r.Reopens}
		if h.Status == domain.HotspotResolved && !r.ResolvedAt.IsZero() {
			h.ResolvedOn = calendar.DateOf(r.ResolvedAt, rq.Location)
		}
		if at, ok := feedback[r.ID]; ok {
			h.FeedbackOn, h.Satisfaction = calendar.DateOf(at, rq.Location), domain.Satisfaction(r.Satisfaction)
		}
		out[i] = h
	}
	return out, q.hotspotLeads(ctx, rq, out)
}

// hotspotLeads fills the lead organisations of the tasks of the hot-spots
// answered unsatisfied in the period: the ones the composite score charges
// (domain.ReportPolicy.Unsatisfied). They are few, so they are read by id.
func (q queries) hotspotLeads(ctx context.Context, rq domain.ReportQuery, hs []domain.ReportHotspotItem) error {
	at := map[int64]int{}
	var ids []int64
	for i, h := range hs {
		if h.Satisfaction == domain.Unsatisfied && !h.FeedbackOn.Before(rq.From) && !h.FeedbackOn.After(rq.To) {
			at[h.ID] = i
			ids = append(ids, h.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var rows []struct {
		HotspotID int64 `bun:"hotspot_id"`
		LeadOrgID int64 `bun:"lead_org_id"`
	}
	err := q.db.NewRaw(`SELECT DISTINCT hotspot_id, lead_org_id FROM tasks WHERE hotspot_id IN (?)
ORDER BY hotspot_id, lead_org_id`, bun.List(ids)).Scan(ctx, &rows)
	if err != nil {
		return translate(err)
	}
	for _, r := range rows {
		i := at[r.HotspotID]
		hs[i].LeadOrgIDs = append(hs[i].LeadOrgIDs, r.LeadOrgID)
	}
	return nil
}

// latestFeedback returns the instant of each hot-spot's latest feedback,
// from the audit trail (one row per answer, read by the action index).
func (q queries) latestFeedback(ctx context.Context) (map[int64]time.Time, error) {
	var rows []struct {
		Target string    `bun:"target"`
		At     time.Time `bun:"at"`
	}
	err := q.db.NewRaw(`SELECT target, MAX(at) AS at FROM audit_log WHERE action IN (?, ?) GROUP BY target`,
		"hotspot."+string(domain.HotspotSatisfied), "hotspot."+string(domain.HotspotUnsatisfied)).Scan(ctx, &rows)
	if err != nil {
		return nil, translate(err)
	}
	out := make(map[int64]time.Time, len(rows))
	for _, r := range rows {
		if id, err := strconv.ParseInt(strings.TrimPrefix(r.Target, "hotspot:"), 10, 64); err == nil {
			out[id] = r.At
		}
	}
	return out, nil
}
