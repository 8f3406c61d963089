package store

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"xietong/domain"
)

// Campaign progress (domain.ProgressReader, ProgressWriter): a few grouped
// queries, never a load of every title or community.
//
// The validity rule of domain.TitleValidOn is stated here twice, once per
// shape a query needs, and TestProgressMatchesRule checks both against the
// Go rule:
//   - as of one day D (titleValidSQL): granted_on <= D AND D <= expires_on
//     AND (ended_on IS NULL OR D < ended_on);
//   - as an interval of days (the trend): [granted_on, end) where end is
//     ended_on or the day after expires_on, whichever comes first.
//
// "Active in the register at instant T" is the sum of +1 (active) and -1
// (inactive) over the community's community_status_changes rows before T:
// the rows alternate, starting active (noteCommunityStatus keeps them so).

// titleValidSQL is domain.TitleValidOn for the titles aliased t, as of the
// day bound three times as its arguments (titleValidArgs).
const titleValidSQL = `t.granted_on <= ? AND ? <= t.expires_on AND (t.ended_on IS NULL OR ? < t.ended_on)`

func titleValidArgs(d domain.Date) []any { return []any{sqlDate{d}, sqlDate{d}, sqlDate{d}} }

// levelList is the title levels as bun.List.
func levelList(levels []domain.StandardLevel) bun.Safe {
	ss := make([]string, len(levels))
	for i, l := range levels {
		ss[i] = "'" + string(l) + "'" // StandardLevel values are fixed words, never input
	}
	return bun.Safe(strings.Join(ss, ", "))
}

type progressCellRow struct {
	CityCode   string `bun:"city_code"`
	RegionCode string `bun:"region_code"`
	N          int    `bun:"n"`
}

// ProgressCells counts, as of p, titled and active communities by city and
// region code: two grouped queries.
func (q queries) ProgressCells(ctx context.Context, pq domain.ProgressQuery, p domain.ProgressPoint) (_ []domain.ProgressCell, err error) {
	defer wrap(&err, "store.ProgressCells(%+v, %s)", pq, p.On)
	cityWhere, cityArgs := "", []any{}
	if pq.CityCode != "" {
		cityWhere, cityArgs = " AND c.city_code = ?", []any{pq.CityCode}
	}
	var active, titled []progressCellRow
	err = q.db.NewRaw(`SELECT c.city_code, c.region_code, SUM(CASE WHEN s.active THEN 1 ELSE -1 END) AS n
FROM community_status_changes s JOIN communities c ON c.id = s.community_id
WHERE s.at < ?`+cityWhere+`
GROUP BY c.city_code, c.region_code`, append([]any{p.Until.UTC()}, cityArgs...)...).Scan(ctx, &active)
	if err != nil {
		return nil, translate(err)
	}
	args := append(titleValidArgs(p.On), cityArgs...)
	err = q.db.NewRaw(`SELECT c.city_code, c.region_code, COUNT(DISTINCT t.community_id) AS n
FROM titles t JOIN communities c ON c.id = t.community_id
WHERE t.level IN (`+string(levelList(domain.TitleLevelsCounting(pq.Level)))+`) AND `+titleValidSQL+cityWhere+`
GROUP BY c.city_code, c.region_code`, args...).Scan(ctx, &titled)
	if err != nil {
		return nil, translate(err)
	}
	type key struct{ city, region string }
	idx := map[key]int{}
	var out []domain.ProgressCell
	cell := func(r progressCellRow) *domain.ProgressCell {
		k := key{r.CityCode, r.RegionCode}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, domain.ProgressCell{CityCode: r.CityCode, RegionCode: r.RegionCode})
		}
		return &out[i]
	}
	for _, r := range active {
		if r.N != 0 {
			cell(r).Communities = r.N
		}
	}
	for _, r := range titled {
		cell(r).Titled = r.N
	}
	return out, nil
}

type bucketRow struct {
	B int `bun:"b"`
	N int `bun:"n"`
}

