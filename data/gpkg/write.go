package gpkg

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"campmap/data"
	"campmap/internal/atomicfile"
)

// wgs84WKT is the definition of EPSG:4326 written into gpkg_spatial_ref_sys.
const wgs84WKT = `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]`

// userVersion is the GeoPackage version written: 1.3.1, the latest GDAL
// 3.6 reads without a warning (it warns that 1.4 "may only be partially
// supported"); campmap writes nothing 1.4 added.
const userVersion = 10301

// metaURI identifies campmap's layer record in gpkg_metadata.
const metaURI = "https://campmap.invalid/gpkg/layer-record/1"

// schema creates the GeoPackage 1.3 core tables and the extension and
// metadata tables, as the specification words them.
var schema = []string{
	`PRAGMA application_id = 1196444487`, // "GPKG"
	`PRAGMA user_version = ` + strconv.Itoa(userVersion),
	`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
		organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)`,
	`INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system')`,
	`INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system')`,
	`INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, '` + wgs84WKT + `', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')`,
	`CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
		description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
		min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
		CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))`,
	`CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
		srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
		CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
		CONSTRAINT uk_gc_table_name UNIQUE (table_name),
		CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
		CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))`,
	`CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,
		definition TEXT NOT NULL, scope TEXT NOT NULL,
		CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))`,
	`CREATE TABLE gpkg_metadata (id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL, md_scope TEXT NOT NULL DEFAULT 'dataset',
		md_standard_uri TEXT NOT NULL, mime_type TEXT NOT NULL DEFAULT 'text/xml', metadata TEXT NOT NULL DEFAULT '')`,
	`CREATE TABLE gpkg_metadata_reference (reference_scope TEXT NOT NULL, table_name TEXT, column_name TEXT, row_id_value INTEGER,
		timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), md_file_id INTEGER NOT NULL, md_parent_id INTEGER,
		CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id),
		CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id))`,
	`INSERT INTO gpkg_extensions VALUES ('gpkg_metadata', NULL, 'gpkg_metadata', 'http://www.geopackage.org/spec120/#extension_metadata', 'read-write')`,
	`INSERT INTO gpkg_extensions VALUES ('gpkg_metadata_reference', NULL, 'gpkg_metadata', 'http://www.geopackage.org/spec120/#extension_metadata', 'read-write')`,
}

// rtreeTriggers are the GeoPackage 1.3 R-tree triggers (Annex F.3), with
// T the feature table, C its geometry column, I its primary key and R the
// R-tree table, each already quoted.
var rtreeTriggers = []string{
	`CREATE TRIGGER "{r}_insert" AFTER INSERT ON {t} WHEN (new.{c} NOT NULL AND NOT ST_IsEmpty(NEW.{c}))
BEGIN INSERT OR REPLACE INTO {R} VALUES (NEW.{i}, ST_MinX(NEW.{c}), ST_MaxX(NEW.{c}), ST_MinY(NEW.{c}), ST_MaxY(NEW.{c})); END`,
	`CREATE TRIGGER "{r}_update1" AFTER UPDATE OF {c} ON {t} WHEN OLD.{i} = NEW.{i} AND (NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c}))
BEGIN INSERT OR REPLACE INTO {R} VALUES (NEW.{i}, ST_MinX(NEW.{c}), ST_MaxX(NEW.{c}), ST_MinY(NEW.{c}), ST_MaxY(NEW.{c})); END`,
	`CREATE TRIGGER "{r}_update2" AFTER UPDATE OF {c} ON {t} WHEN OLD.{i} = NEW.{i} AND (NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c}))
BEGIN DELETE FROM {R} WHERE id = OLD.{i}; END`,
	`CREATE TRIGGER "{r}_update3" AFTER UPDATE ON {t} WHEN OLD.{i} != NEW.{i} AND (NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c}))
BEGIN DELETE FROM {R} WHERE id = OLD.{i}; INSERT OR REPLACE INTO {R} VALUES (NEW.{i}, ST_MinX(NEW.{c}), ST_MaxX(NEW.{c}), ST_MinY(NEW.{c}), ST_MaxY(NEW.{c})); END`,
	`CREATE TRIGGER "{r}_update4" AFTER UPDATE ON {t} WHEN OLD.{i} != NEW.{i} AND (NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c}))
BEGIN DELETE FROM {R} WHERE id IN (OLD.{i}, NEW.{i}); END`,
	`CREATE TRIGGER "{r}_delete" AFTER DELETE ON {t} WHEN old.{c} NOT NULL
BEGIN DELETE FROM {R} WHERE id = OLD.{i}; END`,
}

