package domain

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Attachment is an evidence file (材料) on a task or a hot-spot issue: its
// metadata. The bytes are stored apart and read only on download, so that
// lists stay cheap.
type Attachment struct {
	ID        int64
	TaskID    int64 // exactly one of TaskID and HotspotID is set
	HotspotID int64
	// ApplicationID is set for a campaign application's evidence, with the
	// indicator the file supports.
	ApplicationID int64
	Indicator     string
	// CaseID is set for a typical case's photos and video, ExchangeID for
	// an exchange activity's materials.
	CaseID        int64
	ExchangeID    int64
	Filename      string // the uploader's name, sanitised; for display only
	ContentType   string // sniffed from the bytes, never taken from the name
	Size          int64
	SHA256        string // hex
	UploadedBy    int64
	Uploader      string // the uploader's username, kept as the record keeps it
	UploaderOrgID int64
	Channel       Channel
	CreatedAt     time.Time
}

// AttachmentTarget is what an attachment belongs to: a task, a hot-spot
// issue, or a campaign application (with the indicator the file is
// evidence for; listing an application's files takes no indicator), one of
// them.
type AttachmentTarget struct {
	TaskID        int64
	HotspotID     int64
	ApplicationID int64
	Indicator     string
	CaseID        int64
	ExchangeID    int64
}

// Target returns what att is attached to.
func (att Attachment) Target() AttachmentTarget {
	return AttachmentTarget{TaskID: att.TaskID, HotspotID: att.HotspotID, ApplicationID: att.ApplicationID,
		CaseID: att.CaseID, ExchangeID: att.ExchangeID}
}

// String names the target as the audit trail does ("task:42").
func (t AttachmentTarget) String() string {
	if t.TaskID != 0 {
		return "task:" + strconv.FormatInt(t.TaskID, 10)
	}
	if t.ApplicationID != 0 {
		return applicationTarget(t.ApplicationID)
	}
	if t.CaseID != 0 {
		return caseTarget(t.CaseID)
	}
	if t.ExchangeID != 0 {
		return exchangeTarget(t.ExchangeID)
	}
	return hotspotTarget(t.HotspotID)
}

func (t AttachmentTarget) valid() bool {
	n := 0
	for _, id := range []int64{t.TaskID, t.HotspotID, t.ApplicationID, t.CaseID, t.ExchangeID} {
		if id > 0 {
			n++
		}
	}
	return n == 1
}

// Upload is one file as it arrived: the name the client gave and the
// bytes, either in memory (Data, a mail's attachment) or in a spooled
// file (File, Size long, an HTTP upload), which is read a chunk at a time
// and never held whole.
type Upload struct {
	Filename string
	Data     []byte
	File     io.ReaderAt
	Size     int64
}

// content returns the upload's bytes as a reader and their length.
func (u Upload) content() (io.ReaderAt, int64) {
	if u.File != nil {
		return u.File, u.Size
	}
	return bytes.NewReader(u.Data), int64(len(u.Data))
}

// Attachment limits.
const (
	// DefaultMaxAttachmentSize applies when AttachmentService.MaxSize is unset.
	DefaultMaxAttachmentSize = 20 << 20
	// MaxUploadFiles caps the files of one upload (one transaction).
	MaxUploadFiles = 20
	maxFilename    = 200
	// EventAttach is the record's action for an added attachment.
	EventAttach = "attach"
)

// SanitizeFilename makes a client's file name safe to store and show: the
// last path element only (either slash), without control or invisible
// formatting characters (a right-to-left override could disguise
// "exe.pdf" as "fdp.exe"), at most 200 characters with the extension
// kept, and "attachment" when nothing is left.
func SanitizeFilename(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimRight(strings.TrimSpace(name), ". ")
	if strings.Trim(name, ".") == "" {
		return "attachment"
	}
	r := []rune(name)
	if len(r) <= maxFilename {
		return name
	}
	ext := []rune("")
	if i := strings.LastIndexByte(name, '.'); i > 0 && utf8.RuneCountInString(name[i:]) <= 16 {
		ext = []rune(name[i:])
	}
	return strings.TrimSpace(string(r[:maxFilename-len(ext)])) + string(ext)
}

// sizeText renders a byte count for a message: "20 MB", "512 KB", "100 B".
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0 || n >= 10<<20:
		return strconv.FormatInt(n>>20, 10) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

