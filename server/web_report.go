package server

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/catalog"
)

// maxOverdueRows bounds the overdue list on the page; the workbook has all.
const maxOverdueRows = 100

// canSeeReports says whether the report link belongs in a user's navigation.
func canSeeReports(a domain.Actor) bool { return domain.Allowed(a, domain.PermReadReports) }

// reportPageData is the report page's content: the form that picks the
// report, its figures as the page shows them, and the workbook's link.
type reportPageData struct {
	Periods, Scopes, Regions []option
	From, To                 string // the custom period's fields
	Head                     string // scope and period, for the heading
	Today                    string
	Tiles                    []reportTile
	Progress                 *reportProgress // nil for a report without one
	Groups                   []groupView
	Categories               []categoryRow
	Pilots                   *pilotOwedView // the pilot section; nil leaves it out
	PolicyVersion            int
	Overdue                  []overdueRow
	OverdueTotal             int
	OverdueMore              bool // the list is cut at maxOverdueRows
	Hotspots                 []reportTile
	Download                 string
	Cases                    *reportCases // a monthly report's new typical cases (web_report_cases.go)
}

// reportTile is one figure of the summary: its name, label key and value.
type reportTile struct {
	Name, Key, Value string
	Alert            bool
}

// reportTileOf makes the tile of figure name.
func reportTileOf(name, value string) reportTile {
	return reportTile{Name: name, Key: "web.report.fig." + name, Value: value}
}

// groupView is one peer group's ranking: the ranked units, and the
// units with no work due collapsed into one line with their count.
type groupView struct {
	Key, TitleKey string
	Rows          []rankRow
	IdleCount     int
	IdleNames     string
}

// rankRow is one unit of a group's ranking; Pct draws its bar.
type rankRow struct {
	Rank, Name, Rate, Closure, Score string
	Due, OnTime, Late, OpenOverdue   int
	Pct                              int
}

// categoryRow is one service category's work due.
type categoryRow struct {
	Key, Rate, Closure  string
	Due, Closed, OnTime int
}

// overdueRow is one task of the overdue list.
type overdueRow struct {
	TaskID             int64
	Title, Org, Due    string
	Community, StepKey string
	DaysOverdue        int
	Listed             bool
}

// handleReportPage shows a supervision report: the query's (the API's
// parameters), or with no period asked for, the opening one (this month to
// date, or the last month with work: ReportService.OpeningReport).
func (s *Server) handleReportPage(c echo.Context) error {
	q, err := reportQueryOf(c)
	if err != nil {
		return err
	}
	ctx, a := c.Request().Context(), actorOf(c)
	var r domain.Report
	// The form sends both the period and the dates; a period wins.
	switch {
	case q.req.Period != "":
		q.req.From, q.req.To = domain.Date{}, domain.Date{}
		r, err = s.deps.Reports.Supervision(ctx, a, q.req)
	case q.req.From.IsZero() && q.req.To.IsZero() && q.req.Today.IsZero() && q.req.PolicyVersion == 0:
		r, err = s.deps.Reports.OpeningReport(ctx, a, q.req.Scope)
		q.req.From, q.req.To = r.From, r.To
	case q.req.From.IsZero() && q.req.To.IsZero():
		q.req.Period = domain.ReportWeekly
		r, err = s.deps.Reports.Supervision(ctx, a, q.req)
	default:
		r, err = s.deps.Reports.Supervision(ctx, a, q.req)
	}
	if err != nil {
		return err
	}
	loc := s.localizer(c)
	d := reportPageDataOf(loc, r, q.req)
	d.Download = reportDownload(q.req, loc.Lang)
	d.Pilots = pilotOwedViewOf(loc, r)
	d.Cases = reportCasesOf(loc, r)
	return s.render(c, http.StatusOK, "reports", s.newPage(c, "web.title.reports", d))
}

