package domain_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"xietong/domain"
	"xietong/domain/store/storetest"
)

var (
	pdfSample = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
	pngSample = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00")
)

// attachWorld is the task world with an attachment service, a leadership
// user and a user of a second community.
type attachWorld struct {
	*world
	att        *domain.AttachmentService
	leadership domain.Actor
	otherComm  domain.Actor
}

func newAttachWorld(t *testing.T, db *storetest.DB) *attachWorld {
	t.Helper()
	w := &attachWorld{world: newWorld(t, db)}
	w.att = &domain.AttachmentService{Store: db.Store, Now: w.clk.Now, MaxSize: 1 << 10}
	users := newUsers(db, w.clk)
	w.leadership = domain.ActorOf(mustUser(t, users, domain.CreateUser{Username: "boss", Role: domain.RoleLeadership}),
		domain.ChannelWeb, "")
	w.otherComm = domain.ActorOf(mustUser(t, users, domain.CreateUser{Username: "lanbo", Role: domain.RoleCommunity,
		CommunityCode: "xian-lanbo"}), domain.ChannelWeb, "")
	return w
}

func TestAttachmentAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		w := newAttachWorld(t, db)
		task := domain.AttachmentTarget{TaskID: w.mustTask(t, domain.CreateTask{CoOrgIDs: []int64{w.orgs["xian-health"]}}).ID}
		h, err := w.hotspots.Report(ctx, w.resident, domain.ReportHotspot{Title: "路灯不亮",
			CommunityID: w.comms["xian-mijiaya"], Category: "facilities"})
		if err != nil {
			t.Fatal(err)
		}
		spot := domain.AttachmentTarget{HotspotID: h.ID}
		tests := []struct {
			name     string
			actor    domain.Actor
			target   domain.AttachmentTarget
			add, see error // nil: allowed
		}{
			{"lead organisation", w.police, task, nil, nil},
			{"co-organiser", w.health, task, nil, nil},
			{"bureau lead", w.lead, task, nil, nil},
			{"other organisation", w.finance, task, domain.ErrNotFound, domain.ErrNotFound},
			{"leadership reads only", w.leadership, task, domain.ErrForbidden, nil},
			{"community never sees tasks", w.resident, task, domain.ErrNotFound, domain.ErrNotFound},
			{"own community on its hot-spot", w.resident, spot, nil, nil},
			{"bureau on a hot-spot", w.lead, spot, nil, nil},
			{"other community", w.otherComm, spot, domain.ErrNotFound, domain.ErrNotFound},
			{"department not dispatched to", w.police, spot, domain.ErrNotFound, domain.ErrNotFound},
			{"leadership on a hot-spot", w.leadership, spot, domain.ErrForbidden, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				a, err := w.att.Add(ctx, tt.actor, tt.target, "证据.pdf", pdfSample)
				checkKind(t, "add", err, tt.add)
				_, err = w.att.List(ctx, tt.actor, tt.target, domain.Page{Limit: 50})
				checkKind(t, "list", err, tt.see)
				if tt.add == nil {
					_, _, err = w.att.Get(ctx, tt.actor, a.ID)
					checkKind(t, "get", err, nil)
				}
			})
		}
		// Once dispatched, the departments on the hot-spot's task see (but
		// do not add to) the community's files; others still see nothing.
		mine, err := w.att.Add(ctx, w.resident, spot, "现场.png", pngSample)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.hotspots.Dispatch(ctx, w.lead, h.ID, domain.Dispatch{LeadOrgID: w.orgs["xian-public_security"],
			DueInWorkingDays: 3}); err != nil {
			t.Fatal(err)
		}
		l, err := w.att.List(ctx, w.police, spot, domain.Page{Limit: 50})
		if err != nil || len(l.Items) != 3 {
			t.Fatalf("dispatched department lists %d attachments (%v), want 3", len(l.Items), err)
		}
		_, _, err = w.att.Get(ctx, w.police, mine.ID)
		checkKind(t, "dispatched department get", err, nil)
		_, err = w.att.Add(ctx, w.police, spot, "x.pdf", pdfSample)
		checkKind(t, "dispatched department add", err, domain.ErrForbidden)
		_, _, err = w.att.Get(ctx, w.finance, mine.ID)
		checkKind(t, "other department get", err, domain.ErrNotFound)
		if k := domain.ErrorKey(err); k != "attachment.not_found" {
			t.Errorf("hidden attachment's key: got %q, want attachment.not_found", k)
		}
		_, _, err = w.att.Get(ctx, w.police, 999999)
		checkKind(t, "unknown id", err, domain.ErrNotFound)
	})
}

