package server

import (
	"html/template"
	"strconv"

	"xietong/domain"
	"xietong/server/svgchart"
)

// reportProgress is the report page's section on the progress to the
// campaign's target: a sentence, one bar chart per title level with the
// target line, and the figures of each region at both levels.
type reportProgress struct {
	Intro  string
	Charts []template.HTML
	// Rows are each city (a province's report) or county (a city's), then
	// the scope's total (no Code).
	Rows []reportProgressRow
}

// reportProgressRow is one region's figures; a rate with no communities
// is "—", never 0%.
type reportProgressRow struct {
	Code, Name                   string
	Communities, Titled, TitledP int
	Rate, RateP, ToTarget        string
	Met                          bool
}

// reportProgressOf lays the report's progress out for the page, or nil
// when the report has none.
func reportProgressOf(loc *Localizer, scope string, p *domain.ReportProgress) *reportProgress {
	if p == nil || len(p.Levels) == 0 {
		return nil
	}
	en := loc.Lang == langEN
	target := pct(p.Target)
	city, prov := p.Levels[0], p.Levels[len(p.Levels)-1]
	provOf := map[string]domain.ProgressCount{}
	for _, g := range prov.Regions {
		provOf[g.Code] = g.ProgressCount
	}
	row := func(code, name string, c, pc domain.ProgressCount) reportProgressRow {
		r := reportProgressRow{Code: code, Name: name, Communities: c.Communities, Titled: c.Titled, TitledP: pc.Titled,
			Rate: "—", RateP: "—", ToTarget: "—", Met: c.Met(p.Target)}
		if c.Communities > 0 {
			r.Rate, r.RateP, r.ToTarget = pct(c.Rate()), pct(pc.Rate()), strconv.Itoa(c.ToTarget(p.Target))
		}
		return r
	}
	v := &reportProgress{}
	t := city.Total
	switch {
	case t.Communities == 0:
		v.Intro = loc.T("web.report.progress.intro_empty", p.AsOf.String(), scope)
	case t.Met(p.Target):
		v.Intro = loc.T("web.report.progress.intro_met", p.AsOf.String(), scope, t.Titled, t.Communities, pct(t.Rate()),
			target, prov.Total.Titled)
	default:
		v.Intro = loc.T("web.report.progress.intro", p.AsOf.String(), scope, t.Titled, t.Communities, pct(t.Rate()),
			target, t.ToTarget(p.Target), prov.Total.Titled)
	}
	for _, g := range city.Regions {
		v.Rows = append(v.Rows, row(g.Code, regionLabel(en, g.Code), g.ProgressCount, provOf[g.Code]))
	}
	v.Rows = append(v.Rows, row("", loc.T("web.report.progress.total"), city.Total, prov.Total))
	for _, l := range p.Levels {
		var bars []svgchart.Bar
		for _, g := range l.Regions {
			note := "—"
			if g.Communities > 0 {
				note = pct(g.Rate()) + " · " + strconv.Itoa(g.Titled) + "/" + strconv.Itoa(g.Communities)
			}
			bars = append(bars, svgchart.Bar{Label: regionLabel(en, g.Code), Value: g.Rate(), Note: note})
		}
		level := loc.T("web.report.progress.level_" + string(l.Level))
		v.Charts = append(v.Charts, svgchart.Bars{ID: "report-progress-" + string(l.Level),
			Title: loc.T("web.report.progress.chart_title", level, p.AsOf.String()),
			Desc:  loc.T("web.report.progress.chart_desc", level, target), Bars: bars, Max: 1, Width: 520,
			Target: p.Target, TargetLabel: loc.T("web.progress.target_line", target),
			Empty: loc.T("web.progress.no_data")}.SVG())
	}
	return v
}
