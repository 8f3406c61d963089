package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/calendar"
)

// casePath is where typical cases live in the API.
const casePath = "/api/v1/campaign/cases"

// caseJSON is a typical case.
type caseJSON struct {
	ID               int64   `json:"id"`
	CommunityID      int64   `json:"community_id"`
	CommunityName    string  `json:"community_name"`
	CityCode         string  `json:"city_code"`
	RegionCode       string  `json:"region_code"`
	OrgID            *int64  `json:"org_id"`
	Bureau           string  `json:"bureau"`
	Title            string  `json:"title"`
	Text             string  `json:"text"`
	Status           string  `json:"status"`
	Creator          string  `json:"creator"`
	FirstPublishedAt *string `json:"first_published_at"`
	PublishedAt      *string `json:"published_at"`
	PublicURL        *string `json:"public_url"`
	Version          int     `json:"version"`
	CreatedAt        *string `json:"created_at"`
	UpdatedAt        *string `json:"updated_at"`
}

func toCaseJSON(v domain.CaseView) caseJSON {
	out := caseJSON{ID: v.ID, CommunityID: v.CommunityID, CommunityName: v.Community, CityCode: v.CityCode,
		RegionCode: v.RegionCode, OrgID: idJSON(v.OrgID), Bureau: v.Bureau, Title: v.Title, Text: v.Text,
		Status: string(v.Status), Creator: v.Creator, FirstPublishedAt: timeJSON(v.FirstPublishedAt),
		PublishedAt: timeJSON(v.PublishedAt), Version: v.Version, CreatedAt: timeJSON(v.CreatedAt),
		UpdatedAt: timeJSON(v.UpdatedAt)}
	if v.Status == domain.CasePublished {
		u := publicCasePath(v.ID)
		out.PublicURL = &u
	}
	return out
}

// caseInputJSON is a case as a client writes it.
type caseInputJSON struct {
	CommunityID int64  `json:"community_id"`
	Title       string `json:"title"`
	Text        string `json:"text"`
}

func (in caseInputJSON) input() domain.CaseInput {
	return domain.CaseInput{CommunityID: in.CommunityID, Title: in.Title, Text: in.Text}
}

// handleCaseList lists the cases in the user's scope: ?status=,
// ?community_id=.
func (a api) handleCaseList(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	f := domain.CaseFilter{Status: domain.CaseStatus(c.QueryParam("status"))}
	if v := c.QueryParam("community_id"); v != "" {
		if f.CommunityID, err = strconv.ParseInt(v, 10, 64); err != nil || f.CommunityID <= 0 {
			return domain.Invalid("request.id_invalid", v)
		}
	}
	l, err := a.deps.Cases.List(c.Request().Context(), actorOf(c), f, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(l, toCaseJSON))
}

// handleCaseCreate records a draft case.
func (a api) handleCaseCreate(c echo.Context) error {
	var in caseInputJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	v, err := a.deps.Cases.Create(c.Request().Context(), actorOf(c), in.input())
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, casePath+"/"+strconv.FormatInt(v.ID, 10))
	return c.JSON(http.StatusCreated, toCaseJSON(v))
}

// handleCaseGet returns one case.
func (a api) handleCaseGet(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := a.deps.Cases.Get(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCaseJSON(v))
}

// handleCaseUpdate rewrites a case.
func (a api) handleCaseUpdate(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in caseInputJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	v, err := a.deps.Cases.Update(c.Request().Context(), actorOf(c), id, in.input())
	if err != nil {
		return err
	}
	publicPages.clear()
	return c.JSON(http.StatusOK, toCaseJSON(v))
}

// handleCaseAct publishes or unpublishes a case.
func (a api) handleCaseAct(act domain.CaseAction) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c, "id")
		if err != nil {
			return err
		}
		v, err := a.deps.Cases.Act(c.Request().Context(), actorOf(c), id, act)
		if err != nil {
			return err
		}
		publicPages.clear() // the public case pages show the change at once
		return c.JSON(http.StatusOK, toCaseJSON(v))
	}
}

// exchangeJSON is an exchange activity.
type exchangeJSON struct {
	ID           int64   `json:"id"`
	Title        string  `json:"title"`
	HeldOn       *string `json:"held_on"`
	Place        string  `json:"place"`
	OrgID        int64   `json:"org_id"`
	Organiser    string  `json:"organiser"`
	Participants string  `json:"participants"`
	Summary      string  `json:"summary"`
	Creator      string  `json:"creator"`
	Version      int     `json:"version"`
	CreatedAt    *string `json:"created_at"`
	UpdatedAt    *string `json:"updated_at"`
}

func toExchangeJSON(x domain.ExchangeView) exchangeJSON {
	return exchangeJSON{ID: x.ID, Title: x.Title, HeldOn: dateJSON(x.HeldOn), Place: x.Place, OrgID: x.OrgID,
		Organiser: x.Organiser, Participants: x.Participants, Summary: x.Summary, Creator: x.Creator,
		Version: x.Version, CreatedAt: timeJSON(x.CreatedAt), UpdatedAt: timeJSON(x.UpdatedAt)}
}

// exchangeInputJSON is an exchange activity as a client writes it.
type exchangeInputJSON struct {
	Title        string `json:"title"`
	HeldOn       string `json:"held_on"`
	Place        string `json:"place"`
	OrgID        int64  `json:"org_id"`
	Participants string `json:"participants"`
	Summary      string `json:"summary"`
}

func (in exchangeInputJSON) input() (domain.ExchangeInput, error) {
	out := domain.ExchangeInput{Title: in.Title, Place: in.Place, OrgID: in.OrgID, Participants: in.Participants,
		Summary: in.Summary}
	if in.HeldOn != "" {
		d, err := calendar.ParseDate(in.HeldOn)
		if err != nil {
			return out, domain.Invalid("exchange.date_invalid", in.HeldOn)
		}
		out.HeldOn = d
	}
	return out, nil
}

// handleExchangeList lists the exchange activities the user may read.
func (a api) handleExchangeList(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	l, err := a.deps.Cases.Exchanges(c.Request().Context(), actorOf(c), domain.ExchangeFilter{}, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(l, toExchangeJSON))
}

// handleExchangeCreate records an exchange activity.
func (a api) handleExchangeCreate(c echo.Context) error {
	var body exchangeInputJSON
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	in, err := body.input()
	if err != nil {
		return err
	}
	x, err := a.deps.Cases.CreateExchange(c.Request().Context(), actorOf(c), in)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/campaign/exchanges/"+strconv.FormatInt(x.ID, 10))
	return c.JSON(http.StatusCreated, toExchangeJSON(x))
}

// handleExchangeGet returns one exchange activity.
func (a api) handleExchangeGet(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	x, err := a.deps.Cases.Exchange(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toExchangeJSON(x))
}

// handleExchangeUpdate rewrites an exchange activity.
func (a api) handleExchangeUpdate(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var body exchangeInputJSON
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	in, err := body.input()
	if err != nil {
		return err
	}
	x, err := a.deps.Cases.UpdateExchange(c.Request().Context(), actorOf(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toExchangeJSON(x))
}
