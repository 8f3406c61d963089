package domain_test

import (
	"errors"
	"slices"
	"testing"

	"xietong/domain"
)

func TestAppNext(t *testing.T) {
	city, prov := domain.LevelCity, domain.LevelProvince
	for _, tc := range []struct {
		level domain.StandardLevel
		from  domain.ApplicationStatus
		act   domain.AppAction
		to    domain.ApplicationStatus
		party domain.AppParty
	}{
		{city, domain.AppDraft, domain.StepSubmit, domain.AppSubmitted, domain.PartyApplicant},
		{city, domain.AppReturned, domain.StepSubmit, domain.AppSubmitted, domain.PartyApplicant},
		{prov, domain.AppDraft, domain.StepWithdraw, domain.AppWithdrawn, domain.PartyApplicant},
		{prov, domain.AppSubmitted, domain.StepWithdraw, domain.AppWithdrawn, domain.PartyApplicant},
		{city, domain.AppSubmitted, domain.StepReturn, domain.AppReturned, domain.PartyCity},
		{city, domain.AppSubmitted, domain.StepScore, domain.AppScored, domain.PartyCity},
		{city, domain.AppScored, domain.StepScore, domain.AppScored, domain.PartyCity},
		{city, domain.AppScored, domain.StepAccept, domain.AppAccepted, domain.PartyCity},
		{city, domain.AppScored, domain.StepReject, domain.AppRejected, domain.PartyCity},
		{prov, domain.AppScored, domain.StepRecommend, domain.AppRecommended, domain.PartyCity},
		{prov, domain.AppRecommended, domain.StepInspect, domain.AppInspected, domain.PartyProvince},
		{prov, domain.AppInspected, domain.StepInspect, domain.AppInspected, domain.PartyProvince},
		{prov, domain.AppInspected, domain.StepAccept, domain.AppAccepted, domain.PartyProvince},
		{prov, domain.AppRecommended, domain.StepReject, domain.AppRejected, domain.PartyProvince},
		{prov, domain.AppInspected, domain.StepReject, domain.AppRejected, domain.PartyProvince},
		{city, domain.AppAccepted, domain.StepPublicize, domain.AppPublicized, domain.PartySystem},
		{prov, domain.AppPublicized, domain.StepName, domain.AppNamed, domain.PartySystem},
		{prov, domain.AppPublicized, domain.StepObject, domain.AppRejected, domain.PartySystem},
	} {
		to, party, err := domain.AppNext(tc.level, tc.from, tc.act)
		if err != nil || to != tc.to || party != tc.party {
			t.Errorf("%s %s --%s--> %s %s %v, want %s %s", tc.level, tc.from, tc.act, to, party, err, tc.to, tc.party)
		}
	}
	for _, tc := range []struct {
		level domain.StandardLevel
		from  domain.ApplicationStatus
		act   domain.AppAction
	}{
		{city, domain.AppDraft, domain.StepScore},        // not submitted yet
		{city, domain.AppScored, domain.StepRecommend},   // a city title is decided by the city
		{prov, domain.AppScored, domain.StepAccept},      // a province title needs the inspection
		{prov, domain.AppRecommended, domain.StepAccept}, // … first
		{city, domain.AppScored, domain.StepInspect},     // no inspection for a city title
		{city, domain.AppAccepted, domain.StepWithdraw},  // too late
		{city, domain.AppNamed, domain.StepReject},       // over
		{prov, domain.AppWithdrawn, domain.StepSubmit},   // over
		{prov, domain.AppRejected, domain.StepSubmit},    // over: a new application
		{city, domain.AppPublicized, domain.StepAccept},  // once
		{city, domain.AppReturned, domain.StepScore},     // the applicant has it
		{prov, domain.AppRecommended, domain.StepRecommend} /* once */, {city, domain.AppSubmitted, domain.StepName},
	} {
		if to, _, err := domain.AppNext(tc.level, tc.from, tc.act); !errors.Is(err, domain.ErrConflict) {
			t.Errorf("%s %s --%s--> %s %v, want a conflict", tc.level, tc.from, tc.act, to, err)
		}
	}
}

func TestAppActionsFrom(t *testing.T) {
	got := domain.AppActionsFrom(domain.LevelProvince, domain.AppScored, domain.PartyCity)
	want := []domain.AppAction{domain.StepReturn, domain.StepScore, domain.StepRecommend}
	if !slices.Equal(got, want) {
		t.Errorf("province title, scored, city: %v, want %v", got, want)
	}
	got = domain.AppActionsFrom(domain.LevelCity, domain.AppScored, domain.PartyCity)
	want = []domain.AppAction{domain.StepReturn, domain.StepScore, domain.StepAccept, domain.StepReject}
	if !slices.Equal(got, want) {
		t.Errorf("city title, scored, city: %v, want %v", got, want)
	}
	if got := domain.AppActionsFrom(domain.LevelCity, domain.AppNamed, ""); len(got) != 0 {
		t.Errorf("named: %v, want none", got)
	}
	for _, act := range domain.AppActions() {
		want := act == domain.StepReturn || act == domain.StepReject || act == domain.StepObject
		if domain.AppNeedsNote(act) != want {
			t.Errorf("AppNeedsNote(%s) = %v", act, !want)
		}
	}
}

func TestOpenApplicationStatuses(t *testing.T) {
	open := domain.OpenApplicationStatuses()
	for _, s := range domain.ApplicationStatuses() {
		end := s == domain.AppNamed || s == domain.AppRejected || s == domain.AppWithdrawn
		if slices.Contains(open, s) == end {
			t.Errorf("%s open = %v", s, !end)
		}
	}
}
