package domain

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// The register of communities (保障房小区台账) as a sheet: one header row,
// then one community per row. The sheet is read from a workbook or a CSV
// file by the server; what its cells mean is decided here, so the rules
// are plain functions with table tests.

// MaxRegisterRows is the most data rows one import may carry (the whole
// province's register fits several times over).
const MaxRegisterRows = 20_000

// RegisterColumn is one column of the register sheet.
type RegisterColumn struct {
	Key      string // the English key, also accepted as the header
	Header   string // the template's Chinese header
	Required bool
}

// RegisterColumns returns the columns in template order, in a fresh slice.
func RegisterColumns() []RegisterColumn {
	return []RegisterColumn{
		{Key: "code", Header: "小区编码", Required: true},
		{Key: "name", Header: "小区名称", Required: true},
		{Key: "region_code", Header: "区划代码", Required: true},
		{Key: "address", Header: "地址"},
		{Key: "scale", Header: "规模", Required: true},
		{Key: "housing_type", Header: "住房类型", Required: true},
		{Key: "households", Header: "户数"},
		{Key: "property_managed", Header: "社会化物业管理"},
		{Key: "property_company", Header: "物业服务企业"},
		{Key: "pilot", Header: "试点"},
		{Key: "active", Header: "有效"},
	}
}

// Chinese names of the values of the coded columns, as the template lists
// them; the English codes are accepted as well.
var (
	scaleNamesZH = map[string]string{
		"residential_district": "居住区", "neighborhood": "小区", "cluster": "组团",
	}
	housingTypeNamesZH = map[string]string{
		"public_rental": "公租房", "low_rent": "廉租房", "economical": "经济适用房",
		"price_limited": "限价商品房", "resettlement": "棚改安置房", "other": "其他",
	}
)

// ScaleNameZH returns the Chinese name of a scale code (the code itself
// when unknown).
func ScaleNameZH(code string) string { return nameOr(scaleNamesZH, code) }

// HousingTypeNameZH returns the Chinese name of a housing type code (the
// code itself when unknown).
func HousingTypeNameZH(code string) string { return nameOr(housingTypeNamesZH, code) }

func nameOr(m map[string]string, code string) string {
	if n, ok := m[code]; ok {
		return n
	}
	return code
}

// codeOf finds the code of v, given as the code or its Chinese name.
func codeOf(m map[string]string, v string) (string, bool) {
	if _, ok := m[strings.ToLower(v)]; ok {
		return strings.ToLower(v), true
	}
	for code, name := range m {
		if name == v {
			return code, true
		}
	}
	return "", false
}

// BoolNameZH returns 是 or 否.
func BoolNameZH(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// parseRegisterBool reads 是/否, true/false, yes/no, y/n, 1/0.
func parseRegisterBool(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "是", "true", "yes", "y", "1", "t":
		return true, true
	case "否", "false", "no", "n", "0", "f":
		return false, true
	}
	return false, false
}

// RegisterProblem is one thing wrong with an imported sheet: the row as
// the user sees it in the sheet (the header is row 1), the column's header
// as written in the file ("" for the file as a whole), and the reason as a
// catalogue key and its arguments.
type RegisterProblem struct {
	Row    int
	Column string
	Key    string
	Args   []any
}

// RegisterRow is one community of the sheet: its row and what it sets.
// Only the columns the file carries are set, so an import leaves the other
// fields of an existing community (its English name, …) as they are.
type RegisterRow struct {
	Row  int
	Save SaveCommunity
}

// RegisterSheet reads a register sheet one row at a time: Header first,
// then Add for each data row, so that a large file is never held as a
// matrix. It collects every problem, never stopping at the first.
type RegisterSheet struct {
	Rows     []RegisterRow
	Problems []RegisterProblem

	header  bool
	cols    []string          // key of each column index, "" when ignored
	written map[string]string // key → header as written
	seen    map[string]int    // code → first row
	full    bool
}

