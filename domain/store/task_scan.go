package store

import (
	"strings"

	"github.com/jackc/pgx/v5/pgtype"
)

// The task reads of every request (one task, a page of tasks) scan their
// rows into typed variables, not through bun's reflection, which took a
// fifth of the server's CPU on a page of 50 (BENCHMARKS.md, issue 15). The
// columns are named once, here, in the order of the scan.

// taskColumns are the columns of tasks (alias t) a taskScanner reads, in
// its order.
var taskColumns = func() string {
	cols := make([]string, len(taskColumnNames))
	for i, c := range taskColumnNames {
		cols[i] = "t." + c
	}
	return strings.Join(cols, ", ")
}()

// taskColumnNames are the columns of taskRow, in the scan's order
// (TestTaskColumnsComplete checks them against the model).
var taskColumnNames = []string{"id", "title", "description", "lead_org_id", "community_id", "hotspot_id",
	"application_id", "indicator", "priority", "source", "category", "status", "due_date", "due_working_days",
	"assigned_on", "provisional", "original_due", "extension_to", "transfer_requested", "created_by", "version",
	"created_at", "updated_at", "closed_at", "accepted_at", "ladder_done", "ladder_step", "listed", "next_ladder_at",
	"co_org_ids"}

// taskScanner reads rows of taskColumns, then the extra columns it was
// made with, into taskRows. Its scan targets are made once, for every row.
//
// Its targets are read by database/sql and by pgx alike (queryRows): the
// nullable columns go into pgtype's types, which are sql.Scanners too.
type taskScanner struct {
	r                                                 taskRow
	community, hotspot, application, dueWD, createdBy pgtype.Int8
	indicator                                         pgtype.Text
	created, updated, closed, accepted, nextLadder    sqlTime
	dest                                              []any
}

func newTaskScanner(extra ...any) *taskScanner {
	s := &taskScanner{}
	r := &s.r
	s.dest = append([]any{&r.ID, &r.Title, &r.Description, &r.LeadOrgID, &s.community, &s.hotspot,
		&s.application, &s.indicator, &r.Priority, &r.Source, &r.Category, &r.Status, &r.DueDate, &s.dueWD,
		&r.AssignedOn, &r.Provisional, &r.OriginalDue, &r.ExtensionTo, &r.TransferRequested, &s.createdBy, &r.Version,
		&s.created, &s.updated, &s.closed, &s.accepted, &r.LadderDone, &r.LadderStep, &r.Listed, &s.nextLadder,
		&r.CoOrgIDs},
		extra...)
	return s
}

// scan reads the current row of rows.
func (s *taskScanner) scan(rows rowScanner) (taskRow, error) {
	if err := rows.Scan(s.dest...); err != nil {
		return taskRow{}, translate(err)
	}
	r := s.r
	r.CommunityID, r.HotspotID, r.ApplicationID = s.community.Int64, s.hotspot.Int64, s.application.Int64
	r.DueWorkingDays, r.CreatedBy, r.Indicator = int(s.dueWD.Int64), s.createdBy.Int64, s.indicator.String
	r.CreatedAt, r.UpdatedAt, r.ClosedAt = s.created.Time, s.updated.Time, s.closed.Time
	r.AcceptedAt, r.NextLadderAt = s.accepted.Time, s.nextLadder.Time
	return r, nil
}
