// Package gpkg reads and writes OGC GeoPackage files (SQLite databases
// holding vector layers) through a pure-Go SQLite driver. Importing it
// registers the format with data.LoadFile and data.LoadFileLayers.
package gpkg

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"campmap/data"
	"campmap/internal/sqlitedb"
)

func init() {
	data.RegisterFormat(data.FileFormat{Name: "GeoPackage", Match: Match, Load: Load})
}

// sqliteMagic starts every SQLite 3 database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// Match reports whether the file at path, starting with head, is a
// GeoPackage: an SQLite database named .gpkg, or any SQLite database (the
// reader then says what is missing).
func Match(path string, head []byte) bool {
	return bytes.HasPrefix(head, sqliteMagic) || strings.EqualFold(filepath.Ext(path), ".gpkg")
}

// ErrUnsupportedSRS is wrapped when a layer's coordinates are in a
// reference system campmap does not read.
var ErrUnsupportedSRS = errors.New("unsupported spatial reference system")

// srsKind is how a layer's coordinates are turned into WGS 84.
type srsKind uint8

const (
	srsWGS84 srsKind = iota
	srsMercator
	srsUndefined // srs_id 0 or -1: read as WGS 84 with a warning
)

// layerInfo is one row of gpkg_geometry_columns joined with gpkg_contents.
type layerInfo struct {
	table, name, geomCol, geomType string
	srsID                          int64
	view                           bool // the layer is an SQL view, read within a budget
}

// A view is a query, not data: a recursive one may never end, and one of
// randomblob() makes gigabytes from a small file. A layer that is a view
// is read within a budget, and stops with a message naming the layer and
// the budget it went over:
//   - time: viewTime (60 s), through the context's deadline, which
//     interrupts the SQLite query;
//   - rows: max(viewRowsMin, file size / 8), a million rows for a small file
//     (a stored row takes more than 8 bytes of the file);
//   - bytes of text and blobs read: max(viewBytesMin, viewBytesPerFileByte ×
//     file size), that is max(256 MB, 50 × the file). No single value
//     (table or view) may be longer either (SQLite's length limit on the
//     connection), so even one huge randomblob() is refused by SQLite
//     before it is made.
//
// Tables are bounded by the file itself and have no budget but the
// length limit. The variables are lowered by tests.
var (
	viewTime             = 60 * time.Second
	viewRowsMin          = int64(1_000_000)
	viewBytesMin         = int64(256 << 20)
	viewBytesPerFileByte = int64(50)
)

// readBudget is what reading one view may take.
type readBudget struct {
	time        time.Duration
	rows, bytes int64
}

// budgetFor returns the budget of the views of the file at path.
func budgetFor(path string) readBudget {
	var size int64
	if st, err := os.Stat(path); err == nil {
		size = st.Size()
	}
	return readBudget{time: viewTime, rows: max(viewRowsMin, size/8), bytes: max(viewBytesMin, viewBytesPerFileByte*size)}
}

// String states the budget for messages.
func (b readBudget) String() string {
	return fmt.Sprintf("%s, %d rows, %s of text and blobs", b.time, b.rows, mbText(b.bytes))
}

func mbText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// explain turns the error of a query run under qctx (ctx with the
// budget's deadline) into one that says the budget ran out, when it did.
func (b readBudget) explain(ctx, qctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() == nil && qctx.Err() != nil {
		return fmt.Errorf("%w: it did not finish within %s (the time budget of a view or metadata table)", errBudget, b.time)
	}
	if strings.Contains(err.Error(), "too big") {
		return fmt.Errorf("%w: a value is longer than %s, the longest campmap reads from this file (%v)", errBudget, mbText(b.bytes), err)
	}
	return err
}

// errBudget is wrapped when a view goes over its budget.
var errBudget = errors.New("over the read budget")

// quote quotes an SQL identifier.
func quote(id string) string { return `"` + strings.ReplaceAll(id, `"`, `""`) + `"` }

