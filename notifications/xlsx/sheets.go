package xlsx

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"xietong/domain"
)

// summary writes 汇总: the period and the scope's totals, item by item.
func (b *book) summary() error {
	r, t, h := b.r, b.r.Total, b.r.HotspotTotal
	period := fmt.Sprintf("%v%s%v", r.From, b.t("period.sep"), r.To)
	rows := []struct {
		key  string
		cell excelize.Cell
	}{
		{"scope", b.text(r.Scope)},
		{"period", b.text(period)},
		{"today", b.date(r.Today)},
		{"policy_version", b.num(r.Policy.Version)},
		{"due_in_period", b.num(t.DueInPeriod)},
		{"due_closed", b.num(t.DueClosed)},
		{"due_closed_on_time", b.num(t.DueClosedOnTime)},
		{"due_closed_late", b.num(t.DueClosedLate)},
		{"due_open_overdue", b.num(t.DueOpenOverdue)},
		{"overdue_days", b.num(t.OverdueDays)},
		{"on_time_rate", b.rate(t.OnTimeRate)},
		{"closure_rate", b.rate(t.ClosureRate)},
		{"score", b.decimal(t.Score)},
		{"assigned", b.num(t.Assigned)},
		{"accepted_on_time", b.num(t.AcceptedOnTime)},
		{"closed_in", b.num(t.Closed)},
		{"closed_in_on_time", b.num(t.ClosedOnTime)},
		{"open", b.num(t.Open)},
		{"open_overdue", b.num(t.OpenOverdue)},
		{"overdue_rate", b.rate(t.OverdueRate)},
		{"avg_days", b.decimal(t.AvgDaysToClose)},
		{"p90_days", b.optInt(t.P90DaysToClose)},
		{"ext_asked", b.num(t.ExtensionsAsked)},
		{"ext_granted", b.num(t.ExtensionsGranted)},
		{"returns", b.num(t.Returns)},
		{"transfers", b.num(t.Transfers)},
		{"reopens", b.num(t.Reopens)},
		{"hs.reported", b.num(h.Reported)},
		{"hs.dispatched", b.num(h.Dispatched)},
		{"hs.resolved", b.num(h.Resolved)},
		{"hs.feedback", b.num(h.Feedback)},
		{"hs.satisfaction", b.rate(h.SatisfactionRate)},
		{"hs.reopen_rate", b.rate(h.ReopenRate)},
	}
	if p := r.Progress; p != nil && len(p.Levels) > 0 {
		c := p.Levels[0].Total
		rows = append(rows, []struct {
			key  string
			cell excelize.Cell
		}{
			{"progress.as_of", b.date(p.AsOf)},
			{"progress.communities", b.num(c.Communities)},
			{"progress.titled_city", b.num(c.Titled)},
			{"progress.rate_city", b.progressRate(c)},
			{"progress.target", b.share(p.Target)},
			{"progress.to_target", b.num(c.ToTarget(p.Target))},
		}...)
	}
	cols := []column{{"item", 34}, {"value", 24}}
	return b.sheet("sheet.summary", cols, 0, func(emit func(...any) error) error {
		for _, row := range rows {
			if err := emit(b.text(b.t(row.key)), row.cell); err != nil {
				return err
			}
		}
		return nil
	})
}

// rankingCols are the columns of 排名; the charts read C (names) and J
// (on-time rates).
var rankingCols = []column{{"group", 14}, {"rank", 7}, {"unit", 30}, {"due_in_period", 9}, {"due_closed", 9},
	{"due_closed_on_time", 10}, {"due_closed_late", 10}, {"due_open_overdue", 11}, {"overdue_days", 11},
	{"on_time_rate", 12}, {"closure_rate", 10}, {"score", 10}, {"note", 40}}

// groupBlock is where one group's ranked rows are on 排名: rows first to
// first+n−1.
type groupBlock struct {
	key      string
	first, n int
}