// checkKind fails unless err is of kind want (nil: no error).
func checkKind(t *testing.T, what string, err, want error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Errorf("%s: got %v, want success", what, err)
	case want != nil && !errors.Is(err, want):
		t.Errorf("%s: got %v, want %v", what, err, want)
	}
}

func TestAttachmentRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		w := newAttachWorld(t, db)
		id := w.mustTask(t, domain.CreateTask{}).ID
		target := domain.AttachmentTarget{TaskID: id}
		text := []byte("现场照片说明：路灯已更换。\n")
		email := w.police
		email.Channel = domain.ChannelEmail
		got, err := w.att.AddAll(ctx, email, target, []domain.Upload{
			{Filename: `D:\扫描件\整改报告 "final".pdf`, Data: pdfSample},
			{Filename: "photo.jpg", Data: text}, // the name says JPEG, the bytes say text
		})
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(pdfSample)
		want := domain.Attachment{ID: got[0].ID, TaskID: id, Filename: `整改报告 "final".pdf`, ContentType: domain.TypePDF,
			Size: int64(len(pdfSample)), SHA256: hex.EncodeToString(sum[:]), UploadedBy: w.police.UserID, Uploader: "police",
			UploaderOrgID: w.orgs["xian-public_security"], Channel: domain.ChannelEmail, CreatedAt: storetest.Now.UTC()}
		if got[0] != want {
			t.Errorf("created:\n got %+v\nwant %+v", got[0], want)
		}
		if got[1].ContentType != domain.TypeText || got[1].Filename != "photo.jpg" {
			t.Errorf("text named .jpg: got %q %q, want text/plain", got[1].ContentType, got[1].Filename)
		}
		meta, r, err := w.att.Get(ctx, w.lead, got[0].ID)
		if err != nil {
			t.Fatalf("get: %v", err)
		}
		data, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(data, pdfSample) || meta != want {
			t.Fatalf("get: %+v %d bytes (%v)", meta, len(data), err)
		}
		list, err := w.att.List(ctx, w.lead, target, domain.Page{Limit: 1})
		if err != nil || len(list.Items) != 1 || list.Items[0].ID != got[0].ID || list.Next == nil {
			t.Fatalf("first page: %+v (%v)", list, err)
		}
		list, err = w.att.List(ctx, w.lead, target, domain.Page{Limit: 1, After: *list.Next})
		if err != nil || len(list.Items) != 1 || list.Items[0].ID != got[1].ID || list.Next != nil {
			t.Fatalf("second page: %+v (%v)", list, err)
		}
		d, err := w.tasks.Task(ctx, w.lead, id)
		if err != nil {
			t.Fatal(err)
		}
		var notes []string
		for _, e := range d.Events {
			if e.Action == domain.EventAttach {
				notes = append(notes, e.Note)
				if e.Channel != domain.ChannelEmail || e.ActorOrgID != w.orgs["xian-public_security"] || !e.Internal {
					t.Errorf("attach event: %+v", e)
				}
			}
		}
		if strings.Join(notes, "|") != `整改报告 "final".pdf|photo.jpg` {
			t.Errorf("attach events: got %q", notes)
		}
		audit, err := db.Audit(ctx, domain.AuditFilter{Action: "attachment.add"}, domain.Page{Limit: 10})
		if err != nil || len(audit) != 2 || audit[0].Target != "task:"+strconv.FormatInt(id, 10) {
			t.Errorf("audit: %+v (%v)", audit, err)
		}
	})
}

func TestAttachmentRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		w := newAttachWorld(t, db)
		target := domain.AttachmentTarget{TaskID: w.mustTask(t, domain.CreateTask{}).ID}
		tests := []struct {
			name   string
			target domain.AttachmentTarget
			files  []domain.Upload
			kind   error
			key    string
		}{
			{"over the size limit", target, []domain.Upload{{Filename: "big.pdf", Data: append(bytes.Clone(pdfSample), make([]byte, 1<<10)...)}},
				domain.ErrTooLarge, "attachment.too_large"},
			{"empty file", target, []domain.Upload{{Filename: "empty.txt", Data: nil}}, domain.ErrInvalid, "attachment.empty"},
			{"executable", target, []domain.Upload{{Filename: "report.pdf", Data: []byte("MZ\x90\x00\x03\x00\x00\x00")}},
				domain.ErrInvalid, "attachment.type_not_allowed"},
			{"one bad file spoils the upload", target, []domain.Upload{{Filename: "ok.pdf", Data: pdfSample}, {Filename: "x.html", Data: []byte("<html></html>")}},
				domain.ErrInvalid, "attachment.type_not_allowed"},
			{"no files", target, nil, domain.ErrInvalid, "attachment.file_required"},
			{"two targets", domain.AttachmentTarget{TaskID: 1, HotspotID: 1}, []domain.Upload{{Filename: "ok.pdf", Data: pdfSample}},
				domain.ErrInvalid, "attachment.target_invalid"},
			{"unknown task", domain.AttachmentTarget{TaskID: 999999}, []domain.Upload{{Filename: "ok.pdf", Data: pdfSample}},
				domain.ErrNotFound, "task.not_found"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := w.att.AddAll(ctx, w.police, tt.target, tt.files)
				wantKind(t, err, tt.kind)
				if got := domain.ErrorKey(err); got != tt.key {
					t.Errorf("key: got %q, want %q", got, tt.key)
				}
			})
		}
		l, err := w.att.List(ctx, w.police, target, domain.Page{Limit: 50})
		if err != nil || len(l.Items) != 0 {
			t.Errorf("after refusals: %d attachments (%v), want none", len(l.Items), err)
		}
		_, err = w.att.Add(ctx, domain.Actor{}, target, "a.pdf", pdfSample)
		wantKind(t, err, domain.ErrUnauthenticated)
	})
}

