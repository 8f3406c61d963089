package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Standard is a campaign scoring sheet (创建标准): the indicators a
// community is assessed on, grouped by the six qualities, with points per
// community scale. Standards are data: the province ships an example and
// writes its own; cities get theirs (因地制宜). A draft may change; once
// published it is frozen, since applications are scored against it, and a
// change is a copy with the next version.
type Standard struct {
	ID         int64
	Name       string
	Level      StandardLevel
	RegionCode string // the city's 6-digit division code; "" for a province standard
	Version    int
	Status     StandardStatus
	PassScore  int
	Indicators []Indicator
	CreatedBy  int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// StandardLevel is who a standard is for.
type StandardLevel string

// The levels of a standard.
const (
	LevelProvince StandardLevel = "province"
	LevelCity     StandardLevel = "city"
)

// StandardStatus is where a standard is in its life.
type StandardStatus string

// The statuses of a standard.
const (
	StandardDraft     StandardStatus = "draft"
	StandardPublished StandardStatus = "published"
	StandardRetired   StandardStatus = "retired"
)

// Indicator is one line of a scoring sheet (指标).
type Indicator struct {
	Code      string
	Dimension string // one of Dimensions
	Title     string
	Guidance  string   // the criteria and how points follow from them (测评内容, 测评标准)
	Methods   []string // how it is assessed: AssessmentMethods, one or more
	Evidence  bool     // evidence files are required
	Veto      bool     // 一票否决: failing it fails the application whatever the score
	// Points are the indicator's points per community scale (Scales);
	// nil means it does not apply to that scale.
	Points map[string]*int
}

// Dimensions returns the six qualities of a harmonious community, in the
// notice's order, in a fresh slice.
func Dimensions() []string {
	return []string{"self_governance", "orderly_management", "services", "public_security", "environment", "civility"}
}

// AssessmentMethods returns how an indicator may be assessed, in a fresh
// slice: 材料审核, 实地察看, 问卷调查.
func AssessmentMethods() []string { return []string{"documents", "site_visit", "resident_survey"} }

// Limits of a standard's text and size.
const (
	MaxStandardName    = 200
	MaxIndicators      = 300
	MaxIndicatorCode   = 32
	MaxIndicatorTitle  = 200
	MaxIndicatorText   = 4000
	MaxIndicatorPoints = 1000
)

// MaxScore returns the sum of the points of the indicators that apply to
// scale: the best score a community of that scale can reach.
func (s Standard) MaxScore(scale string) int {
	n := 0
	for _, in := range s.Indicators {
		if p := in.Points[scale]; p != nil {
			n += *p
		}
	}
	return n
}

// Validate checks a standard's fields as a draft may hold them: it may
// still lack indicators, but what it has must be well-formed.
func (s *Standard) Validate() error { return s.Check().Err() }

// Check returns every problem Validate finds, in the order of the form
// (the fields, then each indicator), so a page can list them all.
func (s *Standard) Check() Problems {
	var p Problems
	s.Name = strings.TrimSpace(s.Name)
	p.Add(s.Name == "", "standard.name_required")
	p.Add(utf8.RuneCountInString(s.Name) > MaxStandardName, "standard.name_too_long", MaxStandardName)
	switch s.Level {
	case LevelProvince:
		p.Add(s.RegionCode != "", "standard.region_not_allowed")
	case LevelCity:
		p.Add(!divisionCode(s.RegionCode), "standard.region_invalid", s.RegionCode)
	default:
		p.Add(true, "standard.level_invalid", string(s.Level))
	}
	p.Add(s.PassScore < 0, "standard.pass_score_negative")
	p.Add(len(s.Indicators) > MaxIndicators, "standard.too_many_indicators", MaxIndicators)
	codes := map[string]bool{}
	for i := range s.Indicators {
		in := &s.Indicators[i]
		p.AddErr(in.validate())
		p.Add(in.Code != "" && codes[in.Code], "standard.indicator_code_duplicate", in.Code)
		codes[in.Code] = true
	}
	if len(s.Indicators) > 0 {
		for _, sc := range Scales() {
			if top := s.MaxScore(sc); s.appliesTo(sc) && s.PassScore > top {
				p.Add(true, "standard.pass_score_above_max", s.PassScore, sc, top)
			}
		}
	}
	return p
}

// appliesTo reports whether any indicator applies to scale.
func (s Standard) appliesTo(scale string) bool {
	for _, in := range s.Indicators {
		if in.Points[scale] != nil {
			return true
		}
	}
	return false
}

// ValidatePublish checks that a standard is complete enough to assess
// communities with: valid, with indicators, every dimension covered, and a
// pass score.
func (s *Standard) ValidatePublish() error { return s.CheckPublish().Err() }

// CheckPublish returns every problem ValidatePublish finds: those of
// Check, then what the sheet still lacks. Its first is ValidatePublish's
// error.
func (s *Standard) CheckPublish() Problems {
	p := s.Check()
	p.Add(len(s.Indicators) == 0, "standard.no_indicators")
	for _, d := range Dimensions() {
		p.Add(len(s.Indicators) > 0 && !slices.ContainsFunc(s.Indicators, func(in Indicator) bool {
			return in.Dimension == d
		}), "standard.dimension_missing", d)
	}
	p.Add(s.PassScore == 0, "standard.pass_score_required")
	return p
}

func (in *Indicator) validate() error {
	var p Problems
	in.Code = strings.TrimSpace(in.Code)
	in.Title = strings.TrimSpace(in.Title)
	in.Guidance = strings.TrimSpace(in.Guidance)
	p.Add(in.Code == "", "standard.indicator_code_required")
	p.Add(utf8.RuneCountInString(in.Code) > MaxIndicatorCode || strings.ContainsAny(in.Code, " \t\r\n"),
		"standard.indicator_code_invalid", in.Code)
	p.Add(!slices.Contains(Dimensions(), in.Dimension), "standard.dimension_invalid", in.Code, in.Dimension)
	p.Add(in.Title == "", "standard.indicator_title_required", in.Code)
	p.Add(utf8.RuneCountInString(in.Title) > MaxIndicatorTitle, "standard.indicator_title_too_long", in.Code,
		MaxIndicatorTitle)
	p.Add(utf8.RuneCountInString(in.Guidance) > MaxIndicatorText, "standard.indicator_guidance_too_long",
		in.Code, MaxIndicatorText)
	p.Add(len(in.Methods) == 0, "standard.assessment_required", in.Code)
	seen := map[string]bool{}
	for _, m := range in.Methods {
		p.Add(!slices.Contains(AssessmentMethods(), m), "standard.assessment_invalid", in.Code, m)
		p.Add(seen[m], "standard.assessment_duplicate", in.Code, m)
		seen[m] = true
	}
	applies := false
	for sc, v := range in.Points {
		p.Add(!slices.Contains(Scales(), sc), "standard.scale_invalid", in.Code, sc)
		if v == nil {
			continue
		}
		applies = true
		p.Add(*v < 0, "standard.points_negative", in.Code, sc)
		p.Add(*v > MaxIndicatorPoints, "standard.points_too_high", in.Code, sc, MaxIndicatorPoints)
	}
	p.Add(!applies, "standard.indicator_no_scale", in.Code)
	return p.Err()
}

// divisionCode reports whether s has the shape of a 6-digit administrative
// division code (行政区划代码).
func divisionCode(s string) bool {
	if len(s) != 6 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// StandardAction is a move in a standard's life.
type StandardAction string

// The moves of a standard.
const (
	StandardEdit    StandardAction = "edit"
	StandardPublish StandardAction = "publish"
	StandardRetire  StandardAction = "retire"
)

// standardMoves is the standard's state machine: a draft is edited and
// published, a published standard retired; nothing else.
var standardMoves = map[StandardAction]struct {
	from []StandardStatus
	to   StandardStatus
}{
	StandardEdit:    {[]StandardStatus{StandardDraft}, StandardDraft},
	StandardPublish: {[]StandardStatus{StandardDraft}, StandardPublished},
	StandardRetire:  {[]StandardStatus{StandardPublished}, StandardRetired},
}

// NextStandardStatus returns the status action a leads to from cur.
func NextStandardStatus(cur StandardStatus, a StandardAction) (StandardStatus, error) {
	m, ok := standardMoves[a]
	if !ok {
		return cur, Fail(ErrInvalid, "standard.unknown_action", string(a))
	}
	if !slices.Contains(m.from, cur) {
		return cur, Fail(ErrConflict, "standard.action_not_allowed", string(a), string(cur))
	}
	return m.to, nil
}

// StandardFilter narrows a standard list.
type StandardFilter struct {
	Level      StandardLevel
	RegionCode string
	Status     StandardStatus
	// Published limits the list to published and retired standards: what
	// an actor who may not edit standards sees.
	Published bool
}

// Validate rejects filter values that could never match.
func (f StandardFilter) Validate() error {
	var p Problems
	p.Add(f.Level != "" && f.Level != LevelProvince && f.Level != LevelCity, "standard.level_invalid", string(f.Level))
	p.Add(f.Status != "" && f.Status != StandardDraft && f.Status != StandardPublished && f.Status != StandardRetired,
		"standard.status_invalid", string(f.Status))
	p.Add(f.RegionCode != "" && !divisionCode(f.RegionCode), "standard.region_invalid", f.RegionCode)
	return p.Err()
}

// CanEditStandards reports whether actor a may create, edit, publish and
// retire standards: the province, that is the admin and the leads of the
// provincial housing department (leads belong to no organisation; the
// department leads the campaign). City standards are the province's too
// until city bureaus get accounts of their own.
func CanEditStandards(a Actor) bool { return Allowed(a, PermEditStandards) }

// CanSeeStandard reports whether a may read s: published and retired
// standards are for every signed-in role (applications are scored
// against them), drafts only for editors.
func CanSeeStandard(a Actor, editor bool, s Standard) bool {
	if a.Role == "" {
		return false
	}
	return editor || s.Status != StandardDraft
}
