package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// titleRow is a title in the staff's list.
type titleRow struct {
	ID            int64
	Community     string
	City          string
	Level         string
	CertificateNo string
	GrantedOn     string
	ExpiresOn     string
	Status        string
	StatusCode    string
	EndedOn       string
}

func titleRowOf(loc *Localizer, t domain.TitleView) titleRow {
	r := titleRow{ID: t.ID, Community: t.Community, City: domain.RegionName(t.CityCode, loc.Lang == "en"),
		Level: loc.T("web.campaign.level." + string(t.Level)), CertificateNo: t.CertificateNo,
		GrantedOn: t.GrantedOn.String(), ExpiresOn: t.ExpiresOn.String(),
		Status: loc.T("web.campaign.title_status." + string(t.Status)), StatusCode: string(t.Status)}
	if !t.EndedOn.IsZero() {
		r.EndedOn = t.EndedOn.String()
	}
	return r
}

// titlesData is the staff's title list.
type titlesData struct {
	Statuses []option
	Levels   []option
	Items    []titleRow
	Pager    pager
}

// handleTitlePage lists the titles in the user's scope, filtered by status
// and level.
func (s *Server) handleTitlePage(c echo.Context) error {
	f := domain.TitleFilter{Status: domain.TitleStatus(c.QueryParam("status")),
		Level: domain.StandardLevel(c.QueryParam("level"))}
	pg, err := domain.NewPage(0, c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	ctx, a, loc := c.Request().Context(), actorOf(c), s.localizer(c)
	l, err := s.deps.Notices.Titles(ctx, a, f, pg)
	if err != nil {
		return err
	}
	d := titlesData{Pager: newPager(c, l.Next, len(l.Items)),
		Statuses: codeOptions(loc, "web.campaign.title_status.", domain.TitleStatuses(), string(f.Status)),
		Levels: codeOptions(loc, "web.campaign.level.", []domain.StandardLevel{domain.LevelCity, domain.LevelProvince},
			string(f.Level))}
	for _, t := range l.Items {
		d.Items = append(d.Items, titleRowOf(loc, t))
	}
	return s.render(c, http.StatusOK, "campaign_titles", s.newPage(c, "web.title.campaign_titles", d))
}

// spotCheckRow is a spot check on the title page.
type spotCheckRow struct {
	CheckedOn, Inspectors, Findings string
	Passed                          bool
}

// titlePageData is a title's staff page.
type titlePageData struct {
	Title        titleRow
	Reason       string
	CanAct       bool
	Checks       []spotCheckRow
	FailedCheck  bool
	Reassesses   int64
	Reassessment int64
	ReassessCode string
	Reassess     string
	Flash        string
	Form         string // which form the error is for: spot_check or revoke
	Error        string
	In           spotCheckForm
	Today        string
}

// spotCheckForm is the spot-check and revoke forms as submitted.
type spotCheckForm struct {
	CheckedOn, Inspectors, Findings, Passed, Reason string
}

// handleTitleDetail shows a title with its history and its forms.
func (s *Server) handleTitleDetail(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.renderTitle(c, http.StatusOK, id, titlePageData{})
}

func (s *Server) renderTitle(c echo.Context, status int, id int64, d titlePageData) error {
	ctx, a, loc := c.Request().Context(), actorOf(c), s.localizer(c)
	t, err := s.deps.Notices.Title(ctx, a, id)
	if err != nil {
		return err
	}
	sc, err := s.deps.Notices.Scope(ctx, a)
	if err != nil {
		return err
	}
	d.Title, d.Reason, d.FailedCheck, d.Reassesses = titleRowOf(loc, t.TitleView), t.Reason, t.FailedCheck, t.Reassesses
	d.CanAct = t.Status == domain.TitleActive && domain.CanActOnTitle(sc, t.Level, t.CityCode)
	d.Flash = flashOf(loc, c.QueryParam("done"))
	d.Today = s.deps.Notices.Now().In(s.deps.Location).Format("2006-01-02")
	if t.Reassessment != nil {
		d.Reassessment, d.ReassessCode = t.Reassessment.ID, string(t.Reassessment.Status)
	}
	for _, x := range t.SpotChecks {
		d.Checks = append(d.Checks, spotCheckRow{CheckedOn: x.CheckedOn.String(), Inspectors: x.Inspectors,
			Findings: x.Findings, Passed: x.Passed})
	}
	return s.render(c, status, "campaign_title", s.newPage(c, "web.title.campaign_title", d))
}

// handleSpotCheckForm records a spot check from the title page.
func (s *Server) handleSpotCheckForm(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	in := spotCheckForm{CheckedOn: c.FormValue("checked_on"), Inspectors: c.FormValue("inspectors"),
		Findings: c.FormValue("findings"), Passed: c.FormValue("passed")}
	var passed *bool
	if in.Passed == "yes" || in.Passed == "no" {
		v := in.Passed == "yes"
		passed = &v
	}
	sc, err := spotCheckOf(spotCheckInputJSON{CheckedOn: in.CheckedOn, Inspectors: in.Inspectors,
		Findings: in.Findings, Passed: passed})
	if err == nil {
		_, err = s.deps.Notices.AddSpotCheck(c.Request().Context(), actorOf(c), id, sc)
	}
	return s.titleFormDone(c, id, "spot_check", in, err)
}

// handleTitleRevokeForm revokes a title from its page.
func (s *Server) handleTitleRevokeForm(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	in := spotCheckForm{Reason: c.FormValue("reason")}
	_, err = s.deps.Notices.Revoke(c.Request().Context(), actorOf(c), id, in.Reason)
	return s.titleFormDone(c, id, "revoke", in, err)
}

func (s *Server) titleFormDone(c echo.Context, id int64, form string, in spotCheckForm, err error) error {
	if err == nil {
		publicPages.clear()
		return c.Redirect(http.StatusSeeOther, "/campaign/titles/"+strconv.FormatInt(id, 10)+"?done=title_"+form)
	}
	status, msg, ok := s.formError(c, err)
	if !ok {
		return err
	}
	return s.renderTitle(c, status, id, titlePageData{Form: form, Error: msg, In: in})
}
