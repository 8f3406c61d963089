package domain

import (
	"context"
	"math"
)

// ReportProgress is the campaign's progress to its target in a supervision
// report (通报): ProgressService's figures as of AsOf, the report period's
// end (its report date when the period is still under way), so that a
// report recomputed later says what it said when issued: the figures read
// the titles' dates and the register's history, never today's state.
type ReportProgress struct {
	AsOf     Date
	Target   float64 // the campaign settings' target, a fraction (0.5)
	TargetOn Date    // when the settings want it reached
	// Levels are the figures counting city and province titles first,
	// then province titles only (TitleLevelsCounting).
	Levels []ReportProgressLevel
}

// ReportProgressLevel is the figure of the report's scope at one title
// level, and its parts: every campaign city for the province, every
// county with communities for a city.
type ReportProgressLevel struct {
	Level   StandardLevel
	Total   ProgressCount
	Regions []ReportProgressRegion
}

// ReportProgressRegion is one part's figure; Code is a division or area
// code (RegionNames names it).
type ReportProgressRegion struct {
	Code string
	ProgressCount
}

// Needed is how many titled communities target asks of c: ⌈target ×
// communities⌉ ("50%以上" includes 50% itself, as official usage reads 以上).
func (c ProgressCount) Needed(target float64) int {
	return int(math.Ceil(target*float64(c.Communities) - 1e-9))
}

// ToTarget is how many more communities must be titled to meet target (0
// once met).
func (c ProgressCount) ToTarget(target float64) int { return max(0, c.Needed(target)-c.Titled) }

// Met reports whether c meets target; a region with no communities meets
// nothing.
func (c ProgressCount) Met(target float64) bool {
	return c.Communities > 0 && c.Titled >= c.Needed(target)
}

// ReportProgress returns the figures of a report on the province (city "")
// or on one campaign city (CityCodeOf) as of asOf, at both title levels.
// It checks no actor: the report services check their own permission and
// the figures are the province's own, without names of communities.
func (s *ProgressService) ReportProgress(ctx context.Context, city string, asOf Date) (*ReportProgress, error) {
	set, err := s.settings(ctx, s.Store)
	if err != nil {
		return nil, err
	}
	out := &ReportProgress{AsOf: asOf, Target: set.Target, TargetOn: set.TargetOn}
	for _, level := range []StandardLevel{LevelCity, LevelProvince} {
		cells, err := s.Store.ProgressCells(ctx, ProgressQuery{Level: level, CityCode: city}, s.point(asOf))
		if err != nil {
			return nil, err
		}
		cities, total := rollUp(cells, city)
		l := ReportProgressLevel{Level: level, Total: total, Regions: []ReportProgressRegion{}}
		for _, c := range cities {
			if city == "" {
				l.Regions = append(l.Regions, ReportProgressRegion{Code: c.Code, ProgressCount: c.ProgressCount})
				continue
			}
			for _, co := range c.Counties {
				l.Regions = append(l.Regions, ReportProgressRegion(co))
			}
		}
		out.Levels = append(out.Levels, l)
	}
	return out, nil
}

// reportProgressCity is the campaign city of a report's scope: "" for the
// province, the city of a city-level region code ("xian", "yangling"), and
// false for a scope that has no progress (an organisation, a community).
func reportProgressCity(sc ReportScope) (string, bool) {
	switch sc.Kind {
	case ScopeProvince:
		return "", true
	case ScopeCity:
		if c := CityCodeOf(OrgRegionCode(Organization{Region: sc.Region})); c != "" {
			return c, true
		}
	}
	return "", false
}
