package domain_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

func TestParseOrgAddresses(t *testing.T) {
	gb, err := simplifiedchinese.GB18030.NewEncoder().String("组织编码,负责人,负责人邮箱\nxian-health,王主任,wang@example.cn\n")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file, data string
		key              string
		want             []domain.OrgAddressRow
	}{
		{"english csv", "a.csv", "code,name,contact_email,head_name,head_email\nxian-health,卫健委, a@x.cn ,,\n\n,,,,\nxian-finance,,,李四,\n", "",
			[]domain.OrgAddressRow{{Row: 2, Code: "xian-health", ContactEmail: "a@x.cn"}, {Row: 5, Code: "xian-finance", HeadName: "李四"}}},
		{"chinese csv with BOM", "b.CSV", "\ufeff组织编码,联系邮箱\r\nxian-health,b@x.cn\r\n", "",
			[]domain.OrgAddressRow{{Row: 2, Code: "xian-health", ContactEmail: "b@x.cn"}}},
		{"GB18030 csv", "c.csv", gb, "",
			[]domain.OrgAddressRow{{Row: 2, Code: "xian-health", HeadName: "王主任", HeadEmail: "wang@example.cn"}}},
		{"short rows", "d.csv", "code,head_email\nxian-health\n", "",
			[]domain.OrgAddressRow{{Row: 2, Code: "xian-health"}}},
		{"no code column", "e.csv", "name,contact_email\nx,a@x.cn\n", "org_import.no_code_column", nil},
		{"no address column", "f.csv", "code,name\nx,y\n", "org_import.no_address_column", nil},
		{"column twice", "g.csv", "code,联系邮箱,contact_email\n", "org_import.column_twice", nil},
		{"header only", "h.csv", "code,contact_email\n", "org_import.empty", nil},
		{"empty", "i.csv", "", "org_import.empty", nil},
		{"other format", "j.xls", "whatever", "org_import.format", nil},
		{"not an xlsx", "k.xlsx", "code,contact_email\n", "org_import.unreadable", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := domain.ParseOrgAddresses(tt.file, []byte(tt.data))
			if domain.ErrorKey(err) != tt.key {
				t.Fatalf("got error %v, want %q", err, tt.key)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseOrgAddressesXLSX(t *testing.T) {
	b, err := domain.OrgAddressTemplate([]domain.Organization{{Code: "xian-health", Name: "西安市卫生健康委员会",
		HeadEmail: "h@x.cn"}}, map[string]string{"code": "组织编码", "name": "名称", "contact_email": "联系邮箱",
		"head_name": "负责人", "head_email": "负责人邮箱"}, "组织机构地址", storetest.Now)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue("组织机构地址", "C2", "c@x.cn"); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	got, err := domain.ParseOrgAddresses("sheet.xlsx", buf.Bytes())
	want := []domain.OrgAddressRow{{Row: 2, Code: "xian-health", ContactEmail: "c@x.cn", HeadEmail: "h@x.cn"}}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("got %+v (%v), want %+v", got, err, want)
	}
}

func TestImportOrgAddresses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		db.SetClock(func() time.Time { return storetest.Now })
		cat := &domain.CatalogService{Store: db.Store, Now: func() time.Time { return storetest.Now }}
		users := newUsers(db, &clock{storetest.Now})
		admin := domain.ActorOf(mustUser(t, users, domain.CreateUser{Username: "boss", Role: domain.RoleAdmin}), domain.ChannelWeb, "")
		lead := domain.ActorOf(mustUser(t, users, domain.CreateUser{Username: "lead1", Role: domain.RoleLead}), domain.ChannelWeb, "")
		good := []domain.OrgAddressRow{
			{Row: 2, Code: "xian-health", ContactEmail: "Office@Health.example.cn", HeadName: "王主任", HeadEmail: "wang@health.example.cn"},
			{Row: 3, Code: "XIAN-FINANCE", HeadName: "李处长"},
		}
		bad := append(slices.Clone(good),
			domain.OrgAddressRow{Row: 4, Code: "nowhere"},
			domain.OrgAddressRow{Row: 5, Code: "xian-health"},
			domain.OrgAddressRow{Row: 6, Code: ""},
			domain.OrgAddressRow{Row: 7, Code: "xian-civil_affairs", ContactEmail: "not an address", HeadName: strings.Repeat("长", 51)},
		)
		if _, err := cat.ImportOrgAddresses(ctx, lead, good, true); err == nil {
			t.Fatal("a lead imported")
		}
		res, err := cat.ImportOrgAddresses(ctx, admin, bad, false)
		if err != nil {
			t.Fatal(err)
		}
		type p struct {
			row      int
			col, key string
		}
		var got []p
		for _, x := range res.Problems {
			got = append(got, p{x.Row, x.Column, x.Key})
		}
		want := []p{{4, "code", "org_import.code_unknown"}, {5, "code", "org_import.code_repeated"},
			{6, "code", "org_import.code_required"}, {7, "contact_email", "org_import.email_invalid"},
			{7, "head_name", "org_import.head_name_too_long"}}
		if !slices.Equal(got, want) || res.Rows != 6 {
			t.Errorf("problems: got %v of %d rows, want %v of 6", got, res.Rows, want)
		}
		health, _ := db.OrganizationByCode(ctx, "xian-health")
		if health.ContactEmail != "" {
			t.Fatal("an import with problems wrote")
		}
		res, err = cat.ImportOrgAddresses(ctx, admin, good, true)
		if err != nil || res.Updated != 2 || len(res.Problems) != 0 {
			t.Fatalf("dry run: %+v (%v)", res, err)
		}
		if health, _ = db.OrganizationByCode(ctx, "xian-health"); health.ContactEmail != "" {
			t.Fatal("the dry run wrote")
		}
		if res, err = cat.ImportOrgAddresses(ctx, admin, good, false); err != nil || res.Updated != 2 {
			t.Fatalf("import: %+v (%v)", res, err)
		}
		health, _ = db.OrganizationByCode(ctx, "xian-health")
		finance, _ := db.OrganizationByCode(ctx, "xian-finance")
		if health.ContactEmail != "office@health.example.cn" || health.HeadName != "王主任" ||
			health.HeadEmail != "wang@health.example.cn" || finance.HeadName != "李处长" || finance.ContactEmail != "" {
			t.Errorf("after the import: %+v, %+v", health, finance)
		}
		if res, err = cat.ImportOrgAddresses(ctx, admin, good, false); err != nil || res.Updated != 0 {
			t.Errorf("the same sheet again: %+v (%v), want nothing updated", res, err)
		}
		trail, err := db.Audit(ctx, domain.AuditFilter{Action: "org.update"}, domain.Page{Limit: 10})
		if err != nil || len(trail) != 2 || trail[0].Detail != "import" {
			t.Errorf("audit: %+v (%v)", trail, err)
		}
	})
}