// TestAttachmentQuota fills an organisation's and a community's quota:
// the upload that would pass it is refused whole, others' quotas are
// their own, and the bureau has none.
func TestAttachmentQuota(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		w := newAttachWorld(t, db)
		w.att.OrgQuota = 3 * int64(len(pdfSample))
		task := domain.AttachmentTarget{TaskID: w.mustTask(t, domain.CreateTask{CoOrgIDs: []int64{w.health.OrgID}}).ID}
		pdf := domain.Upload{Filename: "a.pdf", Data: pdfSample}
		if _, err := w.att.AddAll(ctx, w.police, task, []domain.Upload{pdf, pdf}); err != nil {
			t.Fatalf("within the quota: %v", err)
		}
		_, err := w.att.AddAll(ctx, w.police, task, []domain.Upload{pdf, pdf})
		wantKind(t, err, domain.ErrTooLarge)
		if key := domain.ErrorKey(err); key != "attachment.quota_exceeded" {
			t.Errorf("key: got %q, want attachment.quota_exceeded", key)
		}
		if _, err := w.att.Add(ctx, w.police, task, "c.pdf", pdfSample); err != nil {
			t.Errorf("up to the quota exactly: %v", err)
		}
		wantKind(t, addErr(w.att.Add(ctx, w.police, task, "d.pdf", pdfSample)), domain.ErrTooLarge)
		if _, err := w.att.Add(ctx, w.health, task, "e.pdf", pdfSample); err != nil {
			t.Errorf("another organisation: %v", err)
		}
		for range 4 {
			if _, err := w.att.Add(ctx, w.lead, task, "f.pdf", pdfSample); err != nil {
				t.Fatalf("the bureau: %v", err)
			}
		}
		spot, err := w.hotspots.Report(ctx, w.resident, domain.ReportHotspot{Title: "路灯不亮",
			CommunityID: w.resident.CommunityID, Category: "facilities"})
		if err != nil {
			t.Fatal(err)
		}
		on := domain.AttachmentTarget{HotspotID: spot.ID}
		if _, err := w.att.AddAll(ctx, w.resident, on, []domain.Upload{pdf, pdf, pdf}); err != nil {
			t.Fatalf("community within its quota: %v", err)
		}
		wantKind(t, addErr(w.att.Add(ctx, w.resident, on, "g.pdf", pdfSample)), domain.ErrTooLarge)
		l, err := w.att.List(ctx, w.lead, task, domain.Page{Limit: 50})
		if err != nil || len(l.Items) != 8 {
			t.Errorf("task attachments: %d (%v), want 8", len(l.Items), err)
		}
	})
}

func addErr(_ domain.Attachment, err error) error { return err }

// TestAttachmentQuotaRace sends uploads at once that the quota has room
// for only one of: exactly one is stored.
func TestAttachmentQuotaRace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *storetest.DB) {
		ctx := context.Background()
		w := newAttachWorld(t, db)
		w.att.OrgQuota = int64(len(pdfSample)) + 10
		task := domain.AttachmentTarget{TaskID: w.mustTask(t, domain.CreateTask{}).ID}
		const n = 6
		errs := make(chan error, n)
		for range n {
			go func() {
				_, err := w.att.Add(ctx, w.police, task, "a.pdf", pdfSample)
				errs <- err
			}()
		}
		stored := 0
		for range n {
			err := <-errs
			switch {
			case err == nil:
				stored++
			case !errors.Is(err, domain.ErrTooLarge):
				t.Errorf("upload: got %v, want nil or ErrTooLarge", err)
			}
		}
		if stored != 1 {
			t.Errorf("stored %d uploads, want 1", stored)
		}
	})
}
