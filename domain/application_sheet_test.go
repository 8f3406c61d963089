package domain_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"xietong/domain"
)

// scoringStandard: A (10 points, not for clusters), B (20, evidence), V
// (5, veto), pass 20.
func scoringStandard() domain.Standard {
	p := func(n int) *int { return &n }
	return domain.Standard{PassScore: 20, Indicators: []domain.Indicator{
		{Code: "A", Points: map[string]*int{"neighborhood": p(10), "cluster": nil}},
		{Code: "B", Evidence: true, Points: map[string]*int{"neighborhood": p(20), "cluster": p(15)}},
		{Code: "V", Veto: true, Points: map[string]*int{"neighborhood": p(5), "cluster": p(5)}},
	}}
}

func TestCheckScores(t *testing.T) {
	st := scoringStandard()
	sc := func(code string, pts int, veto bool) domain.IndicatorScore {
		return domain.IndicatorScore{Indicator: code, Points: pts, VetoFailed: veto}
	}
	for _, tt := range []struct {
		name     string
		scale    string
		scores   []domain.IndicatorScore
		complete bool
		key      string
		kind     error
	}{
		{"partial draft", "neighborhood", []domain.IndicatorScore{sc("A", 10, false)}, false, "", nil},
		{"full sheet", "neighborhood", []domain.IndicatorScore{sc("A", 0, false), sc("B", 20, false), sc("V", 5, true)}, true, "", nil},
		{"top of range", "cluster", []domain.IndicatorScore{sc("B", 15, false)}, false, "", nil},
		{"above range", "cluster", []domain.IndicatorScore{sc("B", 16, false)}, false, "application.points_out_of_range", domain.ErrInvalid},
		{"negative", "neighborhood", []domain.IndicatorScore{sc("A", -1, false)}, false, "application.points_out_of_range", domain.ErrInvalid},
		{"not applicable to the scale", "cluster", []domain.IndicatorScore{sc("A", 1, false)}, false, "application.indicator_not_applicable", domain.ErrInvalid},
		{"not in the standard", "neighborhood", []domain.IndicatorScore{sc("Z", 1, false)}, false, "application.indicator_unknown", domain.ErrInvalid},
		{"twice", "neighborhood", []domain.IndicatorScore{sc("A", 1, false), sc("A", 2, false)}, false, "application.indicator_duplicate", domain.ErrInvalid},
		{"veto on a plain item", "neighborhood", []domain.IndicatorScore{sc("A", 1, true)}, false, "application.veto_not_applicable", domain.ErrInvalid},
		{"incomplete sheet", "neighborhood", []domain.IndicatorScore{sc("A", 1, false)}, true, "application.scores_missing", domain.ErrUnprocessable},
		{"complete for a cluster without A", "cluster", []domain.IndicatorScore{sc("B", 1, false), sc("V", 1, false)}, true, "", nil},
	} {
		err := domain.CheckScores(st, tt.scale, tt.scores, tt.complete)
		if domain.ErrorKey(err) != tt.key || tt.kind != nil && !errors.Is(err, tt.kind) {
			t.Errorf("%s: got %v (%s)", tt.name, err, domain.ErrorKey(err))
		}
	}
	err := domain.CheckScores(st, "neighborhood", []domain.IndicatorScore{sc("B", 1, false)}, true)
	var de *domain.Error
	if !errors.As(err, &de) || de.Args[0] != "A, V" {
		t.Errorf("missing list: %v", err)
	}
}

func TestApplicationScores(t *testing.T) {
	sheet := func(kind domain.SheetKind, total int, veto bool, scored bool) domain.ScoreSheet {
		s := domain.ScoreSheet{Kind: kind, Total: total, VetoFailed: veto}
		if scored {
			s.Scores = []domain.IndicatorScore{{Indicator: "A", Points: total}}
		}
		return s
	}
	for _, tt := range []struct {
		name                  string
		level                 domain.StandardLevel
		sheets                []domain.ScoreSheet
		self, city, prov, dec string // "" for nil
		veto                  bool
	}{
		{"none", domain.LevelCity, nil, "", "", "", "", false},
		{"self only", domain.LevelCity, []domain.ScoreSheet{sheet(domain.SheetSelf, 30, false, true)}, "30.00", "", "", "", false},
		{"mean of two sheets", domain.LevelCity, []domain.ScoreSheet{sheet(domain.SheetCity, 80, false, true),
			sheet(domain.SheetCity, 85, false, true)}, "", "82.50", "", "82.50", false},
		{"mean rounded to two decimals", domain.LevelCity, []domain.ScoreSheet{sheet(domain.SheetCity, 80, false, true),
			sheet(domain.SheetCity, 80, false, true), sheet(domain.SheetCity, 81, false, true)}, "", "80.33", "", "80.33", false},
		{"one veto fails it", domain.LevelCity, []domain.ScoreSheet{sheet(domain.SheetCity, 90, true, true),
			sheet(domain.SheetCity, 90, false, true)}, "", "90.00", "", "90.00", true},
		{"the self-assessment cannot fail a veto", domain.LevelCity, []domain.ScoreSheet{sheet(domain.SheetSelf, 9, true, true)}, "9.00", "", "", "", false},
		{"province: the latest scored inspection decides", domain.LevelProvince, []domain.ScoreSheet{sheet(domain.SheetCity, 70, false, true),
			sheet(domain.SheetProvince, 60, false, true), sheet(domain.SheetProvince, 65, false, true),
			sheet(domain.SheetProvince, 0, false, false)}, "", "70.00", "65.00", "65.00", false},
		{"province without inspection points: the city score", domain.LevelProvince, []domain.ScoreSheet{
			sheet(domain.SheetCity, 70, false, true), sheet(domain.SheetProvince, 0, false, false)}, "", "70.00", "", "70.00", false},
	} {
		a := domain.Application{Level: tt.level}
		a.Scores(tt.sheets)
		str := func(v *float64) string {
			if v == nil {
				return ""
			}
			return domain.FormatScore(*v)
		}
		if str(a.SelfScore) != tt.self || str(a.CityScore) != tt.city || str(a.ProvinceScore) != tt.prov ||
			str(a.DecidingScore()) != tt.dec || a.VetoFailed != tt.veto {
			t.Errorf("%s: self %s city %s province %s deciding %s veto %v", tt.name, str(a.SelfScore), str(a.CityScore),
				str(a.ProvinceScore), str(a.DecidingScore()), a.VetoFailed)
		}
	}
}

