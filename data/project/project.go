// Package project reads and writes campmap project files (.campmap): JSON
// holding the layers (files by path relative to the project, database
// connections without passwords), their order, kinds, styles, visibility,
// category colours and filters, the viewport, the time window, the time
// zones and the basemap. Older versions are migrated on load; saving is
// atomic; autosaves keep unsaved work across a crash.
package project

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"campmap/data"
	"campmap/data/style"
	"campmap/internal/atomicfile"
	"campmap/internal/dburl"
)

// Version is the version Save writes. Load reads it and every older one.
const Version = 1

// Ext is the extension of project files.
const Ext = ".campmap"

// MaxSize bounds a project file: a project holds settings, not data.
const MaxSize = 16 << 20

// ErrNewerVersion is wrapped by Load for a project written by a newer campmap.
var ErrNewerVersion = errors.New("project written by a newer campmap")

// ErrInvalid is wrapped by Load for a file that is not a campmap project.
var ErrInvalid = errors.New("not a campmap project")

// Project is a saved map. The zero value is an empty project. Paths in
// Layers are stored relative to the project file (slash-separated); in
// memory, after Load and before Save, they are absolute.
type Project struct {
	Version  int       `json:"version"`
	Title    string    `json:"title,omitempty"`
	Layers   []Layer   `json:"layers"` // bottom first: the drawing order
	Viewport *Viewport `json:"viewport,omitempty"`
	Window   *Window   `json:"window,omitempty"`
	// Zone is the IANA zone times are shown in ("" is UTC).
	Zone    string  `json:"zone,omitempty"`
	Zones   []Area  `json:"zones,omitempty"` // named areas drawn by the user
	Basemap Basemap `json:"basemap"`
	// Bookmarks are named views, in the order the user made them.
	Bookmarks []Bookmark `json:"bookmarks,omitempty"`
	// Playback is how the timeline plays the window.
	Playback *Playback `json:"playback,omitempty"`
	// WindowSize is the window's size, in Fyne units (nil: the default).
	WindowSize *Size `json:"window_size,omitempty"`
	// Page is how briefing pages of this map are laid out (nil: the
	// defaults).
	Page *Page `json:"page,omitempty"`
}

// Page is the layout of the project's briefing pages.
type Page struct {
	// LegendPlacement is where the legend goes (render.Placement: "auto",
	// "top-left", "top-right", "bottom-left", "bottom-right", "margin";
	// "" is auto).
	LegendPlacement string `json:"legend_placement,omitempty"`
}

// Playback is the timeline's playing: the step of each move, the window
// length ("as set" keeps the window's), the speed in steps per second
// ("2/s"), whether it loops, keeps its start (cumulative) and plays within
// the window's range, looping there (Within; files before it lack it).
type Playback struct {
	Step       string `json:"step"`
	Length     string `json:"length,omitempty"`
	Speed      string `json:"speed,omitempty"`
	Loop       bool   `json:"loop,omitempty"`
	Cumulative bool   `json:"cumulative,omitempty"`
	Within     bool   `json:"within,omitempty"`
}

// Size is a width and a height.
type Size struct {
	W float32 `json:"w"`
	H float32 `json:"h"`
}

// Bookmark is a named view: where the map looks, the time window and
// which layers show.
type Bookmark struct {
	Name     string   `json:"name"`
	Viewport Viewport `json:"viewport"`
	Window   *Window  `json:"window,omitempty"` // nil: the whole time extent
	// Visible lists the layers shown, by their index in Layers (from 0);
	// the others are hidden when the bookmark is applied.
	Visible []int `json:"visible_layers"`
}

// Bookmark returns the bookmark named name (case does not matter).
func (p *Project) Bookmark(name string) (Bookmark, bool) {
	for _, b := range p.Bookmarks {
		if strings.EqualFold(b.Name, name) {
			return b, true
		}
	}
	return Bookmark{}, false
}

// Layer is one layer of a project: where it comes from and how it looks.
type Layer struct {
	// Path is the file (absolute in memory, relative to the project on
	// disk); empty for the embedded sample and for connections.
	Path string `json:"path,omitempty"`
	// Table names the layer inside a file holding several (GeoPackage).
	Table string `json:"table,omitempty"`
	// Sample names a layer of the embedded Calais 2015 scenario.
	Sample string `json:"sample,omitempty"`
	// Connection is a database layer (PostGIS); it never holds a password.
	Connection *Connection `json:"connection,omitempty"`

	Name string `json:"name,omitempty"` // display name, when renamed
	Kind string `json:"kind,omitempty"` // data.Kind name; "" keeps the detected one
	// Category is the property categorising features ("" keeps the
	// detected one, "-" for none).
	Category string `json:"category,omitempty"`
	// Style is the layer's look, stored in the fields it has always had
	// (visible, opacity, fill, category_colors, hidden_categories, filter,
	// zone).
	style.Style
	// CSV keeps the columns chosen in the CSV import dialog.
	CSV *CSV `json:"csv,omitempty"`
}

