package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// The exchange activities' staff pages: the list, the form (new and edit)
// and an activity's page with its materials and their upload form.

// exchangesPath is where the staff's exchange pages live.
const exchangesPath = "/campaign/exchanges"

func exchangePagePath(id int64) string { return exchangesPath + "/" + strconv.FormatInt(id, 10) }

// exchangesData is the exchange list.
type exchangesData struct {
	CanCreate bool
	Items     []domain.ExchangeView
	Pager     pager
}

// handleExchangePage lists the exchange activities the user may read.
func (s *Server) handleExchangePage(c echo.Context) error {
	pg, err := domain.NewPage(0, c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	l, err := s.deps.Cases.Exchanges(c.Request().Context(), actorOf(c), domain.ExchangeFilter{}, pg)
	if err != nil {
		return err
	}
	d := exchangesData{CanCreate: s.canRecordCases(c), Items: l.Items, Pager: newPager(c, l.Next, len(l.Items))}
	return s.render(c, http.StatusOK, "exchanges", s.newPage(c, "web.title.exchanges", d))
}

// exchangeFormData is the exchange form, new or edit.
type exchangeFormData struct {
	ID     int64
	Action string
	// Orgs are the organisers the province may name; a bureau's own
	// organisation is the organiser, with no choice.
	Orgs  []option
	In    exchangeInputJSON
	Error string
}

// handleExchangeForm shows the form for a new exchange activity.
func (s *Server) handleExchangeForm(c echo.Context) error {
	return s.renderExchangeForm(c, http.StatusOK, exchangeFormData{Action: exchangesPath})
}

// handleExchangeEdit shows the form for an existing exchange activity.
func (s *Server) handleExchangeEdit(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	x, err := s.deps.Cases.Exchange(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return s.renderExchangeForm(c, http.StatusOK, exchangeFormData{ID: id, Action: exchangePagePath(id),
		In: exchangeInputJSON{Title: x.Title, HeldOn: x.HeldOn.String(), Place: x.Place, OrgID: x.OrgID,
			Participants: x.Participants, Summary: x.Summary}})
}

func (s *Server) renderExchangeForm(c echo.Context, status int, d exchangeFormData) error {
	if s.campaignScope(c).Province {
		dir, err := s.directory(c.Request().Context(), actorOf(c), s.localizer(c).Lang)
		if err != nil {
			return err
		}
		for _, o := range dir.orgs {
			if o.Type == "housing" && o.Active || o.ID == d.In.OrgID {
				d.Orgs = append(d.Orgs, option{Value: strconv.FormatInt(o.ID, 10), Label: dir.org(o.ID),
					Selected: o.ID == d.In.OrgID})
			}
		}
	}
	title := "web.title.exchange_new"
	if d.ID != 0 {
		title = "web.title.exchange_edit"
	}
	return s.render(c, status, "exchange_form", s.newPage(c, title, d))
}

// handleExchangeSave creates or rewrites an exchange activity from the
// form; a refused input shows the form again with the reason.
func (s *Server) handleExchangeSave(c echo.Context) error {
	var id int64
	if c.Param("id") != "" {
		var err error
		if id, err = pathID(c, "id"); err != nil {
			return err
		}
	}
	body := exchangeInputJSON{Title: c.FormValue("title"), HeldOn: c.FormValue("held_on"), Place: c.FormValue("place"),
		Participants: c.FormValue("participants"), Summary: c.FormValue("summary")}
	if v := c.FormValue("org_id"); v != "" {
		body.OrgID, _ = strconv.ParseInt(v, 10, 64) // a bad number names no organisation: the domain says so
	}
	x, err := s.saveExchange(c, id, body)
	if err == nil {
		return c.Redirect(http.StatusSeeOther, exchangePagePath(x.ID)+"?done=saved")
	}
	status, msg, ok := s.attachFormError(c, err)
	if !ok {
		return err
	}
	action := exchangesPath
	if id != 0 {
		action = exchangePagePath(id)
	}
	return s.renderExchangeForm(c, status, exchangeFormData{ID: id, Action: action, In: body, Error: msg})
}

func (s *Server) saveExchange(c echo.Context, id int64, body exchangeInputJSON) (domain.ExchangeView, error) {
	in, err := body.input()
	if err != nil {
		return domain.ExchangeView{}, err
	}
	if id == 0 {
		return s.deps.Cases.CreateExchange(c.Request().Context(), actorOf(c), in)
	}
	return s.deps.Cases.UpdateExchange(c.Request().Context(), actorOf(c), id, in)
}

// exchangePageData is an exchange activity's page.
type exchangePageData struct {
	Exchange domain.ExchangeView
	HeldOn   string
	CanEdit  bool
	Files    []fileRow
	Upload   *uploadForm
	Flash    string
}

// handleExchangeDetail shows an exchange activity with its materials.
func (s *Server) handleExchangeDetail(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	d := exchangePageData{}
	if done := c.QueryParam("done"); done == "saved" || done == "attached" {
		d.Flash = s.localizer(c).T("web.exchange.done." + done)
	}
	return s.renderExchange(c, http.StatusOK, id, d, "")
}

func (s *Server) renderExchange(c echo.Context, status int, id int64, d exchangePageData, uploadErr string) error {
	ctx, a := c.Request().Context(), actorOf(c)
	x, err := s.deps.Cases.Exchange(ctx, a, id)
	if err != nil {
		return err
	}
	d.Exchange, d.HeldOn = x, x.HeldOn.String()
	d.CanEdit = s.deps.Cases.CanEditExchange(ctx, a) && !s.campaignScope(c).Reader
	if d.Files, _, err = s.attachmentRows(c, domain.AttachmentTarget{ExchangeID: id}); err != nil {
		return err
	}
	if d.CanEdit && s.deps.Attachments != nil {
		d.Upload = s.newUploadForm(exchangePagePath(id) + "/attachments")
		d.Upload.Error = uploadErr
	}
	return s.render(c, status, "exchange", s.newPage(c, "web.title.exchange", d))
}

// handleExchangeAttach stores the upload form's materials on an exchange
// activity.
func (s *Server) handleExchangeAttach(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	err = s.addWebFiles(c, domain.AttachmentTarget{ExchangeID: id})
	if err == nil {
		return c.Redirect(http.StatusSeeOther, exchangePagePath(id)+"?done=attached#attachments")
	}
	status, msg, ok := s.attachFormError(c, err)
	if !ok {
		return err
	}
	return s.renderExchange(c, status, id, exchangePageData{}, msg)
}
