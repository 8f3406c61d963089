package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// The communities page is the register (保障房小区台账): filters, the list,
// the template and the export, and for the province and the housing
// bureaus the import form and the add and edit forms.

// communityRow is one community as the table shows it.
type communityRow struct {
	ID                                          int64
	Name, NameAlt, Code, City, County, Address  string
	ScaleKey, HousingKey, Company, HouseholdsTx string
	Managed, Pilot, Active, Editable            bool
}

// importView is the outcome of an import or a dry run on the page.
type importView struct {
	DryRun                            bool
	Rows, Created, Updated, Unchanged int
	Errors                            []problemJSON
}

// communityPageData is the communities page's content.
type communityPageData struct {
	Cities       []option
	Counties     []optGroup
	HousingTypes []option
	Managed      []option
	Q            string
	PilotOnly    bool
	Filtered     bool
	Items        []communityRow
	Pager        pager
	CanEdit      bool
	ExportURL    string
	ImportAction string // the import form's target, carrying the list's filters back
	Import       *importView
	ImportError  string
	Done         string
}

// webCommunityFilter reads the page's filters: city (a city's or an
// area's code), county, housing_type, managed (1 or 0), q, pilot, and the
// catalogue's older region.
func webCommunityFilter(c echo.Context) domain.CommunityFilter {
	f := domain.CommunityFilter{Region: c.QueryParam("region"), Q: strings.TrimSpace(c.QueryParam("q")),
		HousingType: c.QueryParam("housing_type")}
	f.Place = c.QueryParam("city")
	if county := c.QueryParam("county"); county != "" {
		f.Place = county
	}
	switch c.QueryParam("managed") {
	case "1":
		t := true
		f.PropertyManaged = &t
	case "0":
		no := false
		f.PropertyManaged = &no
	}
	if c.QueryParam("pilot") == "1" {
		t := true
		f.Pilot = &t
	}
	return f
}

// handleCommunityPage lists the register a page at a time.
func (s *Server) handleCommunityPage(c echo.Context) error {
	return s.renderCommunityPage(c, http.StatusOK, nil, "")
}

