package render

import (
	"campmap/data"
	"campmap/data/style"
)

// hiddenOf returns the hidden categories that hidden marks by category
// index (0 is "no category", i the layer's category i-1), as a style
// keeps them: by value.
func hiddenOf(l *data.Layer, hidden []bool) style.Set {
	if len(hidden) == 0 {
		return nil
	}
	cats := l.Categories()
	s := style.Set{}
	for i, h := range hidden {
		switch {
		case !h:
		case i == 0:
			s[""] = true
		case i-1 < len(cats):
			s[cats[i-1]] = true
		}
	}
	return s
}
