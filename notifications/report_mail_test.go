package notifications_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"xietong/domain"
	"xietong/domain/store/storetest"
	"xietong/notifications"
	"xietong/notifications/i18n"
	"xietong/notifications/mail"
	"xietong/notifications/xlsx"
)

// The weekly report reaches leadership over SMTP with its workbook, and
// its figures are those of the week, worked out here by hand.
//
// Three tasks for the police, assigned Monday 2025-03-03 and due Thursday
// 03-06: A closed Wednesday 03-05 (on time), B closed Friday 03-07 (one
// working day late), C still open. The report sent Monday 03-10 at 08:30
// covers 03-03 to 03-09 and judges "now" on 03-10: police had 3 tasks
// due, closed 2, 1 on time (33.3% of the due), 1 open and overdue, 2 and
// 4 working days to close.
func TestWeeklyReportReachesLeadership(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		srv := newMailServer(t)
		f := newFixture(t, db)
		clock := func() time.Time { return f.now }
		db.SetClock(clock)
		users := &domain.UserService{Store: db.Store, Hasher: storetest.FastHasher, Now: clock, MinPasswordLength: 10}
		for _, u := range []domain.CreateUser{
			{Username: "boss", DisplayName: "王局长", Role: domain.RoleLeadership, Email: "boss@gov.example.cn"},
			{Username: "advisor", Role: domain.RoleLeadership, Email: "advisor@gov.example.cn", Lang: "en"},
		} {
			u.Password = "a long password"
			if _, err := users.CreateUser(ctx, domain.SystemActor(), u); err != nil {
				t.Fatal(err)
			}
		}
		ids := f.assignDue(t, 3, 3)
		pu, err := db.UserByUsername(ctx, "police")
		if err != nil {
			t.Fatal(err)
		}
		dept := domain.ActorOf(pu, domain.ChannelAPI, "")
		closeOn := func(id int64, day int) {
			f.now = time.Date(2025, 3, day, 10, 0, 0, 0, storetest.Shanghai)
			for _, c := range []struct {
				who domain.Actor
				cmd domain.TaskCommand
			}{{dept, domain.TaskCommand{Action: domain.ActAccept}}, {dept, domain.TaskCommand{Action: domain.ActSubmit, Note: "已整改"}},
				{f.lead, domain.TaskCommand{Action: domain.ActClose}}} {
				if _, err := f.tasks.Act(ctx, c.who, id, c.cmd); err != nil {
					t.Fatalf("task %d %s: %v", id, c.cmd.Action, err)
				}
			}
		}
		closeOn(ids[0], 5)
		closeOn(ids[1], 7)

		cal := &domain.CalendarService{Store: db.Store, Now: clock}
		cat, err := i18n.Load()
		if err != nil {
			t.Fatal(err)
		}
		rd, err := mail.NewRenderer(cat)
		if err != nil {
			t.Fatal(err)
		}
		m := &notifications.ReportMailer{Store: db.Store, Renderer: rd, Workbooks: xlsx.NewWriter(cat), Now: clock,
			Reports: &domain.ReportService{Store: db.Store, Calendar: cal, Location: storetest.Shanghai, Now: clock}}
		f.now = time.Date(2025, 3, 10, 8, 30, 0, 0, storetest.Shanghai)
		sent, err := m.Send(ctx, "weekly", f.now)
		if err != nil {
			t.Fatal(err)
		}
		if got := sent.Report.From.String() + ".." + sent.Report.To.String(); got != "2025-03-03..2025-03-09" {
			t.Errorf("period %s", got)
		}
		slices.Sort(sent.Recipients)
		if !slices.Equal(sent.Recipients, []string{"advisor@gov.example.cn", "boss@gov.example.cn"}) {
			t.Errorf("recipients %v", sent.Recipients)
		}
		// The same slot again (a replica's takeover, an operator's rerun)
		// queues nothing new.
		if _, err := m.Send(ctx, "weekly", f.now); err != nil {
			t.Fatal(err)
		}
		tr, err := notifications.NewSMTP(srv.URL(), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		before := len(srv.messages())
		drain(t, f.relay(db.Store, tr))
		var boss, advisor []byte
		for _, msg := range srv.messages()[before:] {
			switch msg.To[0] {
			case "boss@gov.example.cn":
				if boss != nil {
					t.Error("boss got the report twice")
				}
				boss = msg.Data
			case "advisor@gov.example.cn":
				advisor = msg.Data
			}
		}
		if boss == nil || advisor == nil {
			t.Fatalf("report not delivered: boss %d bytes, advisor %d bytes", len(boss), len(advisor))
		}
		subject, text, book := readReportMail(t, boss)
		if !strings.Contains(subject, "督查通报") || !strings.Contains(subject, "2025-03-03") {
			t.Errorf("subject %q", subject)
		}
		for _, want := range []string{"王局长", "1  西安市公安局：应办结 3 件，按期办结 1 件，按期办结率 33.3%，综合得分 98.5"} {
			if !strings.Contains(text, want) {
				t.Errorf("text part lacks %q:\n%s", want, text)
			}
		}
		x, err := excelize.OpenReader(bytes.NewReader(book))
		if err != nil {
			t.Fatalf("workbook: %v", err)
		}
		rows, err := x.GetRows("排名", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		var police []string
		for _, r := range rows {
			if len(r) > 2 && r[2] == "西安市公安局" {
				police = r
			}
		}
		// group, rank, name, due 3 (A, B, C), closed 2, on time 1 (A), late
		// 1 (B), open past the deadline 1 (C), working days overdue 1 + 2,
		// and the score: 100 − 3 × 0.5
		if len(police) < 12 || !slices.Equal(police[:9], []string{"督促指导部门", "1", "西安市公安局", "3", "2", "1", "1", "1", "3"}) ||
			police[11] != "98.5" {
			t.Errorf("police ranking row: %q", police)
		}
		subject, _, _ = readReportMail(t, advisor)
		if !strings.Contains(subject, "Supervision report") {
			t.Errorf("English subject %q", subject)
		}
		if _, err := x.GetRows("任务明细"); err != nil {
			t.Errorf("the full workbook lacks the task list: %v", err)
		}

		// Over the size limit, the mail carries the workbook without its
		// task list and says where the full one is.
		m.MaxAttachment = 1
		f.now = f.now.AddDate(0, 0, 7)
		if _, err := m.Send(ctx, "weekly", f.now); err != nil {
			t.Fatal(err)
		}
		before = len(srv.messages())
		drain(t, f.relay(db.Store, tr))
		for _, msg := range srv.messages()[before:] {
			if msg.To[0] != "boss@gov.example.cn" {
				continue
			}
			_, text, book := readReportMail(t, msg.Data)
			if !strings.Contains(text, "任务明细因文件过大未随邮件附送") {
				t.Errorf("partial workbook not explained:\n%s", text)
			}
			x, err := excelize.OpenReader(bytes.NewReader(book))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := x.GetRows("任务明细"); err == nil {
				t.Error("the mailed workbook over the limit still has the task list")
			}
			if _, err := x.GetRows("排名"); err != nil {
				t.Errorf("partial workbook: %v", err)
			}
		}
	})
}

