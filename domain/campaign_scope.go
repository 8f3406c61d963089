package domain

import (
	"slices"
	"sync"

	"xietong/domain/catalog"
)

// divisionsByCode indexes catalog.Divisions by code, built once: the
// catalogue parses its embedded file on every call, which a register
// import would otherwise do several times a row.
var divisionsByCode = sync.OnceValue(func() map[string]catalog.Division {
	m := map[string]catalog.Division{}
	for _, d := range catalog.Divisions() {
		m[d.Code] = d
	}
	return m
})

// HousingTypes returns the kinds of affordable housing a community in the
// register may be, in a fresh slice: 公租房, 廉租房, 经济适用房, 限价商品房,
// 棚改安置房 and other.
func HousingTypes() []string {
	return []string{"public_rental", "low_rent", "economical", "price_limited", "resettlement", "other"}
}

// ValidRegionCode reports whether code is a place a community can lie in:
// a city's or county's 6-digit division code (catalog.Divisions) or one of
// the areas the notice addresses directly (catalog.Areas).
func ValidRegionCode(code string) bool {
	for _, a := range catalog.Areas() {
		if a.Code == code {
			return true
		}
	}
	_, ok := divisionsByCode()[code]
	return ok
}

// CityCodeOf returns the campaign city of a region code: the city-level
// unit whose housing bureau runs the campaign there. It is the city's
// 6-digit code for a city or a county in it, and the area's code for an
// area or a division an area covers entirely (610403 is 杨凌示范区, 610581
// 韩城市), because the notice addresses those areas' bureaus directly.
// It returns "" for a code that is not a city, county or area.
func CityCodeOf(region string) string {
	for _, a := range catalog.Areas() {
		if region == a.Code || slices.Contains(a.Covers, region) {
			return a.Code
		}
	}
	if !ValidRegionCode(region) {
		return ""
	}
	return region[:4] + "00"
}

// OrgRegionCode returns the region code (as communities carry it) of the
// place an organisation serves: a city's or county's division code, an
// area's code, or "" for the province.
func OrgRegionCode(o Organization) string {
	for _, a := range catalog.Areas() {
		if o.Region == a.Code {
			return a.Code
		}
	}
	for _, r := range catalog.Regions() {
		if r.Code == o.Region && r.Level != "province" {
			return r.Division
		}
	}
	return ""
}

// CampaignScope is the part of the register and of the campaign an actor
// may see and act on. The province (admins and leads of the provincial
// department) has all of it and leadership reads all of it; a city's
// housing bureau has its city's communities, a county's housing bureau its
// county's, a community user their own community. Other departments have
// none: the campaign is the housing bureaus' work.
type CampaignScope struct {
	Province    bool   // admins and leads: everything, every action the province takes
	Reader      bool   // leadership: reads everything, changes nothing
	City        string // a city bureau: CityCodeOf of its region
	County      string // a county bureau: its county's division code
	OrgID       int64  // the bureau's organisation
	CommunityID int64  // a community user's community
}

// CampaignScopeOf returns a's scope; org is a's organisation (the zero
// value when a has none).
func CampaignScopeOf(a Actor, org Organization) CampaignScope {
	switch a.Role {
	case RoleAdmin, RoleLead:
		return CampaignScope{Province: true}
	case RoleLeadership:
		return CampaignScope{Reader: true}
	case RoleCommunity:
		return CampaignScope{CommunityID: a.CommunityID}
	case RoleDepartment:
		if org.ID == 0 || org.ID != a.OrgID || org.Type != "housing" || !org.Active {
			return CampaignScope{}
		}
		code := OrgRegionCode(org)
		switch {
		case code == "":
			return CampaignScope{}
		case org.Level == "county":
			return CampaignScope{County: code, OrgID: org.ID}
		default:
			return CampaignScope{City: CityCodeOf(code), OrgID: org.ID}
		}
	}
	return CampaignScope{}
}

// Bureau reports whether the scope is a city's or a county's housing bureau.
func (s CampaignScope) Bureau() bool { return s.City != "" || s.County != "" }

// None reports whether the scope covers nothing.
func (s CampaignScope) None() bool {
	return !s.Province && !s.Reader && !s.Bureau() && s.CommunityID == 0
}

// Sees reports whether the scope may read community c and its campaign
// records.
func (s CampaignScope) Sees(c Community) bool {
	return s.Province || s.Reader || s.Manages(c) || s.CommunityID != 0 && s.CommunityID == c.ID
}

// Manages reports whether the scope maintains community c in the register
// and acts for it as a bureau: the province for every community, a city
// bureau for its city's, a county bureau for its county's.
func (s CampaignScope) Manages(c Community) bool {
	switch {
	case s.Province:
		return true
	case s.City != "":
		return c.CityCode == s.City
	case s.County != "":
		return c.RegionCode == s.County
	}
	return false
}

// Filter narrows a community filter to what the scope sees; it returns
// false when the scope sees nothing, so callers answer with an empty list.
func (s CampaignScope) Filter(f *CommunityFilter) bool {
	switch {
	case s.Province || s.Reader:
	case s.City != "":
		f.CityCode = s.City
	case s.County != "":
		f.RegionCode = s.County
	case s.CommunityID != 0:
		f.ID = s.CommunityID
	default:
		return false
	}
	return true
}

// placeOf returns what a community with region code region (whose campaign
// city is city, CityCodeOf(region)) shows as its place: the catalogue's
// region (the campaign city's lowercase code, "xian", or the area's) and
// the Chinese names of its city and county, so they never disagree with
// the code.
func placeOf(region, city string) (legacy, cityName, countyName string) {
	for _, a := range catalog.Areas() {
		if a.Code == city {
			legacy, cityName = a.Code, a.Name
		}
	}
	if legacy == "" {
		for _, r := range catalog.Regions() {
			if r.Level == "city" && r.Division == city {
				legacy = r.Code
			}
		}
	}
	divs := divisionsByCode()
	if d, ok := divs[city]; ok && cityName == "" {
		cityName = d.Name
	}
	if d, ok := divs[region]; ok && d.Level == "county" && d.Name != cityName {
		countyName = d.Name
	}
	return legacy, cityName, countyName
}
