#!/usr/bin/env bash
# bench.sh: the issue 3 load benchmark, end to end, on PostgreSQL (make bench-load).
#
#  1. builds bin/xietong and bin/xietong-bench;
#  2. creates a fresh database and generates BENCH_TASKS tasks into it;
#  3. makes API tokens for the bureau lead and BENCH_DEPARTMENTS department users
#     (generate adds the users: the lead who assigns, one per organisation);
#  4. prints the plans of the list queries (explain.md);
#  5. starts "xietong serve" on 127.0.0.1 and runs the HTTP load: create, action,
#     list, get, each on its own for BENCH_DURATION seconds at each of BENCH_CLIENTS
#     closed-loop clients (the most the server does), then paced at BENCH_RATE
#     requests/s from BENCH_PACED_CLIENTS clients (latency at a given load);
#  6. runs pgbench with the same create and action transactions (pgbench/*.sql,
#     prepared, as the server sends them)
#     at the same client counts, each right after the server's run of it;
#  7. runs the minimal transactions (pgbench/minimal/, on a database of their
#     own, ${BENCH_DB}_minimal) at the same client counts, each right after
#     the server's run of the same operation (BENCH_MINIMAL=0 skips them);
#  8. writes summary.md: the load table with the server's peak memory and the
#     CPU per request of the server, PostgreSQL and the load generator, pgbench
#     tps and the server/pgbench ratios, and the server/minimal ratios.
#
# Each closed-loop run also leaves its profiles in BENCH_OUT: the server's CPU
# profile (cpu-OP-CLIENTS.pprof, from the server's own pprof listener on
# loopback) and, where the cluster loads pg_stat_statements
# (shared_preload_libraries), the statements PostgreSQL ran for it with their
# time, blocks and WAL, and how often each was planned and for how long
# (with track_planning on; plans equal to calls means a statement planned
# on every call; a statement planned and never run is left out)
# (statements-OP-CLIENTS.txt). A cluster of its own for
# that, with the same stock settings (see BENCHMARKS.md):
#   pg_createcluster 15 bench -p 5433 -- --auth=trust
#   echo "shared_preload_libraries = 'pg_stat_statements'" >>/etc/postgresql/15/bench/postgresql.conf
#   echo "pg_stat_statements.track_planning = on" >>/etc/postgresql/15/bench/postgresql.conf
#   pg_ctlcluster 15 bench start; BENCH_PG=postgres://postgres@127.0.0.1:5433 make bench-load
#
# Before each measured run the tables are vacuumed and a checkpoint taken, so
# that no run pays for the previous one's dead rows or dirty pages.
#
# Everything lands in BENCH_OUT (var/bench). The database is left in place
# for inspection unless BENCH_DROP=1. Run from the repository root.
set -euo pipefail

PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
DB=${BENCH_DB:-xietong_bench}
TASKS=${BENCH_TASKS:-1000000}
CLIENTS=${BENCH_CLIENTS:-8,32}
DURATION=${BENCH_DURATION:-20}
RATE=${BENCH_RATE:-200}
PACED_CLIENTS=${BENCH_PACED_CLIENTS:-32}
DEPARTMENTS=${BENCH_DEPARTMENTS:-16}
PORT=${BENCH_PORT:-18093}
OUT=${BENCH_OUT:-var/bench}
PGBENCH=${PGBENCH:-$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -1)}

