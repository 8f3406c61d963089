package server

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"net/http"

	"github.com/labstack/echo/v4"
)

// openAPIPath is where the API describes itself.
const openAPIPath = "/api/v1/openapi.json"

// openAPIDoc is the OpenAPI 3.1 document of the JSON API, written by hand
// next to the handlers it describes. Tests fail when a route under /api/v1
// is missing from it or it names one that does not exist
// (TestOpenAPIRoutes), when a schema's fields differ from the JSON type the
// handlers write (TestOpenAPISchemas), and when a real answer does not fit
// its schema (TestOpenAPIAnswers).
//
//go:embed openapi/openapi.json
var openAPIDoc []byte

// openAPIETag names the document's content: it changes only with a build.
var openAPIETag = func() string {
	sum := sha256.Sum256(openAPIDoc)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}()

// handleOpenAPI serves the document to anyone, cacheable by its ETag.
func (s *Server) handleOpenAPI(c echo.Context) error {
	h := c.Response().Header()
	h.Set("ETag", openAPIETag)
	h.Set(echo.HeaderCacheControl, "public, max-age=3600")
	if ifNoneMatch(c.Request().Header.Get("If-None-Match"), openAPIETag) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, openAPIDoc)
}
