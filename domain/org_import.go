package domain

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// The organisations' addresses come in bulk from a spreadsheet (.xlsx, or
// .csv in UTF-8 or GB18030) whose first row names the columns, in Chinese
// or English: code (组织编码), contact_email (联系邮箱), head_name (负责人)
// and head_email (负责人邮箱). Other columns (the template's name, for
// reference) are ignored. An empty cell leaves the field as it is, so a
// sheet may fill in only what it knows; an address is not cleared from a
// sheet (the edit form does that).

// The columns of an address sheet, as their codes.
const (
	OrgColCode         = "code"
	OrgColName         = "name"
	OrgColContactEmail = "contact_email"
	OrgColHeadName     = "head_name"
	OrgColHeadEmail    = "head_email"
)

// MaxOrgImportRows bounds an address sheet.
const MaxOrgImportRows = 5000

// orgColumnNames maps the header texts a sheet may use to column codes.
var orgColumnNames = map[string]string{
	"code": OrgColCode, "组织编码": OrgColCode, "单位编码": OrgColCode, "编码": OrgColCode,
	"contact_email": OrgColContactEmail, "联系邮箱": OrgColContactEmail, "contact email": OrgColContactEmail,
	"head_name": OrgColHeadName, "负责人": OrgColHeadName, "head name": OrgColHeadName,
	"head_email": OrgColHeadEmail, "负责人邮箱": OrgColHeadEmail, "head email": OrgColHeadEmail,
}

// OrgAddressRow is one data row of an address sheet. Row is its number in
// the sheet (the header is row 1); an empty field was an empty cell.
type OrgAddressRow struct {
	Row                                     int
	Code, ContactEmail, HeadName, HeadEmail string
}

// ImportProblem is what is wrong with one cell (or row) of a sheet: a
// catalogue key and its arguments, for the reader's language.
type ImportProblem struct {
	Row    int
	Column string // a column code; "" for the whole row
	Key    string
	Args   []any
}

// OrgImportResult is what an import did, or in a dry run would do: the
// data rows read, the organisations whose addresses change, and every
// problem. With any problem nothing is written.
type OrgImportResult struct {
	Rows     int
	Updated  int
	Problems []ImportProblem
}

// ParseOrgAddresses reads an address sheet named name (its extension
// decides the format). A file that is not a sheet of this kind is an
// ErrInvalid error; problems of single rows are left to the import.
func ParseOrgAddresses(name string, data []byte) ([]OrgAddressRow, error) {
	var rows [][]string
	switch strings.ToLower(path.Ext(name)) {
	case ".xlsx":
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			return nil, Invalid("org_import.unreadable")
		}
		defer func() { _ = f.Close() }()
		sheets := f.GetSheetList()
		if len(sheets) == 0 {
			return nil, Invalid("org_import.empty")
		}
		if rows, err = f.GetRows(sheets[0]); err != nil {
			return nil, Invalid("org_import.unreadable")
		}
	case ".csv":
		text, err := csvText(data)
		if err != nil {
			return nil, err
		}
		r := csv.NewReader(strings.NewReader(text))
		r.FieldsPerRecord = -1
		r.LazyQuotes = true
		for {
			rec, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return nil, Invalid("org_import.unreadable")
			}
			// The reader skips empty lines: pad them back, so that row
			// numbers are the lines a spreadsheet shows.
			line, _ := r.FieldPos(0)
			for len(rows) < line-1 {
				rows = append(rows, nil)
			}
			rows = append(rows, rec)
		}
	default:
		return nil, Invalid("org_import.format")
	}
	return orgRowsOf(rows)
}

// csvText decodes a CSV file: UTF-8 (a byte-order mark is dropped), or
// else GB18030, which Excel writes for Chinese on Windows.
func csvText(data []byte) (string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if utf8.Valid(data) {
		return string(data), nil
	}
	b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || !utf8.Valid(b) {
		return "", Invalid("org_import.unreadable")
	}
	return string(b), nil
}

// orgRowsOf turns a sheet's cells into rows: the first non-empty row is
// the header, blank rows are skipped.
func orgRowsOf(cells [][]string) ([]OrgAddressRow, error) {
	head := -1
	for i, r := range cells {
		if !blank(r) {
			head = i
			break
		}
	}
	if head < 0 {
		return nil, Invalid("org_import.empty")
	}
	col := map[string]int{}
	for j, h := range cells[head] {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if c, ok := orgColumnNames[h]; ok {
			if _, dup := col[c]; dup {
				return nil, Invalid("org_import.column_twice", h)
			}
			col[c] = j
		}
	}
	if _, ok := col[OrgColCode]; !ok {
		return nil, Invalid("org_import.no_code_column")
	}
	if len(col) == 1 {
		return nil, Invalid("org_import.no_address_column")
	}
	cell := func(r []string, c string) string {
		j, ok := col[c]
		if !ok || j >= len(r) {
			return ""
		}
		return strings.TrimSpace(r[j])
	}
	var out []OrgAddressRow
	for i := head + 1; i < len(cells); i++ {
		r := cells[i]
		if blank(r) {
			continue
		}
		if len(out) == MaxOrgImportRows {
			return nil, Invalid("org_import.too_many_rows", MaxOrgImportRows)
		}
		out = append(out, OrgAddressRow{Row: i + 1, Code: cell(r, OrgColCode),
			ContactEmail: cell(r, OrgColContactEmail), HeadName: cell(r, OrgColHeadName),
			HeadEmail: cell(r, OrgColHeadEmail)})
	}
	if len(out) == 0 {
		return nil, Invalid("org_import.empty")
	}
	return out, nil
}