// layerRecord is campmap's record of a layer in gpkg_metadata (JSON, md_standard_uri
// metaURI): the layer settings and how the feature table's columns map
// back to the layer. Every campmap-specific fact lives here; the feature
// table itself is plain: a column per property, the ids, and the time
// spans as two DATETIME columns other programs can filter on (QGIS's
// temporal controller reads such start and end fields).
type layerRecord struct {
	data.Meta
	IDColumn    string      `json:"idColumn,omitempty"`    // "" when features have no id
	IDTypes     typeMap     `json:"idTypes,omitempty"`     // like columnRecord.Types, for the ids
	StartColumn string      `json:"startColumn,omitempty"` // "" when no feature is dated
	EndColumn   string      `json:"endColumn,omitempty"`
	Props       []columnRec `json:"props"`
	// Spans are those that the DATETIME columns cannot hold (years beyond
	// 0..9999), by fid.
	Spans map[string][2]int64 `json:"spans,omitempty"`
	// Kinds are the features' kinds a reader would not find again in their
	// properties, by fid.
	Kinds map[string]string `json:"kinds,omitempty"`
}

// columnRec maps one property to its column.
type columnRec struct {
	Key    string `json:"key"`
	Column string `json:"column"`
	// JSON tells that the column's text values are JSON objects and arrays.
	JSON bool `json:"json,omitempty"`
	// Types names, by fid, the values whose type the column's does not
	// give: numbers, booleans and JSON kept as TEXT in a column of mixed
	// values ("number", "bool", "json", "text").
	Types typeMap `json:"types,omitempty"`
	// Nulls lists the fids whose property is null rather than absent
	// (layers that are not tables tell the two apart).
	Nulls *fidSet `json:"nulls,omitempty"`
}

// typeMap names value types by fid.
type typeMap map[string]string

// Write saves the features of l for which keep returns true (all when keep
// is nil) as a new GeoPackage 1.3 at path holding one layer named after l,
// in EPSG:4326, that GDAL reads without a warning and whose validator
// passes: geometries with their heights and measures, typed as the
// layer's geometry types say; a column per property in the layer's order
// (INTEGER, REAL, BOOLEAN or TEXT by the values found), the feature ids in
// a column "id", the time spans in DATETIME columns "start" and "end"; an
// R-tree spatial index with its triggers; and campmap's layer record in
// gpkg_metadata, so that Load gives back the same layer. The file is
// written beside path under a temporary name, synced and renamed over
// path (internal/atomicfile: permissions kept, links written through,
// temporary files of killed saves removed), so a failure leaves any
// previous file intact.
func Write(ctx context.Context, path string, l *data.Layer, keep func(i int) bool) error {
	return WriteLayers(ctx, path, []Part{{Layer: l, Keep: keep}})
}

// Part is one layer of a GeoPackage to write: the features of Layer for
// which Keep returns true (all when Keep is nil).
type Part struct {
	Layer *data.Layer
	Keep  func(i int) bool
}

// WriteLayers saves parts as a new GeoPackage at path holding a table for
// each, in their order, as Write does for one: a table is named after its
// layer, and a second layer of the same name (SQLite ignores case) gets
// the name followed by _2, _3 and so on. Load and LoadFileLayers give back
// every layer. The file is written whole or not at all.
func WriteLayers(ctx context.Context, path string, parts []Part) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if len(parts) == 0 {
		return errors.New("gpkg: no layer to write")
	}
	if err := atomicfile.WritePath(path, 0o644, func(tmp string) error { return writeDB(ctx, tmp, parts) }); err != nil {
		return fmt.Errorf("gpkg: %w", err)
	}
	return nil
}

// Value type bits seen in a column.
const (
	seenNumber = 1 << iota
	seenFraction
	seenBool
	seenText
	seenJSON
)

// sqlType returns the declared type of a column holding the value types
// in seen, and whether its text values are all JSON.
func sqlType(seen uint8) (typ string, isJSON bool) {
	switch {
	case seen == seenNumber:
		return "INTEGER", false
	case seen&^seenFraction == seenNumber:
		return "REAL", false
	case seen == seenBool:
		return "BOOLEAN", false
	case seen == seenJSON:
		return "TEXT", true
	}
	return "TEXT", false
}