// Connection is a database layer. URL is a postgres:// URL without its
// password (the password comes from the environment or ~/.pgpass).
type Connection struct {
	URL        string `json:"url"`
	Schema     string `json:"schema,omitempty"`
	Table      string `json:"table"`
	Geometry   string `json:"geometry,omitempty"`
	TimeColumn string `json:"time_column,omitempty"`
	Category   string `json:"category_column,omitempty"`
	Refresh    int    `json:"refresh_seconds,omitempty"`
}

// CSV is the column choice of a CSV layer (see data.CSVOptions).
type CSV struct {
	Delimiter      string `json:"delimiter,omitempty"`
	Lat            string `json:"lat,omitempty"`
	Lon            string `json:"lon,omitempty"`
	Coords         string `json:"coords,omitempty"`
	CoordsLonFirst bool   `json:"coords_lon_first,omitempty"`
	WKT            string `json:"wkt,omitempty"`
	Time           string `json:"time,omitempty"`
	Category       string `json:"category,omitempty"`
	Count          string `json:"count,omitempty"`
}

// Viewport is the map view: its centre and web-mercator zoom.
type Viewport struct {
	Lon  float64 `json:"lon"`
	Lat  float64 `json:"lat"`
	Zoom float64 `json:"zoom"`
}

// Window is the time window, in RFC 3339.
type Window struct {
	Start  string `json:"start"`
	End    string `json:"end"`
	Inside bool   `json:"inside,omitempty"` // spans must lie inside, not just overlap
}

// Area is a named zone drawn on the map, as GeoJSON geometry.
type Area struct {
	Name     string          `json:"name"`
	Geometry json.RawMessage `json:"geometry"`
}

// Basemap says which basemap is drawn.
type Basemap struct {
	Hidden bool   `json:"hidden,omitempty"`
	Path   string `json:"path,omitempty"` // a basemap file; "" is the embedded one
	// Dim is how much a tiled basemap (MBTiles, PMTiles) is faded toward
	// white so the layers stand out, 0 to 0.9.
	Dim float64 `json:"dim,omitempty"`
	// Tiles is an online basemap drawn over the embedded one: a preset
	// ("osm", "hot") or a URL template with {z}, {x} and {y}.
	Tiles string `json:"tiles,omitempty"`
}

// v0 is the shape written before versions existed (campmap 0.x): absolute
// paths under "files", "hidden" instead of "visible", the view as "view".
type v0 struct {
	Files []struct {
		File    string   `json:"file"`
		Hidden  bool     `json:"hidden"`
		Kind    string   `json:"kind"`
		Opacity *float64 `json:"opacity"`
		Color   string   `json:"color"`
	} `json:"files"`
	View *struct {
		Center [2]float64 `json:"center"` // lon, lat
		Zoom   float64    `json:"zoom"`
	} `json:"view"`
	From string `json:"from"`
	To   string `json:"to"`
}

