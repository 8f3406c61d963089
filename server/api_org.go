package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/catalog"
)

type orgJSON struct {
	ID           int64  `json:"id"`
	Code         string `json:"code"`
	Name         string `json:"name"`
	NameEn       string `json:"name_en"`
	Type         string `json:"type"`
	Region       string `json:"region"`
	Level        string `json:"level"`
	ContactEmail string `json:"contact_email"`
	HeadName     string `json:"head_name"`
	HeadEmail    string `json:"head_email"`
	Active       bool   `json:"active"`
}

func toOrgJSON(o domain.Organization) orgJSON {
	return orgJSON{ID: o.ID, Code: o.Code, Name: o.Name, NameEn: o.NameEn, Type: o.Type,
		Region: o.Region, Level: o.Level, ContactEmail: o.ContactEmail, HeadName: o.HeadName,
		HeadEmail: o.HeadEmail, Active: o.Active}
}

// orgInputJSON is the body of POST (code required) and PATCH (code not
// allowed; absent fields stay as they are).
type orgInputJSON struct {
	Code         *string `json:"code"`
	Name         *string `json:"name"`
	NameEn       *string `json:"name_en"`
	Type         *string `json:"type"`
	Region       *string `json:"region"`
	Level        *string `json:"level"`
	ContactEmail *string `json:"contact_email"`
	HeadName     *string `json:"head_name"`
	HeadEmail    *string `json:"head_email"`
	Active       *bool   `json:"active"`
}

func (in orgInputJSON) command() domain.SaveOrganization {
	s := domain.SaveOrganization{Name: in.Name, NameEn: in.NameEn, Type: in.Type, Region: in.Region,
		Level: in.Level, ContactEmail: in.ContactEmail, HeadName: in.HeadName, HeadEmail: in.HeadEmail,
		Active: in.Active}
	if in.Code != nil {
		s.Code = *in.Code
	}
	return s
}

type orgTypeJSON struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
	Group  string `json:"group"`
}

// handleOrgTypeList lists the 26 organisation types. They are fixed, so
// the list is one page.
func (a api) handleOrgTypeList(c echo.Context) error {
	out := listJSON[orgTypeJSON]{Items: []orgTypeJSON{}}
	for _, t := range catalog.OrgTypes() {
		out.Items = append(out.Items, orgTypeJSON{Code: t.Code, Name: t.Name, NameEn: t.NameEn, Group: t.Group})
	}
	return c.JSON(http.StatusOK, out)
}

// handleOrgList lists organisations; ?type, ?region, ?q and ?active filter.
func (a api) handleOrgList(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	active, err := queryBool(c, "active")
	if err != nil {
		return err
	}
	f := domain.OrgFilter{Type: c.QueryParam("type"), Region: c.QueryParam("region"),
		Q: c.QueryParam("q"), Active: active}
	l, err := a.deps.Catalog.Organizations(c.Request().Context(), actorOf(c), f, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(l, toOrgJSON))
}

// handleOrgGet returns one organisation.
func (a api) handleOrgGet(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	o, err := a.deps.Catalog.Organization(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toOrgJSON(o))
}

// handleOrgCreate adds an organisation (admin).
func (a api) handleOrgCreate(c echo.Context) error {
	var in orgInputJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	o, err := a.deps.Catalog.CreateOrganization(c.Request().Context(), actorOf(c), in.command())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toOrgJSON(o))
}

// handleOrgUpdate edits an organisation (admin); its code never changes.
func (a api) handleOrgUpdate(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in orgInputJSON
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if in.Code != nil {
		return domain.Invalid("request.field_read_only", "code")
	}
	o, err := a.deps.Catalog.UpdateOrganization(c.Request().Context(), actorOf(c), id, in.command())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toOrgJSON(o))
}