DSN="$PG/$DB?sslmode=disable"
HERE=$(dirname "$0")
# BENCH_DB_PARAMS is appended to the server's database URL only, e.g.
# "&default_query_exec_mode=simple_protocol" (see BENCHMARKS.md).
export XIETONG_DATABASE_URL=$DSN${BENCH_DB_PARAMS:-} XIETONG_HTTP_ADDR=127.0.0.1:$PORT XIETONG_BASE_URL=http://127.0.0.1:$PORT
export XIETONG_ADMIN_PASSWORD=${XIETONG_ADMIN_PASSWORD:-bench-admin-password}
PPROF=127.0.0.1:${BENCH_PPROF_PORT:-18094}
export XIETONG_PPROF_ADDR=$PPROF
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
say() { printf '\n== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"; }
# quiet waits until other programs use less than a tenth of the CPU over five
# seconds: on two cores a compiler running beside the benchmark changes every
# figure. The whole run waits at most BENCH_QUIET_WAIT seconds in all, so a
# busy machine cannot hold it up for long; each table still shows the share
# other programs took while it was measured.
quiet_left=${BENCH_QUIET_WAIT:-240}
quiet() {
	local other
	while [ "$quiet_left" -gt 0 ]; do
		other=$(bin/xietong-bench watch -db-name "$DB" -- sleep 5 | awk '/^other CPU/ {print $4 + 0}')
		[ "${other:-0}" -lt 10 ] && return 0
		quiet_left=$((quiet_left - 5))
		echo "other programs use ${other}% of the CPU; waiting (${quiet_left} s of waiting left)"
	done
}

[ -n "$PGBENCH" ] || { echo "bench.sh: pgbench not found (set PGBENCH)" >&2; exit 1; }
mkdir -p "$OUT"
rm -f "$OUT"/load.csv "$OUT"/load.txt "$OUT"/pgbench.csv "$OUT"/minimal.csv "$OUT"/relay.txt
MINIMAL=${BENCH_MINIMAL:-1}
MINDB=${DB}_minimal

say "build"
go build -trimpath -o bin/xietong .
go build -trimpath -o bin/xietong-bench ./cmd/xietong-bench

say "database $DB: $TASKS tasks"
psql "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
bin/xietong-bench generate -db "$DSN" -tasks "$TASKS" | tee "$OUT/generate.txt"
# The load leaves a gigabyte of dirty pages behind: write them out now, not
# during the first measurement.
psql "$DSN" -c CHECKPOINT
sync
psql "$DSN" -At -c "SELECT 'tasks ' || count(*) FROM tasks" \
	-c "SELECT 'size ' || pg_size_pretty(pg_database_size(current_database()))" | tee -a "$OUT/generate.txt"

if [ "$MINIMAL" = 1 ]; then
	say "database $MINDB: the minimal transactions' schema"
	psql "$PG/postgres" -c "DROP DATABASE IF EXISTS $MINDB" -c "CREATE DATABASE $MINDB"
	psql "$PG/$MINDB?sslmode=disable" -f "$HERE/pgbench/minimal/schema.sql"
	psql "$PG/$MINDB?sslmode=disable" -c CHECKPOINT
fi

say "tokens"
# generate added bench-lead and a department user bench-dept-ID per
# organisation; the load signs in as the lead and as the departments of
# every k-th organisation by id.
tokens="$OUT/tokens"
echo "lead $(bin/xietong token create --username bench-lead --name bench)" >"$tokens"
psql "$DSN" -At -c "SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n,
	count(*) OVER () AS total FROM organizations) o WHERE (n - 1) % greatest(total / $DEPARTMENTS, 1) = 0
	ORDER BY id LIMIT $DEPARTMENTS" |
	while read -r id; do
		echo "department $id $(bin/xietong token create --username "bench-dept-$id" --name bench)" >>"$tokens"
	done
lead_user=$(psql "$DSN" -At -c "SELECT id FROM users WHERE username = 'bench-lead'")
echo "$(wc -l <"$tokens") tokens"

say "query plans"
bin/xietong-bench explain -db "$DSN" >"$OUT/explain.md"
grep -E '^###|Execution Time' "$OUT/explain.md" | tail -n +1
tail -1 "$OUT/explain.md"

say "server on 127.0.0.1:$PORT"
bin/xietong serve >"$OUT/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do
	curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
	sleep 0.2
done
curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null

