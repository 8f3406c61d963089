package catalog

// The four pilot cities' tables, one organisation per type in OrgTypes
// order. Names are written out per city, not generated from a pattern,
// because real names differ from city to city (Xi'an's charity body is a
// 慈善会, Baoji's a 慈善总会, Hanzhong's and Ankang's 慈善协会) and a
// reviewer should see exactly what ships.
//
// Choices that apply to every city:
//   - population_family_planning: the 人口计生 bureaus were merged into the
//     health commissions in 2018–2019; the body that still carries the name
//     is the family planning association (计划生育协会), a mass organisation
//     led by the health commission, so it stands for the type.
//   - ageing: the office of the working committee on ageing (老龄办), now
//     housed in the health commission.
//   - financial_affairs: the local financial supervision and administration
//     bureau (地方金融监督管理局), formerly the financial affairs office
//     (金融工作办公室); later reforms rename these bodies city by city,
//     which an admin records by editing the name.
//   - industry_commerce: the administration for market regulation, which
//     took over the 工商 bureaus in 2018.
//   - taxation: the city tax service of the State Taxation Administration,
//     a vertical body, named as such.

// xianNames returns the table of Xi'an.
func xianNames() []typedName {
	return []typedName{
		{typ: "housing", name: "西安市住房和城乡建设局", nameEn: "Xi'an Municipal Bureau of Housing and Urban-Rural Development"},
		{typ: "civil_affairs", name: "西安市民政局", nameEn: "Xi'an Municipal Civil Affairs Bureau"},
		{typ: "organization", name: "中共西安市委组织部", nameEn: "Organization Department of the CPC Xi'an Municipal Committee"},
		{typ: "publicity", name: "中共西安市委宣传部", nameEn: "Publicity Department of the CPC Xi'an Municipal Committee"},
		{typ: "culture", name: "西安市文化和旅游局", nameEn: "Xi'an Municipal Bureau of Culture and Tourism"},
		{typ: "sports", name: "西安市体育局", nameEn: "Xi'an Municipal Sports Bureau"},
		{typ: "health", name: "西安市卫生健康委员会", nameEn: "Xi'an Municipal Health Commission"},
		{typ: "public_security", name: "西安市公安局", nameEn: "Xi'an Municipal Public Security Bureau"},
		{typ: "justice", name: "西安市司法局", nameEn: "Xi'an Municipal Justice Bureau"},
		{typ: "labor", name: "西安市人力资源和社会保障局", nameEn: "Xi'an Municipal Human Resources and Social Security Bureau"},
		{typ: "education", name: "西安市教育局", nameEn: "Xi'an Municipal Education Bureau"},
		{typ: "environment", name: "西安市生态环境局", nameEn: "Xi'an Municipal Ecology and Environment Bureau"},
		{typ: "science_tech", name: "西安市科学技术局", nameEn: "Xi'an Municipal Science and Technology Bureau"},
		{typ: "population_family_planning", name: "西安市计划生育协会", nameEn: "Xi'an Family Planning Association"},
		{typ: "trade_union", name: "西安市总工会", nameEn: "Xi'an Federation of Trade Unions"},
		{typ: "youth_league", name: "共青团西安市委员会", nameEn: "Xi'an Municipal Committee of the Communist Youth League of China"},
		{typ: "womens_federation", name: "西安市妇女联合会", nameEn: "Xi'an Women's Federation"},
		{typ: "disabled_federation", name: "西安市残疾人联合会", nameEn: "Xi'an Disabled Persons' Federation"},
		{typ: "ageing", name: "西安市老龄工作委员会办公室", nameEn: "Office of the Xi'an Municipal Working Committee on Ageing"},
		{typ: "charity", name: "西安市慈善会", nameEn: "Xi'an Charity Association"},
		{typ: "development_reform", name: "西安市发展和改革委员会", nameEn: "Xi'an Municipal Development and Reform Commission"},
		{typ: "finance", name: "西安市财政局", nameEn: "Xi'an Municipal Finance Bureau"},
		{typ: "commerce", name: "西安市商务局", nameEn: "Xi'an Municipal Bureau of Commerce"},
		{typ: "financial_affairs", name: "西安市地方金融监督管理局", nameEn: "Xi'an Municipal Local Financial Supervision and Administration Bureau"},
		{typ: "taxation", name: "国家税务总局西安市税务局", nameEn: "Xi'an Municipal Tax Service, State Taxation Administration"},
		{typ: "industry_commerce", name: "西安市市场监督管理局", nameEn: "Xi'an Municipal Administration for Market Regulation"},
	}
}

