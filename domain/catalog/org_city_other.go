package catalog

// The six non-pilot cities' tables, in division order, one organisation
// per type in OrgTypes order. They follow the choices listed in
// org_city.go. Every name below is the city's current official name as far
// as known; the entries that follow the common pattern without a
// city-specific check, for an admin to verify and correct by editing the
// name (never the code), are:
//   - charity: each city's charity body is written 慈善协会, the form the
//     provincial body (陕西省慈善协会) and most Shaanxi cities use; a city
//     whose body is a 慈善会 or 慈善总会 (as in Xi'an and Baoji) needs its
//     name edited.
//   - financial_affairs: 地方金融监督管理局, as for the pilot cities; the
//     2023–2024 reform renames or merges these bodies city by city.
//
// The other types follow the pattern the pilot cities' verified names share
// (市住房和城乡建设局, 市卫生健康委员会, 国家税务总局…市税务局, …); a city
// whose body differs is corrected the same way.

// tongchuanNames returns the table of Tongchuan.
func tongchuanNames() []typedName {
	return []typedName{
		{typ: "housing", name: "铜川市住房和城乡建设局", nameEn: "Tongchuan Municipal Bureau of Housing and Urban-Rural Development"},
		{typ: "civil_affairs", name: "铜川市民政局", nameEn: "Tongchuan Municipal Civil Affairs Bureau"},
		{typ: "organization", name: "中共铜川市委组织部", nameEn: "Organization Department of the CPC Tongchuan Municipal Committee"},
		{typ: "publicity", name: "中共铜川市委宣传部", nameEn: "Publicity Department of the CPC Tongchuan Municipal Committee"},
		{typ: "culture", name: "铜川市文化和旅游局", nameEn: "Tongchuan Municipal Bureau of Culture and Tourism"},
		{typ: "sports", name: "铜川市体育局", nameEn: "Tongchuan Municipal Sports Bureau"},
		{typ: "health", name: "铜川市卫生健康委员会", nameEn: "Tongchuan Municipal Health Commission"},
		{typ: "public_security", name: "铜川市公安局", nameEn: "Tongchuan Municipal Public Security Bureau"},
		{typ: "justice", name: "铜川市司法局", nameEn: "Tongchuan Municipal Justice Bureau"},
		{typ: "labor", name: "铜川市人力资源和社会保障局", nameEn: "Tongchuan Municipal Human Resources and Social Security Bureau"},
		{typ: "education", name: "铜川市教育局", nameEn: "Tongchuan Municipal Education Bureau"},
		{typ: "environment", name: "铜川市生态环境局", nameEn: "Tongchuan Municipal Ecology and Environment Bureau"},
		{typ: "science_tech", name: "铜川市科学技术局", nameEn: "Tongchuan Municipal Science and Technology Bureau"},
		{typ: "population_family_planning", name: "铜川市计划生育协会", nameEn: "Tongchuan Family Planning Association"},
		{typ: "trade_union", name: "铜川市总工会", nameEn: "Tongchuan Federation of Trade Unions"},
		{typ: "youth_league", name: "共青团铜川市委员会", nameEn: "Tongchuan Municipal Committee of the Communist Youth League of China"},
		{typ: "womens_federation", name: "铜川市妇女联合会", nameEn: "Tongchuan Women's Federation"},
		{typ: "disabled_federation", name: "铜川市残疾人联合会", nameEn: "Tongchuan Disabled Persons' Federation"},
		{typ: "ageing", name: "铜川市老龄工作委员会办公室", nameEn: "Office of the Tongchuan Municipal Working Committee on Ageing"},
		{typ: "charity", name: "铜川市慈善协会", nameEn: "Tongchuan Charity Association"},
		{typ: "development_reform", name: "铜川市发展和改革委员会", nameEn: "Tongchuan Municipal Development and Reform Commission"},
		{typ: "finance", name: "铜川市财政局", nameEn: "Tongchuan Municipal Finance Bureau"},
		{typ: "commerce", name: "铜川市商务局", nameEn: "Tongchuan Municipal Bureau of Commerce"},
		{typ: "financial_affairs", name: "铜川市地方金融监督管理局", nameEn: "Tongchuan Municipal Local Financial Supervision and Administration Bureau"},
		{typ: "taxation", name: "国家税务总局铜川市税务局", nameEn: "Tongchuan Municipal Tax Service, State Taxation Administration"},
		{typ: "industry_commerce", name: "铜川市市场监督管理局", nameEn: "Tongchuan Municipal Administration for Market Regulation"},
	}
}