# drain lets the server's relay send the mail a run queued before the next
# run starts, so that no run pays for another's mail.
drain() {
	local start=$SECONDS queued
	while :; do
		# Each status by its own partial index: one count over both was a
		# parallel scan of the whole outbox (seconds at 1,000,000 tasks),
		# every second, beside the relay it waits for.
		# The task changes whose mail the relay has yet to address count too.
		queued=$(psql "$DSN" -At -c "SELECT (SELECT count(*) FROM outbox WHERE status = 'queued' AND next_attempt_at < now() + interval '1 hour')
			+ (SELECT count(*) FROM outbox WHERE status = 'sending') + (SELECT count(*) FROM mail_changes)")
		[ "$queued" = 0 ] && break
		if [ $((SECONDS - start)) -ge "${BENCH_DRAIN_WAIT:-180}" ]; then
			echo "mail relay: $queued messages still queued; going on" | tee -a "$OUT/relay.txt"
			return
		fi
		sleep 1
	done
	[ $((SECONDS - start)) -gt 1 ] && echo "mail relay: queue drained in $((SECONDS - start)) s" | tee -a "$OUT/relay.txt"
	return 0
}
# fresh starts each measurement, the server's and pgbench's alike, right after
# a checkpoint: the first change to a page after one writes the whole page to
# the WAL, so a run that happened to follow a checkpoint would pay for it and
# the next would not.
fresh() {
	drain
	psql "$DSN" -c "VACUUM (ANALYZE) tasks, task_participants, task_events, outbox, mail_changes, api_tokens"
	quiet
	psql "$DSN" -c CHECKPOINT
}
# profiled runs a closed-loop load with the server's CPU profile taken over
# its measured time and, where the cluster has pg_stat_statements, the
# statements it ran.
stmts=$(psql "$DSN" -At -c "SELECT 1 FROM pg_settings WHERE name = 'shared_preload_libraries' AND setting LIKE '%pg_stat_statements%'")
[ "$stmts" = 1 ] && psql "$DSN" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
profiled() { # operation clients
	[ "$stmts" = 1 ] && psql "$DSN" -At -c "SELECT pg_stat_statements_reset()" >/dev/null
	(sleep 4 && curl -fsS -o "$OUT/cpu-$1-$2.pprof" "http://$PPROF/debug/pprof/profile?seconds=$((DURATION > 6 ? DURATION - 2 : 4))") &
	local prof=$!
	run_load -ops "$1" -clients "$2" -pool-out "$OUT/pool.tsv"
	wait $prof || echo "no CPU profile for $1 at $2 clients"
	if [ "$stmts" = 1 ]; then
		psql "$DSN" -c "SELECT calls, round(total_exec_time::numeric, 1) AS total_ms,
			round((total_exec_time / calls)::numeric, 3) AS ms_per_call, plans,
			round((total_plan_time / greatest(plans, 1))::numeric, 3) AS plan_ms,
			(shared_blks_hit + shared_blks_read) / calls AS blocks_per_call, wal_bytes / calls AS wal_bytes_per_call,
			left(regexp_replace(query, '\s+', ' ', 'g'), 100) AS statement
			FROM pg_stat_statements WHERE calls > 0 AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
			ORDER BY total_exec_time + total_plan_time DESC LIMIT 15" >"$OUT/statements-$1-$2.txt"
	fi
}
run_load() {
	bin/xietong-bench load ${BENCH_LOAD_FLAGS:-} -server-pid "$server" -db-name "$DB" -url "http://127.0.0.1:$PORT" -tokens "$tokens" \
		-duration "${DURATION}s" -max-id "$TASKS" -csv "$OUT/load.csv" "$@" | tee -a "$OUT/load.txt" | grep '^| [a-z]' | grep -v '^| operation'
}
run_pgbench() { # transaction clients
	local log="$OUT/pgbench-$1-$2.txt"
	psql "$DSN" -c "TRUNCATE bench_mail_changes"
	bin/xietong-bench watch -db-name "$DB" -- "$PGBENCH" -n -M prepared -c "$2" -j 2 -T "$DURATION" \
		-D lead_user="$lead_user" -D pool="$(wc -l <"$OUT/pool.tsv")" -f "$HERE/pgbench/$1.sql" "$DSN" >"$log" 2>&1
	pgbench_row "$1" "$2" "$log" | tee -a "$OUT/pgbench.csv"
}
# pgbench_row is one CSV line of a pgbench run from its log (operation,
# clients, tps, latency, other CPU, PostgreSQL's CPU per transaction in ms
# from watch's "postgres CPU = S s" and pgbench's transaction count).
pgbench_row() { # operation clients log
	awk -v op="$1" -v c="$2" '/^tps/ {tps = $3} /^latency average/ {lat = $4} /^other CPU/ {other = $4}
		/^postgres CPU =/ {s = $4} /^number of transactions actually processed:/ {n = $6}
		END {printf "%s,%s,%s,%s,%s,", op, c, tps, lat, other; if (n > 0 && s != "") printf "%.3f\n", 1000 * s / n; else print "?"}' "$3"
}

run_minimal() { # operation clients
	local script log="$OUT/minimal-$1-$2.txt"
	case $1 in create) script=create_task ;; action) script=status_update ;; list) script=list_page ;; get) script=get_task ;; esac
	psql "$PG/$MINDB?sslmode=disable" -c CHECKPOINT
	quiet
	bin/xietong-bench watch -db-name "$MINDB" -- "$PGBENCH" -n -M prepared -c "$2" -j 2 -T "$DURATION" \
		-f "$HERE/pgbench/minimal/$script.sql" "$PG/$MINDB?sslmode=disable" >"$log" 2>&1
	pgbench_row "$1" "$2" "$log" | tee -a "$OUT/minimal.csv"
}

