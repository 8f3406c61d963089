package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"xietong/config"
	"xietong/domain"
	"xietong/domain/store"
	"xietong/notifications"
	"xietong/notifications/inbound"
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

// newRelay builds the outbox relay over tr; busy (nil: never) says whether
// the server is answering requests, when the relay sends at
// XIETONG_MAIL_BUSY_RATE.
func newRelay(cfg config.Config, st *store.Store, tr notifications.Transport, rd *mail.Renderer, key []byte, now func() time.Time,
	log *slog.Logger, busy func() bool) *notifications.Relay {
	return &notifications.Relay{Queue: st, Transport: tr, Renderer: rd, Now: now, Log: log.With("job", "mail"),
		From: cfg.Mail.From, FromName: "协同督办平台", ReplyAddress: cfg.Mail.ReplyAddress,
		BaseURL: cfg.BaseURL, Key: key, Busy: busy, BusyRate: cfg.Mail.BusyRate,
		Address: func(ctx context.Context, n int) (int, error) { return domain.AddressMail(ctx, st, n, false) }}
}

// newPoller reads replies from XIETONG_IMAP_URL. A message that could not
// be handled because the database is away, or the server is stopping, stays
// in the mailbox for the next poll. Any other failure belongs to the message
// and would recur at every poll: it is recorded as failed and the poller
// moves the message to the Failed folder.
func newPoller(m config.Mail, in *notifications.Inbound, st *store.Store, now func() time.Time, log *slog.Logger) *notifications.Poller {
	return &notifications.Poller{URL: m.IMAPURL, Log: log, // the poller names its job itself
		Handle: func(ctx context.Context, raw []byte) error {
			_, err := in.Handle(ctx, raw, "imap")
			if err == nil {
				return nil
			}
			if temporary(ctx, err) {
				return fmt.Errorf("%w: %w", notifications.ErrRetry, err)
			}
			if ferr := st.FailInbound(ctx, inboundID(raw), "imap", raw, "failed", now()); ferr != nil {
				if temporary(ctx, ferr) {
					return fmt.Errorf("%w: %w", notifications.ErrRetry, ferr)
				}
				return errors.Join(err, ferr) // still the message's own failure
			}
			return err
		}}
}

// temporary reports whether handling failed for a reason outside the
// message, one that waiting may cure.
func temporary(ctx context.Context, err error) bool {
	return errors.Is(err, domain.ErrUnavailable) || errors.Is(err, context.Canceled) ||
		errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil
}

// inboundID names a message as Inbound stores it: by its Message-ID, or by
// a hash of its bytes when it has none or cannot be read.
func inboundID(raw []byte) string {
	if m, err := inbound.Parse(raw); err == nil && m != nil && m.MessageID != "" {
		return m.MessageID
	}
	sum := sha256.Sum256(raw)
	return "sha256:" + hex.EncodeToString(sum[:])
}
