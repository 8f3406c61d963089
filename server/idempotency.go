package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// headerIdempotencyKey names the header that makes a create safe to retry.
const headerIdempotencyKey = "Idempotency-Key"

// idempotent makes a create route answer a retry with the same
// Idempotency-Key, by the same user, with the first answer (status and
// body) instead of creating again. The key is claimed before the handler
// runs, so parallel duplicates create once (the others get 409, to retry);
// a failed create releases the key. Without the header, or without
// Deps.Idempotency, the route is as it was. It runs after requireActor.
func (s *Server) idempotent(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		key := c.Request().Header.Get(headerIdempotencyKey)
		if key == "" || s.deps.Idempotency == nil {
			return next(c)
		}
		req, a := c.Request(), actorOf(c)
		body, err := io.ReadAll(req.Body)
		if err != nil {
			if isTooLarge(err) {
				return errTooLarge()
			}
			return err
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		sum := sha256.New()
		sum.Write([]byte(req.Method + " " + req.URL.Path + "\n"))
		sum.Write(body)
		replay, err := s.deps.Idempotency.Claim(req.Context(), a, key, hex.EncodeToString(sum.Sum(nil)))
		if err != nil {
			return err
		}
		if replay != nil {
			c.Response().Header().Set("Idempotent-Replayed", "true")
			return c.Blob(replay.Status, echo.MIMEApplicationJSON, replay.Body)
		}
		rec := &recorder{ResponseWriter: c.Response().Writer}
		c.Response().Writer = rec
		err = next(c)
		c.Response().Writer = rec.ResponseWriter
		// The answer is stored even when the client has gone: that is
		// when it will retry.
		ctx := context.WithoutCancel(req.Context())
		status := c.Response().Status
		if err != nil || status >= 500 || !c.Response().Committed {
			if rerr := s.deps.Idempotency.Release(ctx, a, key); rerr != nil {
				s.log.Error("release idempotency key", "err", rerr, "request_id", requestIDOf(c), "user_id", a.UserID)
			}
			return err
		}
		if ferr := s.deps.Idempotency.Finish(ctx, a, key, status, rec.body.Bytes()); ferr != nil {
			// The create is done and answered; a retry finds the key
			// claimed and gets 409, never a duplicate.
			s.log.Error("store idempotent answer", "err", ferr, "request_id", requestIDOf(c),
				"user_id", a.UserID, "status", strconv.Itoa(status))
		}
		return nil
	}
}

// recorder keeps a copy of the body written through it.
type recorder struct {
	http.ResponseWriter
	body bytes.Buffer
}

func (r *recorder) Write(p []byte) (int, error) {
	r.body.Write(p)
	return r.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