func blank(r []string) bool {
	for _, c := range r {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// ImportOrgAddresses sets the contact and head addresses of the
// organisations the rows name (admin). Every row is checked first: an
// unknown or repeated code, an invalid address or a head's name too long
// is a problem of its row and column. With any problem, or in a dry run,
// nothing is written; otherwise every change is written in one
// transaction, each audited as "org.update" ("import"). Updated counts the
// organisations whose addresses change, so importing the same sheet again
// updates none.
func (s *CatalogService) ImportOrgAddresses(ctx context.Context, a Actor, rows []OrgAddressRow, dryRun bool) (OrgImportResult, error) {
	if err := Require(a, PermEditCatalog); err != nil {
		return OrgImportResult{}, err
	}
	res := OrgImportResult{Rows: len(rows)}
	err := s.Store.InTx(ctx, func(tx Tx) error {
		now := tx.Now()
		res.Updated, res.Problems = 0, nil
		seen := map[string]int{}
		var changed []Organization
		for _, r := range rows {
			o, ok, err := s.importRow(ctx, tx, r, seen, &res)
			if err != nil {
				return err
			}
			if ok {
				changed = append(changed, o)
			}
		}
		res.Updated = len(changed)
		if dryRun || len(res.Problems) > 0 {
			return nil
		}
		for _, o := range changed {
			o.UpdatedAt = now
			if err := tx.UpdateOrganization(ctx, &o); err != nil {
				return err
			}
			e := auditOf(a, now, "org.update", "org:"+strconv.FormatInt(o.ID, 10), "import")
			if err := tx.AddAudit(ctx, &e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return OrgImportResult{}, err
	}
	return res, nil
}

// importRow checks one row and returns its organisation with the row's
// addresses applied, and whether they change it.
func (s *CatalogService) importRow(ctx context.Context, tx Tx, r OrgAddressRow, seen map[string]int, res *OrgImportResult) (Organization, bool, error) {
	bad := func(col, key string, args ...any) {
		res.Problems = append(res.Problems, ImportProblem{Row: r.Row, Column: col, Key: key, Args: args})
	}
	code := strings.ToLower(r.Code)
	if code == "" {
		bad(OrgColCode, "org_import.code_required")
		return Organization{}, false, nil
	}
	if first, dup := seen[code]; dup {
		bad(OrgColCode, "org_import.code_repeated", first)
		return Organization{}, false, nil
	}
	seen[code] = r.Row
	var o Organization
	var err error
	if !codeOK(code) {
		err = ErrNotFound
	} else {
		o, err = tx.OrganizationByCode(ctx, code)
	}
	if errors.Is(err, ErrNotFound) {
		bad(OrgColCode, "org_import.code_unknown", r.Code)
		return Organization{}, false, nil
	} else if err != nil {
		return Organization{}, false, err
	}
	before, ok := o, true
	for _, f := range []struct {
		col, v string
		dst    *string
	}{{OrgColContactEmail, r.ContactEmail, &o.ContactEmail}, {OrgColHeadEmail, r.HeadEmail, &o.HeadEmail}} {
		if f.v == "" {
			continue
		}
		n, err := NormalizeEmail(f.v)
		if err != nil || strings.ContainsAny(f.v, ",;") {
			bad(f.col, "org_import.email_invalid", f.v)
			ok = false
			continue
		}
		*f.dst = n
	}
	if r.HeadName != "" {
		if utf8.RuneCountInString(r.HeadName) > 50 {
			bad(OrgColHeadName, "org_import.head_name_too_long", 50)
			ok = false
		}
		o.HeadName = r.HeadName
	}
	return o, ok && o != before, nil
}

// OrgAddressTemplate writes the address sheet to fill in: one row per
// organisation with its code, its name (for reference) and its current
// addresses, under the headers given by column code (the reader's
// language). now dates the file.
func OrgAddressTemplate(orgs []Organization, headers map[string]string, sheet string, now time.Time) ([]byte, error) {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	cols := []string{OrgColCode, OrgColName, OrgColContactEmail, OrgColHeadName, OrgColHeadEmail}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = headers[c]
	}
	if err := f.SetSheetRow(sheet, "A1", &head); err != nil {
		return nil, err
	}
	for i, o := range orgs {
		row := []any{o.Code, o.Name, o.ContactEmail, o.HeadName, o.HeadEmail}
		if err := f.SetSheetRow(sheet, "A"+strconv.Itoa(i+2), &row); err != nil {
			return nil, err
		}
	}
	for col, w := range map[string]float64{"A": 28, "B": 36, "C": 30, "D": 14, "E": 30} {
		if err := f.SetColWidth(sheet, col, col, w); err != nil {
			return nil, err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	stamp := now.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{Created: stamp, Modified: stamp, Creator: "xietong"}); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
