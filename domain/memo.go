package domain

import (
	"context"
	"slices"
)

// memo is a transaction that remembers the organisations and communities it
// has read. One change reads the same few several times: to check them, to
// address its mail and to describe itself in it; at a province's load each
// read saved is a round trip off every request. Nothing the memo serves is
// written by the paths that use it.
type memo struct {
	Tx
	orgs  map[int64]Organization
	comms map[int64]Community
}

func withMemo(tx Tx) *memo {
	if m, ok := tx.(*memo); ok {
		return m
	}
	return &memo{Tx: tx, orgs: map[int64]Organization{}, comms: map[int64]Community{}}
}

func (m *memo) Organization(ctx context.Context, id int64) (Organization, error) {
	if o, ok := m.orgs[id]; ok {
		return o, nil
	}
	o, err := m.Tx.Organization(ctx, id)
	if err == nil {
		m.orgs[id] = o
	}
	return o, err
}

// orgsByID returns the organisations ids name that exist, reading the ones
// a memo does not hold in one statement (and keeping them in it).
func orgsByID(ctx context.Context, q OrgReader, ids []int64) (map[int64]Organization, error) {
	out := make(map[int64]Organization, len(ids))
	m, _ := q.(*memo)
	var missing []int64
	for _, id := range ids {
		if o, ok := m.org(id); ok {
			out[id] = o
		} else if !slices.Contains(missing, id) {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	if m != nil {
		q = m.Tx // the memo has answered what it could
	}
	os, err := q.Organizations(ctx, OrgFilter{IDs: missing}, Page{Limit: len(missing)})
	if err != nil {
		return nil, err
	}
	for _, o := range os {
		out[o.ID] = o
		if m != nil {
			m.orgs[o.ID] = o
		}
	}
	return out, nil
}

// org is the memo's copy of an organisation; a nil memo holds none.
func (m *memo) org(id int64) (Organization, bool) {
	if m == nil {
		return Organization{}, false
	}
	o, ok := m.orgs[id]
	return o, ok
}

func (m *memo) Community(ctx context.Context, id int64) (Community, error) {
	if c, ok := m.comms[id]; ok {
		return c, nil
	}
	c, err := m.Tx.Community(ctx, id)
	if err == nil {
		m.comms[id] = c
	}
	return c, err
}