// Load reads every vector layer of the GeoPackage at path, in the order of
// gpkg_contents. Coordinates in EPSG:4326 are read as they are, EPSG:3857
// is unprojected, an undefined SRS (0 or -1) is read as WGS 84 with a
// warning; a layer in any other SRS is not read and is named, with its
// SRS, in a warning on the first layer read, or in the error when no layer
// can be read. Feature times come from their properties as in GeoJSON
// (data.FeatureSpan); a column named "id" gives the feature ids. A layer
// that is an SQL view is read within a time, row and byte budget (see
// viewTime), and one over it is not read, with a message naming it.
func Load(ctx context.Context, path string, opt data.LoadOptions) ([]*data.Layer, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	lerr := func(msg string, err error) error {
		return &data.LoadError{Path: path, Feature: -1, Msg: msg, Err: err}
	}
	sdb, err := sqlitedb.OpenReadOnly(path, 1)
	if err != nil {
		return nil, lerr("cannot open the GeoPackage", err)
	}
	defer sdb.Close()
	// one connection for the whole load: the length limit below is the
	// connection's
	db, err := sdb.Conn(ctx)
	if err != nil {
		return nil, lerr("cannot open the GeoPackage", err)
	}
	defer db.Close()
	bud := budgetFor(path)
	if _, err := sqlite.Limit(db, sqlite3.SQLITE_LIMIT_LENGTH, int(min(bud.bytes, math.MaxInt32))); err != nil {
		return nil, lerr("cannot open the GeoPackage", err)
	}
	// the metadata tables may be views too: their queries get the time
	// budget of a view
	mctx, cancel := context.WithTimeout(ctx, bud.time)
	defer cancel()
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type IN ('table','view') AND name IN ('gpkg_contents','gpkg_geometry_columns','gpkg_spatial_ref_sys')`).Scan(&n); err != nil {
		return nil, lerr("cannot read the file as an SQLite database (is it damaged, or not a GeoPackage?)", err)
	}
	if n < 3 {
		return nil, lerr("this SQLite database is not a GeoPackage: it lacks the gpkg_contents, gpkg_geometry_columns and gpkg_spatial_ref_sys tables", nil)
	}
	rows, err := db.QueryContext(mctx, `SELECT c.table_name, coalesce(c.identifier, ''), g.column_name, g.geometry_type_name, g.srs_id,
		coalesce((SELECT type FROM sqlite_master m WHERE m.name = c.table_name), '')
		FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
		WHERE c.data_type = 'features' ORDER BY c.rowid LIMIT 100000`)
	if err != nil {
		return nil, lerr("cannot list the layers", bud.explain(ctx, mctx, err))
	}
	var infos []layerInfo
	for rows.Next() {
		var li layerInfo
		var typ string
		if err := rows.Scan(&li.table, &li.name, &li.geomCol, &li.geomType, &li.srsID, &typ); err != nil {
			rows.Close()
			return nil, lerr("cannot list the layers", bud.explain(ctx, mctx, err))
		}
		li.view = strings.EqualFold(typ, "view")
		if li.name == "" {
			li.name = li.table
		}
		infos = append(infos, li)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, lerr("cannot list the layers", bud.explain(ctx, mctx, err))
	}
	cancel()
	if len(infos) == 0 {
		return nil, lerr("the GeoPackage holds no vector (features) layer; raster tiles are not read", nil)
	}
	var out []*data.Layer
	var failed []error
	for k, li := range infos {
		l, err := loadLayer(ctx, db, path, li, opt, k, len(infos), bud)
		if errors.Is(err, data.ErrCanceled) {
			return nil, err
		}
		if err != nil {
			failed = append(failed, err)
			continue
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		if len(failed) == 1 {
			return nil, failed[0]
		}
		return nil, lerr("no layer could be read", errors.Join(failed...))
	}
	for _, err := range failed {
		out[0].Warnings = append(out[0].Warnings, "another layer of the file was not read: "+err.Error())
	}
	return out, nil
}

// srsOf decides how to read coordinates in srs id.
func srsOf(ctx context.Context, db *sql.Conn, path string, li layerInfo) (srsKind, error) {
	switch li.srsID {
	case 0, -1:
		return srsUndefined, nil
	}
	var org, name string
	var code int64
	err := db.QueryRowContext(ctx, `SELECT coalesce(organization,''), coalesce(organization_coordsys_id, 0), coalesce(srs_name,'') FROM gpkg_spatial_ref_sys WHERE srs_id = ?`, li.srsID).Scan(&org, &code, &name)
	if errors.Is(err, sql.ErrNoRows) {
		org, code = "EPSG", li.srsID
	} else if err != nil {
		return 0, &data.LoadError{Path: path, Feature: -1, Msg: fmt.Sprintf("layer %q: cannot read its spatial reference system %d", li.name, li.srsID), Err: err}
	}
	if strings.EqualFold(org, "EPSG") || org == "" {
		switch code {
		case 4326, 4979, 4258, 4171: // WGS 84 (2D, 3D) and the ETRS89/RGF93 datums, equal to it within a metre
			return srsWGS84, nil
		case 3857, 900913, 3785, 102100:
			return srsMercator, nil
		}
	}
	desc := fmt.Sprintf("%s:%d", org, code)
	if name != "" {
		desc += " (" + name + ")"
	}
	return 0, &data.LoadError{Path: path, Feature: -1,
		Msg: fmt.Sprintf("layer %q is in %s; campmap reads EPSG:4326 (WGS 84) and EPSG:3857 only: reproject it, e.g. ogr2ogr -t_srs EPSG:4326 out.gpkg %s", li.name, desc, filepath.Base(path)),
		Err: ErrUnsupportedSRS}
}

// column is one attribute column of a feature table.
type column struct {
	name string
	typ  string // declared type, upper case
	pk   bool
	id   bool // the feature id: the column named "id", or the record's
	sel  string
	key  string     // property key
	rec  *columnRec // from campmap's layer record, or nil
	span int        // 1 the record's start column, 2 its end column
	// types are the record's rec.Types by fid
	types map[int64]string
}

// isNull reports whether the record says the property is null, not
// absent, in feature fid.
func (c *column) isNull(fid int64) bool {
	return c.rec != nil && c.rec.Nulls != nil && c.rec.Nulls.has(fid)
}

// readRecord returns campmap's record of table, or nil when the file holds
// none (it was not written by campmap, or was rewritten by another
// program).
func readRecord(ctx context.Context, db *sql.Conn, table string) (*layerRecord, error) {
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name IN ('gpkg_metadata', 'gpkg_metadata_reference')`).Scan(&n); err != nil || n < 2 {
		return nil, err
	}
	var js string
	err := db.QueryRowContext(ctx, `SELECT m.metadata FROM gpkg_metadata m JOIN gpkg_metadata_reference r ON r.md_file_id = m.id
		WHERE m.md_standard_uri = ? AND r.reference_scope = 'table' AND r.table_name = ? ORDER BY m.id DESC LIMIT 1`, metaURI, table).Scan(&js)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var rec layerRecord
	if err := json.Unmarshal([]byte(js), &rec); err != nil {
		return nil, fmt.Errorf("campmap layer record: %w", err)
	}
	return &rec, nil
}

