#!/usr/bin/env bash
# supervision.sh: the issue 5 benchmark on PostgreSQL (make bench-supervision).
#
# For each size in BENCH_SIZES (default 100000 and 1000000 tasks) it creates a
# fresh database xietong_sup_SIZE, generates the dataset for BENCH_TODAY (a
# working day; default 2026-11-26), then runs
#   xietong-bench register:  add BENCH_COMMUNITIES (default 10000) communities
#                            with their titles, the campaign register;
#   xietong-bench supervise: prime the ladder, time a dry run, a sweep and a rerun;
#   xietong-bench report:    time the weekly and monthly province reports
#                            (with the progress to the target and the
#                            composite scores), their workbook and mail, and
#                            the progress dashboard (BENCH_RUNS runs each).
# Output goes to BENCH_OUT/supervision-SIZE.txt (default var/bench). The
# databases are left in place unless BENCH_DROP=1. Run from the repository root.
set -euo pipefail

PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
SIZES=${BENCH_SIZES:-100000 1000000}
TODAY=${BENCH_TODAY:-2026-11-26}
RUNS=${BENCH_RUNS:-5}
OUT=${BENCH_OUT:-var/bench}
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }

mkdir -p "$OUT"
go build -trimpath -o bin/xietong-bench ./cmd/xietong-bench
for n in $SIZES; do
	db=xietong_sup_$n
	dsn="$PG/$db?sslmode=disable"
	echo "== $n tasks ($db)"
	psql "$PG/postgres" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
	bin/xietong-bench generate -db "$dsn" -tasks "$n" -today "$TODAY"
	bin/xietong-bench register -db "$dsn" -n "${BENCH_COMMUNITIES:-10000}"
	psql "$dsn" -c "VACUUM ANALYZE"
	{
		bin/xietong-bench supervise -db "$dsn" -today "$TODAY"
		psql "$dsn" -c "VACUUM ANALYZE tasks"
		bin/xietong-bench report -db "$dsn" -today "$TODAY" -runs "$RUNS"
	} | tee "$OUT/supervision-$n.txt"
	if [ "${BENCH_DROP:-}" = 1 ]; then psql "$PG/postgres" -c "DROP DATABASE $db"; fi
done
