package domain_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/calendar"
	"xietong/domain/store/storetest"
)

func TestReportRequestValidate(t *testing.T) {
	d := calendar.NewDate
	week := func(sc domain.ReportScope) domain.ReportRequest {
		return domain.ReportRequest{From: d(2025, 3, 3), To: d(2025, 3, 9), Today: d(2025, 3, 10), Scope: sc}
	}
	tests := []struct {
		name string
		req  domain.ReportRequest
		key  string // "" for valid
	}{
		{"province", week(domain.ReportScope{}), ""},
		{"city", week(domain.ReportScope{Kind: "city", Region: "xian"}), ""},
		{"org", week(domain.ReportScope{Kind: "org", OrgID: 3}), ""},
		{"community", week(domain.ReportScope{Kind: "community", CommunityID: 2}), ""},
		{"one day", domain.ReportRequest{From: d(2025, 3, 3), To: d(2025, 3, 3), Today: d(2025, 3, 3)}, ""},
		{"400 days", domain.ReportRequest{From: d(2024, 1, 1), To: d(2025, 2, 3), Today: d(2025, 3, 3)}, ""},
		{"401 days", domain.ReportRequest{From: d(2024, 1, 1), To: d(2025, 2, 4), Today: d(2025, 3, 3)}, "report.range_too_long"},
		{"no period", domain.ReportRequest{Today: d(2025, 3, 3)}, "report.period_required"},
		{"no end", domain.ReportRequest{From: d(2025, 3, 3), Today: d(2025, 3, 3)}, "report.period_required"},
		{"reversed", domain.ReportRequest{From: d(2025, 3, 9), To: d(2025, 3, 3), Today: d(2025, 3, 10)}, "report.range_invalid"},
		{"today before the period", domain.ReportRequest{From: d(2025, 3, 3), To: d(2025, 3, 9), Today: d(2025, 3, 2)},
			"report.today_before_period"},
		{"today inside the period", domain.ReportRequest{From: d(2025, 3, 3), To: d(2025, 3, 9), Today: d(2025, 3, 5)}, ""},
		{"unknown scope", week(domain.ReportScope{Kind: "county"}), "report.scope_invalid"},
		{"city without region", week(domain.ReportScope{Kind: "city"}), "report.region_required"},
		{"city with a bad region", week(domain.ReportScope{Kind: "city", Region: "Xi An"}), "report.region_invalid"},
		{"city with an org", week(domain.ReportScope{Kind: "city", Region: "xian", OrgID: 3}), "report.scope_extra"},
		{"org without id", week(domain.ReportScope{Kind: "org"}), "report.org_required"},
		{"org with a community", week(domain.ReportScope{Kind: "org", OrgID: 3, CommunityID: 2}), "report.scope_extra"},
		{"community without id", week(domain.ReportScope{Kind: "community"}), "report.community_required"},
		{"community with a region", week(domain.ReportScope{Kind: "community", CommunityID: 2, Region: "xian"}),
			"report.scope_extra"},
		{"province with a region", week(domain.ReportScope{Kind: "province", Region: "xian"}), "report.scope_extra"},
		{"no kind with an org", week(domain.ReportScope{OrgID: 3}), "report.scope_extra"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.req.Validate()
			switch {
			case tt.key == "" && err != nil:
				t.Errorf("got %v, want valid", err)
			case tt.key != "" && (!errors.Is(err, domain.ErrInvalid) || domain.ErrorKey(err) != tt.key):
				t.Errorf("got %v, want ErrInvalid %s", err, tt.key)
			}
		})
	}
}

// newReports is a report service over db at the test clock.
func newReports(db *storetest.DB, clk *clock) *domain.ReportService {
	db.SetClock(clk.Now)
	return &domain.ReportService{Store: db.Store, Calendar: &domain.CalendarService{Store: db.Store, Now: clk.Now},
		Location: storetest.Shanghai, Now: clk.Now}
}

func TestReportServiceAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		clk := &clock{storetest.Now}
		reports := newReports(db, clk)
		ctx := context.Background()
		req := domain.ReportRequest{Period: domain.ReportWeekly}
		tests := []struct {
			role domain.Role
			kind error
		}{
			{domain.RoleAdmin, nil},
			{domain.RoleLead, nil},
			{domain.RoleLeadership, nil},
			{domain.RoleDepartment, domain.ErrForbidden},
			{domain.RoleCommunity, domain.ErrForbidden},
			{"", domain.ErrUnauthenticated},
		}
		for _, tt := range tests {
			_, err := reports.Supervision(ctx, domain.Actor{UserID: 1, Role: tt.role, OrgID: 5, CommunityID: 1}, req)
			if tt.kind == nil && err != nil || tt.kind != nil && !errors.Is(err, tt.kind) {
				t.Errorf("%q: got %v, want %v", tt.role, err, tt.kind)
			}
		}
	})
}

