package main

import (
	"context"
	"fmt"
	"image/color"
	"io"
	"slices"
	"time"

	"campmap/data"
	"campmap/data/project"
	"campmap/data/sample"
	"campmap/geo"
	"campmap/render"
)

// projectInputs is a project as the headless commands use it: its layers
// in drawing order with their settings, its window, zone, view and basemap.
type projectInputs struct {
	p       *project.Project
	views   []render.LayerView
	window  data.Span
	inside  bool
	zone    *time.Location
	missing int // layers that could not be loaded (each reported on stderr)
}

// loadProject reads a .campmap file and loads its layers. A layer that
// cannot be loaded (a missing file, a database layer) is reported on stderr
// and left out; the rest of the project is used.
func loadProject(ctx context.Context, path string, stderr io.Writer) (*projectInputs, error) {
	p, err := project.Load(path)
	if err != nil {
		return nil, err
	}
	in := &projectInputs{p: p, window: data.Undated, zone: time.UTC}
	if p.Zone != "" {
		if loc, err := time.LoadLocation(p.Zone); err == nil {
			in.zone = loc
		}
	}
	if p.Window != nil {
		w, err := p.Window.Span(in.zone)
		if err != nil {
			return nil, fmt.Errorf("campmap: project %s: time window: %w", path, err)
		}
		in.window, in.inside = w, p.Window.Inside
	}
	var samples []*data.Layer
	for i := range p.Layers {
		pl := &p.Layers[i]
		var dl *data.Layer
		switch {
		case pl.Sample != "":
			if samples == nil {
				if samples, err = sample.LayersContext(ctx); err != nil {
					return nil, fmt.Errorf("campmap: embedded sample: %w", err)
				}
			}
			for _, s := range samples {
				if s.Name == pl.Sample {
					dl = s
				}
			}
			if dl == nil {
				fmt.Fprintf(stderr, "campmap: project layer %d: the sample has no layer %q; left out\n", i+1, pl.Sample)
			}
		case pl.Connection != nil:
			fmt.Fprintf(stderr, "campmap: project layer %d: %s is a database layer, which the command line does not draw; left out\n", i+1, pl.Source())
		default:
			ls, err := data.LoadFileLayers(ctx, pl.Path, pl.LoadOptions())
			if err != nil {
				fmt.Fprintf(stderr, "campmap: project layer %d: %v\n", i+1, err)
				break
			}
			if dl, _ = pl.Pick(ls); dl == nil {
				fmt.Fprintf(stderr, "campmap: project layer %d: %s has no layer %q\n", i+1, pl.Path, pl.Table)
			}
		}
		if dl == nil {
			in.missing++
			continue
		}
		in.views = append(in.views, viewOf(pl, pl.Apply(dl)))
	}
	return in, nil
}

// viewOf is a project layer's look in the scene.
func viewOf(pl *project.Layer, dl *data.Layer) render.LayerView {
	v := render.LayerView{Layer: dl, Visible: pl.Visible, Opacity: pl.Opacity}
	if c, ok := project.ParseColor(pl.Fill); ok {
		v.Fill = c
	}
	if len(pl.CategoryColors) > 0 {
		cats := dl.Categories()
		v.CategoryColors = make([]color.NRGBA, len(cats))
		for i, c := range cats {
			if col, ok := project.ParseColor(pl.CategoryColors[c]); ok {
				v.CategoryColors[i] = col
			}
		}
	}
	if len(pl.HiddenCategories) > 0 {
		cats := dl.Categories()
		v.HiddenCategories = make([]bool, len(cats)+1)
		for i, c := range cats {
			v.HiddenCategories[i+1] = slices.Contains(pl.HiddenCategories, c)
		}
	}
	if f := pl.Filter; f != nil && f.Key != "" && len(f.Hidden) > 0 {
		v.Filter = &render.PropertyFilter{Key: f.Key, Hidden: map[string]bool{}}
		for _, h := range f.Hidden {
			v.Filter.Hidden[h] = true
		}
	}
	return v
}

// layers returns the project's layers, in order.
func (in *projectInputs) layers() []*data.Layer {
	out := make([]*data.Layer, len(in.views))
	for i, v := range in.views {
		out[i] = v.Layer
	}
	return out
}

// viewport returns the project's view at size w×h, if it has one.
func (in *projectInputs) viewport(w, h int) (geo.Viewport, bool) {
	v := in.p.Viewport
	if v == nil {
		return geo.Viewport{}, false
	}
	return geo.New([2]float64{v.Lon, v.Lat}, v.Zoom, w, h), true
}