say "HTTP load and pgbench: clients $CLIENTS, ${DURATION}s each"
pooled=
for c in ${CLIENTS//,/ }; do
	for op in create action list get; do
		fresh
		profiled "$op" "$c"
		[ "$MINIMAL" = 1 ] && run_minimal "$op" "$c"
		case $op in create | action) ;; *) continue ;; esac
		if [ -z "$pooled" ]; then # the tasks the action load uses, for pgbench/action.sql
			psql "$DSN" -c "DROP TABLE IF EXISTS bench_action_pool" \
				-c "CREATE TABLE bench_action_pool (n INTEGER PRIMARY KEY, task_id BIGINT NOT NULL,
					nco INTEGER NOT NULL DEFAULT 0, co1 BIGINT NOT NULL DEFAULT 0, co2 BIGINT NOT NULL DEFAULT 0,
					co3 BIGINT NOT NULL DEFAULT 0)" \
				-c "\\copy bench_action_pool (n, task_id) FROM '$OUT/pool.tsv'" \
				-c "UPDATE bench_action_pool p SET nco = (SELECT count(*) FROM task_participants c WHERE c.task_id = p.task_id AND NOT c.lead),
					co1 = coalesce((SELECT org_id FROM task_participants c WHERE c.task_id = p.task_id AND NOT c.lead ORDER BY org_id LIMIT 1), 0),
					co2 = coalesce((SELECT org_id FROM task_participants c WHERE c.task_id = p.task_id AND NOT c.lead ORDER BY org_id OFFSET 1 LIMIT 1), 0),
					co3 = coalesce((SELECT org_id FROM task_participants c WHERE c.task_id = p.task_id AND NOT c.lead ORDER BY org_id OFFSET 2 LIMIT 1), 0)" \
				-c "VACUUM ANALYZE bench_action_pool" \
				-c "DROP TABLE IF EXISTS bench_mail_changes" \
				-c "CREATE TABLE bench_mail_changes (LIKE mail_changes INCLUDING ALL)"
			pooled=1
		fi
		fresh
		run_pgbench "$op" "$c"
	done
