package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"xietong/domain"
)

// Where PostgreSQL and SQLite must differ, the branch is here: every other
// query is written once for both. Each branch says why the dialects part.

// isPG reports whether db talks to PostgreSQL (otherwise it is SQLite).
func isPG(db bun.IDB) bool { return db.Dialect().Name() == dialect.PG }

// skipLocked makes sq lock the rows of table alias it reads, skipping rows
// another transaction holds, so that replicas sweeping or claiming at once
// neither wait on nor take each other's rows. SQLite serves one process and
// locks the whole database for a write anyway: nothing to add there.
func skipLocked(db bun.IDB, sq *bun.SelectQuery, alias string) *bun.SelectQuery {
	if !isPG(db) {
		return sq
	}
	return sq.For("UPDATE OF " + alias + " SKIP LOCKED")
}

// skipLockedSQL is skipLocked's clause for raw SQL: " FOR UPDATE SKIP
// LOCKED" on PostgreSQL, "" on SQLite.
func skipLockedSQL(db bun.IDB) string {
	if !isPG(db) {
		return ""
	}
	return " FOR UPDATE SKIP LOCKED"
}

// keyIn is the condition that col is one of the keys the select sub
// returns. PostgreSQL reads sub once, as an array, and looks its keys up in
// col's index in one scan. Joined to sub's rows instead, the lookups got a
// Memoize node that never hits (each key comes once); as "col IN (sub)"
// they are a join again, after a hash of the keys, and measured no faster
// (BENCHMARKS.md, issue 15, fifteenth round). SQLite has no arrays and
// looks the keys of an IN list up one by one.
func keyIn(db bun.IDB, col, sub string) string {
	if !isPG(db) {
		return col + " IN (" + sub + ")"
	}
	return col + " = ANY(ARRAY(" + sub + "))"
}

// orgsByID narrows sq, a select of orgRow (alias org_row), to the
// organisations of ids, each once. SQLite looks the ids of "id IN (…)" up
// in the key, and so does PostgreSQL for a single id; for several it scans
// the whole of organizations instead: a few hundred rows in a handful of
// pages looks cheaper than three index lookups, but every row it passes is
// checked for visibility, and under writes each carries the key-share
// locks of the foreign keys that reference it. Three ids took 0.16–0.18 ms
// that way under a load of creates, three lookups 0.05–0.06 ms
// (BENCHMARKS.md, "Twelfth round"). There the select reads from the ids
// looked up one by one; the OFFSET keeps the planner from turning the
// lookups back into a join over a scan.
//
// The ids are a VALUES list of one parameter each, not unnest of an
// array: PostgreSQL's plan for a prepared unnest($1) counts on ten ids, and
// looked dearer than a plan made for the three a change has, so each call
// was planned anew (0.11 ms, four times the read; fourteenth round). A
// VALUES list has as many rows in the plan for any values as for these,
// and the one plan is kept for each number of ids.
func orgsByID(db bun.IDB, sq *bun.SelectQuery, p *params, ids []int64) *bun.SelectQuery {
	if !isPG(db) || len(ids) == 1 {
		return sq.Where("org_row.id IN (" + list(p, ids) + ")")
	}
	keys := slices.Clone(ids)
	slices.Sort(keys)
	keys = slices.Compact(keys)
	var b strings.Builder
	b.WriteString("(VALUES ")
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(" + p.add(k) + "::bigint)")
	}
	b.WriteString(") AS k(id) CROSS JOIN LATERAL (SELECT * FROM organizations AS o WHERE o.id = k.id OFFSET 0) AS org_row")
	return sq.ModelTableExpr(b.String())
}

// saveLadders writes the ladder states of SaveLadders. On PostgreSQL a batch
// is one UPDATE … FROM (VALUES …); SQLite, local and single-process, takes
// one UPDATE per task.
func (q queries) saveLadders(ctx context.Context, states []domain.TaskLadder) error {
	if !isPG(q.db) {
		for _, st := range states {
			_, err := q.db.NewUpdate().Table("tasks").
				Set("ladder_done = ?", strings.Join(st.Done, ",")).
				Set("ladder_step = ?", string(st.Step)).
				Set("listed = ?", st.Listed).
				Set("next_ladder_at = ?", nullTime(st.NextAt)).
				Where("id = ?", st.TaskID).Exec(ctx)
			if err != nil {
				return translate(err)
			}
		}
		return nil
	}
	var b strings.Builder
	args := make([]any, 0, 5*len(states))
	for i, st := range states {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?::bigint, ?::text, ?::text, ?::boolean, ?::timestamptz)")
		args = append(args, st.TaskID, strings.Join(st.Done, ","), string(st.Step), st.Listed, nullTime(st.NextAt))
	}
	_, err := q.db.NewRaw(`UPDATE tasks AS t SET ladder_done = v.done, ladder_step = v.step, listed = v.listed,
		next_ladder_at = v.next FROM (VALUES `+b.String()+`) AS v(id, done, step, listed, next) WHERE t.id = v.id`,
		args...).Exec(ctx)
	return translate(err)
}

// placeholders rewrites ? placeholders as $1, $2, … for PostgreSQL (pgx
// knows no other form); SQLite takes ? as written. Only the queries that
// bypass bun (sqlOf) need it.
func placeholders(db bun.IDB, query string) string {
	if !isPG(db) {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// parallelReports reports whether a report may read on two connections
// sharing one snapshot (pg_export_snapshot, PostgreSQL only). SQLite reads
// without a transaction, whose BEGIN would take the write lock
// (_txlock=immediate) for as long as the report takes.
func parallelReports(db bun.IDB) bool { return isPG(db) }

// Keys of lockKey: what the transactions that take one wait for each other
// over.
const (
	lockOrgQuota       = 1 // an organisation's attachment quota, by organisation id
	lockCommunityQuota = 2 // a community's attachment quota, by community id
	lockTaskReplies    = 3 // the email replies to one task, by task id
)

// lockKey serialises, until the transaction ends, the transactions that
// check something and then write on the strength of it: two uploads must
// not both pass one quota, two copies of one reply must not both find no
// earlier copy. PostgreSQL takes a transaction advisory lock (the two-int4
// key space, apart from the migrations' one-bigint lock); SQLite's write
// transaction already holds the one database lock.
func lockKey(ctx context.Context, db bun.IDB, kind int32, id int64) error {
	if _, inTx := db.(bun.Tx); !inTx || !isPG(db) {
		return nil
	}
	_, err := db.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?, ?)", kind, int32(id))
	return err
}

// dayAfter is the SQL for the day after the date column expr: PostgreSQL
// adds an integer to a DATE; SQLite keeps dates as ISO text and has date().
func dayAfter(db bun.IDB, expr string) string {
	if isPG(db) {
		return "(" + expr + " + 1)"
	}
	return "date(" + expr + ", '+1 day')"
}