// ParseRegister reads a whole matrix (first row the header); for tests and
// small callers.
func ParseRegister(matrix [][]string) *RegisterSheet {
	s := &RegisterSheet{}
	for i, cells := range matrix {
		if i == 0 {
			s.Header(cells)
			continue
		}
		if !s.Add(i+1, cells) {
			break
		}
	}
	s.Finish()
	return s
}

func (s *RegisterSheet) problem(row int, col, key string, args ...any) {
	s.Problems = append(s.Problems, RegisterProblem{Row: row, Column: col, Key: key, Args: args})
}

// Column returns the header as written in the file of the column key, or
// the template's header when the file has no such column.
func (s *RegisterSheet) Column(key string) string {
	if w, ok := s.written[key]; ok {
		return w
	}
	for _, c := range RegisterColumns() {
		if c.Key == key {
			return c.Header
		}
	}
	return key
}

// normalizeHeader trims a header and the marks templates put on required
// columns.
func normalizeHeader(h string) string {
	h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
	h = strings.TrimRight(h, "*＊ ")
	return strings.TrimSpace(h)
}

// Header reads the header row (row 1): each cell an English key or a
// Chinese header. Unknown and repeated columns and missing required ones
// are problems; empty header cells are ignored.
func (s *RegisterSheet) Header(cells []string) {
	s.header = true
	s.written = map[string]string{}
	s.seen = map[string]int{}
	s.cols = make([]string, len(cells))
	byName := map[string]string{}
	for _, c := range RegisterColumns() {
		byName[c.Key] = c.Key
		byName[c.Header] = c.Key
	}
	for i, raw := range cells {
		h := normalizeHeader(raw)
		if h == "" {
			continue
		}
		key, ok := byName[h]
		if !ok {
			key, ok = byName[strings.ToLower(h)]
		}
		switch {
		case !ok:
			s.problem(1, h, "register.column_unknown", h)
		case s.written[key] != "":
			s.problem(1, h, "register.column_duplicate", h)
		default:
			s.cols[i] = key
			s.written[key] = h
		}
	}
	for _, c := range RegisterColumns() {
		if c.Required && s.written[c.Key] == "" {
			s.problem(1, c.Header, "register.column_missing", c.Header, c.Key)
		}
	}
}

