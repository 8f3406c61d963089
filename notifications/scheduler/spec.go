package scheduler

import (
	"fmt"
	"strings"

	"github.com/robfig/cron/v3"
)

// CheckSpec reports whether spec may schedule a production job: a spec that
// robfig/cron's standard parser accepts (5 fields, or a descriptor such as
// @daily), except @every, whose intervals count from each process's start,
// so replicas would not agree on the runs' times, and a TZ= prefix, which
// would leave the configured zone. Its error is one line, meant to follow
// the name of the variable that holds spec.
func CheckSpec(spec string) error {
	switch {
	case strings.HasPrefix(spec, "@every"):
		return fmt.Errorf("@every is not allowed (replicas would not agree on its times), got %q", spec)
	case strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ="):
		return fmt.Errorf("a time zone prefix is not allowed (schedules follow XIETONG_TIMEZONE), got %q", spec)
	}
	if _, err := cron.ParseStandard(spec); err != nil {
		return fmt.Errorf("invalid cron spec %q: %s", spec, strings.ReplaceAll(err.Error(), "\n", " "))
	}
	return nil
}
