package domain_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// registerMatrix is a register of n communities across the province's
// counties, codes prefixed with prefix, households plus bump.
func registerMatrix(n int, prefix string, bump int) [][]string {
	var counties []string
	for _, d := range mustRegions(domain.RegionCounty) {
		counties = append(counties, d.Code)
	}
	m := [][]string{{"小区编码", "小区名称", "区划代码", "地址", "规模", "住房类型", "户数", "社会化物业管理", "物业服务企业"}}
	types := []string{"公租房", "廉租房", "经济适用房", "限价商品房", "棚改安置房", "其他"}
	scales := []string{"居住区", "小区", "组团"}
	for i := range n {
		m = append(m, []string{fmt.Sprintf("%s-%05d", prefix, i), fmt.Sprintf("保障房小区%d号", i),
			counties[i%len(counties)], fmt.Sprintf("幸福路 %d 号", i), scales[i%3], types[i%6],
			fmt.Sprint(100 + i%900 + bump), domain.BoolNameZH(i%2 == 0), "某物业服务有限公司"})
	}
	return m
}

// benchRun makes the codes of each run of the benchmark new, however
// often the test binary runs it on one database.
var benchRun atomic.Int64

func mustRegions(level string) []domain.Region {
	r, err := domain.Regions(domain.RegionFilter{Level: level})
	if err != nil {
		panic(err)
	}
	return r
}

// BenchmarkRegisterImport imports a 5,000-row register into PostgreSQL
// through the service (parse, check against the existing register, one
// transaction of batched upserts and audit rows): "create" with new codes
// each time, "update" changing every row of a register that exists. It
// skips without XIETONG_TEST_DATABASE_URL.
func BenchmarkRegisterImport(b *testing.B) {
	db := storetest.Postgres(b)
	cat := &domain.CatalogService{Store: db.Store, Now: (&clock{storetest.Now}).Now}
	ctx := context.Background()
	admin := domain.Actor{UserID: 0, Username: "bench", Role: domain.RoleAdmin, Channel: domain.ChannelAPI}
	const n = 5000
	run := func(b *testing.B, m [][]string, want func(domain.RegisterImport) bool) {
		sheet := domain.ParseRegister(m)
		res, err := cat.ImportCommunities(ctx, admin, sheet, false)
		if err != nil || len(res.Problems) > 0 || !want(res) {
			b.Fatalf("import: %+v, %v", res, err)
		}
	}
	b.Run("create", func(b *testing.B) {
		for b.Loop() {
			run(b, registerMatrix(n, fmt.Sprintf("c%d", benchRun.Add(1)), 0), func(r domain.RegisterImport) bool { return r.Created == n })
		}
	})
	b.Run("update", func(b *testing.B) {
		prefix := fmt.Sprintf("u%d", benchRun.Add(1))
		run(b, registerMatrix(n, prefix, 0), func(r domain.RegisterImport) bool { return r.Created == n })
		i := 0
		for b.Loop() {
			i++
			run(b, registerMatrix(n, prefix, i), func(r domain.RegisterImport) bool { return r.Updated == n })
		}
	})
}
