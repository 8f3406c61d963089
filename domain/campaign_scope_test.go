package domain_test

import (
	"testing"

	"xietong/domain"
)

func TestCityCodeOf(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"610100", "610100"},   // a city is its own
		{"610113", "610100"},   // 雁塔区, 西安
		{"610725", "610700"},   // 勉县, 汉中
		{"610922", "610900"},   // 石泉县, 安康
		{"610403", "yangling"}, // 杨陵区 is 杨凌示范区
		{"610581", "hancheng"}, // 韩城市 under 渭南
		{"610582", "610500"},   // 华阴市, 渭南
		{"xixian", "xixian"},
		{"yangling", "yangling"},
		{"610000", ""}, // the province is not a city
		{"610199", ""}, // no such county
		{"110100", ""}, // another province
		{"xian", ""},   // an old region code
		{"", ""},
	} {
		if got := domain.CityCodeOf(tc.in); got != tc.want {
			t.Errorf("CityCodeOf(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCampaignScopeOf(t *testing.T) {
	xianBureau := domain.Organization{ID: 7, Type: "housing", Region: "xian", Level: "city", Active: true}
	mianBureau := domain.Organization{ID: 8, Type: "housing", Region: "mianxian", Level: "county", Active: true}
	xixianBureau := domain.Organization{ID: 9, Type: "housing", Region: "xixian", Level: "city", Active: true}
	xianPolice := domain.Organization{ID: 10, Type: "public_security", Region: "xian", Level: "city", Active: true}
	provinceBureau := domain.Organization{ID: 11, Type: "housing", Region: "shaanxi", Level: "province", Active: true}
	inactive := xianBureau
	inactive.Active = false

	yanta := domain.Community{ID: 1, RegionCode: "610113", CityCode: "610100"}
	mian := domain.Community{ID: 2, RegionCode: "610725", CityCode: "610700"}
	hanzhongCity := domain.Community{ID: 3, RegionCode: "610702", CityCode: "610700"}
	xixian := domain.Community{ID: 4, RegionCode: "xixian", CityCode: "xixian"}

	dept := func(o domain.Organization) domain.Actor {
		return domain.Actor{UserID: 1, Role: domain.RoleDepartment, OrgID: o.ID}
	}
	for _, tc := range []struct {
		name    string
		a       domain.Actor
		org     domain.Organization
		sees    []domain.Community
		manages []domain.Community
		hidden  []domain.Community
	}{
		{"admin", domain.Actor{Role: domain.RoleAdmin}, domain.Organization{}, []domain.Community{yanta, xixian}, []domain.Community{yanta, mian}, nil},
		{"lead", domain.Actor{Role: domain.RoleLead}, domain.Organization{}, []domain.Community{yanta}, []domain.Community{xixian}, nil},
		{"leadership reads only", domain.Actor{Role: domain.RoleLeadership}, domain.Organization{}, []domain.Community{yanta, mian}, nil, nil},
		{"city bureau", dept(xianBureau), xianBureau, []domain.Community{yanta}, []domain.Community{yanta}, []domain.Community{mian, xixian}},
		{"county bureau", dept(mianBureau), mianBureau, []domain.Community{mian}, []domain.Community{mian}, []domain.Community{hanzhongCity, yanta}},
		{"area bureau", dept(xixianBureau), xixianBureau, []domain.Community{xixian}, []domain.Community{xixian}, []domain.Community{yanta}},
		{"not a housing bureau", dept(xianPolice), xianPolice, nil, nil, []domain.Community{yanta}},
		{"the province's own bureau as a department", dept(provinceBureau), provinceBureau, nil, nil, []domain.Community{yanta}},
		{"inactive bureau", dept(inactive), inactive, nil, nil, []domain.Community{yanta}},
		{"another org than the actor's", domain.Actor{Role: domain.RoleDepartment, OrgID: 99}, xianBureau, nil, nil, []domain.Community{yanta}},
		{"community user", domain.Actor{Role: domain.RoleCommunity, CommunityID: 2}, domain.Organization{}, []domain.Community{mian}, nil, []domain.Community{hanzhongCity}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := domain.CampaignScopeOf(tc.a, tc.org)
			for _, c := range tc.sees {
				if !s.Sees(c) {
					t.Errorf("does not see %+v", c)
				}
			}
			for _, c := range tc.manages {
				if !s.Manages(c) {
					t.Errorf("does not manage %+v", c)
				}
			}
			for _, c := range tc.hidden {
				if s.Sees(c) || s.Manages(c) {
					t.Errorf("sees or manages %+v", c)
				}
			}
			if tc.a.Role == domain.RoleLeadership && s.Manages(yanta) {
				t.Error("leadership manages")
			}
			var f domain.CommunityFilter
			if ok := s.Filter(&f); ok == s.None() {
				t.Errorf("Filter = %v with None() = %v", ok, s.None())
			}
		})
	}
}
