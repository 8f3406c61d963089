package server

import (
	"bytes"
	"io"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"xietong/domain"
)

// The register of communities as files: import (with a dry run), the
// template and the export.

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// handleRegisterImport imports an uploaded register (multipart field
// "file", .xlsx or .csv). ?dry_run=true checks every row and writes
// nothing (200); a real import with any problem writes nothing and
// answers 400 with the same body; without problems it writes every row in
// one transaction (200).
func (a api) handleRegisterImport(c echo.Context) error {
	dry, err := queryBool(c, "dry_run")
	if err != nil {
		return err
	}
	res, err := a.importRegister(c, dry != nil && *dry)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if len(res.Problems) > 0 && (dry == nil || !*dry) {
		status = http.StatusBadRequest
	}
	return c.JSON(status, toRegisterImportJSON(a.localizer(c), res, dry != nil && *dry))
}

// importRegister reads the uploaded file and runs the import; the web
// page's form shares it.
func (s *Server) importRegister(c echo.Context, dry bool) (domain.RegisterImport, error) {
	ctx := c.Request().Context()
	// Refuse those who may not change the register before reading a byte.
	if err := s.deps.Catalog.MayEditRegister(ctx, actorOf(c)); err != nil {
		return domain.RegisterImport{}, err
	}
	release, err := s.uploads.acquire()
	if err != nil {
		return domain.RegisterImport{}, err
	}
	defer release()
	files, cleanup, err := spoolUploads(c.Request(), s.deps.UploadDir)
	defer cleanup()
	if err != nil {
		return domain.RegisterImport{}, err
	}
	if len(files) == 0 {
		return domain.RegisterImport{}, domain.Invalid("register.file_missing")
	}
	sheet := &domain.RegisterSheet{}
	if err := readRegister(io.NewSectionReader(files[0].File, 0, files[0].Size), sheet); err != nil {
		return domain.RegisterImport{}, err
	}
	return s.deps.Catalog.ImportCommunities(ctx, actorOf(c), sheet, dry)
}

// handleRegisterTemplate sends the import template.
func (a api) handleRegisterTemplate(c echo.Context) error {
	l := a.localizer(c)
	var buf bytes.Buffer
	if err := writeRegisterBook(&buf, l, nil, true); err != nil {
		return err
	}
	return sendWorkbook(c, l.T("workbook.register.template_file"), buf.Bytes())
}

// handleRegisterExport sends the register in the caller's scope, with the
// list's filters, as a workbook in the template's columns.
func (a api) handleRegisterExport(c echo.Context) error {
	if f := c.QueryParam("format"); f != "" && f != "xlsx" {
		return domain.Invalid("register.format_invalid", f)
	}
	f, err := communityFilterOf(c)
	if err != nil {
		return err
	}
	cs, err := a.deps.Catalog.RegisterCommunities(c.Request().Context(), actorOf(c), f)
	if err != nil {
		return err
	}
	l := a.localizer(c)
	var buf bytes.Buffer
	if err := writeRegisterBook(&buf, l, cs, false); err != nil {
		return err
	}
	return sendWorkbook(c, l.T("workbook.register.export_file"), buf.Bytes())
}

func sendWorkbook(c echo.Context, name string, data []byte) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, downloadDisposition(name))
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(data)))
	return c.Blob(http.StatusOK, xlsxType, data)
}

// The routes that take a register file (limitBody holds them to the upload
// limit).
const (
	registerImportAPI = "/api/v1/communities/import"
	registerImportWeb = "/communities/import"
)
