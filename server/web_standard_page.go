package server

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// standardPageData is a standard's page: the sheet as assessors use it,
// grouped by the six qualities with points per community scale, and for
// those who edit standards the forms of what they may do with it.
type standardPageData struct {
	ID                 int64
	Name               string
	Level, LevelCode   string
	City               string
	Version            int
	Status, StatusCode string
	PassScore          int
	Count              int
	Scales             []scaleValue // the columns: each scale's name
	Max                []scaleValue
	Groups             []dimensionGroup
	Vetoes             int

	Editable   bool // a draft the user may change
	CanPublish bool
	CanRetire  bool
	CanCopy    bool
	Rev        string       // the draft's revision, which its forms send back
	Header     standardForm // the draft's own fields
	Checks     []string     // what publishing still lacks; empty when it may be published
	// PublishFailed says the checks are the answer to a refused publish.
	PublishFailed bool
	Flash, Error  string
}

// dimensionGroup is one of the six qualities and its indicators.
type dimensionGroup struct {
	Code, Name string
	Rows       []indicatorRow
	Sum        []scaleValue
}

// indicatorRow is one line of the sheet.
type indicatorRow struct {
	Code, Title, Guidance string
	Methods               []string
	Evidence, Veto        bool
	Points                []scaleValue
	First, Last           bool // within its quality, for the move buttons
}

// standardView is what a page shows besides the standard: the error of a
// form and what the user typed.
type standardView struct {
	header        *standardForm
	err           string
	publishFailed bool
}

// revOf is a draft's revision as its forms carry it: a form built on an
// older revision is refused rather than applied to a sheet the user did
// not see.
func revOf(st domain.Standard) string { return strconv.FormatInt(st.UpdatedAt.UnixMicro(), 10) }

// handleStandardPage shows one standard.
func (s *Server) handleStandardPage(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.renderStandard(c, http.StatusOK, id, standardView{})
}

