{{if eq .Dialect "pg"}}ALTER TABLE outbox RESET (toast_tuple_target){{else}}SELECT 1{{end}};
