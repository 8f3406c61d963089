package mail

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"

	"xietong/domain"
	"xietong/notifications/golden"
)

// taskNotice is the task every golden case starts from.
func taskNotice() domain.Notice {
	return domain.Notice{
		TaskID: 42, TaskTitle: "紫薇小区加装电梯入户摸底", TaskStatus: "in_progress", Priority: "urgent",
		LeadOrg: "雁塔区住房和城乡建设局", CoOrgs: []string{"雁塔区民政局", "曲江街道办事处"}, Community: "紫薇社区",
		DueDate: "2025-03-14", WorkingDaysLeft: 5, Actor: "王建国", ActorOrg: "市住建局督办科",
		RecipientName: "李娜", Role: domain.RecipientLead, Link: "https://xietong.example.gov.cn/tasks/42",
	}
}

// hotspotNotice is the hot-spot every hot-spot case starts from.
func hotspotNotice() domain.Notice {
	return domain.Notice{
		HotspotID: 7, HotspotTitle: "3号楼电梯频繁停运", TaskStatus: "dispatched", Community: "紫薇社区",
		RecipientName: "赵敏", Link: "https://xietong.example.gov.cn/hotspots/7",
	}
}

// goldenCase is one rendering kept in testdata/NAME.LANG.golden.
type goldenCase struct {
	name string
	kind string
	p    domain.Notice
}

