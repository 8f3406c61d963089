package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"xietong/domain"
	"xietong/domain/catalog"
)

// standardsPath is where the campaign's standards live in the web UI.
const standardsPath = "/campaign/standards"

// standardHref is the page of standard id.
func standardHref(id int64) string { return standardsPath + "/" + strconv.FormatInt(id, 10) }

// standardStatuses are the statuses of a standard, in their order.
var standardStatuses = []domain.StandardStatus{domain.StandardDraft, domain.StandardPublished, domain.StandardRetired}

// standardLevels are the levels of a standard.
var standardLevels = []domain.StandardLevel{domain.LevelProvince, domain.LevelCity}

// standardRow is one standard as the list shows it.
type standardRow struct {
	ID                 int64
	Name               string
	Level, LevelCode   string
	City               string
	Version            int
	Status, StatusCode string
	PassScore          int
	Indicators         int
	Max                []scaleValue
}

// scaleValue is a number for one community scale: a maximum score or an
// indicator's points; Value is "—" where the sheet does not apply.
type scaleValue struct {
	Scale, Label, Value string
}

// standardListData is the list of standards.
type standardListData struct {
	CanEdit  bool
	Levels   []option
	Statuses []option
	Filtered bool
	Items    []standardRow
	Pager    pager
}

// handleStandardList lists the standards the user may read: every one for
// those who edit them, the published and retired ones for everyone else.
func (s *Server) handleStandardList(c echo.Context) error {
	f := domain.StandardFilter{Level: domain.StandardLevel(c.QueryParam("level")),
		Status: domain.StandardStatus(c.QueryParam("status"))}
	pg, err := domain.NewPage(0, c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	a, loc := actorOf(c), s.localizer(c)
	list, err := s.deps.Standards.Standards(c.Request().Context(), a, f, pg)
	if err != nil {
		return err
	}
	editor := domain.CanEditStandards(a)
	statuses := standardStatuses
	if !editor {
		statuses = standardStatuses[1:] // a draft is the editors' only
	}
	d := standardListData{CanEdit: editor,
		Levels:   codeOptions(loc, "web.standard.level.", standardLevels, string(f.Level)),
		Statuses: codeOptions(loc, "web.standard.status.", statuses, string(f.Status)),
		Filtered: f != domain.StandardFilter{}, Pager: newPager(c, list.Next, len(list.Items))}
	for _, st := range list.Items {
		d.Items = append(d.Items, standardRow{ID: st.ID, Name: st.Name,
			Level: loc.T("web.standard.level." + string(st.Level)), LevelCode: string(st.Level),
			City: cityName(loc.Lang, st.RegionCode), Version: st.Version,
			Status: loc.T("web.standard.status." + string(st.Status)), StatusCode: string(st.Status),
			PassScore: st.PassScore, Indicators: len(st.Indicators), Max: maxScores(loc, st)})
	}
	return s.render(c, http.StatusOK, "standards", s.newPage(c, "web.title.standards", d))
}

// maxScores is a sheet's best score per community scale, "—" for a scale
// no indicator applies to.
func maxScores(loc *Localizer, st domain.Standard) []scaleValue {
	var out []scaleValue
	for _, sc := range domain.Scales() {
		v := scaleValue{Scale: sc, Label: loc.T("web.scale." + sc), Value: "—"}
		for _, in := range st.Indicators {
			if in.Points[sc] != nil {
				v.Value = strconv.Itoa(st.MaxScore(sc))
				break
			}
		}
		out = append(out, v)
	}
	return out
}

// cityName names a city standard's city by its division code; "" for a
// province standard.
func cityName(lang, code string) string {
	if code == "" {
		return ""
	}
	for _, d := range catalog.Divisions() {
		if d.Code == code {
			return inLang(lang, d.Name, d.NameEn)
		}
	}
	return code
}

// standardCityOptions lists the province's cities for a city standard.
func standardCityOptions(lang, selected string) []option {
	var out []option
	for _, d := range catalog.Divisions() {
		if d.Level == "city" {
			out = append(out, option{Value: d.Code, Label: inLang(lang, d.Name, d.NameEn), Selected: d.Code == selected})
		}
	}
	return out
}

// standardForm is a standard's own fields as a form holds them: the new
// standard's form and a draft's header.
type standardForm struct {
	ID                             int64  // the draft's; 0 on the form that starts one
	Rev                            string // the draft's revision (revOf)
	Name, Level, Region, PassScore string
	Levels, Cities                 []option
	Error                          string
	Problems                       []string
}

// standardFormOf reads the fields of a standard's form.
func standardFormOf(c echo.Context) standardForm {
	return standardForm{Name: c.FormValue("name"), Level: c.FormValue("level"), Region: c.FormValue("region_code"),
		PassScore: c.FormValue("pass_score")}
}

// apply writes the form's fields onto st. A province standard has no
// region, whatever the city select (always shown, for pages without
// JavaScript) says.
func (f standardForm) apply(st *domain.Standard) error {
	score, err := formInt(f.PassScore, "web.standard.pass_score")
	if err != nil {
		return err
	}
	st.Name, st.Level, st.RegionCode, st.PassScore = f.Name, domain.StandardLevel(f.Level), f.Region, score
	if st.Level != domain.LevelCity {
		st.RegionCode = ""
	}
	return nil
}

// withOptions fills the form's choices in the page's language.
func (f standardForm) withOptions(loc *Localizer) standardForm {
	if f.Level == "" {
		f.Level = string(domain.LevelProvince)
	}
	f.Levels = codeOptions(loc, "web.standard.level.", standardLevels, f.Level)
	f.Cities = standardCityOptions(loc.Lang, f.Region)
	return f
}

// formInt reads a whole number a person typed; "" is 0. field is the
// catalogue key of the field's name, for the message.
func formInt(v, field string) (int, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, domain.Invalid("web.standard.number_invalid", field, v)
	}
	return n, nil
}