// xianyangNames returns the table of Xianyang.
func xianyangNames() []typedName {
	return []typedName{
		{typ: "housing", name: "咸阳市住房和城乡建设局", nameEn: "Xianyang Municipal Bureau of Housing and Urban-Rural Development"},
		{typ: "civil_affairs", name: "咸阳市民政局", nameEn: "Xianyang Municipal Civil Affairs Bureau"},
		{typ: "organization", name: "中共咸阳市委组织部", nameEn: "Organization Department of the CPC Xianyang Municipal Committee"},
		{typ: "publicity", name: "中共咸阳市委宣传部", nameEn: "Publicity Department of the CPC Xianyang Municipal Committee"},
		{typ: "culture", name: "咸阳市文化和旅游局", nameEn: "Xianyang Municipal Bureau of Culture and Tourism"},
		{typ: "sports", name: "咸阳市体育局", nameEn: "Xianyang Municipal Sports Bureau"},
		{typ: "health", name: "咸阳市卫生健康委员会", nameEn: "Xianyang Municipal Health Commission"},
		{typ: "public_security", name: "咸阳市公安局", nameEn: "Xianyang Municipal Public Security Bureau"},
		{typ: "justice", name: "咸阳市司法局", nameEn: "Xianyang Municipal Justice Bureau"},
		{typ: "labor", name: "咸阳市人力资源和社会保障局", nameEn: "Xianyang Municipal Human Resources and Social Security Bureau"},
		{typ: "education", name: "咸阳市教育局", nameEn: "Xianyang Municipal Education Bureau"},
		{typ: "environment", name: "咸阳市生态环境局", nameEn: "Xianyang Municipal Ecology and Environment Bureau"},
		{typ: "science_tech", name: "咸阳市科学技术局", nameEn: "Xianyang Municipal Science and Technology Bureau"},
		{typ: "population_family_planning", name: "咸阳市计划生育协会", nameEn: "Xianyang Family Planning Association"},
		{typ: "trade_union", name: "咸阳市总工会", nameEn: "Xianyang Federation of Trade Unions"},
		{typ: "youth_league", name: "共青团咸阳市委员会", nameEn: "Xianyang Municipal Committee of the Communist Youth League of China"},
		{typ: "womens_federation", name: "咸阳市妇女联合会", nameEn: "Xianyang Women's Federation"},
		{typ: "disabled_federation", name: "咸阳市残疾人联合会", nameEn: "Xianyang Disabled Persons' Federation"},
		{typ: "ageing", name: "咸阳市老龄工作委员会办公室", nameEn: "Office of the Xianyang Municipal Working Committee on Ageing"},
		{typ: "charity", name: "咸阳市慈善协会", nameEn: "Xianyang Charity Association"},
		{typ: "development_reform", name: "咸阳市发展和改革委员会", nameEn: "Xianyang Municipal Development and Reform Commission"},
		{typ: "finance", name: "咸阳市财政局", nameEn: "Xianyang Municipal Finance Bureau"},
		{typ: "commerce", name: "咸阳市商务局", nameEn: "Xianyang Municipal Bureau of Commerce"},
		{typ: "financial_affairs", name: "咸阳市地方金融监督管理局", nameEn: "Xianyang Municipal Local Financial Supervision and Administration Bureau"},
		{typ: "taxation", name: "国家税务总局咸阳市税务局", nameEn: "Xianyang Municipal Tax Service, State Taxation Administration"},
		{typ: "industry_commerce", name: "咸阳市市场监督管理局", nameEn: "Xianyang Municipal Administration for Market Regulation"},
	}
}