// baojiNames returns the table of Baoji.
func baojiNames() []typedName {
	return []typedName{
		{typ: "housing", name: "宝鸡市住房和城乡建设局", nameEn: "Baoji Municipal Bureau of Housing and Urban-Rural Development"},
		{typ: "civil_affairs", name: "宝鸡市民政局", nameEn: "Baoji Municipal Civil Affairs Bureau"},
		{typ: "organization", name: "中共宝鸡市委组织部", nameEn: "Organization Department of the CPC Baoji Municipal Committee"},
		{typ: "publicity", name: "中共宝鸡市委宣传部", nameEn: "Publicity Department of the CPC Baoji Municipal Committee"},
		{typ: "culture", name: "宝鸡市文化和旅游局", nameEn: "Baoji Municipal Bureau of Culture and Tourism"},
		{typ: "sports", name: "宝鸡市体育局", nameEn: "Baoji Municipal Sports Bureau"},
		{typ: "health", name: "宝鸡市卫生健康委员会", nameEn: "Baoji Municipal Health Commission"},
		{typ: "public_security", name: "宝鸡市公安局", nameEn: "Baoji Municipal Public Security Bureau"},
		{typ: "justice", name: "宝鸡市司法局", nameEn: "Baoji Municipal Justice Bureau"},
		{typ: "labor", name: "宝鸡市人力资源和社会保障局", nameEn: "Baoji Municipal Human Resources and Social Security Bureau"},
		{typ: "education", name: "宝鸡市教育局", nameEn: "Baoji Municipal Education Bureau"},
		{typ: "environment", name: "宝鸡市生态环境局", nameEn: "Baoji Municipal Ecology and Environment Bureau"},
		{typ: "science_tech", name: "宝鸡市科学技术局", nameEn: "Baoji Municipal Science and Technology Bureau"},
		{typ: "population_family_planning", name: "宝鸡市计划生育协会", nameEn: "Baoji Family Planning Association"},
		{typ: "trade_union", name: "宝鸡市总工会", nameEn: "Baoji Federation of Trade Unions"},
		{typ: "youth_league", name: "共青团宝鸡市委员会", nameEn: "Baoji Municipal Committee of the Communist Youth League of China"},
		{typ: "womens_federation", name: "宝鸡市妇女联合会", nameEn: "Baoji Women's Federation"},
		{typ: "disabled_federation", name: "宝鸡市残疾人联合会", nameEn: "Baoji Disabled Persons' Federation"},
		{typ: "ageing", name: "宝鸡市老龄工作委员会办公室", nameEn: "Office of the Baoji Municipal Working Committee on Ageing"},
		{typ: "charity", name: "宝鸡市慈善总会", nameEn: "Baoji Charity Federation"},
		{typ: "development_reform", name: "宝鸡市发展和改革委员会", nameEn: "Baoji Municipal Development and Reform Commission"},
		{typ: "finance", name: "宝鸡市财政局", nameEn: "Baoji Municipal Finance Bureau"},
		{typ: "commerce", name: "宝鸡市商务局", nameEn: "Baoji Municipal Bureau of Commerce"},
		{typ: "financial_affairs", name: "宝鸡市地方金融监督管理局", nameEn: "Baoji Municipal Local Financial Supervision and Administration Bureau"},
		{typ: "taxation", name: "国家税务总局宝鸡市税务局", nameEn: "Baoji Municipal Tax Service, State Taxation Administration"},
		{typ: "industry_commerce", name: "宝鸡市市场监督管理局", nameEn: "Baoji Municipal Administration for Market Regulation"},
	}
}

// hanzhongNames returns the table of Hanzhong.
func hanzhongNames() []typedName {
	return []typedName{
		{typ: "housing", name: "汉中市住房和城乡建设局", nameEn: "Hanzhong Municipal Bureau of Housing and Urban-Rural Development"},
		{typ: "civil_affairs", name: "汉中市民政局", nameEn: "Hanzhong Municipal Civil Affairs Bureau"},
		{typ: "organization", name: "中共汉中市委组织部", nameEn: "Organization Department of the CPC Hanzhong Municipal Committee"},
		{typ: "publicity", name: "中共汉中市委宣传部", nameEn: "Publicity Department of the CPC Hanzhong Municipal Committee"},
		{typ: "culture", name: "汉中市文化和旅游局", nameEn: "Hanzhong Municipal Bureau of Culture and Tourism"},
		{typ: "sports", name: "汉中市体育局", nameEn: "Hanzhong Municipal Sports Bureau"},
		{typ: "health", name: "汉中市卫生健康委员会", nameEn: "Hanzhong Municipal Health Commission"},
		{typ: "public_security", name: "汉中市公安局", nameEn: "Hanzhong Municipal Public Security Bureau"},
		{typ: "justice", name: "汉中市司法局", nameEn: "Hanzhong Municipal Justice Bureau"},
		{typ: "labor", name: "汉中市人力资源和社会保障局", nameEn: "Hanzhong Municipal Human Resources and Social Security Bureau"},
		{typ: "education", name: "汉中市教育局", nameEn: "Hanzhong Municipal Education Bureau"},
		{typ: "environment", name: "汉中市生态环境局", nameEn: "Hanzhong Municipal Ecology and Environment Bureau"},
		{typ: "science_tech", name: "汉中市科学技术局", nameEn: "Hanzhong Municipal Science and Technology Bureau"},
		{typ: "population_family_planning", name: "汉中市计划生育协会", nameEn: "Hanzhong Family Planning Association"},
		{typ: "trade_union", name: "汉中市总工会", nameEn: "Hanzhong Federation of Trade Unions"},
		{typ: "youth_league", name: "共青团汉中市委员会", nameEn: "Hanzhong Municipal Committee of the Communist Youth League of China"},
		{typ: "womens_federation", name: "汉中市妇女联合会", nameEn: "Hanzhong Women's Federation"},
		{typ: "disabled_federation", name: "汉中市残疾人联合会", nameEn: "Hanzhong Disabled Persons' Federation"},
		{typ: "ageing", name: "汉中市老龄工作委员会办公室", nameEn: "Office of the Hanzhong Municipal Working Committee on Ageing"},
		{typ: "charity", name: "汉中市慈善协会", nameEn: "Hanzhong Charity Association"},
		{typ: "development_reform", name: "汉中市发展和改革委员会", nameEn: "Hanzhong Municipal Development and Reform Commission"},
		{typ: "finance", name: "汉中市财政局", nameEn: "Hanzhong Municipal Finance Bureau"},
		{typ: "commerce", name: "汉中市商务局", nameEn: "Hanzhong Municipal Bureau of Commerce"},
		{typ: "financial_affairs", name: "汉中市地方金融监督管理局", nameEn: "Hanzhong Municipal Local Financial Supervision and Administration Bureau"},
		{typ: "taxation", name: "国家税务总局汉中市税务局", nameEn: "Hanzhong Municipal Tax Service, State Taxation Administration"},
		{typ: "industry_commerce", name: "汉中市市场监督管理局", nameEn: "Hanzhong Municipal Administration for Market Regulation"},
	}
}

