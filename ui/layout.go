package ui

import "fyne.io/fyne/v2"

// widthLayout stacks its objects and asks for at least w units of width.
type widthLayout struct{ w float32 }

func (l widthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(l.w, 0)
	for _, o := range objs {
		if o.Visible() {
			s = s.Max(o.MinSize())
		}
	}
	s.Width = max(s.Width, l.w)
	return s
}

func (l widthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// withWidth wraps o so that it is at least w units wide.
func withWidth(w float32, o fyne.CanvasObject) *fyne.Container {
	return &fyne.Container{Layout: widthLayout{w}, Objects: []fyne.CanvasObject{o}}
}