// standardNewData is the form that starts a standard.
type standardNewData struct {
	Form standardForm
}

// handleStandardForm shows the form that starts a draft standard.
func (s *Server) handleStandardForm(c echo.Context) error {
	if err := domain.Require(actorOf(c), domain.PermEditStandards); err != nil {
		return err
	}
	d := standardNewData{Form: standardForm{}.withOptions(s.localizer(c))}
	return s.render(c, http.StatusOK, "standard_new", s.newPage(c, "web.title.standard_new", d))
}

// handleStandardCreate adds the draft and opens it.
func (s *Server) handleStandardCreate(c echo.Context) error {
	a, loc := actorOf(c), s.localizer(c)
	if err := domain.Require(a, domain.PermEditStandards); err != nil {
		return err
	}
	f := standardFormOf(c)
	var st domain.Standard
	err := f.apply(&st)
	if err == nil {
		st, err = s.deps.Standards.Create(c.Request().Context(), a, domain.StandardInput{Name: st.Name,
			Level: st.Level, RegionCode: st.RegionCode, PassScore: st.PassScore})
	}
	if err == nil {
		return c.Redirect(http.StatusSeeOther, standardHref(st.ID)+"?done=created")
	}
	status, msg, ok := s.standardError(c, err)
	if !ok {
		return err
	}
	f = f.withOptions(loc)
	f.Error = msg
	if errors.Is(err, domain.ErrInvalid) {
		f.Problems = s.problemTexts(loc, st.Check())
	}
	return s.render(c, status, "standard_new", s.newPage(c, "web.title.standard_new", standardNewData{Form: f}))
}

// standardError is formError for the standards' pages: the message in the
// page's language, with the codes it names (a dimension, a scale, an
// assessment method, a status) in words.
func (s *Server) standardError(c echo.Context, err error) (status int, msg string, ok bool) {
	f, known := classify(err)
	if !known || f.status != http.StatusBadRequest && f.status != http.StatusConflict {
		return 0, "", false
	}
	return f.status, standardText(s.localizer(c), f.key, f.args), true
}

// problemTexts are problems in the page's language, each once.
func (s *Server) problemTexts(loc *Localizer, p domain.Problems) []string {
	var out []string
	seen := map[string]bool{}
	for _, err := range p {
		f, known := classify(err)
		if !known {
			continue
		}
		if m := standardText(loc, f.key, f.args); !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	return out
}

// standardWords are the prefixes under which a code an error names has a
// word of its own.
var standardWords = []string{"standard.dimension.", "web.scale.", "standard.assessment.", "web.standard.status.",
	"web.standard.action.", "web.standard.level."}

// standardText is the message key with args, the codes among them in words.
func standardText(loc *Localizer, key string, args []any) string {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = a
		code, isStr := a.(string)
		if !isStr || code == "" {
			continue
		}
		if strings.HasPrefix(code, "web.") && loc.T(code) != code { // a field's name
			out[i] = loc.T(code)
			continue
		}
		for _, p := range standardWords {
			if k := p + code; loc.T(k) != k {
				out[i] = loc.T(k)
				break
			}
		}
	}
	return loc.T(key, out...)
}
