package mail

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"xietong/domain"
)

// dueSoonWorkingDays is how close a deadline is shown as near (amber), as
// on the web (domain.DueSoonWorkingDays).
const dueSoonWorkingDays = 3

// view is what the templates and catalog messages see: the notice with
// single-line fields folded, and methods for the words that depend on it.
//
// The notice's fields are the view's own, not an embedded domain.Notice:
// text/template finds a field of an embedded struct through reflect's
// FieldByNameFunc, which walks the struct and allocates on every lookup (a
// seventh of rendering). TestViewHasTheNotice checks that every field of
// domain.Notice is here, of the same type, and copied by newView.
type view struct {
	TaskID          int64
	TaskTitle       string
	TaskStatus      string
	Priority        string
	LeadOrg         string
	CoOrgs          []string
	Community       string
	DueDate         string
	WorkingDaysLeft int
	Provisional     bool
	Actor           string
	ActorOrg        string
	Note            string
	Action          string
	NewDueDate      string
	RecipientName   string
	Role            string
	HotspotID       int64
	HotspotTitle    string
	Reason          string
	Link            string
	Step            string
	Listed          bool
	ApplicationID   int64
	Level           string
	Score           string
	NoticeID        int64
	TitleID         int64
	ObjectionID     int64
	City            string
	PeriodFrom      string
	PeriodTo        string
	CertificateNo   string
	GrantedOn       string
	ExpiresOn       string

	Kind    string
	Lang    string
	Subject string
	cat     catalog
	// said memoizes T: a message is the same each time within one
	// render, and a mail asks for some several times (the tag, the
	// labels).
	said map[string]string
}

func newView(kind, lang string, p domain.Notice, cat catalog) *view {
	for _, s := range []*string{&p.TaskTitle, &p.LeadOrg, &p.Community, &p.Actor, &p.ActorOrg,
		&p.RecipientName, &p.HotspotTitle, &p.DueDate, &p.NewDueDate, &p.City, &p.CertificateNo} {
		*s = oneLine(*s)
	}
	p.CoOrgs = slices.Clone(p.CoOrgs)
	for i := range p.CoOrgs {
		p.CoOrgs[i] = oneLine(p.CoOrgs[i])
	}
	p.Note = normalizeNote(p.Note)
	p.Step = canonicalStep(strings.TrimSpace(p.Step))
	if p.Step == "" && isLadder(kind) {
		p.Step = strings.TrimPrefix(kind, ladderPrefix)
	}
	p.Link = validLink(p.Link)
	return &view{TaskID: p.TaskID, TaskTitle: p.TaskTitle, TaskStatus: p.TaskStatus, Priority: p.Priority,
		LeadOrg: p.LeadOrg, CoOrgs: p.CoOrgs, Community: p.Community, DueDate: p.DueDate,
		WorkingDaysLeft: p.WorkingDaysLeft, Provisional: p.Provisional, Actor: p.Actor, ActorOrg: p.ActorOrg,
		Note: p.Note, Action: p.Action, NewDueDate: p.NewDueDate, RecipientName: p.RecipientName, Role: p.Role,
		HotspotID: p.HotspotID, HotspotTitle: p.HotspotTitle, Reason: p.Reason, Link: p.Link, Step: p.Step,
		Listed: p.Listed, ApplicationID: p.ApplicationID, Level: p.Level, Score: p.Score, NoticeID: p.NoticeID,
		TitleID: p.TitleID, ObjectionID: p.ObjectionID, City: p.City, PeriodFrom: p.PeriodFrom,
		PeriodTo: p.PeriodTo, CertificateNo: p.CertificateNo, GrantedOn: p.GrantedOn, ExpiresOn: p.ExpiresOn,
		Kind: kind, Lang: lang, cat: cat}
}

// T renders catalog message key over v.
func (v *view) T(key string) (string, error) {
	if s, ok := v.said[key]; ok {
		return s, nil
	}
	s, err := v.cat.text(key, v)
	if err != nil {
		return "", err
	}
	if v.said == nil {
		v.said = make(map[string]string, 32)
	}
	v.said[key] = s
	return s, nil
}

// Has reports whether the catalog has message key.
func (v *view) Has(key string) bool { _, ok := v.cat[key]; return ok }

// word translates a code word through prefix+code, or returns it as is.
func (v *view) word(prefix, code string) (string, error) {
	if code == "" || !v.Has(prefix+code) {
		return code, nil
	}
	return v.T(prefix + code)
}

// IsTask reports whether the message is about a task: it carries the task
// tag, the task card and the reply instructions.
func (v *view) IsTask() bool { return v.TaskID != 0 && !isHotspot(v.Kind) && !isApplication(v.Kind) }

// IsApplication reports whether the message is about a campaign
// application.
func (v *view) IsApplication() bool { return isApplication(v.Kind) }

// IsHotspot reports whether the message is about a hot-spot issue.
func (v *view) IsHotspot() bool { return isHotspot(v.Kind) }

