package domain_test

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

func TestNextCaseStatus(t *testing.T) {
	tests := []struct {
		name string
		cur  domain.CaseStatus
		act  domain.CaseAction
		want domain.CaseStatus
		kind error
	}{
		{"publish a draft", domain.CaseDraft, domain.CasePublish, domain.CasePublished, nil},
		{"publish again after unpublishing", domain.CaseUnpublished, domain.CasePublish, domain.CasePublished, nil},
		{"unpublish", domain.CasePublished, domain.CaseUnpublish, domain.CaseUnpublished, nil},
		{"publish twice", domain.CasePublished, domain.CasePublish, domain.CasePublished, domain.ErrConflict},
		{"unpublish a draft", domain.CaseDraft, domain.CaseUnpublish, domain.CaseDraft, domain.ErrConflict},
		{"unknown step", domain.CaseDraft, "delete", domain.CaseDraft, domain.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := domain.NextCaseStatus(tt.cur, tt.act)
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
			if tt.kind == nil && err != nil || tt.kind != nil && !errors.Is(err, tt.kind) {
				t.Errorf("got error %v, want kind %v", err, tt.kind)
			}
		})
	}
}

func TestMonthlyPeriod(t *testing.T) {
	tests := []struct {
		name     string
		from, to string
		want     bool
	}{
		{"February", "2025-02-01", "2025-02-28", true},
		{"leap February", "2024-02-01", "2024-02-29", true},
		{"a week", "2025-03-03", "2025-03-09", false},
		{"two months", "2025-01-01", "2025-02-28", false},
		{"a month less a day", "2025-03-01", "2025-03-30", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.MonthlyPeriod(d(tt.from), d(tt.to)); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func newCases(db *storetest.DB, clk *clock) *domain.CaseService {
	return &domain.CaseService{Store: db.Store, Now: clk.Now, Location: storetest.Shanghai}
}

func TestCaseLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		clk := &clock{t: storetest.Now}
		who := campaignActors(t, db, clk)
		cases := newCases(db, clk)
		files := &domain.AttachmentService{Store: db.Store, Now: clk.Now}
		minan, err := db.CommunityByCode(ctx, "hanzhong-minan")
		if err != nil {
			t.Fatal(err)
		}
		in := domain.CaseInput{CommunityID: minan.ID, Title: "民安花园议事会", Text: "第一段。\n\n第二段。"}

		// A bureau outside the region cannot record a case there.
		_, err = cases.Create(ctx, who["xian"], in)
		wantKind(t, err, domain.ErrNotFound)
		_, err = cases.Create(ctx, who["leadership"], in)
		wantKind(t, err, domain.ErrForbidden)

		c, err := cases.Create(ctx, who["hanzhong"], in)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != domain.CaseDraft || c.Community != minan.Name || c.Bureau == "" {
			t.Fatalf("created %+v, want a draft of %s with its bureau", c, minan.Name)
		}
		_, err = cases.Update(ctx, who["xian"], c.ID, in)
		wantKind(t, err, domain.ErrNotFound)
		_, err = cases.Act(ctx, who["community"], c.ID, domain.CasePublish)
		wantKind(t, err, domain.ErrForbidden)
		if _, err := cases.Get(ctx, who["community"], c.ID); err != nil {
			t.Errorf("the community reads its case: %v", err)
		}
		if l, err := cases.List(ctx, who["xian"], domain.CaseFilter{}, domain.Page{Limit: 10}); err != nil || len(l.Items) != 0 {
			t.Errorf("xian's list: %d cases (%v), want none", len(l.Items), err)
		}

		photo, err := files.Add(ctx, who["hanzhong"], domain.AttachmentTarget{CaseID: c.ID}, "议事会.png", pngSample)
		if err != nil {
			t.Fatal(err)
		}
		_, err = files.Add(ctx, who["hanzhong"], domain.AttachmentTarget{CaseID: c.ID}, "说明.txt", []byte("文字说明"))
		wantKind(t, err, domain.ErrInvalid)
		_, err = files.Add(ctx, who["xian"], domain.AttachmentTarget{CaseID: c.ID}, "x.png", pngSample)
		wantKind(t, err, domain.ErrNotFound)

		// A draft and its photo are not public.
		_, _, err = cases.PublicCase(ctx, c.ID)
		wantKind(t, err, domain.ErrNotFound)
		_, _, err = cases.PublicFile(ctx, c.ID, photo.ID)
		wantKind(t, err, domain.ErrNotFound)

		clk.Advance(time.Hour)
		first := clk.Now()
		if c, err = cases.Act(ctx, who["hanzhong"], c.ID, domain.CasePublish); err != nil {
			t.Fatal(err)
		}
		if !c.FirstPublishedAt.Equal(first) {
			t.Errorf("first published %v, want %v", c.FirstPublishedAt, first)
		}
		_, atts, err := cases.PublicCase(ctx, c.ID)
		if err != nil || len(atts) != 1 || atts[0].ID != photo.ID {
			t.Fatalf("public case: %d files (%v), want the photo", len(atts), err)
		}
		_, r, err := cases.PublicFile(ctx, c.ID, photo.ID)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := io.ReadAll(r); string(b) != string(pngSample) {
			t.Errorf("public photo: %d bytes, want %d", len(b), len(pngSample))
		}
		_, _, err = cases.PublicFile(ctx, c.ID+1, photo.ID)
		wantKind(t, err, domain.ErrNotFound)

		// The province unpublishes any case; publishing again keeps the
		// first publication.
		if c, err = cases.Act(ctx, who["lead"], c.ID, domain.CaseUnpublish); err != nil {
			t.Fatal(err)
		}
		_, _, err = cases.PublicFile(ctx, c.ID, photo.ID)
		wantKind(t, err, domain.ErrNotFound)
		_, err = cases.Act(ctx, who["lead"], c.ID, domain.CaseUnpublish)
		wantKind(t, err, domain.ErrConflict)
		clk.Advance(24 * time.Hour)
		if c, err = cases.Act(ctx, who["hanzhong"], c.ID, domain.CasePublish); err != nil {
			t.Fatal(err)
		}
		if !c.FirstPublishedAt.Equal(first) || !c.PublishedAt.Equal(clk.Now()) {
			t.Errorf("republished: first %v latest %v, want %v and %v", c.FirstPublishedAt, c.PublishedAt, first, clk.Now())
		}
		audit, err := db.Audit(ctx, domain.AuditFilter{Target: "case:" + itoa(c.ID)}, domain.Page{Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		if len(audit) != 5 { // create, attach, publish, unpublish, publish
			t.Errorf("audit: %d entries, want 5", len(audit))
		}
	})
}

func TestExchangeAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		clk := &clock{t: storetest.Now}
		who := campaignActors(t, db, clk)
		cases := newCases(db, clk)
		in := domain.ExchangeInput{Title: "试点经验交流会", HeldOn: d("2025-03-01"), Place: "汉中市住建局会议室",
			Participants: "勉县住建局\n民安花园"}
		x, err := cases.CreateExchange(ctx, who["hanzhong"], in)
		if err != nil {
			t.Fatal(err)
		}
		if x.OrgID != who["hanzhong"].OrgID || x.Organiser == "" {
			t.Errorf("organiser %d %q, want the bureau's own", x.OrgID, x.Organiser)
		}
		_, err = cases.Exchange(ctx, who["xian"], x.ID)
		wantKind(t, err, domain.ErrNotFound)
		_, err = cases.UpdateExchange(ctx, who["leadership"], x.ID, in)
		wantKind(t, err, domain.ErrForbidden)
		_, err = cases.CreateExchange(ctx, who["lead"], in)
		wantKind(t, err, domain.ErrInvalid) // the province names the organiser
		in.OrgID = who["xian"].OrgID
		_, err = cases.CreateExchange(ctx, who["hanzhong"], in)
		wantKind(t, err, domain.ErrForbidden)
		if _, err := cases.CreateExchange(ctx, who["lead"], in); err != nil {
			t.Fatal(err)
		}
		l, err := cases.Exchanges(ctx, who["xian"], domain.ExchangeFilter{}, domain.Page{Limit: 10})
		if err != nil || len(l.Items) != 1 {
			t.Errorf("xian's exchanges: %d (%v), want its own one", len(l.Items), err)
		}
		files := &domain.AttachmentService{Store: db.Store, Now: clk.Now}
		if _, err := files.Add(ctx, who["hanzhong"], domain.AttachmentTarget{ExchangeID: x.ID}, "议程.txt", []byte("议程")); err != nil {
			t.Errorf("materials: %v", err)
		}
	})
}

