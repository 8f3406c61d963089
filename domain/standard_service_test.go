package domain_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// standardActors makes the roles the standards rules tell apart.
func standardActors(t *testing.T, db *storetest.DB) map[string]domain.Actor {
	t.Helper()
	users := newUsers(db, &clock{t: storetest.Now})
	mk := func(name string, role domain.Role, org, community string) domain.Actor {
		return domain.ActorOf(mustUser(t, users, domain.CreateUser{Username: name, Role: role, OrgCode: org,
			CommunityCode: community}), domain.ChannelAPI, "")
	}
	cs, err := db.Communities(context.Background(), domain.CommunityFilter{}, domain.Page{Limit: 1})
	if err != nil || len(cs) == 0 {
		t.Fatalf("communities: %v", err)
	}
	return map[string]domain.Actor{
		"admin":         mk("std-admin", domain.RoleAdmin, "", ""),
		"province lead": mk("std-plead", domain.RoleLead, "", ""),
		"department":    mk("std-dept", domain.RoleDepartment, "xian-housing", ""),
		"leadership":    mk("std-boss", domain.RoleLeadership, "", ""),
		"community":     mk("std-comm", domain.RoleCommunity, "", cs[0].Code),
	}
}

func standardInput(s domain.Standard) domain.StandardInput {
	return domain.StandardInput{Name: s.Name, Level: s.Level, RegionCode: s.RegionCode, PassScore: s.PassScore,
		Indicators: s.Indicators}
}

func TestStandardLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		actors := standardActors(t, db)
		svc := &domain.StandardService{Store: db.Store, Now: func() time.Time { return storetest.Now }}
		lead := actors["province lead"]

		draft, err := svc.Create(ctx, lead, domain.StandardInput{Name: "西安市标准", Level: domain.LevelCity,
			RegionCode: "610100", PassScore: 40})
		if err != nil {
			t.Fatal(err)
		}
		if draft.Version != 1 || draft.Status != domain.StandardDraft {
			t.Fatalf("created: version %d, status %s", draft.Version, draft.Status)
		}
		if _, err := svc.Publish(ctx, lead, draft.ID); domain.ErrorKey(err) != "standard.no_indicators" {
			t.Fatalf("publish without indicators: got %v", err)
		}
		in := standardInput(validStandard())
		in.Name, in.Level, in.RegionCode = "西安市标准", domain.LevelCity, "610100"
		in.Indicators[0].Guidance = "1. 有组织；2. 有制度。"
		in.Indicators[0].Methods = []string{"documents", "resident_survey"}
		in.Indicators[0].Evidence, in.Indicators[5].Veto = true, true
		upd, err := svc.Update(ctx, lead, draft.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := svc.Standard(ctx, lead, draft.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Indicators) != 6 || got.Indicators[0].Points["cluster"] != nil ||
			*got.Indicators[1].Points["cluster"] != 10 || got.Indicators[0].Guidance != "1. 有组织；2. 有制度。" ||
			len(got.Indicators[0].Methods) != 2 || !got.Indicators[0].Evidence || !got.Indicators[5].Veto ||
			got.PassScore != upd.PassScore {
			t.Fatalf("stored: %+v", got)
		}
		pub, err := svc.Publish(ctx, lead, draft.ID)
		if err != nil || pub.Status != domain.StandardPublished {
			t.Fatalf("publish: %v, %s", err, pub.Status)
		}
		if _, err := svc.Update(ctx, lead, draft.ID, in); !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("edit published: got %v, want ErrConflict", err)
		}
		cp, err := svc.Copy(ctx, lead, draft.ID)
		if err != nil || cp.Version != 2 || cp.Status != domain.StandardDraft || len(cp.Indicators) != 6 ||
			cp.ID == draft.ID {
			t.Fatalf("copy: %v, %+v", err, cp)
		}
		if _, err := svc.Retire(ctx, lead, cp.ID); !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("retire a draft: got %v, want ErrConflict", err)
		}
		if r, err := svc.Retire(ctx, lead, draft.ID); err != nil || r.Status != domain.StandardRetired {
			t.Fatalf("retire: %v, %s", err, r.Status)
		}
		cp2, err := svc.Copy(ctx, lead, draft.ID)
		if err != nil || cp2.Version != 3 {
			t.Fatalf("second copy of version 1: %v, version %d, want 3", err, cp2.Version)
		}
		if _, err := svc.Create(ctx, lead, in); domain.ErrorKey(err) != "standard.version_taken" ||
			!errors.Is(err, domain.ErrConflict) {
			t.Fatalf("create the same name again: got %v", err)
		}
		audit, err := db.Audit(ctx, domain.AuditFilter{Target: "standard:" + itoa(draft.ID)}, domain.Page{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range audit {
			actions = append(actions, e.Action)
		}
		want := []string{"standard.retire", "standard.publish", "standard.edit", "standard.create"}
		if !slices.Equal(actions, want) {
			t.Errorf("audit: got %v, want %v", actions, want)
		}
	})
}

func TestStandardAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		actors := standardActors(t, db)
		svc := &domain.StandardService{Store: db.Store, Now: func() time.Time { return storetest.Now }}
		draft, err := svc.Create(ctx, actors["admin"], standardInput(validStandard()))
		if err != nil {
			t.Fatal(err)
		}
		all, err := svc.Standards(ctx, actors["admin"], domain.StandardFilter{}, domain.Page{Limit: 50})
		if err != nil || len(all.Items) != 2 {
			t.Fatalf("admin's list: %d (%v), want the example and the draft", len(all.Items), err)
		}
		example := all.Items[0]
		if example.Name != domain.ExampleStandardName || example.Status != domain.StandardPublished {
			t.Fatalf("first standard: %s %s, want the published example", example.Name, example.Status)
		}
		tests := []struct {
			actor string
			edit  bool
		}{
			{"admin", true},
			{"province lead", true},
			{"department", false},
			{"leadership", false},
			{"community", false},
		}
		for _, tc := range tests {
			t.Run(tc.actor, func(t *testing.T) {
				a := actors[tc.actor]
				_, err := svc.Create(ctx, a, domain.StandardInput{Name: "标准 " + tc.actor, Level: domain.LevelProvince})
				if tc.edit && err != nil || !tc.edit && !errors.Is(err, domain.ErrForbidden) {
					t.Errorf("create: got %v, want allowed %v", err, tc.edit)
				}
				if _, err := svc.Copy(ctx, a, example.ID); !tc.edit && !errors.Is(err, domain.ErrForbidden) {
					t.Errorf("copy: got %v, want ErrForbidden", err)
				}
				if _, err := svc.Standard(ctx, a, example.ID); err != nil {
					t.Errorf("read the published example: %v", err)
				}
				_, err = svc.Standard(ctx, a, draft.ID)
				if tc.edit && err != nil || !tc.edit && !errors.Is(err, domain.ErrNotFound) {
					t.Errorf("read a draft: got %v, want visible %v", err, tc.edit)
				}
				l, err := svc.Standards(ctx, a, domain.StandardFilter{}, domain.Page{Limit: 50})
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range l.Items {
					if !tc.edit && s.Status == domain.StandardDraft {
						t.Errorf("list shows draft %d", s.ID)
					}
				}
			})
		}
		if _, err := svc.Standards(ctx, domain.Actor{}, domain.StandardFilter{}, domain.Page{Limit: 5}); !errors.Is(err,
			domain.ErrUnauthenticated) {
			t.Errorf("anonymous list: got %v", err)
		}
		page, err := svc.Standards(ctx, actors["admin"], domain.StandardFilter{}, domain.Page{Limit: 1})
		if err != nil || len(page.Items) != 1 || page.Next == nil {
			t.Fatalf("first page: %v, %+v", err, page)
		}
		next, err := svc.Standards(ctx, actors["admin"], domain.StandardFilter{}, domain.Page{Limit: 1, After: *page.Next})
		if err != nil || len(next.Items) != 1 || next.Items[0].ID == page.Items[0].ID {
			t.Fatalf("second page: %v, %+v", err, next)
		}
		pub, err := svc.Standards(ctx, actors["admin"], domain.StandardFilter{Status: domain.StandardPublished},
			domain.Page{Limit: 50})
		if err != nil || len(pub.Items) != 1 {
			t.Errorf("published filter: %d (%v), want 1", len(pub.Items), err)
		}
		if _, err := svc.Standards(ctx, actors["admin"], domain.StandardFilter{Level: "county"}, domain.Page{Limit: 5}); !errors.Is(err,
			domain.ErrInvalid) {
			t.Errorf("bad level filter: got %v", err)
		}
	})
}

// The example is seeded once, published, and comes back as it was shipped.
func TestExampleStandardSeeded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		l, err := db.Standards(ctx, domain.StandardFilter{}, domain.Page{Limit: 50})
		if err != nil || len(l) != 1 {
			t.Fatalf("standards after seeding: %d (%v), want 1", len(l), err)
		}
		want := domain.ExampleStandard(storetest.Now)
		got := l[0]
		if got.Name != want.Name || got.Status != domain.StandardPublished || got.Level != domain.LevelProvince ||
			len(got.Indicators) != len(want.Indicators) || got.PassScore != want.PassScore {
			t.Fatalf("seeded: %+v", got)
		}
		for _, sc := range domain.Scales() {
			if got.MaxScore(sc) != want.MaxScore(sc) {
				t.Errorf("%s: maximum %d, want %d", sc, got.MaxScore(sc), want.MaxScore(sc))
			}
		}
		r, err := domain.SeedReference(ctx, db.Store, storetest.Now)
		if err != nil || r.Standards != 0 {
			t.Errorf("re-seed: %+v (%v), want no standard", r, err)
		}
	})
}

// Text a person typed into an indicator passes the store's control-character check.
func TestStandardControlCharacters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		svc := &domain.StandardService{Store: db.Store, Now: func() time.Time { return storetest.Now }}
		in := standardInput(validStandard())
		in.Indicators[2].Guidance = "环境\x00整洁"
		_, err := svc.Create(ctx, domain.SystemActor(), in)
		if domain.ErrorKey(err) != "input.control_character" {
			t.Errorf("got %v, want input.control_character", err)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
