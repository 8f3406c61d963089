package mail

import (
	"strings"
	"testing"

	"xietong/domain"
)

// TestRenderLadderRoles: who may act by reply on ladder mail, and why
// they receive it. The lead organisation (contact, co-organisers, head)
// replies; the assigning lead and leadership follow the task up on the
// platform.
func TestRenderLadderRoles(t *testing.T) {
	tests := []struct {
		name   string
		kind   string
		role   string
		want   []string
		absent []string
	}{
		{"lead", domain.MailLadderUrge, domain.RecipientLead, []string{"    进展：办理进展情况\n", "说明逾期原因", "可按下方说明直接回复本邮件办理",
			"贵单位是该督办事项的主办单位"}, []string{"请勿直接回复"}},
		{"co", domain.MailLadderRemind, domain.RecipientCo, []string{"请贵单位积极配合主办单位雁塔区住房和城乡建设局抓紧办理", "签收、报送进展、办结和延期由主办单位办理",
			"协办单位"}, []string{"    进展：", "请勿直接回复"}},
		{"head", domain.MailLadderSupervise, domain.RecipientHead, []string{"请您亲自过问", "    办结：办理结果\n", "主办单位的负责人"},
			[]string{"请勿直接回复"}},
		{"head by default", domain.MailLadderSupervise, "", []string{"请您亲自过问", "主办单位的负责人"}, nil},
		{"assigner", domain.MailLadderSupervise, domain.RecipientAssigner, []string{"请您跟踪办理情况", "详情请登录平台查看。", "请勿直接回复",
			"查看督办事项：https://"}, []string{"邮件回复办理", "可按下方说明"}},
		{"leadership", domain.MailLadderListed, domain.RecipientLeadership, []string{"以上情况，请阅示。", "领导用户", "请勿直接回复",
			"并将在下一期督查通报中予以通报"}, []string{"邮件回复办理"}},
		{"leadership by default", domain.MailLadderListed, "", []string{"以上情况，请阅示。", "领导用户"}, []string{"邮件回复办理"}},
		{"leadership elsewhere", domain.MailTaskNote, domain.RecipientLeadership, []string{"领导用户", "请勿直接回复"}, []string{"邮件回复办理"}},
		{"assigner elsewhere", domain.MailTaskSubmitted, domain.RecipientAssigner, []string{"邮件回复办理", "交办人"}, []string{"请勿直接回复"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := taskNotice()
			p.Role, p.WorkingDaysLeft = tt.role, -3
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

// TestRenderLadderStep: the step comes from domain.Notice.Step, in any of the
// names the domain records, or from the kind; listed supervision is marked.
func TestRenderLadderStep(t *testing.T) {
	tests := []struct {
		name   string
		kind   string
		step   string
		listed bool
		lang   string
		want   string
	}{
		{"from the kind", domain.MailLadderSupervise, "", false, LangZH, "督办环节：督办\n"},
		{"alias", domain.MailLadderListed, "listed_supervision", true, LangZH, "督办环节：挂牌督办\n"},
		{"listed at urge", domain.MailLadderUrge, string(domain.StepUrge), true, LangZH, "督办环节：催办（已挂牌督办）\n"},
		{"listed, en", domain.MailLadderUrge, string(domain.StepUrge), true, LangEN, "Supervision step: Urge (under listed supervision)\n"},
		{"other mail, listed", domain.MailTaskNote, "", true, LangZH, "督办环节：挂牌督办\n"},
		{"unknown step", domain.MailLadderRemind, "escalate", false, LangZH, "督办环节：escalate\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := taskNotice()
			p.Step, p.Listed = tt.step, tt.listed
			r, err := std.Render(tt.kind, tt.lang, p)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(r.Text, tt.want) {
				t.Errorf("text lacks %q:\n%s", tt.want, r.Text)
			}
		})
	}
	r, err := std.Render(domain.MailTaskNote, LangZH, taskNotice())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(r.Text, "督办环节") {
		t.Errorf("mail about a task off the ladder shows a step:\n%s", r.Text)
	}
}

// TestRenderLadderDeadline: the subject and headline say how near or how
// late the deadline is.
func TestRenderLadderDeadline(t *testing.T) {
	tests := []struct {
		name     string
		kind     string
		left     int
		due      string
		subject  string
		headline string
	}{
		{"remind", domain.MailLadderRemind, 3, "2025-03-14", "[督办#42] 【提醒】还剩 3 个工作日：", "将于 2025-03-14 到期，距截止日期还剩 3 个工作日，特此提醒。"},
		{"remind today", domain.MailLadderRemind, 0, "2025-03-14", "[督办#42] 【提醒】今天到期：", "今天（2025-03-14）到期，特此提醒。"},
		{"remind no deadline", domain.MailLadderRemind, 0, "", "[督办#42] 【提醒】紫薇", "以下督办事项即将到期，特此提醒。"},
		{"urge", domain.MailLadderUrge, -1, "2025-03-14", "[督办#42] 【催办】已逾期 1 个工作日：", "目前已逾期 1 个工作日，尚未办结，现予催办。"},
		{"supervise", domain.MailLadderSupervise, -3, "2025-03-14", "[督办#42] 【督办】已逾期 3 个工作日：", "尚未办结，现予督办。"},
		{"listed", domain.MailLadderListed, -10, "2025-03-14", "[督办#42] 【挂牌督办】已逾期 10 个工作日：", "现予挂牌督办，并将在下一期督查通报中予以通报。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := taskNotice()
			p.WorkingDaysLeft, p.DueDate = tt.left, tt.due
			r, err := std.Render(tt.kind, LangZH, p)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(r.Subject, tt.subject) {
				t.Errorf("subject %q, want prefix %q", r.Subject, tt.subject)
			}
			if !strings.Contains(r.Text, tt.headline) {
				t.Errorf("text lacks %q:\n%s", tt.headline, r.Text)
			}
		})
	}
}