func goldenCases() []goldenCase {
	with := func(f func(p *domain.Notice)) domain.Notice {
		p := taskNotice()
		f(&p)
		return p
	}
	// ladder mail is sent by the system, not by a person.
	ladder := func(f func(p *domain.Notice)) domain.Notice {
		return with(func(p *domain.Notice) {
			p.Actor, p.ActorOrg = "", ""
			f(p)
		})
	}
	hot := func(f func(p *domain.Notice)) domain.Notice {
		p := hotspotNotice()
		f(&p)
		return p
	}
	return []goldenCase{
		{"task_assigned", domain.MailTaskAssigned, with(func(p *domain.Notice) {
			p.Action, p.TaskStatus = "assign", "assigned"
			p.Note = "请于3月14日前完成紫薇小区1-6号楼入户摸底，\n并报送加装意愿统计表。"
		})},
		{"task_assigned-co", domain.MailTaskAssigned, with(func(p *domain.Notice) {
			p.Action, p.TaskStatus, p.Role, p.RecipientName = "assign", "assigned", domain.RecipientCo, "雁塔区民政局"
		})},
		{"task_reassigned", domain.MailTaskReassigned, with(func(p *domain.Notice) {
			p.Action, p.TaskStatus = "reassign", "assigned"
			p.Note = "原主办单位申请转办，经研究改由贵单位主办。"
		})},
		{"task_accepted", domain.MailTaskAccepted, with(func(p *domain.Notice) {
			p.Action, p.TaskStatus, p.Role = "accept", "accepted", ""
			p.Actor, p.ActorOrg, p.RecipientName = "李娜", "雁塔区住房和城乡建设局", "王建国"
		})},
		{"task_submitted", domain.MailTaskSubmitted, with(func(p *domain.Notice) {
			p.Action, p.TaskStatus, p.Role = "submit", "submitted", ""
			p.Actor, p.ActorOrg, p.RecipientName = "李娜", "雁塔区住房和城乡建设局", "王建国"
			p.Note = "已完成6栋楼共212户入户摸底，同意加装158户。\n统计表见附件。"
		})},
		{"task_extension_requested", domain.MailTaskExtensionRequested, with(func(p *domain.Notice) {
			p.Action, p.Role, p.NewDueDate, p.WorkingDaysLeft = "request_extension", "", "2025-03-31", 2
			p.Actor, p.ActorOrg, p.RecipientName = "李娜", "雁塔区住房和城乡建设局", "王建国"
			p.Note = "部分住户长期在外，需补充电话回访。"
		})},
		{"task_transfer_requested", domain.MailTaskTransferRequested, with(func(p *domain.Notice) {
			p.Action, p.TaskStatus, p.Role = "request_transfer", "assigned", ""
			p.Actor, p.ActorOrg, p.RecipientName = "李娜", "雁塔区住房和城乡建设局", "王建国"
			p.Note = "加装电梯补贴审核属区财政局职责。"
		})},
		{"task_closed", domain.MailTaskClosed, with(func(p *domain.Notice) {
			p.Action, p.TaskStatus, p.Note = "close", "closed", "材料齐全，同意办结。"
		})},
		{"task_returned", domain.MailTaskReturned, with(func(p *domain.Notice) {
			p.Action, p.WorkingDaysLeft = "return", -2
			p.Note = "缺少5号楼摸底数据，请补充后重新提交。"
		})},
		{"task_returned-reopen", domain.MailTaskReturned, with(func(p *domain.Notice) {
			p.Action, p.Actor, p.ActorOrg = "reopen", "", ""
			p.Note = "电梯仍每周停运两次以上。"
		})},
		{"task_extension_decided", domain.MailTaskExtensionDecided, with(func(p *domain.Notice) {
			p.Action, p.DueDate, p.WorkingDaysLeft = "approve_extension", "2025-03-31", 17
		})},
		{"task_extension_decided-reject", domain.MailTaskExtensionDecided, with(func(p *domain.Notice) {
			p.Action, p.WorkingDaysLeft, p.Note = "reject_extension", 1, "工作量不大，请按原期限办结。"
		})},
		{"task_transfer_rejected", domain.MailTaskTransferRejected, with(func(p *domain.Notice) {
			p.Action, p.TaskStatus, p.Note = "reject_transfer", "assigned", "摸底工作属主办单位职责，补贴审核另行交办。"
		})},
		{"task_note", domain.MailTaskNote, with(func(p *domain.Notice) {
			p.Action, p.Role = "progress", ""
			p.Actor, p.ActorOrg, p.RecipientName = "李娜", "雁塔区住房和城乡建设局", "王建国"
			p.Note = "已完成1-4号楼入户，剩余两栋本周内完成。"
		})},
		{"task_note-note", domain.MailTaskNote, with(func(p *domain.Notice) {
			p.Action, p.Actor, p.ActorOrg = "note", "周涛", "雁塔区民政局"
			p.Note = "困难家庭名单已发至贵局邮箱，请核对。"
		})},
		{"task_note-deadline", domain.MailTaskNote, with(func(p *domain.Notice) {
			p.Action, p.Actor, p.ActorOrg = "deadline_recomputed", "", ""
			p.DueDate, p.WorkingDaysLeft, p.Provisional = "2026-01-09", 40, true
		})},
		{"hotspot_dispatched", domain.MailHotspotDispatched, hotspotNotice()},
		{"hotspot_rejected", domain.MailHotspotRejected, hot(func(p *domain.Notice) {
			p.TaskStatus, p.Reason = "rejected", "该问题已由物业公司于2月底修复，请核实后如仍存在再行反映。"
		})},
		{"hotspot_awaiting_feedback", domain.MailHotspotAwaiting, hot(func(p *domain.Notice) { p.TaskStatus = "awaiting_feedback" })},
		{"ladder_remind", domain.MailLadderRemind, ladder(func(p *domain.Notice) {
			p.Step, p.Priority, p.WorkingDaysLeft = string(domain.StepRemind), "normal", 3
		})},
		{"ladder_remind-head", domain.MailLadderRemind, ladder(func(p *domain.Notice) {
			p.Step, p.TaskStatus, p.WorkingDaysLeft = string(domain.StepRemind), "assigned", 1
			p.Role, p.RecipientName = domain.RecipientHead, "张伟"
		})},
		{"ladder_urge", domain.MailLadderUrge, ladder(func(p *domain.Notice) {
			p.Step, p.WorkingDaysLeft = string(domain.StepUrge), -1
		})},
		{"ladder_urge-assigned", domain.MailLadderUrge, ladder(func(p *domain.Notice) {
			p.Step, p.TaskStatus, p.WorkingDaysLeft = string(domain.StepUrge), "assigned", -2
		})},
		{"ladder_supervise", domain.MailLadderSupervise, ladder(func(p *domain.Notice) {
			p.Step, p.WorkingDaysLeft, p.Role, p.RecipientName = string(domain.StepSupervise), -3, "", "张伟"
		})},
		{"ladder_supervise-assigner", domain.MailLadderSupervise, ladder(func(p *domain.Notice) {
			p.Step, p.WorkingDaysLeft, p.Role, p.RecipientName = string(domain.StepSupervise), -3, domain.RecipientAssigner, "王建国"
		})},
		{"ladder_listed", domain.MailLadderListed, ladder(func(p *domain.Notice) {
			p.Step, p.Listed, p.WorkingDaysLeft, p.Role, p.RecipientName = string(domain.StepListed), true, -10, "", "陈立新"
		})},
		{"reply_refused", domain.MailReplyRefused, domain.Notice{Reason: domain.ReasonUnknownTask, Link: "https://xietong.example.gov.cn/"}},
		{"reply_refused-task", domain.MailReplyRefused, with(func(p *domain.Notice) {
			p.Reason, p.Role, p.Note = domain.ReasonNotAllowedNow, "", ""
		})},
		{"application_submitted", domain.MailAppSubmitted, app(func(p *domain.Notice) {
			p.Action, p.Role, p.RecipientName = "submit", domain.RecipientReviewer, "西安市住房和城乡建设局"
		})},
		{"application_recommended", domain.MailAppRecommended, app(func(p *domain.Notice) {
			p.Action, p.Role, p.Level, p.Score = "recommend", domain.RecipientReviewer, "province", "86.50"
		})},
		{"application_returned", domain.MailAppReturned, app(func(p *domain.Notice) {
			p.Action, p.Note = "return", "指标 D2 缺少佐证材料，请补充居民议事会会议记录。"
		})},
		{"application_accepted", domain.MailAppAccepted, app(func(p *domain.Notice) {
			p.Action, p.Score = "accept", "85.50"
		})},
		{"application_rejected", domain.MailAppRejected, app(func(p *domain.Notice) {
			p.Action, p.Note, p.Score = "reject", "一票否决项未通过。", "72.00"
		})},
		{"application_accepted-reviewer", domain.MailAppAccepted, app(func(p *domain.Notice) {
			p.Action, p.Level, p.Score, p.Role = "accept", "province", "88.00", domain.RecipientReviewer
			p.Actor, p.ActorOrg, p.RecipientName = "李明", "陕西省住房和城乡建设厅", "西安市住房和城乡建设局"
		})},
		{"application_rejected-reviewer", domain.MailAppRejected, app(func(p *domain.Notice) {
			p.Action, p.Level, p.Note, p.Score, p.Role = "reject", "province", "实地验收发现治安防控设施不完善。", "70.00", domain.RecipientReviewer
			p.Actor, p.ActorOrg, p.RecipientName = "李明", "陕西省住房和城乡建设厅", "西安市住房和城乡建设局"
		})},
		{"campaign_objection", domain.MailObjectionLodged, campaignNotice(func(p *domain.Notice) {
			p.ObjectionID, p.Note = 3, "该小区公示材料中的物业服务满意度数据与实际不符。\n<b>请核查</b>"
		})},
		{"campaign_stopped", domain.MailNamingStopped, campaignNotice(func(p *domain.Notice) {
			p.Reason = "经核查，异议反映的问题属实。"
		})},
		{"campaign_named", domain.MailTitleGranted, campaignNotice(func(p *domain.Notice) {
			p.PeriodFrom, p.PeriodTo, p.NoticeID = "", "", 0
			p.TitleID, p.CertificateNo, p.GrantedOn, p.ExpiresOn = 9, "陕和谐〔2026〕市-610700-0001", "2026-03-09", "2029-03-08"
		})},
		{"campaign_revoked", domain.MailTitleRevoked, campaignNotice(func(p *domain.Notice) {
			p.PeriodFrom, p.PeriodTo, p.NoticeID, p.Level = "", "", 0, "province"
			p.TitleID, p.CertificateNo, p.GrantedOn, p.ExpiresOn = 9, "陕和谐〔2026〕省-0001", "2026-03-09", "2029-03-08"
			p.Reason = "抽查发现台账严重缺失，整改期满仍未达标。"
		})},
		{"campaign_reassess", domain.MailReassessOpened, campaignNotice(func(p *domain.Notice) {
			p.PeriodFrom, p.PeriodTo, p.NoticeID = "", "", 0
			p.TitleID, p.CertificateNo, p.GrantedOn, p.ExpiresOn = 9, "陕和谐〔2026〕市-610700-0001", "2026-03-09", "2029-03-08"
		})},
	}
}

