package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"time"

	"xietong/config"
	"xietong/domain"
	"xietong/domain/store"
	"xietong/notifications"
	"xietong/notifications/i18n"
	"xietong/notifications/inbound"
	"xietong/notifications/mail"
	"xietong/notifications/scheduler"
	"xietong/notifications/xlsx"
	"xietong/server"
)

// serve runs the server until ctx ends. Every configuration problem the
// parts find (a cron spec, a mail server URL) stops it before it listens.
// Then it listens at once, answering /healthz while it waits for the
// database (with backoff) and applies migrations; /readyz and the API say
// 503 until that is done, and the mail relay, the IMAP poller and the
// scheduler start only then. The parts run in one group: the first to fail
// stops the others, and serve returns once all have returned, or after
// XIETONG_SHUTDOWN_TIMEOUT saying which have not.
func serve(ctx context.Context, cfg config.Config, clk clock, log *slog.Logger, o *term) error {
	tr, err := newTransport(cfg.Mail)
	if err := errors.Join(checkSchedule(cfg.Schedule), checkCampaignSchedule(cfg.Campaign), err); err != nil {
		return &exitCode{code: 2, err: err}
	}
	if cfg.Database.Driver == "sqlite" {
		release, err := store.Lock(cfg.Database.SQLitePath)
		if err != nil {
			return err
		}
		defer release()
	}
	st, err := openStore(cfg, clk)
	if err != nil {
		return err
	}
	defer st.Close()
	s, err := newServerParts(cfg, st, clk, tr, o.cat, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.HTTP.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s (XIETONG_HTTP_ADDR): %w", cfg.HTTP.Addr, err)
	}
	log.Info("listening", "addr", ln.Addr().String(), "database", st.Dialect().String(), "version", version)

	g := newGroup(ctx, log)
	g.Go("http server", s.web(ln).Run)
	g.Go("memory trim", newMemoryTrim(s.busy, log).Run)
	if cfg.HTTP.PprofAddr != "" {
		g.Go("profiler", profiler(cfg.HTTP.PprofAddr, log))
	}
	g.Go("startup", func(ctx context.Context) error {
		key, err := startup(ctx, cfg, s.app, st, clk, log, o)
		if err != nil {
			if ctx.Err() != nil {
				return nil // stopped while waiting for the database
			}
			// A migration that fails for a reason other than a missing
			// database will not fix itself: stop, so the operator (or the
			// orchestrator) sees it, rather than stay unready for ever.
			return err
		}
		s.replies.Key = key
		s.app.notices.HashKey = key
		s.ready.Store(true)
		log.Info("ready")
		g.Go("mail relay", newRelay(cfg, st, tr, s.mail, key, clk.now, log, s.busy).Run)
		if s.poller != nil {
			g.Go("imap poller", s.poller.Run)
		}
		if cfg.Schedule.Enabled {
			since, err := st.InstalledAt(ctx, clk.now())
			if err != nil {
				if ctx.Err() != nil {
					return nil // stopped meanwhile
				}
				return err
			}
			s.sched.Since = since
			g.Go("scheduler", s.sched.Run)
		} else {
			log.Info("scheduler off (XIETONG_SCHEDULER=off)")
		}
		return nil
	})
	return g.Wait(cfg.HTTP.ShutdownTimeout)
}

// serverParts is what serve runs: the HTTP handler and the parts that
// start once the database is ready.
type serverParts struct {
	cfg     config.Config
	log     *slog.Logger
	app     app
	handler http.Handler
	// busy says whether the server is answering requests (the relay's pace).
	busy func() bool
	// replies gets the reply key, and ready turns true, when startup is done.
	replies *domain.ReplyService
	ready   *atomic.Bool
	poller  *notifications.Poller // nil without XIETONG_IMAP_URL
	sched   *scheduler.Scheduler
	mail    *mail.Renderer
}

