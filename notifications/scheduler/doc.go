// Package scheduler runs xietong's periodic jobs (the supervision sweep, the
// weekly and monthly reports) in every server process, on cron specs read in
// the configured time zone, so that each scheduled run happens exactly once
// however many replicas share the PostgreSQL database.
//
// Invariants, and why they hold:
//
//   - One run per slot across replicas. A slot is a job's scheduled instant,
//     computed from the schedule rather than from the moment a timer went
//     off: the latest instant of the spec at or before the fire time (for a
//     5-field spec, the fire time truncated to the minute). Before working, a
//     run claims (job, slot) in the database (Claims.ClaimRun, a single
//     INSERT … ON CONFLICT DO NOTHING), and only the claimant runs the job.
//     robfig/cron knows nothing of replicas and fires every job in every
//     process; the claim is what turns N fires into one run. SQLite serves
//     one process, where the claim always succeeds, through the same code.
//   - A few seconds of clock skew between replicas do not split a slot.
//     Each replica fires at the scheduled second by its own clock and names
//     the slot from the schedule (in effect, truncates the fire time to the
//     minute), so replicas seconds apart name the same slot, and the claim
//     by exact slot lets the first one win; the later ones find the row
//     taken, running or finished. Skew only shifts when, in real time, the
//     run happens and when a claim counts as stale: it must stay far below
//     Lease (keep NTP on), or a replica whose clock runs ahead could take
//     over a run that is still going.
//   - No run is lost to a crash. A claim records its owner and time; a run
//     that succeeds sets finished_at. A run that fails, times out or panics
//     stays unfinished with its error, and so does the claim of a process
//     that died mid-run. Recover, called by Run, after every fire and every
//     few minutes, lists each job's unfinished slots of the last 7 days and
//     re-claims those whose claim is older than Lease, so another replica
//     (or this one) runs them again. Jobs must therefore be idempotent: they
//     dedupe their own effects (outbox dedupe keys, ladder state).
//   - Panics never kill the process. robfig/cron recovers panics only when
//     the Recover wrapper is in the chain (cron.New's default chain is
//     empty, whatever its comment says); every entry here is wrapped in
//     cron.Recover, and Fire itself turns a panic in Job.Run into an error
//     that is logged and recorded, so the slot is retried like any failure.
//   - No overlapping runs of one job in a process. Each cron entry is
//     wrapped in cron.SkipIfStillRunning, and Fire keeps its own per-job
//     guard for recovery, catch-up and direct calls: a fire that finds the
//     job still running skips its slot (without claiming it) and says so
//     in the log. The jobs look at everything due, so the next run covers
//     a skipped slot.
//   - A run is bounded. Job.Run gets a context that ends after Timeout and
//     when Run's context ends (shutdown); a job must return when it ends.
//     Lease must exceed Timeout, so that a run still going is never taken
//     over.
//
// Only standard specs and descriptors such as @daily belong in production:
// an @every interval counts from each process's start, so replicas would
// not agree on its slots (CheckSpec refuses it; tests use it for speed).
package scheduler
