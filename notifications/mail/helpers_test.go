package mail

import "xietong/notifications/i18n"

// std is the renderer of the embedded templates that the tests share. It
// is only read.
var std = mustRenderer()

func mustRenderer() *Renderer {
	cat, err := i18n.Load()
	if err != nil {
		panic(err)
	}
	r, err := NewRenderer(cat)
	if err != nil {
		panic(err)
	}
	return r
}
