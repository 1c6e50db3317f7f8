package postgis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/geo"
)

// DefaultLimit is the number of features a fetch returns at most when the
// query sets no limit.
const DefaultLimit = 50000

// AggregateZoom is the zoom below which Auto fetches grid cells with counts
// instead of features.
const AggregateZoom = 9

// CellPixels is the size of an aggregation cell on screen, in pixels.
const CellPixels = 32

// maxProps bounds how many columns are read as properties.
const maxProps = 32

// Mode says whether a fetch returns features or grid cells.
type Mode uint8

// The fetch modes.
const (
	// Auto fetches cells below AggregateZoom, features at and above it, and
	// cells when there are more features than the limit (with a warning in
	// the layer saying so).
	Auto Mode = iota
	// Features fetches the features themselves, or fails with a *LimitError.
	Features
	// Cells aggregates features into a grid on the server: one point per
	// cell (and category) at the mean position of its features, with a
	// "count" property.
	Cells
)

// Query is what to fetch: which table and columns, and what the map shows.
type Query struct {
	Name    string   // layer name; the table's name when ""
	Table   TableRef // a table or view listed by Tables
	GeomCol string   // its geometry column
	TimeCol string   // "" or a timestamp, timestamptz or date column
	CatCol  string   // "" or a column categorising features
	// View is the visible area in longitude/latitude; the zero Bound
	// fetches everywhere.
	View orb.Bound
	// Zoom is the map's Web Mercator zoom; it chooses the mode and the
	// cell size in Auto and Cells.
	Zoom float64
	// Window is the time window; data.Undated fetches every time (the
	// zero Span is the instant 1970-01-01T00:00Z, as everywhere in data).
	// Rows without a time are always fetched (the map shows them apart).
	Window data.Span
	Limit  int // at most this many features; DefaultLimit when 0
	Mode   Mode
}

// LimitError says that more features than the limit are in view.
type LimitError struct {
	Limit int
}

// Error returns the message shown to the user.
func (e *LimitError) Error() string {
	return fmt.Sprintf("postgis: more than %d features: zoom in or narrow the time window", e.Limit)
}

// Fetch reads the features (or cells) of q from the database into a layer.
// The table and columns must be in the catalogue (Tables); the viewport and
// time window are filtered on the server.
func (db *DB) Fetch(ctx context.Context, q Query) (*data.Layer, error) {
	t, err := db.table(ctx, q.Table, q.GeomCol)
	if err != nil {
		return nil, err
	}
	var tc, cc Column
	if q.TimeCol != "" {
		c, ok := t.column(q.TimeCol)
		if !ok || !c.IsTime() {
			return nil, fmt.Errorf("postgis: %s has no time column %q (timestamp, timestamptz or date)", t.TableRef, q.TimeCol)
		}
		tc = c
	}
	if q.CatCol != "" {
		c, ok := t.column(q.CatCol)
		if !ok {
			return nil, fmt.Errorf("postgis: %s has no column %q", t.TableRef, q.CatCol)
		}
		cc = c
	}
	if q.Limit <= 0 {
		q.Limit = DefaultLimit
	}
	mode := q.Mode
	if mode == Auto && q.Zoom < AggregateZoom {
		mode = Cells
	}
	if mode == Cells {
		return db.cells(ctx, q, t, tc, cc, "")
	}
	l, err := db.fetchFeatures(ctx, q, t, tc, cc)
	var le *LimitError
	if mode == Auto && errors.As(err, &le) {
		q.Zoom = min(q.Zoom, AggregateZoom-1)
		return db.cells(ctx, q, t, tc, cc, strings.TrimPrefix(le.Error(), "postgis: ")+"; showing counts per cell")
	}
	return l, err
}

