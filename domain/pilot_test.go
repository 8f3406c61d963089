package domain_test

import (
	"errors"
	"testing"

	"xietong/domain"
)

func TestPilotStatusOfTask(t *testing.T) {
	tests := []struct {
		name string
		task domain.Status
		want domain.PilotItemStatus
	}{
		{"no task", "", domain.PilotUnassigned},
		{"assigned", domain.StatusAssigned, domain.PilotOpen},
		{"accepted", domain.StatusAccepted, domain.PilotOpen},
		{"in progress (also after a return)", domain.StatusInProgress, domain.PilotOpen},
		{"submitted", domain.StatusSubmitted, domain.PilotSubmitted},
		{"closed", domain.StatusClosed, domain.PilotDone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.PilotStatusOfTask(tt.task); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestPilotNext(t *testing.T) {
	tests := []struct {
		name string
		item domain.PilotItemKind
		cur  domain.PilotItemStatus
		act  domain.PilotAction
		want domain.PilotItemStatus
		err  error
	}{
		{"assign an unassigned plan", domain.PilotPlan, domain.PilotUnassigned, domain.PilotAssign, domain.PilotOpen, nil},
		{"assign twice", domain.PilotPlan, domain.PilotOpen, domain.PilotAssign, domain.PilotOpen, domain.ErrConflict},
		{"submit an open mechanism", domain.PilotMechTraining, domain.PilotOpen, domain.PilotSubmit, domain.PilotSubmitted, nil},
		{"submit an unassigned item", domain.PilotStandard, domain.PilotUnassigned, domain.PilotSubmit, domain.PilotUnassigned, domain.ErrConflict},
		{"accept a submitted item", domain.PilotMaterials, domain.PilotSubmitted, domain.PilotAccept, domain.PilotDone, nil},
		{"accept an open item", domain.PilotMaterials, domain.PilotOpen, domain.PilotAccept, domain.PilotOpen, domain.ErrConflict},
		{"return a submitted item", domain.PilotPlan, domain.PilotSubmitted, domain.PilotReturn, domain.PilotOpen, nil},
		{"return a done item", domain.PilotPlan, domain.PilotDone, domain.PilotReturn, domain.PilotDone, domain.ErrConflict},
		{"the community item is derived", domain.PilotHarmoniousCommunity, domain.PilotOpen, domain.PilotAssign, domain.PilotOpen, domain.ErrInvalid},
		{"unknown action", domain.PilotPlan, domain.PilotOpen, "close", domain.PilotOpen, domain.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := domain.PilotNext(tt.item, tt.cur, tt.act)
			if got != tt.want || !errors.Is(err, tt.err) && (err != nil || tt.err != nil) {
				t.Errorf("got %s, %v; want %s, %v", got, err, tt.want, tt.err)
			}
		})
	}
}

func TestPilotMayAct(t *testing.T) {
	province := domain.CampaignScope{Province: true}
	owner := domain.CampaignScope{City: "610100", OrgID: 7}
	other := domain.CampaignScope{City: "610300", OrgID: 8}
	reader := domain.CampaignScope{Reader: true}
	tests := []struct {
		name  string
		scope domain.CampaignScope
		act   domain.PilotAction
		want  bool
	}{
		{"the province assigns", province, domain.PilotAssign, true},
		{"the owner does not assign", owner, domain.PilotAssign, false},
		{"the owner submits", owner, domain.PilotSubmit, true},
		{"another bureau does not submit", other, domain.PilotSubmit, false},
		{"the province does not submit for the owner", province, domain.PilotSubmit, false},
		{"the province accepts", province, domain.PilotAccept, true},
		{"the owner does not accept its own item", owner, domain.PilotAccept, false},
		{"the province returns", province, domain.PilotReturn, true},
		{"leadership only reads", reader, domain.PilotAccept, false},
		{"no scope, nothing", domain.CampaignScope{}, domain.PilotSubmit, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.PilotMayAct(tt.scope, 7, tt.act); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPilotBureauCode(t *testing.T) {
	tests := []struct{ region, want string }{
		{"610100", "xian-housing"},
		{"610300", "baoji-housing"},
		{"610725", "mianxian-housing"},
		{"610922", "shiquan-housing"},
		{"610112", ""}, // a district the catalogue has no bureau of
	}
	for _, tt := range tests {
		if got := domain.PilotBureauCode(tt.region); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.region, got, tt.want)
		}
	}
}