// weinanNames returns the table of Weinan.
func weinanNames() []typedName {
	return []typedName{
		{typ: "housing", name: "渭南市住房和城乡建设局", nameEn: "Weinan Municipal Bureau of Housing and Urban-Rural Development"},
		{typ: "civil_affairs", name: "渭南市民政局", nameEn: "Weinan Municipal Civil Affairs Bureau"},
		{typ: "organization", name: "中共渭南市委组织部", nameEn: "Organization Department of the CPC Weinan Municipal Committee"},
		{typ: "publicity", name: "中共渭南市委宣传部", nameEn: "Publicity Department of the CPC Weinan Municipal Committee"},
		{typ: "culture", name: "渭南市文化和旅游局", nameEn: "Weinan Municipal Bureau of Culture and Tourism"},
		{typ: "sports", name: "渭南市体育局", nameEn: "Weinan Municipal Sports Bureau"},
		{typ: "health", name: "渭南市卫生健康委员会", nameEn: "Weinan Municipal Health Commission"},
		{typ: "public_security", name: "渭南市公安局", nameEn: "Weinan Municipal Public Security Bureau"},
		{typ: "justice", name: "渭南市司法局", nameEn: "Weinan Municipal Justice Bureau"},
		{typ: "labor", name: "渭南市人力资源和社会保障局", nameEn: "Weinan Municipal Human Resources and Social Security Bureau"},
		{typ: "education", name: "渭南市教育局", nameEn: "Weinan Municipal Education Bureau"},
		{typ: "environment", name: "渭南市生态环境局", nameEn: "Weinan Municipal Ecology and Environment Bureau"},
		{typ: "science_tech", name: "渭南市科学技术局", nameEn: "Weinan Municipal Science and Technology Bureau"},
		{typ: "population_family_planning", name: "渭南市计划生育协会", nameEn: "Weinan Family Planning Association"},
		{typ: "trade_union", name: "渭南市总工会", nameEn: "Weinan Federation of Trade Unions"},
		{typ: "youth_league", name: "共青团渭南市委员会", nameEn: "Weinan Municipal Committee of the Communist Youth League of China"},
		{typ: "womens_federation", name: "渭南市妇女联合会", nameEn: "Weinan Women's Federation"},
		{typ: "disabled_federation", name: "渭南市残疾人联合会", nameEn: "Weinan Disabled Persons' Federation"},
		{typ: "ageing", name: "渭南市老龄工作委员会办公室", nameEn: "Office of the Weinan Municipal Working Committee on Ageing"},
		{typ: "charity", name: "渭南市慈善协会", nameEn: "Weinan Charity Association"},
		{typ: "development_reform", name: "渭南市发展和改革委员会", nameEn: "Weinan Municipal Development and Reform Commission"},
		{typ: "finance", name: "渭南市财政局", nameEn: "Weinan Municipal Finance Bureau"},
		{typ: "commerce", name: "渭南市商务局", nameEn: "Weinan Municipal Bureau of Commerce"},
		{typ: "financial_affairs", name: "渭南市地方金融监督管理局", nameEn: "Weinan Municipal Local Financial Supervision and Administration Bureau"},
		{typ: "taxation", name: "国家税务总局渭南市税务局", nameEn: "Weinan Municipal Tax Service, State Taxation Administration"},
		{typ: "industry_commerce", name: "渭南市市场监督管理局", nameEn: "Weinan Municipal Administration for Market Regulation"},
	}
}