// fidKeys turns a record's per-fid type names into a map by fid.
func fidKeys(m typeMap) map[int64]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[int64]string, len(m))
	for k, v := range m {
		if f, err := strconv.ParseInt(k, 10, 64); err == nil {
			out[f] = v
		}
	}
	return out
}

// retype gives back the type a value had before it was kept as text in a
// column of mixed values ("number", "bool", "json", "text"); a value that
// does not read as that type (the file was edited) stays as it is.
func retype(v data.Value, typ string) data.Value {
	if v.Type != data.ValueString && v.Type != data.ValueJSON {
		return v
	}
	switch typ {
	case "number":
		if f, err := strconv.ParseFloat(v.Str, 64); err == nil {
			return data.Number(f)
		}
	case "bool":
		switch v.Str {
		case "true":
			return data.Bool(true)
		case "false":
			return data.Bool(false)
		}
	case "json":
		if json.Valid([]byte(v.Str)) {
			return data.RawJSON(v.Str)
		}
	case "text":
		return data.Text(v.Str)
	}
	return v
}

// parseDateTime reads a GeoPackage DATETIME (or DATE) as Unix milliseconds.
func parseDateTime(s string) (int64, bool) {
	for _, layout := range []string{dateTimeLayout, time.RFC3339Nano, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UnixMilli(), true
		}
	}
	return 0, false
}

