package server

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/calendar"
)

// pilotsPath is the page of every pilot's five-ones checklist.
const pilotsPath = "/campaign/pilots"

// pilotItemPath is the page of one pilot's item.
func pilotItemPath(region string, k domain.PilotItemKind) string {
	return pilotsPath + "/" + region + "/" + string(k)
}

// pilotColumn is one pilot at the head of the side-by-side table.
type pilotColumn struct {
	Region, Name, Communities string
	Owed                      int
}

// pilotCellView is one cell of the table: an item of a pilot.
type pilotCellView struct {
	Region, Href string
	Status       string
	Due          string
	Overdue      bool
	DaysOverdue  int
	Evidence     int
	Owner        string
	Derived      bool
}

// pilotRow is one item across the pilots.
type pilotRow struct {
	Item  string
	Cells []pilotCellView
}

// pilotsData is the side-by-side page.
type pilotsData struct {
	Columns []pilotColumn
	Rows    []pilotRow
}

func (s *Server) pilotName(c echo.Context, p domain.Pilot) string {
	if s.localizer(c).Lang == "en" && p.NameEn != "" {
		return p.NameEn
	}
	return p.Name
}

// handlePilotsPage shows every pilot's checklist side by side: a column per
// pilot, a row per item.
func (s *Server) handlePilotsPage(c echo.Context) error {
	ps, err := s.deps.Pilots.Pilots(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	var d pilotsData
	for _, p := range ps {
		var names []string
		for _, cm := range p.Communities {
			names = append(names, cm.Name)
		}
		d.Columns = append(d.Columns, pilotColumn{Region: p.RegionCode, Name: s.pilotName(c, p),
			Communities: joinNames(names), Owed: p.Owed()})
	}
	for i, k := range domain.PilotItemKinds() {
		row := pilotRow{Item: string(k)}
		for _, p := range ps {
			cell := p.Items[i]
			v := pilotCellView{Region: p.RegionCode, Href: pilotItemPath(p.RegionCode, k), Status: string(cell.Status),
				Overdue: cell.Overdue, DaysOverdue: cell.DaysOverdue, Evidence: cell.Evidence, Owner: cell.Owner,
				Derived: k.Derived()}
			if !cell.Due.IsZero() {
				v.Due = cell.Due.String()
			}
			row.Cells = append(row.Cells, v)
		}
		d.Rows = append(d.Rows, row)
	}
	return s.render(c, http.StatusOK, "pilots", s.newPage(c, "web.title.pilots", d))
}

func joinNames(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += "、"
		}
		out += n
	}
	return out
}

// pilotItemData is an item's page.
type pilotItemData struct {
	Pilot       string
	Region      string
	Item        string
	ItemKey     string // catalogue keys of the item and its status
	StatusKey   string
	Cell        domain.PilotCell
	Due         string
	Files       []fileRow
	Upload      *uploadForm
	Owners      []option
	Allowed     []pilotActionView
	Error       string
	Done        string
	TaskHref    string
	DefaultDue  string
	CanAssign   bool
	CanEvidence bool
}

// pilotActionView is one action form of the item page.
type pilotActionView struct {
	Action, Key string
	NeedsNote   bool
}

// handlePilotItemPage shows one item: its owner, due date and status, its
// evidence with the upload form, and the actions the user may take.
func (s *Server) handlePilotItemPage(c echo.Context) error {
	return s.renderPilotItem(c, http.StatusOK, "")
}