// typeBit classifies a value for sqlType.
func typeBit(v data.Value) uint8 {
	switch v.Type {
	case data.ValueNumber:
		if v.Num != math.Trunc(v.Num) || math.Abs(v.Num) > 1<<53 {
			return seenNumber | seenFraction
		}
		return seenNumber
	case data.ValueBool:
		return seenBool
	case data.ValueString:
		return seenText
	case data.ValueJSON:
		return seenJSON
	}
	return 0
}

// sqlValue converts v for a column of type typ (isJSON: its text is JSON)
// and returns the type name a reader must be told of when the column's
// type does not give v's ("" when it does).
func sqlValue(v data.Value, typ string, isJSON bool) (any, string) {
	switch v.Type {
	case data.ValueNumber:
		switch typ {
		case "INTEGER":
			return int64(v.Num), ""
		case "REAL":
			return v.Num, ""
		}
		return v.String(), "number"
	case data.ValueBool:
		if typ == "BOOLEAN" {
			return v.Num != 0, ""
		}
		return v.String(), "bool"
	case data.ValueJSON:
		if isJSON {
			return v.Str, ""
		}
		return v.Str, "json"
	case data.ValueString:
		if isJSON {
			return v.Str, "text"
		}
		return v.Str, ""
	}
	return nil, ""
}

// dateTimeLayout is the GeoPackage DATETIME form (ISO 8601, UTC, ms).
const dateTimeLayout = "2006-01-02T15:04:05.000Z"

// reservedPrefixes begin names the GeoPackage and SQLite keep for
// themselves.
var reservedPrefixes = []string{"gpkg_", "sqlite_", "rtree_"}

// tableName returns the SQL table name for a layer name.
func tableName(name string) string {
	t := strings.TrimSpace(name)
	if t == "" {
		return "layer"
	}
	for _, p := range reservedPrefixes {
		if strings.HasPrefix(strings.ToLower(t), p) {
			return "layer_" + t
		}
	}
	return t
}

// wcol is one column of the feature table being written.
type wcol struct {
	name   string
	typ    string
	isJSON bool
	rec    *columnRec // nil for fid, geom, id, start, end
}

func writeDB(ctx context.Context, path string, parts []Part) error {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, s := range schema {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("create the GeoPackage tables: %w", err)
		}
	}
	taken := map[string]bool{}
	for _, p := range parts {
		if p.Layer == nil {
			continue
		}
		table := tableName(p.Layer.Name)
		identifier := strings.TrimSpace(p.Layer.Name)
		for i := 2; taken[strings.ToLower(table)]; i++ {
			table = fmt.Sprintf("%s_%d", tableName(p.Layer.Name), i)
			identifier = table
		}
		taken[strings.ToLower(table)] = true
		if identifier == "" {
			identifier = table
		}
		if err := writeTable(ctx, db, table, identifier, p.Layer, p.Keep); err != nil {
			return err
		}
	}
	return db.Close()
}

