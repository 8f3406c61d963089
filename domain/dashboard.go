package domain

import "context"

// OrgCount is a number of tasks of one organisation.
type OrgCount struct {
	OrgID int64
	N     int
}

// OverdueByOrg counts the open overdue tasks per lead organisation, most
// first: where a bureau lead looks for whom to urge. Only actors who see
// every organisation's tasks may ask (ErrForbidden for others); overdue is
// judged as the task list judges it (OverdueCutoff of today).
func (s *TaskService) OverdueByOrg(ctx context.Context, a Actor) ([]OrgCount, error) {
	if a.Role == "" {
		return nil, Fail(ErrUnauthenticated, "auth.required")
	}
	if !ScopeOf(a).All {
		return nil, Fail(ErrForbidden, "auth.forbidden")
	}
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	return s.Store.OverdueByLeadOrg(ctx, OverdueCutoff(cal, s.today()))
}
