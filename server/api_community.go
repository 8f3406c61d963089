package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

type communityJSON struct {
	ID              int64  `json:"id"`
	Code            string `json:"code"`
	Name            string `json:"name"`
	NameEn          string `json:"name_en"`
	City            string `json:"city"`
	County          string `json:"county"`
	Region          string `json:"region"`
	Scale           string `json:"scale"`
	Pilot           bool   `json:"pilot"`
	Active          bool   `json:"active"`
	RegionCode      string `json:"region_code"`
	CityCode        string `json:"city_code"`
	Address         string `json:"address"`
	HousingType     string `json:"housing_type"`
	Households      int    `json:"households"`
	PropertyManaged bool   `json:"property_managed"`
	PropertyCompany string `json:"property_company"`
}

func toCommunityJSON(m domain.Community) communityJSON {
	return communityJSON{ID: m.ID, Code: m.Code, Name: m.Name, NameEn: m.NameEn, City: m.City,
		County: m.County, Region: m.Region, Scale: m.Scale, Pilot: m.Pilot, Active: m.Active,
		RegionCode: m.RegionCode, CityCode: m.CityCode, Address: m.Address, HousingType: m.HousingType,
		Households: m.Households, PropertyManaged: m.PropertyManaged, PropertyCompany: m.PropertyCompany}
}

// communityInputJSON is the body of POST (code required) and PATCH (code
// not allowed; absent fields stay as they are).
type communityInputJSON struct {
	Code   *string `json:"code"`
	Name   *string `json:"name"`
	NameEn *string `json:"name_en"`
	Region *string `json:"region"`
	City   *string `json:"city"`
	County *string `json:"county"`
	Scale  *string `json:"scale"`
	Pilot  *bool   `json:"pilot"`
	Active *bool   `json:"active"`

	RegionCode      *string `json:"region_code"`
	Address         *string `json:"address"`
	HousingType     *string `json:"housing_type"`
	Households      *int    `json:"households"`
	PropertyManaged *bool   `json:"property_managed"`
	PropertyCompany *string `json:"property_company"`
}

func (in communityInputJSON) command() domain.SaveCommunity {
	s := domain.SaveCommunity{Name: in.Name, NameEn: in.NameEn, Region: in.Region, City: in.City,
		County: in.County, Scale: in.Scale, Pilot: in.Pilot, Active: in.Active,
		RegionCode: in.RegionCode, Address: in.Address, HousingType: in.HousingType, Households: in.Households,
		PropertyManaged: in.PropertyManaged, PropertyCompany: in.PropertyCompany}
	if in.Code != nil {
		s.Code = *in.Code
	}
	return s
}

// communityFilterOf reads the list's filters: ?region, ?region_code,
// ?housing_type, ?property_managed, ?pilot, ?q and ?active.
func communityFilterOf(c echo.Context) (domain.CommunityFilter, error) {
	pilot, err := queryBool(c, "pilot")
	if err != nil {
		return domain.CommunityFilter{}, err
	}
	active, err := queryBool(c, "active")
	if err != nil {
		return domain.CommunityFilter{}, err
	}
	managed, err := queryBool(c, "property_managed")
	if err != nil {
		return domain.CommunityFilter{}, err
	}
	return domain.CommunityFilter{Region: c.QueryParam("region"), Pilot: pilot, Q: c.QueryParam("q"), Active: active,
		Place: c.QueryParam("region_code"), HousingType: c.QueryParam("housing_type"), PropertyManaged: managed}, nil
}

// handleCommunityList lists communities (every signed-in user reads the
// whole register, which forms pick from).
func (a api) handleCommunityList(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	f, err := communityFilterOf(c)
	if err != nil {
		return err
	}
	l, err := a.deps.Catalog.Communities(c.Request().Context(), actorOf(c), f, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(l, toCommunityJSON))
}

// handleCommunityGet returns one community.
func (a api) handleCommunityGet(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	m, err := a.deps.Catalog.Community(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCommunityJSON(m))
}

// handleCommunityCreate adds a community (the province; a bureau in its place).
func (a api) handleCommunityCreate(c echo.Context) error {
	var in communityInputJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	m, err := a.deps.Catalog.CreateCommunity(c.Request().Context(), actorOf(c), in.command())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toCommunityJSON(m))
}

// handleCommunityUpdate edits a community (the province; a bureau in its
// place); its code never changes.
func (a api) handleCommunityUpdate(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in communityInputJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if in.Code != nil {
		return domain.Invalid("request.field_read_only", "code")
	}
	m, err := a.deps.Catalog.UpdateCommunity(c.Request().Context(), actorOf(c), id, in.command())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCommunityJSON(m))
}
