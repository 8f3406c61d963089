package catalog

// Region levels.
const (
	levelProvince = "province"
	levelCity     = "city"
)

// Region is the province or a city-level area the catalogue covers. Level is
// "province" or "city"; Pilot marks the four cities that run the provincial
// pilots (DOMAIN.md §4) and owe the "five ones".
//
// Yangling (a national agricultural demonstration zone), Xixian (a national
// new area) and Hancheng (a county-level city the province manages directly)
// are not prefecture-level cities, but the notice addresses their bureaus
// alongside the cities', so they are city-level regions here.
//
// Division is the region's administrative division code (Divisions): the
// province's, a city's, or for Yangling and Hancheng the one county-level
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

// Regions returns the province followed by its city-level regions, pilot
// cities first.
func Regions() []Region {
	return []Region{
		{Code: "shaanxi", Name: "陕西省", NameEn: "Shaanxi Province", Level: levelProvince, Division: "610000"},
		{Code: "xian", Name: "西安市", NameEn: "Xi'an", Level: levelCity, Pilot: true, Division: "610100"},
		{Code: "baoji", Name: "宝鸡市", NameEn: "Baoji", Level: levelCity, Pilot: true, Division: "610300"},
		{Code: "hanzhong", Name: "汉中市", NameEn: "Hanzhong", Level: levelCity, Pilot: true, Division: "610700"},
		{Code: "ankang", Name: "安康市", NameEn: "Ankang", Level: levelCity, Pilot: true, Division: "610900"},
		{Code: "yangling", Name: "杨凌示范区", NameEn: "Yangling Demonstration Zone", Level: levelCity, Division: "610403"},
		{Code: "xixian", Name: "西咸新区", NameEn: "Xixian New Area", Level: levelCity},
		{Code: "hancheng", Name: "韩城市", NameEn: "Hancheng", Level: levelCity, Division: "610581"},
	}
}
