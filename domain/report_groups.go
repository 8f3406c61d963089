package domain

import (
	"math"
	"slices"

	"xietong/domain/catalog"
)

// The peer groups a report ranks units in (Report.Groups). Organisations
// are ranked against their peers, not all together: the housing bureaus
// that lead the campaign, and the notice's three groups of partners (by
// their organisation type, catalog.OrgType.Group); and the cities against
// each other, each with the work of all its organisations.
const (
	GroupHousing     = "housing"     // 住建部门: the province's department and the bureaus
	GroupSupervise   = "supervise"   // 督促指导: departments that supervise and guide community work
	GroupParticipate = "participate" // 参与: mass organisations that take part
	GroupPolicy      = "policy"      // 政策支持: departments whose policy supports community services
	GroupCity        = "city"        // 各市（区）: the city-level regions
	GroupOther       = "other"       // organisations of a type the catalogue does not know
)

// PeerGroups returns the groups in the order a report lists them.
func PeerGroups() []string {
	return []string{GroupHousing, GroupSupervise, GroupParticipate, GroupPolicy, GroupCity, GroupOther}
}

// RankGroup is one peer group's ranking. Ranked holds the units with work
// due in the period (OrgFigures.DueInPeriod > 0) in ranking order; Idle the
// units with none (本期无应办结事项), by name: they have no rate, and are
// never shown as 0% nor ranked.
type RankGroup struct {
	Key    string
	Ranked []GroupEntry
	Idle   []GroupEntry
}

// GroupEntry is one unit of a peer group: an organisation, or a city
// (OrgID 0, Region its code) whose figures are the sums of its
// organisations' (a county's organisations count for its city).
type GroupEntry struct {
	// Rank is the competition rank ("1224") by on-time closure rate,
	// compared exactly as fractions: equal rates share a rank and the next
	// rank skips. Within a tie the order is by Score, highest first, then
	// by DueInPeriod, most first, then by name. 0 in Idle.
	Rank         int
	OrgID        int64
	Region       string
	Name, NameEn string
	// The figures, as OrgFigures defines them.
	DueInPeriod, DueClosed, DueClosedOnTime, DueClosedLate, DueOpenOverdue, OverdueDays int
	OnTimeRate, ClosureRate                                                             *float64
	// Score is the organisation's composite score; a city's is the mean of
	// the scores of its organisations with work due, to a tenth.
	Score *float64
}

// groupOfType maps an organisation type to its peer group.
func groupOfType() map[string]string {
	m := map[string]string{}
	for _, t := range catalog.OrgTypes() {
		g := t.Group
		if g == "lead" {
			g = GroupHousing
		}
		m[t.Code] = g
	}
	return m
}

// cityOf maps a region code to the city-level region it belongs to: a
// city-level region to itself, a county to the city whose division
// contains it; the province and unknown codes to "".
func cityOf() map[string]catalog.Region {
	regions := catalog.Regions()
	out := map[string]catalog.Region{}
	for _, r := range regions {
		if r.Level == "city" {
			out[r.Code] = r
		}
	}
	for _, r := range regions {
		if r.Level != "county" || len(r.Division) != 6 {
			continue
		}
		for _, c := range regions {
			if c.Level == "city" && c.Division == r.Division[:4]+"00" {
				out[r.Code] = c
			}
		}
	}
	return out
}

// rankGroups ranks the organisations within their peer groups, and the
// cities of their regions against each other.
func rankGroups(orgs []ReportOrg, figs []OrgFigures) []RankGroup {
	types, cities := groupOfType(), cityOf()
	byGroup := map[string][]GroupEntry{}
	type cityAcc struct {
		e      GroupEntry
		scores []Points
	}
	cityAt := map[string]*cityAcc{}
	var cityOrder []string
	for i, f := range figs {
		g, ok := types[orgs[i].Type]
		if !ok {
			g = GroupOther
		}
		byGroup[g] = append(byGroup[g], GroupEntry{OrgID: f.OrgID, Region: f.Region, Name: f.Name, NameEn: f.NameEn,
			DueInPeriod: f.DueInPeriod, DueClosed: f.DueClosed, DueClosedOnTime: f.DueClosedOnTime,
			DueClosedLate: f.DueClosedLate, DueOpenOverdue: f.DueOpenOverdue, OverdueDays: f.OverdueDays,
			OnTimeRate: f.OnTimeRate, ClosureRate: f.ClosureRate, Score: f.Score})
		city, ok := cities[f.Region]
		if !ok {
			continue
		}
		c := cityAt[city.Code]
		if c == nil {
			c = &cityAcc{e: GroupEntry{Region: city.Code, Name: city.Name, NameEn: city.NameEn}}
			cityAt[city.Code] = c
			cityOrder = append(cityOrder, city.Code)
		}
		c.e.DueInPeriod += f.DueInPeriod
		c.e.DueClosed += f.DueClosed
		c.e.DueClosedOnTime += f.DueClosedOnTime
		c.e.DueClosedLate += f.DueClosedLate
		c.e.DueOpenOverdue += f.DueOpenOverdue
		c.e.OverdueDays += f.OverdueDays
		if f.Score != nil {
			c.scores = append(c.scores, Points(math.Round(*f.Score*10)))
		}
	}
	for _, code := range cityOrder {
		c := cityAt[code]
		c.e.OnTimeRate = rateOf(c.e.DueClosedOnTime, c.e.DueInPeriod)
		c.e.ClosureRate = rateOf(c.e.DueClosed, c.e.DueInPeriod)
		c.e.Score = meanScore(c.scores)
		byGroup[GroupCity] = append(byGroup[GroupCity], c.e)
	}
	var out []RankGroup
	for _, g := range PeerGroups() {
		if es, ok := byGroup[g]; ok {
			out = append(out, rankGroup(g, es))
		}
	}
	return out
}

// rankGroup orders and ranks one group's units (GroupEntry.Rank).
func rankGroup(key string, es []GroupEntry) RankGroup {
	st := func(e GroupEntry) standing {
		return standing{due: e.DueInPeriod, onTime: e.DueClosedOnTime, score: e.Score, name: e.Name, id: e.OrgID}
	}
	slices.SortStableFunc(es, func(a, b GroupEntry) int { return cmpStanding(st(a), st(b)) })
	g := RankGroup{Key: key}
	for i, e := range es {
		if e.DueInPeriod == 0 {
			g.Idle = append(g.Idle, e)
			continue
		}
		e.Rank = i + 1
		if i > 0 && cmpRate(st(es[i-1]), st(e)) == 0 {
			e.Rank = g.Ranked[i-1].Rank
		}
		g.Ranked = append(g.Ranked, e)
	}
	return g
}