done
if [ "${BENCH_HALF:-1}" = 1 ]; then
	# Open loop at half of what the most clients got closed-loop: the
	# latency a server shows when it is busy but not saturated.
	top=${CLIENTS##*,}
	say "HTTP load paced at half of each operation's closed-loop throughput at $top clients"
	for op in create action list get; do
		half=$(awk -F, -v op="$op" -v c="$top" '$1 == op && $2 == c && $3 == 0 {printf "%d", $6 / 2}' "$OUT/load.csv")
		[ -n "$half" ] && [ "$half" -gt 0 ] || continue
		fresh
		run_load -ops "$op" -clients "$PACED_CLIENTS" -rate "$half"
	done
fi
if [ "$RATE" != 0 ]; then
	say "HTTP load paced: $RATE requests/s from $PACED_CLIENTS clients"
	for op in create action list get; do
		fresh
		run_load -ops "$op" -clients "$PACED_CLIENTS" -rate "$RATE"
	done
fi
kill $server
wait $server 2>/dev/null || true
trap - EXIT
psql "$DSN" -c "DROP TABLE bench_action_pool"

say "summary"
{
	echo "## $TASKS tasks, $(date -u +%Y-%m-%d)"
	echo
	echo "| operation | clients | offered (/s) | requests | errors | throughput (/s) | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | other CPU | server RSS (MB) | server CPU (ms/req) | PostgreSQL CPU (ms/req) | load CPU (ms/req) |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	awk -F, '{printf "| %s | %s | %s | %s | %s | %.0f | %s | %s | %s | %s | %s%% | %s | %s | %s | %s |\n", $1, $2, ($3 == 0 ? "max" : $3), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15}' "$OUT/load.csv"
	# PostgreSQL's CPU per request beside the minimal transaction's: the
	# issue's measure of how much more work a request gives the database.
	if [ -s "$OUT/minimal.csv" ]; then
		echo
		echo "| operation | clients | server (/s) | minimal transaction (tps) | minimal latency (ms) | minimal other CPU | server / minimal | PostgreSQL CPU per request: server / minimal (ms) |"
		echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
		while IFS=, read -r op c tps lat other pgms; do
			srv=$(awk -F, -v op="$op" -v c="$c" '$1 == op && $2 == c && $3 == 0 {print $6}' "$OUT/load.csv")
			srvpg=$(awk -F, -v op="$op" -v c="$c" '$1 == op && $2 == c && $3 == 0 {print $14}' "$OUT/load.csv")
			awk -v op="$op" -v c="$c" -v s="${srv:-0}" -v p="$tps" -v l="$lat" -v o="$other" -v a="${srvpg:-?}" -v b="${pgms:-?}" \
				'BEGIN {printf "| %s | %s | %.0f | %.0f | %.2f | %s | %.1f %% | %s / %s |\n", op, c, s, p, l, o, (p > 0 ? 100 * s / p : 0), a, b}'
		done <"$OUT/minimal.csv"
	fi
	echo
	echo "| transaction | clients | server (/s) | pgbench (tps) | pgbench latency (ms) | pgbench other CPU | server / pgbench | PostgreSQL CPU per transaction under pgbench (ms) |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	while IFS=, read -r tx c tps lat other pgms; do
		srv=$(awk -F, -v op="$tx" -v c="$c" '$1 == op && $2 == c && $3 == 0 {print $6}' "$OUT/load.csv")
		awk -v tx="$tx" -v c="$c" -v s="${srv:-0}" -v p="$tps" -v l="$lat" -v o="$other" -v m="${pgms:-?}" \
			'BEGIN {printf "| %s | %s | %.0f | %.0f | %.1f | %s | %.2f | %s |\n", tx, c, s, p, l, o, (p > 0 ? s / p : 0), m}'
	done <"$OUT/pgbench.csv"
} | tee "$OUT/summary.md"

if [ "${BENCH_DROP:-0}" = 1 ]; then
	psql "$PG/postgres" -c "DROP DATABASE $DB" -c "DROP DATABASE IF EXISTS $MINDB"
fi