func TestReportServiceSupervision(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		clk := &clock{storetest.Now} // Monday 2025-03-03, 09:00
		reports := newReports(db, clk)
		ctx := context.Background()
		lead := domain.Actor{UserID: 1, Role: domain.RoleLead}
		police, err := db.OrganizationByCode(ctx, "xian-public_security")
		if err != nil {
			t.Fatal(err)
		}
		lanbo, err := db.CommunityByCode(ctx, "xian-lanbo")
		if err != nil {
			t.Fatal(err)
		}
		d := calendar.NewDate
		tests := []struct {
			name            string
			req             domain.ReportRequest
			scope           string
			from, to, today calendar.Date
			orgs            int // -1: any number above 100
		}{
			{"weekly, as of now", domain.ReportRequest{Period: "weekly"}, "陕西省",
				d(2025, 2, 24), d(2025, 3, 2), d(2025, 3, 3), -1},
			{"monthly, as of a given day", domain.ReportRequest{Period: "monthly", Today: d(2025, 1, 15)}, "陕西省",
				d(2024, 12, 1), d(2024, 12, 31), d(2025, 1, 15), -1},
			{"a city", domain.ReportRequest{From: d(2025, 2, 1), To: d(2025, 2, 28),
				Scope: domain.ReportScope{Kind: "city", Region: "xian"}}, "西安市", d(2025, 2, 1), d(2025, 2, 28), d(2025, 3, 3), -1},
			{"an organisation", domain.ReportRequest{From: d(2025, 2, 1), To: d(2025, 2, 28),
				Scope: domain.ReportScope{Kind: "org", OrgID: police.ID}}, police.Name, d(2025, 2, 1), d(2025, 2, 28),
				d(2025, 3, 3), 1},
			{"a community", domain.ReportRequest{From: d(2025, 2, 1), To: d(2025, 2, 28),
				Scope: domain.ReportScope{Kind: "community", CommunityID: lanbo.ID}}, lanbo.Name, d(2025, 2, 1),
				d(2025, 2, 28), d(2025, 3, 3), 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r, err := reports.Supervision(ctx, lead, tt.req)
				if err != nil {
					t.Fatal(err)
				}
				if r.Scope != tt.scope || r.From != tt.from || r.To != tt.to || r.Today != tt.today {
					t.Errorf("got %s %v–%v as of %v, want %s %v–%v as of %v", r.Scope, r.From, r.To, r.Today,
						tt.scope, tt.from, tt.to, tt.today)
				}
				if n := len(r.OrgFigures); tt.orgs >= 0 && n != tt.orgs || tt.orgs < 0 && n <= 20 {
					t.Errorf("organisations: got %d, want %d", n, tt.orgs)
				}
				if r.Progress != nil {
					t.Errorf("progress: got %+v, want none (no community is known to be named)", r.Progress)
				}
			})
		}
	})
}

func TestReportServiceRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		reports := newReports(db, &clock{storetest.Now})
		ctx := context.Background()
		admin := domain.Actor{UserID: 1, Role: domain.RoleAdmin}
		d := calendar.NewDate
		feb := func(sc domain.ReportScope) domain.ReportRequest {
			return domain.ReportRequest{From: d(2025, 2, 1), To: d(2025, 2, 28), Scope: sc}
		}
		tests := []struct {
			name string
			req  domain.ReportRequest
			kind error
			key  string
		}{
			{"unknown organisation", feb(domain.ReportScope{Kind: "org", OrgID: 987654}), domain.ErrNotFound, "org.not_found"},
			{"unknown community", feb(domain.ReportScope{Kind: "community", CommunityID: 987654}), domain.ErrNotFound,
				"community.not_found"},
			{"region with nothing", feb(domain.ReportScope{Kind: "city", Region: "atlantis"}), domain.ErrNotFound,
				"report.region_not_found"},
			{"unknown period kind", domain.ReportRequest{Period: "daily"}, domain.ErrInvalid, "report.kind_invalid"},
			{"period and dates", domain.ReportRequest{Period: "weekly", From: d(2025, 2, 1)}, domain.ErrInvalid,
				"report.period_conflict"},
			{"future period", domain.ReportRequest{From: d(2025, 4, 1), To: d(2025, 4, 30)}, domain.ErrInvalid,
				"report.today_before_period"},
		}
		for _, tt := range tests {
			_, err := reports.Supervision(ctx, admin, tt.req)
			if !errors.Is(err, tt.kind) || domain.ErrorKey(err) != tt.key {
				t.Errorf("%s: got %v, want %v %s", tt.name, err, tt.kind, tt.key)
			}
		}
	})
}

func TestReportServicePeriodic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		reports := newReports(db, &clock{storetest.Now})
		ctx := context.Background()
		// Sent on Monday 2025-03-10 at 08:00: last week, as of that day.
		r, err := reports.Periodic(ctx, domain.ReportWeekly, time.Date(2025, 3, 10, 8, 0, 0, 0, storetest.Shanghai))
		if err != nil {
			t.Fatal(err)
		}
		d := calendar.NewDate
		if r.From != d(2025, 3, 3) || r.To != d(2025, 3, 9) || r.Today != d(2025, 3, 10) || r.Scope != "陕西省" {
			t.Errorf("weekly: got %s %v–%v as of %v, want 陕西省 2025-03-03–2025-03-09 as of 2025-03-10",
				r.Scope, r.From, r.To, r.Today)
		}
		if _, err := reports.Periodic(ctx, "yearly", storetest.Now); domain.ErrorKey(err) != "report.kind_invalid" {
			t.Errorf("yearly: got %v, want report.kind_invalid", err)
		}
	})
}
