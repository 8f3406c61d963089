package domain

import (
	"context"
	"fmt"
	"time"

	"xietong/domain/calendar"
)

// ProgressStore is ProgressService's.
type ProgressStore interface {
	Transactor
	OrgReader
	ProgressReader
}

// ProgressService computes the campaign's progress to its target and keeps
// the campaign's settings.
type ProgressService struct {
	Store    ProgressStore
	Now      func() time.Time
	Location *time.Location // the campaign's days end at midnight here
}

// ProgressRequest asks for the figures at Level as of AsOf (today when
// zero).
type ProgressRequest struct {
	AsOf  Date
	Level StandardLevel // LevelCity when ""
}

// CityProgress is one campaign city's figure with its counties'.
type CityProgress struct {
	Code string
	ProgressCount
	Counties []CountyProgress
}

// CountyProgress is one county's figure (a region code below its city).
type CountyProgress struct {
	Code string
	ProgressCount
}

// TrendPoint is the figure as of the end of a month (AsOf for its month).
type TrendPoint struct {
	Month string // YYYY-MM
	On    Date
	ProgressCount
}

// PipelineCount is how many applications are in a status.
type PipelineCount struct {
	Status ApplicationStatus
	N      int
}

// Progress is the answer: the figures in the actor's scope.
type Progress struct {
	AsOf     Date
	Level    StandardLevel
	Settings CampaignSettings
	// Province is the whole province's figure; nil for a city bureau,
	// which sees its city only.
	Province   *ProgressCount
	Cities     []CityProgress
	Trend      []TrendPoint
	Projection Projection
	Pipeline   []PipelineCount // every status, in lifecycle order
	// Total is the figure of the scope (the province, or the bureau's
	// city): what the trend and the projection describe.
	Total ProgressCount
}

// progressCity returns the campaign city an actor's figures are limited
// to ("" for the whole province), or ErrForbidden: the province (admins,
// leads) and leadership see every city, a city's housing bureau its city;
// community users, county bureaus and other departments see none.
func progressCity(ctx context.Context, st OrgReader, a Actor) (string, error) {
	switch a.Role {
	case "":
		return "", Fail(ErrUnauthenticated, "auth.required")
	case RoleAdmin, RoleLead, RoleLeadership:
		return "", nil
	case RoleDepartment:
		if a.OrgID == 0 {
			break
		}
		org, err := st.Organization(ctx, a.OrgID)
		if err != nil {
			return "", err
		}
		if sc := CampaignScopeOf(a, org); sc.City != "" {
			return sc.City, nil
		}
	}
	return "", Fail(ErrForbidden, "auth.forbidden")
}

// CanSeeProgress reports whether a's role may read the progress figures at
// all (a department still needs to be a city's housing bureau).
func CanSeeProgress(a Actor) bool {
	switch a.Role {
	case RoleAdmin, RoleLead, RoleLeadership, RoleDepartment:
		return true
	}
	return false
}

// today is the day it is now in the campaign's time zone.
func (s *ProgressService) today() Date { return calendar.DateOf(s.Now(), s.loc()) }

func (s *ProgressService) loc() *time.Location {
	if s.Location == nil {
		return time.UTC
	}
	return s.Location
}

// point is the day d with the instant it ends.
func (s *ProgressService) point(d Date) ProgressPoint {
	return ProgressPoint{On: d, Until: d.AddDays(1).In(s.loc()).UTC()}
}

// Progress computes the figures in a's scope.
func (s *ProgressService) Progress(ctx context.Context, a Actor, r ProgressRequest) (Progress, error) {
	city, err := progressCity(ctx, s.Store, a)
	if err != nil {
		return Progress{}, err
	}
	if r.Level == "" {
		r.Level = LevelCity
	}
	if r.Level != LevelCity && r.Level != LevelProvince {
		return Progress{}, Invalid("progress.level_invalid", string(r.Level))
	}
	today := s.today()
	if r.AsOf.IsZero() {
		r.AsOf = today
	}
	if r.AsOf.After(today) {
		return Progress{}, Invalid("progress.as_of_future", r.AsOf.String())
	}
	set, err := s.settings(ctx, s.Store)
	if err != nil {
		return Progress{}, err
	}
	q := ProgressQuery{Level: r.Level, CityCode: city}
	cells, err := s.Store.ProgressCells(ctx, q, s.point(r.AsOf))
	if err != nil {
		return Progress{}, err
	}
	out := Progress{AsOf: r.AsOf, Level: r.Level, Settings: set}
	out.Cities, out.Total = rollUp(cells, city)
	if city == "" {
		total := out.Total
		out.Province = &total
	}

	// The trend's points and the day the projection's rate starts from,
	// in one query.
	days := TrendPoints(set.StartOn, r.AsOf)
	back := MonthsBefore(r.AsOf, ProjectionMonths)
	pts := make([]ProgressPoint, 0, len(days)+1)
	pts = append(pts, s.point(back))
	for _, d := range days {
		pts = append(pts, s.point(d))
	}
	counts, err := s.Store.ProgressTrend(ctx, q, pts)
	if err != nil {
		return Progress{}, err
	}
	if len(counts) != len(pts) {
		return Progress{}, fmt.Errorf("progress trend: %d counts for %d points", len(counts), len(pts))
	}
	for i, d := range days {
		out.Trend = append(out.Trend, TrendPoint{Month: fmt.Sprintf("%04d-%02d", d.Year, int(d.Month)), On: d,
			ProgressCount: counts[i+1]})
	}
	out.Projection = Project(r.AsOf, out.Total, counts[0].Titled, set.Target)

	var levels []StandardLevel
	if r.Level == LevelProvince {
		levels = []StandardLevel{LevelProvince}
	}
	byStatus, err := s.Store.ApplicationCounts(ctx, city, levels)
	if err != nil {
		return Progress{}, err
	}
	for _, st := range ApplicationStatuses() {
		out.Pipeline = append(out.Pipeline, PipelineCount{Status: st, N: byStatus[st]})
	}
	return out, nil
}

