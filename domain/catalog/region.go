package catalog

// Region levels.
const (
	levelProvince = "province"
	levelCity     = "city"
	levelCounty   = "county"
)

// Region is the province, a city-level area or a pilot county the catalogue
// covers. Level is "province", "city" or "county"; Pilot marks the four
// cities that run the provincial pilots and owe the "five
// ones". The two counties (勉县, 石泉县) are where two of the pilot
// communities lie; they are not pilots themselves.
//
// Yangling (a national agricultural demonstration zone), Xixian (a national
// new area) and Hancheng (a county-level city the province manages directly)
// are not prefecture-level cities, but the notice addresses their bureaus
// alongside the cities', so they are city-level regions here.
//
// Division is the region's administrative division code (Divisions): the
// province's, a city's, a county's, or for Yangling and Hancheng the one county-level
// division they consist of (Areas); Xixian has none. Organisations and
// communities still carry these region codes; a later migration moves
// communities to county codes, and until then this field is the mapping.
type Region struct {
	Code     string
	Name     string
	NameEn   string
	Level    string
	Pilot    bool
	Division string
}

// Regions returns the province, its ten cities (pilots first, then the
// others in division order), the other city-level regions, then the pilot
// counties.
func Regions() []Region {
	return []Region{
		{Code: "shaanxi", Name: "陕西省", NameEn: "Shaanxi Province", Level: levelProvince, Division: "610000"},
		{Code: "xian", Name: "西安市", NameEn: "Xi'an", Level: levelCity, Pilot: true, Division: "610100"},
		{Code: "baoji", Name: "宝鸡市", NameEn: "Baoji", Level: levelCity, Pilot: true, Division: "610300"},
		{Code: "hanzhong", Name: "汉中市", NameEn: "Hanzhong", Level: levelCity, Pilot: true, Division: "610700"},
		{Code: "ankang", Name: "安康市", NameEn: "Ankang", Level: levelCity, Pilot: true, Division: "610900"},
		{Code: "tongchuan", Name: "铜川市", NameEn: "Tongchuan", Level: levelCity, Division: "610200"},
		{Code: "xianyang", Name: "咸阳市", NameEn: "Xianyang", Level: levelCity, Division: "610400"},
		{Code: "weinan", Name: "渭南市", NameEn: "Weinan", Level: levelCity, Division: "610500"},
		{Code: "yanan", Name: "延安市", NameEn: "Yan'an", Level: levelCity, Division: "610600"},
		{Code: "yulin", Name: "榆林市", NameEn: "Yulin", Level: levelCity, Division: "610800"},
		{Code: "shangluo", Name: "商洛市", NameEn: "Shangluo", Level: levelCity, Division: "611000"},
		{Code: "yangling", Name: "杨凌示范区", NameEn: "Yangling Demonstration Zone", Level: levelCity, Division: "610403"},
		{Code: "xixian", Name: "西咸新区", NameEn: "Xixian New Area", Level: levelCity},
		{Code: "hancheng", Name: "韩城市", NameEn: "Hancheng", Level: levelCity, Division: "610581"},
		{Code: "mianxian", Name: "勉县", NameEn: "Mian County", Level: levelCounty, Division: "610725"},
		{Code: "shiquan", Name: "石泉县", NameEn: "Shiquan County", Level: levelCounty, Division: "610922"},
	}
}