func TestCheckPass(t *testing.T) {
	v := func(f float64) *float64 { return &f }
	for _, tt := range []struct {
		name  string
		veto  bool
		score *float64
		key   string
	}{
		{"at the pass score", false, v(60), ""},
		{"above", false, v(60.01), ""},
		{"below", false, v(59.99), "application.below_pass"},
		{"no score", false, nil, "application.not_scored"},
		{"veto failed", true, v(99), "application.veto_failed"},
	} {
		err := domain.CheckPass(domain.Application{VetoFailed: tt.veto}, tt.score, 60)
		if domain.ErrorKey(err) != tt.key || err != nil && !errors.Is(err, domain.ErrUnprocessable) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

func TestMissingForSubmit(t *testing.T) {
	st := scoringStandard()
	for _, tt := range []struct {
		name             string
		scale            string
		self             []string
		files            map[string]int
		noScore, noFiles []string
	}{
		{"empty", "neighborhood", nil, nil, []string{"A", "B", "V"}, []string{"B"}},
		{"complete", "neighborhood", []string{"A", "B", "V"}, map[string]int{"B": 2}, nil, nil},
		{"evidence elsewhere does not count", "neighborhood", []string{"A", "B", "V"}, map[string]int{"A": 1}, nil, []string{"B"}},
		{"a cluster needs no A", "cluster", []string{"B", "V"}, map[string]int{"B": 1}, nil, nil},
	} {
		var self []domain.IndicatorScore
		for _, c := range tt.self {
			self = append(self, domain.IndicatorScore{Indicator: c})
		}
		s, f := domain.MissingForSubmit(st, tt.scale, self, tt.files)
		if !slices.Equal(s, tt.noScore) || !slices.Equal(f, tt.noFiles) {
			t.Errorf("%s: got %v / %v", tt.name, s, f)
		}
	}
}

func TestReviewBureauCode(t *testing.T) {
	for code, want := range map[string]string{"610100": "xian-housing", "610700": "hanzhong-housing",
		"yangling": "yangling-housing", "xixian": "xixian-housing", "hancheng": "hancheng-housing", "999999": ""} {
		if got := domain.ReviewBureauCode(code); got != want {
			t.Errorf("%s: got %q, want %q", code, got, want)
		}
	}
	// A county's community is reviewed by its city's bureau.
	if got := domain.ReviewBureauCode(domain.CityCodeOf("610725")); got != "hanzhong-housing" {
		t.Errorf("勉县: %q", got)
	}
	if !strings.HasSuffix(domain.ProvinceBureauCode, "-housing") {
		t.Error(domain.ProvinceBureauCode)
	}
}

func TestAppParties(t *testing.T) {
	app := domain.Application{CommunityID: 7, CityCode: "610700", RegionCode: "610725", Level: domain.LevelProvince,
		Status: domain.AppScored}
	for _, tt := range []struct {
		name  string
		scope domain.CampaignScope
		want  []domain.AppAction
	}{
		{"the province", domain.CampaignScope{Province: true}, []domain.AppAction{domain.StepReturn, domain.StepScore, domain.StepRecommend}},
		{"the city bureau", domain.CampaignScope{City: "610700", OrgID: 1}, []domain.AppAction{domain.StepReturn, domain.StepScore, domain.StepRecommend}},
		{"the county bureau applies, not reviews", domain.CampaignScope{County: "610725", OrgID: 2}, nil},
		{"another city", domain.CampaignScope{City: "610100", OrgID: 3}, nil},
		{"the community", domain.CampaignScope{CommunityID: 7}, nil},
		{"leadership", domain.CampaignScope{Reader: true}, nil},
	} {
		if got := domain.AllowedAppActions(tt.scope, app); !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
	app.Status = domain.AppDraft
	if got := domain.AllowedAppActions(domain.CampaignScope{County: "610725"}, app); !slices.Equal(got,
		[]domain.AppAction{domain.StepSubmit, domain.StepWithdraw}) {
		t.Errorf("county bureau on a draft: %v", got)
	}
}