// ProgressTrend counts the figure as of each point with two grouped
// queries: each title's validity interval, clipped so that one
// community's intervals do not overlap (a community counts once however
// many titles it holds), becomes a +1 on its first day and a -1 on its
// end, and each register change a +1 or -1 at its instant; both are
// summed per point (the first point on or after them) and accumulated.
func (q queries) ProgressTrend(ctx context.Context, pq domain.ProgressQuery, points []domain.ProgressPoint) (_ []domain.ProgressCount, err error) {
	defer wrap(&err, "store.ProgressTrend(%+v, %d points)", pq, len(points))
	out := make([]domain.ProgressCount, len(points))
	if len(points) == 0 {
		return out, nil
	}
	order := make([]int, len(points))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return points[order[a]].On.Before(points[order[b]].On) })
	days := make([]any, len(points))
	untils := make([]any, len(points))
	for i, o := range order {
		days[i] = sqlDate{points[o].On}
		untils[i] = points[o].Until.UTC()
	}
	cityWhere, cityArgs := "", []any{}
	if pq.CityCode != "" {
		cityWhere, cityArgs = " AND c.city_code = ?", []any{pq.CityCode}
	}
	last := days[len(days)-1]

	var titled, active []bucketRow
	dayBucket, dayArgs := bucketSQL("ev.d", "<=", days)
	args := append(append([]any{}, cityArgs...), last)
	args = append(append(args, dayArgs...), last)
	err = q.db.NewRaw(`WITH iv AS (
  SELECT t.id, t.community_id, t.granted_on AS s,
    CASE WHEN t.ended_on IS NOT NULL AND t.ended_on <= `+dayAfter(q.db, "t.expires_on")+` THEN t.ended_on
      ELSE `+dayAfter(q.db, "t.expires_on")+` END AS e
  FROM titles t JOIN communities c ON c.id = t.community_id
  WHERE t.level IN (`+string(levelList(domain.TitleLevelsCounting(pq.Level)))+`)`+cityWhere+` AND t.granted_on <= ?
), cl AS (
  SELECT s, e, MAX(e) OVER (PARTITION BY community_id ORDER BY s, id
    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS pe
  FROM iv
), dj AS (
  SELECT CASE WHEN pe IS NOT NULL AND pe > s THEN pe ELSE s END AS s, e FROM cl
), ev AS (
  SELECT s AS d, 1 AS delta FROM dj WHERE s < e
  UNION ALL
  SELECT e AS d, -1 AS delta FROM dj WHERE s < e
)
SELECT `+dayBucket+` AS b, SUM(ev.delta) AS n FROM ev WHERE ev.d <= ? GROUP BY 1`, args...).Scan(ctx, &titled)
	if err != nil {
		return nil, translate(err)
	}
	atBucket, atArgs := bucketSQL("s.at", "<", untils)
	args = append(append([]any{}, atArgs...), untils[len(untils)-1])
	args = append(args, cityArgs...)
	err = q.db.NewRaw(`SELECT `+atBucket+` AS b, SUM(CASE WHEN s.active THEN 1 ELSE -1 END) AS n
FROM community_status_changes s JOIN communities c ON c.id = s.community_id
WHERE s.at < ?`+cityWhere+` GROUP BY 1`, args...).Scan(ctx, &active)
	if err != nil {
		return nil, translate(err)
	}
	sorted := make([]domain.ProgressCount, len(points))
	for _, r := range titled {
		if r.B >= 0 && r.B < len(sorted) {
			sorted[r.B].Titled += r.N
		}
	}
	for _, r := range active {
		if r.B >= 0 && r.B < len(sorted) {
			sorted[r.B].Communities += r.N
		}
	}
	var run domain.ProgressCount
	for i, o := range order {
		run = run.Add(sorted[i])
		out[o] = run
	}
	return out, nil
}

// bucketSQL returns a CASE expression giving the index of the first of the
// ascending bounds that expr is op (<= or <), as a binary search so that
// each row takes log2(len(bounds)) comparisons; rows past the last bound
// get the last index and must be excluded by the caller's WHERE.
func bucketSQL(expr, op string, bounds []any) (string, []any) {
	var b strings.Builder
	var args []any
	var gen func(lo, hi int)
	gen = func(lo, hi int) {
		if lo == hi {
			b.WriteString(strconv.Itoa(lo))
			return
		}
		mid := (lo + hi) / 2
		b.WriteString("CASE WHEN " + expr + " " + op + " ? THEN ")
		args = append(args, bounds[mid])
		gen(lo, mid)
		b.WriteString(" ELSE ")
		gen(mid+1, hi)
		b.WriteString(" END")
	}
	gen(0, len(bounds)-1)
	return b.String(), args
}

type statusCountRow struct {
	Status string `bun:"status"`
	N      int    `bun:"n"`
}

