package domain

import "context"

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