func (s *Server) renderCommunityPage(c echo.Context, status int, imp *importView, impErr string) error {
	pg, err := domain.NewPage(0, c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	ctx, a, loc := c.Request().Context(), actorOf(c), s.localizer(c)
	f := webCommunityFilter(c)
	list, err := s.deps.Catalog.Communities(ctx, a, f, pg)
	if err != nil {
		return err
	}
	sc, err := s.deps.Catalog.ScopeOf(ctx, a)
	if err != nil {
		return err
	}
	d := communityPageData{Q: f.Q, PilotOnly: f.Pilot != nil,
		Cities:       cityOptions(loc.Lang, c.QueryParam("city")),
		Counties:     countyGroups(loc.Lang, c.QueryParam("county")),
		HousingTypes: codeOptions(loc, "web.housing_type.", domain.HousingTypes(), f.HousingType),
		Managed: []option{{Value: "1", Label: loc.T("web.register.yes"), Selected: c.QueryParam("managed") == "1"},
			{Value: "0", Label: loc.T("web.register.no"), Selected: c.QueryParam("managed") == "0"}},
		Filtered: f != (domain.CommunityFilter{}), Pager: newPager(c, list.Next, len(list.Items)),
		CanEdit: sc.Province || sc.Bureau(), Import: imp, ImportError: impErr, Done: c.QueryParam("done"),
		ImportAction: "/communities/import"}
	keep := url.Values{}
	for _, k := range []string{"city", "county", "housing_type", "managed", "q", "pilot", "region"} {
		if v := c.QueryParam(k); v != "" {
			keep.Set(k, v)
		}
	}
	if len(keep) > 0 {
		d.ImportAction += "?" + keep.Encode()
	}
	q := url.Values{}
	for k, v := range map[string]string{"region_code": f.Place, "housing_type": f.HousingType, "q": f.Q,
		"property_managed": map[string]string{"1": "true", "0": "false"}[c.QueryParam("managed")]} {
		if v != "" {
			q.Set(k, v)
		}
	}
	d.ExportURL = "/api/v1/communities/export?" + q.Encode()
	for _, m := range list.Items {
		r := communityRowOf(loc.Lang, m)
		r.Editable = sc.Manages(m)
		d.Items = append(d.Items, r)
	}
	return s.render(c, status, "communities", s.newPage(c, "web.title.communities", d))
}

func communityRowOf(lang string, m domain.Community) communityRow {
	r := communityRow{ID: m.ID, Name: m.Name, Code: m.Code, City: m.City, County: m.County,
		Address: m.Address, ScaleKey: "web.scale." + m.Scale, Company: m.PropertyCompany,
		HouseholdsTx: strconv.Itoa(m.Households), Managed: m.PropertyManaged, Pilot: m.Pilot, Active: m.Active}
	if m.HousingType != "" {
		r.HousingKey = "web.housing_type." + m.HousingType
	}
	if lang == langEN {
		if m.NameEn != "" {
			r.Name, r.NameAlt = m.NameEn, m.Name
		}
		if en := regionNameEn(m.CityCode); en != "" {
			r.City = en
		} else if city := labelOf(regionOptions(lang, ""), m.Region); city != m.Region {
			r.City = city
		}
		if en := regionNameEn(m.RegionCode); en != "" && m.County != "" {
			r.County = en
		}
	}
	return r
}

// regionNameEn is the English name of a division or area code, "" when
// unknown.
func regionNameEn(code string) string {
	for _, lv := range []string{domain.RegionCity, domain.RegionCounty, domain.RegionArea} {
		rs, _ := domain.Regions(domain.RegionFilter{Level: lv})
		for _, r := range rs {
			if r.Code == code {
				return r.NameEn
			}
		}
	}
	return ""
}

// cityOptions lists the cities and the areas, the campaign cities.
func cityOptions(lang, selected string) []option {
	var out []option
	for _, lv := range []string{domain.RegionCity, domain.RegionArea} {
		rs, _ := domain.Regions(domain.RegionFilter{Level: lv})
		for _, r := range rs {
			out = append(out, option{Value: r.Code, Label: inLang(lang, r.Name, r.NameEn), Selected: r.Code == selected})
		}
	}
	return out
}

// countyGroups lists the counties under their cities.
func countyGroups(lang, selected string) []optGroup {
	cities, _ := domain.Regions(domain.RegionFilter{Level: domain.RegionCity})
	var out []optGroup
	for _, city := range cities {
		g := optGroup{Label: inLang(lang, city.Name, city.NameEn)}
		counties, _ := domain.Regions(domain.RegionFilter{Level: domain.RegionCounty, Parent: city.Code})
		for _, r := range counties {
			g.Options = append(g.Options, option{Value: r.Code, Label: inLang(lang, r.Name, r.NameEn), Selected: r.Code == selected})
		}
		out = append(out, g)
	}
	return out
}

// regionGroups lists every region code a community may have, for the
// form: each city with its counties (the city itself first, for a
// community whose county is not known), then the areas.
func regionGroups(loc *Localizer, selected string) []optGroup {
	cities, _ := domain.Regions(domain.RegionFilter{Level: domain.RegionCity})
	var out []optGroup
	for _, city := range cities {
		name := inLang(loc.Lang, city.Name, city.NameEn)
		g := optGroup{Label: name, Options: []option{{Value: city.Code,
			Label: loc.T("web.register.city_whole", name), Selected: city.Code == selected}}}
		counties, _ := domain.Regions(domain.RegionFilter{Level: domain.RegionCounty, Parent: city.Code})
		for _, r := range counties {
			g.Options = append(g.Options, option{Value: r.Code, Label: inLang(loc.Lang, r.Name, r.NameEn), Selected: r.Code == selected})
		}
		out = append(out, g)
	}
	areas, _ := domain.Regions(domain.RegionFilter{Level: domain.RegionArea})
	g := optGroup{Label: loc.T("web.register.areas")}
	for _, r := range areas {
		g.Options = append(g.Options, option{Value: r.Code, Label: inLang(loc.Lang, r.Name, r.NameEn), Selected: r.Code == selected})
	}
	return append(out, g)
}

// handleCommunityImport imports (or, with dry_run=1, checks) the uploaded
// register and shows the page with the outcome and every problem.
func (s *Server) handleCommunityImport(c echo.Context) error {
	ctx, a, loc := c.Request().Context(), actorOf(c), s.localizer(c)
	if err := s.deps.Catalog.MayEditRegister(ctx, a); err != nil {
		return err
	}
	dry := c.FormValue("dry_run") == "1"
	fh, err := c.FormFile("file")
	if err != nil {
		if isTooLarge(err) {
			return errTooLarge()
		}
		return s.renderCommunityPage(c, http.StatusBadRequest, nil, loc.T("register.file_missing"))
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	sheet := &domain.RegisterSheet{}
	var res domain.RegisterImport
	if err = readRegister(f, sheet); err == nil {
		res, err = s.deps.Catalog.ImportCommunities(ctx, a, sheet, dry)
	}
	if err != nil {
		fail, known := classify(err)
		if !known || fail.status >= 500 {
			return err
		}
		return s.renderCommunityPage(c, fail.status, nil, loc.T(fail.key, fail.args...))
	}
	j := toRegisterImportJSON(loc, res, dry)
	view := &importView{DryRun: dry, Rows: j.Rows, Created: j.Created, Updated: j.Updated, Unchanged: j.Unchanged, Errors: j.Errors}
	status := http.StatusOK
	if len(j.Errors) > 0 && !dry {
		status = http.StatusBadRequest
	}
	return s.renderCommunityPage(c, status, view, "")
}

// communityInput is the add or edit form as submitted, kept to show it
// again.
type communityInput struct {
	Code, Name, NameEn, RegionCode, Address, Scale, HousingType, Households, Company string
	Managed, Pilot, Active                                                           bool
}

func communityInputOf(c echo.Context) communityInput {
	return communityInput{Code: c.FormValue("code"), Name: c.FormValue("name"), NameEn: c.FormValue("name_en"),
		RegionCode: c.FormValue("region_code"), Address: c.FormValue("address"), Scale: c.FormValue("scale"),
		HousingType: c.FormValue("housing_type"), Households: strings.TrimSpace(c.FormValue("households")),
		Company: c.FormValue("property_company"), Managed: c.FormValue("property_managed") == "1",
		Pilot: c.FormValue("pilot") == "1", Active: c.FormValue("active") == "1"}
}

func (in communityInput) command() (domain.SaveCommunity, error) {
	h := 0
	if in.Households != "" {
		n, err := strconv.Atoi(in.Households)
		if err != nil {
			return domain.SaveCommunity{}, domain.Invalid("register.households_invalid", in.Households, domain.MaxCommunityHouseholds)
		}
		h = n
	}
	return domain.SaveCommunity{Code: strings.ToLower(strings.TrimSpace(in.Code)), Name: &in.Name, NameEn: &in.NameEn,
		RegionCode: &in.RegionCode, Address: &in.Address, Scale: &in.Scale, HousingType: &in.HousingType,
		Households: &h, PropertyCompany: &in.Company, PropertyManaged: &in.Managed, Pilot: &in.Pilot,
		Active: &in.Active}, nil
}

func communityInputFrom(m domain.Community) communityInput {
	return communityInput{Code: m.Code, Name: m.Name, NameEn: m.NameEn, RegionCode: m.RegionCode, Address: m.Address,
		Scale: m.Scale, HousingType: m.HousingType, Households: strconv.Itoa(m.Households), Company: m.PropertyCompany,
		Managed: m.PropertyManaged, Pilot: m.Pilot, Active: m.Active}
}

// communityFormData is the add or edit form's content.
type communityFormData struct {
	ID           int64 // 0 for a new community
	Error        string
	In           communityInput
	Regions      []optGroup
	Scales       []option
	HousingTypes []option
}

// handleCommunityNew shows the empty add form.
func (s *Server) handleCommunityNew(c echo.Context) error {
	if err := s.deps.Catalog.MayEditRegister(c.Request().Context(), actorOf(c)); err != nil {
		return err
	}
	return s.renderCommunityForm(c, http.StatusOK, 0, communityInput{Active: true}, "")
}

// handleCommunityEdit shows the edit form of a community the user manages.
func (s *Server) handleCommunityEdit(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx, a := c.Request().Context(), actorOf(c)
	if err := s.deps.Catalog.MayEditRegister(ctx, a); err != nil {
		return err
	}
	m, err := s.deps.Catalog.Community(ctx, a, id)
	if err != nil {
		return err
	}
	sc, err := s.deps.Catalog.ScopeOf(ctx, a)
	if err != nil {
		return err
	}
	if !sc.Manages(m) {
		return domain.Fail(domain.ErrNotFound, "community.not_found", id)
	}
	return s.renderCommunityForm(c, http.StatusOK, id, communityInputFrom(m), "")
}

// handleCommunitySave adds (no id) or edits a community from the form.
func (s *Server) handleCommunitySave(c echo.Context) error {
	var id int64
	if c.Param("id") != "" {
		var err error
		if id, err = pathID(c, "id"); err != nil {
			return err
		}
	}
	in := communityInputOf(c)
	cmd, err := in.command()
	if err == nil {
		ctx, a := c.Request().Context(), actorOf(c)
		if id == 0 {
			_, err = s.deps.Catalog.CreateCommunity(ctx, a, cmd)
		} else {
			cmd.Code = ""
			_, err = s.deps.Catalog.UpdateCommunity(ctx, a, id, cmd)
		}
		if err == nil {
			return c.Redirect(http.StatusSeeOther, "/communities?q="+url.QueryEscape(in.Code)+"&done=saved")
		}
	}
	status, msg, ok := s.formError(c, err)
	if !ok {
		return err
	}
	return s.renderCommunityForm(c, status, id, in, msg)
}

func (s *Server) renderCommunityForm(c echo.Context, status int, id int64, in communityInput, msg string) error {
	loc := s.localizer(c)
	d := communityFormData{ID: id, Error: msg, In: in, Regions: regionGroups(loc, in.RegionCode),
		Scales:       codeOptions(loc, "web.scale.", domain.Scales(), in.Scale),
		HousingTypes: codeOptions(loc, "web.housing_type.", domain.HousingTypes(), in.HousingType)}
	title := "web.title.community_new"
	if id != 0 {
		title = "web.title.community_edit"
	}
	return s.render(c, status, "community_form", s.newPage(c, title, d))
}
