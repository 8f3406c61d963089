package domain

import (
	"context"
	"errors"
	"fmt"
	"strconv"
)

// The register of communities: who may change it (the province and the
// housing bureaus, each for its own place), the import of a whole sheet
// and the export.

// ScopeOf returns a's campaign scope, reading a's organisation when a has
// one.
func (s *CatalogService) ScopeOf(ctx context.Context, a Actor) (CampaignScope, error) {
	return scopeOf(ctx, s.Store, a)
}

// editsRegister reports whether the scope may change the register at all.
func (s CampaignScope) editsRegister() bool { return s.Province || s.Bureau() }

// registerScope returns a's scope, or ErrForbidden when a may change no
// part of the register.
func registerScope(ctx context.Context, q OrgReader, a Actor) (CampaignScope, error) {
	if err := Require(a, PermReadCatalog); err != nil {
		return CampaignScope{}, err
	}
	sc, err := scopeOf(ctx, q, a)
	if err != nil {
		return CampaignScope{}, err
	}
	if !sc.editsRegister() {
		return CampaignScope{}, Fail(ErrForbidden, "register.forbidden")
	}
	return sc, nil
}

// MayEditRegister returns nil when a may change some part of the register
// (the province, a housing bureau), ErrForbidden otherwise.
func (s *CatalogService) MayEditRegister(ctx context.Context, a Actor) error {
	_, err := registerScope(ctx, s.Store, a)
	return err
}

// RegisterImport is the outcome of importing a sheet: how many rows it
// had, how many communities were (or, in a dry run, would be) created and
// updated, how many rows matched their community already (unchanged,
// nothing written), and every problem. When Problems is not empty nothing
// was written.
type RegisterImport struct {
	Rows      int
	Created   int
	Updated   int
	Unchanged int
	Problems  []RegisterProblem
}

// importPlan is what an import writes.
type importPlan struct {
	result RegisterImport
	write  []Community
	audit  []string // "create" or "update", by write
}

// ImportCommunities imports a register sheet: it creates the communities
// whose codes are new and updates the others by code, all in one
// transaction, or writes nothing when any row has a problem. A dry run
// checks every row the same way and writes nothing. The province imports
// anywhere; a housing bureau only communities of its own place, any other
// row being a problem of that row.
func (s *CatalogService) ImportCommunities(ctx context.Context, a Actor, sheet *RegisterSheet, dryRun bool) (RegisterImport, error) {
	sc, err := registerScope(ctx, s.Store, a)
	if err != nil {
		return RegisterImport{}, err
	}
	if dryRun || len(sheet.Problems) > 0 {
		p, err := planImport(ctx, s.Store, sc, sheet)
		return p.result, err
	}
	var out RegisterImport
	err = s.Store.InTx(ctx, func(tx Tx) error {
		p, err := planImport(ctx, tx, sc, sheet)
		out = p.result
		if err != nil || len(p.result.Problems) > 0 {
			return err
		}
		now := tx.Now()
		for i := range p.write {
			if p.audit[i] == "create" {
				p.write[i].CreatedAt = now
			}
			p.write[i].UpdatedAt = now
		}
		if err := tx.UpsertCommunities(ctx, p.write); err != nil {
			return err
		}
		codes := make([]string, len(p.write))
		for i, c := range p.write {
			codes[i] = c.Code
		}
		ids, err := tx.CommunitiesByCode(ctx, codes)
		if err != nil {
			return err
		}
		entries := make([]AuditEntry, 0, len(p.write)+1)
		for i, c := range p.write {
			entries = append(entries, auditOf(a, now, "community."+p.audit[i],
				"community:"+strconv.FormatInt(ids[c.Code].ID, 10), c.Code+" (import)"))
		}
		entries = append(entries, auditOf(a, now, "community.import", "communities",
			fmt.Sprintf("rows %d, created %d, updated %d, unchanged %d", out.Rows, out.Created, out.Updated, out.Unchanged)))
		return tx.AddAudits(ctx, entries)
	})
	if err != nil {
		return RegisterImport{}, err
	}
	return out, nil
}

// planImport checks every row of sheet against the communities that exist
// and the scope, and lists what to write.
func planImport(ctx context.Context, q CommunityReader, sc CampaignScope, sheet *RegisterSheet) (importPlan, error) {
	p := importPlan{result: RegisterImport{Rows: len(sheet.Rows)}}
	p.result.Problems = append(p.result.Problems, sheet.Problems...)
	codes := make([]string, 0, len(sheet.Rows))
	for _, r := range sheet.Rows {
		if r.Save.Code != "" {
			codes = append(codes, r.Save.Code)
		}
	}
	existing, err := q.CommunitiesByCode(ctx, codes)
	if err != nil {
		return p, err
	}
	// Rows the sheet found wrong are not planned: their problems are
	// listed, and nothing will be written anyway.
	wrong := map[int]bool{}
	for _, p := range sheet.Problems {
		wrong[p.Row] = true
	}
	bad := func(row int, key, msg string, args ...any) {
		p.result.Problems = append(p.result.Problems, RegisterProblem{Row: row, Column: sheet.Column(key), Key: msg, Args: args})
	}
	for _, r := range sheet.Rows {
		if r.Save.Code == "" || wrong[r.Row] {
			continue
		}
		old, found := existing[r.Save.Code]
		c := Community{Code: r.Save.Code, Active: true}
		if found {
			if !sc.Manages(old) {
				bad(r.Row, "code", "register.code_elsewhere", r.Save.Code)
				continue
			}
			c = old
		}
		if err := r.Save.apply(&c); err != nil {
			// What the cells could not show: the whole community's rules.
			var de *Error
			if !errors.As(err, &de) {
				return p, err
			}
			bad(r.Row, registerColumnOf(de.Key), de.Key, de.Args...)
			continue
		}
		if !sc.Manages(c) {
			bad(r.Row, "region_code", "register.region_elsewhere", c.RegionCode)
			continue
		}
		switch {
		case !found:
			p.result.Created++
			p.write = append(p.write, c)
			p.audit = append(p.audit, "create")
		case sameRegister(old, c):
			p.result.Unchanged++
		default:
			p.result.Updated++
			p.write = append(p.write, c)
			p.audit = append(p.audit, "update")
		}
	}
	return p, nil
}

// sameRegister reports whether a and b agree on everything an import sets.
func sameRegister(a, b Community) bool {
	a.CreatedAt, a.UpdatedAt = b.CreatedAt, b.UpdatedAt
	return a == b
}

// RegisterCommunities returns every community of the register that f
// selects within a's scope, in ID order: the export. A scope that sees no
// community exports an empty sheet.
func (s *CatalogService) RegisterCommunities(ctx context.Context, a Actor, f CommunityFilter) ([]Community, error) {
	if err := Require(a, PermReadCatalog); err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	sc, err := s.ScopeOf(ctx, a)
	if err != nil {
		return nil, err
	}
	out := []Community{}
	if !sc.Filter(&f) {
		return out, nil
	}
	p := Page{Limit: 1000}
	for {
		rows, err := s.Store.Communities(ctx, f, p)
		if err != nil {
			return nil, err
		}
		if len(rows) > p.Limit {
			rows = rows[:p.Limit]
			out = append(out, rows...)
			p.After = Cursor{ID: rows[len(rows)-1].ID}
			continue
		}
		return append(out, rows...), nil
	}
}
