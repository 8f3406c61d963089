package domain

import "iter"

// ReportInput is everything BuildReport needs: the period, the report date
// and the organisations, tasks, hot-spots and communities in scope.
type ReportInput struct {
	// Scope describes what the inputs cover, for titles: "全省", "西安市",
	// an organisation's or a community's name. BuildReport copies it.
	Scope    string
	From, To Date // the period, both days included
	Today    Date // the report date: open and overdue are judged on it
	// Orgs lists every organisation in scope, so that one with no work
	// appears in the report as such. Their order is the order of
	// Report.OrgFigures.
	Orgs  []ReportOrg
	Tasks []ReportTask
	// TaskChunks holds more tasks, in slices as a store read them: a
	// province's quarter of a million tasks need not be copied into one
	// slice first. The tasks of the report are Tasks and those of every
	// chunk (AllTasks).
	TaskChunks [][]ReportTask
	// Hotspots and Communities are optional. Communities lists every
	// affordable-housing community in scope: they name the hot-spot rows.
	Hotspots    []ReportHotspotItem
	Communities []ReportCommunity
	// OpenCounts counts, per lead organisation, open tasks left out of
	// Tasks because all they can add to the report is one to Open: open on
	// Today, not overdue on it (due on or after OverdueCutoff(Today)), not
	// assigned or closed in the period, not due in it. At a province's scale these are
	// most of the open tasks, and a store counts them in the database
	// instead of loading each (BENCHMARKS.md, issue 5). Counts for an
	// organisation outside Orgs are ignored, like its tasks.
	OpenCounts map[int64]int
	// Policy is the deduction policy of the composite score; a zero
	// Version means DefaultReportPolicy.
	Policy ReportPolicy
}

// ReportOrg is an organisation in the report's scope.
type ReportOrg struct {
	ID     int64
	Name   string
	NameEn string
	Type   string
	Region string
}

// ReportTask is what the report needs to know about one task, as of Today.
type ReportTask struct {
	ID          int64
	Title       string
	LeadOrgID   int64
	CommunityID int64
	Priority    Priority
	Status      Status
	Category    string // one of Categories(), or ""
	HotspotID   int64  // the hot-spot it was dispatched from, 0 if none
	AssignedOn  Date
	// Due is the current deadline, moved by every granted extension;
	// OriginalDue is the first one (zero when never extended).
	Due         Date
	OriginalDue Date
	AcceptedOn  Date // the first acceptance; zero if never accepted
	// ClosedOn is the day of the latest closure, zero while the task is open
	// (a reopened task is open again).
	ClosedOn          Date
	ExtensionsAsked   int
	ExtensionsGranted int
	Returns           int
	Transfers         int // transfer (转办) requests
	Reopens           int
	LadderStep        string // the highest supervision step taken, "" if none
	Listed            bool   // under listed supervision (挂牌督办)
}

// ReportHotspotItem is what the report needs to know about one hot-spot
// issue. (ReportHotspot is the command a community files.)
type ReportHotspotItem struct {
	ID           int64
	CommunityID  int64
	Status       HotspotStatus
	ReportedOn   Date
	DispatchedOn Date // the first dispatch; zero if never dispatched
	ResolvedOn   Date // zero unless resolved
	// FeedbackOn is the day of the community's latest feedback and
	// Satisfaction its answer; zero and "" before any feedback.
	FeedbackOn   Date
	Satisfaction Satisfaction
	Reopens      int // times the community answered unsatisfied
	// LeadOrgIDs are the lead organisations of its tasks: an unsatisfied
	// answer costs each of them (ReportPolicy.Unsatisfied).
	LeadOrgIDs []int64
}

// ReportCommunity is an affordable-housing community in scope.
type ReportCommunity struct {
	ID     int64
	Name   string
	NameEn string
	Region string
}

// AllTasks yields every task of in: Tasks, then each of TaskChunks.
func (in *ReportInput) AllTasks() iter.Seq[*ReportTask] {
	return func(yield func(*ReportTask) bool) {
		for i := range in.Tasks {
			if !yield(&in.Tasks[i]) {
				return
			}
		}
		for _, c := range in.TaskChunks {
			for i := range c {
				if !yield(&c[i]) {
					return
				}
			}
		}
	}
}

// TaskCount is the number of tasks AllTasks yields.
func (in *ReportInput) TaskCount() int {
	n := len(in.Tasks)
	for _, c := range in.TaskChunks {
		n += len(c)
	}
	return n
}
