package domain

import (
	"errors"
	"reflect"
	"slices"
	"testing"

	"xietong/domain/calendar"
)

// TestNext covers every action from every status: the whole workflow.
func TestNext(t *testing.T) {
	const (
		as = StatusAssigned
		ac = StatusAccepted
		ip = StatusInProgress
		sb = StatusSubmitted
		cl = StatusClosed
		no = Status("") // not allowed: 409
	)
	// want[action] lists the result from assigned, accepted, in_progress,
	// submitted and closed, in that order.
	want := map[Action][5]Status{
		ActAccept:           {ac, no, no, no, no},
		ActProgress:         {no, ip, ip, no, no},
		ActSubmit:           {no, sb, sb, no, no},
		ActClose:            {no, no, no, cl, no},
		ActReturn:           {no, no, no, ip, no},
		ActReassign:         {as, as, as, no, no},
		ActRequestExtension: {as, ac, ip, no, no},
		ActApproveExtension: {as, ac, ip, sb, no},
		ActRejectExtension:  {as, ac, ip, sb, no},
		ActRequestTransfer:  {as, ac, ip, no, no},
		ActRejectTransfer:   {as, ac, ip, no, no},
		ActNote:             {as, ac, ip, sb, cl},
		ActReopen:           {no, no, no, no, ip},
	}
	if len(want) != len(Actions()) {
		t.Fatalf("table covers %d actions, the workflow has %d", len(want), len(Actions()))
	}
	for _, a := range Actions() {
		for i, from := range Statuses() {
			t.Run(string(a)+"/"+string(from), func(t *testing.T) {
				got, err := Next(from, a)
				w := want[a][i]
				if w == no {
					if !errors.Is(err, ErrConflict) || got != from {
						t.Errorf("got %q, %v; want ErrConflict and status unchanged", got, err)
					}
					return
				}
				if err != nil || got != w {
					t.Errorf("got %q, %v; want %q", got, err, w)
				}
			})
		}
	}
	if _, err := Next(StatusAssigned, "dance"); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown action: got %v, want ErrInvalid", err)
	}
}

// TestActionsFrom lists what the workflow allows in each status.
func TestActionsFrom(t *testing.T) {
	tests := []struct {
		name string
		cur  Status
		want []Action
	}{
		{"assigned", StatusAssigned, []Action{ActAccept, ActReassign, ActRequestExtension, ActApproveExtension,
			ActRejectExtension, ActRequestTransfer, ActRejectTransfer, ActNote}},
		{"accepted", StatusAccepted, []Action{ActProgress, ActSubmit, ActReassign, ActRequestExtension,
			ActApproveExtension, ActRejectExtension, ActRequestTransfer, ActRejectTransfer, ActNote}},
		{"in progress", StatusInProgress, []Action{ActProgress, ActSubmit, ActReassign, ActRequestExtension,
			ActApproveExtension, ActRejectExtension, ActRequestTransfer, ActRejectTransfer, ActNote}},
		{"submitted", StatusSubmitted, []Action{ActClose, ActReturn, ActApproveExtension, ActRejectExtension, ActNote}},
		{"closed", StatusClosed, []Action{ActNote, ActReopen}},
		{"unknown", "lost", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ActionsFrom(tt.cur); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			for _, a := range Actions() {
				_, err := Next(tt.cur, a)
				if got, want := AllowedFrom(tt.cur, a), err == nil; got != want {
					t.Errorf("AllowedFrom(%s): got %v, want %v as Next says", a, got, want)
				}
			}
		})
	}
}

