package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// hotspotRow is one hot-spot issue as the list shows it.
type hotspotRow struct {
	ID                 int64
	Title              string
	Community          string
	Category           string
	Status, StatusCode string
	Tasks              int
	Reported           string
}

// hotspotListData is the hot-spot list's content.
type hotspotListData struct {
	CanReport       bool
	ShowCommunities bool // the community filter, for users who see every community's issues
	Statuses        []option
	Communities     []option
	Filtered        bool
	Items           []hotspotRow
	Pager           pager
}

// handleHotspotList lists the hot-spot issues the user may see, newest
// first: a community user their own community's.
func (s *Server) handleHotspotList(c echo.Context) error {
	f := domain.HotspotFilter{Status: domain.HotspotStatus(c.QueryParam("status"))}
	var err error
	if f.CommunityID, err = queryID(c, "community"); err != nil {
		return err
	}
	pg, err := domain.NewPage(0, c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	ctx, a, loc := c.Request().Context(), actorOf(c), s.localizer(c)
	list, err := s.deps.Hotspots.Hotspots(ctx, a, f, pg)
	if err != nil {
		return err
	}
	dir, err := s.directory(ctx, a, loc.Lang)
	if err != nil {
		return err
	}
	scope, _ := domain.HotspotScopeOf(a)
	d := hotspotListData{CanReport: domain.Allowed(a, domain.PermReportHotspot), ShowCommunities: scope == 0,
		Statuses: codeOptions(loc, "web.hotspot.status.", domain.HotspotStatuses(), string(f.Status)),
		Filtered: f != domain.HotspotFilter{}, Pager: newPager(c, list.Next, len(list.Items))}
	if d.ShowCommunities {
		d.Communities = dir.communityOptions(strconv.FormatInt(f.CommunityID, 10))
	}
	for _, h := range list.Items {
		d.Items = append(d.Items, hotspotRow{ID: h.ID, Title: h.Title, Community: dir.community(h.CommunityID),
			Category: loc.T("web.category." + h.Category), Status: loc.T("web.hotspot.status." + string(h.Status)),
			StatusCode: string(h.Status), Tasks: len(h.TaskIDs), Reported: s.fmtTime(h.CreatedAt)})
	}
	return s.render(c, http.StatusOK, "hotspots", s.newPage(c, "web.title.hotspots", d))
}

// hotspotInput is the report form as submitted.
type hotspotInput struct {
	Title, Description, Community, Category string
}

// hotspotFormData is the report form's content.
type hotspotFormData struct {
	Error       string
	In          hotspotInput
	Community   string // a community user's own community, which the form does not ask for
	Communities []option
	Files       *uploadForm // the photos and files that go with the report; nil without attachments
	Categories  []option
}

// handleHotspotForm shows the form that reports a hot-spot issue.
func (s *Server) handleHotspotForm(c echo.Context) error {
	if err := domain.Require(actorOf(c), domain.PermReportHotspot); err != nil {
		return err
	}
	return s.renderHotspotForm(c, http.StatusOK, hotspotInput{}, "")
}

// handleHotspotCreate reports the issue and shows it.
func (s *Server) handleHotspotCreate(c echo.Context) error {
	in := hotspotInput{Title: c.FormValue("title"), Description: c.FormValue("description"),
		Community: c.FormValue("community_id"), Category: c.FormValue("category")}
	files, done, err := formUploads(c)
	defer done()
	var h domain.Hotspot
	if err == nil {
		h, err = s.deps.Hotspots.Report(c.Request().Context(), actorOf(c), domain.ReportHotspot{Title: in.Title,
			Description: in.Description, CommunityID: formID(in.Community), Category: in.Category})
	}
	if err == nil {
		// The report stands whatever becomes of its files; a refused one
		// is listed on the page, to be uploaded again there.
		if refused := s.storeFormFiles(c, domain.AttachmentTarget{HotspotID: h.ID}, files); len(refused) > 0 {
			return s.renderHotspotPage(c, http.StatusOK, h.ID, hotspotPost{}, "", func(d *hotspotPageData) {
				d.Flash, d.Refused = flashOf(s.localizer(c), "reported"), refused
			})
		}
		return c.Redirect(http.StatusSeeOther, "/hotspots/"+strconv.FormatInt(h.ID, 10)+"?done=reported")
	}
	status, msg, ok := s.formError(c, err)
	if !ok {
		return err
	}
	return s.renderHotspotForm(c, status, in, msg)
}

func (s *Server) renderHotspotForm(c echo.Context, status int, in hotspotInput, msg string) error {
	a, loc := actorOf(c), s.localizer(c)
	dir, err := s.directory(c.Request().Context(), a, loc.Lang)
	if err != nil {
		return err
	}
	d := hotspotFormData{Error: msg, In: in, Categories: categoryOptions(loc, in.Category)}
	if s.deps.Attachments != nil {
		d.Files = s.newUploadForm("")
		d.Files.Accept, d.Files.Camera = photoAccept, true
	}
	if a.Role == domain.RoleCommunity {
		d.Community, d.In.Community = dir.community(a.CommunityID), strconv.FormatInt(a.CommunityID, 10)
	} else {
		d.Communities = dir.communityOptions(in.Community)
	}
	return s.render(c, status, "hotspot_new", s.newPage(c, "web.title.hotspot_new", d))
}
