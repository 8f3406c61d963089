package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/xuri/excelize/v2"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// benchRegisterRun makes each run's codes new, however often the binary
// runs the benchmark on one database.
var benchRegisterRun atomic.Int64

// benchRegisterRows is a register of n communities over the province's
// counties, in the template's Chinese columns: codes prefixed with
// prefix, households plus bump.
func benchRegisterRows(b testing.TB, n int, prefix string, bump int) [][]string {
	b.Helper()
	counties, err := domain.Regions(domain.RegionFilter{Level: domain.RegionCounty})
	if err != nil {
		b.Fatal(err)
	}
	rows := [][]string{{"小区编码", "小区名称", "区划代码", "地址", "规模", "住房类型", "户数", "社会化物业管理", "物业服务企业"}}
	types := []string{"公租房", "廉租房", "经济适用房", "限价商品房", "棚改安置房", "其他"}
	scales := []string{"居住区", "小区", "组团"}
	for i := range n {
		rows = append(rows, []string{fmt.Sprintf("%s-%05d", prefix, i), fmt.Sprintf("保障房小区%d号", i),
			counties[i%len(counties)].Code, fmt.Sprintf("幸福路 %d 号", i), scales[i%3], types[i%6],
			fmt.Sprint(100 + i%900 + bump), domain.BoolNameZH(i%2 == 0), "某物业服务有限公司"})
	}
	return rows
}

// benchRegisterXLSX writes rows as the template's sheet of an .xlsx file.
func benchRegisterXLSX(b testing.TB, rows [][]string) []byte {
	b.Helper()
	x := excelize.NewFile()
	defer func() { _ = x.Close() }()
	if err := x.SetSheetName("Sheet1", "小区台账"); err != nil {
		b.Fatal(err)
	}
	sw, err := x.NewStreamWriter("小区台账")
	if err != nil {
		b.Fatal(err)
	}
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, v := range r {
			cells[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, cells); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkRegisterImportHTTP imports a 5,000-row .xlsx register through
// POST /api/v1/communities/import on PostgreSQL, over real HTTP, into a
// register that already holds 10,000 communities: the file's upload and
// reading, the checks, and the one transaction of upserts and audit rows.
// "check" is the dry run, "create" 5,000 new codes each time, "update" a
// change of every row of 5,000 that exist. It skips without
// XIETONG_TEST_DATABASE_URL; see BENCHMARKS.md, "Register import".
func BenchmarkRegisterImportHTTP(b *testing.B) {
	db := storetest.Postgres(b)
	e := newEnv(b, db, func(d *Deps) {
		d.UploadLimit = 64 << 20
		d.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	})
	ctx := context.Background()
	admin := domain.Actor{Username: "bench", Role: domain.RoleAdmin, Channel: domain.ChannelAPI}
	base := benchRegisterRows(b, 10000, fmt.Sprintf("base%d", benchRegisterRun.Add(1)), 0)
	if res, err := e.srv.deps.Catalog.ImportCommunities(ctx, admin, domain.ParseRegister(base), false); err != nil ||
		res.Created != 10000 {
		b.Fatalf("the register of 10,000: %+v %v", res, err)
	}
	if _, err := db.DB.ExecContext(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	const n = 5000
	post := func(b *testing.B, dry bool, data []byte, want func(registerImportJSON) bool) {
		r, res := e.importRegister(b, e.admin, dry, "台账.xlsx", data)
		if r.status != http.StatusOK || len(res.Errors) > 0 || !want(res) {
			b.Fatalf("import: %d %+v", r.status, res)
		}
	}
	b.Run("check", func(b *testing.B) {
		data := benchRegisterXLSX(b, benchRegisterRows(b, n, fmt.Sprintf("k%d", benchRegisterRun.Add(1)), 0))
		b.SetBytes(int64(len(data)))
		b.ResetTimer()
		for range b.N {
			post(b, true, data, func(r registerImportJSON) bool { return r.Created == n })
		}
	})
	b.Run("create", func(b *testing.B) {
		for range b.N {
			b.StopTimer()
			data := benchRegisterXLSX(b, benchRegisterRows(b, n, fmt.Sprintf("c%d", benchRegisterRun.Add(1)), 0))
			b.StartTimer()
			post(b, false, data, func(r registerImportJSON) bool { return r.Created == n })
		}
	})
	b.Run("update", func(b *testing.B) {
		prefix := fmt.Sprintf("u%d", benchRegisterRun.Add(1))
		post(b, false, benchRegisterXLSX(b, benchRegisterRows(b, n, prefix, 0)), func(r registerImportJSON) bool { return r.Created == n })
		b.ResetTimer()
		for i := 1; i <= b.N; i++ {
			b.StopTimer()
			data := benchRegisterXLSX(b, benchRegisterRows(b, n, prefix, i))
			b.StartTimer()
			post(b, false, data, func(r registerImportJSON) bool { return r.Updated == n })
		}
	})
}