// rollUp turns the store's cells into the cities' figures (every campaign
// city for the province, the one city for a bureau) with their counties,
// and the scope's total. A cell whose region code is its city's own (the
// county not recorded) counts for the city but no county.
func rollUp(cells []ProgressCell, city string) ([]CityProgress, ProgressCount) {
	codes := CampaignCities()
	if city != "" {
		codes = []string{city}
	}
	idx := map[string]int{}
	out := make([]CityProgress, len(codes))
	for i, c := range codes {
		out[i] = CityProgress{Code: c, Counties: []CountyProgress{}}
		idx[c] = i
	}
	var total ProgressCount
	for _, cell := range cells {
		if city != "" && cell.CityCode != city {
			continue
		}
		total = total.Add(cell.ProgressCount)
		i, ok := idx[cell.CityCode]
		if !ok {
			continue
		}
		cp := &out[i]
		cp.ProgressCount = cp.ProgressCount.Add(cell.ProgressCount)
		if cell.RegionCode == "" || cell.RegionCode == cell.CityCode {
			continue
		}
		j := -1
		for k, co := range cp.Counties {
			if co.Code == cell.RegionCode {
				j = k
			}
		}
		if j < 0 {
			cp.Counties = append(cp.Counties, CountyProgress{Code: cell.RegionCode})
			j = len(cp.Counties) - 1
		}
		cp.Counties[j].ProgressCount = cp.Counties[j].ProgressCount.Add(cell.ProgressCount)
	}
	for i := range out {
		cs := out[i].Counties
		sortCounties(cs)
	}
	return out, total
}

func sortCounties(cs []CountyProgress) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].Code < cs[j-1].Code; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// Settings returns the campaign's settings (the defaults, version 0,
// until an admin saves some); anyone signed in may read them.
func (s *ProgressService) Settings(ctx context.Context, a Actor) (CampaignSettings, error) {
	if a.Role == "" {
		return CampaignSettings{}, Fail(ErrUnauthenticated, "auth.required")
	}
	return s.settings(ctx, s.Store)
}

func (s *ProgressService) settings(ctx context.Context, st ProgressReader) (CampaignSettings, error) {
	set, ok, err := st.CampaignSettings(ctx)
	if err != nil || !ok {
		return DefaultCampaignSettings(), err
	}
	return set, nil
}

// SaveSettings stores in as the next version of the settings; in.Version
// is the version the admin last read (0 for the defaults), and ErrConflict
// ("progress.settings_changed") says someone saved in between. Admins
// only; audited.
func (s *ProgressService) SaveSettings(ctx context.Context, a Actor, in CampaignSettings) (CampaignSettings, error) {
	var out CampaignSettings
	err := s.Store.InTx(ctx, func(tx Tx) error {
		if a.Role == "" {
			return Fail(ErrUnauthenticated, "auth.required")
		}
		if a.Role != RoleAdmin {
			return Fail(ErrForbidden, "auth.forbidden")
		}
		if err := in.Validate(); err != nil {
			return err
		}
		cur, err := s.settings(ctx, tx)
		if err != nil {
			return err
		}
		if cur.Version != in.Version {
			return Fail(ErrConflict, "progress.settings_changed", cur.Version)
		}
		out = CampaignSettings{Target: in.Target, StartOn: in.StartOn, TargetOn: in.TargetOn,
			Version: cur.Version + 1, ChangedBy: a.UserID, UpdatedAt: tx.Now()}
		if err := tx.SaveCampaignSettings(ctx, &out); err != nil {
			return err
		}
		e := auditOf(a, tx.Now(), "campaign.settings", fmt.Sprintf("campaign_settings:%d", out.Version),
			fmt.Sprintf("target %.4g start %s target date %s", out.Target, out.StartOn, out.TargetOn))
		return tx.AddAudit(ctx, &e)
	})
	return out, err
}