func (s *Server) renderPilotItem(c echo.Context, status int, msg string) error {
	region, k := c.Param("region"), domain.PilotItemKind(c.Param("item"))
	ctx, a := c.Request().Context(), actorOf(c)
	p, err := s.deps.Pilots.Pilot(ctx, a, region)
	if err != nil {
		return err
	}
	i := slices.Index(domain.PilotItemKinds(), k)
	if i < 0 {
		return domain.Fail(domain.ErrNotFound, "pilot.item_invalid", string(k))
	}
	cell := p.Items[i]
	d := pilotItemData{Pilot: s.pilotName(c, p), Region: region, Item: string(k), Cell: cell, Error: msg,
		Done: c.QueryParam("done"), ItemKey: "web.pilot.item." + string(k),
		StatusKey: "web.pilot.status." + string(cell.Status)}
	if !cell.Due.IsZero() {
		d.Due = cell.Due.String()
	}
	for _, act := range cell.Allowed {
		if act == domain.PilotAssign {
			d.CanAssign = true
			continue
		}
		d.Allowed = append(d.Allowed, pilotActionView{Action: string(act), Key: "web.pilot.action." + string(act),
			NeedsNote: act != domain.PilotAccept})
	}
	if cell.TaskID != 0 {
		d.TaskHref = "/tasks/" + strconv.FormatInt(cell.TaskID, 10)
		target := domain.AttachmentTarget{TaskID: cell.TaskID}
		if d.Files, _, err = s.attachmentRows(c, target); err != nil {
			return err
		}
		d.CanEvidence = s.deps.Attachments != nil && cell.Status == domain.PilotOpen &&
			a.Role == domain.RoleDepartment && a.OrgID == cell.OwnerOrgID
		if d.CanEvidence {
			d.Upload = s.newUploadForm(pilotItemPath(region, k) + "/attachments")
		}
	}
	if d.CanAssign {
		if d.Owners, err = s.pilotOwners(c, p.BureauCode); err != nil {
			return err
		}
	}
	return s.render(c, status, "pilot_item", s.newPage(c, "web.title.pilot_item", d))
}

// pilotOwners are the housing bureaus an item may be assigned to, the
// region's own first. None is selected: the form's first option is empty,
// as in the other forms, so that the province chooses the owner.
func (s *Server) pilotOwners(c echo.Context, bureau string) ([]option, error) {
	yes := true
	l, err := s.deps.Catalog.Organizations(c.Request().Context(), actorOf(c),
		domain.OrgFilter{Type: "housing", Active: &yes}, domain.Page{Limit: domain.MaxPageSize})
	if err != nil {
		return nil, err
	}
	var own, out []option
	for _, o := range l.Items {
		opt := option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name}
		if o.Code == bureau {
			own = append(own, opt)
		} else {
			out = append(out, opt)
		}
	}
	return append(own, out...), nil
}

// handlePilotItemSubmit takes the item page's forms: assign, or an action.
func (s *Server) handlePilotItemSubmit(c echo.Context) error {
	region, k := c.Param("region"), domain.PilotItemKind(c.Param("item"))
	ctx, a := c.Request().Context(), actorOf(c)
	act := domain.PilotAction(c.FormValue("action"))
	var err error
	if act == domain.PilotAssign {
		due, perr := calendar.ParseDate(c.FormValue("due_date"))
		if perr != nil {
			err = domain.Invalid("pilot.due_invalid", c.FormValue("due_date"))
		} else {
			err = s.deps.Pilots.Assign(ctx, a, region, k, domain.AssignPilotItem{
				OwnerOrgID: formID(c.FormValue("owner_org_id")), Due: due, Note: c.FormValue("note")})
		}
	} else {
		err = s.deps.Pilots.Act(ctx, a, region, k, domain.PilotCommand{Action: act, Note: c.FormValue("note")})
	}
	return s.pilotItemDone(c, err, string(act))
}

// pilotItemDone goes back to the item page after a change, or shows it
// again with the error.
func (s *Server) pilotItemDone(c echo.Context, err error, done string) error {
	if err == nil {
		return c.Redirect(http.StatusSeeOther,
			pilotItemPath(c.Param("region"), domain.PilotItemKind(c.Param("item")))+"?done="+done)
	}
	status, msg, ok := s.appFormError(c, err)
	if !ok {
		return err
	}
	return s.renderPilotItem(c, status, msg)
}

// handlePilotItemAttach stores evidence files on the item's task.
func (s *Server) handlePilotItemAttach(c echo.Context) error {
	p, err := s.deps.Pilots.Pilot(c.Request().Context(), actorOf(c), c.Param("region"))
	if err != nil {
		return err
	}
	i := slices.Index(domain.PilotItemKinds(), domain.PilotItemKind(c.Param("item")))
	if i < 0 || p.Items[i].TaskID == 0 {
		return domain.Fail(domain.ErrNotFound, "pilot.item_not_assigned")
	}
	err = s.addWebFiles(c, domain.AttachmentTarget{TaskID: p.Items[i].TaskID})
	if err == nil {
		return s.pilotItemDone(c, nil, "uploaded")
	}
	status, msg, ok := s.attachFormError(c, err)
	if !ok {
		return err
	}
	return s.renderPilotItem(c, status, msg)
}
