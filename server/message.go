package server

import (
	"errors"

	"xietong/domain"
	"xietong/notifications/i18n"
)

// Describe renders err for a terminal in l's language: the catalogue
// message of a domain error, or err's own text otherwise. The command line
// uses it so that its one-line errors read like the API's; it loads the
// catalogue once and passes the operator's localizer.
func Describe(err error, l *i18n.Localizer) string {
	var e *domain.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	return l.T(e.Key, e.Args...)
}
