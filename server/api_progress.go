package server

import (
	"math"
	"net/http"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/calendar"
)

// progressPath and settingsPath are the campaign progress endpoints.
const (
	progressPath = "/api/v1/campaign/progress"
	settingsPath = "/api/v1/campaign/settings"
)

// figureJSON is one figure: titled of the active communities, and the
// rate (0 when there are none).
type figureJSON struct {
	Titled      int     `json:"titled"`
	Communities int     `json:"communities"`
	Rate        float64 `json:"rate"`
}

func toFigureJSON(c domain.ProgressCount) figureJSON {
	return figureJSON{Titled: c.Titled, Communities: c.Communities, Rate: roundRate(c.Rate())}
}

// roundRate keeps four decimals (a hundredth of a percent).
func roundRate(v float64) float64 { return math.Round(v*1e4) / 1e4 }

type countyProgressJSON struct {
	RegionCode string `json:"region_code"`
	Name       string `json:"name"`
	NameEn     string `json:"name_en"`
	figureJSON
}

type cityProgressJSON struct {
	RegionCode string `json:"region_code"`
	Name       string `json:"name"`
	NameEn     string `json:"name_en"`
	figureJSON
	Counties []countyProgressJSON `json:"counties"`
}

type trendJSON struct {
	Month string `json:"month"`
	On    string `json:"on"`
	figureJSON
}

type projectionJSON struct {
	ReachesTargetOn *string `json:"reaches_target_on,omitempty"`
	MonthlyRate     float64 `json:"monthly_rate"`
	Needed          int     `json:"needed"`
	Reached         bool    `json:"reached"`
}

type campaignProgressJSON struct {
	AsOf       string             `json:"as_of"`
	Level      string             `json:"level"`
	Target     float64            `json:"target"`
	StartDate  string             `json:"start_date"`
	TargetDate string             `json:"target_date"`
	Province   *figureJSON        `json:"province"`
	Cities     []cityProgressJSON `json:"cities"`
	Trend      []trendJSON        `json:"trend"`
	Projection projectionJSON     `json:"projection"`
	Pipeline   map[string]int     `json:"pipeline"`
}

func toCampaignProgressJSON(p domain.Progress) campaignProgressJSON {
	out := campaignProgressJSON{AsOf: p.AsOf.String(), Level: string(p.Level), Target: p.Settings.Target,
		StartDate: p.Settings.StartOn.String(), TargetDate: p.Settings.TargetOn.String(),
		Cities: []cityProgressJSON{}, Trend: []trendJSON{}, Pipeline: map[string]int{},
		Projection: projectionJSON{MonthlyRate: roundRate(p.Projection.MonthlyRate), Needed: p.Projection.Needed,
			Reached: p.Projection.Reached}}
	if p.Province != nil {
		f := toFigureJSON(*p.Province)
		out.Province = &f
	}
	for _, c := range p.Cities {
		zh, en := domain.RegionNames(c.Code)
		cj := cityProgressJSON{RegionCode: c.Code, Name: zh, NameEn: en, figureJSON: toFigureJSON(c.ProgressCount),
			Counties: []countyProgressJSON{}}
		for _, co := range c.Counties {
			zh, en := domain.RegionNames(co.Code)
			cj.Counties = append(cj.Counties, countyProgressJSON{RegionCode: co.Code, Name: zh, NameEn: en,
				figureJSON: toFigureJSON(co.ProgressCount)})
		}
		out.Cities = append(out.Cities, cj)
	}
	for _, t := range p.Trend {
		out.Trend = append(out.Trend, trendJSON{Month: t.Month, On: t.On.String(), figureJSON: toFigureJSON(t.ProgressCount)})
	}
	if !p.Projection.ReachesOn.IsZero() {
		s := p.Projection.ReachesOn.String()
		out.Projection.ReachesTargetOn = &s
	}
	for _, pc := range p.Pipeline {
		out.Pipeline[string(pc.Status)] = pc.N
	}
	return out
}

// progressRequestOf reads ?as_of= (today when absent) and ?level=.
func progressRequestOf(c echo.Context) (domain.ProgressRequest, error) {
	r := domain.ProgressRequest{Level: domain.StandardLevel(c.QueryParam("level"))}
	if v := c.QueryParam("as_of"); v != "" {
		d, err := calendar.ParseDate(v)
		if err != nil {
			return r, domain.Invalid("request.date_invalid", "as_of", v)
		}
		r.AsOf = d
	}
	return r, nil
}

// handleProgress answers the campaign's progress as of a day.
func (a api) handleProgress(c echo.Context) error {
	r, err := progressRequestOf(c)
	if err != nil {
		return err
	}
	p, err := a.deps.Progress.Progress(c.Request().Context(), actorOf(c), r)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCampaignProgressJSON(p))
}

// settingsJSON is the campaign's settings; version 0 is the defaults.
type settingsJSON struct {
	Target     float64 `json:"target"`
	StartDate  string  `json:"start_date"`
	TargetDate string  `json:"target_date"`
	Version    int     `json:"version"`
	UpdatedAt  *string `json:"updated_at"`
}

func toSettingsJSON(s domain.CampaignSettings) settingsJSON {
	return settingsJSON{Target: s.Target, StartDate: s.StartOn.String(), TargetDate: s.TargetOn.String(),
		Version: s.Version, UpdatedAt: timeJSON(s.UpdatedAt)}
}

// settingsInputJSON is PUT's body: version is the one last read.
type settingsInputJSON struct {
	Target     float64 `json:"target"`
	StartDate  string  `json:"start_date"`
	TargetDate string  `json:"target_date"`
	Version    int     `json:"version"`
	UpdatedAt  *string `json:"updated_at"` // read-only; a client may send back what it got
}

func (in settingsInputJSON) settings() (domain.CampaignSettings, error) {
	s := domain.CampaignSettings{Target: in.Target, Version: in.Version}
	var p domain.Problems
	for _, f := range []struct {
		name, v string
		dst     *domain.Date
	}{{"start_date", in.StartDate, &s.StartOn}, {"target_date", in.TargetDate, &s.TargetOn}} {
		if f.v == "" {
			continue // Validate names it
		}
		d, err := calendar.ParseDate(f.v)
		p.Add(err != nil, "request.date_invalid", f.name, f.v)
		*f.dst = d
	}
	return s, p.Err()
}

// handleSettingsGet returns the campaign's settings.
func (a api) handleSettingsGet(c echo.Context) error {
	s, err := a.deps.Progress.Settings(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSettingsJSON(s))
}

// handleSettingsPut saves new settings (admins); 409 when the version is
// not the latest.
func (a api) handleSettingsPut(c echo.Context) error {
	var in settingsInputJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	s, err := in.settings()
	if err != nil {
		return err
	}
	s, err = a.deps.Progress.SaveSettings(c.Request().Context(), actorOf(c), s)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSettingsJSON(s))
}
