package server

import (
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// The organisations' administration (/admin/organizations): their contact
// and head addresses, which the task mail and the supervision ladder's
// "head" step go to. Admins edit them one by one or import them from a
// spreadsheet (a dry run first); bureau leads may read the list.

// orgAdminPath is where the organisations' administration lives.
const orgAdminPath = "/admin/organizations"

// orgAdminPageSize is how many organisations a page of the list shows.
const orgAdminPageSize = 50

// canSeeOrgAdmin says whether a user may read the organisations' addresses.
func canSeeOrgAdmin(a domain.Actor) bool {
	return a.Role == domain.RoleAdmin || a.Role == domain.RoleLead
}

// requireOrgAdminRead refuses users who may not read the list.
func requireOrgAdminRead(a domain.Actor) error {
	if !canSeeOrgAdmin(a) {
		return domain.Fail(domain.ErrForbidden, "auth.forbidden")
	}
	return nil
}

// orgAdminRow is one organisation with its addresses.
type orgAdminRow struct {
	ID                                int64
	Name, NameAlt, Code, Type, Region string
	LevelKey                          string
	ContactEmail, HeadName, HeadEmail string
	Active                            bool
}

// orgAdminListData is the list's content.
type orgAdminListData struct {
	CanEdit        bool
	Types, Regions []option
	Q              string
	NoContact      bool
	Filtered       bool
	Total          int
	Items          []orgAdminRow
	Pager          pager
}

// handleOrgAdminList lists the organisations with their addresses;
// ?type, ?region, ?q and ?no_contact=1 (without a contact address) filter,
// ?page pages.
func (s *Server) handleOrgAdminList(c echo.Context) error {
	a, loc := actorOf(c), s.localizer(c)
	if err := requireOrgAdminRead(a); err != nil {
		return err
	}
	f := domain.OrgFilter{Type: c.QueryParam("type"), Region: c.QueryParam("region"),
		Q: strings.TrimSpace(c.QueryParam("q"))}
	noContact := c.QueryParam("no_contact") == "1"
	num := 1
	if v := c.QueryParam("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return domain.Invalid("request.param_invalid", "page")
		}
		num = n
	}
	ctx := c.Request().Context()
	all, err := listAll(func(p domain.Page) (domain.List[domain.Organization], error) {
		return s.deps.Catalog.Organizations(ctx, a, f, p)
	})
	if err != nil {
		return err
	}
	if noContact {
		all = slices.DeleteFunc(all, func(o domain.Organization) bool { return o.ContactEmail != "" })
	}
	d := orgAdminListData{CanEdit: domain.Allowed(a, domain.PermEditCatalog),
		Types: typeOptions(loc.Lang, f.Type), Regions: regionOptions(loc.Lang, f.Region), Q: f.Q,
		NoContact: noContact, Filtered: !f.IsZero() || noContact, Total: len(all)}
	from := min((num-1)*orgAdminPageSize, len(all))
	to := min(from+orgAdminPageSize, len(all))
	for _, o := range all[from:to] {
		d.Items = append(d.Items, orgAdminRowOf(loc.Lang, o))
	}
	d.Pager = offsetPager(c, num, to < len(all), to-from)
	return s.render(c, http.StatusOK, "admin_orgs", s.newPage(c, "web.title.org_admin", d))
}

// offsetPager links to the first and the next page of a list paged by
// ?page, keeping the other filters.
func offsetPager(c echo.Context, num int, more bool, shown int) pager {
	q := c.Request().URL.Query()
	q.Del("lang")
	base := c.Request().URL.Path + "?"
	p := pager{Shown: shown}
	if num > 1 {
		q.Del("page")
		p.First = strings.TrimSuffix(base+q.Encode(), "?")
	}
	if more {
		q.Set("page", strconv.Itoa(num+1))
		p.Next = base + q.Encode()
	}
	return p
}

func orgAdminRowOf(lang string, o domain.Organization) orgAdminRow {
	r := orgRowOf(lang, o)
	return orgAdminRow{ID: o.ID, Name: r.Name, NameAlt: r.NameAlt, Code: o.Code, Type: r.Type, Region: r.Region,
		LevelKey: r.LevelKey, ContactEmail: o.ContactEmail, HeadName: o.HeadName, HeadEmail: o.HeadEmail,
		Active: o.Active}
}