// Load reads the project at path, migrating older versions, and makes
// every layer path absolute. A layer whose file is missing is kept: see
// Missing.
func Load(path string) (*Project, error) {
	if msg := data.NotRegular(path); msg != "" {
		return nil, fmt.Errorf("project: %s: %s: %w", path, msg, data.ErrNotRegular)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("project: open %s: %w", path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("project: read %s: %w", path, err)
	}
	if len(b) > MaxSize {
		return nil, fmt.Errorf("project: %s is larger than %d MB: %w", path, MaxSize>>20, ErrInvalid)
	}
	p, err := Parse(b, filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("project: %s: %w", path, err)
	}
	return p, nil
}

// Parse reads a project from b; dir is the folder relative paths are
// resolved against.
func Parse(b []byte, dir string) (*Project, error) {
	var probe struct {
		Version *json.RawMessage `json:"version"`
		Files   json.RawMessage  `json:"files"`
	}
	if !data.JSONObject(b) {
		// not quoted: the file may be anything
		return nil, fmt.Errorf("%w: it starts with %s, not a JSON object; choose a .campmap file", ErrInvalid, data.Opening(b))
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	version := 0
	if probe.Version != nil {
		if err := json.Unmarshal(*probe.Version, &version); err != nil {
			return nil, fmt.Errorf("%w: version is not a whole number", ErrInvalid)
		}
	}
	var p Project
	switch {
	case version > Version:
		return nil, fmt.Errorf("version %d, this campmap reads up to %d: %w; update campmap", version, Version, ErrNewerVersion)
	case version < 0:
		return nil, fmt.Errorf("%w: version %d", ErrInvalid, version)
	case version == 0:
		if probe.Files == nil && probe.Version == nil {
			return nil, fmt.Errorf("%w: no \"version\"", ErrInvalid)
		}
		var old v0
		if err := json.Unmarshal(b, &old); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		var err error
		if p, err = migrate0(old); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
	default:
		if err := json.Unmarshal(b, &p); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalid, explainLayers(b, err))
		}
	}
	p.Version = Version
	if err := p.validate(); err != nil {
		return nil, err
	}
	for i := range p.Layers {
		l := &p.Layers[i]
		if l.Path != "" {
			l.Path = absPath(dir, l.Path)
		}
	}
	if p.Basemap.Path != "" {
		p.Basemap.Path = absPath(dir, p.Basemap.Path)
	}
	return &p, nil
}

// migrate0 turns a version 0 project into the current shape. Its paths
// were absolute; Save writes them back relative.
func migrate0(old v0) (Project, error) {
	var p Project
	for i, f := range old.Files {
		l := Layer{Path: filepath.FromSlash(f.File), Kind: f.Kind, Style: style.Style{Visible: !f.Hidden, Opacity: 1}}
		if err := l.Fill.UnmarshalText([]byte(f.Color)); err != nil {
			return p, fmt.Errorf("file %d: color: %w", i+1, err)
		}
		if f.Opacity != nil {
			l.Opacity = *f.Opacity
		}
		p.Layers = append(p.Layers, l)
	}
	if old.View != nil {
		p.Viewport = &Viewport{Lon: old.View.Center[0], Lat: old.View.Center[1], Zoom: old.View.Zoom}
	}
	if old.From != "" || old.To != "" {
		p.Window = &Window{Start: old.From, End: old.To}
	}
	return p, nil
}

// explainLayers returns, for the error err decoding project b gave, the
// layer and field it comes from when a style's colour is at fault.
func explainLayers(b []byte, err error) error {
	var raw struct {
		Layers []json.RawMessage `json:"layers"`
	}
	if json.Unmarshal(b, &raw) == nil {
		for i, l := range raw.Layers {
			if e := style.Explain(l); e != nil {
				return fmt.Errorf("layer %d: %w", i+1, e)
			}
		}
	}
	return err
}

// absPath resolves a stored path against dir.
func absPath(dir, p string) string {
	p = filepath.FromSlash(p)
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}

func finite(fs ...float64) bool {
	for _, f := range fs {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return false
		}
	}
	return true
}