// cells fetches grid cells, making them coarser (two zoom levels at a
// time) while there are more than the limit.
func (db *DB) cells(ctx context.Context, q Query, t Table, tc, cc Column, warning string) (*data.Layer, error) {
	for {
		l, err := db.fetchCells(ctx, q, t, tc, cc, warning)
		var le *LimitError
		if !errors.As(err, &le) || q.Zoom <= 0 {
			return l, err
		}
		q.Zoom = max(q.Zoom-2, 0)
	}
}

// sqlBuilder collects query parameters.
type sqlBuilder struct {
	args []any
}

func (b *sqlBuilder) arg(v any) string {
	b.args = append(b.args, v)
	return "$" + strconv.Itoa(len(b.args))
}

// lonLat returns the SQL of t's geometry column in EPSG:4326. In a column
// whose rows have different SRIDs (Table.Mixed) each row is read in its
// own: rows in a reference system the server knows (EPSG:3857 among them)
// are transformed one by one, and the others come as they are, with their
// SRID in the EWKB, for fetchFeatures to leave out and count.
func lonLat(t Table) string {
	g := ident(t.GeomCol)
	if t.Mixed {
		return "(CASE WHEN ST_SRID(" + g + ") IN (0, 4326) THEN " + g +
			" WHEN " + knownSRID(g) + " THEN ST_Transform(" + g + ", 4326) ELSE " + g + " END)"
	}
	if t.SRID == 4326 || t.SRID == 0 {
		return g
	}
	return "ST_Transform(" + g + ", 4326)"
}

// knownSRID is the SQL condition that the geometry g has an SRID the
// server can transform.
func knownSRID(g string) string {
	return "EXISTS (SELECT 1 FROM spatial_ref_sys r WHERE r.srid = ST_SRID(" + g + "))"
}

// unknownSRID is the SQL condition that g has an SRID, not 4326, that the
// server cannot transform.
func unknownSRID(g string) string {
	return "(ST_SRID(" + g + ") NOT IN (0, 4326) AND NOT " + knownSRID(g) + ")"
}

// rowSkips counts the rows fetchFeatures leaves out, by reason, for one
// warning each.
type rowSkips struct {
	srid      map[int]int // rows in a reference system the server cannot transform, by SRID
	outside   int         // rows outside longitude -180..180, latitude -90..90
	firstOut  string      // the first of those, described
	otherSRID []int       // the SRIDs of srid, in first-seen order
}

// check says whether the geometry g of a row, with SRID srid in its EWKB,
// can be placed; it counts the ones that cannot.
func (s *rowSkips) check(g orb.Geometry, srid int) bool {
	if srid != 0 && srid != 4326 {
		if s.srid == nil {
			s.srid = map[int]int{}
		}
		if s.srid[srid] == 0 {
			s.otherSRID = append(s.otherSRID, srid)
		}
		s.srid[srid]++
		return false
	}
	if why := outsideWGS84(g.Bound()); why != "" {
		if s.outside == 0 {
			s.firstOut = why
		}
		s.outside++
		return false
	}
	return true
}

// warn adds the warnings of the rows left out to b.
func (s *rowSkips) warn(b *data.Builder, t Table) {
	for _, srid := range s.otherSRID {
		b.Warn("%d rows of %s.%s are in EPSG:%d, which the server cannot transform to longitude/latitude (it is not in spatial_ref_sys): they were left out; "+
			"give them an SRID the server knows, or transform them (UPDATE ... SET %s = ST_Transform(...))", s.srid[srid], t.TableRef, t.GeomCol, srid, t.GeomCol)
	}
	if s.outside > 0 {
		b.Warn("%d rows of %s.%s have coordinates outside WGS 84 longitude -180..180, latitude -90..90 (first: %s): they were left out; "+
			"is the column in another reference system without saying so? Set its SRID (SELECT UpdateGeometrySRID(...)) so that campmap can transform it", s.outside, t.TableRef, t.GeomCol, s.firstOut)
	}
}

// outsideWGS84 describes a bound outside longitude/latitude, or returns
// "".
func outsideWGS84(b orb.Bound) string {
	if b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 {
		return fmt.Sprintf("coordinates %v..%v", [2]float64(b.Min), [2]float64(b.Max))
	}
	return ""
}