// yananNames returns the table of Yan'an.
func yananNames() []typedName {
	return []typedName{
		{typ: "housing", name: "延安市住房和城乡建设局", nameEn: "Yan'an Municipal Bureau of Housing and Urban-Rural Development"},
		{typ: "civil_affairs", name: "延安市民政局", nameEn: "Yan'an Municipal Civil Affairs Bureau"},
		{typ: "organization", name: "中共延安市委组织部", nameEn: "Organization Department of the CPC Yan'an Municipal Committee"},
		{typ: "publicity", name: "中共延安市委宣传部", nameEn: "Publicity Department of the CPC Yan'an Municipal Committee"},
		{typ: "culture", name: "延安市文化和旅游局", nameEn: "Yan'an Municipal Bureau of Culture and Tourism"},
		{typ: "sports", name: "延安市体育局", nameEn: "Yan'an Municipal Sports Bureau"},
		{typ: "health", name: "延安市卫生健康委员会", nameEn: "Yan'an Municipal Health Commission"},
		{typ: "public_security", name: "延安市公安局", nameEn: "Yan'an Municipal Public Security Bureau"},
		{typ: "justice", name: "延安市司法局", nameEn: "Yan'an Municipal Justice Bureau"},
		{typ: "labor", name: "延安市人力资源和社会保障局", nameEn: "Yan'an Municipal Human Resources and Social Security Bureau"},
		{typ: "education", name: "延安市教育局", nameEn: "Yan'an Municipal Education Bureau"},
		{typ: "environment", name: "延安市生态环境局", nameEn: "Yan'an Municipal Ecology and Environment Bureau"},
		{typ: "science_tech", name: "延安市科学技术局", nameEn: "Yan'an Municipal Science and Technology Bureau"},
		{typ: "population_family_planning", name: "延安市计划生育协会", nameEn: "Yan'an Family Planning Association"},
		{typ: "trade_union", name: "延安市总工会", nameEn: "Yan'an Federation of Trade Unions"},
		{typ: "youth_league", name: "共青团延安市委员会", nameEn: "Yan'an Municipal Committee of the Communist Youth League of China"},
		{typ: "womens_federation", name: "延安市妇女联合会", nameEn: "Yan'an Women's Federation"},
		{typ: "disabled_federation", name: "延安市残疾人联合会", nameEn: "Yan'an Disabled Persons' Federation"},
		{typ: "ageing", name: "延安市老龄工作委员会办公室", nameEn: "Office of the Yan'an Municipal Working Committee on Ageing"},
		{typ: "charity", name: "延安市慈善协会", nameEn: "Yan'an Charity Association"},
		{typ: "development_reform", name: "延安市发展和改革委员会", nameEn: "Yan'an Municipal Development and Reform Commission"},
		{typ: "finance", name: "延安市财政局", nameEn: "Yan'an Municipal Finance Bureau"},
		{typ: "commerce", name: "延安市商务局", nameEn: "Yan'an Municipal Bureau of Commerce"},
		{typ: "financial_affairs", name: "延安市地方金融监督管理局", nameEn: "Yan'an Municipal Local Financial Supervision and Administration Bureau"},
		{typ: "taxation", name: "国家税务总局延安市税务局", nameEn: "Yan'an Municipal Tax Service, State Taxation Administration"},
		{typ: "industry_commerce", name: "延安市市场监督管理局", nameEn: "Yan'an Municipal Administration for Market Regulation"},
	}
}

// yulinNames returns the table of Yulin.
func yulinNames() []typedName {
	return []typedName{
		{typ: "housing", name: "榆林市住房和城乡建设局", nameEn: "Yulin Municipal Bureau of Housing and Urban-Rural Development"},
		{typ: "civil_affairs", name: "榆林市民政局", nameEn: "Yulin Municipal Civil Affairs Bureau"},
		{typ: "organization", name: "中共榆林市委组织部", nameEn: "Organization Department of the CPC Yulin Municipal Committee"},
		{typ: "publicity", name: "中共榆林市委宣传部", nameEn: "Publicity Department of the CPC Yulin Municipal Committee"},
		{typ: "culture", name: "榆林市文化和旅游局", nameEn: "Yulin Municipal Bureau of Culture and Tourism"},
		{typ: "sports", name: "榆林市体育局", nameEn: "Yulin Municipal Sports Bureau"},
		{typ: "health", name: "榆林市卫生健康委员会", nameEn: "Yulin Municipal Health Commission"},
		{typ: "public_security", name: "榆林市公安局", nameEn: "Yulin Municipal Public Security Bureau"},
		{typ: "justice", name: "榆林市司法局", nameEn: "Yulin Municipal Justice Bureau"},
		{typ: "labor", name: "榆林市人力资源和社会保障局", nameEn: "Yulin Municipal Human Resources and Social Security Bureau"},
		{typ: "education", name: "榆林市教育局", nameEn: "Yulin Municipal Education Bureau"},
		{typ: "environment", name: "榆林市生态环境局", nameEn: "Yulin Municipal Ecology and Environment Bureau"},
		{typ: "science_tech", name: "榆林市科学技术局", nameEn: "Yulin Municipal Science and Technology Bureau"},
		{typ: "population_family_planning", name: "榆林市计划生育协会", nameEn: "Yulin Family Planning Association"},
		{typ: "trade_union", name: "榆林市总工会", nameEn: "Yulin Federation of Trade Unions"},
		{typ: "youth_league", name: "共青团榆林市委员会", nameEn: "Yulin Municipal Committee of the Communist Youth League of China"},
		{typ: "womens_federation", name: "榆林市妇女联合会", nameEn: "Yulin Women's Federation"},
		{typ: "disabled_federation", name: "榆林市残疾人联合会", nameEn: "Yulin Disabled Persons' Federation"},
		{typ: "ageing", name: "榆林市老龄工作委员会办公室", nameEn: "Office of the Yulin Municipal Working Committee on Ageing"},
		{typ: "charity", name: "榆林市慈善协会", nameEn: "Yulin Charity Association"},
		{typ: "development_reform", name: "榆林市发展和改革委员会", nameEn: "Yulin Municipal Development and Reform Commission"},
		{typ: "finance", name: "榆林市财政局", nameEn: "Yulin Municipal Finance Bureau"},
		{typ: "commerce", name: "榆林市商务局", nameEn: "Yulin Municipal Bureau of Commerce"},
		{typ: "financial_affairs", name: "榆林市地方金融监督管理局", nameEn: "Yulin Municipal Local Financial Supervision and Administration Bureau"},
		{typ: "taxation", name: "国家税务总局榆林市税务局", nameEn: "Yulin Municipal Tax Service, State Taxation Administration"},
		{typ: "industry_commerce", name: "榆林市市场监督管理局", nameEn: "Yulin Municipal Administration for Market Regulation"},
	}
}