// ankangNames returns the table of Ankang.
func ankangNames() []typedName {
	return []typedName{
		{typ: "housing", name: "安康市住房和城乡建设局", nameEn: "Ankang Municipal Bureau of Housing and Urban-Rural Development"},
		{typ: "civil_affairs", name: "安康市民政局", nameEn: "Ankang Municipal Civil Affairs Bureau"},
		{typ: "organization", name: "中共安康市委组织部", nameEn: "Organization Department of the CPC Ankang Municipal Committee"},
		{typ: "publicity", name: "中共安康市委宣传部", nameEn: "Publicity Department of the CPC Ankang Municipal Committee"},
		{typ: "culture", name: "安康市文化和旅游局", nameEn: "Ankang Municipal Bureau of Culture and Tourism"},
		{typ: "sports", name: "安康市体育局", nameEn: "Ankang Municipal Sports Bureau"},
		{typ: "health", name: "安康市卫生健康委员会", nameEn: "Ankang Municipal Health Commission"},
		{typ: "public_security", name: "安康市公安局", nameEn: "Ankang Municipal Public Security Bureau"},
		{typ: "justice", name: "安康市司法局", nameEn: "Ankang Municipal Justice Bureau"},
		{typ: "labor", name: "安康市人力资源和社会保障局", nameEn: "Ankang Municipal Human Resources and Social Security Bureau"},
		{typ: "education", name: "安康市教育局", nameEn: "Ankang Municipal Education Bureau"},
		{typ: "environment", name: "安康市生态环境局", nameEn: "Ankang Municipal Ecology and Environment Bureau"},
		{typ: "science_tech", name: "安康市科学技术局", nameEn: "Ankang Municipal Science and Technology Bureau"},
		{typ: "population_family_planning", name: "安康市计划生育协会", nameEn: "Ankang Family Planning Association"},
		{typ: "trade_union", name: "安康市总工会", nameEn: "Ankang Federation of Trade Unions"},
		{typ: "youth_league", name: "共青团安康市委员会", nameEn: "Ankang Municipal Committee of the Communist Youth League of China"},
		{typ: "womens_federation", name: "安康市妇女联合会", nameEn: "Ankang Women's Federation"},
		{typ: "disabled_federation", name: "安康市残疾人联合会", nameEn: "Ankang Disabled Persons' Federation"},
		{typ: "ageing", name: "安康市老龄工作委员会办公室", nameEn: "Office of the Ankang Municipal Working Committee on Ageing"},
		{typ: "charity", name: "安康市慈善协会", nameEn: "Ankang Charity Association"},
		{typ: "development_reform", name: "安康市发展和改革委员会", nameEn: "Ankang Municipal Development and Reform Commission"},
		{typ: "finance", name: "安康市财政局", nameEn: "Ankang Municipal Finance Bureau"},
		{typ: "commerce", name: "安康市商务局", nameEn: "Ankang Municipal Bureau of Commerce"},
		{typ: "financial_affairs", name: "安康市地方金融监督管理局", nameEn: "Ankang Municipal Local Financial Supervision and Administration Bureau"},
		{typ: "taxation", name: "国家税务总局安康市税务局", nameEn: "Ankang Municipal Tax Service, State Taxation Administration"},
		{typ: "industry_commerce", name: "安康市市场监督管理局", nameEn: "Ankang Municipal Administration for Market Regulation"},
	}
}