// blocks returns where each group's ranked rows go on 排名: the groups in
// order, each its ranked units and then one line counting the idle ones.
func (b *book) blocks() []groupBlock {
	out := make([]groupBlock, 0, len(b.r.Groups))
	row := 2
	for _, g := range b.r.Groups {
		out = append(out, groupBlock{key: g.Key, first: row, n: len(g.Ranked)})
		row += len(g.Ranked)
		if len(g.Idle) > 0 {
			row++
		}
	}
	return out
}

// ranking writes 排名: each peer group's ranked units with their figures,
// then one line per group counting (and naming) the units with no work due.
func (b *book) ranking() error {
	return b.sheet("sheet.ranking", rankingCols, 3, func(emit func(...any) error) error {
		for _, g := range b.r.Groups {
			group := b.text(b.t("group." + g.Key))
			for _, e := range g.Ranked {
				err := emit(group, b.num(e.Rank), b.text(pick(b.en, e.Name, e.NameEn)), b.num(e.DueInPeriod),
					b.num(e.DueClosed), b.num(e.DueClosedOnTime), b.num(e.DueClosedLate), b.num(e.DueOpenOverdue),
					b.num(e.OverdueDays), b.rate(e.OnTimeRate), b.rate(e.ClosureRate), b.decimal(e.Score), b.text(""))
				if err != nil {
					return err
				}
			}
			if len(g.Idle) == 0 {
				continue
			}
			names := make([]string, len(g.Idle))
			for i, e := range g.Idle {
				names[i] = pick(b.en, e.Name, e.NameEn)
			}
			err := emit(group, b.noData(), b.text(fmt.Sprintf(b.t("idle"), len(g.Idle))), b.num(0), b.text(""),
				b.text(""), b.text(""), b.text(""), b.text(""), b.noData(), b.noData(), b.noData(),
				b.text(strings.Join(names, b.t("list_sep"))))
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// charts writes 图表, the second sheet: one bar chart of the on-time rate
// per peer group, best at the top, and one of the categories, stacked down
// the sheet from A1 so that the first is in view when the sheet opens. A
// group with nothing ranked (a period with nothing due) still gets its
// chart, empty but titled.
func (b *book) charts() error {
	name := b.t("sheet.charts")
	if _, err := b.f.NewSheet(name); err != nil {
		return err
	}
	ranking, cats := b.t("sheet.ranking"), b.t("sheet.categories")
	row := 1
	add := func(title, sheet, namesCol, valuesCol string, first, n int) error {
		ref := func(col string) string {
			if n == 0 { // an empty range past the table: the chart draws nothing
				return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheet, "Z", 1, "Z", 1)
			}
			return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheet, col, first, col, first+n-1)
		}
		height := max(260, 24*n+110)
		anchor := "A" + strconv.Itoa(row)
		row += height/20 + 2
		lo, hi, single := 0.0, 1.0, false
		return b.f.AddChart(name, anchor, &excelize.Chart{
			Type:       excelize.Bar,
			Series:     []excelize.ChartSeries{{Name: fmt.Sprintf("'%s'!$J$1", ranking), Categories: ref(namesCol), Values: ref(valuesCol)}},
			Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
			Legend:     excelize.ChartLegend{Position: "none"},
			VaryColors: &single,
			// A bar chart draws its first category at the bottom; reversed,
			// the first-ranked unit is at the top, as in the table.
			XAxis:     excelize.ChartAxis{ReverseOrder: true},
			YAxis:     excelize.ChartAxis{Minimum: &lo, Maximum: &hi, MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
			PlotArea:  excelize.ChartPlotArea{ShowVal: true},
			Dimension: excelize.ChartDimension{Width: 720, Height: uint(height)},
		})
	}
	for _, g := range b.blocks() {
		if err := add(fmt.Sprintf(b.t("chart.group"), b.t("group."+g.key)), ranking, "C", "J", g.first, g.n); err != nil {
			return err
		}
	}
	if len(b.r.Groups) == 0 {
		if err := add(b.t("chart.title"), ranking, "C", "J", 2, 0); err != nil {
			return err
		}
	}
	return add(b.t("chart.categories"), cats, "A", "E", 2, len(b.r.Categories))
}

// orgs writes 单位明细: every organisation with all its figures and the
// deductions of its score, in the report's order.
func (b *book) orgFigures() error {
	cols := []column{{"org", 30}, {"region", 10}, {"due_in_period", 9}, {"due_closed", 9}, {"due_closed_on_time", 10},
		{"due_closed_late", 10}, {"due_open_overdue", 11}, {"overdue_days", 11}, {"on_time_rate", 12},
		{"closure_rate", 10}, {"score", 10}, {"ded.overdue_day", 12}, {"ded.return", 10}, {"ded.reopen", 10},
		{"ded.unsatisfied", 12}, {"ded.ladder_step", 12}, {"ded.total", 10}, {"assigned", 8},
		{"accepted_on_time", 10}, {"closed_in", 8}, {"closed_in_on_time", 10}, {"open", 8}, {"open_overdue", 11},
		{"overdue_rate", 10}, {"avg_days", 14}, {"p90_days", 14}, {"ext_asked", 10}, {"ext_granted", 10},
		{"returns", 8}, {"transfers", 10}, {"reopens", 10}}
	pts := func(p domain.Points) excelize.Cell { return excelize.Cell{StyleID: b.st.decimal, Value: p.Float()} }
	return b.sheet("sheet.orgs", cols, 1, func(emit func(...any) error) error {
		for _, o := range b.r.OrgFigures {
			d := o.Deductions
			err := emit(b.text(pick(b.en, o.Name, o.NameEn)), b.text(b.regionName(o.Region)), b.num(o.DueInPeriod),
				b.num(o.DueClosed), b.num(o.DueClosedOnTime), b.num(o.DueClosedLate), b.num(o.DueOpenOverdue),
				b.num(o.OverdueDays), b.rate(o.OnTimeRate), b.rate(o.ClosureRate), b.decimal(o.Score),
				pts(d.OverdueDayPoints), pts(d.ReturnPoints), pts(d.ReopenPoints), pts(d.UnsatisfiedPoints),
				pts(d.Ladder), pts(d.Total), b.num(o.Assigned), b.num(o.AcceptedOnTime), b.num(o.Closed),
				b.num(o.ClosedOnTime), b.num(o.Open), b.num(o.OpenOverdue), b.rate(o.OverdueRate),
				b.decimal(o.AvgDaysToClose), b.optInt(o.P90DaysToClose), b.num(o.ExtensionsAsked),
				b.num(o.ExtensionsGranted), b.num(o.Returns), b.num(o.Transfers), b.num(o.Reopens))
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// categories writes 分类别: the work due per service category; the chart
// reads A (names) and E (on-time rates).
func (b *book) categories() error {
	cols := []column{{"category", 16}, {"due_in_period", 9}, {"due_closed", 9}, {"due_closed_on_time", 10},
		{"on_time_rate", 12}, {"closure_rate", 10}}
	return b.sheet("sheet.categories", cols, 1, func(emit func(...any) error) error {
		for _, c := range b.r.Categories {
			label := b.t("category." + c.Category)
			if c.Category == "" {
				label = b.t("category_none")
			}
			if err := emit(b.text(label), b.num(c.DueInPeriod), b.num(c.DueClosed), b.num(c.DueClosedOnTime),
				b.rate(c.OnTimeRate), b.rate(c.ClosureRate)); err != nil {
				return err
			}
		}
		return nil
	})
}

// overdue writes 逾期清单, in the report's order (most days overdue first).
func (b *book) overdue() error {
	cols := []column{{"seq", 6}, {"task_id", 9}, {"task_title", 36}, {"org", 30}, {"community", 16},
		{"priority", 8}, {"assigned_on", 12}, {"original_due", 12}, {"due", 12}, {"days_overdue", 11},
		{"ladder_step", 12}, {"listed", 10}}
	return b.longSheet("sheet.overdue", cols, 3, len(b.r.Overdue), func(i int, cells []excelize.Cell) {
		o := b.r.Overdue[i]
		listed := ""
		if o.Listed {
			listed = b.t("yes")
		}
		copy(cells, []excelize.Cell{b.num(i + 1), b.id(o.TaskID), b.text(o.Title),
			b.text(pick(b.en, o.OrgName, o.OrgNameEn)), b.text(b.communityName(o.CommunityID, o.CommunityName)),
			b.text(b.code(string(o.Priority))), b.date(o.AssignedOn), b.date(o.OriginalDue), b.date(o.Due),
			b.num(o.DaysOverdue), b.text(b.code(o.LadderStep)), b.text(listed)})
	})
}

// tasks writes 任务明细: every task in the report, by id.
func (b *book) tasks() error {
	cols := []column{{"task_id", 9}, {"task_title", 36}, {"org", 30}, {"community", 16}, {"priority", 8},
		{"status", 12}, {"assigned_on", 12}, {"accepted_on", 12}, {"original_due", 12}, {"due", 12},
		{"closed_on", 12}, {"assigned_in", 9}, {"accepted_on_time", 9}, {"closed_in", 9},
		{"closed_on_time", 9}, {"days_close", 12}, {"open", 7}, {"overdue_now", 7}, {"days_overdue", 11},
		{"ext_asked", 9}, {"ext_granted", 9}, {"returns", 7}, {"transfers", 9}, {"reopens", 9},
		{"ladder_step", 12}, {"listed", 10}}
	return b.longSheet("sheet.tasks", cols, 2, len(b.r.Tasks), func(i int, cells []excelize.Cell) {
		b.taskRow(cells, b.r.Tasks[i])
	})
}

func (b *book) taskRow(cells []excelize.Cell, l domain.ReportTaskLine) {
	daysClose, daysOver := b.text(""), b.text("")
	if l.ClosedIn {
		daysClose = b.num(l.DaysToClose)
	}
	if l.Open {
		daysOver = b.num(l.DaysOverdue)
	}
	copy(cells, []excelize.Cell{b.id(l.ID), b.text(l.Title), b.text(b.orgName(l.LeadOrgID)),
		b.text(b.communityName(l.CommunityID, l.CommunityName)), b.text(b.code(string(l.Priority))),
		b.text(b.code(string(l.Status))), b.date(l.AssignedOn), b.date(l.AcceptedOn), b.date(l.OriginalDue),
		b.date(l.Due), b.date(l.ClosedOn), b.yes(l.AssignedIn, true), b.yes(l.AcceptedInTime, l.AssignedIn),
		b.yes(l.ClosedIn, true), b.yes(l.ClosedOnTime, l.ClosedIn), daysClose, b.yes(l.Open, true),
		b.yes(l.OpenOverdue, l.Open), daysOver, b.num(l.ExtensionsAsked), b.num(l.ExtensionsGranted),
		b.num(l.Returns), b.num(l.Transfers), b.num(l.Reopens), b.text(b.code(l.LadderStep)),
		b.yes(l.Listed, true)})
}

// hotspots writes 热点难点问题: one row per community, then the total.
func (b *book) hotspots() error {
	cols := []column{{"community", 18}, {"region", 12}, {"hs.reported_s", 8}, {"hs.dispatched_s", 8},
		{"hs.resolved_s", 8}, {"hs.feedback", 10}, {"hs.satisfied", 8}, {"hs.basically", 10},
		{"hs.unsatisfied", 8}, {"hs.reopened", 12}, {"hs.satisfaction", 10}, {"hs.reopen_rate", 11}}
	row := func(name, region string, h domain.HotspotFigures) []any {
		return []any{b.text(name), b.text(region), b.num(h.Reported), b.num(h.Dispatched), b.num(h.Resolved),
			b.num(h.Feedback), b.num(h.Satisfied), b.num(h.BasicallySatisfied), b.num(h.Unsatisfied),
			b.num(h.Reopened), b.rate(h.SatisfactionRate), b.rate(h.ReopenRate)}
	}
	return b.sheet("sheet.hotspots", cols, 1, func(emit func(...any) error) error {
		for _, h := range b.r.HotspotFigures {
			if err := emit(row(pick(b.en, h.Name, h.NameEn), b.regionName(h.Region), h)...); err != nil {
				return err
			}
		}
		return emit(row(b.t("all"), "", b.r.HotspotTotal)...)
	})
}
