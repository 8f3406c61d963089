package domain

// CanSeeTask reports whether a may see task t. Leads, leadership and admins
// see every task; a department sees the tasks its organisation leads or
// co-organises; a community sees tasks only through its hot-spots, never
// directly, so that notes between departments stay internal.
func CanSeeTask(a Actor, t Task) bool {
	switch a.Role {
	case RoleAdmin, RoleLead, RoleLeadership:
		return true
	case RoleDepartment:
		return a.OrgID != 0 && (t.LeadOrgID == a.OrgID || t.IsCoOrg(a.OrgID))
	}
	return false
}

// actionRoles says who may take each action: the lead organisation's
// users, its co-organisers' users, or the bureau (lead and admin roles).
var actionRoles = map[Action]struct{ leadOrg, coOrg, bureau bool }{
	ActAccept:           {leadOrg: true},
	ActProgress:         {leadOrg: true},
	ActSubmit:           {leadOrg: true},
	ActRequestExtension: {leadOrg: true},
	ActRequestTransfer:  {leadOrg: true},
	ActNote:             {leadOrg: true, coOrg: true, bureau: true},
	ActClose:            {bureau: true},
	ActReturn:           {bureau: true},
	ActReassign:         {bureau: true},
	ActApproveExtension: {bureau: true},
	ActRejectExtension:  {bureau: true},
	ActRejectTransfer:   {bureau: true},
	// ActReopen is taken by the system on a community's unsatisfied feedback.
}

// CanAct reports whether a may take action act on task t (status aside:
// Next decides that). Callers check CanSeeTask first and answer ErrNotFound
// for an invisible task, then ErrForbidden when CanAct is false.
func CanAct(a Actor, act Action, t Task) bool {
	r, ok := actionRoles[act]
	if !ok {
		return act == ActReopen && a.Channel == ChannelSystem
	}
	switch a.Role {
	case RoleAdmin, RoleLead:
		return r.bureau
	case RoleDepartment:
		return r.leadOrg && a.OrgID == t.LeadOrgID || r.coOrg && t.IsCoOrg(a.OrgID)
	}
	return false
}

// requestsAllow checks act against t's pending requests: an extension or
// transfer can be asked for once at a time, and decided only while asked.
func requestsAllow(act Action, t Task) error {
	switch {
	case act == ActRequestExtension && !t.ExtensionTo.IsZero():
		return Fail(ErrConflict, "task.extension_pending")
	case (act == ActApproveExtension || act == ActRejectExtension) && t.ExtensionTo.IsZero():
		return Fail(ErrConflict, "task.no_extension_pending")
	case act == ActRequestTransfer && t.TransferRequested:
		return Fail(ErrConflict, "task.transfer_pending")
	case act == ActRejectTransfer && !t.TransferRequested:
		return Fail(ErrConflict, "task.no_transfer_pending")
	}
	return nil
}

// AvailableActions lists, in workflow order, the actions a may take on t
// now: allowed for a, from t's status, with t's pending requests. Pages use
// it to offer exactly the forms that would succeed.
func AvailableActions(a Actor, t Task) []Action {
	var out []Action
	for _, act := range Actions() {
		if !CanAct(a, act, t) || requestsAllow(act, t) != nil {
			continue
		}
		if _, err := Next(t.Status, act); err == nil {
			out = append(out, act)
		}
	}
	return out
}
