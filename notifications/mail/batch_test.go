package mail

import (
	"fmt"
	"strings"
	"testing"

	"xietong/domain"
)

// names a batch puts into a shared render: plain and odd, ones the HTML
// escapes, ones Render folds or greets without a name, and ones that hold
// the placeholder's characters.
var batchNames = []string{
	"李娜", "Li Na", "王 建国", "  周\t\n敏  ", "", "   ", `<b>"O'Brien" & Co + 1</b>`, "a\x00b",
	"{{.TaskTitle}}", "%s %d", "$1 \\1", "recipient", namePlaceholder, "x" + placeholderOpen, placeholderClose,
	strings.Repeat("长", 300),
}

// TestBatchRendersAsRender: whatever the kind, language, role and name, a
// batch's render is byte for byte Render's, for the first recipient of a
// group and for the ones after it, in any order.
func TestBatchRendersAsRender(t *testing.T) {
	roles := []string{"", domain.RecipientLead, domain.RecipientCo, domain.RecipientAssigner, domain.RecipientLeadership}
	cases := goldenCases()
	b := std.Batch() // one batch over everything: groups must not mix
	for _, lang := range []string{LangZH, LangEN} {
		for _, c := range cases {
			for _, role := range roles {
				for i := range batchNames {
					for _, name := range []string{batchNames[i], batchNames[len(batchNames)-1-i]} {
						p := c.p
						p.Role, p.RecipientName = role, name
						want, err := std.Render(c.kind, lang, p)
						if err != nil {
							t.Fatalf("%s %s: %v", c.name, lang, err)
						}
						got, err := b.Render(c.kind, lang, p)
						if err != nil {
							t.Fatalf("%s %s batch: %v", c.name, lang, err)
						}
						if got != want {
							t.Fatalf("%s %s role %q name %q:\nbatch  %q\nRender %q", c.name, lang, role, name, got, want)
						}
					}
				}
			}
		}
	}
	// Each group was rendered once and then reused: fewer renders than
	// messages, unless every greeting fell back.
	if n := len(b.done); n == 0 || n > 2*len(cases)*len(roles) {
		t.Errorf("%d groups for %d cases and %d roles in 2 languages", n, len(cases), len(roles))
	}
}

// TestBatchGroupsByNotice: two notices that differ in anything but the name
// are two groups, so a change to the notice never reaches another's mail.
func TestBatchGroupsByNotice(t *testing.T) {
	b := std.Batch()
	p := taskNotice()
	first, err := b.Render(domain.MailTaskAssigned, LangZH, p)
	if err != nil {
		t.Fatal(err)
	}
	q := p
	q.TaskTitle, q.RecipientName = "另一项任务", "赵敏"
	second, err := b.Render(domain.MailTaskAssigned, LangZH, q)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(second.Text, "另一项任务") || strings.Contains(second.Text, p.TaskTitle) ||
		!strings.Contains(second.Text, "赵敏") || strings.Contains(second.Text, "李娜") {
		t.Errorf("second notice rendered as the first:\n%s", second.Text)
	}
	if !strings.Contains(first.Text, "李娜") || len(b.done) != 2 {
		t.Errorf("groups: %d, first greets: %q", len(b.done), strings.SplitN(first.Text, "\n", 2)[0])
	}
}

// BenchmarkBatchRender: the mail of one change to ten recipients of one
// role (a department's users), rendered one by one and as a batch.
func BenchmarkBatchRender(b *testing.B) {
	p := taskNotice()
	for _, batch := range []bool{false, true} {
		b.Run(fmt.Sprintf("batch=%v", batch), func(b *testing.B) {
			for b.Loop() {
				var r interface {
					Render(kind, lang string, n domain.Notice) (Rendered, error)
				} = std
				if batch {
					r = std.Batch()
				}
				for i := range 10 {
					p.RecipientName = fmt.Sprintf("用户%d", i)
					if _, err := r.Render(domain.MailTaskAssigned, LangZH, p); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
