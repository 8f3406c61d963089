-- The token of the relay's claim that holds a sending message. Outcomes and
-- lease renewals name it, so a relay whose lease ran out and was taken over
-- records nothing over the new holder's work. Empty: never claimed, or
-- claimed before this migration (those rows are reclaimed when their lease
-- runs out).
ALTER TABLE outbox ADD COLUMN claim_token VARCHAR(64) NOT NULL DEFAULT '';
