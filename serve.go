package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"xietong/config"
	"xietong/domain"
	"xietong/domain/store"
	"xietong/notifications"
	"xietong/server"
)

// serve runs the server until ctx ends. It listens at once, answering
// /healthz while it waits for the database (with backoff) and applies
// migrations; /readyz and the API say 503 until that is done.
func serve(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer) error {
	if err := checkSchedule(cfg.Schedule); err != nil {
		return &exitCode{code: 2, err: err}
	}
	if cfg.Database.Driver == "sqlite" {
		release, err := store.Lock(cfg.Database.SQLitePath)
		if err != nil {
			return err
		}
		defer release()
	}
	st, err := openStore(cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	a := services(cfg, st)
	// The reply key comes from the database, which may not be up yet; it is
	// set before the server reports ready, and the readiness gate keeps
	// replies out until then.
	replies := &domain.ReplyService{Store: st, Tasks: a.tasks, Attachments: a.attachments, Now: time.Now}
	inbound := &notifications.Inbound{Replies: replies, ReplyAddress: cfg.Mail.ReplyAddress,
		OwnAddress: cfg.Mail.From, TrustedRelay: cfg.Mail.TrustedRelay, Log: log.With("job", "inbound")}

	var ready atomic.Bool
	srv, err := server.New(server.Deps{
		Users: a.users, Catalog: a.catalog, Calendar: a.calendar, Audit: a.audit,
		Tasks: a.tasks, Hotspots: a.hotspots, Attachments: a.attachments, Outbox: a.outbox,
		Supervision: a.supervision, Reports: a.reports,
		Inbound: inbound, InboundSecret: cfg.Mail.InboundSecret,
		Ready: func(ctx context.Context) error {
			if !ready.Load() {
				return errors.New("starting: database not prepared yet")
			}
			return st.Ping(ctx)
		},
		Logger: log, Location: cfg.Location, BaseURL: cfg.BaseURL,
		BodyLimit: cfg.HTTP.BodyLimit, UploadLimit: cfg.HTTP.UploadLimit,
		TrustedProxies: cfg.HTTP.TrustedProxies, SecureCookies: cfg.HTTP.SecureCookies, Version: version,
	})
	if err != nil {
		return err
	}
	mailer := &notifications.ReportMailer{Reports: a.reports, Store: st, BaseURL: cfg.BaseURL, Now: time.Now}
	sched := newScheduler(cfg, st, a, mailer, log)
	if err := sched.Validate(); err != nil {
		return fmt.Errorf("scheduler: %w", err)
	}
	ln, err := net.Listen("tcp", cfg.HTTP.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s (XIETONG_HTTP_ADDR): %w", cfg.HTTP.Addr, err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: cfg.HTTP.ReadTimeout, WriteTimeout: cfg.HTTP.WriteTimeout, IdleTimeout: cfg.HTTP.IdleTimeout,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String(), "database", st.Dialect().String(), "version", version)

	started := make(chan error, 1)
	var key []byte
	go func() {
		var err error
		key, err = startup(ctx, cfg, a, st, log, stdout)
		started <- err
	}()
	relayDone := make(chan struct{})
	relayCtx, stopRelay := context.WithCancel(context.WithoutCancel(ctx))
	relayStarted := false
	defer func() {
		stopRelay()
		if relayStarted {
			<-relayDone
		}
	}()

	var failed error
	for failed == nil && ctx.Err() == nil {
		select {
		case err := <-served:
			return fmt.Errorf("http server: %w", err)
		case err := <-started:
			if err != nil && ctx.Err() == nil {
				// A migration that fails for a reason other than a missing
				// database will not fix itself: stop, so the operator (or
				// the orchestrator) sees it, rather than stay unready forever.
				failed = fmt.Errorf("startup: %w", err)
				break
			}
			replies.Key = key
			ready.Store(true)
			log.Info("ready")
			relayStarted = true
			go func() {
				defer close(relayDone)
				if cfg.Mail.IMAPURL != nil {
					go func() { _ = newPoller(cfg, inbound, log).Run(relayCtx) }()
				}
				schedDone := make(chan struct{})
				go func() {
					defer close(schedDone)
					if !cfg.Schedule.Enabled {
						log.Info("scheduler off (XIETONG_SCHEDULER=off)")
						return
					}
					if err := sched.Run(relayCtx); err != nil {
						log.Error("scheduler stopped", "err", err)
					}
				}()
				_ = newRelay(cfg, st, key, log).Run(relayCtx)
				<-schedDone
			}()
		case <-ctx.Done():
		}
	}
	log.Info("shutting down", "timeout", cfg.HTTP.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), cfg.HTTP.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return failed
}

// startup waits for the database, then migrates, seeds, makes sure a secret
// key exists and creates the first admin. It retries while the database is
// unreachable, backing off from 1 s to 30 s.
func startup(ctx context.Context, cfg config.Config, a app, st *store.Store, log *slog.Logger, stdout io.Writer) ([]byte, error) {
	delay := time.Second
	var r domain.SeedReport
	for attempt := 1; ; attempt++ {
		err := st.Ping(ctx)
		if err == nil {
			if r, err = prepare(ctx, st, time.Now()); err == nil {
				break
			}
			if st.Ping(ctx) == nil {
				return nil, err // the database answers: the failure is real
			}
		}
		log.Warn("database unavailable, retrying", "attempt", attempt, "retry_in", delay.String(), "err", err)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(delay):
		}
		delay = min(delay*2, 30*time.Second)
	}
	if r.Organizations+r.Communities+r.CalendarYears > 0 {
		log.Info("reference data loaded", "organizations", r.Organizations, "communities", r.Communities,
			"calendar_years", r.CalendarYears)
	}
	key, err := secretKey(ctx, cfg, st)
	if err != nil {
		return nil, err
	}
	pw, err := a.users.EnsureAdmin(ctx, cfg.AdminPassword)
	if err != nil {
		return nil, fmt.Errorf("create admin: %w", err)
	}
	if pw != "" {
		log.Info("created the first admin account", "username", "admin")
		if cfg.AdminPassword == "" {
			fmt.Fprintf(stdout, "\n  admin account created — username: admin  password: %s\n  (shown once; change it after signing in)\n\n", pw)
		}
	}
	return key, nil
}

// secretKey returns the configured key or the one stored in the database,
// generating it on first start. It lives in the database so that every
// replica signs with the same key.
func secretKey(ctx context.Context, cfg config.Config, st *store.Store) ([]byte, error) {
	if len(cfg.SecretKey) > 0 {
		return cfg.SecretKey, nil
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	v, err := st.EnsureSetting(ctx, "secret_key", hex.EncodeToString(b), time.Now())
	if err != nil {
		return nil, fmt.Errorf("store secret key: %w", err)
	}
	return hex.DecodeString(v)
}

func randomPassword() string {
	b := make([]byte, 15)
	_, _ = rand.Read(b) // crypto/rand.Read does not fail on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

// newRelay builds the outbox relay: SMTP when XIETONG_SMTP_URL is set, the
// mail log otherwise.
func newRelay(cfg config.Config, st *store.Store, key []byte, log *slog.Logger) *notifications.Relay {
	var tr notifications.Transport = notifications.LogTransport{}
	if cfg.Mail.SMTPURL != nil {
		smtp, err := notifications.NewSMTP(cfg.Mail.SMTPURL, 30*time.Second)
		if err != nil {
			log.Error("smtp transport; using the mail log", "err", err)
		} else {
			tr = smtp
		}
	}
	return &notifications.Relay{Queue: st, Transport: tr, Now: time.Now, Log: log.With("job", "mail"),
		From: cfg.Mail.From, FromName: "协同督办平台", ReplyAddress: cfg.Mail.ReplyAddress,
		BaseURL: cfg.BaseURL, Key: key}
}

// newPoller reads replies from XIETONG_IMAP_URL. Every failure to handle a
// message is worth retrying: the handler stores what it can parse and drops
// what it cannot, so an error means the database or the server is away.
func newPoller(cfg config.Config, in *notifications.Inbound, log *slog.Logger) *notifications.Poller {
	return &notifications.Poller{URL: cfg.Mail.IMAPURL, Log: log.With("job", "imap"),
		Handle: func(ctx context.Context, raw []byte) error {
			if _, err := in.Handle(ctx, raw, "imap"); err != nil {
				return fmt.Errorf("%w: %w", notifications.ErrRetry, err)
			}
			return nil
		}}
}
