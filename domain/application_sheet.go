package domain

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ScoreSheet is one set of points for an application: the community's own
// self-assessment (one per application, saved a part at a time), one city
// assessor's sheet (several per application; the city score is their
// mean), or one provincial inspection (several; the latest with points is
// the province score).
type ScoreSheet struct {
	ID            int64
	ApplicationID int64
	Kind          SheetKind
	// Assessor is the named outside expert the bureau entered the sheet
	// for, or the acting user's name.
	Assessor     string
	EnteredBy    int64
	EnteredOrgID int64
	Total        int
	VetoFailed   bool
	// An inspection's facts: the day, who inspected and what they found.
	InspectedOn Date
	Inspectors  string
	Note        string
	Scores      []IndicatorScore
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// SheetKind says whose points a sheet holds.
type SheetKind string

// The kinds of score sheet.
const (
	SheetSelf     SheetKind = "self"
	SheetCity     SheetKind = "city"
	SheetProvince SheetKind = "province"
)

// IndicatorScore is the points one sheet gives one indicator. VetoFailed
// is meaningful on a veto indicator only (一票否决): true fails the whole
// application whatever the points.
type IndicatorScore struct {
	Indicator  string
	Points     int
	VetoFailed bool
	Note       string
}

// Limits of a sheet's text.
const (
	MaxAssessor   = 100
	MaxInspectors = 200
	MaxScoreNote  = 2000
	MaxStepNote   = 4000
)

// SheetReader reads score sheets.
type SheetReader interface {
	// ScoreSheets returns an application's sheets with their points, by
	// ID; no error kind of its own.
	ScoreSheets(ctx context.Context, applicationID int64) ([]ScoreSheet, error)
	// ApplicationTasks returns the tasks linked to an application (its
	// review steps and rectifications), by ID; no error kind of its own.
	ApplicationTasks(ctx context.Context, applicationID int64) ([]Task, error)
	// ApplicationItems lists applications as Applications does, each with
	// its community's name and city and the deadline of its open review
	// task; no error kind of its own.
	ApplicationItems(ctx context.Context, f ApplicationFilter, p Page) ([]ApplicationItem, error)
}

// SheetWriter stores score sheets.
type SheetWriter interface {
	// CreateScoreSheet inserts s with its scores and sets s.ID; no error
	// kind of its own.
	CreateScoreSheet(ctx context.Context, s *ScoreSheet) error
	// UpdateScoreSheet writes s's total, veto and text, and replaces the
	// points of the indicators in s.Scores (others are kept); no error kind
	// of its own.
	UpdateScoreSheet(ctx context.Context, s *ScoreSheet) error
}

// ApplicationItem is a row of an application list.
type ApplicationItem struct {
	Application
	CommunityName   string
	CommunityNameEn string
	City            string // the community's city, in Chinese
	StepDue         Date   // the open review task's deadline; zero when none is open
	StepTaskID      int64
}

// indicatorOf returns the indicator with code, and whether the standard
// has it.
func indicatorOf(st Standard, code string) (Indicator, bool) {
	for _, in := range st.Indicators {
		if in.Code == code {
			return in, true
		}
	}
	return Indicator{}, false
}

// ApplicableIndicators returns the standard's indicators that apply to
// scale, in the standard's order.
func ApplicableIndicators(st Standard, scale string) []Indicator {
	var out []Indicator
	for _, in := range st.Indicators {
		if in.Points[scale] != nil {
			out = append(out, in)
		}
	}
	return out
}

// CheckScores validates points given against standard st for a community
// of scale: every indicator named must be in the standard and apply to the
// scale, points are whole numbers from 0 to the indicator's points for the
// scale, each indicator at most once, veto_failed only on a veto item.
// With complete set, every applicable indicator must be scored; the error
// then lists those missing. Notes are trimmed.
func CheckScores(st Standard, scale string, scores []IndicatorScore, complete bool) error {
	var p Problems
	seen := map[string]bool{}
	for i := range scores {
		sc := &scores[i]
		sc.Indicator = strings.TrimSpace(sc.Indicator)
		sc.Note = strings.TrimSpace(sc.Note)
		in, ok := indicatorOf(st, sc.Indicator)
		switch {
		case sc.Indicator == "":
			p.Add(true, "application.indicator_required")
			continue
		case !ok:
			p.Add(true, "application.indicator_unknown", sc.Indicator)
			continue
		case in.Points[scale] == nil:
			p.Add(true, "application.indicator_not_applicable", sc.Indicator, scale)
			continue
		}
		p.Add(seen[sc.Indicator], "application.indicator_duplicate", sc.Indicator)
		seen[sc.Indicator] = true
		top := *in.Points[scale]
		p.Add(sc.Points < 0 || sc.Points > top, "application.points_out_of_range", sc.Indicator, top)
		p.Add(sc.VetoFailed && !in.Veto, "application.veto_not_applicable", sc.Indicator)
		p.Add(utf8.RuneCountInString(sc.Note) > MaxScoreNote, "application.score_note_too_long", sc.Indicator,
			MaxScoreNote)
		p.AddErr(checkText(sc.Note))
	}
	if err := p.Err(); err != nil {
		return err
	}
	if complete {
		var missing []string
		for _, in := range ApplicableIndicators(st, scale) {
			if !seen[in.Code] {
				missing = append(missing, in.Code)
			}
		}
		if len(missing) > 0 {
			return Fail(ErrUnprocessable, "application.scores_missing", strings.Join(missing, ", "))
		}
	}
	return nil
}

// SheetTotal sums a sheet's points and reports whether a veto item failed.
func SheetTotal(scores []IndicatorScore) (total int, vetoFailed bool) {
	for _, s := range scores {
		total += s.Points
		vetoFailed = vetoFailed || s.VetoFailed
	}
	return total, vetoFailed
}

// MeanScore is the mean of the totals, rounded to two decimals; nil for no
// totals.
func MeanScore(totals []int) *float64 {
	if len(totals) == 0 {
		return nil
	}
	sum := 0
	for _, t := range totals {
		sum += t
	}
	m := math.Round(float64(sum)/float64(len(totals))*100) / 100
	return &m
}

// Scores computes an application's review scores from its sheets: the city
// score is the mean of the city sheets' totals, the province score the
// total of the latest inspection that gave points, and veto_failed is set
// when any city or province sheet failed a veto item. The self score is
// the self sheet's total (nil without one).
func (a *Application) Scores(sheets []ScoreSheet) {
	var city []int
	a.SelfScore, a.CityScore, a.ProvinceScore, a.VetoFailed = nil, nil, nil, false
	for _, s := range sheets {
		switch s.Kind {
		case SheetSelf:
			v := float64(s.Total)
			a.SelfScore = &v
		case SheetCity:
			city = append(city, s.Total)
			a.VetoFailed = a.VetoFailed || s.VetoFailed
		case SheetProvince:
			if len(s.Scores) > 0 {
				v := float64(s.Total)
				a.ProvinceScore = &v
				a.VetoFailed = a.VetoFailed || s.VetoFailed
			}
		}
	}
	a.CityScore = MeanScore(city)
}

// DecidingScore is the score a decision at the application's level rests
// on: the city score for a city title; for a province title the province
// score when the inspection gave one, else the city score. nil when there
// is none yet.
func (a Application) DecidingScore() *float64 {
	if a.Level == LevelProvince && a.ProvinceScore != nil {
		return a.ProvinceScore
	}
	return a.CityScore
}

// CheckPass refuses (ErrUnprocessable) a recommendation or acceptance of a
// whose veto failed or whose score is below the standard's pass score.
// score is the score the step rests on.
func CheckPass(a Application, score *float64, pass int) error {
	switch {
	case a.VetoFailed:
		return Fail(ErrUnprocessable, "application.veto_failed")
	case score == nil:
		return Fail(ErrUnprocessable, "application.not_scored")
	case *score < float64(pass):
		return Fail(ErrUnprocessable, "application.below_pass", FormatScore(*score), pass)
	}
	return nil
}

// FormatScore shows a score with two decimals ("85.50").
func FormatScore(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', 2, 64) }

// MissingForSubmit lists what keeps an application from being submitted:
// the applicable indicators without a self-score, and those that need
// evidence without a file. Both lists are in the standard's order.
func MissingForSubmit(st Standard, scale string, self []IndicatorScore, evidence map[string]int) (noScore, noEvidence []string) {
	scored := map[string]bool{}
	for _, s := range self {
		scored[s.Indicator] = true
	}
	for _, in := range ApplicableIndicators(st, scale) {
		if !scored[in.Code] {
			noScore = append(noScore, in.Code)
		}
		if in.Evidence && evidence[in.Code] == 0 {
			noEvidence = append(noEvidence, in.Code)
		}
	}
	return noScore, noEvidence
}

// mergeScores replaces the scores in old by indicator with those in upd,
// keeping the others, in the standard's order.
func mergeScores(st Standard, old, upd []IndicatorScore) []IndicatorScore {
	by := map[string]IndicatorScore{}
	for _, s := range old {
		by[s.Indicator] = s
	}
	for _, s := range upd {
		by[s.Indicator] = s
	}
	var out []IndicatorScore
	for _, in := range st.Indicators {
		if s, ok := by[in.Code]; ok {
			out = append(out, s)
		}
	}
	return out
}

// sheetOf returns the first sheet of kind, and whether there is one.
func sheetOf(sheets []ScoreSheet, kind SheetKind) (ScoreSheet, bool) {
	i := slices.IndexFunc(sheets, func(s ScoreSheet) bool { return s.Kind == kind })
	if i < 0 {
		return ScoreSheet{}, false
	}
	return sheets[i], true
}
