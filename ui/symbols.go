package ui

import (
	"fmt"

	"campmap/data"
	"campmap/icons"
	"campmap/render"
)

// kindSVG returns the symbol of kind k: the embedded icon, or a disc of the
// kind's colour if there is none.
func kindSVG(k data.Kind) []byte {
	if b := icons.SVG(k.String()); len(b) > 0 {
		return b
	}
	c := render.KindColor(k)
	return []byte(fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24">`+
		`<circle cx="12" cy="12" r="9" fill="#%02x%02x%02x" stroke="#ffffff" stroke-width="2"/></svg>`, c.R, c.G, c.B))
}
