package domain_test

import (
	"fmt"
	"strings"
	"testing"

	"xietong/domain"
)

func TestParseRegister(t *testing.T) {
	zh := []string{"小区编码", "小区名称", "区划代码", "地址", "规模", "住房类型", "户数", "社会化物业管理", "物业服务企业"}
	en := []string{"code", "name", "region_code", "address", "scale", "housing_type", "households", "property_managed", "property_company"}
	good := []string{"xa-1", "雁塔一区", "610113", "雁塔路 1 号", "小区", "公租房", "1,200", "是", "某物业"}
	type want struct {
		row  int
		col  string
		key  string
		text string // in the problem's args, when set
	}
	for _, tc := range []struct {
		name     string
		matrix   [][]string
		rows     int
		problems []want
	}{
		{"Chinese headers", [][]string{zh, good}, 1, nil},
		{"English keys, codes and BOM", [][]string{append([]string{"\ufeffCODE"}, en[1:]...),
			{"xa-2", "n", "610100", "", "cluster", "resettlement", "0", "false", ""}}, 1, nil},
		{"required marks and blank rows", [][]string{{"小区编码*", "小区名称*", "区划代码 *", "规模", "住房类型", "", "试点"},
			{"", "", ""}, {"xa-3", "n", "xixian", "组团", "其他", "ignored", ""}}, 1, nil},
		{"unknown, duplicate and missing columns", [][]string{{"code", "名称", "code", "规模", "住房类型"}}, 0, []want{
			{1, "名称", "register.column_unknown", "名称"},
			{1, "code", "register.column_duplicate", ""},
			{1, "小区名称", "register.column_missing", ""},
			{1, "区划代码", "register.column_missing", ""}}},
		{"every problem of every row", [][]string{zh,
			{"XA 1", "", "610199", "", "huge", "villa", "-3", "maybe", ""},
			{"xa-ok", "n", "610100", "", "小区", "公租房", "1.5", "", ""},
			{"xa-ok", "n", "610100", "", "小区", "公租房", "", "", strings.Repeat("企", 101)}}, 3, []want{
			{2, "小区编码", "community.code_invalid", ""},
			{2, "小区名称", "register.required", ""},
			{2, "区划代码", "community.region_code_invalid", "610199"},
			{2, "规模", "register.scale_invalid", "huge"},
			{2, "住房类型", "register.housing_type_invalid", "villa"},
			{2, "户数", "register.households_invalid", "-3"},
			{2, "社会化物业管理", "register.bool_invalid", "maybe"},
			{3, "户数", "register.households_invalid", "1.5"},
			{4, "小区编码", "register.code_duplicate", "xa-ok"},
			{4, "物业服务企业", "community.property_company_too_long", ""}}},
		{"no rows", [][]string{zh}, 0, []want{{2, "", "register.no_rows", ""}}},
		{"empty", nil, 0, []want{{1, "", "register.empty", ""}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := domain.ParseRegister(tc.matrix)
			if len(s.Rows) != tc.rows {
				t.Errorf("rows: got %d, want %d", len(s.Rows), tc.rows)
			}
			if len(s.Problems) != len(tc.problems) {
				t.Fatalf("problems: got %+v, want %d", s.Problems, len(tc.problems))
			}
			for i, w := range tc.problems {
				p := s.Problems[i]
				if p.Row != w.row || p.Column != w.col || p.Key != w.key {
					t.Errorf("problem %d: got %+v, want %+v", i, p, w)
				}
				if w.text != "" && (len(p.Args) == 0 || fmt.Sprint(p.Args[0]) != w.text) {
					t.Errorf("problem %d: args %v, want %q first", i, p.Args, w.text)
				}
			}
		})
	}
}

func TestParseRegisterValues(t *testing.T) {
	zh := []string{"小区编码", "小区名称", "区划代码", "规模", "住房类型", "户数", "社会化物业管理", "有效"}
	s := domain.ParseRegister([][]string{zh, {"XA-1", " 雁塔 ", "610113", "居住区", "price_limited", "1,200", "是", "否"}})
	if len(s.Problems) != 0 || len(s.Rows) != 1 {
		t.Fatalf("got %+v", s)
	}
	r := s.Rows[0]
	sv := r.Save
	if r.Row != 2 || sv.Code != "xa-1" || *sv.Name != "雁塔" || *sv.Scale != "residential_district" ||
		*sv.HousingType != "price_limited" || *sv.Households != 1200 || !*sv.PropertyManaged || *sv.Active {
		t.Errorf("row: %+v", r)
	}
	if sv.Address != nil || sv.PropertyCompany != nil || sv.Pilot != nil || sv.NameEn != nil {
		t.Error("a column the file does not carry is set")
	}
}

func TestParseRegisterTooManyRows(t *testing.T) {
	s := &domain.RegisterSheet{}
	s.Header([]string{"code", "name", "region_code", "scale", "housing_type"})
	n := 1
	for s.Add(n+1, []string{fmt.Sprintf("c-%d", n), "n", "610100", "cluster", "other"}) {
		n++
	}
	if len(s.Rows) != domain.MaxRegisterRows || !s.Full() || len(s.Problems) != 1 ||
		s.Problems[0].Key != "register.too_many_rows" {
		t.Errorf("rows %d, problems %+v", len(s.Rows), s.Problems)
	}
}

func TestRegisterCellsRoundTrip(t *testing.T) {
	c := domain.Community{Code: "xa-9", Name: "n", RegionCode: "610725", Address: "a", Scale: "cluster",
		HousingType: "low_rent", Households: 7, PropertyManaged: true, PropertyCompany: "p", Active: true}
	header := make([]string, 0)
	for _, col := range domain.RegisterColumns() {
		header = append(header, col.Header)
	}
	s := domain.ParseRegister([][]string{header, domain.RegisterCells(c)})
	if len(s.Problems) != 0 {
		t.Fatalf("problems: %+v", s.Problems)
	}
	sv := s.Rows[0].Save
	if *sv.Scale != "cluster" || *sv.HousingType != "low_rent" || *sv.Households != 7 || !*sv.PropertyManaged ||
		*sv.Pilot || !*sv.Active || *sv.RegionCode != "610725" {
		t.Errorf("round trip: %+v", sv)
	}
}
