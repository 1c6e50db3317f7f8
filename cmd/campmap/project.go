package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"campmap/data"
	"campmap/data/project"
	"campmap/data/sample"
	"campmap/geo"
	"campmap/internal/errmsg"
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
	fr, err := p.Frame()
	if err != nil {
		return nil, fmt.Errorf("project %s: %w", path, err)
	}
	in := &projectInputs{p: p, window: fr.Window, inside: fr.Inside, zone: fr.Zone}
	for i, o := range project.Open(ctx, p, project.Sources[struct{}]{Samples: sample.LayersContext}) {
		switch {
		case errors.Is(o.Err, project.ErrNoConnections):
			fmt.Fprintf(stderr, "campmap: project layer %d: %s is a database layer, which the command line does not draw; left out\n", i+1, o.Spec.Source())
		case o.Err != nil:
			fmt.Fprintf(stderr, "campmap: project layer %d: %s; left out\n", i+1, errmsg.Sentence(o.Err))
		}
		if o.Layer == nil {
			in.missing++
			continue
		}
		in.views = append(in.views, render.LayerView{Layer: o.Layer, Style: o.Spec.Style})
	}
	return in, nil
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

// applyBookmark makes the project show its bookmark name: its view, its
// time window (the whole extent when it has none) and only its layers.
// Every project layer is loaded when it is called (render refuses a
// project with missing layers first), so views are in the project's order.
func (in *projectInputs) applyBookmark(name string) error {
	b, ok := in.p.Bookmark(name)
	if !ok {
		var names []string
		for _, b := range in.p.Bookmarks {
			names = append(names, strconv.Quote(b.Name))
		}
		if len(names) == 0 {
			return usageErrorf("--bookmark %q: the project has no bookmarks", name)
		}
		return usageErrorf("--bookmark %q: the project's bookmarks are %s", name, strings.Join(names, ", "))
	}
	vp := b.Viewport
	in.p.Viewport = &vp
	in.window, in.inside = data.Undated, false
	if b.Window != nil {
		w, err := b.Window.Span(in.zone)
		if err != nil {
			return fmt.Errorf("bookmark %q: time window: %w", b.Name, err)
		}
		in.window, in.inside = w, b.Window.Inside
	}
	for i := range in.views {
		in.views[i].Visible = slices.Contains(b.Visible, i)
	}
	return nil
}
