package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"campmap/data"
	"campmap/data/sample"
	"campmap/data/style"
	"campmap/render"

	"github.com/paulmach/orb"
)

// Manifest records how an export was made: enough to make it again and to
// tell when an input changed. It holds hashes and settings, never the
// features themselves.
type Manifest struct {
	App     string  `json:"app"`
	Version string  `json:"version"`
	Inputs  []Input `json:"inputs"`
	Basemap string  `json:"basemap"` // "embedded", or the name of the input holding it
	// BasemapDim is how much a tiled basemap was faded toward white
	// (render.TileOptions.Dim); 0 when not.
	BasemapDim float64     `json:"basemap_dim,omitempty"`
	Layers     []LayerSpec `json:"layers"` // bottom first
	Window     *WindowSpec `json:"window,omitempty"`
	Zone       string      `json:"zone"`
	Labels     bool        `json:"labels"`
	// Lang is the language of the words drawn ("" English, "fr" French).
	Lang string `json:"lang,omitempty"`
	// Selection is the outlined area (longitude, latitude), if any.
	Selection [][2]float64 `json:"selection,omitempty"`
	BBox      [4]float64   `json:"bbox"` // minlon, minlat, maxlon, maxlat the map fits
	Viewport  *ViewSpec    `json:"viewport,omitempty"`
	Format    string       `json:"format"`
	Page      *PageSpec    `json:"page,omitempty"`
	Safe      *SafeSpec    `json:"safe,omitempty"`
	// Aggregation is when large point layers are drawn as density
	// squares (render.AggregateAbove).
	Aggregation AggregationSpec `json:"aggregation"`
	// Public marks the manifest embedded in a publication-safe export
	// (see ForPublic): inputs by label only, no seed. It cannot remake the
	// export; the private manifest beside it can.
	Public bool `json:"public,omitempty"`
}

// AggregationSpec records the density-square setting of the renderer.
type AggregationSpec struct {
	AboveFeatures int `json:"above_features"`
}

// Input is one file an export read, identified by its SHA-256. Embedded
// sample files are named "sample:<path>".
type Input struct {
	Name     string `json:"name"`
	Path     string `json:"path,omitempty"`
	Embedded bool   `json:"embedded,omitempty"`
	SHA256   string `json:"sha256,omitempty"`
	Bytes    int64  `json:"bytes,omitempty"`
}

// LayerSpec is one layer as the export showed it: which layer, and its
// style as the window and the project file keep it. Category values of
// layers holding incidents (hidden categories, filtered values, the keys
// of category colours) are recorded as "sha256:<hex>" of the value, so a
// manifest never spells out incident data.
type LayerSpec struct {
	Name        string `json:"name"`
	Input       int    `json:"input"` // index in Inputs, -1 when none
	Kind        string `json:"kind"`
	Source      string `json:"source,omitempty"`
	CategoryKey string `json:"category_key,omitempty"`
	style.Style
	// byIndex holds the category colours of manifests written before
	// styles were shared: a list in the order of the layer's categories.
	byIndex []style.Color
}