func loadLayer(ctx context.Context, db *sql.Conn, path string, li layerInfo, opt data.LoadOptions, k, nLayers int, bud readBudget) (*data.Layer, error) {
	ferr := func(feature int, msg string, err error) error {
		return &data.LoadError{Path: path, Feature: feature, Msg: fmt.Sprintf("layer %q: %s", li.name, msg), Err: err}
	}
	// a view runs under its time budget (the whole layer: its columns,
	// its rows)
	qctx := ctx
	if li.view {
		var cancel context.CancelFunc
		qctx, cancel = context.WithTimeout(ctx, bud.time)
		defer cancel()
	}
	overBudget := func(feature int, what string) error {
		return &data.LoadError{Path: path, Feature: feature, Err: errBudget, Msg: fmt.Sprintf(
			"layer %q is an SQL view that %s, over the budget campmap gives a view of this file (%s): it was stopped; "+
				"ask whoever made the file for the view's data as a table, or open the file in QGIS or with ogr2ogr", li.name, what, bud)}
	}
	queryErr := func(feature int, msg string, err error) error {
		if li.view && ctx.Err() == nil && qctx.Err() != nil {
			return overBudget(feature, fmt.Sprintf("did not finish within %s", bud.time))
		}
		if err != nil && strings.Contains(err.Error(), "too big") {
			return overBudget(feature, fmt.Sprintf("made a value longer than %s", mbText(bud.bytes)))
		}
		return ferr(feature, msg, err)
	}
	// the metadata tables may be views: they too get the time budget
	mctx, mcancel := context.WithTimeout(ctx, bud.time)
	defer mcancel()
	srs, err := srsOf(mctx, db, path, li)
	if err != nil {
		return nil, err
	}
	zone := opt.Zone
	if zone == nil {
		zone = time.UTC
	}
	var recWarn string
	rec, err := readRecord(mctx, db, li.table)
	if err != nil {
		recWarn = fmt.Sprintf("layer %q: campmap's record of the layer cannot be read (%v): read as any GeoPackage", li.name, err)
		rec = nil
	} else if rec != nil {
		// only the version matters: what the record says of features is
		// keyed by fid, which edits by other programs keep
		if err := rec.Check(rec.Features); err != nil {
			recWarn = fmt.Sprintf("layer %q: %v: read as any GeoPackage", li.name, err)
			rec = nil
		}
	}
	byColumn := map[string]*columnRec{}
	if rec != nil {
		for k := range rec.Props {
			byColumn[strings.ToLower(rec.Props[k].Column)] = &rec.Props[k]
		}
		if loc, ok := rec.Location(); ok {
			zone = loc
		}
	}
	crows, err := db.QueryContext(qctx, `SELECT name, coalesce(type,''), pk FROM pragma_table_info(?)`, li.table)
	if err != nil {
		return nil, ferr(-1, "cannot read its columns", err)
	}
	var cols []column
	geomIdx := -1
	hasID := false
	for crows.Next() {
		var c column
		var pk int
		if err := crows.Scan(&c.name, &c.typ, &pk); err != nil {
			crows.Close()
			return nil, ferr(-1, "cannot read its columns", err)
		}
		c.typ, c.pk = strings.ToUpper(c.typ), pk > 0
		c.sel = quote(c.name)
		c.key = c.name
		switch {
		case strings.EqualFold(c.name, li.geomCol):
			geomIdx = len(cols)
		case strings.HasPrefix(c.typ, "DATE") || strings.HasPrefix(c.typ, "TIMESTAMP"):
			// read as written: the driver would turn dates into instants
			c.sel = "CAST(" + c.sel + " AS TEXT)"
		}
		switch {
		case c.pk:
		case rec != nil:
			switch {
			case rec.IDColumn != "" && strings.EqualFold(c.name, rec.IDColumn):
				c.id, hasID = true, true
				c.types = fidKeys(rec.IDTypes)
			case rec.StartColumn != "" && strings.EqualFold(c.name, rec.StartColumn):
				c.span = 1
			case rec.EndColumn != "" && strings.EqualFold(c.name, rec.EndColumn):
				c.span = 2
			default:
				if cr := byColumn[strings.ToLower(c.name)]; cr != nil {
					c.rec, c.key = cr, cr.Key
					c.types = fidKeys(cr.Types)
				}
			}
		case strings.EqualFold(c.name, "id"):
			c.id, hasID = true, true
		}
		cols = append(cols, c)
	}
	crows.Close()
	if geomIdx < 0 {
		return nil, ferr(-1, fmt.Sprintf("its geometry column %q does not exist", li.geomCol), nil)
	}
	var total int64 // unknown for a view: counting its rows runs it once more
	if !li.view {
		db.QueryRowContext(ctx, "SELECT count(*) FROM "+quote(li.table)).Scan(&total)
	}
	sel := make([]string, len(cols))
	for i, c := range cols {
		sel[i] = c.sel
	}
	rows, err := db.QueryContext(qctx, "SELECT "+strings.Join(sel, ", ")+" FROM "+quote(li.table))
	if err != nil {
		return nil, queryErr(-1, "cannot read its features", err)
	}
	defer rows.Close()
	b := data.NewBuilder(li.name, int(min(total, 1<<24)))
	L := b.Layer()
	L.Path, L.Zone = path, zone
	// the columns are the layer's keys, in order, empty ones included
	var keys []string
	for i, c := range cols {
		if i != geomIdx && !c.pk && !c.id && c.span == 0 {
			keys = append(keys, c.key)
		}
	}
	b.DeclareKeys(keys, rec == nil || rec.Tabular)
	if recWarn != "" {
		L.Warnings = append(L.Warnings, recWarn)
	}
	var kinds map[int64]data.Kind
	var spans map[int64]data.Span
	if rec != nil {
		for k, name := range rec.Kinds {
			f, err := strconv.ParseInt(k, 10, 64)
			kd, ok := data.ParseKind(name)
			if err == nil && ok {
				if kinds == nil {
					kinds = map[int64]data.Kind{}
				}
				kinds[f] = kd
			}
		}
		for k, se := range rec.Spans {
			if f, err := strconv.ParseInt(k, 10, 64); err == nil && se[0] <= se[1] {
				if spans == nil {
					spans = map[int64]data.Span{}
				}
				spans[f] = data.Span{Start: se[0], End: se[1]}
			}
		}
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var warns []string
	warnCount := 0
	warn := func(format string, args ...any) {
		warnCount++
		if len(warns) < 20 {
			warns = append(warns, fmt.Sprintf(format, args...))
		}
	}
	if srs == srsUndefined {
		warn("layer %q has an undefined spatial reference system (srs_id %d): coordinates read as WGS 84 longitude/latitude", li.name, li.srsID)
	}
	var props []data.Property
	var times data.TimeKeys
	row := 0
	var viewBytes int64
	for rows.Next() {
		if row&4095 == 0 {
			if ctx.Err() != nil {
				return nil, &data.LoadError{Path: path, Feature: -1, Msg: "loading canceled", Err: data.ErrCanceled}
			}
			if opt.Progress != nil && total > 0 {
				// layers share the progress range in equal parts
				done := (int64(k)*total + int64(row)) * 1000 / (int64(nLayers) * total)
				opt.Progress(done, 1000)
			}
		}
		idx := row
		row++
		if err := rows.Scan(ptrs...); err != nil {
			return nil, queryErr(idx, "cannot read the feature", err)
		}
		if li.view {
			if int64(row) > bud.rows {
				return nil, overBudget(idx, fmt.Sprintf("gives more than %d rows", bud.rows))
			}
			for _, v := range vals {
				switch v := v.(type) {
				case []byte:
					viewBytes += int64(len(v))
				case string:
					viewBytes += int64(len(v))
				}
			}
			if viewBytes > bud.bytes {
				return nil, overBudget(idx, fmt.Sprintf("gives more than %s of text and blobs", mbText(bud.bytes)))
			}
		}
		f := data.Feature{Span: data.Undated}
		props = props[:0]
		var blob []byte
		var fid int64
		var start, end string
		for i, c := range cols {
			if c.pk {
				fid, _ = vals[i].(int64)
			}
		}
		for i, c := range cols {
			v := vals[i]
			if i == geomIdx {
				blob, _ = v.([]byte)
				continue
			}
			if c.span != 0 {
				if s, ok := v.(string); ok && c.span == 1 {
					start = s
				} else if ok {
					end = s
				}
				continue
			}
			val, ok := toValue(v, c.typ)
			if !ok {
				if v == nil && c.isNull(fid) {
					props = append(props, data.Property{Key: c.key, Value: data.Value{}})
				}
				continue
			}
			if c.rec != nil && c.rec.JSON && val.Type == data.ValueString {
				val = retype(val, "json")
			}
			if t, ok := c.types[fid]; ok {
				val = retype(val, t)
			}
			if c.pk { // the feature id, unless an "id" column holds it
				if !hasID && rec == nil {
					f.ID = val
				}
				continue
			}
			if c.id {
				f.ID = val
				continue
			}
			props = append(props, data.Property{Key: c.key, Value: val})
		}
		if blob == nil {
			warn("feature %d has no geometry: campmap cannot place it, skipped", idx)
			continue
		}
		g, z, m, _, err := DecodeGeometryZM(blob)
		if errors.Is(err, errEmpty) {
			warn("feature %d has an empty geometry: campmap cannot place it, skipped", idx)
			continue
		}
		if err != nil {
			warn("feature %d: %v: skipped", idx, strings.TrimPrefix(err.Error(), "gpkg: "))
			continue
		}
		if srs == srsMercator {
			g = project.Geometry(orb.Clone(g), project.Mercator.ToWGS84)
		}
		if why := checkBound(g.Bound()); why != "" {
			warn("feature %d: %s: skipped", idx, why)
			continue
		}
		if rec != nil {
			// campmap's own file: the span is in its columns
			s, okS := parseDateTime(start)
			e, okE := parseDateTime(end)
			switch {
			case okS && okE:
				f.Span = data.Span{Start: min(s, e), End: max(s, e)}
			case okS:
				f.Span = data.Span{Start: s, End: s}
			case okE:
				f.Span = data.Span{Start: e, End: e}
			}
			if sp, ok := spans[fid]; ok {
				f.Span = sp
			}
		} else {
			sp, terr := times.Span(props, zone)
			if terr != nil {
				warn("feature %d: %s: feature kept, undated", idx, strings.TrimPrefix(terr.Error(), "data: "))
			}
			f.Span = sp
		}
		f.Kind, _ = data.FeatureKind(props)
		if k, ok := kinds[fid]; ok {
			f.Kind = k
		}
		f.Geometry = g
		f.Z, f.M = z, m
		f.Props = props
		if err := b.Add(f); err != nil {
			return nil, ferr(idx, err.Error(), err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, queryErr(-1, "cannot read its features", err)
	}
	if warnCount > len(warns) {
		warns = append(warns, fmt.Sprintf("and %d more warnings", warnCount-len(warns)))
	}
	L.Warnings = append(L.Warnings, warns...)
	if opt.Progress != nil {
		opt.Progress(int64(k+1)*1000/int64(nLayers), 1000)
	}
	if rec != nil {
		return rec.Apply(b.BuildKind(rec.LayerKind())), nil
	}
	return b.BuildDetect(li.name), nil
}

// checkBound explains why a bound cannot be placed in WGS 84, or returns "".
func checkBound(b orb.Bound) string {
	for _, v := range []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return "coordinates are not finite"
		}
	}
	if b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 {
		return fmt.Sprintf("coordinates %v..%v are outside longitude -180..180, latitude -90..90", b.Min, b.Max)
	}
	return ""
}

// toValue converts a value scanned from SQLite; ok is false for NULL and
// blobs.
func toValue(v any, typ string) (data.Value, bool) {
	switch v := v.(type) {
	case nil:
		return data.Value{}, false
	case int64:
		if typ == "BOOLEAN" || typ == "BOOL" {
			return data.Bool(v != 0), true
		}
		return data.Number(float64(v)), true
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return data.Value{}, false
		}
		return data.Number(v), true
	case bool:
		return data.Bool(v), true
	case string:
		if typ == "JSON" && (strings.HasPrefix(v, "{") || strings.HasPrefix(v, "[")) {
			return data.RawJSON(v), true
		}
		return data.Text(v), true
	case time.Time:
		return data.Text(v.UTC().Format(time.RFC3339Nano)), true
	case []byte:
		if typ == "TEXT" || strings.HasPrefix(typ, "TEXT(") {
			return data.Text(string(v)), true
		}
	}
	return data.Value{}, false
}