// AttachmentService keeps evidence files on tasks and hot-spot issues.
type AttachmentService struct {
	Store AttachmentStore
	Now   func() time.Time
	// MaxSize is the largest file accepted, in bytes.
	MaxSize int64
	// OrgQuota, when positive, is how many attachment bytes one
	// organisation's users, or one community's, may store in all. The
	// bureau (leads, admins, the system) has no quota.
	OrgQuota int64
}

func (s *AttachmentService) maxSize() int64 {
	if s.MaxSize > 0 {
		return s.MaxSize
	}
	return DefaultMaxAttachmentSize
}

// Add stores one file on target; see AddAll.
func (s *AttachmentService) Add(ctx context.Context, a Actor, target AttachmentTarget, filename string, data []byte) (Attachment, error) {
	out, err := s.AddAll(ctx, a, target, []Upload{{Filename: filename, Data: data}})
	if err != nil {
		return Attachment{}, err
	}
	return out[0], nil
}

// AddAll stores files on target in one transaction: all of them or none.
// On a task, whoever may add a note may attach (its organisations and the
// bureau, by any channel, email included), and each file is recorded as an
// "attach" event; on a hot-spot, the reporting community and the bureau.
// A target the actor cannot see is ErrNotFound, one they may not add to
// ErrForbidden; a file over MaxSize is ErrTooLarge, an empty one or one of
// a type not allowed ErrInvalid.
func (s *AttachmentService) AddAll(ctx context.Context, a Actor, target AttachmentTarget, files []Upload) ([]Attachment, error) {
	// Sniffing and hashing happen before the transaction, which on SQLite
	// holds the one write lock.
	out, err := s.prepareAll(a, target, files)
	if err != nil {
		return nil, err
	}
	err = s.Store.InTx(ctx, func(tx Tx) error { return s.write(ctx, tx, a, target, out, files) })
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AddTx is AddAll inside the caller's transaction, for a use case that
// attaches files as part of a larger change (a reply by email that adds a
// note and its attachments together).
func (s *AttachmentService) AddTx(ctx context.Context, tx Tx, a Actor, target AttachmentTarget, files []Upload) ([]Attachment, error) {
	out, err := s.prepareAll(a, target, files)
	if err != nil {
		return nil, err
	}
	if err := s.write(ctx, tx, a, target, out, files); err != nil {
		return nil, err
	}
	return out, nil
}

// prepareAll checks the request and every file without the database.
func (s *AttachmentService) prepareAll(a Actor, target AttachmentTarget, files []Upload) ([]Attachment, error) {
	if a.Role == "" {
		return nil, Fail(ErrUnauthenticated, "auth.required")
	}
	if !target.valid() {
		return nil, Invalid("attachment.target_invalid")
	}
	if len(files) == 0 {
		return nil, Invalid("attachment.file_required")
	}
	if len(files) > MaxUploadFiles {
		return nil, Invalid("attachment.too_many", MaxUploadFiles)
	}
	out := make([]Attachment, len(files))
	for i, f := range files {
		var err error
		if out[i], err = s.prepare(a, target, f); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// write checks that a may attach to target, then stores the prepared
// attachments with their events and audit rows.
func (s *AttachmentService) write(ctx context.Context, tx Tx, a Actor, target AttachmentTarget, atts []Attachment, files []Upload) error {
	t, err := s.checkAttach(ctx, tx, a, target)
	if err != nil {
		return err
	}
	if err := s.checkQuota(ctx, tx, a, atts); err != nil {
		return err
	}
	for i := range atts {
		r, size := files[i].content()
		if err := s.insert(ctx, tx, a, t, &atts[i], io.NewSectionReader(r, 0, size)); err != nil {
			return err
		}
	}
	return nil
}

// checkQuota refuses atts (ErrTooLarge, "attachment.quota_exceeded") when
// they would take a's organisation or community past OrgQuota. The store
// holds the owner's quota from this check to the commit, so two uploads
// racing cannot both pass it.
func (s *AttachmentService) checkQuota(ctx context.Context, tx Tx, a Actor, atts []Attachment) error {
	if s.OrgQuota <= 0 || a.OrgID == 0 && a.CommunityID == 0 {
		return nil
	}
	var add int64
	for _, att := range atts {
		add += att.Size
	}
	used, err := tx.AttachmentBytes(ctx, a.OrgID, a.CommunityID)
	if err != nil {
		return err
	}
	if used+add > s.OrgQuota {
		return Fail(ErrTooLarge, "attachment.quota_exceeded", sizeText(s.OrgQuota), sizeText(max(s.OrgQuota-used, 0)))
	}
	return nil
}

// prepare checks one file and fills in what the bytes say about it.
func (s *AttachmentService) prepare(a Actor, target AttachmentTarget, f Upload) (Attachment, error) {
	name := SanitizeFilename(f.Filename)
	r, size := f.content()
	if size > s.maxSize() {
		return Attachment{}, Fail(ErrTooLarge, "attachment.too_large", name, sizeText(s.maxSize()))
	}
	if size == 0 {
		return Attachment{}, Invalid("attachment.empty", name)
	}
	ct, ok := AttachmentTypeAt(r, size)
	if !ok {
		return Attachment{}, Invalid("attachment.type_not_allowed", name)
	}
	if target.CaseID != 0 && !IsMediaType(ct) {
		return Attachment{}, Invalid("case.media_only", name)
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(r, 0, size)); err != nil {
		return Attachment{}, fmt.Errorf("hash %s: %w", name, err)
	}
	ch := a.Channel
	if ch == "" {
		ch = ChannelSystem
	}
	return Attachment{TaskID: target.TaskID, HotspotID: target.HotspotID, ApplicationID: target.ApplicationID,
		Indicator: target.Indicator, CaseID: target.CaseID, ExchangeID: target.ExchangeID, Filename: name, ContentType: ct,
		Size: size, SHA256: hex.EncodeToString(h.Sum(nil)), UploadedBy: a.UserID, Uploader: a.Username,
		UploaderOrgID: a.OrgID, Channel: ch}, nil
}

// checkAttach loads the target and checks that a may attach to it. It
// returns the task when the target is one.
func (s *AttachmentService) checkAttach(ctx context.Context, tx Tx, a Actor, target AttachmentTarget) (Task, error) {
	if target.ApplicationID != 0 {
		return Task{}, checkApplicationAttach(ctx, tx, a, target)
	}
	if target.CaseID != 0 || target.ExchangeID != 0 {
		return Task{}, checkCampaignFileAttach(ctx, tx, a, target)
	}
	if target.TaskID != 0 {
		t, err := visibleTask(ctx, tx, a, target.TaskID)
		if err != nil {
			return Task{}, err
		}
		if !CanAct(a, ActNote, t) {
			return Task{}, Fail(ErrForbidden, "attachment.forbidden")
		}
		return t, nil
	}
	h, err := s.visibleHotspot(ctx, tx, a, target.HotspotID)
	if err != nil {
		return Task{}, err
	}
	if !CanAttachToHotspot(a, h) {
		return Task{}, Fail(ErrForbidden, "attachment.forbidden")
	}
	return Task{}, nil
}

// insert writes one attachment with its event (for a task) and audit row.
func (s *AttachmentService) insert(ctx context.Context, tx Tx, a Actor, t Task, att *Attachment, data io.Reader) error {
	att.CreatedAt = tx.Now().UTC()
	if err := tx.CreateAttachment(ctx, att, data); err != nil {
		return err
	}
	if att.ApplicationID != 0 {
		if err := recordApplicationAttach(ctx, tx, a, *att); err != nil {
			return err
		}
	}
	if t.ID != 0 {
		// Internal like a note: the reporting community follows a task's
		// progress but cannot open the departments' files.
		e := TaskEvent{TaskID: t.ID, At: att.CreatedAt, ActorID: a.UserID, Actor: a.Username, ActorOrgID: a.OrgID,
			Channel: att.Channel, Action: EventAttach, Note: att.Filename, From: t.Status, To: t.Status, Internal: true}
		if err := tx.AddTaskEvent(ctx, &e); err != nil {
			return err
		}
	}
	target := att.Target()
	target.Indicator = ""
	e := auditOf(a, att.CreatedAt, "attachment.add", target.String(),
		fmt.Sprintf("attachment:%d %s (%s, %d bytes, sha256 %s)", att.ID, att.Filename, att.ContentType, att.Size, att.SHA256))
	return tx.AddAudit(ctx, &e)
}

// CanAttachToHotspot reports whether a may add files to h: the reporting
// community's users and the bureau. Leadership reads only.
func CanAttachToHotspot(a Actor, h Hotspot) bool {
	switch a.Role {
	case RoleAdmin, RoleLead:
		return true
	case RoleCommunity:
		return a.CommunityID != 0 && a.CommunityID == h.CommunityID
	}
	return false
}

// List returns the attachments of target, oldest first, to whoever may see
// the target (ErrNotFound otherwise).
func (s *AttachmentService) List(ctx context.Context, a Actor, target AttachmentTarget, p Page) (List[Attachment], error) {
	if a.Role == "" {
		return List[Attachment]{}, Fail(ErrUnauthenticated, "auth.required")
	}
	if !target.valid() {
		return List[Attachment]{}, Invalid("attachment.target_invalid")
	}
	if err := s.checkSee(ctx, s.Store, a, target); err != nil {
		return List[Attachment]{}, err
	}
	rows, err := s.Store.Attachments(ctx, target, p)
	if err != nil {
		return List[Attachment]{}, err
	}
	return Paginate(rows, p.Limit, func(x Attachment) Cursor { return Cursor{ID: x.ID} }), nil
}

// Get returns one attachment and a reader of its bytes, which reads them
// from the store a chunk at a time, to whoever may see what it is
// attached to; ErrNotFound otherwise.
func (s *AttachmentService) Get(ctx context.Context, a Actor, id int64) (Attachment, io.Reader, error) {
	if a.Role == "" {
		return Attachment{}, nil, Fail(ErrUnauthenticated, "auth.required")
	}
	att, err := s.Store.Attachment(ctx, id)
	if err != nil {
		return Attachment{}, nil, err
	}
	target := att.Target()
	if err := s.checkSee(ctx, s.Store, a, target); err != nil {
		// Say "no such attachment", not which task or hot-spot it is on.
		if errors.Is(err, ErrNotFound) {
			return Attachment{}, nil, Fail(ErrNotFound, "attachment.not_found", id)
		}
		return Attachment{}, nil, err
	}
	data, err := s.Store.AttachmentData(ctx, id)
	if err != nil {
		return Attachment{}, nil, err
	}
	return att, data, nil
}

// checkSee reports ErrNotFound unless a may see target's attachments.
func (s *AttachmentService) checkSee(ctx context.Context, q interface {
	TaskReader
	HotspotReader
}, a Actor, target AttachmentTarget) error {
	if target.ApplicationID != 0 {
		aq, ok := q.(applicationQueries)
		if !ok {
			return Fail(ErrNotFound, "application.not_found", target.ApplicationID)
		}
		_, _, err := visibleApplication(ctx, aq, a, target.ApplicationID)
		return err
	}
	if target.CaseID != 0 || target.ExchangeID != 0 {
		cq, ok := q.(caseQueries)
		if !ok {
			return Fail(ErrNotFound, "attachment.target_invalid")
		}
		return checkCampaignFileSee(ctx, cq, a, target)
	}
	if target.TaskID != 0 {
		_, err := visibleTask(ctx, q, a, target.TaskID)
		return err
	}
	_, err := s.visibleHotspot(ctx, q, a, target.HotspotID)
	return err
}

// visibleHotspot loads a hot-spot whose attachments a may see: those of
// CanSeeHotspot, and for a department those of the hot-spots it works on.
// The departments need the community's photos, though the issue itself
// stays between the community and the bureau.
func (s *AttachmentService) visibleHotspot(ctx context.Context, q interface {
	TaskReader
	HotspotReader
}, a Actor, id int64) (Hotspot, error) {
	h, err := q.Hotspot(ctx, id)
	if err != nil {
		return Hotspot{}, err
	}
	if CanSeeHotspot(a, h) {
		return h, nil
	}
	if a.Role == RoleDepartment && a.OrgID != 0 {
		for _, tid := range h.TaskIDs {
			t, err := q.Task(ctx, tid)
			if err != nil {
				return Hotspot{}, err
			}
			if CanSeeTask(a, t) {
				return h, nil
			}
		}
	}
	return Hotspot{}, Fail(ErrNotFound, "hotspot.not_found", id)
}
