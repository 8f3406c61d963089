-- The composite score's deduction policy (扣分制, domain/report_policy.go),
-- one row per version. An admin's edit inserts the next version; no row is
-- ever updated or deleted, so a report names the version it used and can be
-- recomputed exactly as issued. rules holds the rules as JSON, points in
-- tenths: {"overdue_day":{"per":5,"cap":300},…}. Version 1 is the shipped
-- default (domain.DefaultReportPolicy; a store test checks they agree).
CREATE TABLE report_policies (
    version INTEGER PRIMARY KEY CHECK (version >= 1),
    rules TEXT NOT NULL,
    note VARCHAR(500) NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users (id),
    created_at {{.TS}} NOT NULL
);
--bun:split
INSERT INTO report_policies (version, rules, note, created_at) VALUES (1,
    '{"overdue_day":{"per":5,"cap":300},"return":{"per":10,"cap":100},"reopen":{"per":20,"cap":100},"unsatisfied":{"per":30,"cap":150},"ladder_step":{"per":10,"cap":100}}',
    'default', CURRENT_TIMESTAMP);