// where returns the filter of q on t: the bounding box against the view
// (an && the GiST index answers) and the time window.
func where(b *sqlBuilder, q Query, t Table, tc Column) string {
	conds := []string{viewCond(b, q, t)}
	if tc.Name != "" && q.Window.Dated() {
		c := ident(tc.Name)
		start, end := windowArgs(b, q)
		conds = append(conds, fmt.Sprintf("(%[1]s IS NULL OR (%[1]s >= %[2]s AND %[1]s <= %[3]s))", c, start, end))
	}
	return strings.Join(conds, " AND ")
}

// windowArgs adds the start and end of q's window as parameters.
func windowArgs(b *sqlBuilder, q Query) (string, string) {
	return b.arg(q.Window.StartTime(time.UTC)), b.arg(q.Window.EndTime(time.UTC))
}

// viewCond returns the filter of q's view on t: the bounding box (an &&
// the GiST index answers), or that the geometry is not NULL.
func viewCond(b *sqlBuilder, q Query, t Table) string {
	var conds []string
	if v, ok := clampView(q.View, 4326); ok && t.Mixed {
		// rows of several SRIDs: each compared in longitude/latitude (no
		// index can answer that), and those the server cannot transform
		// kept to be counted
		env := fmt.Sprintf("ST_MakeEnvelope(%s::float8, %s::float8, %s::float8, %s::float8, 4326)",
			b.arg(v.Min[0]), b.arg(v.Min[1]), b.arg(v.Max[0]), b.arg(v.Max[1]))
		conds = append(conds, "(ST_SetSRID("+lonLat(t)+", 4326) && "+env+" OR "+unknownSRID(ident(t.GeomCol))+")")
	} else if v, ok := clampView(q.View, t.SRID); ok {
		env := fmt.Sprintf("ST_MakeEnvelope(%s::float8, %s::float8, %s::float8, %s::float8, 4326)",
			b.arg(v.Min[0]), b.arg(v.Min[1]), b.arg(v.Max[0]), b.arg(v.Max[1]))
		switch t.SRID {
		case 4326:
		case 0:
			env = "ST_SetSRID(" + env + ", 0)"
		default:
			env = "ST_Transform(" + env + ", " + b.arg(int32(t.SRID)) + "::int4)"
		}
		conds = append(conds, ident(t.GeomCol)+" && "+env)
	} else {
		conds = append(conds, ident(t.GeomCol)+" IS NOT NULL")
	}
	return strings.Join(conds, " AND ")
}

// clampView keeps the view inside the coordinates the table's SRID can
// take; false means "no spatial filter" (a zero or invalid view).
func clampView(v orb.Bound, srid int) (orb.Bound, bool) {
	if v == (orb.Bound{}) || !(v.Min[0] <= v.Max[0]) || !(v.Min[1] <= v.Max[1]) {
		return v, false
	}
	for _, x := range []float64{v.Min[0], v.Min[1], v.Max[0], v.Max[1]} {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return v, false
		}
	}
	lat := 90.0
	if srid != 4326 && srid != 0 {
		lat = geo.MaxLat // projections such as Web Mercator end before the poles
	}
	v.Min[0], v.Max[0] = max(v.Min[0], -180), min(v.Max[0], 180)
	v.Min[1], v.Max[1] = max(v.Min[1], -lat), min(v.Max[1], lat)
	if v.Min[0] > v.Max[0] || v.Min[1] > v.Max[1] {
		// wholly outside the world: an empty box that matches nothing
		v = orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{0, 0}}
	}
	return v, true
}

// epochMS is the SQL of a time column in Unix milliseconds (a timestamp
// without zone and a date read as UTC).
func epochMS(c Column) string {
	return "(extract(epoch FROM " + ident(c.Name) + ")::float8 * 1000)"
}

