package server

import (
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/server/svgchart"
)

// canSeeProgressNav says whether the progress link belongs in a user's
// navigation: the province and leadership; the navigation adds city
// bureaus (navItem.bureau), which the role alone does not tell apart.
func canSeeProgressNav(a domain.Actor) bool {
	return a.Role == domain.RoleAdmin || a.Role == domain.RoleLead || a.Role == domain.RoleLeadership
}

// progressPageData is the dashboard's content.
type progressPageData struct {
	AsOf       string
	Levels     []option
	Head       string
	Tiles      []reportTile
	Projection string
	Trend      template.HTML
	CityChart  template.HTML
	Pipeline   template.HTML
	Cities     []progressRow
	Stages     []progressStage
	Admin      bool
	Form       settingsForm
	FormError  string
	Saved      bool
}

// progressRow is a city (with its counties) in the table under the bars.
type progressRow struct {
	Code, Name, Rate    string
	Titled, Communities int
	Counties            []progressRow
}

// progressStage is one status of the pipeline.
type progressStage struct {
	Status, Label string
	N             int
}

// settingsForm is the admin's form; Target is a percentage.
type settingsForm struct {
	Target, Start, TargetDate string
	Version                   int
}

// handleProgressPage shows the campaign's progress as of ?as_of= at
// ?level=, with the settings form for admins.
func (s *Server) handleProgressPage(c echo.Context) error {
	return s.progressPage(c, http.StatusOK, nil)
}

func (s *Server) progressPage(c echo.Context, status int, form *progressPageData) error {
	r, err := progressRequestOf(c)
	if err != nil {
		return err
	}
	a := actorOf(c)
	p, err := s.deps.Progress.Progress(c.Request().Context(), a, r)
	if err != nil {
		return err
	}
	loc := s.localizer(c)
	d := progressPageDataOf(loc, p)
	d.Admin = a.Role == domain.RoleAdmin
	d.Form = settingsForm{Target: percentInput(p.Settings.Target), Start: p.Settings.StartOn.String(),
		TargetDate: p.Settings.TargetOn.String(), Version: p.Settings.Version}
	d.Saved = c.QueryParam("saved") == "1"
	if form != nil {
		d.Form, d.FormError = form.Form, form.FormError
	}
	return s.render(c, status, "progress", s.newPage(c, "web.title.progress", d))
}

// percentInput shows a fraction as the form's percentage ("50", "62.5").
func percentInput(v float64) string { return strconv.FormatFloat(math.Round(v*1e4)/100, 'f', -1, 64) }

// pct shows a rate as a percentage with one decimal.
func pct(v float64) string { return strconv.FormatFloat(math.Round(v*1000)/10, 'f', 1, 64) + "%" }

func regionLabel(en bool, code string) string {
	zh, e := domain.RegionNames(code)
	switch {
	case en && e != "":
		return e
	case zh != "":
		return zh
	}
	return code
}

