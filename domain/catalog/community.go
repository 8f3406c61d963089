package catalog

// Community scales, as the notice's scoring sheets distinguish them
// (居住区、小区、组团).
const (
	scaleResidentialDistrict = "residential_district"
	scaleNeighborhood        = "neighborhood"
	scaleCluster             = "cluster"
)

// Community is a seeded affordable-housing community. Region is a Region
// code and City that region's Chinese name; County is the county's Chinese
// name, or "" for a community in the city's urban districts. Scale is
// "residential_district", "neighborhood" or "cluster".
type Community struct {
	Code   string
	Name   string
	NameEn string
	Region string
	City   string
	County string
	Scale  string
	Pilot  bool
	// RegionCode is the 6-digit division code of where the community lies:
	// its county's where the notice names the county, its city's otherwise
	// (the notice does not say which urban district).
	RegionCode string
}

// Communities returns the five provincial pilot communities of the notice
// in the notice's order.
//
// The notice gives no scale for them. The scales below are an assumption
// from the kind of project each name suggests (large urban affordable-housing
// estates as neighbourhoods, apartment blocks and county-town estates as
// clusters); an admin can edit them, and seeding will not overwrite the edit.
//
// 金合尙居 is written with 尙 (U+5C19) exactly as the notice writes it, not
// the common 尚.
func Communities() []Community {
	return []Community{
		{Code: "xian-mijiaya", Name: "米家崖小区", NameEn: "Mijiaya", Region: "xian", City: "西安市", Scale: scaleNeighborhood, Pilot: true, RegionCode: "610100"},
		{Code: "xian-lanbo", Name: "兰博公寓", NameEn: "Lanbo Apartments", Region: "xian", City: "西安市", Scale: scaleCluster, Pilot: true, RegionCode: "610100"},
		{Code: "baoji-jinhe", Name: "金合尙居", NameEn: "Jinhe Shangju", Region: "baoji", City: "宝鸡市", Scale: scaleNeighborhood, Pilot: true, RegionCode: "610300"},
		{Code: "hanzhong-minan", Name: "民安花园", NameEn: "Min'an Garden", Region: "hanzhong", City: "汉中市", County: "勉县", Scale: scaleCluster, Pilot: true, RegionCode: "610725"},
		{Code: "ankang-zhuerwan", Name: "竹儿湾小区", NameEn: "Zhu'erwan", Region: "ankang", City: "安康市", County: "石泉县", Scale: scaleCluster, Pilot: true, RegionCode: "610922"},
	}
}
