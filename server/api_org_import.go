package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// importErrorJSON is one problem of an imported sheet.
type importErrorJSON struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// orgImportJSON is the answer of an address import.
type orgImportJSON struct {
	Rows    int               `json:"rows"`
	Updated int               `json:"updated"`
	Errors  []importErrorJSON `json:"errors"`
}

// handleOrgImport imports the organisations' addresses from the multipart
// field file (.xlsx or .csv); ?dry_run=true checks without writing. A real
// import with problems writes nothing and answers 422 with the same body.
func (a api) handleOrgImport(c echo.Context) error {
	dry, err := queryBool(c, "dry_run")
	if err != nil {
		return err
	}
	dryRun := dry != nil && *dry
	res, _, err := a.importOrgSheet(c, actorOf(c), dryRun)
	if err != nil {
		return err
	}
	loc := a.localizer(c)
	out := orgImportJSON{Rows: res.Rows, Updated: res.Updated, Errors: []importErrorJSON{}}
	for _, p := range res.Problems {
		out.Errors = append(out.Errors, importErrorJSON{Row: p.Row, Column: p.Column, Message: loc.T(p.Key, p.Args...)})
	}
	status := http.StatusOK
	if len(out.Errors) > 0 && !dryRun {
		status = http.StatusUnprocessableEntity
	}
	return c.JSON(status, out)
}

// handleOrgImportTemplate downloads the address sheet to fill in.
func (a api) handleOrgImportTemplate(c echo.Context) error { return a.handleOrgImportTemplateFile(c) }