// writeTable writes the features of l that keep accepts into db as the
// feature table table, with its spatial index and campmap's layer record;
// identifier names it in gpkg_contents.
func writeTable(ctx context.Context, db *sql.DB, table, identifier string, l *data.Layer, keep func(int) bool) error {

	// what the kept features hold: value types per key, ids, spans, Z, M
	keys := l.Keys()
	keyIdx := make(map[string]int, len(keys))
	for k, key := range keys {
		keyIdx[key] = k
	}
	seen := make([]uint8, len(keys))
	var idSeen uint8
	hasIDs, dated := false, false
	nZ, nM, n := 0, 0, 0
	geomTypes := map[string]bool{}
	for i := 0; i < l.Len(); i++ {
		if keep != nil && !keep(i) {
			continue
		}
		n++
		for _, p := range l.Props(i) {
			seen[keyIdx[p.Key]] |= typeBit(p.Value)
		}
		if id := l.ID(i); id.Type != data.ValueNull {
			hasIDs = true
			idSeen |= typeBit(id)
		}
		dated = dated || l.Span(i).Dated()
		if l.Z(i) != nil {
			nZ++
		}
		if l.M(i) != nil {
			nM++
		}
		geomTypes[l.Geometry(i).GeoJSONType()] = true
	}

	// column names: SQLite ignores case, so "Name" and "name" need two
	taken := map[string]bool{}
	uniq := func(name string) string {
		for n := name; ; n += "_" {
			if !taken[strings.ToLower(n)] {
				taken[strings.ToLower(n)] = true
				return n
			}
		}
	}
	rec := layerRecord{Meta: data.NewMeta(l, n)}
	cols := make([]wcol, 0, len(keys)+5)
	propCol := make([]int, len(keys)) // key index -> column index
	rec.Props = make([]columnRec, len(keys))
	for k, key := range keys {
		name := key
		for i := 2; taken[strings.ToLower(name)]; i++ {
			name = fmt.Sprintf("%s_%d", key, i)
		}
		taken[strings.ToLower(name)] = true
		typ, isJSON := sqlType(seen[k])
		rec.Props[k] = columnRec{Key: key, Column: name, JSON: isJSON}
		propCol[k] = -1 // set below, after the fixed columns
		cols = append(cols, wcol{name: name, typ: typ, isJSON: isJSON, rec: &rec.Props[k]})
	}
	fid, geom := uniq("fid"), uniq("geom")
	var idType string
	var idJSON bool
	if hasIDs {
		rec.IDColumn = uniq("id")
		idType, idJSON = sqlType(idSeen)
		if idJSON { // a JSON id is not one: keep it as text
			idJSON = false
		}
	}
	if dated {
		for _, pair := range [][2]string{{"start", "end"}, {"start_time", "end_time"}, {"start_date", "end_date"}, {"begin", "end"}} {
			if !taken[pair[0]] && !taken[pair[1]] {
				rec.StartColumn, rec.EndColumn = uniq(pair[0]), uniq(pair[1])
				break
			}
		}
		if rec.StartColumn == "" {
			rec.StartColumn, rec.EndColumn = uniq("campmap_start"), uniq("campmap_end")
		}
	}
	gtype := "GEOMETRY"
	if len(geomTypes) == 1 {
		for t := range geomTypes {
			gtype = strings.ToUpper(t)
		}
	}
	// the table: fid, geom, id, the properties in the layer's order, the span
	defs := []string{quote(fid) + " INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL", quote(geom) + " " + gtype}
	ins := []string{quote(fid), quote(geom)}
	idArg := -1
	if hasIDs {
		idArg = len(ins)
		defs = append(defs, quote(rec.IDColumn)+" "+idType)
		ins = append(ins, quote(rec.IDColumn))
	}
	for k, c := range cols {
		propCol[k] = len(ins)
		defs = append(defs, quote(c.name)+" "+c.typ)
		ins = append(ins, quote(c.name))
	}
	startArg := -1
	if dated {
		startArg = len(ins)
		defs = append(defs, quote(rec.StartColumn)+" DATETIME", quote(rec.EndColumn)+" DATETIME")
		ins = append(ins, quote(rec.StartColumn), quote(rec.EndColumn))
	}
	if _, err := db.ExecContext(ctx, "CREATE TABLE "+quote(table)+" ("+strings.Join(defs, ", ")+")"); err != nil {
		return fmt.Errorf("create table %q: %w", table, err)
	}
	rtree := "rtree_" + table + "_" + geom
	if _, err := db.ExecContext(ctx, "CREATE VIRTUAL TABLE "+quote(rtree)+" USING rtree(id, minx, maxx, miny, maxy)"); err != nil {
		return fmt.Errorf("create the spatial index: %w", err)
	}

	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(ins)), ", ")
	insert, err := tx.PrepareContext(ctx, "INSERT INTO "+quote(table)+" ("+strings.Join(ins, ", ")+") VALUES ("+marks+")")
	if err != nil {
		return err
	}
	defer insert.Close()
	index, err := tx.PrepareContext(ctx, "INSERT INTO "+quote(rtree)+" VALUES (?, ?, ?, ?, ?)")
	if err != nil {
		return err
	}
	defer index.Close()
	args := make([]any, len(ins))
	first := true
	var minX, minY, maxX, maxY float64
	metaKind := l.Kind
	row := int64(0)
	setIn := make([]int64, len(keys)) // the row each key was last written in
	for i := 0; i < l.Len(); i++ {
		if keep != nil && !keep(i) {
			continue
		}
		if i&4095 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		row++
		fidKey := strconv.FormatInt(row, 10)
		g := l.Geometry(i)
		blob, err := EncodeGeometryZM(g, l.Z(i), l.M(i), 4326)
		if err != nil {
			return fmt.Errorf("feature %d: %w", i, err)
		}
		b := g.Bound()
		if first {
			minX, minY, maxX, maxY, first = b.Min[0], b.Min[1], b.Max[0], b.Max[1], false
		} else {
			minX, minY = math.Min(minX, b.Min[0]), math.Min(minY, b.Min[1])
			maxX, maxY = math.Max(maxX, b.Max[0]), math.Max(maxY, b.Max[1])
		}
		for j := range args {
			args[j] = nil
		}
		args[0], args[1] = row, blob
		if idArg >= 0 {
			if id := l.ID(i); id.Type != data.ValueNull {
				v, t := sqlValue(id, idType, idJSON)
				args[idArg] = v
				if t != "" {
					if rec.IDTypes == nil {
						rec.IDTypes = typeMap{}
					}
					rec.IDTypes[fidKey] = t
				}
			}
		}
		props := l.Props(i)
		for _, p := range props {
			k := keyIdx[p.Key]
			if setIn[k] == row {
				continue // a key the feature repeats: the first is kept, as readers of JSON do
			}
			setIn[k] = row
			c := &cols[k]
			if p.Value.Type == data.ValueNull {
				if c.rec.Nulls == nil {
					c.rec.Nulls = &fidSet{}
				}
				c.rec.Nulls.add(row)
				continue
			}
			v, t := sqlValue(p.Value, c.typ, c.isJSON)
			args[propCol[k]] = v
			if t != "" {
				if c.rec.Types == nil {
					c.rec.Types = typeMap{}
				}
				c.rec.Types[fidKey] = t
			}
		}
		if sp := l.Span(i); sp.Dated() && startArg >= 0 {
			s, okS := dateTime(sp.Start)
			e, okE := dateTime(sp.End)
			if okS && okE {
				args[startArg], args[startArg+1] = s, e
			} else {
				if rec.Spans == nil {
					rec.Spans = map[string][2]int64{}
				}
				rec.Spans[fidKey] = [2]int64{sp.Start, sp.End}
			}
		}
		// the kind a reader finds in the properties, else the layer's
		want := l.FeatureKind(i)
		got, ok := data.FeatureKind(props)
		if !ok {
			got = metaKind
		}
		if got != want {
			if rec.Kinds == nil {
				rec.Kinds = map[string]string{}
			}
			rec.Kinds[fidKey] = want.String()
		}
		if _, err := insert.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("feature %d: %w", i, err)
		}
		if _, err := index.ExecContext(ctx, row, b.Min[0], b.Max[0], b.Min[1], b.Max[1]); err != nil {
			return fmt.Errorf("feature %d: spatial index: %w", i, err)
		}
	}
	if l.Tabular() {
		// a table's properties are never null: NULL is an empty cell
		for k := range rec.Props {
			rec.Props[k].Nulls = nil
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id)
		VALUES (?, 'features', ?, ?, ?, ?, ?, ?, 4326)`, table, identifier, l.Source, minX, minY, maxX, maxY); err != nil {
		return err
	}
	zFlag, mFlag := dimFlag(nZ, n), dimFlag(nM, n)
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, 4326, ?, ?)`, table, geom, gtype, zFlag, mFlag); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')`, table, geom); err != nil {
		return err
	}
	r := strings.NewReplacer("{t}", quote(table), "{c}", quote(geom), "{i}", quote(fid), "{R}", quote(rtree), "{r}", strings.ReplaceAll(rtree, `"`, `""`))
	for _, t := range rtreeTriggers {
		if _, err := tx.ExecContext(ctx, r.Replace(t)); err != nil {
			return fmt.Errorf("create the spatial index triggers: %w", err)
		}
	}
	js, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("campmap layer record: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO gpkg_metadata (md_scope, md_standard_uri, mime_type, metadata) VALUES ('dataset', ?, 'application/json', ?)`, metaURI, string(js))
	if err != nil {
		return err
	}
	mdID, err := res.LastInsertId()
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_metadata_reference (reference_scope, table_name, md_file_id) VALUES ('table', ?, ?)`, table, mdID); err != nil {
		return err
	}
	return tx.Commit()
}

// dimFlag is gpkg_geometry_columns' z or m: 0 when no feature of n has
// the ordinate, 1 when all have it, 2 when some have.
func dimFlag(have, n int) int {
	switch {
	case have == 0:
		return 0
	case have == n:
		return 1
	}
	return 2
}

// dateTime formats a Unix millisecond time as a GeoPackage DATETIME; ok is
// false beyond the years it can write (0 to 9999).
func dateTime(ms int64) (string, bool) {
	t := time.UnixMilli(ms).UTC()
	if t.Year() < 0 || t.Year() > 9999 {
		return "", false
	}
	return t.Format(dateTimeLayout), true
}
