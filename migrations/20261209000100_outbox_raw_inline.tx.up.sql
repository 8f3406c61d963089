-- A sent message's text (outbox.raw, about 13 KB, 4.4 KB once lz4 has
-- compressed it) stays in the outbox row instead of going out to the TOAST
-- table: recording a batch of 50 sent messages wrote three TOAST rows and
-- three TOAST index entries for each. Measured on 100,000 tasks (issue 15,
-- fourth round): 21.2 → 17.0 ms, 1,761 → 1,329 blocks and 333 → 296 KB of
-- WAL per batch. Texts that do not compress under 8 KB still go out of line,
-- and the daily cleanup drops texts past their retention as before.
{{if eq .Dialect "pg"}}ALTER TABLE outbox SET (toast_tuple_target = 8160){{else}}SELECT 1{{end}};
