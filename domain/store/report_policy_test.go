package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// TestReportPolicyVersions: the migration's version 1 is the domain's
// default; a new version is added only over the latest, and never changes
// an older one.
func TestReportPolicyVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		v1, err := db.ReportPolicy(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := domain.DefaultReportPolicy()
		want.CreatedAt, want.CreatedBy = v1.CreatedAt, 0
		if !reflect.DeepEqual(v1, want) {
			t.Errorf("version 1: got %+v, want the default %+v", v1, want)
		}
		p := domain.DefaultReportPolicy()
		p.OverdueDay = domain.DeductionRule{Per: 10, Cap: 200}
		p.Note, p.CreatedAt = "每日 1 分", time.Date(2026, 12, 6, 1, 0, 0, 0, time.UTC)
		err = db.InTx(ctx, func(tx domain.Tx) error { return tx.AddReportPolicy(ctx, &p, 1) })
		if err != nil || p.Version != 2 {
			t.Fatalf("add: version %d, %v", p.Version, err)
		}
		stale := p
		err = db.InTx(ctx, func(tx domain.Tx) error { return tx.AddReportPolicy(ctx, &stale, 1) })
		if domain.ErrorKey(err) != "report.policy_changed" {
			t.Errorf("a second save over version 1: got %v, want report.policy_changed", err)
		}
		latest, err := db.ReportPolicy(ctx, 0)
		if err != nil || latest.Version != 2 || latest.OverdueDay.Per != 10 || latest.Note != "每日 1 分" {
			t.Errorf("latest: %+v, %v", latest, err)
		}
		if old, err := db.ReportPolicy(ctx, 1); err != nil || !reflect.DeepEqual(old, v1) {
			t.Errorf("version 1 after the edit: %+v, %v", old, err)
		}
		if _, err := db.ReportPolicy(ctx, 9); domain.ErrorKey(err) != "report.policy_not_found" {
			t.Errorf("version 9: %v", err)
		}
		if all, err := db.ReportPolicies(ctx); err != nil || len(all) != 2 || all[0].Version != 2 {
			t.Errorf("versions: %+v, %v", all, err)
		}
	})
}