// span returns the Span of a time read by epochMS.
func span(c Column, start, end *float64) data.Span {
	if start == nil || end == nil || math.IsNaN(*start) || math.IsInf(*start, 0) || math.IsInf(*end, 0) {
		return data.Undated
	}
	s := data.Span{Start: int64(math.Round(*start)), End: int64(math.Round(*end))}
	if c.Type == "date" {
		s.End += 24*3600*1000 - 1
	}
	return s
}

// propKind is how a column is read into a property.
type propKind uint8

const (
	propText propKind = iota
	propNumber
	propBool
	propSkip
)

func kindOf(c Column) propKind {
	switch c.Type {
	case "int2", "int4", "int8", "float4", "float8", "numeric", "oid":
		return propNumber
	case "bool":
		return propBool
	case "geometry", "geography", "bytea", "raster":
		return propSkip
	}
	return propText
}

// featureSQL builds the query of q's features (exported to the tests
// through the same package, which EXPLAIN it).
func featureSQL(q Query, t Table, tc Column) (string, []any, []Column) {
	var b sqlBuilder
	sel := []string{"ST_AsEWKB(" + lonLat(t) + ")"}
	if tc.Name != "" {
		sel = append(sel, epochMS(tc))
	}
	var props []Column
	for _, c := range t.Columns {
		if len(props) == maxProps {
			break
		}
		switch kindOf(c) {
		case propNumber:
			sel = append(sel, ident(c.Name)+"::float8")
		case propBool:
			sel = append(sel, ident(c.Name))
		case propText:
			sel = append(sel, ident(c.Name)+"::text")
		default:
			continue
		}
		props = append(props, c)
	}
	w := where(&b, q, t, tc)
	sql := "SELECT " + strings.Join(sel, ", ") + " FROM " + t.TableRef.quoted() + " WHERE " + w + " LIMIT " + b.arg(q.Limit+1)
	return sql, b.args, props
}

