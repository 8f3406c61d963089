package config

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Applications configures the review of campaign applications.
type Applications struct {
	// NoticeDays is the public notice's length in working days.
	// XIETONG_CAMPAIGN_NOTICE_DAYS.
	NoticeDays int
	// StepDays are the working days each review step is given, by step
	// ("review": the city's review; "inspect": the province's inspection
	// and decision). XIETONG_CAMPAIGN_STEP_DAYS.
	StepDays map[string]int
}

// applicationSteps are the steps XIETONG_CAMPAIGN_STEP_DAYS may name.
var applicationSteps = []string{"review", "inspect"}

// applicationSpecs are the variables of the application review.
func applicationSpecs() []spec {
	return []spec{
		intSpec("XIETONG_CAMPAIGN_NOTICE_DAYS", "5", "working days an accepted application's public notice runs (1 to 60)", 1, 60,
			func(c *Config) *int { return &c.Applications.NoticeDays }),
		{
			name: "XIETONG_CAMPAIGN_STEP_DAYS", def: "review=10,inspect=20",
			meaning: "working days each review step of an application is given: review (the city's review), inspect (the province's inspection and decision), 1 to 250 each",
			set: func(c *Config, v string) error {
				m, err := parseStepDays(v)
				if err != nil {
					return err
				}
				c.Applications.StepDays = m
				return nil
			},
			get: func(c Config) string { return formatStepDays(c.Applications.StepDays) },
		},
	}
}

// parseStepDays reads "review=10,inspect=20"; a step left out keeps its
// default.
func parseStepDays(v string) (map[string]int, error) {
	m := map[string]int{"review": 10, "inspect": 20}
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, n, ok := strings.Cut(part, "=")
		k = strings.TrimSpace(k)
		if !ok || !slices.Contains(applicationSteps, k) {
			return nil, fmt.Errorf("%q: want STEP=DAYS with STEP one of %s", part, strings.Join(applicationSteps, ", "))
		}
		d, err := parseInt(strings.TrimSpace(n), 1, 250)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		m[k] = d
	}
	return m, nil
}

func formatStepDays(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + strconv.Itoa(m[k])
	}
	return strings.Join(parts, ",")
}