// appNotice is the application every application case starts from.
func appNotice() domain.Notice {
	return domain.Notice{ApplicationID: 12, Community: "米家崖小区", Level: "city", Actor: "王建国",
		ActorOrg: "西安市住房和城乡建设局", RecipientName: "赵敏", Role: domain.RecipientApplicant,
		Link: "https://xietong.example.gov.cn/applications/12"}
}

func app(f func(p *domain.Notice)) domain.Notice {
	p := appNotice()
	f(&p)
	return p
}

// campaignNotice is the public notice every campaign case starts from.
func campaignNotice(f func(p *domain.Notice)) domain.Notice {
	p := domain.Notice{Community: "民安花园", City: "汉中市", Level: "city", NoticeID: 5, PeriodFrom: "2026-03-02",
		PeriodTo: "2026-03-06", RecipientName: "李娜", Link: "https://xietong.example.gov.cn/"}
	f(&p)
	return p
}

// formatGolden writes a rendering as one file: the three parts under
// separators.
func formatGolden(r Rendered) string {
	return "==== subject ====\n" + r.Subject + "\n==== text ====\n" + r.Text + "==== html ====\n" + r.HTML
}

func TestRenderGolden(t *testing.T) {
	cases := goldenCases()
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.kind] = true
		for _, lang := range Langs() {
			t.Run(c.name+"."+lang, func(t *testing.T) {
				r, err := std.Render(c.kind, lang, c.p)
				if err != nil {
					t.Fatal(err)
				}
				golden.Compare(t, "testdata/"+c.name+"."+lang+".golden", formatGolden(r))
			})
		}
	}
	for _, k := range domain.MailKinds() {
		if !covered[k] {
			t.Errorf("kind %s has no golden case", k)
		}
	}
}

