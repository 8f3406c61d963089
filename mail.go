package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"xietong/config"
	"xietong/domain/store"
	"xietong/notifications"
	"xietong/notifications/mail"
)

// newTransport builds the mail transport: SMTP when XIETONG_SMTP_URL is
// set (trusting XIETONG_SMTP_CA_FILE's authorities when it is set), the
// mail log otherwise. A URL the transport cannot use is an error
// naming the variable, so that mail never falls back to the log unasked.
func newTransport(m config.Mail) (notifications.Transport, error) {
	if m.SMTPURL == nil {
		return notifications.LogTransport{}, nil
	}
	smtp, err := notifications.NewSMTPWithRoots(m.SMTPURL, 30*time.Second, m.SMTPRoots)
	if err != nil {
		return nil, fmt.Errorf("XIETONG_SMTP_URL: %w", err)
	}
	return smtp, nil
}

// newRelay builds the outbox relay over tr.
func newRelay(cfg config.Config, st *store.Store, tr notifications.Transport, rd *mail.Renderer, key []byte, now func() time.Time, log *slog.Logger) *notifications.Relay {
	return &notifications.Relay{Queue: st, Transport: tr, Renderer: rd, Now: now, Log: log.With("job", "mail"),
		From: cfg.Mail.From, FromName: "协同督办平台", ReplyAddress: cfg.Mail.ReplyAddress,
		BaseURL: cfg.BaseURL, Key: key}
}

// newPoller reads replies from XIETONG_IMAP_URL. Every failure to handle a
// message is worth retrying: the handler stores what it can parse and drops
// what it cannot, so an error means the database or the server is away.
func newPoller(m config.Mail, in *notifications.Inbound, log *slog.Logger) *notifications.Poller {
	return &notifications.Poller{URL: m.IMAPURL, Log: log.With("job", "imap"),
		Handle: func(ctx context.Context, raw []byte) error {
			if _, err := in.Handle(ctx, raw, "imap"); err != nil {
				return fmt.Errorf("%w: %w", notifications.ErrRetry, err)
			}
			return nil
		}}
}