// Add reads data row n (its number in the sheet). Blank rows are skipped.
// It returns false once the sheet has more rows than MaxRegisterRows, when
// reading should stop.
func (s *RegisterSheet) Add(n int, cells []string) bool {
	if !s.header {
		s.Header(cells)
		return true
	}
	blank := true
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			blank = false
			break
		}
	}
	if blank {
		return true
	}
	if len(s.Rows) >= MaxRegisterRows {
		s.full = true
		s.problem(n, "", "register.too_many_rows", MaxRegisterRows)
		return false
	}
	vals := map[string]string{}
	for i, key := range s.cols {
		if key != "" && i < len(cells) {
			vals[key] = strings.TrimSpace(cells[i])
		}
	}
	r := RegisterRow{Row: n}
	sv := &r.Save
	bad := func(key, msg string, args ...any) { s.problem(n, s.Column(key), msg, args...) }
	has := func(key string) bool { _, ok := s.written[key]; return ok }
	str := func(key string) *string {
		if !has(key) {
			return nil
		}
		v := vals[key]
		return &v
	}
	required := func(key string) bool {
		if has(key) && vals[key] == "" {
			bad(key, "register.required", s.Column(key))
			return false
		}
		return has(key)
	}

	if required("code") {
		code := strings.ToLower(vals["code"])
		sv.Code = code
		if !codeOK(code) {
			bad("code", "community.code_invalid")
		} else if first, dup := s.seen[code]; dup {
			bad("code", "register.code_duplicate", code, first)
		} else {
			s.seen[code] = n
		}
	}
	if required("name") {
		sv.Name = str("name")
		if utf8.RuneCountInString(*sv.Name) > 100 {
			bad("name", "community.name_invalid")
		}
	}
	if required("region_code") {
		sv.RegionCode = str("region_code")
		if !ValidRegionCode(*sv.RegionCode) {
			bad("region_code", "community.region_code_invalid", *sv.RegionCode)
		}
	}
	if sv.Address = str("address"); sv.Address != nil && utf8.RuneCountInString(*sv.Address) > MaxCommunityAddress {
		bad("address", "community.address_too_long", MaxCommunityAddress)
	}
	if required("scale") {
		if code, ok := codeOf(scaleNamesZH, vals["scale"]); ok {
			sv.Scale = &code
		} else {
			bad("scale", "register.scale_invalid", vals["scale"])
		}
	}
	if required("housing_type") {
		if code, ok := codeOf(housingTypeNamesZH, vals["housing_type"]); ok {
			sv.HousingType = &code
		} else {
			bad("housing_type", "register.housing_type_invalid", vals["housing_type"])
		}
	}
	if has("households") {
		v := strings.ReplaceAll(vals["households"], ",", "")
		h := 0
		if v != "" {
			var err error
			h, err = strconv.Atoi(strings.TrimSuffix(v, ".0"))
			if err != nil || h < 0 || h > MaxCommunityHouseholds || strings.HasPrefix(v, "+") {
				bad("households", "register.households_invalid", vals["households"], MaxCommunityHouseholds)
				h = 0
			}
		}
		sv.Households = &h
	}
	boolean := func(key string, blankFalse bool) *bool {
		if !has(key) {
			return nil
		}
		v := vals[key]
		if v == "" {
			if blankFalse {
				f := false
				return &f
			}
			return nil
		}
		b, ok := parseRegisterBool(v)
		if !ok {
			bad(key, "register.bool_invalid", v)
			return nil
		}
		return &b
	}
	sv.PropertyManaged = boolean("property_managed", true)
	if sv.PropertyCompany = str("property_company"); sv.PropertyCompany != nil && utf8.RuneCountInString(*sv.PropertyCompany) > MaxPropertyCompany {
		bad("property_company", "community.property_company_too_long", MaxPropertyCompany)
	}
	sv.Pilot = boolean("pilot", false)
	sv.Active = boolean("active", false)
	s.Rows = append(s.Rows, r)
	return true
}

// Finish reports a sheet without a header or rows; call it after the last
// Add.
func (s *RegisterSheet) Finish() {
	switch {
	case !s.header:
		s.problem(1, "", "register.empty")
	case len(s.Rows) == 0 && len(s.Problems) == 0:
		s.problem(2, "", "register.no_rows")
	}
}

// Full reports whether reading stopped at MaxRegisterRows.
func (s *RegisterSheet) Full() bool { return s.full }

// RegisterCells returns a community's row in template order (the export),
// so an exported sheet imports unchanged.
func RegisterCells(c Community) []string {
	return []string{c.Code, c.Name, c.RegionCode, c.Address, ScaleNameZH(c.Scale),
		HousingTypeNameZH(c.HousingType), strconv.Itoa(c.Households), BoolNameZH(c.PropertyManaged),
		c.PropertyCompany, BoolNameZH(c.Pilot), BoolNameZH(c.Active)}
}

// registerColumnOf names the column a validation key of SaveCommunity
// concerns, for the problems the service finds after the sheet's own.
func registerColumnOf(key string) string {
	switch key {
	case "community.code_invalid":
		return "code"
	case "community.name_invalid":
		return "name"
	case "community.region_code_invalid":
		return "region_code"
	case "community.address_too_long":
		return "address"
	case "community.scale_invalid":
		return "scale"
	case "community.housing_type_invalid":
		return "housing_type"
	case "community.households_invalid":
		return "households"
	case "community.property_company_too_long":
		return "property_company"
	}
	return "region_code"
}
