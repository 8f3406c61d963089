package store

import (
	"context"
	"strings"

	"github.com/uptrace/bun"

	"xietong/domain"
)

// queries implements the reads and writes of domain.Tx on any bun.IDB:
// the pool outside a transaction, a bun.Tx inside one (see tx).
type queries struct {
	db bun.IDB
	// bun is the DB that db belongs to: it scans raw statements' rows.
	bun *bun.DB
	// trace sees each raw statement (Options.Trace).
	trace Trace
}

// on returns q's statements on db, another handle of the same DB.
func (q queries) on(db bun.IDB) queries {
	q.db = db
	return q
}

// likePattern escapes s for a LIKE ... ESCAPE '\' substring match.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + strings.ToLower(r.Replace(s)) + "%"
}

// page applies keyset pagination by id, fetching one row more than asked.
func page(q *bun.SelectQuery, col string, p domain.Page, desc bool) *bun.SelectQuery {
	if desc {
		if p.After.ID > 0 {
			q = q.Where("? < ?", bun.Ident(col), p.After.ID)
		}
		return q.OrderExpr("? DESC", bun.Ident(col)).Limit(int64(p.Limit + 1))
	}
	if p.After.ID > 0 {
		q = q.Where("? > ?", bun.Ident(col), p.After.ID)
	}
	return q.OrderExpr("? ASC", bun.Ident(col)).Limit(int64(p.Limit + 1))
}

// notFound translates err, giving a missing row the caller's message key.
func notFound(err error, key string, args ...any) error {
	err = translate(err)
	if domain.ErrorKey(err) == "not_found" {
		return domain.Fail(domain.ErrNotFound, key, args...)
	}
	return err
}

// truncate cuts s to at most n characters (not bytes).
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// updateVersioned runs the update build makes, on row id, only while the
// stored version is still *version: it bumps *version first (build reads
// it into the row), and puts it back when the update fails. A row that moved
// on is ErrConflict (key, with the record's status as its argument).
func updateVersioned(ctx context.Context, version *int, id int64, key, status string, build func() *bun.UpdateQuery) error {
	return versioned(version, key, status, func(prev int) (int64, error) {
		res, err := build().Where("id = ?", id).Where("version = ?", prev).Exec(ctx)
		if err != nil {
			return 0, err
		}
		return res.RowsAffected()
	})
}

// versioned runs update, which writes the row only while its stored
// version is still prev and says how many rows it changed, with *version
// bumped first and put back when the update fails or finds the row moved
// on (ErrConflict, key with status as its argument).
func versioned(version *int, key, status string, update func(prev int) (int64, error)) error {
	prev := *version
	*version = prev + 1
	n, err := update(prev)
	switch {
	case err != nil:
		*version = prev
		return translate(err)
	case n == 0:
		*version = prev
		return domain.Fail(domain.ErrConflict, key, status)
	}
	return nil
}