func progressPageDataOf(loc *Localizer, p domain.Progress) progressPageData {
	en := loc.Lang == langEN
	level := loc.T("web.progress.level_" + string(p.Level))
	target := pct(p.Settings.Target)
	d := progressPageData{AsOf: p.AsOf.String()}
	for _, l := range []domain.StandardLevel{domain.LevelCity, domain.LevelProvince} {
		d.Levels = append(d.Levels, option{Value: string(l), Label: loc.T("web.progress.level_" + string(l)),
			Selected: l == p.Level})
	}
	scope := loc.T("web.progress.province")
	if p.Province == nil && len(p.Cities) == 1 {
		scope = regionLabel(en, p.Cities[0].Code)
	}
	d.Head = loc.T("web.progress.head", scope, level, p.AsOf.String())
	d.Tiles = []reportTile{
		{Name: "rate", Key: "web.progress.fig.rate", Value: pct(p.Total.Rate()), Alert: p.Total.Rate() < p.Settings.Target},
		{Name: "titled", Key: "web.progress.fig.titled", Value: strconv.Itoa(p.Total.Titled)},
		{Name: "communities", Key: "web.progress.fig.communities", Value: strconv.Itoa(p.Total.Communities)},
		{Name: "target", Key: "web.progress.fig.target", Value: target},
		{Name: "target_date", Key: "web.progress.fig.target_date", Value: p.Settings.TargetOn.String()},
		{Name: "needed", Key: "web.progress.fig.needed", Value: strconv.Itoa(p.Projection.Needed)},
	}
	rate := strconv.FormatFloat(math.Round(p.Projection.MonthlyRate*10)/10, 'f', -1, 64)
	switch pr := p.Projection; {
	case p.Total.Communities == 0:
		d.Projection = loc.T("web.progress.projection_empty")
	case pr.Reached:
		d.Projection = loc.T("web.progress.projection_reached", target)
	case !pr.ReachesOn.IsZero():
		key := "web.progress.projection_on"
		if pr.ReachesOn.After(p.Settings.TargetOn) {
			key = "web.progress.projection_late"
		}
		d.Projection = loc.T(key, domain.ProjectionMonths, rate, pr.ReachesOn.String(), p.Settings.TargetOn.String())
	default:
		d.Projection = loc.T("web.progress.projection_never", domain.ProjectionMonths, rate)
	}

	// The trend.
	var pts []svgchart.Point
	for _, t := range p.Trend {
		pts = append(pts, svgchart.Point{Label: t.Month, Value: t.Rate()})
	}
	first, last := "", ""
	if n := len(p.Trend); n > 0 {
		first, last = p.Trend[0].Month, p.Trend[n-1].Month
	}
	d.Trend = svgchart.Line{ID: "chart-trend", Title: loc.T("web.progress.trend_title", scope, level),
		Desc:   loc.T("web.progress.trend_desc", first, last, pct(p.Total.Rate()), target),
		Points: pts, Max: 1, Width: 560, Height: 260, Target: p.Settings.Target, TargetLabel: loc.T("web.progress.target_line", target),
		Empty: loc.T("web.progress.no_data")}.SVG()

	// The cities against the target.
	var bars []svgchart.Bar
	var best, worst string
	bestRate, worstRate := -1.0, 2.0
	for _, c := range p.Cities {
		name := regionLabel(en, c.Code)
		row := progressRow{Code: c.Code, Name: name, Rate: pct(c.Rate()), Titled: c.Titled, Communities: c.Communities}
		for _, co := range c.Counties {
			row.Counties = append(row.Counties, progressRow{Code: co.Code, Name: regionLabel(en, co.Code),
				Rate: pct(co.Rate()), Titled: co.Titled, Communities: co.Communities})
		}
		d.Cities = append(d.Cities, row)
		bars = append(bars, svgchart.Bar{Label: name, Value: c.Rate(),
			Note: pct(c.Rate()) + " · " + strconv.Itoa(c.Titled) + "/" + strconv.Itoa(c.Communities)})
		if c.Communities > 0 && c.Rate() > bestRate {
			best, bestRate = name, c.Rate()
		}
		if c.Communities > 0 && c.Rate() < worstRate {
			worst, worstRate = name, c.Rate()
		}
	}
	desc := loc.T("web.progress.cities_desc_empty", target)
	if best != "" {
		desc = loc.T("web.progress.cities_desc", target, best, pct(bestRate), worst, pct(worstRate))
	}
	d.CityChart = svgchart.Bars{ID: "chart-cities", Title: loc.T("web.progress.cities_title", level), Desc: desc,
		Bars: bars, Max: 1, Width: 520, Target: p.Settings.Target, TargetLabel: loc.T("web.progress.target_line", target),
		Empty: loc.T("web.progress.no_data")}.SVG()

	// The pipeline.
	var stages []svgchart.Bar
	top, total := 0, 0
	for _, pc := range p.Pipeline {
		label := loc.T("web.progress.status." + string(pc.Status))
		d.Stages = append(d.Stages, progressStage{Status: string(pc.Status), Label: label, N: pc.N})
		stages = append(stages, svgchart.Bar{Label: label, Value: float64(pc.N), Note: strconv.Itoa(pc.N)})
		top = max(top, pc.N)
		total += pc.N
	}
	if total == 0 {
		stages = nil
	}
	// The scale's end is a multiple of 4, so that its quarter marks are
	// whole numbers.
	d.Pipeline = svgchart.Bars{ID: "chart-pipeline", Title: loc.T("web.progress.pipeline_title"), Width: 520,
		Desc: loc.T("web.progress.pipeline_desc", total), Bars: stages, Max: float64((max(top, 1) + 3) / 4 * 4),
		Format: func(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) },
		Empty:  loc.T("web.progress.no_applications")}.SVG()
	return d
}

// handleSettingsSubmit saves the admin's settings form: back to the page
// with a confirmation, or the page again with the form's error.
func (s *Server) handleSettingsSubmit(c echo.Context) error {
	f := settingsForm{Target: strings.TrimSpace(c.FormValue("target")), Start: strings.TrimSpace(c.FormValue("start_date")),
		TargetDate: strings.TrimSpace(c.FormValue("target_date"))}
	f.Version, _ = strconv.Atoi(c.FormValue("version"))
	err := func() error {
		var p domain.Problems
		in := domain.CampaignSettings{Version: f.Version}
		v, perr := strconv.ParseFloat(f.Target, 64)
		p.Add(perr != nil, "progress.target_invalid")
		in.Target = v / 100
		for _, x := range []struct {
			name, v string
			dst     *domain.Date
		}{{"start_date", f.Start, &in.StartOn}, {"target_date", f.TargetDate, &in.TargetOn}} {
			if x.v == "" {
				continue
			}
			d, derr := calendar.ParseDate(x.v)
			p.Add(derr != nil, "request.date_invalid", x.name, x.v)
			*x.dst = d
		}
		if err := p.Err(); err != nil {
			return err
		}
		_, err := s.deps.Progress.SaveSettings(c.Request().Context(), actorOf(c), in)
		return err
	}()
	if err == nil {
		return c.Redirect(http.StatusSeeOther, "/campaign/progress?saved=1")
	}
	status, msg, ok := s.formError(c, err)
	if !ok {
		return err
	}
	return s.progressPage(c, status, &progressPageData{Form: f, FormError: msg})
}
