package mail

import (
	"math"
	"strconv"

	"xietong/domain"
	refdata "xietong/domain/catalog"
)

// barWidth is the width in pixels of a full (100%) bar. Bars are table
// cells of fixed pixel widths: Outlook's Word engine ignores the width of
// a div and a percentage width inside a nested table.
const barWidth = 120

// bar is a horizontal bar: Fill pixels coloured, Rest pixels grey.
type bar struct{ Fill, Rest int }

// Width is the bar's whole width in pixels.
func (b bar) Width() int { return b.Fill + b.Rest }

func newBar(share float64) bar {
	fill := int(math.Round(min(max(share, 0), 1) * barWidth))
	return bar{Fill: fill, Rest: barWidth - fill}
}

// percent writes a fraction as a percentage with one decimal ("71.4%"), as
// the workbook does.
func percent(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" }

// Pct writes a rate, or the no-data word when it has no data (nil).
func (v *reportView) Pct(rate *float64) (string, error) {
	if rate == nil {
		return v.T("report.no_data")
	}
	return percent(*rate), nil
}

// Share writes a fraction that always has data (the campaign's shares).
func (v *reportView) Share(f float64) string { return percent(f) }

// days writes a number of working days with one decimal, or no data.
func (v *reportView) days(d *float64) (string, error) {
	if d == nil {
		return v.T("report.no_data")
	}
	return strconv.FormatFloat(*d, 'f', 1, 64), nil
}

// figureRows builds label/value rows from pairs of a report.label key and
// a value.
func (v *reportView) figureRows(figs ...[2]string) ([]row, error) {
	out := make([]row, 0, len(figs))
	for _, f := range figs {
		l, err := v.Label(f[0])
		if err != nil {
			return nil, err
		}
		out = append(out, row{l, f[1]})
	}
	return out, nil
}

// TotalRows are the figures of all the organisations together.
func (v *reportView) TotalRows() ([]row, error) {
	t := v.Total
	onTime, err := v.Pct(t.OnTimeRate)
	if err != nil {
		return nil, err
	}
	overdue, err := v.Pct(t.OverdueRate)
	if err != nil {
		return nil, err
	}
	avg, err := v.days(t.AvgDaysToClose)
	if err != nil {
		return nil, err
	}
	p90, err := v.T("report.no_data")
	if err != nil {
		return nil, err
	}
	if t.P90DaysToClose != nil {
		p90 = strconv.Itoa(*t.P90DaysToClose)
	}
	closure, err := v.Pct(t.ClosureRate)
	if err != nil {
		return nil, err
	}
	score, err := v.days(t.Score)
	if err != nil {
		return nil, err
	}
	n := strconv.Itoa
	return v.figureRows(
		[2]string{"due_in_period", n(t.DueInPeriod)}, [2]string{"due_closed", n(t.DueClosed)},
		[2]string{"due_closed_on_time", n(t.DueClosedOnTime)}, [2]string{"on_time_rate", onTime},
		[2]string{"closure_rate", closure}, [2]string{"due_closed_late", n(t.DueClosedLate)},
		[2]string{"due_open_overdue", n(t.DueOpenOverdue)}, [2]string{"score", score},
		[2]string{"assigned", n(t.Assigned)}, [2]string{"accepted_on_time", n(t.AcceptedOnTime)},
		[2]string{"closed", n(t.Closed)}, [2]string{"open", n(t.Open)},
		[2]string{"open_overdue", n(t.OpenOverdue)}, [2]string{"overdue_rate", overdue},
		[2]string{"avg_days", avg}, [2]string{"p90_days", p90},
		[2]string{"ext_asked", n(t.ExtensionsAsked)}, [2]string{"ext_granted", n(t.ExtensionsGranted)},
		[2]string{"returns", n(t.Returns)}, [2]string{"transfers", n(t.Transfers)},
		[2]string{"reopens", n(t.Reopens)})
}

// HotspotRows are the hot-spot figures of all the communities together.
func (v *reportView) HotspotRows() ([]row, error) {
	h := v.HotspotTotal
	sat, err := v.Pct(h.SatisfactionRate)
	if err != nil {
		return nil, err
	}
	reopen, err := v.Pct(h.ReopenRate)
	if err != nil {
		return nil, err
	}
	n := strconv.Itoa
	return v.figureRows(
		[2]string{"hs.reported", n(h.Reported)}, [2]string{"hs.dispatched", n(h.Dispatched)},
		[2]string{"hs.resolved", n(h.Resolved)}, [2]string{"hs.feedback", n(h.Feedback)},
		[2]string{"hs.satisfied", n(h.Satisfied)}, [2]string{"hs.basically", n(h.BasicallySatisfied)},
		[2]string{"hs.unsatisfied", n(h.Unsatisfied)}, [2]string{"hs.reopened", n(h.Reopened)},
		[2]string{"hs.satisfaction", sat}, [2]string{"hs.reopen_rate", reopen})
}

// Pairs lays rows out two by two, for the HTML part's four-column tables;
// an odd last row is paired with an empty one.
func (v *reportView) Pairs(rs []row) [][2]row {
	var out [][2]row
	for i := 0; i < len(rs); i += 2 {
		p := [2]row{rs[i]}
		if i+1 < len(rs) {
			p[1] = rs[i+1]
		}
		out = append(out, p)
	}
	return out
}

// name picks an organisation's or community's name in the language.
func (v *reportView) name(zh, en string) string {
	if v.Lang == LangEN && en != "" {
		return en
	}
	return zh
}

// rankRow is one line of a group's ranking. Line is the figures in words.
type rankRow struct {
	Rank, Name        string
	Due, OnTime       int
	Rate, Score, Line string
	Bar               bar
}

// rankGroup is one peer group's ranking; Idle is the line that counts the
// units with no work due ("" when none).
type rankGroup struct {
	Title string
	Rows  []rankRow
	Idle  string
}

// GroupRows are the rankings per peer group: the units with work due by
// rate, and the units with none collapsed into one line with their count,
// never listed as 0%.
func (v *reportView) GroupRows() ([]rankGroup, error) {
	out := make([]rankGroup, 0, len(v.Groups))
	for _, g := range v.Groups {
		title, err := v.T("report.group." + g.Key)
		if err != nil {
			return nil, err
		}
		rg := rankGroup{Title: title}
		for _, e := range g.Ranked {
			rr := rankRow{Rank: strconv.Itoa(e.Rank), Name: v.name(e.Name, e.NameEn), Due: e.DueInPeriod,
				OnTime: e.DueClosedOnTime}
			if rr.Rate, err = v.Pct(e.OnTimeRate); err != nil {
				return nil, err
			}
			if e.OnTimeRate != nil {
				rr.Bar = newBar(*e.OnTimeRate)
			}
			if rr.Score, err = v.days(e.Score); err != nil {
				return nil, err
			}
			if rr.Line, err = v.cat.text("report.rank.line", rr); err != nil {
				return nil, err
			}
			rg.Rows = append(rg.Rows, rr)
		}
		if n := len(g.Idle); n > 0 {
			if rg.Idle, err = v.cat.text("report.idle", struct{ Count int }{n}); err != nil {
				return nil, err
			}
		}
		out = append(out, rg)
	}
	return out, nil
}

// overdueRow is one task of the overdue list.
type overdueRow struct {
	Seq         int
	TaskID      int64
	Tag, Title  string
	Org, Due    string
	DaysOverdue int
	Days        string // "已逾期 5 个工作日"
	Step        string // the ladder step in words, or ""
}

// OverdueRows are the longest-overdue tasks, at most maxOverdueShown.
func (v *reportView) OverdueRows() ([]overdueRow, error) {
	items := v.Overdue[:min(len(v.Overdue), maxOverdueShown)]
	out := make([]overdueRow, 0, len(items))
	for i, it := range items {
		o := overdueRow{Seq: i + 1, TaskID: it.TaskID, Title: oneLine(it.Title), Org: v.name(it.OrgName, it.OrgNameEn),
			Due: it.Due.String(), DaysOverdue: it.DaysOverdue}
		var err error
		if o.Tag, err = v.cat.text("tag.task", o); err != nil {
			return nil, err
		}
		if o.Days, err = v.cat.text("due.overdue", o); err != nil {
			return nil, err
		}
		step := canonicalStep(it.LadderStep)
		if it.Listed {
			step = string(domain.StepListed)
		}
		switch {
		case isStep(step):
			if o.Step, err = v.T("step." + step); err != nil {
				return nil, err
			}
		default: // none, or a step this package does not know: shown as recorded
			o.Step = step
		}
		out = append(out, o)
	}
	return out, nil
}

// OverdueShown is how many overdue tasks the mail lists.
func (v *reportView) OverdueShown() int { return min(len(v.Overdue), maxOverdueShown) }

// OverdueMore is how many overdue tasks only the workbook lists.
func (v *reportView) OverdueMore() int { return len(v.Overdue) - v.OverdueShown() }

// progressRow is one line of the campaign progress: the scope's total
// first, then each region.
type progressRow struct {
	Region       string
	Named, Total int
	Share        string
	Bar          bar
	Met          bool
	ToTarget     int
	Line         string // the figures in words, for the text part
}

// ProgressRows is the campaign progress toward the target, or nothing
// when the report has none.
func (v *reportView) ProgressRows() ([]progressRow, error) {
	p := v.Progress
	if p == nil {
		return nil, nil
	}
	total, err := v.T("report.progress.total")
	if err != nil {
		return nil, err
	}
	out := make([]progressRow, 0, len(p.Regions)+1)
	for i, r := range append([]domain.ProgressRow{p.Total}, p.Regions...) {
		name := total
		if i > 0 {
			name = v.regionName(r.Region)
		}
		pr := progressRow{Region: name, Named: r.Named, Total: r.Total, Share: percent(r.Share),
			Bar: newBar(r.Share), Met: r.Met, ToTarget: r.ToTarget}
		if pr.Line, err = v.cat.text("report.progress.line", pr); err != nil {
			return nil, err
		}
		out = append(out, pr)
	}
	return out, nil
}

// regionName is a region code's name from the reference catalogue, or the
// code itself.
func (v *reportView) regionName(code string) string {
	for _, r := range refdata.Regions() {
		if r.Code == code {
			return v.name(r.Name, r.NameEn)
		}
	}
	return code
}
