package domain

import (
	"context"
	"math"
	"slices"
	"time"

	"xietong/domain/calendar"
	"xietong/domain/catalog"
)

// Progress to the campaign's target (创建目标: "争取2-3年内，将全省50%以上的保障房
// 小区建设成为…和谐社区、幸福家园").
//
// The figure at a level as of a day D is
//
//	communities holding a title valid on D at that level
//	÷ communities active in the register on D
//
// for the province, each campaign city (CityCodeOf) and each county.
//
//   - A title is valid on D by TitleValidOn, the one rule; the store's SQL
//     states the same rule (domain/store/progress.go) and a store test
//     checks the two agree. Because it reads the title's dates, not its
//     status, last quarter's figure does not change when a title is
//     revoked today: the revocation sets EndedOn to today.
//   - Levels: a province title is the higher honour (the province names
//     communities the cities recommend), so it counts at the city level
//     too: the city-level figure is the communities holding a city or a
//     province title; the province-level figure those holding a province
//     title. TitleLevelsCounting says which.
//   - "Active in the register on D": the community was in the register and
//     active at the end of D (Asia/Shanghai). The register keeps the
//     history of each community's active flag (community_status_changes),
//     so a community taken out today still counts for last quarter.
//   - A community counts where the register places it now (its current
//     CityCode and RegionCode): the register keeps no history of moves.
//   - A titled community counts while its title is valid, even if it was
//     taken out of the register (ending its title is the title's business);
//     the rate is then above what the register alone would say.

// TitleValidOn reports whether t is valid on day d: granted on or before d,
// not yet ended on d (EndedOn is the first day it was no longer valid) and
// not past its last day ExpiresOn. It reads only dates, never the status,
// so a figure as of a past day stays the same whatever happens to the
// title later.
func TitleValidOn(t Title, d Date) bool {
	return !d.Before(t.GrantedOn) && (t.EndedOn.IsZero() || d.Before(t.EndedOn)) && !d.After(t.ExpiresOn)
}

// TitleLevelsCounting returns the title levels that count at level: city
// and province titles at the city level (a province title is the higher
// honour), province titles at the province level.
func TitleLevelsCounting(level StandardLevel) []StandardLevel {
	if level == LevelProvince {
		return []StandardLevel{LevelProvince}
	}
	return []StandardLevel{LevelCity, LevelProvince}
}

// HoldsTitleOn reports whether a community with titles ts counts as titled
// at level on day d.
func HoldsTitleOn(ts []Title, level StandardLevel, d Date) bool {
	for _, t := range ts {
		if slices.Contains(TitleLevelsCounting(level), t.Level) && TitleValidOn(t, d) {
			return true
		}
	}
	return false
}

// CampaignSettings are the campaign's target and dates, edited by an admin
// and kept as numbered versions. Target is a fraction (0.5 is 50%).
type CampaignSettings struct {
	Target    float64
	StartOn   Date // the campaign's start: the trend begins in its month
	TargetOn  Date // when the target should be reached
	Version   int  // 0 while the defaults are in force
	ChangedBy int64
	UpdatedAt time.Time
}

// DefaultCampaignSettings are the notice's: 50% of the province's
// affordable-housing communities, from the notice's date (陕建发〔2014〕275号,
// 7 August 2014) within "2–3 years", taken at its outer end (7 August 2017).
func DefaultCampaignSettings() CampaignSettings {
	return CampaignSettings{Target: 0.5, StartOn: calendar.NewDate(2014, time.August, 7), TargetOn: calendar.NewDate(2017, time.August, 7)}
}

// Validate checks the settings an admin saves.
func (s CampaignSettings) Validate() error {
	var p Problems
	p.Add(math.IsNaN(s.Target) || s.Target <= 0 || s.Target > 1, "progress.target_invalid")
	p.Add(s.StartOn.IsZero(), "progress.start_required")
	p.Add(s.TargetOn.IsZero(), "progress.target_date_required")
	p.Add(!s.StartOn.IsZero() && !s.TargetOn.IsZero() && !s.StartOn.Before(s.TargetOn), "progress.dates_order")
	return p.Err()
}

// ProgressCount is a figure: titled communities of the active ones.
type ProgressCount struct {
	Titled      int
	Communities int
}

// Rate is Titled/Communities, 0 when there are no communities.
func (c ProgressCount) Rate() float64 {
	if c.Communities <= 0 {
		return 0
	}
	return float64(c.Titled) / float64(c.Communities)
}

// Add returns the sum of two counts.
func (c ProgressCount) Add(o ProgressCount) ProgressCount {
	return ProgressCount{Titled: c.Titled + o.Titled, Communities: c.Communities + o.Communities}
}

// ProgressCell is the figure of the communities that share a campaign city
// and a region code, as the store counts them.
type ProgressCell struct {
	CityCode   string
	RegionCode string
	ProgressCount
}

// ProgressPoint is a day a figure is wanted for, and the instant that day
// ends in the campaign's time zone (what is in the register before Until
// was in it on On).
type ProgressPoint struct {
	On    Date
	Until time.Time
}

