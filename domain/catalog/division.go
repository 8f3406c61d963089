package catalog

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
)

// Division levels, as regions.csv writes them.
const (
	divisionCity   = "city"
	divisionCounty = "county"
	provinceCode   = "610000"
)

// regionsCSV is Shaanxi's 10 prefecture-level cities (设区市) and their 107
// county-level divisions (市辖区、县、县级市), one a row: code, Chinese
// name, level ("city" or "county") and parent (610000, the province, for a
// city; the city's code for a county). Source: the National Bureau of
// Statistics' 2023 statistical division codes (统计用区划代码, as of
// 2023-06-30, published 2023-09-11), as compiled in the public dataset
// modood/Administrative-divisions-of-China, released under the WTFPL. The
// file is copied unchanged; English names are in divisionNamesEn.
//
//go:embed regions.csv
var regionsCSV []byte

// Division is a city or county-level administrative division of Shaanxi.
// Code is its 6-digit division code; Level is "city" or "county"; Parent
// is a county's city code and "" for a city (the province is not listed).
type Division struct {
	Code   string
	Name   string
	NameEn string
	Level  string
	Parent string
}

// DivisionsCSV returns a copy of the embedded source file, for tests and
// for anyone who wants the data as published.
func DivisionsCSV() []byte { return bytes.Clone(regionsCSV) }

// Divisions returns the 10 cities and 107 counties in code order (the file
// lists the cities first). It panics when the embedded file is malformed, which
// the package's tests rule out before a release.
func Divisions() []Division {
	rows, err := csv.NewReader(bytes.NewReader(regionsCSV)).ReadAll()
	if err != nil {
		panic(fmt.Sprintf("catalog: regions.csv: %v", err))
	}
	out := make([]Division, 0, len(rows)-1)
	for _, r := range rows[1:] {
		d := Division{Code: r[0], Name: r[1], NameEn: divisionNamesEn[r[0]], Level: r[2], Parent: r[3]}
		if d.Parent == provinceCode {
			d.Parent = ""
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b Division) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// divisionNamesEn are the divisions' English names: Hanyu Pinyin as
// official English usage writes it, without tone marks, with an apostrophe
// where a syllable starting with a vowel would otherwise run into the one
// before it (Xi'an, Yan'an, Chang'an, Zhen'an). A prefecture-level city or
// a county-level city is its bare name ("Baoji", "Hancheng"); a district
// ends in " District" and a county in " County", where the one-syllable
// counties keep their single syllable ("Mian County", not "Mianxian").
// 略阳 is "Lueyang", the ASCII spelling its government uses for Lüeyang;
// 吴堡 is "Wubu", after the local reading of 堡.
var divisionNamesEn = map[string]string{
	"610100": "Xi'an", "610200": "Tongchuan", "610300": "Baoji", "610400": "Xianyang",
	"610500": "Weinan", "610600": "Yan'an", "610700": "Hanzhong", "610800": "Yulin",
	"610900": "Ankang", "611000": "Shangluo",

	"610102": "Xincheng District", "610103": "Beilin District", "610104": "Lianhu District",
	"610111": "Baqiao District", "610112": "Weiyang District", "610113": "Yanta District",
	"610114": "Yanliang District", "610115": "Lintong District", "610116": "Chang'an District",
	"610117": "Gaoling District", "610118": "Huyi District", "610122": "Lantian County",
	"610124": "Zhouzhi County",

	"610202": "Wangyi District", "610203": "Yintai District", "610204": "Yaozhou District",
	"610222": "Yijun County",

	"610302": "Weibin District", "610303": "Jintai District", "610304": "Chencang District",
	"610305": "Fengxiang District", "610323": "Qishan County", "610324": "Fufeng County",
	"610326": "Mei County", "610327": "Long County", "610328": "Qianyang County",
	"610329": "Linyou County", "610330": "Feng County", "610331": "Taibai County",

	"610402": "Qindu District", "610403": "Yangling District", "610404": "Weicheng District",
	"610422": "Sanyuan County", "610423": "Jingyang County", "610424": "Qian County",
	"610425": "Liquan County", "610426": "Yongshou County", "610428": "Changwu County",
	"610429": "Xunyi County", "610430": "Chunhua County", "610431": "Wugong County",
	"610481": "Xingping", "610482": "Binzhou",

	"610502": "Linwei District", "610503": "Huazhou District", "610522": "Tongguan County",
	"610523": "Dali County", "610524": "Heyang County", "610525": "Chengcheng County",
	"610526": "Pucheng County", "610527": "Baishui County", "610528": "Fuping County",
	"610581": "Hancheng", "610582": "Huayin",

	"610602": "Baota District", "610603": "Ansai District", "610621": "Yanchang County",
	"610622": "Yanchuan County", "610625": "Zhidan County", "610626": "Wuqi County",
	"610627": "Ganquan County", "610628": "Fu County", "610629": "Luochuan County",
	"610630": "Yichuan County", "610631": "Huanglong County", "610632": "Huangling County",
	"610681": "Zichang",

	"610702": "Hantai District", "610703": "Nanzheng District", "610722": "Chenggu County",
	"610723": "Yang County", "610724": "Xixiang County", "610725": "Mian County",
	"610726": "Ningqiang County", "610727": "Lueyang County", "610728": "Zhenba County",
	"610729": "Liuba County", "610730": "Foping County",

	"610802": "Yuyang District", "610803": "Hengshan District", "610822": "Fugu County",
	"610824": "Jingbian County", "610825": "Dingbian County", "610826": "Suide County",
	"610827": "Mizhi County", "610828": "Jia County", "610829": "Wubu County",
	"610830": "Qingjian County", "610831": "Zizhou County", "610881": "Shenmu",

	"610902": "Hanbin District", "610921": "Hanyin County", "610922": "Shiquan County",
	"610923": "Ningshan County", "610924": "Ziyang County", "610925": "Langao County",
	"610926": "Pingli County", "610927": "Zhenping County", "610929": "Baihe County",
	"610981": "Xunyang",

	"611002": "Shangzhou District", "611021": "Luonan County", "611022": "Danfeng County",
	"611023": "Shangnan County", "611024": "Shanyang County", "611025": "Zhen'an County",
	"611026": "Zhashui County",
}

// Area is a place the campaign's notice addresses directly that is not a
// prefecture-level city: Code is the region code the catalogue already
// uses for it (Regions), Covers the divisions it consists of entirely, and
// Within the cities it lies in.
//
//   - 杨凌示范区 (a national agricultural demonstration zone) is 杨陵区,
//     610403, under 咸阳市.
//   - 韩城市 is a county-level city under 渭南市, 610581, that the province
//     administers directly for many purposes.
//   - 西咸新区 (a national new area) spans parts of several districts and
//     counties of 西安 and 咸阳 and has no division code of its own, so it
//     covers no whole division; its code "xixian" is the catalogue's region
//     code, stable and non-numeric so it can never collide with a division.
type Area struct {
	Code   string
	Name   string
	NameEn string
	Covers []string
	Within []string
}

// Areas returns the three areas in code order.
func Areas() []Area {
	return []Area{
		{Code: "hancheng", Name: "韩城市", NameEn: "Hancheng", Covers: []string{"610581"}, Within: []string{"610500"}},
		{Code: "xixian", Name: "西咸新区", NameEn: "Xixian New Area", Within: []string{"610100", "610400"}},
		{Code: "yangling", Name: "杨凌示范区", NameEn: "Yangling Demonstration Zone", Covers: []string{"610403"}, Within: []string{"610400"}},
	}
}
