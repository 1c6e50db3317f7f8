// Command gen renders the application icon icons/campmap.png (512×512) from
// icons/campmap.svg with campmap's own vector rasteriser. Run it from the
// repository root after changing the SVG:
//
//	go run ./icons/gen
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"campmap/icons"
)

func main() {
	out := filepath.Join("icons", "campmap.png")
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	if err := run(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(out string) error {
	b, err := icons.AppIconPNG(512)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	return nil
}