// ApplicationCounts counts applications by status.
func (q queries) ApplicationCounts(ctx context.Context, city string, levels []domain.StandardLevel) (_ map[domain.ApplicationStatus]int, err error) {
	defer wrap(&err, "store.ApplicationCounts(%q, %v)", city, levels)
	sq := q.db.NewSelect().TableExpr("campaign_applications").ColumnExpr("status, COUNT(*) AS n").Group("status")
	if city != "" {
		sq = sq.Where("city_code = ?", city)
	}
	if len(levels) > 0 {
		sq = sq.Where("level IN (" + string(levelList(levels)) + ")")
	}
	var rows []statusCountRow
	if err := sq.Scan(ctx, &rows); err != nil {
		return nil, translate(err)
	}
	out := map[domain.ApplicationStatus]int{}
	for _, r := range rows {
		out[domain.ApplicationStatus(r.Status)] = r.N
	}
	return out, nil
}

type campaignSettingsRow struct {
	bun.BaseModel `bun:"table:campaign_settings"`

	ID        int64   `bun:",pk,autoincrement"`
	Version   int     `bun:",notnull"`
	Target    float64 `bun:",notnull"`
	StartOn   sqlDate `bun:",type:date"`
	TargetOn  sqlDate `bun:",type:date"`
	ChangedBy int64   `bun:",nullzero"`
	CreatedAt time.Time
}

func (r *campaignSettingsRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	return checkText(q, r)
}

// CampaignSettings returns the highest saved version.
func (q queries) CampaignSettings(ctx context.Context) (_ domain.CampaignSettings, _ bool, err error) {
	defer wrap(&err, "store.CampaignSettings")
	var rows []campaignSettingsRow
	if err := q.db.NewSelect().Model(&rows).Order("version DESC").Limit(1).Scan(ctx); err != nil {
		return domain.CampaignSettings{}, false, translate(err)
	}
	if len(rows) == 0 {
		return domain.CampaignSettings{}, false, nil
	}
	r := rows[0]
	return domain.CampaignSettings{Target: r.Target, StartOn: r.StartOn.Date, TargetOn: r.TargetOn.Date,
		Version: r.Version, ChangedBy: r.ChangedBy, UpdatedAt: r.CreatedAt.UTC()}, true, nil
}

// SaveCampaignSettings inserts s as a new version.
func (q queries) SaveCampaignSettings(ctx context.Context, s *domain.CampaignSettings) (err error) {
	defer wrap(&err, "store.SaveCampaignSettings(version %d)", s.Version)
	r := &campaignSettingsRow{Version: s.Version, Target: s.Target, StartOn: sqlDate{s.StartOn},
		TargetOn: sqlDate{s.TargetOn}, ChangedBy: s.ChangedBy, CreatedAt: s.UpdatedAt.UTC()}
	if _, err := q.db.NewInsert().Model(r).Exec(ctx); err != nil {
		if err = translate(err); errors.Is(err, domain.ErrConflict) {
			return domain.Fail(domain.ErrConflict, "progress.settings_changed", s.Version-1)
		}
		return err
	}
	return nil
}

type communityStatusRow struct {
	bun.BaseModel `bun:"table:community_status_changes"`

	ID          int64 `bun:",pk,autoincrement"`
	CommunityID int64 `bun:",notnull"`
	At          time.Time
	Active      bool `bun:",notnull"`
}

func (r *communityStatusRow) BeforeAppendModel(_ context.Context, q bun.Query) error {
	return checkText(q, r)
}

// noteCommunityStatus records that community id is active (or not) from at
// on, unless its history already ends in that state; a community that was
// never active gets no row, so each history starts active and alternates.
func (q queries) noteCommunityStatus(ctx context.Context, id int64, active bool, at time.Time) error {
	var last []communityStatusRow
	err := q.db.NewSelect().Model(&last).Where("community_id = ?", id).OrderExpr("at DESC, id DESC").Limit(1).Scan(ctx)
	if err != nil {
		return translate(err)
	}
	was := len(last) > 0 && last[0].Active
	if was == active {
		return nil
	}
	if len(last) > 0 && at.Before(last[0].At) {
		at = last[0].At // never before the change it follows
	}
	_, err = q.db.NewInsert().Model(&communityStatusRow{CommunityID: id, At: at.UTC(), Active: active}).Exec(ctx)
	return translate(err)
}