func (s *Server) renderStandard(c echo.Context, status int, id int64, v standardView) error {
	a, loc := actorOf(c), s.localizer(c)
	st, err := s.deps.Standards.Standard(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	d := standardPageOf(loc, st)
	editor := domain.CanEditStandards(a)
	d.Editable = editor && st.Status == domain.StandardDraft
	d.CanPublish = d.Editable
	d.CanRetire = editor && st.Status == domain.StandardPublished
	d.CanCopy = editor && st.Status != domain.StandardDraft
	if d.Editable {
		d.Rev = revOf(st)
		d.Header = standardForm{Name: st.Name, Level: string(st.Level), Region: st.RegionCode,
			PassScore: strconv.Itoa(st.PassScore)}
		if v.header != nil {
			d.Header = *v.header
		}
		d.Header = d.Header.withOptions(loc)
		d.Header.ID, d.Header.Rev = st.ID, d.Rev
		d.Checks = s.problemTexts(loc, st.CheckPublish())
	}
	d.Flash = standardFlash(loc, c.QueryParam("done"))
	d.PublishFailed = v.publishFailed
	if v.header != nil {
		d.Header.Error, d.Header.Problems = v.header.Error, v.header.Problems
	} else {
		d.Error = v.err
	}
	return s.render(c, status, "standard", s.newPage(c, "web.title.standard", d))
}

// standardPageOf lays st out as a sheet.
func standardPageOf(loc *Localizer, st domain.Standard) standardPageData {
	d := standardPageData{ID: st.ID, Name: st.Name, Level: loc.T("web.standard.level." + string(st.Level)),
		LevelCode: string(st.Level), City: cityName(loc.Lang, st.RegionCode), Version: st.Version,
		Status: loc.T("web.standard.status." + string(st.Status)), StatusCode: string(st.Status),
		PassScore: st.PassScore, Count: len(st.Indicators), Max: maxScores(loc, st)}
	for _, sc := range domain.Scales() {
		d.Scales = append(d.Scales, scaleValue{Scale: sc, Label: loc.T("web.scale." + sc)})
	}
	for _, dim := range domain.Dimensions() {
		g := dimensionGroup{Code: dim, Name: loc.T("standard.dimension." + dim)}
		sums := map[string]*int{}
		for _, in := range st.Indicators {
			if in.Dimension != dim {
				continue
			}
			row := indicatorRow{Code: in.Code, Title: in.Title, Guidance: in.Guidance, Evidence: in.Evidence,
				Veto: in.Veto}
			for _, m := range in.Methods {
				row.Methods = append(row.Methods, loc.T("standard.assessment."+m))
			}
			for _, sc := range domain.Scales() {
				p := scaleValue{Scale: sc, Label: loc.T("web.scale." + sc), Value: "—"}
				if v := in.Points[sc]; v != nil {
					p.Value = strconv.Itoa(*v)
					if sums[sc] == nil {
						sums[sc] = new(int)
					}
					*sums[sc] += *v
				}
				row.Points = append(row.Points, p)
			}
			if in.Veto {
				d.Vetoes++
			}
			g.Rows = append(g.Rows, row)
		}
		if len(g.Rows) > 0 { // an empty quality shows on a draft, to add to
			g.Rows[0].First, g.Rows[len(g.Rows)-1].Last = true, true
		}
		for _, sc := range domain.Scales() {
			v := scaleValue{Scale: sc, Label: loc.T("web.scale." + sc), Value: "—"}
			if sums[sc] != nil {
				v.Value = strconv.Itoa(*sums[sc])
			}
			g.Sum = append(g.Sum, v)
		}
		d.Groups = append(d.Groups, g)
	}
	return d
}

// standardFlash is the confirmation of ?done= on a standard's pages.
func standardFlash(loc *Localizer, done string) string {
	switch done {
	case "created", "saved", "indicator_saved", "indicator_removed", "moved", "published", "retired", "copied":
		return loc.T("web.standard.done." + done)
	}
	return ""
}

// editableStandard loads standard id for a change: a draft the user may
// not see is 404, a standard they may read but not edit 403.
func (s *Server) editableStandard(c echo.Context, id int64) (domain.Standard, error) {
	a := actorOf(c)
	st, err := s.deps.Standards.Standard(c.Request().Context(), a, id)
	if err != nil {
		return st, err
	}
	if err := domain.Require(a, domain.PermEditStandards); err != nil {
		return st, err
	}
	return st, nil
}

// editDraft applies change to a copy of draft id and saves it through the
// service, which validates it whole: nothing is stored unless all of it is
// valid. It returns the draft as loaded, the changed copy and the error.
func (s *Server) editDraft(c echo.Context, id int64, change func(*domain.Standard) error) (domain.Standard, domain.Standard, error) {
	st, err := s.editableStandard(c, id)
	if err != nil {
		return st, st, err
	}
	if c.FormValue("rev") != revOf(st) && st.Status == domain.StandardDraft {
		return st, st, domain.Fail(domain.ErrConflict, "standard.changed", id)
	}
	next := st
	next.Indicators = slices.Clone(st.Indicators)
	if err := change(&next); err != nil {
		return st, next, err
	}
	_, err = s.deps.Standards.Update(c.Request().Context(), actorOf(c), id, domain.StandardInput{Name: next.Name,
		Level: next.Level, RegionCode: next.RegionCode, PassScore: next.PassScore, Indicators: next.Indicators})
	return st, next, err
}

// handleStandardUpdate saves a draft's own fields: name, level, city and
// pass score.
func (s *Server) handleStandardUpdate(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	f := standardFormOf(c)
	_, next, err := s.editDraft(c, id, f.apply)
	if err == nil {
		return c.Redirect(http.StatusSeeOther, standardHref(id)+"?done=saved")
	}
	status, msg, ok := s.standardError(c, err)
	if !ok {
		return err
	}
	f.Error = msg
	if k := domain.ErrorKey(err); k != "standard.changed" && k != "standard.action_not_allowed" {
		f.Problems = s.problemTexts(s.localizer(c), next.Check())
	}
	return s.renderStandard(c, status, id, standardView{header: &f})
}

// handleIndicatorRemove takes an indicator off a draft.
func (s *Server) handleIndicatorRemove(c echo.Context) error {
	return s.sheetChange(c, "indicator_removed", func(st *domain.Standard, i int) error {
		st.Indicators = slices.Delete(st.Indicators, i, i+1)
		return nil
	})
}

// handleIndicatorMove moves an indicator up or down among those of its
// quality, the order the sheet shows.
func (s *Server) handleIndicatorMove(c echo.Context) error {
	down := c.FormValue("dir") == "down"
	return s.sheetChange(c, "moved", func(st *domain.Standard, i int) error {
		ins := st.Indicators
		for j := i - 1; !down && j >= 0; j-- {
			if ins[j].Dimension == ins[i].Dimension {
				ins[i], ins[j] = ins[j], ins[i]
				return nil
			}
		}
		for j := i + 1; down && j < len(ins); j++ {
			if ins[j].Dimension == ins[i].Dimension {
				ins[i], ins[j] = ins[j], ins[i]
				return nil
			}
		}
		return nil // already first or last: nothing to do
	})
}

// sheetChange runs a change to the indicator the form names by its code
// and returns to the sheet at its quality.
func (s *Server) sheetChange(c echo.Context, done string, change func(st *domain.Standard, i int) error) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	code, dim := c.FormValue("code"), ""
	_, _, err = s.editDraft(c, id, func(st *domain.Standard) error {
		i := slices.IndexFunc(st.Indicators, func(in domain.Indicator) bool { return in.Code == code })
		if i < 0 {
			return domain.Fail(domain.ErrConflict, "standard.changed", id)
		}
		dim = st.Indicators[i].Dimension
		return change(st, i)
	})
	if err == nil {
		return c.Redirect(http.StatusSeeOther, standardHref(id)+"?done="+done+"#dim-"+dim)
	}
	status, msg, ok := s.standardError(c, err)
	if !ok {
		return err
	}
	return s.renderStandard(c, status, id, standardView{err: msg})
}

// handleStandardPublish publishes a complete draft; a draft that is not
// complete comes back with the list of what it lacks.
func (s *Server) handleStandardPublish(c echo.Context) error {
	return s.standardMove(c, "published", s.deps.Standards.Publish)
}

// handleStandardRetire retires a published standard.
func (s *Server) handleStandardRetire(c echo.Context) error {
	return s.standardMove(c, "retired", s.deps.Standards.Retire)
}

// handleStandardCopy makes a new draft version of a standard and opens it.
func (s *Server) handleStandardCopy(c echo.Context) error {
	return s.standardMove(c, "copied", s.deps.Standards.Copy)
}

// standardMove runs a service method that moves or copies a standard and
// shows the standard it leads to.
func (s *Server) standardMove(c echo.Context, done string,
	move func(ctx context.Context, a domain.Actor, id int64) (domain.Standard, error)) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.editableStandard(c, id); err != nil {
		return err
	}
	st, err := move(c.Request().Context(), actorOf(c), id)
	if err == nil {
		return c.Redirect(http.StatusSeeOther, standardHref(st.ID)+"?done="+done)
	}
	status, msg, ok := s.standardError(c, err)
	if !ok {
		return err
	}
	return s.renderStandard(c, status, id, standardView{err: msg, publishFailed: done == "published" &&
		status == http.StatusBadRequest})
}
