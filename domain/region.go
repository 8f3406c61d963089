package domain

import (
	"slices"

	"xietong/domain/catalog"
)

// Region levels: the 10 prefecture-level cities, their 107 county-level
// divisions, and the areas the campaign's notice addresses directly.
const (
	RegionCity   = "city"
	RegionCounty = "county"
	RegionArea   = "area"
)

// Region is an administrative division of Shaanxi or an area. A division's
// Code is its 6-digit division code and Parent its city's code ("" for a
// city). An area's Code is a lowercase word (catalog.Areas), Covers lists
// the divisions it consists of entirely and Within the cities it lies in.
type Region struct {
	Code   string
	Name   string
	NameEn string
	Level  string
	Parent string
	Covers []string
	Within []string
}

// RegionFilter selects regions. Level "" means the cities and counties,
// without the areas; Parent, when set, is a 6-digit division code: a
// county's city, or for areas a city they lie in.
type RegionFilter struct {
	Level  string
	Parent string
}

// Validate reports a level or parent that cannot match anything.
func (f RegionFilter) Validate() error {
	switch f.Level {
	case "", RegionCity, RegionCounty, RegionArea:
	default:
		return Invalid("region.level_invalid", f.Level)
	}
	if f.Parent != "" && !isDivisionCode(f.Parent) {
		return Invalid("region.parent_invalid", f.Parent)
	}
	return nil
}

// isDivisionCode reports whether s is six digits.
func isDivisionCode(s string) bool {
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

// Regions lists the regions f selects, in code order. They are reference
// data fixed at build time, so any signed-in user may read them and no
// store is involved.
func Regions(f RegionFilter) ([]Region, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	out := []Region{}
	if f.Level == RegionArea {
		for _, a := range catalog.Areas() {
			if f.Parent == "" || slices.Contains(a.Within, f.Parent) {
				out = append(out, Region{Code: a.Code, Name: a.Name, NameEn: a.NameEn, Level: RegionArea,
					Covers: a.Covers, Within: a.Within})
			}
		}
		return out, nil
	}
	for _, d := range catalog.Divisions() {
		if (f.Level == "" || d.Level == f.Level) && (f.Parent == "" || d.Parent == f.Parent) {
			out = append(out, Region{Code: d.Code, Name: d.Name, NameEn: d.NameEn, Level: d.Level, Parent: d.Parent})
		}
	}
	return out, nil
}