// readReportMail returns a report message's subject, text part and
// attached workbook.
func readReportMail(t *testing.T, raw []byte) (subject, text string, book []byte) {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if msg.Header.Get("Reply-To") != "" {
		t.Errorf("report mail has Reply-To %q", msg.Header.Get("Reply-To"))
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		t.Fatalf("content type %q: %v", mt, err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		ct, pp, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		switch {
		case ct == "multipart/alternative":
			ar := multipart.NewReader(p, pp["boundary"])
			for {
				q, err := ar.NextPart()
				if err != nil {
					break
				}
				if strings.HasPrefix(q.Header.Get("Content-Type"), "text/plain") {
					b, _ := io.ReadAll(q) // multipart decodes quoted-printable
					text = string(b)
				}
			}
		case ct == notifications.XLSXType:
			b, err := io.ReadAll(p)
			if err != nil {
				t.Fatal(err)
			}
			book = decodeBase64(t, b)
		}
	}
	if text == "" || book == nil {
		t.Fatalf("report mail lacks the text part (%d) or the workbook (%d)", len(text), len(book))
	}
	return subject, text, book
}

func decodeBase64(t *testing.T, b []byte) []byte {
	t.Helper()
	out, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(b)), ""))
	if err != nil {
		t.Fatalf("attachment: %v", err)
	}
	return out
}