// UnmarshalJSON reads a layer spec, also from manifests that listed
// category colours by position, and names the field of a bad colour.
func (ls *LayerSpec) UnmarshalJSON(b []byte) error {
	type plain LayerSpec
	var v struct {
		plain
		CategoryColors json.RawMessage `json:"category_colors"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		if e := style.Explain(b); e != nil {
			return e
		}
		return err
	}
	*ls = LayerSpec(v.plain)
	raw := bytes.TrimSpace(v.CategoryColors)
	switch {
	case len(raw) == 0 || bytes.Equal(raw, []byte("null")):
	case raw[0] == '[':
		if err := json.Unmarshal(raw, &ls.byIndex); err != nil {
			return fmt.Errorf("category_colors: %w", err)
		}
	default:
		if err := json.Unmarshal(raw, &ls.CategoryColors); err != nil {
			if e := style.Explain(b); e != nil {
				return e
			}
			return fmt.Errorf("category_colors: %w", err)
		}
	}
	return nil
}

// hiddenValue is how a filtered value is recorded.
func hiddenValue(v string, hash bool) string {
	if !hash {
		return v
	}
	sum := sha256.Sum256([]byte(v))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// matchesHidden reports whether value v is the recorded entry h.
func matchesHidden(h, v string) bool {
	if strings.HasPrefix(h, "sha256:") {
		return hiddenValue(v, true) == h
	}
	return h == v
}

// WindowSpec is the time window, in Unix milliseconds (closed) and as
// text in the zone.
type WindowSpec struct {
	StartMS int64  `json:"start_ms"`
	EndMS   int64  `json:"end_ms"`
	From    string `json:"from"`
	To      string `json:"to"`
	Inside  bool   `json:"inside"`
}

// ViewSpec is the viewport of a plain (page-less) image.
type ViewSpec struct {
	Lon, Lat, Zoom float64
	W, H           int
}

// PageSpec is the page of a page export.
type PageSpec struct {
	Name     string  `json:"name"`
	DPI      float64 `json:"dpi,omitempty"`
	Title    string  `json:"title,omitempty"`
	Subtitle string  `json:"subtitle,omitempty"`
	Org      string  `json:"org,omitempty"`
	Date     string  `json:"date"`
	Label    string  `json:"label,omitempty"`
	Legend   bool    `json:"legend"`
	ScaleBar bool    `json:"scalebar"`
	North    bool    `json:"north"`
	Inset    bool    `json:"inset"`
	Miles    bool    `json:"miles"`
	// Placement is where the user asked for the legend (render.Placement:
	// auto, a corner or margin; absent in older manifests: auto), LegendAt
	// where it went.
	Placement string `json:"placement,omitempty"`
	LegendAt  string `json:"legend_at,omitempty"`
}

// SafeSpec is the publication-safe setting of an export.
type SafeSpec struct {
	CellMeters float64 `json:"cell_m"`
	MinCount   int     `json:"min_count"`
	Grid       string  `json:"grid"`
	RefLat     float64 `json:"ref_lat,omitempty"` // hexagons: where they have their nominal size
	// NoiseScale is b of the noise on every counted cell (0: none) and
	// Noise names the mechanism; Round the rounding of published counts
	// (0: none). Manifests written before noise existed have neither.
	NoiseScale float64 `json:"noise_scale,omitempty"`
	Noise      string  `json:"noise,omitempty"`
	Round      int     `json:"round_to,omitempty"`
	// Seed keys the noise: in the private manifest only.
	Seed uint64 `json:"seed,omitempty"`
	// Chosen says the extent is an area the user chose, snapped; else it
	// is that of the published cells and exact layers.
	Chosen bool `json:"extent_chosen,omitempty"`
	// Exact names the layers published with their exact positions,
	// Aggregated those published as counts in cells.
	Exact      []string `json:"exact_layers,omitempty"`
	Aggregated []string `json:"aggregated_layers,omitempty"`
}

// Options returns the safe options the spec records.
func (s SafeSpec) Options() SafeOptions {
	return SafeOptions{CellMeters: s.CellMeters, MinCount: s.MinCount, Hexagons: s.Grid == hexGridName, RefLat: s.RefLat,
		NoiseScale: s.NoiseScale, Round: s.Round, Seed: s.Seed}
}

// noiseName describes the noise of scale b in manifests.
func noiseName(b float64) string {
	if b <= 0 {
		return ""
	}
	return fmt.Sprintf("two-sided geometric (discrete Laplace), P(x) ∝ exp(−|x|/b), b = %s (ε = %s per incident per export), added to each counted cell before thresholding and rounding, clamped at 0", formatScale(b), formatScale(1/b))
}

// ForPublic returns the manifest a publication-safe export embeds: each
// input named by a label (the names of the layers read from it, a
// basemap file by its base name), without path, hash or size; the safe
// settings without the seed. The private manifest (m itself) keeps them.
func (m Manifest) ForPublic() Manifest {
	p := m
	p.Public = true
	p.Inputs = make([]Input, len(m.Inputs))
	for i, in := range m.Inputs {
		var names []string
		for _, ls := range m.Layers {
			if ls.Input == i && !slices.Contains(names, ls.Name) {
				names = append(names, ls.Name)
			}
		}
		label := strings.Join(names, "; ")
		if label == "" {
			label = in.Name
			if k := strings.LastIndexAny(label, `/\`); k >= 0 {
				label = label[k+1:]
			}
		}
		if in.Name == m.Basemap && m.Basemap != "embedded" {
			p.Basemap = label
		}
		p.Inputs[i] = Input{Name: label, Embedded: in.Embedded}
	}
	if m.Safe != nil {
		s := *m.Safe
		s.Seed = 0
		p.Safe = &s
	}
	return p
}

// hashAggregated returns specs (a manifest's layers, in sc's order) with
// the category values of every layer a safe export aggregates recorded
// hashed, as those of incident layers always are.
func hashAggregated(specs []LayerSpec, sc *render.Scene) []LayerSpec {
	if sc == nil {
		return specs
	}
	out := slices.Clone(specs)
	k := 0
	for _, lv := range sc.Layers {
		if lv.Layer == nil {
			continue
		}
		if k < len(out) && out[k].Name == lv.Layer.Name && SafeAggregates(lv) && !HoldsIncidents(lv.Layer) {
			out[k].Style = recorded(lv.Style, true)
		}
		k++
	}
	return out
}

// gridName and hexGridName describe the safe-mode grids in manifests.
const (
	gridName    = "square cells, rows of equal latitude from the equator, columns from the prime meridian"
	hexGridName = "hexagons, a regular pointy-top lattice in Web Mercator metres anchored at (0, 0), nominal size at ref_lat"
)

// HashFile returns the Input of a file: its base name, path, SHA-256 and
// size.
func HashFile(path string) (Input, error) {
	if err := data.CheckRegular("export", path); err != nil {
		return Input{}, fmt.Errorf("export: hash %s: %w", path, err)
	}
	f, err := os.Open(path)
	if err != nil {
		return Input{}, fmt.Errorf("export: hash %s: %w", path, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return Input{}, fmt.Errorf("export: hash %s: %w", path, err)
	}
	name := path
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		name = path[i+1:]
	}
	return Input{Name: name, Path: path, SHA256: hex.EncodeToString(h.Sum(nil)), Bytes: n}, nil
}

// sampleInputs are the embedded sample files, by the name of the layer each
// holds.
var sampleInputs = sync.OnceValues(func() (map[string]Input, error) {
	ls, err := sample.Layers()
	if err != nil {
		return nil, err
	}
	files := sample.Files()
	out := map[string]Input{}
	for i, l := range ls {
		if i >= len(files) {
			break
		}
		b, err := fs.ReadFile(sample.FS(), files[i])
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		in := Input{Name: "sample:" + files[i], Embedded: true, SHA256: hex.EncodeToString(sum[:]), Bytes: int64(len(b))}
		out[l.Name] = in
		out["\x00path:"+files[i]] = in
	}
	return out, nil
})

// SampleInput returns the Input of the embedded sample file holding the
// layer named name, if there is one.
func SampleInput(name string) (Input, bool) {
	m, err := sampleInputs()
	if err != nil {
		return Input{}, false
	}
	in, ok := m[name]
	return in, ok
}

// Describe returns the manifest of a scene's inputs and layers: each
// layer's file hashed (layers read from the same file share one input),
// embedded sample layers identified by their embedded file's name and
// hash. version is the app version.
func Describe(sc *render.Scene, version string) (Manifest, error) {
	return describe(sc, version, nil)
}

func describe(sc *render.Scene, version string, hasher *Hasher) (Manifest, error) {
	m := Manifest{App: "campmap", Version: version, Basemap: "embedded", Zone: "UTC",
		Aggregation: AggregationSpec{AboveFeatures: render.AggregateAbove}}
	if sc == nil {
		return m, nil
	}
	m.Labels, m.Lang = sc.Labels, sc.Lang
	for _, p := range sc.Selection {
		m.Selection = append(m.Selection, [2]float64{p[0], p[1]})
	}
	if sc.Tiles != nil {
		m.BasemapDim = sc.Tiles.Options().Dim
	}
	if sc.Zone != nil {
		m.Zone = sc.Zone.String()
	}
	byPath := map[string]int{}
	for _, lv := range sc.Layers {
		l := lv.Layer
		if l == nil {
			continue
		}
		spec := LayerSpec{Name: l.Name, Input: -1, Kind: l.Kind.String(), Source: l.Source, CategoryKey: l.CategoryKey(),
			Style: recorded(lv.Style, HoldsIncidents(l))}
		spec.Where = recordedWhere(l, lv.Where, HoldsIncidents(l))
		key := l.Path
		if key == "" {
			key = "\x00" + l.Name
		}
		if i, ok := byPath[key]; ok {
			spec.Input = i
		} else {
			var in Input
			var err error
			_, statErr := os.Stat(l.Path)
			sin, isSample := SampleInput("\x00path:" + l.Path)
			switch {
			case l.Path != "" && isSample && statErr != nil:
				in = sin
			case l.Path != "":
				in, err = hasher.HashFile(l.Path)
				if err != nil {
					return m, err
				}
			default:
				var ok bool
				in, ok = SampleInput(l.Name)
				if !ok {
					in = Input{Name: l.Name}
				}
			}
			m.Inputs = append(m.Inputs, in)
			byPath[key] = len(m.Inputs) - 1
			spec.Input = len(m.Inputs) - 1
		}
		m.Layers = append(m.Layers, spec)
	}
	if sc.Window.Dated() {
		loc := sc.Zone
		if loc == nil {
			loc = time.UTC
		}
		ws := &WindowSpec{StartMS: sc.Window.Start, EndMS: sc.Window.End, Inside: sc.Inside}
		if sc.Window.Start > math.MinInt64+1 {
			ws.From = time.UnixMilli(sc.Window.Start).In(loc).Format(time.RFC3339Nano)
		}
		if sc.Window.End < math.MaxInt64 {
			ws.To = time.UnixMilli(sc.Window.End).In(loc).Format(time.RFC3339Nano)
		}
		m.Window = ws
	}
	return m, nil
}

// ErrInputChanged is wrapped by Verify's errors when an input's hash no
// longer matches.
var ErrInputChanged = errors.New("input changed")

// ErrInputMissing is wrapped by Verify's errors when an input cannot be read.
var ErrInputMissing = errors.New("input missing")

// Verify checks every input of the manifest against the files as they are
// now (embedded inputs against this build's), and names each one that
// changed or is missing.
func (m Manifest) Verify() error {
	var errs []error
	for _, in := range m.Inputs {
		switch {
		case in.Embedded:
			name := strings.TrimPrefix(in.Name, "sample:")
			found := false
			if ms, err := sampleInputs(); err == nil {
				for k, s := range ms {
					if s.Name == in.Name && strings.HasPrefix(k, "\x00") {
						found = true
						if s.SHA256 != in.SHA256 {
							errs = append(errs, fmt.Errorf("export: %s (embedded sample) %w: sha256 was %s, this build has %s", name, ErrInputChanged, short(in.SHA256), short(s.SHA256)))
						}
					}
				}
			}
			if !found {
				errs = append(errs, fmt.Errorf("export: %s (embedded sample) %w from this build", name, ErrInputMissing))
			}
		case in.Path == "":
			errs = append(errs, fmt.Errorf("export: %s was not read from a file and cannot be checked: %w", in.Name, ErrInputMissing))
		default:
			now, err := HashFile(in.Path)
			if err != nil {
				errs = append(errs, fmt.Errorf("export: %s: %w (%w)", in.Path, ErrInputMissing, err))
				continue
			}
			if now.SHA256 != in.SHA256 {
				errs = append(errs, fmt.Errorf("export: %s %w since the export: sha256 was %s, now %s (%d bytes, was %d)", in.Path, ErrInputChanged, short(in.SHA256), short(now.SHA256), now.Bytes, in.Bytes))
			}
		}
	}
	return errors.Join(errs...)
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}

// ReadManifest parses a manifest file's bytes.
func ReadManifest(b []byte) (Manifest, error) {
	var m Manifest
	if !data.JSONObject(b) {
		// not quoted: the file may be anything
		return m, fmt.Errorf("export: manifest: not a campmap manifest: it starts with %s, not a JSON object", data.Opening(b))
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("export: manifest: %w", err)
	}
	if m.App != "campmap" {
		return m, fmt.Errorf("export: manifest: not a campmap manifest (app %q)", m.App)
	}
	return m, nil
}

// recorded returns st as a manifest records it: with hash, every category
// value hashed.
func recorded(st style.Style, hash bool) style.Style {
	st = st.Clone()
	if !hash {
		return st
	}
	if st.CategoryColors != nil {
		cc := make(map[string]style.Color, len(st.CategoryColors))
		for k, c := range st.CategoryColors {
			cc[hiddenValue(k, true)] = c
		}
		st.CategoryColors = cc
	}
	if st.CategoryShapes != nil {
		cs := make(map[string]style.Shape, len(st.CategoryShapes))
		for k, s := range st.CategoryShapes {
			cs[hiddenValue(k, true)] = s
		}
		st.CategoryShapes = cs
	}
	hashSet := func(s style.Set) style.Set {
		if s == nil {
			return nil
		}
		out := style.Set{}
		for v, in := range s {
			if in {
				out[hiddenValue(v, true)] = true
			}
		}
		return out
	}
	st.Hidden = hashSet(st.Hidden)
	if st.Filter != nil {
		st.Filter.Hidden = hashSet(st.Filter.Hidden)
	}
	return st
}

// styleFor returns the style spec records for layer l, its hashed values
// matched back to l's categories and property values.
func (spec LayerSpec) styleFor(l *data.Layer) style.Style {
	st := spec.Style.Clone()
	st.CategoryColors, st.Hidden, st.CategoryShapes = nil, nil, nil
	cats := append([]string{""}, l.Categories()...)
	if len(spec.CategoryShapes) > 0 {
		st.CategoryShapes = map[string]style.Shape{}
		for k, s := range spec.CategoryShapes {
			for _, name := range cats {
				if matchesHidden(k, name) {
					st.CategoryShapes[name] = s
				}
			}
		}
	}
	if len(spec.byIndex) > 0 || len(spec.CategoryColors) > 0 {
		st.CategoryColors = map[string]style.Color{}
		for i, c := range spec.byIndex {
			if i+1 < len(cats) && c.A != 0 {
				st.CategoryColors[cats[i+1]] = c
			}
		}
		for k, c := range spec.CategoryColors {
			for _, name := range cats {
				if matchesHidden(k, name) {
					st.CategoryColors[name] = c
				}
			}
		}
	}
	if spec.Hidden.Len() > 0 {
		st.Hidden = style.Set{}
		for h := range spec.Hidden {
			for _, name := range cats {
				if matchesHidden(h, name) {
					st.Hidden[name] = true
				}
			}
		}
	}
	if fs := spec.Filter; fs != nil {
		f := &style.Filter{Key: fs.Key, Hidden: style.Set{}}
		for i := 0; i < l.Len(); i++ {
			val, ok := l.Prop(i, fs.Key)
			if !ok {
				continue
			}
			s := val.String()
			for h := range fs.Hidden {
				if matchesHidden(h, s) {
					f.Hidden[s] = true
				}
			}
		}
		st.Filter = f
	}
	st.Where = whereFor(l, spec.Where)
	return st
}

// recordedWhere returns a layer's conditions on values as a manifest
// records them: with hash, a condition on text (=, !=, ~, or an order
// comparison with text) becomes the set of the layer's values it keeps
// (OpIn) or hides (OpNotIn), each value hashed as hiddenValue does, so that
// no condition spells out incident data and each still keeps the same
// features of the same input. Conditions on numbers and dates are kept as
// they are.
func recordedWhere(l *data.Layer, where []style.Condition, hash bool) []style.Condition {
	if !hash || len(where) == 0 {
		return where
	}
	out := make([]style.Condition, 0, len(where))
	for _, c := range where {
		if c.Check() != nil || c.IsNumeric() || isDateCondition(c) {
			out = append(out, c)
			continue
		}
		op, meets := style.OpIn, render.Matcher(c)
		if c.Op == style.OpNe || c.Op == style.OpNotIn {
			// the values it hides: missing ones stay kept, as before
			op = style.OpNotIn
			keep := meets
			meets = func(v data.Value, has bool) bool { return !keep(v, has) }
		}
		vals := style.Set{}
		for i := range l.Len() {
			if v, ok := l.Prop(i, c.Key); ok && v.Type != data.ValueNull && meets(v, true) {
				vals[hiddenValue(v.String(), true)] = true
			}
		}
		out = append(out, style.Condition{Key: c.Key, Op: op, Values: vals})
	}
	return out
}

// isDateCondition reports whether c compares dates written YYYY-MM-DD.
func isDateCondition(c style.Condition) bool {
	date := func(s string) bool { _, ok := style.ParseDate(s); return ok }
	switch c.Op {
	case style.OpLt, style.OpLe, style.OpGt, style.OpGe:
		return date(c.Value)
	case style.OpBetween:
		return (c.Min == "" || date(c.Min)) && (c.Max == "" || date(c.Max))
	}
	return false
}

// whereFor returns conditions as a manifest records them, their hashed
// values matched back to l's values.
func whereFor(l *data.Layer, where []style.Condition) []style.Condition {
	out := make([]style.Condition, 0, len(where))
	for _, c := range where {
		hashed := false
		for v := range c.Values {
			hashed = hashed || strings.HasPrefix(v, "sha256:")
		}
		if !hashed {
			out = append(out, c)
			continue
		}
		vals, tried := style.Set{}, map[string]bool{}
		for i := range l.Len() {
			v, ok := l.Prop(i, c.Key)
			if !ok {
				continue
			}
			if s := v.String(); !tried[s] {
				tried[s] = true
				if c.Values[hiddenValue(s, true)] {
					vals[s] = true
				}
			}
		}
		out = append(out, style.Condition{Key: c.Key, Op: c.Op, Values: vals})
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// ApplyTo sets the layers of sc (loaded from the manifest's inputs) as the
// manifest records them: order, category key and style, and the time
// window. Layers are matched by input and name; layers the manifest does
// not name are hidden.
func (m Manifest) ApplyTo(sc *render.Scene, inputOf func(*data.Layer) int) {
	var out []render.LayerView
	used := map[*data.Layer]bool{}
	for _, spec := range m.Layers {
		for _, lv := range sc.Layers {
			l := lv.Layer
			if l == nil || used[l] || l.Name != spec.Name || (spec.Input >= 0 && inputOf(l) != spec.Input) {
				continue
			}
			used[l] = true
			if spec.CategoryKey != l.CategoryKey() {
				l = l.WithCategoryKey(spec.CategoryKey)
			}
			out = append(out, render.LayerView{Layer: l, Style: spec.styleFor(l)})
			break
		}
	}
	sc.Layers = out
	sc.Labels, sc.Lang = m.Labels, m.Lang
	sc.Selection = nil
	for _, p := range m.Selection {
		sc.Selection = append(sc.Selection, orb.Point{p[0], p[1]})
	}
	if sc.Tiles != nil && m.BasemapDim != sc.Tiles.Options().Dim {
		sc.Tiles = sc.Tiles.WithDim(m.BasemapDim)
	}
	if m.Window != nil {
		sc.Window = data.Span{Start: m.Window.StartMS, End: m.Window.EndMS}
		sc.Inside = m.Window.Inside
	}
}