func (db *DB) fetchFeatures(ctx context.Context, q Query, t Table, tc, cc Column) (*data.Layer, error) {
	sql, args, props := featureSQL(q, t, tc)
	b := newBuilder(q, t, db)
	b.SetCategoryKey(cc.Name)
	skipped := 0
	var firstSkip error
	var skips rowSkips
	err := db.with(ctx, func(c *pgx.Conn) error {
		rows, err := c.Query(ctx, sql, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var wkb []byte
		var tm *float64
		texts := make([]*string, len(props))
		nums := make([]*float64, len(props))
		bools := make([]*bool, len(props))
		dest := []any{&wkb}
		if tc.Name != "" {
			dest = append(dest, &tm)
		}
		for i, p := range props {
			switch kindOf(p) {
			case propNumber:
				dest = append(dest, &nums[i])
			case propBool:
				dest = append(dest, &bools[i])
			default:
				dest = append(dest, &texts[i])
			}
		}
		pv := make([]data.Property, 0, len(props))
		n := 0
		for rows.Next() {
			n++
			if n > q.Limit {
				return &LimitError{Limit: q.Limit}
			}
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			g, srid, err := DecodeEWKB(wkb)
			if err != nil {
				skipped++
				if firstSkip == nil {
					firstSkip = err
				}
				continue
			}
			if !skips.check(g, srid) {
				continue
			}
			pv = pv[:0]
			for i, p := range props {
				v := data.Value{}
				switch {
				case texts[i] != nil:
					v = data.Text(*texts[i])
				case nums[i] != nil:
					v = data.Number(*nums[i])
				case bools[i] != nil:
					v = data.Bool(*bools[i])
				}
				texts[i], nums[i], bools[i] = nil, nil, nil
				pv = append(pv, data.Property{Key: p.Name, Value: v})
			}
			sp := data.Undated
			if tc.Name != "" {
				sp = span(tc, tm, tm)
			}
			if err := b.Add(data.Feature{Geometry: g, Span: sp, Props: pv}); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	var le *LimitError
	if errors.As(err, &le) {
		return nil, le
	}
	if err != nil {
		return nil, err
	}
	if skipped > 0 {
		b.Warn("%d rows without a usable geometry were left out (first: %v)", skipped, firstSkip)
	}
	skips.warn(b, t)
	return finish(b, t), nil
}

// cellSize returns the aggregation cell in degrees of longitude and
// latitude at zoom z near latitude lat: CellPixels on screen.
func cellSize(z, lat float64) (float64, float64) {
	z = min(max(z, 0), 22)
	dx := 360 / math.Exp2(z) * CellPixels / 256
	c := math.Cos(min(math.Abs(lat), 85) * math.Pi / 180)
	return dx, dx * c
}

// cellQuery builds the aggregation query of q.
func cellQuery(q Query, t Table, tc, cc Column) (string, []any) {
	var b sqlBuilder
	p := lonLat(t)
	if !strings.EqualFold(t.GeomType, "POINT") {
		p = "ST_Centroid(" + p + ")"
	}
	// x and y are read once per row: every ST_ function call decodes the
	// geometry again.
	inner := []string{"ST_X(" + p + ") AS x", "ST_Y(" + p + ") AS y"}
	if p != ident(t.GeomCol) {
		inner = []string{"ST_X(p) AS x", "ST_Y(p) AS y"}
	}
	// sum/count is avg's own formula (float8_avg divides the plain sum by
	// the count), bit for bit, without the sum of squares avg keeps too
	outer := []string{"count(*)::int8", "(sum(x) / count(*))::float8", "(sum(y) / count(*))::float8"}
	// times and categories are converted after grouping, once per cell
	if tc.Name != "" {
		inner = append(inner, ident(tc.Name)+" AS tm")
		outer = append(outer, "(extract(epoch FROM min(tm))::float8 * 1000)", "(extract(epoch FROM max(tm))::float8 * 1000)")
	}
	if cc.Name != "" {
		inner = append(inner, ident(cc.Name)+" AS cat")
		outer = append(outer, "cat::text")
	}
	lat := 0.0
	if v, ok := clampView(q.View, 4326); ok {
		lat = v.Center()[1]
	}
	dx, dy := cellSize(q.Zoom, lat)
	// the rows of the view and window: one scan with the window's
	// condition, or, when a btree index leads with the time column, the
	// dated rows of the window and the undated ones apart, each read from
	// the index (only from it when it covers the columns read, as the one
	// PrepareCells makes does: a month among a million rows in a quarter
	// of the CPU time)
	var ws []string
	if tc.Name != "" && q.Window.Dated() && slices.Contains(t.indexed, tc.Name) {
		vc := viewCond(&b, q, t)
		c := ident(tc.Name)
		start, end := windowArgs(&b, q)
		ws = []string{vc + " AND " + c + " >= " + start + " AND " + c + " <= " + end, vc + " AND " + c + " IS NULL"}
	} else {
		ws = []string{where(&b, q, t, tc)}
	}
	if t.Mixed { // rows the server cannot transform are counted apart (unknownSRIDCounts)
		for i := range ws {
			ws[i] += " AND NOT " + unknownSRID(ident(t.GeomCol))
		}
	}
	// one int8 key per cell hashes faster than two floats
	group := "(floor(x / " + b.arg(dx) + "::float8)::int8 * 4294967296 + floor(y / " + b.arg(dy) + "::float8)::int8)"
	if cc.Name != "" {
		group += ", cat"
	}
	from := t.TableRef.quoted()
	if p != ident(t.GeomCol) {
		// centroids and transforms are computed once per row, in a lateral
		// subquery (OFFSET 0 keeps the planner from copying p into each use)
		from += ", LATERAL (SELECT " + p + " AS p OFFSET 0) c"
	}
	// OFFSET 0 keeps the inner query a subquery of its own: without it the
	// planner flattens it and calls ST_X three times and ST_Y twice per row
	// (filter, key, average), and, counting as many groups as rows, sorts
	// them all (a million rows: 0.3 to 1 s) where a hash table of the few
	// hundred cells does.
	rowsSQL := make([]string, len(ws))
	for i, w := range ws {
		rowsSQL[i] = "SELECT " + strings.Join(inner, ", ") + " FROM " + from + " WHERE " + w
	}
	sql := "SELECT " + strings.Join(outer, ", ") +
		" FROM (" + strings.Join(rowsSQL, " UNION ALL ") + " OFFSET 0) s" +
		" WHERE x IS NOT NULL GROUP BY " + group + " LIMIT " + b.arg(q.Limit+1)
	return sql, b.args
}

func (db *DB) fetchCells(ctx context.Context, q Query, t Table, tc, cc Column, warning string) (*data.Layer, error) {
	sql, args := cellQuery(q, t, tc, cc)
	b := newBuilder(q, t, db)
	b.Layer().CountKey = "count" // cells are drawn sized by how many features they hold
	if cc.Name != "" {
		b.SetCategoryKey(cc.Name)
	}
	if warning != "" {
		b.Warn("%s", warning)
	}
	var skips rowSkips
	err := db.with(ctx, func(c *pgx.Conn) error {
		if t.Mixed { // before the cells: one query at a time on the connection
			if err := unknownSRIDCounts(ctx, c, q, t, tc, &skips); err != nil {
				return err
			}
		}
		rows, err := c.Query(ctx, sql, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var n int64
		var x, y, t0, t1 *float64
		var cat *string
		dest := []any{&n, &x, &y}
		if tc.Name != "" {
			dest = append(dest, &t0, &t1)
		}
		if cc.Name != "" {
			dest = append(dest, &cat)
		}
		rowsRead := 0
		for rows.Next() {
			rowsRead++
			if rowsRead > q.Limit {
				return &LimitError{Limit: q.Limit}
			}
			cat = nil
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			if x == nil || y == nil {
				continue
			}
			if why := outsideWGS84(orb.Bound{Min: orb.Point{*x, *y}, Max: orb.Point{*x, *y}}); why != "" {
				if skips.outside == 0 {
					skips.firstOut = why
				}
				skips.outside += int(n)
				continue
			}
			props := []data.Property{{Key: "count", Value: data.Number(float64(n))}}
			if cc.Name != "" {
				v := data.Value{}
				if cat != nil {
					v = data.Text(*cat)
				}
				props = append(props, data.Property{Key: cc.Name, Value: v})
			}
			sp := data.Undated
			if tc.Name != "" {
				sp = span(tc, t0, t1)
			}
			if err := b.Add(data.Feature{Geometry: orb.Point{*x, *y}, Span: sp, Props: props}); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	var le *LimitError
	if errors.As(err, &le) {
		return nil, le
	}
	if err != nil {
		return nil, err
	}
	skips.warn(b, t)
	return finish(b, t), nil
}

// unknownSRIDCounts counts, by SRID, the rows of q that the server cannot
// transform, which the cells leave out.
func unknownSRIDCounts(ctx context.Context, c *pgx.Conn, q Query, t Table, tc Column, skips *rowSkips) error {
	var b sqlBuilder
	g := ident(t.GeomCol)
	sql := "SELECT ST_SRID(" + g + ")::int4, count(*)::int8 FROM " + t.TableRef.quoted() + " WHERE " + where(&b, q, t, tc) +
		" AND " + unknownSRID(g) + " GROUP BY 1 ORDER BY 1"
	rows, err := c.Query(ctx, sql, b.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var srid int32
		var n int64
		if err := rows.Scan(&srid, &n); err != nil {
			return err
		}
		if skips.srid == nil {
			skips.srid = map[int]int{}
		}
		skips.otherSRID = append(skips.otherSRID, int(srid))
		skips.srid[int(srid)] = int(n)
	}
	return rows.Err()
}

func newBuilder(q Query, t Table, db *DB) *data.Builder {
	name := q.Name
	if name == "" {
		name = t.Name
	}
	b := data.NewBuilder(name, 1024)
	l := b.Layer()
	l.Source = "PostGIS " + db.target + " " + t.TableRef.String()
	l.Zone = time.UTC
	if t.SRID == 0 {
		b.Warn("%s.%s has no spatial reference: read as longitude/latitude", t.TableRef, t.GeomCol)
	}
	return b
}

func finish(b *data.Builder, t Table) *data.Layer {
	l := b.Build()
	l.Kind = data.DetectKind(l, t.Name)
	return l
}

func isNetErr(err error) bool {
	var ne net.Error
	return errors.As(err, &ne)
}

// Summary describes a whole table: where and when its features are.
type Summary struct {
	Rows   int64     // rows with a geometry
	Bound  orb.Bound // longitude/latitude box of every geometry (zero when none)
	Extent data.Span // earliest to latest time; data.Undated without a time column or times
}

// Summarize reads the extent of a table's geometries and, when timeCol is
// not "", of its times: what the UI needs to zoom to the layer and to size
// the timeline before any view is fetched. It reads every row once.
func (db *DB) Summarize(ctx context.Context, ref TableRef, geomCol, timeCol string) (Summary, error) {
	t, err := db.table(ctx, ref, geomCol)
	if err != nil {
		return Summary{}, err
	}
	var tc Column
	if timeCol != "" {
		c, ok := t.column(timeCol)
		if !ok || !c.IsTime() {
			return Summary{}, fmt.Errorf("postgis: %s has no time column %q (timestamp, timestamptz or date)", t.TableRef, timeCol)
		}
		tc = c
	}
	g := ident(t.GeomCol)
	from := t.TableRef.quoted()
	// the box of the rows Fetch places: in longitude/latitude bounds, and
	// in a mixed column transformed row by row, those of unknown SRIDs
	// left out
	inBounds := func(l string) string {
		return "ST_XMin(" + l + ") >= -180 AND ST_XMax(" + l + ") <= 180 AND ST_YMin(" + l + ") >= -90 AND ST_YMax(" + l + ") <= 90"
	}
	box := "(ST_Extent(" + g + ") FILTER (WHERE " + inBounds(g) + "))::geometry"
	switch {
	case t.Mixed:
		from += ", LATERAL (SELECT " + lonLat(t) + " AS l) c"
		box = "(ST_Extent(l) FILTER (WHERE NOT " + unknownSRID(g) + " AND " + inBounds("l") + "))::geometry"
	case t.SRID != 4326 && t.SRID != 0:
		box = "ST_Transform(ST_SetSRID(ST_Extent(" + g + ")::geometry, " + strconv.Itoa(t.SRID) + "), 4326)"
	}
	times := "NULL::float8, NULL::float8"
	if tc.Name != "" {
		times = "(extract(epoch FROM min(" + ident(tc.Name) + "))::float8 * 1000), (extract(epoch FROM max(" + ident(tc.Name) + "))::float8 * 1000)"
	}
	sql := "SELECT n::int8, ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b), t0, t1 FROM (SELECT count(" + g + "), " +
		box + ", " + times + " FROM " + from + ") s(n, b, t0, t1)"
	var s Summary
	var x0, y0, x1, y1, t0, t1 *float64
	err = db.with(ctx, func(c *pgx.Conn) error {
		return c.QueryRow(ctx, sql).Scan(&s.Rows, &x0, &y0, &x1, &y1, &t0, &t1)
	})
	if err != nil {
		return Summary{}, err
	}
	if x0 != nil && y0 != nil && x1 != nil && y1 != nil {
		s.Bound = orb.Bound{Min: orb.Point{*x0, *y0}, Max: orb.Point{*x1, *y1}}
	}
	s.Extent = data.Undated
	if tc.Name != "" {
		s.Extent = span(tc, t0, t1)
	}
	return s, nil
}