func TestMonthlyReportListsNewCases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		clk := &clock{t: time.Date(2025, 1, 20, 10, 0, 0, 0, storetest.Shanghai)}
		who := campaignActors(t, db, clk)
		cases := newCases(db, clk)
		minan, err := db.CommunityByCode(ctx, "hanzhong-minan")
		if err != nil {
			t.Fatal(err)
		}
		publish := func(title string) domain.CaseView {
			c, err := cases.Create(ctx, who["hanzhong"], domain.CaseInput{CommunityID: minan.ID, Title: title, Text: "正文"})
			if err == nil {
				c, err = cases.Act(ctx, who["hanzhong"], c.ID, domain.CasePublish)
			}
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		old := publish("一月的案例")
		clk.t = time.Date(2025, 2, 1, 0, 30, 0, 0, storetest.Shanghai) // 31 January in UTC
		feb := publish("二月的案例")
		clk.t = time.Date(2025, 3, 3, 9, 0, 0, 0, storetest.Shanghai)
		reports := newReports(db, clk)
		reports.Cases = cases
		r, err := reports.Supervision(ctx, who["lead"], domain.ReportRequest{Period: domain.ReportMonthly})
		if err != nil {
			t.Fatal(err)
		}
		if r.Cases == nil || len(r.Cases.Items) != 1 || r.Cases.Items[0].ID != feb.ID {
			t.Fatalf("February's cases: %+v, want only %d (not %d)", r.Cases, feb.ID, old.ID)
		}
		if got := r.Cases.Items[0]; got.Community != minan.Name || got.PublishedOn != d("2025-02-01") || got.Bureau == "" {
			t.Errorf("listed %+v", got)
		}
		weekly, err := reports.Supervision(ctx, who["lead"], domain.ReportRequest{Period: domain.ReportWeekly})
		if err != nil || weekly.Cases != nil {
			t.Errorf("weekly report: cases %+v (%v), want none", weekly.Cases, err)
		}
	})
}