// ProgressQuery asks the store for figures at Level, in CityCode ("" for
// the province).
type ProgressQuery struct {
	Level    StandardLevel
	CityCode string
}

// ProgressReader reads what the progress figures are counted from.
type ProgressReader interface {
	// ProgressCells counts, as of p, the titled and the active communities
	// grouped by campaign city and region code; no error kind of its own.
	ProgressCells(ctx context.Context, q ProgressQuery, p ProgressPoint) ([]ProgressCell, error)
	// ProgressTrend returns the figure of q as of each point (ascending by
	// day), in a few grouped queries; no error kind of its own.
	ProgressTrend(ctx context.Context, q ProgressQuery, points []ProgressPoint) ([]ProgressCount, error)
	// ApplicationCounts counts the applications at levels (all when none)
	// in city ("" for all) by status; no error kind of its own.
	ApplicationCounts(ctx context.Context, city string, levels []StandardLevel) (map[ApplicationStatus]int, error)
	// CampaignSettings returns the latest saved settings, and false when
	// none were saved; no error kind of its own.
	CampaignSettings(ctx context.Context) (CampaignSettings, bool, error)
}

// ProgressWriter saves the campaign's settings.
type ProgressWriter interface {
	// SaveCampaignSettings stores s as version s.Version; ErrConflict
	// ("progress.settings_changed") when that version exists.
	SaveCampaignSettings(ctx context.Context, s *CampaignSettings) error
}

// CampaignCities returns the campaign cities in the order the figures list
// them: the ten cities by division code, then the three areas.
func CampaignCities() []string {
	var out []string
	for _, d := range catalog.Divisions() {
		if d.Level == RegionCity {
			out = append(out, d.Code)
		}
	}
	for _, a := range catalog.Areas() {
		out = append(out, a.Code)
	}
	return out
}

// RegionNames returns the Chinese and English names of a division or area
// code, and "" for an unknown code.
func RegionNames(code string) (zh, en string) {
	for _, a := range catalog.Areas() {
		if a.Code == code {
			return a.Name, a.NameEn
		}
	}
	if d, ok := divisionsByCode()[code]; ok {
		return d.Name, d.NameEn
	}
	return "", ""
}

// TrendPoints returns the days the trend is drawn at: the end of every
// month from the campaign's start to asOf, the last one asOf itself;
// none when asOf is before the start.
func TrendPoints(start, asOf Date) []Date {
	var out []Date
	if asOf.Before(start) || start.IsZero() {
		return out
	}
	for y, m := start.Year, start.Month; ; {
		end := monthEnd(y, m)
		if !end.Before(asOf) {
			return append(out, asOf)
		}
		out = append(out, end)
		if m++; m > time.December {
			y, m = y+1, time.January
		}
	}
}

// monthEnd is the last day of month m of year y.
func monthEnd(y int, m time.Month) Date {
	t := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
	return calendar.NewDate(t.Year(), t.Month(), t.Day())
}

// MonthsBefore returns the day n months before d, clamped to the end of a
// shorter month (31 August less 6 months is 28 or 29 February).
func MonthsBefore(d Date, n int) Date {
	y, m := d.Year, d.Month-time.Month(n)
	for m < time.January {
		y, m = y-1, m+12
	}
	if end := monthEnd(y, m); d.Day > end.Day {
		return end
	}
	return calendar.NewDate(y, m, d.Day)
}

// ProjectionMonths is how far back the projection's rate is measured.
const ProjectionMonths = 6

// daysPerMonth turns a number of months into days for the projection.
const daysPerMonth = 365.25 / 12

// Projection is when the target is reached at the recent rate.
type Projection struct {
	// MonthlyRate is titled communities gained per month over the last
	// ProjectionMonths months (negative when titles were lost).
	MonthlyRate float64
	// Needed is how many titled communities the target asks for now.
	Needed int
	// Reached: the target is met as of the day.
	Reached bool
	// ReachesOn is the day the target is met at MonthlyRate; zero when
	// Reached or when the rate is not positive ("not at this rate").
	ReachesOn Date
}

// Project extends the last ProjectionMonths months linearly: now is the
// figure as of asOf, before the number of titled communities
// ProjectionMonths months earlier. The target is ceil(target ×
// communities) titled communities of today's register; a month is
// 365.25/12 days. An empty register has no projection.
func Project(asOf Date, now ProgressCount, before int, target float64) Projection {
	p := Projection{MonthlyRate: float64(now.Titled-before) / ProjectionMonths,
		Needed: now.Needed(target)}
	remaining := p.Needed - now.Titled
	switch {
	case now.Communities <= 0: // an empty register reaches nothing
	case remaining <= 0:
		p.Reached = true
	case p.MonthlyRate > 0:
		days := math.Ceil(float64(remaining) / p.MonthlyRate * daysPerMonth)
		p.ReachesOn = asOf.AddDays(int(days))
	}
	return p
}
