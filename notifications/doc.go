// Package notifications delivers and receives mail for xietong: the
// transactional outbox relay, the SMTP and mail-log transports, the
// templates, and inbound replies (HTTP hook and IMAP poller).
//
// Invariants it will keep, and why: a message is queued in the same
// transaction as the change that causes it and carries a unique dedupe key,
// so nothing is lost and nothing is sent twice across retries and replicas;
// it imports domain but never server, so that mail works the same from the
// web, the API and scheduled jobs.
package notifications
