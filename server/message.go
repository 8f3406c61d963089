package server

import (
	"errors"

	"xietong/domain"
)

// Describe renders err for a terminal in lang ("zh-CN" or "en"): the catalog
// message of a domain error, or err's own text otherwise. The command line
// uses it so that its one-line errors read like the API's.
func Describe(err error, lang string) string {
	var e *domain.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	cs, lerr := loadCatalogs(catalogFiles)
	if lerr != nil {
		return err.Error()
	}
	return cs.localizer(lang).T(e.Key, e.Args...)
}
