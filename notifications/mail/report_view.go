package mail

import (
	"cmp"
	"math"
	"strconv"
	"strings"

	"xietong/domain"
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

// segment is one cell of a bar: a width in pixels and a colour.
type segment struct {
	Width  int
	Colour string
}

// Colours of the progress bars: the figure, the rest of the scale, and the
// target's mark.
const (
	colourFill   = "#1d4f91"
	colourRest   = "#e1e5ea"
	colourTarget = "#c62828"
)

// targetBar is a bar of barWidth pixels filled to share, with a mark two
// pixels wide where target falls: table cells of fixed widths, as newBar,
// so that every mail client draws it without images.
func targetBar(share, target float64) []segment {
	px := func(f float64) int { return int(math.Round(min(max(f, 0), 1) * barWidth)) }
	fill, mark := px(share), min(px(target), barWidth-2)
	var out []segment
	add := func(w int, c string) {
		if w > 0 {
			out = append(out, segment{w, c})
		}
	}
	if fill <= mark {
		add(fill, colourFill)
		add(mark-fill, colourRest)
		add(2, colourTarget)
		add(barWidth-mark-2, colourRest)
		return out
	}
	end := max(fill, mark+2)
	add(mark, colourFill)
	add(2, colourTarget)
	add(end-mark-2, colourFill)
	add(barWidth-end, colourRest)
	return out
}

// progressLevel is one title level's table: the scope's line first, then
// each city (a province's report) or county (a city's).
type progressLevel struct {
	Title  string
	Header string // the columns in words, for the text part
	Rows   []progressRow
}

// progressRow is one line of a progress table.
type progressRow struct {
	Region              string
	Titled, Communities int
	Rate                string // "—" with no communities
	Bar                 []segment
	Met                 bool
	// State is how many more to title, the word for met, or "—" with no
	// communities.
	State string
	Line  string // the figures as a row of the text part's table
}

// ProgressIntro sums the progress up in a sentence, or "" when the report
// has none.
func (v *reportView) ProgressIntro() (string, error) {
	p := v.Progress
	if p == nil || len(p.Levels) == 0 {
		return "", nil
	}
	c, pl := p.Levels[0].Total, p.Levels[len(p.Levels)-1].Total
	return v.cat.text("report.progress", struct {
		AsOf, Scope, Rate, Target string
		Titled, Communities       int
		Met                       bool
		ToTarget, Province        int
	}{p.AsOf.String(), v.Scope, percent(c.Rate()), percent(p.Target), c.Titled, c.Communities,
		c.Met(p.Target), c.ToTarget(p.Target), pl.Titled})
}

// ProgressLevels are the progress tables, one per title level, or none
// when the report has no progress.
func (v *reportView) ProgressLevels() ([]progressLevel, error) {
	p := v.Progress
	if p == nil {
		return nil, nil
	}
	var noData, total, met, header string
	for key, dst := range map[string]*string{"report.no_data": &noData, "report.progress.total": &total,
		"report.progress.met": &met, "report.progress.header": &header} {
		var err error
		if *dst, err = v.T(key); err != nil {
			return nil, err
		}
	}
	out := make([]progressLevel, 0, len(p.Levels))
	for _, l := range p.Levels {
		title, err := v.T("report.progress.level." + string(l.Level))
		if err != nil {
			return nil, err
		}
		pl := progressLevel{Title: title, Header: header}
		regions := append([]domain.ReportProgressRegion{{ProgressCount: l.Total}}, l.Regions...)
		for i, g := range regions {
			r := progressRow{Region: total, Titled: g.Titled, Communities: g.Communities, Rate: noData,
				Met: g.Met(p.Target), State: noData}
			if i > 0 {
				zh, en := domain.RegionNames(g.Code)
				r.Region = v.name(cmp.Or(zh, g.Code), en)
			}
			switch {
			case r.Met:
				r.Rate, r.State = percent(g.Rate()), met
			case g.Communities > 0:
				r.Rate, r.State = percent(g.Rate()), strconv.Itoa(g.ToTarget(p.Target))
			}
			r.Bar = targetBar(g.Rate(), p.Target)
			r.Line = strings.Join([]string{r.Region, strconv.Itoa(r.Titled), strconv.Itoa(r.Communities), r.Rate, r.State}, " | ")
			pl.Rows = append(pl.Rows, r)
		}
		out = append(out, pl)
	}
	return out, nil
}
