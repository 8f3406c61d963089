package server

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// indicatorInput is an indicator as its form holds it: Points per scale
// as typed, "" where it does not apply.
type indicatorInput struct {
	Code, Dimension, Title, Guidance string
	Methods                          []string
	Evidence, Veto                   bool
	Points                           map[string]string
}

// indicatorFormData is the form that adds an indicator to a draft or
// edits one.
type indicatorFormData struct {
	StandardID   int64
	StandardName string
	Version      int
	Orig         string // the code of the indicator edited; "" for a new one
	Rev          string
	In           indicatorInput
	Dimensions   []option
	Methods      []option
	Points       []scaleValue // Value is what the field holds
	Error        string
	Problems     []string
}

func indicatorInputOf(c echo.Context) indicatorInput {
	vals, _ := c.FormParams()
	in := indicatorInput{Code: c.FormValue("code"), Dimension: c.FormValue("dimension"), Title: c.FormValue("title"),
		Guidance: c.FormValue("guidance"), Methods: vals["methods"], Evidence: c.FormValue("evidence") == "1",
		Veto: c.FormValue("veto") == "1", Points: map[string]string{}}
	for _, sc := range domain.Scales() {
		in.Points[sc] = strings.TrimSpace(c.FormValue("points_" + sc))
	}
	return in
}

func indicatorInputFrom(in domain.Indicator) indicatorInput {
	out := indicatorInput{Code: in.Code, Dimension: in.Dimension, Title: in.Title, Guidance: in.Guidance,
		Methods: in.Methods, Evidence: in.Evidence, Veto: in.Veto, Points: map[string]string{}}
	for sc, v := range in.Points {
		if v != nil {
			out.Points[sc] = strconv.Itoa(*v)
		}
	}
	return out
}

// indicator reads the form into a domain indicator; a points field that
// is not a whole number is an error, an empty one "does not apply".
func (in indicatorInput) indicator() (domain.Indicator, error) {
	out := domain.Indicator{Code: in.Code, Dimension: in.Dimension, Title: in.Title, Guidance: in.Guidance,
		Methods: in.Methods, Evidence: in.Evidence, Veto: in.Veto, Points: map[string]*int{}}
	for _, sc := range domain.Scales() {
		v := in.Points[sc]
		if v == "" || v == "—" || v == "-" {
			out.Points[sc] = nil
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return out, domain.Invalid("web.standard.points_invalid", in.Code, sc, v)
		}
		out.Points[sc] = &n
	}
	return out, nil
}

// handleIndicatorForm shows the form of a new indicator, or with ?code=
// that of an existing one.
func (s *Server) handleIndicatorForm(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	st, err := s.editableStandard(c, id)
	if err != nil {
		return err
	}
	if st.Status != domain.StandardDraft {
		return domain.Fail(domain.ErrConflict, "standard.action_not_allowed", string(domain.StandardEdit),
			string(st.Status))
	}
	in := indicatorInput{Dimension: c.QueryParam("dimension"), Methods: []string{"documents"},
		Points: map[string]string{}}
	code := c.QueryParam("code")
	if code != "" {
		i := slices.IndexFunc(st.Indicators, func(x domain.Indicator) bool { return x.Code == code })
		if i < 0 {
			return domain.Fail(domain.ErrNotFound, "web.standard.indicator_not_found", code)
		}
		in = indicatorInputFrom(st.Indicators[i])
	}
	return s.renderIndicatorForm(c, http.StatusOK, st, code, in, "", nil)
}

// handleIndicatorSave adds or replaces an indicator of a draft and returns
// to the sheet; a problem comes back to the form with what was typed.
func (s *Server) handleIndicatorSave(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	orig, in := c.FormValue("orig"), indicatorInputOf(c)
	st, next, err := s.editDraft(c, id, func(st *domain.Standard) error {
		x, err := in.indicator()
		if err != nil {
			return err
		}
		if orig == "" {
			st.Indicators = append(st.Indicators, x)
			return nil
		}
		i := slices.IndexFunc(st.Indicators, func(y domain.Indicator) bool { return y.Code == orig })
		if i < 0 {
			return domain.Fail(domain.ErrConflict, "standard.changed", id)
		}
		st.Indicators[i] = x
		return nil
	})
	if err == nil {
		return c.Redirect(http.StatusSeeOther, standardHref(id)+"?done=indicator_saved#dim-"+in.Dimension)
	}
	status, msg, ok := s.standardError(c, err)
	if !ok {
		return err
	}
	var problems []string
	if domain.ErrorKey(err) != "standard.changed" && domain.ErrorKey(err) != "standard.action_not_allowed" &&
		!strings.HasPrefix(domain.ErrorKey(err), "web.") {
		problems = s.problemTexts(s.localizer(c), next.Check())
	}
	return s.renderIndicatorForm(c, status, st, orig, in, msg, problems)
}

func (s *Server) renderIndicatorForm(c echo.Context, status int, st domain.Standard, orig string, in indicatorInput,
	msg string, problems []string) error {
	loc := s.localizer(c)
	d := indicatorFormData{StandardID: st.ID, StandardName: st.Name, Version: st.Version, Orig: orig, Rev: revOf(st),
		In: in, Dimensions: codeOptions(loc, "standard.dimension.", domain.Dimensions(), in.Dimension),
		Error: msg, Problems: problems}
	for _, m := range domain.AssessmentMethods() {
		d.Methods = append(d.Methods, option{Value: m, Label: loc.T("standard.assessment." + m),
			Selected: slices.Contains(in.Methods, m)})
	}
	for _, sc := range domain.Scales() {
		d.Points = append(d.Points, scaleValue{Scale: sc, Label: loc.T("web.scale." + sc), Value: in.Points[sc]})
	}
	title := "web.title.indicator_new"
	if orig != "" {
		title = "web.title.indicator_edit"
	}
	return s.render(c, status, "standard_indicator", s.newPage(c, title, d))
}