// Tag is the subject tag: the task's, else the hot-spot's, else "".
func (v *view) Tag() (string, error) {
	switch {
	case v.IsTask():
		return v.T("tag.task")
	case v.IsHotspot() && v.HotspotID != 0:
		return v.T("tag.hotspot")
	case v.IsApplication() && v.ApplicationID != 0:
		return v.T("tag.application")
	}
	return "", nil
}

// Replyable reports whether a reply to the message is applied to a task,
// so that it carries the reply instructions. Leadership is not on the task,
// so its replies would be refused; and the ladder asks the assigning lead
// to follow the task up, which is done on the platform.
func (v *view) Replyable() bool {
	switch a := v.Audience(); {
	case !v.IsTask() || v.Kind == domain.MailReplyRefused || a == domain.RecipientLeadership:
		return false
	case a == domain.RecipientAssigner && isLadder(v.Kind):
		return false
	}
	return true
}

// Audience is who the message is for: lead, co, assigner, head,
// leadership (task mail), community (hot-spot mail) or sender (a refused
// reply).
func (v *view) Audience() string {
	switch {
	case v.Kind == domain.MailReplyRefused:
		return "sender"
	case v.IsHotspot():
		return "community"
	case v.IsApplication():
		if v.Role == domain.RecipientApplicant {
			return domain.RecipientApplicant
		}
		return domain.RecipientReviewer
	case isCampaign(v.Kind):
		return "campaign"
	case slices.Contains(domain.RecipientRoles(), v.Role):
		return v.Role
	case usualRoles[v.Kind] != "":
		return usualRoles[v.Kind]
	}
	return domain.RecipientLead
}

// L is the label key followed by the label separator ("主办单位：").
func (v *view) L(key string) (string, error) {
	l, err := v.T("label." + key)
	if err != nil {
		return "", err
	}
	sep, err := v.T("sep.label")
	return l + sep, err
}

// row is one line of a card: a label and its value.
type row struct{ Label, Value string }

// Row builds a card row labelled by label.KEY.
func (v *view) Row(key, value string) (row, error) {
	l, err := v.T("label." + key)
	return row{l, value}, err
}

// NoteLabel introduces the quoted note: the kind's own label (KIND.note),
// or the generic one.
func (v *view) NoteLabel() (string, error) {
	if k := v.Kind + ".note"; v.Has(k) {
		return v.T(k)
	}
	return v.T("label.note")
}

// Headline says what happened (KIND.headline). An application's mail to
// a reviewing bureau rather than to the applicant uses
// KIND.headline_reviewer where the kind has it (the province's decision,
// told to the city bureau that recommended).
func (v *view) Headline() (string, error) {
	if k := v.Kind + ".headline_reviewer"; v.IsApplication() && v.Audience() == domain.RecipientReviewer && v.Has(k) {
		return v.T(k)
	}
	return v.T(v.Kind + ".headline")
}

// LinkLabel names what the link opens.
func (v *view) LinkLabel() (string, error) {
	switch {
	case v.IsHotspot():
		return v.T("link.hotspot")
	case v.IsApplication():
		return v.T("link.application")
	case v.IsTask():
		return v.T("link.task")
	}
	return v.T("link.home")
}

// Why says why the recipient receives the message.
func (v *view) Why() (string, error) { return v.T("footer.why." + v.Audience()) }

// Closed reports whether the task was closed when the message was queued.
func (v *view) Closed() bool { return v.TaskStatus == string(domain.StatusClosed) }

// replyCommands name the reply commands (reply.cmd.NAME) that the
// workflow's reply actions (domain.ReplyActions) are written as.
var replyCommands = map[domain.Action]string{
	domain.ActAccept:           "accept",
	domain.ActProgress:         "progress",
	domain.ActSubmit:           "done",
	domain.ActRequestExtension: "extend",
}