// validate checks values a user could have edited by hand.
func (p *Project) validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
	}
	for i := range p.Layers {
		l := &p.Layers[i]
		n := i + 1
		sources := 0
		for _, set := range []bool{l.Path != "", l.Sample != "", l.Connection != nil} {
			if set {
				sources++
			}
		}
		if sources != 1 {
			return bad("layer %d needs exactly one of path, sample and connection", n)
		}
		if err := l.Style.Check(); err != nil {
			return bad("layer %d: %v", n, err)
		}
		if l.Kind != "" {
			if _, ok := data.ParseKind(l.Kind); !ok {
				return bad("layer %d: kind %q is not camp, terminal, port, route, incident or other", n, l.Kind)
			}
		}
		if c := l.Connection; c != nil {
			u, err := url.Parse(c.URL)
			if err != nil {
				return bad("layer %d: connection URL cannot be read", n)
			}
			if dburl.Strip(u) {
				// never keep a password that a hand edit put there
				c.URL = u.String()
			}
		}
	}
	if v := p.Viewport; v != nil {
		if !finite(v.Lon, v.Lat, v.Zoom) || v.Lon < -180 || v.Lon > 180 || v.Lat < -90 || v.Lat > 90 || v.Zoom < 0 || v.Zoom > 24 {
			return bad("viewport %v,%v zoom %v is out of range", v.Lon, v.Lat, v.Zoom)
		}
	}
	if w := p.Window; w != nil {
		if _, err := w.Span(nil); err != nil {
			return bad("time window: %v", err)
		}
	}
	if p.Zone != "" {
		if _, err := time.LoadLocation(p.Zone); err != nil {
			return bad("zone %q is not a known time zone", p.Zone)
		}
	}
	if s := p.WindowSize; s != nil && !(s.W >= 100 && s.H >= 100 && s.W <= 20000 && s.H <= 20000) {
		return bad("window size %vx%v is out of range", s.W, s.H)
	}
	seen := map[string]bool{}
	for i, b := range p.Bookmarks {
		n := i + 1
		key := strings.ToLower(strings.TrimSpace(b.Name))
		switch {
		case key == "":
			return bad("bookmark %d has no name", n)
		case seen[key]:
			return bad("bookmark %q is there twice; rename one", b.Name)
		}
		seen[key] = true
		v := b.Viewport
		if !finite(v.Lon, v.Lat, v.Zoom) || v.Lon < -180 || v.Lon > 180 || v.Lat < -90 || v.Lat > 90 || v.Zoom < 0 || v.Zoom > 24 {
			return bad("bookmark %q: viewport %v,%v zoom %v is out of range", b.Name, v.Lon, v.Lat, v.Zoom)
		}
		if b.Window != nil {
			if _, err := b.Window.Span(nil); err != nil {
				return bad("bookmark %q: time window: %v", b.Name, err)
			}
		}
		for _, li := range b.Visible {
			if li < 0 || li >= len(p.Layers) {
				return bad("bookmark %q shows layer %d, but the project has %d layers", b.Name, li, len(p.Layers))
			}
		}
	}
	for i, a := range p.Zones {
		var buf bytes.Buffer
		if json.Compact(&buf, a.Geometry) != nil {
			return bad("zone %d has no valid geometry", i+1)
		}
		p.Zones[i].Geometry = buf.Bytes()
	}
	return nil
}

// Span returns the window as a data.Span; times without an offset are
// read in loc. An empty start or end leaves that side open.
func (w *Window) Span(loc *time.Location) (data.Span, error) {
	s := data.Span{Start: math.MinInt64 + 1, End: math.MaxInt64}
	if w.Start != "" {
		sp, err := data.ParseTime(w.Start, loc)
		if err != nil {
			return data.Undated, err
		}
		s.Start = sp.Start
	}
	if w.End != "" {
		sp, err := data.ParseTime(w.End, loc)
		if err != nil {
			return data.Undated, err
		}
		s.End = sp.End
	}
	if w.Start == "" && w.End == "" {
		return data.Undated, nil
	}
	if s.End < s.Start {
		return data.Undated, fmt.Errorf("end %s is before start %s", w.End, w.Start)
	}
	return s, nil
}

// WindowOf returns the Window for span s (nil when s is undated).
func WindowOf(s data.Span, inside bool) *Window {
	if !s.Dated() {
		return nil
	}
	f := func(ms int64) string { return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z07:00") }
	return &Window{Start: f(s.Start), End: f(s.End), Inside: inside}
}

// hook, when set by a test, runs after the project's bytes are written to
// the temporary file and before it replaces the project: an error stands
// for a crash or a full disk at that moment.
var hook func() error

// Marshal returns p as it is saved at path: version set, paths relative to
// path's folder (absolute when on another volume), passwords removed.
func Marshal(p *Project, path string) ([]byte, error) {
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("project: %w", err)
	}
	c := *p
	c.Version = Version
	c.Layers = make([]Layer, len(p.Layers))
	for i, l := range p.Layers {
		if l.Path != "" {
			l.Path = relPath(dir, l.Path)
		}
		if l.Connection != nil {
			cc := *l.Connection
			if u, err := url.Parse(cc.URL); err == nil && dburl.Strip(u) {
				cc.URL = u.String()
			}
			l.Connection = &cc
		}
		c.Layers[i] = l
	}
	if c.Basemap.Path != "" {
		c.Basemap.Path = relPath(dir, c.Basemap.Path)
	}
	if c.Layers == nil {
		c.Layers = []Layer{}
	}
	b, err := json.MarshalIndent(&c, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("project: %w", err)
	}
	return append(b, '\n'), nil
}