// orgInput is the edit form as submitted.
type orgInput struct {
	Name, NameEn, Type, Region, Level, ContactEmail, HeadName, HeadEmail string
	Active                                                               bool
}

// orgFormData is one organisation's page: its edit form for an admin, its
// facts for a lead.
type orgFormData struct {
	CanEdit               bool
	Row                   orgAdminRow
	In                    orgInput
	Types, Regions, Level []option
	Flash, Error          string
}

// handleOrgAdminPage shows one organisation.
func (s *Server) handleOrgAdminPage(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := requireOrgAdminRead(actorOf(c)); err != nil {
		return err
	}
	o, err := s.deps.Catalog.Organization(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return s.renderOrgForm(c, http.StatusOK, o, nil, "")
}

// handleOrgAdminSave saves the edit form (admin), with the API's checks.
func (s *Server) handleOrgAdminSave(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	a := actorOf(c)
	if err := domain.Require(a, domain.PermEditCatalog); err != nil {
		return err
	}
	ctx := c.Request().Context()
	o, err := s.deps.Catalog.Organization(ctx, a, id)
	if err != nil {
		return err
	}
	in := orgInput{Name: c.FormValue("name"), NameEn: c.FormValue("name_en"), Type: c.FormValue("type"),
		Region: c.FormValue("region"), Level: c.FormValue("level"), ContactEmail: c.FormValue("contact_email"),
		HeadName: c.FormValue("head_name"), HeadEmail: c.FormValue("head_email"), Active: c.FormValue("active") != ""}
	cmd := domain.SaveOrganization{Name: &in.Name, NameEn: &in.NameEn, Type: &in.Type, Region: &in.Region,
		Level: &in.Level, ContactEmail: &in.ContactEmail, HeadName: &in.HeadName, HeadEmail: &in.HeadEmail,
		Active: &in.Active}
	if _, err = s.deps.Catalog.UpdateOrganization(ctx, a, id, cmd); err == nil {
		return c.Redirect(http.StatusSeeOther, orgAdminPath+"/"+strconv.FormatInt(id, 10)+"?done=org_saved")
	}
	status, msg, ok := s.accountError(c, err)
	if !ok {
		return err
	}
	return s.renderOrgForm(c, status, o, &in, msg)
}

func (s *Server) renderOrgForm(c echo.Context, status int, o domain.Organization, in *orgInput, msg string) error {
	a, loc := actorOf(c), s.localizer(c)
	d := orgFormData{CanEdit: domain.Allowed(a, domain.PermEditCatalog), Row: orgAdminRowOf(loc.Lang, o),
		Flash: flashOf(loc, c.QueryParam("done")), Error: msg}
	if in != nil {
		d.In = *in
	} else {
		d.In = orgInput{Name: o.Name, NameEn: o.NameEn, Type: o.Type, Region: o.Region, Level: o.Level,
			ContactEmail: o.ContactEmail, HeadName: o.HeadName, HeadEmail: o.HeadEmail, Active: o.Active}
	}
	d.Types, d.Regions = typeOptions(loc.Lang, d.In.Type), regionOptions(loc.Lang, d.In.Region)
	if !slices.ContainsFunc(d.Regions, func(r option) bool { return r.Selected }) && d.In.Region != "" {
		d.Regions = append(d.Regions, option{Value: d.In.Region, Label: d.In.Region, Selected: true})
	}
	d.Level = codeOptions(loc, "web.level.", []string{"province", "city", "county"}, d.In.Level)
	return s.render(c, status, "admin_org", s.newPage(c, "web.title.org_edit", d))
}

// importProblemRow is one problem of an imported sheet as the page shows it.
type importProblemRow struct {
	Row     int
	Column  string
	Message string
}

// orgImportData is the import page: the form and, after a run, its result.
type orgImportData struct {
	Ran      bool // a sheet was read: the result below is shown
	DryRun   bool
	FileName string
	Rows     int
	Updated  int
	Problems []importProblemRow
	Error    string // the file as a whole could not be read
	Flash    string
}

// orgImportColumn is a column the import reads, under its Chinese and
// its English header (domain/org_import.go accepts both).
type orgImportColumn struct{ Zh, En string }

// Columns are the import's columns as the page names them: the headers
// are shown as they are written in the sheet, in either language.
func (orgImportData) Columns() []orgImportColumn {
	return []orgImportColumn{{"组织编码", domain.OrgColCode}, {"联系邮箱", domain.OrgColContactEmail},
		{"负责人", domain.OrgColHeadName}, {"负责人邮箱", domain.OrgColHeadEmail}}
}

// handleOrgImportForm shows the import form (admin).
func (s *Server) handleOrgImportForm(c echo.Context) error {
	if err := domain.Require(actorOf(c), domain.PermEditCatalog); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "admin_org_import", s.newPage(c, "web.title.org_import", orgImportData{}))
}