// TestReplyActionsFrom: the commands a reply may carry in each status.
func TestReplyActionsFrom(t *testing.T) {
	tests := []struct {
		name string
		cur  Status
		want []Action
	}{
		{"assigned", StatusAssigned, []Action{ActAccept, ActRequestExtension}},
		{"accepted", StatusAccepted, []Action{ActProgress, ActSubmit, ActRequestExtension}},
		{"in progress", StatusInProgress, []Action{ActProgress, ActSubmit, ActRequestExtension}},
		{"submitted", StatusSubmitted, nil},
		{"closed", StatusClosed, nil},
		{"unknown", "lost", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReplyActionsFrom(tt.cur); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestReplyActionsParsed: every action a reply may name is what one of the
// reply commands becomes, and no command becomes another action.
func TestReplyActionsParsed(t *testing.T) {
	var got []Action
	for _, cmd := range []string{"accept", "progress", "submit", "extend"} {
		c, reason := replyCommand(Reply{Command: cmd, Note: "n", CommandDate: "2025-03-31"}, nil)
		if reason != "" {
			t.Fatalf("command %q refused: %s", cmd, reason)
		}
		got = append(got, c.Action)
	}
	if want := ReplyActions(); !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestNeedsNote: the actions whose commands must carry a note, which is
// what Validate refuses without one.
func TestNeedsNote(t *testing.T) {
	tests := []struct {
		a    Action
		want bool
	}{
		{ActAccept, false},
		{ActProgress, true},
		{ActSubmit, true},
		{ActClose, false},
		{ActReturn, true},
		{ActReassign, false},
		{ActRequestExtension, true},
		{ActApproveExtension, false},
		{ActRejectExtension, true},
		{ActRequestTransfer, true},
		{ActRejectTransfer, true},
		{ActNote, true},
		{ActReopen, false},
		{"dance", false},
	}
	if len(tests) != len(Actions())+1 {
		t.Fatalf("table covers %d actions, the workflow has %d", len(tests)-1, len(Actions()))
	}
	for _, tt := range tests {
		t.Run(string(tt.a), func(t *testing.T) {
			if got := NeedsNote(tt.a); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if tt.a == ActReopen || tt.a == "dance" {
				return // not a command a client may send
			}
			cmd := TaskCommand{Action: tt.a, DueDate: calendar.NewDate(2000, 1, 1), LeadOrgID: 1}
			if got := ErrorKey(cmd.Validate()) == "task.note_required"; got != tt.want {
				t.Errorf("Validate without a note: note_required %v, want %v", got, tt.want)
			}
		})
	}
}

// TestOpenStatuses: every status but closed, each IsOpen.
func TestOpenStatuses(t *testing.T) {
	want := []Status{StatusAssigned, StatusAccepted, StatusInProgress, StatusSubmitted}
	if got := OpenStatuses(); !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for _, s := range Statuses() {
		if got, want := slices.Contains(OpenStatuses(), s), s.IsOpen(); got != want {
			t.Errorf("%s: in OpenStatuses %v, IsOpen %v", s, got, want)
		}
	}
}

// TestStatusValid: only the workflow's statuses are valid.
func TestStatusValid(t *testing.T) {
	for _, s := range Statuses() {
		if !s.Valid() {
			t.Errorf("%s not valid", s)
		}
	}
	for _, s := range []Status{"", "lost", "Closed"} {
		if s.Valid() {
			t.Errorf("%q valid", s)
		}
	}
}

// TestTaskAccess is the role × relation × action matrix of who may act.
func TestTaskAccess(t *testing.T) {
	task := Task{LeadOrgID: 10, CoOrgIDs: []int64{20, 21}, CommunityID: 5}
	actors := []struct {
		name string
		a    Actor
		see  bool
		acts []Action
	}{
		{"admin", Actor{Role: RoleAdmin, UserID: 1}, true,
			[]Action{ActNote, ActClose, ActReturn, ActReassign, ActApproveExtension, ActRejectExtension, ActRejectTransfer}},
		{"bureau lead", Actor{Role: RoleLead, UserID: 2}, true,
			[]Action{ActNote, ActClose, ActReturn, ActReassign, ActApproveExtension, ActRejectExtension, ActRejectTransfer}},
		{"lead organisation", Actor{Role: RoleDepartment, OrgID: 10}, true,
			[]Action{ActAccept, ActProgress, ActSubmit, ActRequestExtension, ActRequestTransfer, ActNote}},
		{"co-organiser", Actor{Role: RoleDepartment, OrgID: 21}, true, []Action{ActNote}},
		{"other organisation", Actor{Role: RoleDepartment, OrgID: 99}, false, nil},
		{"department without organisation", Actor{Role: RoleDepartment}, false, nil},
		{"own community", Actor{Role: RoleCommunity, CommunityID: 5}, false, nil},
		{"other community", Actor{Role: RoleCommunity, CommunityID: 6}, false, nil},
		{"leadership", Actor{Role: RoleLeadership}, true, nil},
		{"system", Actor{Role: RoleAdmin, Channel: ChannelSystem}, true,
			[]Action{ActNote, ActClose, ActReturn, ActReassign, ActApproveExtension, ActRejectExtension, ActRejectTransfer, ActReopen}},
	}
	for _, tt := range actors {
		t.Run(tt.name, func(t *testing.T) {
			if got := CanSeeTask(tt.a, task); got != tt.see {
				t.Errorf("CanSeeTask: got %v, want %v", got, tt.see)
			}
			for _, act := range Actions() {
				want := false
				for _, x := range tt.acts {
					want = want || x == act
				}
				if got := CanAct(tt.a, act, task); got != want {
					t.Errorf("CanAct(%s): got %v, want %v", act, got, want)
				}
			}
		})
	}
}

func TestDeadlines(t *testing.T) {
	cal := calendar.New(calendar.Official()...)
	d := calendar.NewDate
	tests := []struct {
		name     string
		assigned Date
		n        int
		want     Date
	}{
		// 5 working days from Friday 24 Jan 2025: Sun 26 (调休), Mon 27, then
		// the Spring Festival break (28 Jan–4 Feb), Wed 5, Thu 6, Fri 7 Feb.
		{"across Spring Festival 2025", d(2025, 1, 24), 5, d(2025, 2, 7)},
		{"make-up Saturday after the festival", d(2025, 2, 7), 1, d(2025, 2, 8)},
		{"across National Day 2025", d(2025, 9, 30), 1, d(2025, 10, 9)},
		{"across Spring Festival 2026", d(2026, 2, 13), 2, d(2026, 2, 24)},
		{"ordinary week", d(2025, 3, 3), 5, d(2025, 3, 10)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, prov := cal.AddWorkingDays(tt.assigned, tt.n); got != tt.want || prov {
				t.Errorf("got %v (provisional %v), want %v", got, prov, tt.want)
			}
		})
	}
	if _, prov := cal.AddWorkingDays(d(2029, 12, 28), 3); !prov {
		t.Error("a deadline in an unloaded year must be provisional")
	}

	due := d(2025, 2, 6) // Thursday after the Spring Festival
	states := []struct {
		name   string
		status Status
		today  Date
		want   DeadlineState
		late   int
	}{
		{"far ahead", StatusAccepted, d(2025, 1, 20), OnTrack, 0},
		{"three working days left over the holiday", StatusAccepted, d(2025, 1, 27), DueSoon, 0},
		{"on the day", StatusInProgress, due, DueSoon, 0},
		{"day after", StatusInProgress, d(2025, 2, 7), Overdue, 1},
		{"over the weekend and the make-up Saturday", StatusAssigned, d(2025, 2, 10), Overdue, 3},
		{"submitted still counts", StatusSubmitted, d(2025, 2, 7), Overdue, 1},
		{"closed has no light", StatusClosed, d(2025, 3, 1), Done, 0},
	}
	for _, tt := range states {
		t.Run(tt.name, func(t *testing.T) {
			if got := StateOf(cal, tt.status, due, tt.today); got != tt.want {
				t.Errorf("state: got %s, want %s", got, tt.want)
			}
			if tt.status.IsOpen() {
				if got := DaysOverdue(cal, due, tt.today); got != tt.late {
					t.Errorf("days overdue: got %d, want %d", got, tt.late)
				}
			}
		})
	}
	// Due Friday 7 March 2025: the weekend is no lateness, Monday is.
	friday := d(2025, 3, 7)
	for _, tt := range []struct {
		today Date
		want  DeadlineState
	}{{d(2025, 3, 8), DueSoon}, {d(2025, 3, 9), DueSoon}, {d(2025, 3, 10), Overdue}} {
		if got := StateOf(cal, StatusAccepted, friday, tt.today); got != tt.want {
			t.Errorf("due Friday, on %v: got %s, want %s", tt.today, got, tt.want)
		}
	}
	if got := OverdueCutoff(cal, d(2025, 10, 5)); got != d(2025, 9, 30) {
		t.Errorf("cutoff in the National Day break: got %v, want 2025-09-30", got)
	}
}

func TestAvailableActions(t *testing.T) {
	lead := Actor{Role: RoleLead, UserID: 1}
	dept := Actor{Role: RoleDepartment, OrgID: 10}
	co := Actor{Role: RoleDepartment, OrgID: 20}
	base := Task{LeadOrgID: 10, CoOrgIDs: []int64{20}}
	with := func(f func(*Task)) Task { t := base; f(&t); return t }
	tests := []struct {
		name  string
		actor Actor
		task  Task
		want  []Action
	}{
		{"department, assigned", dept, with(func(t *Task) { t.Status = StatusAssigned }),
			[]Action{ActAccept, ActRequestExtension, ActRequestTransfer, ActNote}},
		{"department, extension pending", dept, with(func(t *Task) { t.Status = StatusInProgress; t.ExtensionTo = calendar.NewDate(2025, 4, 1) }),
			[]Action{ActProgress, ActSubmit, ActRequestTransfer, ActNote}},
		{"bureau, extension pending", lead, with(func(t *Task) { t.Status = StatusInProgress; t.ExtensionTo = calendar.NewDate(2025, 4, 1) }),
			[]Action{ActReassign, ActApproveExtension, ActRejectExtension, ActNote}},
		{"bureau, transfer pending", lead, with(func(t *Task) { t.Status = StatusAccepted; t.TransferRequested = true }),
			[]Action{ActReassign, ActRejectTransfer, ActNote}},
		{"bureau, submitted", lead, with(func(t *Task) { t.Status = StatusSubmitted }),
			[]Action{ActClose, ActReturn, ActNote}},
		{"co-organiser", co, with(func(t *Task) { t.Status = StatusInProgress }), []Action{ActNote}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AvailableActions(tt.actor, tt.task)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}

// TestEnumsAreFresh: the enum lists are functions returning a fresh slice,
// so a caller that changes one changes no one else's.
func TestEnumsAreFresh(t *testing.T) {
	tests := []struct {
		name  string
		check func(t *testing.T)
	}{
		{"Statuses", fresh(Statuses)},
		{"OpenStatuses", fresh(OpenStatuses)},
		{"Actions", fresh(Actions)},
		{"ReplyActions", fresh(ReplyActions)},
		{"Roles", fresh(Roles)},
		{"HotspotStatuses", fresh(HotspotStatuses)},
		{"OutboxStatuses", fresh(OutboxStatuses)},
		{"LadderSteps", fresh(LadderSteps)},
		{"Audiences", fresh(Audiences)},
		{"Categories", fresh(Categories)},
		{"Scales", fresh(Scales)},
		{"ReportKinds", fresh(ReportKinds)},
		{"LadderTemplates", fresh(LadderTemplates)},
		{"MailKinds", fresh(MailKinds)},
		{"RecipientRoles", fresh(RecipientRoles)},
		{"RefusalReasons", fresh(RefusalReasons)},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.check)
	}
}

// fresh checks that list returns a non-empty list without duplicates that
// its caller may change.
func fresh[S ~string](list func() []S) func(t *testing.T) {
	return func(t *testing.T) {
		first := list()
		if len(first) == 0 {
			t.Fatal("empty")
		}
		want := slices.Clone(first)
		first[0] = "changed"
		if got := list(); !slices.Equal(got, want) {
			t.Errorf("after changing a returned slice: got %v, want %v", got, want)
		}
		seen := map[S]bool{}
		for _, v := range want {
			if seen[v] {
				t.Errorf("%q listed twice", v)
			}
			seen[v] = true
		}
	}
}

// TestMailKinds: the ladder's kinds are mail kinds, and the supervision
// report, rendered when queued, is not.
func TestMailKinds(t *testing.T) {
	kinds := MailKinds()
	for _, k := range LadderTemplates() {
		if !slices.Contains(kinds, k) {
			t.Errorf("ladder template %s is no mail kind", k)
		}
	}
	for _, a := range audiences {
		if !slices.Contains(kinds, a.kind) {
			t.Errorf("event mail %s is no mail kind", a.kind)
		}
	}
	if slices.Contains(kinds, MailSupervisionReport) {
		t.Errorf("%s listed", MailSupervisionReport)
	}
}

// TestNoticeRoundTrip: a Notice comes back from its payload unchanged.
func TestNoticeRoundTrip(t *testing.T) {
	n := Notice{TaskID: 42, TaskTitle: "标题", CoOrgs: []string{"a", "b"}, WorkingDaysLeft: -3, Provisional: true,
		Role: RecipientHead, Step: string(StepUrge), Listed: true, Reason: ReasonWebOnly, Link: "https://x.example/tasks/42"}
	got, err := DecodeNotice(n.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, n) {
		t.Errorf("got %+v, want %+v", got, n)
	}
	if _, err := DecodeNotice([]byte("{")); err == nil {
		t.Error("broken payload decoded")
	}
}
