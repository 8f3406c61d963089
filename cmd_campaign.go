package main

import (
	"context"
	"flag"
	"io"

	"xietong/config"
	"xietong/domain"
)

// campaignCmd runs "campaign name": the campaign's daily job as if it were
// TIME (default now). It names the communities whose public notices ended
// with every objection resolved and none upheld, opens the re-assessment of
// titles within XIETONG_CAMPAIGN_REASSESS_LEAD_DAYS of their expiry, and
// expires titles whose re-assessment was not named in time; the scheduler
// runs the same job. A rerun does nothing twice. With --dry-run it prints
// what it would do and writes nothing.
func (o *term) campaignCmd(ctx context.Context, cfg config.Config, clk clock, args []string) error {
	if len(args) == 0 || args[0] != "name" {
		sub := ""
		if len(args) > 0 {
			sub = args[0]
		}
		return o.usageError("cli.campaign.unknown", sub, o.T("cli.usage.campaign"))
	}
	fs := flag.NewFlagSet("campaign name", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	atText := fs.String("at", "", "")
	dry := fs.Bool("dry-run", false, "")
	fs.Func("lang", "", o.setLang)
	if err := fs.Parse(args[1:]); err != nil {
		return o.usageError("cli.campaign.bad_flags", err, o.T("cli.usage.campaign"))
	}
	if fs.NArg() > 0 {
		return o.usageError("cli.campaign.unexpected", fs.Arg(0), o.T("cli.usage.campaign"))
	}
	now := clk.now().In(cfg.Location)
	if *atText != "" {
		t, ok := parseInstant(*atText, cfg.Location)
		if !ok {
			return o.usageError("cli.campaign.bad_at", o.T("cli.bad_time", *atText, cfg.Location))
		}
		now = t
	}
	return withApp(ctx, cfg, clk, func(a app) error {
		r, err := a.notices.Run(ctx, now, *dry)
		if err != nil {
			return o.describe(err)
		}
		o.printCampaign(r)
		return nil
	})
}

// printCampaign writes a summary line and one line per step, of
// tab-separated columns in either language: what, notice or title, the
// community, and the certificate or date.
func (o *term) printCampaign(r domain.CampaignRun) {
	mode := ""
	if r.DryRun {
		mode = o.T("cli.campaign.dry_run")
	}
	o.say("cli.campaign.summary", r.Today.String(), mode, len(r.Named), len(r.Waiting), len(r.Reassessing), len(r.Expired))
	for _, s := range r.Named {
		o.say("cli.campaign.named", s.NoticeID, s.Community, s.CertificateNo, s.ExpiresOn.String())
	}
	for _, s := range r.Waiting {
		o.say("cli.campaign.waiting", s.NoticeID, s.Community)
	}
	for _, s := range r.Reassessing {
		o.say("cli.campaign.reassess", s.TitleID, s.Community, s.CertificateNo, s.ExpiresOn.String())
	}
	for _, s := range r.Expired {
		o.say("cli.campaign.expired", s.TitleID, s.CertificateNo, s.ExpiresOn.String())
	}
}
