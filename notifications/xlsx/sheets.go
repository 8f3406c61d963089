package xlsx

import (
	"fmt"

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
		{"assigned", b.num(t.Assigned)},
		{"accepted_on_time", b.num(t.AcceptedOnTime)},
		{"closed", b.num(t.Closed)},
		{"closed_on_time", b.num(t.ClosedOnTime)},
		{"on_time_rate", b.rate(t.OnTimeRate)},
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
	if p := r.Progress; p != nil {
		target := float64(p.TargetPercent) / 100
		rows = append(rows, []struct {
			key  string
			cell excelize.Cell
		}{
			{"named", b.num(p.Total.Named)},
			{"total", b.num(p.Total.Total)},
			{"share", b.share(p.Total.Share)},
			{"target", b.share(target)},
			{"to_target", b.num(p.Total.ToTarget)},
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

// rankingCols are the columns of 排名; the chart reads B (names) and G
// (rates).
var rankingCols = []column{{"rank", 7}, {"org", 30}, {"assigned", 8}, {"accepted_on_time", 10},
	{"closed", 8}, {"closed_on_time", 10}, {"on_time_rate", 12}, {"open", 8}, {"open_overdue", 11},
	{"overdue_rate", 10}, {"avg_days", 14}, {"p90_days", 14}, {"ext_asked", 10}, {"ext_granted", 10},
	{"returns", 8}, {"transfers", 10}, {"reopens", 10}, {"note", 22}}

// ranking writes 排名: every organisation in ranking order with all its
// figures, and a bar chart of the ranked organisations' rates.
func (b *book) ranking() error {
	ranked := 0
	err := b.sheet("sheet.ranking", rankingCols, 2, func(emit func(...any) error) error {
		for _, e := range b.r.Ranking {
			o := b.orgs[e.OrgID]
			rank, note := b.num(e.Rank), b.text("")
			switch {
			case e.NoWork:
				rank, note = b.noData(), b.text(b.t("no_work"))
			case e.NoClosed:
				rank, note = b.noData(), b.text(b.t("no_closed"))
			default:
				ranked++
			}
			err := emit(rank, b.text(pick(b.en, e.Name, e.NameEn)), b.num(o.Assigned), b.num(o.AcceptedOnTime),
				b.num(o.Closed), b.num(o.ClosedOnTime), b.rate(o.OnTimeRate), b.num(o.Open), b.num(o.OpenOverdue),
				b.rate(o.OverdueRate), b.decimal(o.AvgDaysToClose), b.optInt(o.P90DaysToClose),
				b.num(o.ExtensionsAsked), b.num(o.ExtensionsGranted), b.num(o.Returns), b.num(o.Transfers),
				b.num(o.Reopens), note)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || ranked == 0 {
		return err
	}
	return b.chart(ranked)
}

// chart adds the bar chart of the on-time closure rate of the first n
// (ranked) rows of 排名, best at the top, to the right of the table.
func (b *book) chart(n int) error {
	name := b.t("sheet.ranking")
	ref := func(col string) string { return fmt.Sprintf("'%s'!$%s$2:$%s$%d", name, col, col, n+1) }
	lo, hi, single := 0.0, 1.0, false
	anchor, _ := excelize.CoordinatesToCellName(len(rankingCols)+2, 2)
	return b.f.AddChart(name, anchor, &excelize.Chart{
		Type:       excelize.Bar,
		Series:     []excelize.ChartSeries{{Name: fmt.Sprintf("'%s'!$G$1", name), Categories: ref("B"), Values: ref("G")}},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: b.t("chart.title")}}},
		Legend:     excelize.ChartLegend{Position: "none"},
		VaryColors: &single,
		// A bar chart draws its first category at the bottom; reversed, the
		// first-ranked organisation is at the top, as in the table.
		XAxis:     excelize.ChartAxis{ReverseOrder: true},
		YAxis:     excelize.ChartAxis{Minimum: &lo, Maximum: &hi, MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
		Dimension: excelize.ChartDimension{Width: 720, Height: uint(max(320, 26*n+120))},
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

// progress writes 创建进度: the campaign progress per region, then the total.
func (b *book) progress() error {
	p := b.r.Progress
	cols := []column{{"region", 14}, {"named", 12}, {"total", 12}, {"share", 10}, {"target", 8},
		{"met", 10}, {"to_target", 14}}
	target := float64(p.TargetPercent) / 100
	row := func(name string, g domain.ProgressRow) []any {
		return []any{b.text(name), b.num(g.Named), b.num(g.Total), b.share(g.Share), b.share(target),
			b.yes(g.Met, true), b.num(g.ToTarget)}
	}
	return b.sheet("sheet.progress", cols, 1, func(emit func(...any) error) error {
		for _, g := range p.Regions {
			if err := emit(row(b.regionName(g.Region), g)...); err != nil {
				return err
			}
		}
		return emit(row(b.t("all"), p.Total)...)
	})
}
