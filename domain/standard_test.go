package domain_test

import (
	"errors"
	"testing"
	"time"

	"xietong/domain"
)

func pts(v int) *int { return &v }

// validStandard is a small complete draft: one indicator per dimension,
// 10 points each on every scale but the cluster, where one does not apply.
func validStandard() domain.Standard {
	s := domain.Standard{Name: "测试标准", Level: domain.LevelProvince, Version: 1, Status: domain.StandardDraft,
		PassScore: 40}
	for i, d := range domain.Dimensions() {
		in := domain.Indicator{Code: "I" + string(rune('1'+i)), Dimension: d, Title: "指标", Methods: []string{"documents"},
			Points: map[string]*int{"residential_district": pts(10), "neighborhood": pts(10), "cluster": pts(10)}}
		if i == 0 {
			in.Points["cluster"] = nil
		}
		s.Indicators = append(s.Indicators, in)
	}
	return s
}

func TestStandardValidate(t *testing.T) {
	tests := []struct {
		name    string
		change  func(*domain.Standard)
		publish bool
		want    string // "" for valid
	}{
		{"valid draft", func(*domain.Standard) {}, false, ""},
		{"valid for publishing", func(*domain.Standard) {}, true, ""},
		{"draft without indicators", func(s *domain.Standard) { s.Indicators = nil }, false, ""},
		{"no indicators at publish", func(s *domain.Standard) { s.Indicators = nil }, true, "standard.no_indicators"},
		{"no name", func(s *domain.Standard) { s.Name = "  " }, false, "standard.name_required"},
		{"unknown level", func(s *domain.Standard) { s.Level = "county" }, false, "standard.level_invalid"},
		{"city without region", func(s *domain.Standard) { s.Level = domain.LevelCity }, false, "standard.region_invalid"},
		{"city with a bad region", func(s *domain.Standard) { s.Level, s.RegionCode = domain.LevelCity, "61010" }, false,
			"standard.region_invalid"},
		{"city with a region", func(s *domain.Standard) { s.Level, s.RegionCode = domain.LevelCity, "610100" }, true, ""},
		{"province with a region", func(s *domain.Standard) { s.RegionCode = "610100" }, false,
			"standard.region_not_allowed"},
		{"negative pass score", func(s *domain.Standard) { s.PassScore = -1 }, false, "standard.pass_score_negative"},
		{"pass score above the cluster's maximum", func(s *domain.Standard) { s.PassScore = 55 }, false,
			"standard.pass_score_above_max"},
		{"pass score at the cluster's maximum", func(s *domain.Standard) { s.PassScore = 50 }, true, ""},
		{"no pass score at publish", func(s *domain.Standard) { s.PassScore = 0 }, true, "standard.pass_score_required"},
		{"duplicate code", func(s *domain.Standard) { s.Indicators[1].Code = s.Indicators[0].Code }, false,
			"standard.indicator_code_duplicate"},
		{"no code", func(s *domain.Standard) { s.Indicators[1].Code = "" }, false, "standard.indicator_code_required"},
		{"code with a space", func(s *domain.Standard) { s.Indicators[1].Code = "A 1" }, false,
			"standard.indicator_code_invalid"},
		{"unknown dimension", func(s *domain.Standard) { s.Indicators[1].Dimension = "harmony" }, false,
			"standard.dimension_invalid"},
		{"dimension missing at publish", func(s *domain.Standard) { s.Indicators[1].Dimension = "self_governance" },
			true, "standard.dimension_missing"},
		{"no title", func(s *domain.Standard) { s.Indicators[2].Title = "" }, false, "standard.indicator_title_required"},
		{"negative points", func(s *domain.Standard) { s.Indicators[2].Points["neighborhood"] = pts(-1) }, false,
			"standard.points_negative"},
		{"unknown scale", func(s *domain.Standard) { s.Indicators[2].Points["village"] = pts(1) }, false,
			"standard.scale_invalid"},
		{"applies to no scale", func(s *domain.Standard) { s.Indicators[2].Points = map[string]*int{"cluster": nil} },
			false, "standard.indicator_no_scale"},
		{"no assessment", func(s *domain.Standard) { s.Indicators[2].Methods = nil }, false,
			"standard.assessment_required"},
		{"unknown assessment", func(s *domain.Standard) { s.Indicators[2].Methods = []string{"phone"} }, false,
			"standard.assessment_invalid"},
		{"repeated assessment", func(s *domain.Standard) { s.Indicators[2].Methods = []string{"documents", "documents"} },
			false, "standard.assessment_duplicate"},
		{"veto item with zero points", func(s *domain.Standard) {
			s.Indicators = append(s.Indicators, domain.Indicator{Code: "V", Dimension: "public_security", Title: "否决",
				Methods: []string{"site_visit"}, Veto: true, Points: map[string]*int{"neighborhood": pts(0)}})
		}, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := validStandard()
			tc.change(&s)
			err := s.Validate()
			if tc.publish {
				err = s.ValidatePublish()
			}
			if got := domain.ErrorKey(err); got != tc.want {
				t.Fatalf("got %q (%v), want %q", got, err, tc.want)
			}
			if tc.want != "" && !errors.Is(err, domain.ErrInvalid) {
				t.Errorf("got kind %v, want ErrInvalid", err)
			}
		})
	}
}