// Commands lists the reply commands the recipient may use, in words: only
// the lead organisation (its contact, users or head) acts by email, and
// only while it holds the task, with the commands the workflow allows in
// the task's status (an unknown status lists them all). Empty means a
// reply becomes a note.
func (v *view) Commands() ([]string, error) {
	if a := v.Audience(); a != domain.RecipientLead && a != domain.RecipientHead {
		return nil, nil
	}
	acts := domain.ReplyActions()
	if st := domain.Status(v.TaskStatus); st.Valid() {
		acts = domain.ReplyActionsFrom(st)
	}
	var out []string
	for _, a := range acts {
		s, err := v.T("reply.cmd." + replyCommands[a])
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// ActorText names who did it, with their organisation.
func (v *view) ActorText() (string, error) {
	if v.Actor == "" && v.ActorOrg == "" {
		return v.T("actor.system")
	}
	return v.T("actor")
}

// StatusText is the task status in words.
func (v *view) StatusText() (string, error) { return v.word("status.", v.TaskStatus) }

// PriorityText is the priority in words.
func (v *view) PriorityText() (string, error) { return v.word("priority.", v.Priority) }

// StepText is the ladder step in words, marked when the task is under
// listed supervision at a lower step; "" when there is neither.
func (v *view) StepText() (string, error) {
	switch {
	case v.Step == "" && v.Listed:
		return v.T("step." + string(domain.StepListed))
	case v.Step == "":
		return "", nil
	}
	s, err := v.word("step.", v.Step)
	if err != nil || !v.Listed || v.Step == string(domain.StepListed) {
		return s, err
	}
	mark, err := v.T("step.listed_mark")
	return s + mark, err
}

// ToDo says what the recipient of ladder mail is asked to do
// (ladder.todo.AUDIENCE), and how: by reply or on the platform.
func (v *view) ToDo() (string, error) {
	todo, err := v.T("ladder.todo." + v.Audience())
	if err != nil {
		return "", err
	}
	how := "ladder.how.web"
	if v.Replyable() {
		how = "ladder.how.reply"
	}
	h, err := v.T(how)
	return todo + h, err
}

// ReasonText explains a refusal code.
func (v *view) ReasonText() (string, error) {
	if v.Has("refusal." + v.Reason) {
		return v.T("refusal." + v.Reason)
	}
	return v.T("refusal.other")
}

// CoOrgText lists the co-organisers.
func (v *view) CoOrgText() (string, error) {
	sep, err := v.T("list.sep")
	return strings.Join(v.CoOrgs, sep), err
}

// Weekday is the deadline's day of the week in words, or "".
func (v *view) Weekday() (string, error) {
	d, err := time.Parse(time.DateOnly, v.DueDate)
	if err != nil {
		return "", nil
	}
	return v.T("weekday." + strconv.Itoa(int(d.Weekday())))
}

// DateText is the deadline with its weekday.
func (v *view) DateText() (string, error) {
	if v.DueDate == "" {
		return "", nil
	}
	return v.T("due.date")
}

// Overdue reports whether the open task was overdue when queued.
func (v *view) Overdue() bool { return v.DueDate != "" && !v.Closed() && v.WorkingDaysLeft < 0 }

// DueSoon reports whether the open task's deadline was near when queued.
func (v *view) DueSoon() bool {
	return v.DueDate != "" && !v.Closed() && v.WorkingDaysLeft >= 0 && v.WorkingDaysLeft <= dueSoonWorkingDays
}

// DaysOverdue is how many working days the task was overdue.
func (v *view) DaysOverdue() int { return max(0, -v.WorkingDaysLeft) }

// DaysText is "还剩 N 个工作日" and the like; "" for a closed task.
func (v *view) DaysText() (string, error) {
	switch {
	case v.DueDate == "" || v.Closed():
		return "", nil
	case v.WorkingDaysLeft < 0:
		return v.T("due.overdue")
	case v.WorkingDaysLeft == 0:
		return v.T("due.today")
	}
	return v.T("due.left")
}

// NoteLines is the note split into lines, for quoting.
func (v *view) NoteLines() []string { return noteLines(v.Note) }

// ladderPrefix starts the kinds of the supervision ladder, one per step:
// "ladder_" + step (domain.MailLadderRemind and the others).
const ladderPrefix = "ladder_"

// isHotspot reports whether kind is about a hot-spot issue rather than a
// task.
func isHotspot(kind string) bool { return strings.HasPrefix(kind, "hotspot_") }

// isApplication reports whether kind is about a campaign application.
func isApplication(kind string) bool { return strings.HasPrefix(kind, "application_") }

// isCampaign reports whether kind is about the campaign's notices and
// titles (domain.MailTitleGranted and the others).
func isCampaign(kind string) bool { return strings.HasPrefix(kind, "campaign_") }

// LevelText names a campaign message's level (a city or a province
// title), "" when it has none.
func (v *view) LevelText() (string, error) {
	if v.Level == "" || !v.Has("level."+v.Level) {
		return "", nil
	}
	return v.T("level." + v.Level)
}

// isLadder reports whether kind is a step of the supervision ladder.
func isLadder(kind string) bool { return strings.HasPrefix(kind, ladderPrefix) }

// usualRoles are the kinds whose usual recipient is not the lead
// organisation: an empty Notice.Role means the role given here for them,
// and domain.RecipientLead for the others.
var usualRoles = map[string]string{
	domain.MailTaskAccepted: domain.RecipientAssigner, domain.MailTaskSubmitted: domain.RecipientAssigner,
	domain.MailTaskExtensionRequested: domain.RecipientAssigner,
	domain.MailTaskTransferRequested:  domain.RecipientAssigner, domain.MailTaskNote: domain.RecipientAssigner,
	domain.MailLadderSupervise: domain.RecipientHead, domain.MailLadderListed: domain.RecipientLeadership,
}

// stepAliases maps the other names a task's recorded step may carry to
// the ladder steps (domain.LadderSteps).
var stepAliases = map[string]string{"reminder": string(domain.StepRemind), "supervision": string(domain.StepSupervise),
	"listed_supervision": string(domain.StepListed)}

// canonicalStep returns the ladder step s names, or s itself.
func canonicalStep(s string) string {
	if c, ok := stepAliases[s]; ok {
		return c
	}
	return s
}

// isStep reports whether s is one of the ladder steps.
func isStep(s string) bool { return slices.Contains(domain.LadderSteps(), domain.LadderStep(s)) }
