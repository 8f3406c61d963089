package catalog

// Org is a seeded organisation. Code is "<region>-<key>", where the key is
// the type code for the one organisation of each type in a city and a
// descriptive word for any further body ("xian-shanty_town_renovation").
// Type is an OrgType code, Region a Region code and Level the region's
// level ("province", "city" or "county").
type Org struct {
	Code   string
	Name   string
	NameEn string
	Type   string
	Region string
	Level  string
}

// typedName is one row of a city's table: the organisation of a type.
type typedName struct {
	typ    string
	name   string
	nameEn string
}

// Orgs returns every seeded organisation: the provincial department, then
// each pilot city's 26 (housing bureau first, then types in OrgTypes
// order), the other bodies the notice addresses, the six other cities' 26
// each, and the pilot counties' bodies. New entries go at the end, so the
// order of the existing ones never changes.
func Orgs() []Org {
	orgs := []Org{{
		Code:   "shaanxi-housing",
		Name:   "陕西省住房和城乡建设厅",
		NameEn: "Department of Housing and Urban-Rural Development of Shaanxi Province",
		Type:   "housing",
		Region: "shaanxi",
		Level:  levelProvince,
	}}
	orgs = append(orgs, cityOrgs("xian", xianNames())...)
	orgs = append(orgs, xianExtraOrgs()...)
	orgs = append(orgs, cityOrgs("baoji", baojiNames())...)
	orgs = append(orgs, cityOrgs("hanzhong", hanzhongNames())...)
	orgs = append(orgs, cityOrgs("ankang", ankangNames())...)
	orgs = append(orgs, otherAddressees()...)
	for _, c := range []struct {
		region string
		names  []typedName
	}{
		{"tongchuan", tongchuanNames()}, {"xianyang", xianyangNames()}, {"weinan", weinanNames()},
		{"yanan", yananNames()}, {"yulin", yulinNames()}, {"shangluo", shangluoNames()},
	} {
		orgs = append(orgs, regionOrgs(c.region, levelCity, c.names)...)
	}
	orgs = append(orgs, regionOrgs("mianxian", levelCounty, mianxianNames())...)
	return append(orgs, regionOrgs("shiquan", levelCounty, shiquanNames())...)
}

// cityOrgs turns a city's table into organisations coded "<region>-<type>".
func cityOrgs(region string, names []typedName) []Org {
	return regionOrgs(region, levelCity, names)
}

// regionOrgs turns a region's table into organisations coded
// "<region>-<type>" at the region's level.
func regionOrgs(region, level string, names []typedName) []Org {
	orgs := make([]Org, 0, len(names))
	for _, n := range names {
		orgs = append(orgs, Org{
			Code:   region + "-" + n.typ,
			Name:   n.name,
			NameEn: n.nameEn,
			Type:   n.typ,
			Region: region,
			Level:  level,
		})
	}
	return orgs
}

// xianExtraOrgs returns the two Xi'an bodies the notice addresses besides
// the city's housing bureau. Both are housing-type: they run the campaign
// locally, as the bureau does. Their names are the notice's (2014); the
// institutional reforms since may have merged or renamed them, which an
// admin can record by editing the names.
func xianExtraOrgs() []Org {
	return []Org{
		{
			Code:   "xian-housing_security",
			Name:   "西安市住房保障和房屋管理局",
			NameEn: "Xi'an Municipal Bureau of Housing Security and Housing Administration",
			Type:   "housing",
			Region: "xian",
			Level:  levelCity,
		},
		{
			// The notice says "棚改办" after the housing security bureau;
			// this is the usual full form of that abbreviation.
			Code:   "xian-shanty_town_renovation",
			Name:   "西安市棚户区改造办公室",
			NameEn: "Xi'an Municipal Shanty Town Renovation Office",
			Type:   "housing",
			Region: "xian",
			Level:  levelCity,
		},
	}
}

// otherAddressees returns the housing bodies of the non-pilot regions the
// notice addresses by name, with the names the notice gives them.
func otherAddressees() []Org {
	return []Org{
		{
			Code:   "yangling-housing",
			Name:   "杨凌示范区规划建设局",
			NameEn: "Yangling Demonstration Zone Planning and Construction Bureau",
			Type:   "housing",
			Region: "yangling",
			Level:  levelCity,
		},
		{
			Code:   "xixian-housing",
			Name:   "西咸新区建设局",
			NameEn: "Xixian New Area Construction Bureau",
			Type:   "housing",
			Region: "xixian",
			Level:  levelCity,
		},
		{
			Code:   "hancheng-housing",
			Name:   "韩城市住房和城乡建设局",
			NameEn: "Hancheng Municipal Bureau of Housing and Urban-Rural Development",
			Type:   "housing",
			Region: "hancheng",
			Level:  levelCity,
		},
	}
}