func TestRenderSubjectTag(t *testing.T) {
	for _, c := range goldenCases() {
		for _, lang := range Langs() {
			r, err := std.Render(c.kind, lang, c.p)
			if err != nil {
				t.Fatal(err)
			}
			var want string
			switch {
			case isHotspot(c.kind):
				want = map[string]string{LangZH: "[热点#7] ", LangEN: "[Hot-spot #7] "}[lang]
			case isApplication(c.kind):
				want = map[string]string{LangZH: "[申报#12] ", LangEN: "[Application #12] "}[lang]
			case c.p.TaskID != 0:
				want = map[string]string{LangZH: "[督办#42] ", LangEN: "[Task #42] "}[lang]
			}
			if !strings.HasPrefix(r.Subject, want) {
				t.Errorf("%s %s: subject %q, want prefix %q", c.name, lang, r.Subject, want)
			}
			if want == "" && strings.Contains(r.Subject, "#") {
				t.Errorf("%s %s: subject %q carries a tag without a task", c.name, lang, r.Subject)
			}
		}
	}
}

// TestRenderEmptyNotice checks that no template depends on a field being
// set: a sparse snapshot still renders.
func TestRenderEmptyNotice(t *testing.T) {
	for _, k := range domain.MailKinds() {
		for _, lang := range Langs() {
			for _, p := range []domain.Notice{{}, {TaskID: 1}, {HotspotID: 1}} {
				if _, err := std.Render(k, lang, p); err != nil {
					t.Errorf("%s %s %+v: %v", k, lang, p, err)
				}
			}
		}
	}
}

