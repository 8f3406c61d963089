package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"xietong/domain/catalog"
)

// Organization is a department or body that takes tasks: the housing bureau
// that leads, or a partner (police, health, women's federation, …).
type Organization struct {
	ID           int64
	Code         string
	Name         string
	NameEn       string
	Type         string // one of catalog.OrgTypes codes
	Region       string // a region code, e.g. "xian"
	Level        string // "province", "city" or "county"
	ContactEmail string // where task mail goes besides the organisation's users
	HeadName     string
	HeadEmail    string // the head, who receives formal supervision notices
	Active       bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Community is an affordable-housing community (保障房小区).
type Community struct {
	ID     int64
	Code   string
	Name   string
	NameEn string
	Region string
	City   string
	County string
	Scale  string // residential_district, neighborhood or cluster
	Pilot  bool
	Active bool
	// The register's fields (保障房小区台账). RegionCode is where the
	// community lies: a county's 6-digit division code, the city's when the
	// county is not known, or an area's code (ValidRegionCode). CityCode is
	// CityCodeOf(RegionCode), kept by the service: the city whose housing
	// bureau maintains the community and reviews its applications.
	RegionCode      string
	CityCode        string
	Address         string
	HousingType     string // one of HousingTypes, or "" when not yet recorded
	Households      int
	PropertyManaged bool   // under professional property management (社会化物业管理)
	PropertyCompany string // the property management company
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Limits of a community's register text.
const (
	MaxCommunityAddress    = 200
	MaxPropertyCompany     = 100
	MaxCommunityHouseholds = 1_000_000
)

// Scales returns the community scales of the campaign's scoring sheets, in a
// fresh slice.
func Scales() []string { return []string{"residential_district", "neighborhood", "cluster"} }

// ValidOrgType reports whether code names one of the 26 organisation types.
func ValidOrgType(code string) bool {
	for _, t := range catalog.OrgTypes() {
		if t.Code == code {
			return true
		}
	}
	return false
}

// OrgFilter narrows an organisation list.
type OrgFilter struct {
	IDs    []int64 // only these organisations (none: all)
	Type   string
	Region string
	Q      string // substring of the Chinese or English name, or the code
	Active *bool
}

// IsZero reports whether f filters nothing.
func (f OrgFilter) IsZero() bool {
	return len(f.IDs) == 0 && f.Type == "" && f.Region == "" && f.Q == "" && f.Active == nil
}

// Validate rejects filter values that could never match.
func (f OrgFilter) Validate() error {
	if f.Type != "" && !ValidOrgType(f.Type) {
		return Invalid("org.type_invalid", f.Type)
	}
	if utf8.RuneCountInString(f.Q) > 100 {
		return Invalid("request.q_too_long")
	}
	return nil
}

// CommunityFilter narrows a community list.
type CommunityFilter struct {
	ID         int64  // one community (a community user's scope)
	RegionCode string // exactly this region code (a county bureau's scope)
	CityCode   string // communities of this campaign city (CityCodeOf)
	Region     string
	Pilot      *bool
	Q          string // in the name, English name, code or address
	Active     *bool

	// Place is the register's region filter: communities whose region
	// code is Place, or whose campaign city is Place (a city's or an
	// area's code lists the city's communities, a county's its own).
	Place           string
	HousingType     string
	PropertyManaged *bool
}

// Validate reports a filter value that can match nothing.
func (f CommunityFilter) Validate() error {
	if f.Place != "" && !ValidRegionCode(f.Place) {
		return Invalid("community.region_code_invalid", f.Place)
	}
	if f.HousingType != "" && !slices.Contains(HousingTypes(), f.HousingType) {
		return Invalid("community.housing_type_invalid", f.HousingType)
	}
	return nil
}

var codeOK = func(s string) bool {
	if len(s) < 2 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// SaveOrganization creates (Code required) or edits an organisation; nil
// fields stay unchanged on edit.
type SaveOrganization struct {
	Code         string
	Name         *string
	NameEn       *string
	Type         *string
	Region       *string
	Level        *string
	ContactEmail *string
	HeadName     *string
	HeadEmail    *string
	Active       *bool
}

// apply copies the set fields onto o and validates the result.
func (s SaveOrganization) apply(o *Organization) error {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&o.Name, s.Name)
	set(&o.NameEn, s.NameEn)
	set(&o.Type, s.Type)
	set(&o.Region, s.Region)
	set(&o.Level, s.Level)
	set(&o.ContactEmail, s.ContactEmail)
	set(&o.HeadName, s.HeadName)
	set(&o.HeadEmail, s.HeadEmail)
	if s.Active != nil {
		o.Active = *s.Active
	}
	var p Problems
	p.Add(!codeOK(o.Code), "org.code_invalid")
	p.Add(o.Name == "" || utf8.RuneCountInString(o.Name) > 100, "org.name_invalid")
	p.Add(utf8.RuneCountInString(o.NameEn) > 200, "org.name_en_invalid")
	p.Add(!ValidOrgType(o.Type), "org.type_invalid", o.Type)
	p.Add(!codeOK(o.Region), "org.region_invalid")
	p.Add(o.Level != "province" && o.Level != "city" && o.Level != "county", "org.level_invalid")
	p.Add(utf8.RuneCountInString(o.HeadName) > 50, "org.head_name_invalid")
	for _, e := range []*string{&o.ContactEmail, &o.HeadEmail} {
		if *e == "" {
			continue
		}
		n, err := NormalizeEmail(*e)
		p.Add(err != nil, "org.email_invalid")
		*e = n
	}
	return p.Err()
}

// SaveCommunity creates (Code required) or edits a community.
type SaveCommunity struct {
	Code   string
	Name   *string
	NameEn *string
	Region *string
	City   *string
	County *string
	Scale  *string
	Pilot  *bool
	Active *bool

	RegionCode      *string
	Address         *string
	HousingType     *string
	Households      *int
	PropertyManaged *bool
	PropertyCompany *string
}

func (s SaveCommunity) apply(c *Community) error {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&c.Name, s.Name)
	set(&c.NameEn, s.NameEn)
	set(&c.Region, s.Region)
	set(&c.City, s.City)
	set(&c.County, s.County)
	set(&c.Scale, s.Scale)
	if s.Pilot != nil {
		c.Pilot = *s.Pilot
	}
	if s.Active != nil {
		c.Active = *s.Active
	}
	set(&c.RegionCode, s.RegionCode)
	set(&c.Address, s.Address)
	set(&c.HousingType, s.HousingType)
	set(&c.PropertyCompany, s.PropertyCompany)
	if s.Households != nil {
		c.Households = *s.Households
	}
	if s.PropertyManaged != nil {
		c.PropertyManaged = *s.PropertyManaged
	}
	c.CityCode = CityCodeOf(c.RegionCode)
	if c.CityCode != "" {
		c.Region, c.City, c.County = placeOf(c.RegionCode, c.CityCode)
	}
	var p Problems
	p.Add(c.RegionCode != "" && c.CityCode == "", "community.region_code_invalid", c.RegionCode)
	p.Add(utf8.RuneCountInString(c.Address) > MaxCommunityAddress, "community.address_too_long", MaxCommunityAddress)
	p.Add(c.HousingType != "" && !slices.Contains(HousingTypes(), c.HousingType), "community.housing_type_invalid", c.HousingType)
	p.Add(c.Households < 0 || c.Households > MaxCommunityHouseholds, "community.households_invalid", MaxCommunityHouseholds)
	p.Add(utf8.RuneCountInString(c.PropertyCompany) > MaxPropertyCompany, "community.property_company_too_long", MaxPropertyCompany)
	p.Add(!codeOK(c.Code), "community.code_invalid")
	p.Add(c.Name == "" || utf8.RuneCountInString(c.Name) > 100, "community.name_invalid")
	p.Add(utf8.RuneCountInString(c.NameEn) > 200, "community.name_en_invalid")
	p.Add(!codeOK(c.Region), "community.region_invalid")
	p.Add(c.City == "" || utf8.RuneCountInString(c.City) > 50, "community.city_invalid")
	p.Add(utf8.RuneCountInString(c.County) > 50, "community.county_invalid")
	valid := false
	for _, x := range Scales() {
		valid = valid || c.Scale == x
	}
	p.Add(!valid, "community.scale_invalid", c.Scale)
	return p.Err()
}

// Speaks reports whether addr is one of the organisation's own addresses:
// its contact address or its head's, which formal supervision mail reaches
// and which may therefore reply to it.
func (o Organization) Speaks(addr string) bool {
	return addr != "" && (addr == o.ContactEmail || addr == o.HeadEmail)
}