func TestNextStandardStatus(t *testing.T) {
	tests := []struct {
		name   string
		from   domain.StandardStatus
		action domain.StandardAction
		want   domain.StandardStatus
		kind   error
	}{
		{"edit a draft", domain.StandardDraft, domain.StandardEdit, domain.StandardDraft, nil},
		{"publish a draft", domain.StandardDraft, domain.StandardPublish, domain.StandardPublished, nil},
		{"retire a published one", domain.StandardPublished, domain.StandardRetire, domain.StandardRetired, nil},
		{"edit a published one", domain.StandardPublished, domain.StandardEdit, domain.StandardPublished, domain.ErrConflict},
		{"edit a retired one", domain.StandardRetired, domain.StandardEdit, domain.StandardRetired, domain.ErrConflict},
		{"publish twice", domain.StandardPublished, domain.StandardPublish, domain.StandardPublished, domain.ErrConflict},
		{"retire a draft", domain.StandardDraft, domain.StandardRetire, domain.StandardDraft, domain.ErrConflict},
		{"publish a retired one", domain.StandardRetired, domain.StandardPublish, domain.StandardRetired, domain.ErrConflict},
		{"unknown action", domain.StandardDraft, "delete", domain.StandardDraft, domain.ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := domain.NextStandardStatus(tc.from, tc.action)
			if got != tc.want || !errors.Is(err, tc.kind) && (tc.kind != nil || err != nil) {
				t.Errorf("got %s, %v; want %s, %v", got, err, tc.want, tc.kind)
			}
		})
	}
}

func TestCanEditStandards(t *testing.T) {
	tests := []struct {
		role domain.Role
		want bool
	}{
		{domain.RoleAdmin, true},
		{domain.RoleLead, true},
		{domain.RoleDepartment, false},
		{domain.RoleLeadership, false},
		{domain.RoleCommunity, false},
		{"", false},
	}
	for _, tc := range tests {
		t.Run(string(tc.role), func(t *testing.T) {
			if got := domain.CanEditStandards(domain.Actor{Role: tc.role}); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// The shipped example is publishable as it is: every dimension, 100 points
// on every scale, two veto items.
func TestExampleStandard(t *testing.T) {
	s := domain.ExampleStandard(time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC))
	if err := s.ValidatePublish(); err != nil {
		t.Fatalf("example: %v", err)
	}
	if len(s.Indicators) < 12 {
		t.Errorf("indicators: got %d, want at least 12", len(s.Indicators))
	}
	for _, sc := range domain.Scales() {
		if got := s.MaxScore(sc); got != 100 {
			t.Errorf("%s: maximum %d, want 100", sc, got)
		}
	}
	vetoes := 0
	for _, in := range s.Indicators {
		if in.Veto {
			vetoes++
		}
	}
	if vetoes < 2 {
		t.Errorf("veto items: got %d, want at least 2", vetoes)
	}
}
