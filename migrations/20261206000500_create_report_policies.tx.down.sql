DROP TABLE report_policies;