func reportPageDataOf(loc *Localizer, r domain.Report, req domain.ReportRequest) reportPageData {
	en := loc.Lang == langEN
	d := reportPageData{Head: loc.T("web.report.head", r.Scope, r.From.String(), r.To.String()),
		Today: r.Today.String(), OverdueTotal: len(r.Overdue)}
	if req.Period == "" {
		d.From, d.To = r.From.String(), r.To.String()
	}
	for _, p := range append(slices.Clone(domain.ReportKinds()), "") {
		d.Periods = append(d.Periods, option{Value: p, Label: loc.T("web.report.period_" + reportPeriodKey(p)),
			Selected: p == req.Period})
	}
	scope := req.Scope.Kind
	for _, sc := range []string{domain.ScopeProvince, domain.ScopeCity} {
		d.Scopes = append(d.Scopes, option{Value: sc, Label: loc.T("web.report.scope_" + sc), Selected: sc == scope})
	}
	for _, g := range catalog.Regions() {
		if g.Level == "city" {
			d.Regions = append(d.Regions, option{Value: g.Code, Label: reportName(en, g.Name, g.NameEn),
				Selected: g.Code == req.Scope.Region})
		}
	}
	t := r.Total
	d.Tiles = []reportTile{
		reportTileOf("due_in_period", strconv.Itoa(t.DueInPeriod)),
		reportTileOf("on_time_rate", reportPercent(t.OnTimeRate)),
		reportTileOf("closure_rate", reportPercent(t.ClosureRate)),
		reportTileOf("due_closed_late", strconv.Itoa(t.DueClosedLate)),
		{Name: "due_open_overdue", Key: "web.report.fig.due_open_overdue", Value: strconv.Itoa(t.DueOpenOverdue),
			Alert: t.DueOpenOverdue > 0},
		reportTileOf("score", reportDecimal(t.Score)),
		reportTileOf("assigned", strconv.Itoa(t.Assigned)),
		reportTileOf("accepted_on_time", strconv.Itoa(t.AcceptedOnTime)),
		reportTileOf("closed", strconv.Itoa(t.Closed)),
		reportTileOf("open", strconv.Itoa(t.Open)),
		{Name: "open_overdue", Key: "web.report.fig.open_overdue", Value: strconv.Itoa(t.OpenOverdue),
			Alert: t.OpenOverdue > 0},
		reportTileOf("overdue_rate", reportPercent(t.OverdueRate)),
		reportTileOf("avg_days", reportDecimal(t.AvgDaysToClose)),
	}
	d.Progress = reportProgressOf(loc, r.Scope, r.Progress)
	d.PolicyVersion = r.Policy.Version
	for _, g := range r.Groups {
		v := groupView{Key: g.Key, TitleKey: "web.report.group." + g.Key, IdleCount: len(g.Idle)}
		for _, e := range g.Ranked {
			v.Rows = append(v.Rows, rankRowOf(en, e))
		}
		for i, e := range g.Idle {
			if i > 0 {
				v.IdleNames += loc.T("web.report.list_sep")
			}
			v.IdleNames += reportName(en, e.Name, e.NameEn)
		}
		d.Groups = append(d.Groups, v)
	}
	for _, c := range r.Categories {
		key := "web.category." + c.Category
		if c.Category == "" {
			key = "web.report.category_none"
		}
		d.Categories = append(d.Categories, categoryRow{Key: key, Due: c.DueInPeriod, Closed: c.DueClosed,
			OnTime: c.DueClosedOnTime, Rate: reportPercent(c.OnTimeRate), Closure: reportPercent(c.ClosureRate)})
	}
	for i, o := range r.Overdue {
		if i == maxOverdueRows {
			d.OverdueMore = true
			break
		}
		row := overdueRow{TaskID: o.TaskID, Title: o.Title, Org: reportName(en, o.OrgName, o.OrgNameEn),
			Due: o.Due.String(), Community: o.CommunityName, DaysOverdue: o.DaysOverdue, Listed: o.Listed}
		if o.LadderStep != "" {
			row.StepKey = "web.event.ladder_" + o.LadderStep
		}
		d.Overdue = append(d.Overdue, row)
	}
	h := r.HotspotTotal
	d.Hotspots = []reportTile{
		reportTileOf("hs_reported", strconv.Itoa(h.Reported)),
		reportTileOf("hs_dispatched", strconv.Itoa(h.Dispatched)),
		reportTileOf("hs_resolved", strconv.Itoa(h.Resolved)),
		reportTileOf("hs_satisfaction", reportPercent(h.SatisfactionRate)),
	}
	return d
}

func rankRowOf(en bool, e domain.GroupEntry) rankRow {
	row := rankRow{Rank: strconv.Itoa(e.Rank), Name: reportName(en, e.Name, e.NameEn), Due: e.DueInPeriod,
		OnTime: e.DueClosedOnTime, Late: e.DueClosedLate, OpenOverdue: e.DueOpenOverdue,
		Rate: reportPercent(e.OnTimeRate), Closure: reportPercent(e.ClosureRate), Score: reportDecimal(e.Score)}
	if e.OnTimeRate != nil {
		row.Pct = int(*e.OnTimeRate*100 + 0.5)
	}
	return row
}

// reportDownload is the workbook of the report on the page, in the page's
// language, from the API (which takes the session cookie for reads).
func reportDownload(req domain.ReportRequest, lang string) string {
	q := url.Values{}
	if req.Period != "" {
		q.Set("period", req.Period)
	} else {
		q.Set("from", req.From.String())
		q.Set("to", req.To.String())
	}
	if !req.Today.IsZero() {
		q.Set("today", req.Today.String())
	}
	sc := req.Scope
	if sc.Kind != "" {
		q.Set("scope", sc.Kind)
	}
	if sc.Region != "" {
		q.Set("region", sc.Region)
	}
	if sc.OrgID != 0 {
		q.Set("org_id", strconv.FormatInt(sc.OrgID, 10))
	}
	if sc.CommunityID != 0 {
		q.Set("community_id", strconv.FormatInt(sc.CommunityID, 10))
	}
	q.Set("format", "xlsx")
	q.Set("lang", lang)
	return reportPath + "?" + q.Encode()
}

// reportPercent shows a rate as "83.3%", and no rate as "—" (never 0%).
func reportPercent(p *float64) string {
	if p == nil {
		return "—"
	}
	return strconv.FormatFloat(*p*100, 'f', 1, 64) + "%"
}

// reportDecimal shows a mean with one decimal, or "—".
func reportDecimal(p *float64) string {
	if p == nil {
		return "—"
	}
	return strconv.FormatFloat(*p, 'f', 1, 64)
}

func reportName(en bool, zh, enName string) string {
	if en && enName != "" {
		return enName
	}
	return zh
}

func reportPeriodKey(period string) string {
	if period == "" {
		return "custom"
	}
	return period
}
