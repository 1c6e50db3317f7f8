package project

import (
	"context"
	"fmt"
	"time"

	"campmap/data"
)

// Sources opens the layers of a project: the window and every command
// line subcommand compose a project through Open with their own Sources,
// so a project layer means the same everywhere. C is the handle of a
// database connection (the window's PostGIS connection).
type Sources[C any] struct {
	// Samples returns the layers of the embedded scenario; nil leaves the
	// project's sample layers out with an error.
	Samples func(ctx context.Context) ([]*data.Layer, error)
	// LoadFile reads the layers of a file; nil is data.LoadFileLayers.
	LoadFile func(ctx context.Context, path string, opt data.LoadOptions) ([]*data.Layer, error)
	// Connect opens a database layer's connection; nil leaves database
	// layers out with ErrNoConnections.
	Connect func(ctx context.Context, c *Connection) (C, error)
	// Zone is the zone times without an offset are read in, for layers
	// that do not name their own (nil: UTC).
	Zone *time.Location
}

// ErrNoConnections is the error of a database layer opened with Sources
// that cannot connect (the command line draws files only).
var ErrNoConnections = fmt.Errorf("database layers are drawn by the window only")

// Opened is one project layer after Open: its layer with the project's
// kind, category and name applied, or the connection of a database layer,
// or why it could not be opened.
type Opened[C any] struct {
	Spec  Layer
	Layer *data.Layer // nil for a database layer and on error
	Conn  C           // database layers
	Err   error
}

// Open opens every layer of p in order, going on after a layer that fails.
// It may run on any goroutine; ctx cancels the loading of files.
func Open[C any](ctx context.Context, p *Project, src Sources[C]) []Opened[C] {
	load := src.LoadFile
	if load == nil {
		load = data.LoadFileLayers
	}
	out := make([]Opened[C], len(p.Layers))
	var samples []*data.Layer
	var samplesErr error
	for i, pl := range p.Layers {
		o := &out[i]
		o.Spec = pl
		switch {
		case pl.Sample != "":
			if src.Samples == nil {
				o.Err = fmt.Errorf("the embedded sample is not available here")
				break
			}
			if samples == nil && samplesErr == nil {
				samples, samplesErr = src.Samples(ctx)
			}
			if samplesErr != nil {
				o.Err = fmt.Errorf("embedded sample: %w", samplesErr)
				break
			}
			for _, s := range samples {
				if s.Name == pl.Sample {
					o.Layer = pl.Apply(s)
				}
			}
			if o.Layer == nil {
				o.Err = fmt.Errorf("the sample has no layer %q", pl.Sample)
			}
		case pl.Connection != nil:
			if src.Connect == nil {
				o.Err = ErrNoConnections
				break
			}
			o.Conn, o.Err = src.Connect(ctx, pl.Connection)
		default:
			opt := pl.LoadOptions()
			if opt.Zone == nil {
				opt.Zone = src.Zone
			}
			ls, err := load(ctx, pl.Path, opt)
			if err != nil {
				o.Err = err
				break
			}
			if dl, ok := pl.Pick(ls); ok {
				o.Layer = pl.Apply(dl)
			} else {
				o.Err = fmt.Errorf("%s has no layer %q", pl.Path, pl.Table)
			}
		}
	}
	return out
}

// Frame is the time frame of a project: the zone times are shown in and
// the time window.
type Frame struct {
	Zone   *time.Location // UTC when the project names none
	Window data.Span      // data.Undated when the project has no window
	Inside bool           // spans must lie inside the window
}

// Frame returns p's zone and time window.
func (p *Project) Frame() (Frame, error) {
	f := Frame{Zone: time.UTC, Window: data.Undated}
	if p.Zone != "" {
		if loc, err := time.LoadLocation(p.Zone); err == nil {
			f.Zone = loc
		}
	}
	if p.Window != nil {
		w, err := p.Window.Span(f.Zone)
		if err != nil {
			return f, fmt.Errorf("time window: %w", err)
		}
		f.Window, f.Inside = w, p.Window.Inside
	}
	return f, nil
}
