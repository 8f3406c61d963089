// Package server is xietong's HTTP side: the JSON API under /api/v1, the
// web UI, /healthz, /readyz and /metrics, on one echo router built by New
// from the services in Deps.
//
// Invariants, and why they hold here:
//   - Handlers are thin: bind the request, take the actor, make one service
//     call, render the result, in at most 40 lines. Rules, permissions and
//     state checks live in domain, so the API, the web UI, mail and the
//     command line cannot drift apart.
//   - server never imports bun or domain/store. It gets services, not a
//     database, so it can be tested against any store and cannot bypass the
//     rules with a query of its own.
//   - One error handler (errors.go) holds the one table from domain error
//     kinds to HTTP status and code. Handlers return errors; they never
//     write an error response themselves.
//   - err.Error() never reaches a client. A known error is shown as its
//     catalogue message in the client's language; anything else is logged
//     with the request ID and shown as "内部错误 / internal error", because
//     driver and Go error texts can leak SQL, paths and personal data.
//   - JSON bodies are decoded strictly (json.go): malformed JSON, unknown
//     fields, wrong types and oversized bodies are each a 4xx, never a 500.
//   - The client address comes from the direct peer unless that peer is a
//     configured trusted proxy, so X-Forwarded-For cannot be spoofed to
//     dodge the per-address sign-in lockout.
//   - Every word comes from the one message catalogue, notifications/i18n,
//     which mail, the workbook and the command line read too, so a status
//     or an error reads the same everywhere; i18n.go only picks a
//     request's language (?lang=, the cookie, Accept-Language, zh-CN).
//   - No package-level mutable state: metrics live in the server's own
//     Prometheus registry, and the logger comes from Deps.
package server
