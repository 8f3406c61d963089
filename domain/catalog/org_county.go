package catalog

// The pilot counties' tables: 勉县 (Hanzhong) and 石泉县 (Ankang), where two
// of the pilot communities lie. Each lists the county's housing bureau and
// one body of every type that has one at county level, in OrgTypes order;
// their Region is the county's region code and their Level "county".
//
// Types left out, because a county has no body of its own for them and the
// body that carries the duty already stands for another type:
//   - sports: counties run sports from a combined 教育体育局, which stands
//     for education here;
//   - science_tech: a county's science and technology work is a second
//     nameplate of another bureau (commonly industry and information
//     technology, or education), not a department of its own;
//   - financial_affairs: counties have no local financial supervision and
//     administration bureau; financial work sits in the government office
//     or a financial service centre.
//
// An admin adds such a body by hand where a county has one.
//
// County-level choices that differ from the cities':
//   - health is a 卫生健康局 and development and reform a 发展和改革局
//     (bureaus, not commissions, at county level);
//   - environment: since the 2019 vertical reform a county's ecology and
//     environment body is a branch of the city bureau (市生态环境局…分局);
//   - taxation: the county tax service of the State Taxation
//     Administration, as for the cities.
//
// Entries that follow the common county pattern without a county-specific
// check, for an admin to verify: culture (文化和旅游广电局, the usual county
// merger of culture, tourism, radio and television), education (教育体育局),
// charity (慈善协会, as in both counties' cities), commerce (商务局; some
// counties name it 经济贸易局 or merge it with another bureau) and ageing.

// mianxianNames returns the table of Mian County (Hanzhong).
func mianxianNames() []typedName {
	return []typedName{
		{typ: "housing", name: "勉县住房和城乡建设局", nameEn: "Mian County Bureau of Housing and Urban-Rural Development"},
		{typ: "civil_affairs", name: "勉县民政局", nameEn: "Mian County Civil Affairs Bureau"},
		{typ: "organization", name: "中共勉县县委组织部", nameEn: "Organization Department of the CPC Mian County Committee"},
		{typ: "publicity", name: "中共勉县县委宣传部", nameEn: "Publicity Department of the CPC Mian County Committee"},
		{typ: "culture", name: "勉县文化和旅游广电局", nameEn: "Mian County Bureau of Culture, Tourism, Radio and Television"},
		{typ: "health", name: "勉县卫生健康局", nameEn: "Mian County Health Bureau"},
		{typ: "public_security", name: "勉县公安局", nameEn: "Mian County Public Security Bureau"},
		{typ: "justice", name: "勉县司法局", nameEn: "Mian County Justice Bureau"},
		{typ: "labor", name: "勉县人力资源和社会保障局", nameEn: "Mian County Human Resources and Social Security Bureau"},
		{typ: "education", name: "勉县教育体育局", nameEn: "Mian County Bureau of Education and Sports"},
		{typ: "environment", name: "汉中市生态环境局勉县分局", nameEn: "Mian County Branch of the Hanzhong Municipal Ecology and Environment Bureau"},
		{typ: "population_family_planning", name: "勉县计划生育协会", nameEn: "Mian County Family Planning Association"},
		{typ: "trade_union", name: "勉县总工会", nameEn: "Mian County Federation of Trade Unions"},
		{typ: "youth_league", name: "共青团勉县委员会", nameEn: "Mian County Committee of the Communist Youth League of China"},
		{typ: "womens_federation", name: "勉县妇女联合会", nameEn: "Mian County Women's Federation"},
		{typ: "disabled_federation", name: "勉县残疾人联合会", nameEn: "Mian County Disabled Persons' Federation"},
		{typ: "ageing", name: "勉县老龄工作委员会办公室", nameEn: "Office of the Mian County Working Committee on Ageing"},
		{typ: "charity", name: "勉县慈善协会", nameEn: "Mian County Charity Association"},
		{typ: "development_reform", name: "勉县发展和改革局", nameEn: "Mian County Development and Reform Bureau"},
		{typ: "finance", name: "勉县财政局", nameEn: "Mian County Finance Bureau"},
		{typ: "commerce", name: "勉县商务局", nameEn: "Mian County Bureau of Commerce"},
		{typ: "taxation", name: "国家税务总局勉县税务局", nameEn: "Mian County Tax Service, State Taxation Administration"},
		{typ: "industry_commerce", name: "勉县市场监督管理局", nameEn: "Mian County Administration for Market Regulation"},
	}
}

// shiquanNames returns the table of Shiquan County (Ankang).
func shiquanNames() []typedName {
	return []typedName{
		{typ: "housing", name: "石泉县住房和城乡建设局", nameEn: "Shiquan County Bureau of Housing and Urban-Rural Development"},
		{typ: "civil_affairs", name: "石泉县民政局", nameEn: "Shiquan County Civil Affairs Bureau"},
		{typ: "organization", name: "中共石泉县委组织部", nameEn: "Organization Department of the CPC Shiquan County Committee"},
		{typ: "publicity", name: "中共石泉县委宣传部", nameEn: "Publicity Department of the CPC Shiquan County Committee"},
		{typ: "culture", name: "石泉县文化和旅游广电局", nameEn: "Shiquan County Bureau of Culture, Tourism, Radio and Television"},
		{typ: "health", name: "石泉县卫生健康局", nameEn: "Shiquan County Health Bureau"},
		{typ: "public_security", name: "石泉县公安局", nameEn: "Shiquan County Public Security Bureau"},
		{typ: "justice", name: "石泉县司法局", nameEn: "Shiquan County Justice Bureau"},
		{typ: "labor", name: "石泉县人力资源和社会保障局", nameEn: "Shiquan County Human Resources and Social Security Bureau"},
		{typ: "education", name: "石泉县教育体育局", nameEn: "Shiquan County Bureau of Education and Sports"},
		{typ: "environment", name: "安康市生态环境局石泉县分局", nameEn: "Shiquan County Branch of the Ankang Municipal Ecology and Environment Bureau"},
		{typ: "population_family_planning", name: "石泉县计划生育协会", nameEn: "Shiquan County Family Planning Association"},
		{typ: "trade_union", name: "石泉县总工会", nameEn: "Shiquan County Federation of Trade Unions"},
		{typ: "youth_league", name: "共青团石泉县委员会", nameEn: "Shiquan County Committee of the Communist Youth League of China"},
		{typ: "womens_federation", name: "石泉县妇女联合会", nameEn: "Shiquan County Women's Federation"},
		{typ: "disabled_federation", name: "石泉县残疾人联合会", nameEn: "Shiquan County Disabled Persons' Federation"},
		{typ: "ageing", name: "石泉县老龄工作委员会办公室", nameEn: "Office of the Shiquan County Working Committee on Ageing"},
		{typ: "charity", name: "石泉县慈善协会", nameEn: "Shiquan County Charity Association"},
		{typ: "development_reform", name: "石泉县发展和改革局", nameEn: "Shiquan County Development and Reform Bureau"},
		{typ: "finance", name: "石泉县财政局", nameEn: "Shiquan County Finance Bureau"},
		{typ: "commerce", name: "石泉县商务局", nameEn: "Shiquan County Bureau of Commerce"},
		{typ: "taxation", name: "国家税务总局石泉县税务局", nameEn: "Shiquan County Tax Service, State Taxation Administration"},
		{typ: "industry_commerce", name: "石泉县市场监督管理局", nameEn: "Shiquan County Administration for Market Regulation"},
	}
}
