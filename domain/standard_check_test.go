package domain_test

import (
	"slices"
	"testing"

	"xietong/domain"
)

// problemKeys returns the catalogue key of each problem.
func problemKeys(p domain.Problems) []string {
	var out []string
	for _, err := range p {
		out = append(out, domain.ErrorKey(err))
	}
	return out
}

// TestStandardChecks checks that Check and CheckPublish list every
// problem, in the form's order, and that their first is what Validate and
// ValidatePublish report.
func TestStandardChecks(t *testing.T) {
	tests := []struct {
		name    string
		change  func(*domain.Standard)
		check   []string
		publish []string
	}{
		{"complete", func(*domain.Standard) {}, nil, nil},
		{"empty draft", func(s *domain.Standard) { s.Indicators, s.PassScore = nil, 0 }, nil,
			[]string{"standard.no_indicators", "standard.pass_score_required"}},
		{"two qualities missing", func(s *domain.Standard) {
			s.Indicators[1].Dimension, s.Indicators[2].Dimension = "self_governance", "self_governance"
		}, nil, []string{"standard.dimension_missing", "standard.dimension_missing"}},
		{"several problems", func(s *domain.Standard) {
			s.Name = ""
			s.Indicators[0].Title = ""
			s.Indicators[3].Code = s.Indicators[2].Code
			s.Indicators[5].Dimension = "harmony"
		}, []string{"standard.name_required", "standard.indicator_title_required", "standard.indicator_code_duplicate",
			"standard.dimension_invalid"},
			[]string{"standard.name_required", "standard.indicator_title_required", "standard.indicator_code_duplicate",
				"standard.dimension_invalid", "standard.dimension_missing"}},
		{"pass score above every maximum", func(s *domain.Standard) { s.PassScore = 99 },
			[]string{"standard.pass_score_above_max", "standard.pass_score_above_max", "standard.pass_score_above_max"},
			[]string{"standard.pass_score_above_max", "standard.pass_score_above_max", "standard.pass_score_above_max"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := validStandard()
			tc.change(&s)
			check, publish := s.Check(), s.CheckPublish()
			if got := problemKeys(check); !slices.Equal(got, tc.check) {
				t.Errorf("Check: got %v, want %v", got, tc.check)
			}
			if got := problemKeys(publish); !slices.Equal(got, tc.publish) {
				t.Errorf("CheckPublish: got %v, want %v", got, tc.publish)
			}
			if got, want := domain.ErrorKey(s.Validate()), domain.ErrorKey(check.Err()); got != want {
				t.Errorf("Validate: got %q, want %q", got, want)
			}
			if got, want := domain.ErrorKey(s.ValidatePublish()), domain.ErrorKey(publish.Err()); got != want {
				t.Errorf("ValidatePublish: got %q, want %q", got, want)
			}
		})
	}
}
