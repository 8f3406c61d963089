package catalog

// Groups an OrgType belongs to. The notice puts every partner
// into one of three groups around the housing bureau, which leads.
const (
	groupLead        = "lead"        // housing: 住建牵头
	groupSupervise   = "supervise"   // supervise and guide community work within their duties
	groupParticipate = "participate" // mass organisations that take part in community building
	groupPolicy      = "policy"      // make policy that promotes community services
)

// OrgType is one of the 26 organisation types of the HTTP API. Code is the
// value of an organisation's "type" in the API; Name is the short Chinese
// word the notice uses for the department ("公安"); Group is "lead" for
// housing and otherwise the notice's group: "supervise", "participate" or
// "policy".
//
// Civil affairs (民政) is not named in the notice; it is in group
// "supervise" because it is the government department that by law guides
// residents' committees and community building, which is what that group
// does, whereas "participate" holds mass organisations, not departments.
type OrgType struct {
	Code   string
	Name   string
	NameEn string
	Group  string
}

// OrgTypes returns the 26 organisation types in the HTTP API's order: housing
// first, then civil affairs, then the notice's three groups in the notice's
// order.
func OrgTypes() []OrgType {
	return []OrgType{
		{Code: "housing", Name: "住建", NameEn: "Housing and urban-rural development", Group: groupLead},
		{Code: "civil_affairs", Name: "民政", NameEn: "Civil affairs", Group: groupSupervise},
		{Code: "organization", Name: "组织部", NameEn: "Organisation department", Group: groupSupervise},
		{Code: "publicity", Name: "宣传部", NameEn: "Publicity department", Group: groupSupervise},
		{Code: "culture", Name: "文化", NameEn: "Culture", Group: groupSupervise},
		{Code: "sports", Name: "体育", NameEn: "Sports", Group: groupSupervise},
		{Code: "health", Name: "卫生", NameEn: "Health", Group: groupSupervise},
		{Code: "public_security", Name: "公安", NameEn: "Public security", Group: groupSupervise},
		{Code: "justice", Name: "司法", NameEn: "Justice", Group: groupSupervise},
		{Code: "labor", Name: "劳动", NameEn: "Labour and social security", Group: groupSupervise},
		{Code: "education", Name: "教育", NameEn: "Education", Group: groupSupervise},
		{Code: "environment", Name: "环保", NameEn: "Environmental protection", Group: groupSupervise},
		{Code: "science_tech", Name: "科技", NameEn: "Science and technology", Group: groupSupervise},
		{Code: "population_family_planning", Name: "人口计生", NameEn: "Population and family planning", Group: groupSupervise},
		{Code: "trade_union", Name: "工会", NameEn: "Trade union", Group: groupParticipate},
		{Code: "youth_league", Name: "共青团", NameEn: "Communist Youth League", Group: groupParticipate},
		{Code: "womens_federation", Name: "妇联", NameEn: "Women's federation", Group: groupParticipate},
		{Code: "disabled_federation", Name: "残联", NameEn: "Disabled persons' federation", Group: groupParticipate},
		{Code: "ageing", Name: "老龄", NameEn: "Ageing", Group: groupParticipate},
		{Code: "charity", Name: "慈善", NameEn: "Charity", Group: groupParticipate},
		{Code: "development_reform", Name: "发展改革", NameEn: "Development and reform", Group: groupPolicy},
		{Code: "finance", Name: "财政", NameEn: "Finance", Group: groupPolicy},
		{Code: "commerce", Name: "商务", NameEn: "Commerce", Group: groupPolicy},
		{Code: "financial_affairs", Name: "金融", NameEn: "Financial affairs", Group: groupPolicy},
		{Code: "taxation", Name: "税务", NameEn: "Taxation", Group: groupPolicy},
		{Code: "industry_commerce", Name: "工商", NameEn: "Industry and commerce", Group: groupPolicy},
	}
}
