package notifications

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"xietong/domain"
	"xietong/notifications/mail"
	"xietong/notifications/xlsx"
)

// XLSXType is the media type of an Excel workbook.
const XLSXType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// ReportMailer queues the periodic supervision report (督查通报) for every
// active leadership user: the summary readable in the mail client and the
// workbook attached, each in the user's language. The message is rendered
// when it is queued (domain.PreRendered): the figures are a snapshot of the
// day the report was made, and resending it later must not change them.
//
// Queueing is idempotent: the dedupe key names the period and the
// recipient, so a rerun of the same slot (a replica that took over a
// crashed run, or an operator's `report send`) queues nothing twice.
type ReportMailer struct {
	Reports   *domain.ReportService
	Store     domain.Store
	Renderer  *mail.Renderer // renders the report mail; required
	Workbooks *xlsx.Writer   // writes its attached workbook; required
	BaseURL   *url.URL
	Now       func() time.Time
	// MaxAttachment bounds the workbook mailed (0: DefaultMaxAttachment).
	// A larger one is mailed without its raw task list, and the mail
	// points to the full workbook on the platform.
	MaxAttachment int
}

// DefaultMaxAttachment keeps the report mail, base64 and all, under the
// 20 MB many government mail systems accept.
const DefaultMaxAttachment = 12 << 20

// ReportSent says what Send did.
type ReportSent struct {
	Report     domain.Report
	Recipients []string // the leadership addresses the report was queued for
	Queued     int      // how many of them were new: 0 on a rerun of the same period
}

// Send makes the province's report for period ("weekly" or "monthly") as
// of at and queues it for every active leadership user.
func (m *ReportMailer) Send(ctx context.Context, period string, at time.Time) (ReportSent, error) {
	rep, err := m.Reports.Periodic(ctx, period, at)
	if err != nil {
		return ReportSent{}, err
	}
	active := true
	users, err := m.Store.Users(ctx, domain.UserFilter{Role: domain.RoleLeadership, Active: &active},
		domain.Page{Limit: domain.MaxPageSize})
	if err != nil {
		return ReportSent{}, err
	}
	out := ReportSent{Report: rep}
	books := map[string][]byte{}
	partial := map[string]bool{}
	limit := m.MaxAttachment
	if limit <= 0 {
		limit = DefaultMaxAttachment
	}
	now := m.Now()
	var msgs []domain.OutboxMessage
	for _, u := range users {
		if u.Email == "" {
			continue
		}
		lang := mail.NormalizeLang(u.Lang)
		book, ok := books[lang]
		if !ok {
			if book, err = m.Workbooks.Workbook(rep, lang); err != nil {
				return out, fmt.Errorf("report workbook: %w", err)
			}
			if len(book) > limit {
				if book, err = m.Workbooks.WorkbookWith(rep, lang, xlsx.Options{OmitTaskList: true}); err != nil {
					return out, fmt.Errorf("report workbook: %w", err)
				}
				partial[lang] = true
			}
			books[lang] = book
		}
		r, err := m.Renderer.RenderReport(rep, lang, mail.ReportOptions{Period: period, RecipientName: u.DisplayName,
			Link: m.link(rep), TaskListOmitted: partial[lang]})
		if err != nil {
			return out, fmt.Errorf("report mail: %w", err)
		}
		p := domain.PreRendered{Subject: r.Subject, Text: r.Text, HTML: r.HTML, Attachments: []domain.MailAttachment{
			{Name: ReportFileName(rep, lang), ContentType: XLSXType, Data: book}}}
		msgs = append(msgs, domain.OutboxMessage{
			DedupeKey: "report:" + period + ":" + rep.From.String() + ":" + rep.To.String() + ":" + u.Email,
			Kind:      domain.MailSupervisionReport, Lang: lang, UserID: u.ID, To: u.Email, ToName: u.DisplayName,
			Payload: p.Encode(), Essential: true, Status: domain.OutboxQueued, NextAttemptAt: now, CreatedAt: now})
		out.Recipients = append(out.Recipients, u.Email)
	}
	if len(msgs) == 0 {
		return out, nil
	}
	return out, m.Store.InTx(ctx, func(tx domain.Tx) error {
		n, err := tx.QueueMails(ctx, msgs)
		out.Queued = n
		return err
	})
}

// link is the report's page, or "" without a base URL.
func (m *ReportMailer) link(r domain.Report) string {
	if m.BaseURL == nil {
		return ""
	}
	return m.BaseURL.String() + "/reports?from=" + r.From.String() + "&to=" + r.To.String()
}

// ReportFileName names the workbook of r: 督查通报_2025-03-03_2025-03-09.xlsx.
func ReportFileName(r domain.Report, lang string) string {
	name := "督查通报"
	if mail.NormalizeLang(lang) == mail.LangEN {
		name = "supervision-report"
	}
	return name + "_" + r.From.String() + "_" + r.To.String() + ".xlsx"
}
