package main

import (
	"time"

	"xietong/config"
	"xietong/domain"
	"xietong/domain/store"
)

// noticeService builds the campaign's notice and title service from the
// configuration.
func noticeService(cfg config.Config, st *store.Store, now func() time.Time) *domain.CampaignNoticeService {
	c := cfg.Campaign
	return &domain.CampaignNoticeService{Store: st, Now: now, Location: cfg.Location, HashKey: cfg.SecretKey,
		ObjectionRules: domain.ObjectionPolicy{MaxContent: c.ObjectionMaxLength, Rate: c.ObjectionRate,
			Window: c.ObjectionWindow},
		TitleRules: domain.TitlePolicy{CityTerm: domain.Term(c.TitleTermCity),
			ProvinceTerm: domain.Term(c.TitleTermProvince), ReassessLeadDays: c.ReassessLeadDays}}
}

// pilotService builds the service of the pilots' five-ones checklists,
// whose items are tasks of the task service.
func pilotService(cfg config.Config, st *store.Store, tasks *domain.TaskService, now func() time.Time) *domain.PilotService {
	return &domain.PilotService{Store: st, Tasks: tasks, Now: now, Location: cfg.Location}
}

// caseService builds the typical cases' and exchange activities' service;
// the report service takes it as the source of the monthly report's new
// cases.
func caseService(cfg config.Config, st *store.Store, now func() time.Time) *domain.CaseService {
	return &domain.CaseService{Store: st, Now: now, Location: cfg.Location}
}