// shangluoNames returns the table of Shangluo.
func shangluoNames() []typedName {
	return []typedName{
		{typ: "housing", name: "商洛市住房和城乡建设局", nameEn: "Shangluo Municipal Bureau of Housing and Urban-Rural Development"},
		{typ: "civil_affairs", name: "商洛市民政局", nameEn: "Shangluo Municipal Civil Affairs Bureau"},
		{typ: "organization", name: "中共商洛市委组织部", nameEn: "Organization Department of the CPC Shangluo Municipal Committee"},
		{typ: "publicity", name: "中共商洛市委宣传部", nameEn: "Publicity Department of the CPC Shangluo Municipal Committee"},
		{typ: "culture", name: "商洛市文化和旅游局", nameEn: "Shangluo Municipal Bureau of Culture and Tourism"},
		{typ: "sports", name: "商洛市体育局", nameEn: "Shangluo Municipal Sports Bureau"},
		{typ: "health", name: "商洛市卫生健康委员会", nameEn: "Shangluo Municipal Health Commission"},
		{typ: "public_security", name: "商洛市公安局", nameEn: "Shangluo Municipal Public Security Bureau"},
		{typ: "justice", name: "商洛市司法局", nameEn: "Shangluo Municipal Justice Bureau"},
		{typ: "labor", name: "商洛市人力资源和社会保障局", nameEn: "Shangluo Municipal Human Resources and Social Security Bureau"},
		{typ: "education", name: "商洛市教育局", nameEn: "Shangluo Municipal Education Bureau"},
		{typ: "environment", name: "商洛市生态环境局", nameEn: "Shangluo Municipal Ecology and Environment Bureau"},
		{typ: "science_tech", name: "商洛市科学技术局", nameEn: "Shangluo Municipal Science and Technology Bureau"},
		{typ: "population_family_planning", name: "商洛市计划生育协会", nameEn: "Shangluo Family Planning Association"},
		{typ: "trade_union", name: "商洛市总工会", nameEn: "Shangluo Federation of Trade Unions"},
		{typ: "youth_league", name: "共青团商洛市委员会", nameEn: "Shangluo Municipal Committee of the Communist Youth League of China"},
		{typ: "womens_federation", name: "商洛市妇女联合会", nameEn: "Shangluo Women's Federation"},
		{typ: "disabled_federation", name: "商洛市残疾人联合会", nameEn: "Shangluo Disabled Persons' Federation"},
		{typ: "ageing", name: "商洛市老龄工作委员会办公室", nameEn: "Office of the Shangluo Municipal Working Committee on Ageing"},
		{typ: "charity", name: "商洛市慈善协会", nameEn: "Shangluo Charity Association"},
		{typ: "development_reform", name: "商洛市发展和改革委员会", nameEn: "Shangluo Municipal Development and Reform Commission"},
		{typ: "finance", name: "商洛市财政局", nameEn: "Shangluo Municipal Finance Bureau"},
		{typ: "commerce", name: "商洛市商务局", nameEn: "Shangluo Municipal Bureau of Commerce"},
		{typ: "financial_affairs", name: "商洛市地方金融监督管理局", nameEn: "Shangluo Municipal Local Financial Supervision and Administration Bureau"},
		{typ: "taxation", name: "国家税务总局商洛市税务局", nameEn: "Shangluo Municipal Tax Service, State Taxation Administration"},
		{typ: "industry_commerce", name: "商洛市市场监督管理局", nameEn: "Shangluo Municipal Administration for Market Regulation"},
	}
}
