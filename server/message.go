package server

import (
	"errors"

	"xietong/domain"
	"xietong/notifications/i18n"
)

// Describe renders err for a terminal in lang ("zh-CN" or "en"): the catalogue
// message of a domain error, or err's own text otherwise. The command line
// uses it so that its one-line errors read like the API's.
func Describe(err error, lang string) string {
	var e *domain.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	cat, lerr := i18n.Load()
	if lerr != nil {
		return err.Error()
	}
	return cat.Localizer(lang).T(e.Key, e.Args...)
}