// relPath writes p relative to dir, slash-separated.
func relPath(dir, p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// Save writes p to path atomically: the JSON goes to a temporary file in
// the same folder, is synced and renamed over path; a crash or a full disk
// before the rename leaves the previous project as it was.
func Save(path string, p *Project) error {
	b, err := Marshal(p, path)
	if err != nil {
		return err
	}
	err = atomicfile.Write(path, 0o644, func(w io.Writer) error {
		if _, err := w.Write(b); err != nil {
			return err
		}
		if hook != nil {
			return hook()
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("project: save: %w", err)
	}
	return nil
}

// Missing returns the layers whose file does not exist (or cannot be
// read), by index.
func (p *Project) Missing() []int {
	var out []int
	for i, l := range p.Layers {
		if l.Path == "" {
			continue
		}
		if _, err := os.Stat(l.Path); err != nil {
			out = append(out, i)
		}
	}
	return out
}

// Relocate points layer i, and every other missing layer whose file is
// found in the same new folder under its old name, at newPath's folder.
// It returns how many layers it changed.
func (p *Project) Relocate(i int, newPath string) int {
	if i < 0 || i >= len(p.Layers) {
		return 0
	}
	oldDir := filepath.Dir(p.Layers[i].Path)
	newDir := filepath.Dir(newPath)
	p.Layers[i].Path = newPath
	n := 1
	for _, j := range p.Missing() {
		l := &p.Layers[j]
		if filepath.Dir(l.Path) != oldDir {
			continue
		}
		cand := filepath.Join(newDir, filepath.Base(l.Path))
		if _, err := os.Stat(cand); err == nil {
			l.Path = cand
			n++
		}
	}
	return n
}

// LoadOptions returns the loader options for layer l.
func (l *Layer) LoadOptions() data.LoadOptions {
	var opt data.LoadOptions
	if l.Zone != "" {
		opt.Zone = l.Location()
	}
	if c := l.CSV; c != nil {
		co := &data.CSVOptions{Lat: c.Lat, Lon: c.Lon, Coords: c.Coords, CoordsLonFirst: c.CoordsLonFirst,
			WKT: c.WKT, Time: c.Time, Category: c.Category, Count: c.Count}
		if r := []rune(c.Delimiter); len(r) == 1 {
			co.Delimiter = r[0]
		}
		opt.CSV = co
	}
	return opt
}

// CSVOf returns the CSV choice for options o (nil when o is nil).
func CSVOf(o *data.CSVOptions) *CSV {
	if o == nil {
		return nil
	}
	c := &CSV{Lat: o.Lat, Lon: o.Lon, Coords: o.Coords, CoordsLonFirst: o.CoordsLonFirst, WKT: o.WKT, Time: o.Time, Category: o.Category, Count: o.Count}
	if o.Delimiter != 0 {
		c.Delimiter = string(o.Delimiter)
	}
	return c
}

// Apply returns dl with the settings of l that live on a data.Layer: name,
// kind and category key. dl itself is not changed.
func (l *Layer) Apply(dl *data.Layer) *data.Layer {
	out := dl
	if l.Kind != "" {
		if k, ok := data.ParseKind(l.Kind); ok && k != out.Kind {
			out = out.WithKind(k)
		}
	}
	switch l.Category {
	case "":
	case "-":
		out = out.WithCategoryKey("")
	default:
		if l.Category != out.CategoryKey() {
			out = out.WithCategoryKey(l.Category)
		}
	}
	if l.Name != "" && l.Name != out.Name {
		if out == dl {
			c := *dl
			out = &c
		}
		out.Name = l.Name
	}
	return out
}

// Pick returns the layer of ls that l stands for: the one named l.Table
// when set, else the first.
func (l *Layer) Pick(ls []*data.Layer) (*data.Layer, bool) {
	if len(ls) == 0 {
		return nil, false
	}
	if l.Table == "" {
		return ls[0], true
	}
	for _, dl := range ls {
		if dl.Name == l.Table {
			return dl, true
		}
	}
	return nil, false
}

// Source describes where l comes from, for messages.
func (l *Layer) Source() string {
	switch {
	case l.Path != "" && l.Table != "":
		return fmt.Sprintf("%s (layer %q)", l.Path, l.Table)
	case l.Path != "":
		return l.Path
	case l.Sample != "":
		return "sample layer " + strconv.Quote(l.Sample)
	case l.Connection != nil:
		return fmt.Sprintf("%s table %q", l.Connection.URL, l.Connection.Table)
	}
	return "(no source)"
}

// HasSuffix reports whether path ends in Ext, ignoring case.
func HasSuffix(path string) bool { return strings.EqualFold(filepath.Ext(path), Ext) }
