package mail

// std is the renderer of the embedded templates that the tests share. It
// is only read.
var std = mustRenderer()

func mustRenderer() *Renderer {
	r, err := NewRenderer()
	if err != nil {
		panic(err)
	}
	return r
}