func TestRenderEscapes(t *testing.T) {
	p := taskNotice()
	p.TaskTitle = `<script>alert("t")</script> & co`
	p.Note = "</td></tr></table><img src=x onerror=alert(1)>\n第二行"
	p.Actor = "<b>王</b>"
	r, err := std.Render(domain.MailTaskAssigned, LangZH, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script>", "<img", "<b>王"} {
		if strings.Contains(r.HTML, bad) {
			t.Errorf("HTML contains %q unescaped", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; &amp; co", "&lt;img src=x onerror=alert(1)&gt;<br>第二行"} {
		if !strings.Contains(r.HTML, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if !strings.Contains(r.Text, `<script>alert("t")</script> & co`) || !strings.Contains(r.Text, "> 第二行\n") {
		t.Errorf("text should carry the payload as is, quoted:\n%s", r.Text)
	}
}

func TestRenderLink(t *testing.T) {
	tests := []struct {
		name, link string
		kept       bool
	}{
		{"https", "https://xietong.example.gov.cn/tasks/42", true},
		{"http", "http://10.0.0.5:8080/tasks/42", true},
		{"javascript", "javascript:alert(1)", false},
		{"relative", "/tasks/42", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := taskNotice()
			p.Link = tt.link
			r, err := std.Render(domain.MailTaskClosed, LangEN, p)
			if err != nil {
				t.Fatal(err)
			}
			gotText := strings.Contains(r.Text, "Open the task")
			gotHTML := strings.Contains(r.HTML, "Open the task")
			if gotText != tt.kept || gotHTML != tt.kept {
				t.Errorf("link %q shown in text %v, html %v, want %v", tt.link, gotText, gotHTML, tt.kept)
			}
			if tt.link != "" && !tt.kept && (strings.Contains(r.Text, tt.link) || strings.Contains(r.HTML, tt.link)) {
				t.Errorf("link %q leaked into the message", tt.link)
			}
		})
	}
}

func TestRenderDeadline(t *testing.T) {
	tests := []struct {
		name   string
		lang   string
		status string
		left   int
		want   string
		absent string
	}{
		{"zh left", LangZH, "in_progress", 3, "截止日期：2025-03-14（星期五），还剩 3 个工作日\n", ""},
		{"zh today", LangZH, "in_progress", 0, "截止日期：2025-03-14（星期五），今天到期\n", ""},
		{"zh overdue", LangZH, "accepted", -4, "截止日期：2025-03-14（星期五），已逾期 4 个工作日\n", ""},
		{"zh closed", LangZH, "closed", -4, "截止日期：2025-03-14（星期五）\n", "逾期"},
		{"en one left", LangEN, "in_progress", 1, "Deadline: Fri 2025-03-14, 1 working day left\n", ""},
		{"en left", LangEN, "in_progress", 6, "Deadline: Fri 2025-03-14, 6 working days left\n", ""},
		{"en one overdue", LangEN, "in_progress", -1, "Deadline: Fri 2025-03-14, 1 working day overdue\n", ""},
		{"en overdue", LangEN, "in_progress", -12, "Deadline: Fri 2025-03-14, 12 working days overdue\n", ""},
		{"en closed", LangEN, "closed", 3, "Deadline: Fri 2025-03-14\n", "left"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := taskNotice()
			p.TaskStatus, p.WorkingDaysLeft = tt.status, tt.left
			r, err := std.Render(domain.MailTaskNote, tt.lang, p)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(r.Text, tt.want) {
				t.Errorf("text lacks %q:\n%s", tt.want, r.Text)
			}
			if tt.absent != "" && strings.Contains(r.Text, tt.absent) {
				t.Errorf("text has %q:\n%s", tt.absent, r.Text)
			}
		})
	}
}

func TestRenderReplyBox(t *testing.T) {
	tests := []struct {
		name   string
		kind   string
		role   string
		status string
		want   []string
		absent []string
	}{
		{"lead accepts", domain.MailTaskAssigned, domain.RecipientLead, "assigned", []string{"    签收\n", "    延期 YYYY-MM-DD\n"}, []string{"    进展：", "    办结："}},
		{"lead works", domain.MailTaskReturned, "", "in_progress", []string{"    进展：办理进展情况\n", "    办结：办理结果\n", "    延期 YYYY-MM-DD\n"}, []string{"    签收"}},
		{"lead, status unknown", domain.MailTaskNote, domain.RecipientLead, "", []string{"    签收\n", "    进展：", "    办结：", "    延期 "}, nil},
		{"co notes only", domain.MailTaskAssigned, domain.RecipientCo, "assigned", []string{"直接回复本邮件即可留言", "协办单位"}, []string{"    签收"}},
		{"assigner notes only", domain.MailTaskSubmitted, "", "submitted", []string{"审批请登录平台办理"}, []string{"    签收"}},
		{"lead on submitted task", domain.MailTaskNote, domain.RecipientLead, "submitted", []string{"直接回复本邮件即可留言"}, []string{"    签收"}},
		{"lead on closed task", domain.MailTaskClosed, "", "closed", []string{"直接回复本邮件即可留言"}, []string{"    签收"}},
		{"hot-spot has none", domain.MailHotspotDispatched, "", "dispatched", []string{"请勿直接回复"}, []string{"邮件回复办理"}},
		{"refusal has none", domain.MailReplyRefused, "", "in_progress", []string{"请勿直接回复"}, []string{"邮件回复办理"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := taskNotice()
			if isHotspot(tt.kind) {
				p = hotspotNotice()
			}
			p.Role, p.TaskStatus = tt.role, tt.status
			r, err := std.Render(tt.kind, LangZH, p)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.Text, w) {
					t.Errorf("text lacks %q:\n%s", w, r.Text)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(r.Text, a) {
					t.Errorf("text has %q:\n%s", a, r.Text)
				}
			}
		})
	}
}

// TestRenderRefusalLeaksNothing: a refusal without a task (the sender was
// not matched to one) says nothing about any task.
func TestRenderRefusalLeaksNothing(t *testing.T) {
	p := taskNotice()
	p.TaskID, p.Reason = 0, domain.ReasonSenderNotAllowed
	for _, lang := range Langs() {
		r, err := std.Render(domain.MailReplyRefused, lang, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, part := range []string{r.Subject, r.Text, r.HTML} {
			for _, secret := range []string{p.TaskTitle, p.LeadOrg, p.Note} {
				if secret != "" && strings.Contains(part, secret) {
					t.Errorf("%s refusal shows %q", lang, secret)
				}
			}
		}
	}
}

func TestRenderUnknownReason(t *testing.T) {
	r, err := std.Render(domain.MailReplyRefused, LangEN, domain.Notice{Reason: "no_such_code"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Text, "did not pass the platform's checks") {
		t.Errorf("unknown reason should render the generic explanation:\n%s", r.Text)
	}
}

func TestRenderUnknownKind(t *testing.T) {
	_, err := std.Render("task_vanished", LangZH, taskNotice())
	if !errors.Is(err, ErrUnknownKind) {
		t.Errorf("got %v, want ErrUnknownKind", err)
	}
}

func TestRenderFoldsSubject(t *testing.T) {
	p := taskNotice()
	p.TaskTitle = "第一行\r\n第二行\tBcc: x@example.com"
	r, err := std.Render(domain.MailTaskClosed, LangZH, p)
	if err != nil {
		t.Fatal(err)
	}
	if want := "[督办#42] 已办结：第一行 第二行 Bcc: x@example.com"; r.Subject != want {
		t.Errorf("got %q, want %q", r.Subject, want)
	}
}

func TestNormalizeLang(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", LangZH}, {"zh-CN", LangZH}, {"zh", LangZH}, {"zh-TW", LangZH}, {"fr", LangZH},
		{"en", LangEN}, {"EN", LangEN}, {"en-GB", LangEN}, {"en_US", LangEN}, {"english", LangZH},
	}
	for _, tt := range tests {
		if got := NormalizeLang(tt.in); got != tt.want {
			t.Errorf("NormalizeLang(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNoticeJSON: the notice is stored as JSON and must come back equal,
// with the field names as keys and the fields at their zero value left
// out; a payload queued by an earlier version, which has every key, zero
// ones too, reads the same.
func TestNoticeJSON(t *testing.T) {
	p := taskNotice()
	p.Provisional, p.NewDueDate, p.HotspotID, p.Reason = true, "2025-03-31", 7, "r"
	b := p.Encode()
	back, err := domain.DecodeNotice(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, p) {
		t.Errorf("got %+v, want %+v", back, p)
	}
	var keys map[string]any
	if err := json.Unmarshal(b, &keys); err != nil {
		t.Fatal(err)
	}
	ty, v := reflect.TypeFor[domain.Notice](), reflect.ValueOf(p)
	every := map[string]any{}
	for i := range ty.NumField() {
		name := ty.Field(i).Name
		every[name] = v.Field(i).Interface()
		_, ok := keys[name]
		if zero := v.Field(i).IsZero(); ok == zero {
			t.Errorf("key %s in the JSON: %v; the field is zero: %v", name, ok, zero)
		}
	}
	old, err := json.Marshal(every)
	if err != nil {
		t.Fatal(err)
	}
	back, err = domain.DecodeNotice(old)
	if err != nil || !reflect.DeepEqual(back, p) {
		t.Errorf("an earlier version's payload %s: got %+v (%v), want %+v", old, back, err, p)
	}
	if len(b) >= len(old) {
		t.Errorf("payload %d bytes, with every key %d", len(b), len(old))
	}
}

// TestRenderConcurrent runs renders in parallel for the race detector: the
// relay renders from several goroutines.
func TestRenderConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, c := range goldenCases() {
				if _, err := std.Render(c.kind, Langs()[i%2], c.p); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
}

func BenchmarkRender(b *testing.B) {
	p := taskNotice()
	for b.Loop() {
		if _, err := std.Render(domain.MailTaskAssigned, LangZH, p); err != nil {
			b.Fatal(err)
		}
	}
}
