package server

import (
	"context"
	"crypto/subtle"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// InboundHandler applies one raw reply; notifications.Inbound is the one
// behind both the HTTP hook and the IMAP poller.
type InboundHandler interface {
	Handle(ctx context.Context, raw []byte, via string) (domain.ReplyResult, error)
}

// handleInboundEmail takes a raw RFC 5322 message: 202 when it was
// accepted for processing (applied, refused with an answer, or dropped —
// the mail server has nothing more to do in any case).
func (s *Server) handleInboundEmail(c echo.Context) error {
	got := c.Request().Header.Get("X-Inbound-Secret")
	if subtle.ConstantTimeCompare([]byte(got), []byte(s.deps.InboundSecret)) != 1 {
		return domain.Fail(domain.ErrUnauthenticated, "inbound.bad_secret")
	}
	ct := strings.ToLower(c.Request().Header.Get(echo.HeaderContentType))
	if !strings.HasPrefix(ct, "message/rfc822") && !strings.HasPrefix(ct, "text/plain") &&
		!strings.HasPrefix(ct, "application/octet-stream") {
		return domain.Invalid("inbound.content_type", ct)
	}
	raw, err := io.ReadAll(c.Request().Body)
	if err != nil {
		if isTooLarge(err) {
			return errTooLarge()
		}
		return domain.Invalid("request.malformed")
	}
	if len(raw) == 0 {
		return domain.Invalid("inbound.empty")
	}
	res, err := s.deps.Inbound.Handle(c.Request().Context(), raw, "http")
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, map[string]any{"status": res.Status, "reason": res.Reason})
}