// newServerParts builds the services and every part of the server over the
// catalogue words, checking the parts' configuration; it opens no connection.
func newServerParts(cfg config.Config, st *store.Store, clk clock, tr notifications.Transport, words *i18n.Catalogue,
	log *slog.Logger) (*serverParts, error) {
	a := services(cfg, st, clk)
	s := &serverParts{cfg: cfg, log: log, app: a, ready: new(atomic.Bool)}
	// The reply key comes from the database, which may not be up yet; it is
	// set before the server reports ready, and the readiness gate keeps
	// replies out until then.
	var err error
	if s.mail, err = mail.NewRenderer(words); err != nil {
		return nil, err
	}
	s.replies = &domain.ReplyService{Store: st, Tasks: a.tasks, Attachments: a.attachments, Now: clk.now,
		Words: words.Localizer(i18n.LangZH).T, RepeatWindow: cfg.Mail.ReplyRepeatWindow,
		TokenMaxAge: cfg.Mail.ReplyTokenMaxAge}
	inbound := &notifications.Inbound{Replies: s.replies, ReplyAddress: cfg.Mail.ReplyAddress,
		OwnAddress: cfg.Mail.From, TrustedRelay: cfg.Mail.TrustedRelay, Log: log.With("job", "inbound"),
		Limits: inbound.Limits{MaxAttachments: cfg.Mail.InboundMaxAttachments, MaxAttachmentBytes: cfg.Mail.InboundMaxBytes}}
	if cfg.Mail.IMAPURL != nil {
		s.poller = newPoller(cfg.Mail, inbound, st, clk.now, log)
		if err := s.poller.Validate(); err != nil {
			return nil, &exitCode{code: 2, err: fmt.Errorf("XIETONG_IMAP_URL: %w", err)}
		}
	}
	mailer := &notifications.ReportMailer{Reports: a.reports, Store: st, Renderer: s.mail,
		Workbooks: xlsx.NewWriter(words), BaseURL: cfg.BaseURL, Now: clk.now}
	sched := newScheduler(cfg, st, a, mailer, clk.now, log)
	if err := sched.Validate(); err != nil {
		return nil, fmt.Errorf("scheduler: %w", err)
	}
	s.sched = sched
	srv, err := server.New(server.Deps{
		Catalogue: words,
		Users:     a.users, Catalog: a.catalog, Calendar: a.calendar, Audit: a.audit,
		Tasks: a.tasks, Hotspots: a.hotspots, Attachments: a.attachments, Outbox: a.outbox, Mail: s.mail,
		Supervision: a.supervision, Reports: a.reports, ReportPolicies: a.policies, Standards: a.standards, Progress: a.progress, Campaign: a.campaign, Notices: a.notices, Pilots: a.pilots, Cases: a.cases, Idempotency: &domain.IdempotencyService{Store: st},
		Inbound: inbound, InboundSecret: cfg.Mail.InboundSecret,
		Schedules: func(ctx context.Context) ([]scheduler.JobStatus, error) {
			return sched.Status(ctx, clk.now(), lastRun(st))
		},
		Ready: func(ctx context.Context) error {
			if !s.ready.Load() {
				return errors.New("starting: database not prepared yet")
			}
			return st.Ping(ctx)
		},
		Logger: log, Location: cfg.Location, BaseURL: cfg.BaseURL,
		BodyLimit: cfg.HTTP.BodyLimit, UploadLimit: cfg.HTTP.UploadLimit,
		TrustedProxies: cfg.HTTP.TrustedProxies, SecureCookies: cfg.HTTP.SecureCookies, Version: version,
		UploadConcurrency: cfg.Uploads.Concurrency, UploadDir: filepath.Join(cfg.DataDir, "uploads"),
	})
	if err != nil {
		return nil, err
	}
	s.handler, s.busy = srv.Handler(), srv.Busy
	return s, nil
}

// web is the HTTP part, serving on ln.
func (s *serverParts) web(ln net.Listener) *webPart {
	h := s.cfg.HTTP
	return &webPart{ln: ln, timeout: h.ShutdownTimeout, srv: &http.Server{Handler: s.handler,
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: h.ReadTimeout, WriteTimeout: h.WriteTimeout,
		IdleTimeout: h.IdleTimeout, ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}}
}

// startup waits for the database, then migrates, seeds, makes sure a secret
// key exists and creates the first admin. It retries while the database is
// unreachable, backing off from 1 s to 30 s.
func startup(ctx context.Context, cfg config.Config, a app, st *store.Store, clk clock, log *slog.Logger, o *term) ([]byte, error) {
	delay := time.Second
	var r domain.SeedReport
	for attempt := 1; ; attempt++ {
		err := st.Ping(ctx)
		if err == nil {
			if r, err = prepare(ctx, st, clk.now()); err == nil {
				break
			}
			if st.Ping(ctx) == nil {
				return nil, err // the database answers: the failure is real
			}
		}
		log.Warn("database unavailable, retrying", "attempt", attempt, "retry_in", delay.String(), "err", err)
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
		delay = min(delay*2, 30*time.Second)
	}
	if r.Organizations+r.Communities+r.CalendarYears+r.Standards > 0 {
		log.Info("reference data loaded", "organizations", r.Organizations, "communities", r.Communities,
			"calendar_years", r.CalendarYears, "standards", r.Standards)
	}
	key, err := secretKey(ctx, cfg, st, clk.now())
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
			fmt.Fprintf(o.w, "\n%s\n\n", o.T("cli.serve.admin_created", pw))
		}
	}
	return key, nil
}

// secretKey returns the configured key or the one stored in the database,
// generating it on first start. It lives in the database so that every
// replica signs with the same key.
func secretKey(ctx context.Context, cfg config.Config, st *store.Store, now time.Time) ([]byte, error) {
	if len(cfg.SecretKey) > 0 {
		return cfg.SecretKey, nil
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	v, err := st.EnsureSetting(ctx, "secret_key", hex.EncodeToString(b), now)
	if err != nil {
		return nil, fmt.Errorf("store secret key: %w", err)
	}
	return hex.DecodeString(v)
}
