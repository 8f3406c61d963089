package domain_test

import (
	"context"
	"encoding/json"
	"sort"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

// mailbox returns "kind→address" for every queued message, sorted.
func mailbox(t *testing.T, db *storetest.DB) []string {
	t.Helper()
	if err := domain.AddressAllMail(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	list, err := db.Outbox(context.Background(), domain.OutboxFilter{}, domain.Page{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range list {
		out = append(out, m.Kind+"→"+m.To)
	}
	sort.Strings(out)
	return out
}

func TestWhoHearsWhat(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		contact := "office@police.xa.gov.cn"
		police := w.orgs["xian-public_security"]
		if _, err := (&domain.CatalogService{Store: db.Store, Now: w.clk.Now}).UpdateOrganization(ctx,
			domain.SystemActor(), police, domain.SaveOrganization{ContactEmail: &contact}); err != nil {
			t.Fatal(err)
		}
		d := w.mustTask(t, domain.CreateTask{CoOrgIDs: []int64{w.orgs["xian-health"]}})
		steps := []struct {
			name string
			by   domain.Actor
			cmd  domain.TaskCommand
			want []string
		}{
			{"assign", w.lead, domain.TaskCommand{}, []string{
				"task_assigned→health@example.cn", "task_assigned→office@police.xa.gov.cn", "task_assigned→police@example.cn"}},
			{"accept", w.police, domain.TaskCommand{Action: domain.ActAccept}, []string{"task_accepted→lead@example.cn"}},
			{"co-organiser note", w.health, domain.TaskCommand{Action: domain.ActNote, Note: "已安排"}, []string{
				"task_note→lead@example.cn", "task_note→office@police.xa.gov.cn", "task_note→police@example.cn"}},
			{"submit", w.police, domain.TaskCommand{Action: domain.ActSubmit, Note: "完成"}, []string{"task_submitted→lead@example.cn"}},
			{"return", w.lead, domain.TaskCommand{Action: domain.ActReturn, Note: "补充材料"}, []string{
				"task_returned→office@police.xa.gov.cn", "task_returned→police@example.cn"}},
		}
		var seen []string
		for i, st := range steps {
			if i > 0 {
				w.act(t, st.by, d.ID, st.cmd)
			}
			all := mailbox(t, db)
			got := diff(all, seen)
			seen = all
			if !equal(got, st.want) {
				t.Errorf("%s: new mail %v, want %v", st.name, got, st.want)
			}
		}
		// The payload is a snapshot a template can render from.
		list, _ := db.Outbox(ctx, domain.OutboxFilter{TaskID: d.ID}, domain.Page{Limit: 1})
		var n domain.Notice
		if err := json.Unmarshal(list[0].Payload, &n); err != nil || n.TaskID != d.ID || n.LeadOrg != "西安市公安局" || n.Note != "补充材料" {
			t.Errorf("payload: %+v (%v)", n, err)
		}

		// A user who turned mail off gets no notes, but still gets new work.
		off := true
		if _, err := newUsers(db, w.clk).UpdateUser(ctx, domain.SystemActor(), w.police.UserID, domain.UpdateUser{MailOff: &off}); err != nil {
			t.Fatal(err)
		}
		w.act(t, w.lead, d.ID, domain.TaskCommand{Action: domain.ActNote, Note: "请加快"})
		if got := diff(mailbox(t, db), seen); !equal(got, []string{"task_note→office@police.xa.gov.cn"}) {
			t.Errorf("mail off, note: %v", got)
		}
		seen = mailbox(t, db)
		w.mustTask(t, domain.CreateTask{})
		if got := diff(mailbox(t, db), seen); !equal(got, []string{"task_assigned→office@police.xa.gov.cn", "task_assigned→police@example.cn"}) {
			t.Errorf("mail off, new task: %v", got)
		}
	})
}

func TestHotspotMail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		h, err := w.hotspots.Report(ctx, w.resident, domain.ReportHotspot{Title: "电梯故障", CommunityID: w.comms["xian-mijiaya"], Category: "facilities"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.hotspots.Reject(ctx, w.lead, h.ID, "已由物业处理"); err != nil {
			t.Fatal(err)
		}
		if got := mailbox(t, db); !equal(got, []string{"hotspot_rejected→resident@example.cn"}) {
			t.Errorf("reject: %v", got)
		}
	})
}

// diff returns the items of all that are not in before (both sorted, before ⊆ all).
func diff(all, before []string) []string {
	count := map[string]int{}
	for _, s := range before {
		count[s]++
	}
	var out []string
	for _, s := range all {
		if count[s] > 0 {
			count[s]--
			continue
		}
		out = append(out, s)
	}
	return out
}