// handleOrgImport reads the uploaded sheet and either checks it (mode
// dry_run) or imports it, all or nothing.
func (s *Server) handleOrgImport(c echo.Context) error {
	a, loc := actorOf(c), s.localizer(c)
	if err := domain.Require(a, domain.PermEditCatalog); err != nil {
		return err
	}
	d := orgImportData{DryRun: c.FormValue("mode") != "import"}
	res, name, err := s.importOrgSheet(c, a, d.DryRun)
	d.FileName = name
	if err != nil {
		status, msg, ok := s.accountError(c, err)
		if !ok {
			return err
		}
		d.Error = msg
		return s.render(c, status, "admin_org_import", s.newPage(c, "web.title.org_import", d))
	}
	d.Ran, d.Rows, d.Updated = true, res.Rows, res.Updated
	d.Problems = importProblemRows(loc, res.Problems)
	status := http.StatusOK
	switch {
	case len(d.Problems) > 0 && !d.DryRun:
		status = http.StatusUnprocessableEntity
	case !d.DryRun:
		d.Flash = loc.T("web.orgimport.imported", res.Updated)
	}
	return s.render(c, status, "admin_org_import", s.newPage(c, "web.title.org_import", d))
}

// importOrgSheet reads the form's file and runs the import.
func (s *Server) importOrgSheet(c echo.Context, a domain.Actor, dryRun bool) (domain.OrgImportResult, string, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		if isTooLarge(err) {
			return domain.OrgImportResult{}, "", err
		}
		return domain.OrgImportResult{}, "", domain.Invalid("org_import.file_required")
	}
	data, err := readUpload(fh)
	if err != nil {
		return domain.OrgImportResult{}, fh.Filename, err
	}
	rows, err := domain.ParseOrgAddresses(fh.Filename, data)
	if err != nil {
		return domain.OrgImportResult{}, fh.Filename, err
	}
	res, err := s.deps.Catalog.ImportOrgAddresses(c.Request().Context(), a, rows, dryRun)
	return res, fh.Filename, err
}

// readUpload reads a form file whole; the request's body limit bounds it.
func readUpload(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	return io.ReadAll(f)
}

// importProblemRows words the problems in the reader's language.
func importProblemRows(loc *Localizer, ps []domain.ImportProblem) []importProblemRow {
	out := make([]importProblemRow, len(ps))
	for i, p := range ps {
		out[i] = importProblemRow{Row: p.Row, Column: loc.T("web.orgimport.col." + p.Column),
			Message: loc.T(p.Key, p.Args...)}
	}
	return out
}

// handleOrgImportTemplateFile downloads the sheet to fill in, with every
// organisation and its current addresses (admin).
func (s *Server) handleOrgImportTemplateFile(c echo.Context) error {
	a, loc := actorOf(c), s.localizer(c)
	if err := domain.Require(a, domain.PermEditCatalog); err != nil {
		return err
	}
	ctx := c.Request().Context()
	orgs, err := listAll(func(p domain.Page) (domain.List[domain.Organization], error) {
		return s.deps.Catalog.Organizations(ctx, a, domain.OrgFilter{}, p)
	})
	if err != nil {
		return err
	}
	headers := map[string]string{}
	for _, col := range []string{domain.OrgColCode, domain.OrgColName, domain.OrgColContactEmail,
		domain.OrgColHeadName, domain.OrgColHeadEmail} {
		headers[col] = loc.T("workbook.org_import.col." + col)
	}
	b, err := domain.OrgAddressTemplate(orgs, headers, loc.T("workbook.org_import.sheet"), s.deps.Catalog.Now())
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, `attachment; filename="organizations.xlsx"; filename*=UTF-8''`+
		"%E7%BB%84%E7%BB%87%E6%9C%BA%E6%9E%84%E5%9C%B0%E5%9D%80.xlsx")
	h.Set(echo.HeaderCacheControl, "no-store")
	return c.Blob(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b)
}
