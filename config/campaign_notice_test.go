package config_test

import (
	"strings"
	"testing"
	"time"

	"xietong/config"
)

func TestCampaignDefaults(t *testing.T) {
	c := mustLoad(t, nil).Campaign
	want := config.Campaign{TitleTermCity: config.Term{Years: 3}, TitleTermProvince: config.Term{Years: 3},
		ReassessLeadDays: 90, ObjectionMaxLength: 2000, ObjectionRate: 5, ObjectionWindow: time.Hour,
		NamingSchedule: "5 1 * * *"}
	if c != want {
		t.Errorf("got %+v, want %+v", c, want)
	}
}

func TestCampaignGood(t *testing.T) {
	c := mustLoad(t, map[string]string{"XIETONG_CAMPAIGN_TITLE_TERM_CITY": "1095d",
		"XIETONG_CAMPAIGN_TITLE_TERM_PROVINCE": "2y30d", "XIETONG_CAMPAIGN_REASSESS_LEAD_DAYS": "60",
		"XIETONG_CAMPAIGN_OBJECTION_RATE": "3/30m", "XIETONG_CAMPAIGN_OBJECTION_MAX_LENGTH": "500",
		"XIETONG_SCHEDULE_CAMPAIGN_NAMING": "5 * * * *"}).Campaign
	if c.TitleTermCity != (config.Term{Days: 1095}) || c.TitleTermProvince != (config.Term{Years: 2, Days: 30}) ||
		c.ReassessLeadDays != 60 || c.ObjectionRate != 3 || c.ObjectionWindow != 30*time.Minute ||
		c.ObjectionMaxLength != 500 || c.NamingSchedule != "5 * * * *" {
		t.Errorf("got %+v", c)
	}
	if c := mustLoad(t, map[string]string{"XIETONG_CAMPAIGN_TITLE_TERM_CITY": "4", "XIETONG_CAMPAIGN_OBJECTION_RATE": "10"}).Campaign; c.TitleTermCity != (config.Term{Years: 4}) || c.ObjectionRate != 10 || c.ObjectionWindow != time.Hour {
		t.Errorf("bare numbers: %+v", c)
	}
}

func TestCampaignBad(t *testing.T) {
	for _, tt := range []struct{ key, val, want string }{
		{"XIETONG_CAMPAIGN_TITLE_TERM_CITY", "0y", "XIETONG_CAMPAIGN_TITLE_TERM_CITY: term must be positive"},
		{"XIETONG_CAMPAIGN_TITLE_TERM_CITY", "3 years", "XIETONG_CAMPAIGN_TITLE_TERM_CITY: want years or days"},
		{"XIETONG_CAMPAIGN_TITLE_TERM_PROVINCE", "-1y", "XIETONG_CAMPAIGN_TITLE_TERM_PROVINCE: want years or days"},
		{"XIETONG_CAMPAIGN_REASSESS_LEAD_DAYS", "0", "XIETONG_CAMPAIGN_REASSESS_LEAD_DAYS"},
		{"XIETONG_CAMPAIGN_OBJECTION_RATE", "0/1h", "XIETONG_CAMPAIGN_OBJECTION_RATE: want a count"},
		{"XIETONG_CAMPAIGN_OBJECTION_RATE", "5/forever", "XIETONG_CAMPAIGN_OBJECTION_RATE: want a count"},
		{"XIETONG_CAMPAIGN_OBJECTION_MAX_LENGTH", "10", "XIETONG_CAMPAIGN_OBJECTION_MAX_LENGTH"},
		{"XIETONG_SCHEDULE_CAMPAIGN_NAMING", " ", "XIETONG_SCHEDULE_CAMPAIGN_NAMING: must not be empty"},
	} {
		_, err := config.Load(env(map[string]string{tt.key: tt.val}))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s=%q: got %v, want %q…", tt.key, tt.val, err, tt.want)
		}
	}
}
