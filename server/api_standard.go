package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// standardPath is where the campaign's standards live in the API.
const standardPath = "/api/v1/campaign/standards"

// pointsJSON is an indicator's points per community scale; null where it
// does not apply.
type pointsJSON struct {
	ResidentialDistrict *int `json:"residential_district"`
	Neighborhood        *int `json:"neighborhood"`
	Cluster             *int `json:"cluster"`
}

// indicatorJSON is one line of a scoring sheet.
type indicatorJSON struct {
	Code             string     `json:"code"`
	Dimension        string     `json:"dimension"`
	Title            string     `json:"title"`
	Guidance         string     `json:"guidance"`
	Assessment       []string   `json:"assessment"`
	EvidenceRequired bool       `json:"evidence_required"`
	Veto             bool       `json:"veto"`
	Points           pointsJSON `json:"points"`
}

// standardJSON is a campaign standard as clients see it; region_code is
// left out for a province standard.
type standardJSON struct {
	ID         int64           `json:"id"`
	Name       string          `json:"name"`
	Level      string          `json:"level"`
	RegionCode string          `json:"region_code,omitempty"`
	Version    int             `json:"version"`
	Status     string          `json:"status"`
	PassScore  int             `json:"pass_score"`
	MaxScores  pointsJSON      `json:"max_scores"`
	Indicators []indicatorJSON `json:"indicators"`
	CreatedAt  *string         `json:"created_at"`
	UpdatedAt  *string         `json:"updated_at"`
}

func toStandardJSON(s domain.Standard) standardJSON {
	out := standardJSON{ID: s.ID, Name: s.Name, Level: string(s.Level), RegionCode: s.RegionCode, Version: s.Version,
		Status: string(s.Status), PassScore: s.PassScore, Indicators: make([]indicatorJSON, 0, len(s.Indicators)),
		CreatedAt: timeJSON(s.CreatedAt), UpdatedAt: timeJSON(s.UpdatedAt)}
	top := map[string]*int{}
	for _, sc := range domain.Scales() {
		if v := s.MaxScore(sc); v > 0 {
			top[sc] = &v
		}
	}
	out.MaxScores = pointsJSON{top["residential_district"], top["neighborhood"], top["cluster"]}
	for _, in := range s.Indicators {
		methods := in.Methods
		if methods == nil {
			methods = []string{}
		}
		out.Indicators = append(out.Indicators, indicatorJSON{Code: in.Code, Dimension: in.Dimension, Title: in.Title,
			Guidance: in.Guidance, Assessment: methods, EvidenceRequired: in.Evidence, Veto: in.Veto,
			Points: pointsJSON{in.Points["residential_district"], in.Points["neighborhood"], in.Points["cluster"]}})
	}
	return out
}

// standardInputJSON is the body of POST and PUT: a whole standard, as a
// draft holds it.
type standardInputJSON struct {
	Name       string          `json:"name"`
	Level      string          `json:"level"`
	RegionCode string          `json:"region_code"`
	PassScore  int             `json:"pass_score"`
	Indicators []indicatorJSON `json:"indicators"`
	// Read-only fields a client may send back as it got them.
	ID        *int64      `json:"id"`
	Version   *int        `json:"version"`
	Status    *string     `json:"status"`
	MaxScores *pointsJSON `json:"max_scores"`
	CreatedAt *string     `json:"created_at"`
	UpdatedAt *string     `json:"updated_at"`
}

func (in standardInputJSON) command() domain.StandardInput {
	out := domain.StandardInput{Name: in.Name, Level: domain.StandardLevel(in.Level), RegionCode: in.RegionCode,
		PassScore: in.PassScore}
	for _, x := range in.Indicators {
		out.Indicators = append(out.Indicators, domain.Indicator{Code: x.Code, Dimension: x.Dimension, Title: x.Title,
			Guidance: x.Guidance, Methods: x.Assessment, Evidence: x.EvidenceRequired, Veto: x.Veto,
			Points: map[string]*int{"residential_district": x.Points.ResidentialDistrict,
				"neighborhood": x.Points.Neighborhood, "cluster": x.Points.Cluster}})
	}
	return out
}

// handleStandardList lists standards by ID; ?level, ?region_code and
// ?status filter. Drafts only for those who edit standards.
func (a api) handleStandardList(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	f := domain.StandardFilter{Level: domain.StandardLevel(c.QueryParam("level")),
		RegionCode: c.QueryParam("region_code"), Status: domain.StandardStatus(c.QueryParam("status"))}
	l, err := a.deps.Standards.Standards(c.Request().Context(), actorOf(c), f, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(l, toStandardJSON))
}

// handleStandardCreate adds a draft standard.
func (a api) handleStandardCreate(c echo.Context) error {
	var in standardInputJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	s, err := a.deps.Standards.Create(c.Request().Context(), actorOf(c), in.command())
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, standardPath+"/"+strconv.FormatInt(s.ID, 10))
	return c.JSON(http.StatusCreated, toStandardJSON(s))
}

// handleStandardGet returns one standard.
func (a api) handleStandardGet(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	s, err := a.deps.Standards.Standard(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toStandardJSON(s))
}

// handleStandardPut replaces a draft; a published or retired standard is 409.
func (a api) handleStandardPut(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in standardInputJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	s, err := a.deps.Standards.Update(c.Request().Context(), actorOf(c), id, in.command())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toStandardJSON(s))
}

// handleStandardPublish publishes a complete draft.
func (a api) handleStandardPublish(c echo.Context) error {
	return a.moveStandard(c, a.deps.Standards.Publish)
}

// handleStandardRetire retires a published standard.
func (a api) handleStandardRetire(c echo.Context) error {
	return a.moveStandard(c, a.deps.Standards.Retire)
}

// moveStandard runs a service method that moves a standard (Publish, Retire).
func (a api) moveStandard(c echo.Context,
	move func(ctx context.Context, a domain.Actor, id int64) (domain.Standard, error)) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	s, err := move(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toStandardJSON(s))
}

// handleStandardCopy makes a new draft version of a standard.
func (a api) handleStandardCopy(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	s, err := a.deps.Standards.Copy(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, standardPath+"/"+strconv.FormatInt(s.ID, 10))
	return c.JSON(http.StatusCreated, toStandardJSON(s))
}
