package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"campmap/data"
)

// wgs84WKT is the definition of EPSG:4326 written into gpkg_spatial_ref_sys.
const wgs84WKT = `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]`

// schema creates the GeoPackage 1.4 core tables.
var schema = []string{
	`PRAGMA application_id = 1196444487`, // "GPKG"
	`PRAGMA user_version = 10400`,
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
}

// Write saves the features of l for which keep returns true (all when keep
// is nil) as a new GeoPackage at path holding one layer named after l, in
// EPSG:4326, with a column per property (REAL, INTEGER, BOOLEAN or TEXT by
// the values found) and the feature ids in a column "id". The file is
// written beside path under a temporary name, synced and renamed over
// path, so a failure leaves any previous file intact.
func Write(ctx context.Context, path string, l *data.Layer, keep func(i int) bool) (err error) {
	if ctx == nil {
		ctx = context.Background()
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmpf, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("gpkg: write %s: %w", path, err)
	}
	tmp := tmpf.Name()
	tmpf.Close()
	defer func() {
		if err != nil {
			os.Remove(tmp)
			os.Remove(tmp + "-journal")
		}
	}()
	if err := writeDB(ctx, tmp, l, keep); err != nil {
		return fmt.Errorf("gpkg: write %s: %w", path, err)
	}
	f, err := os.Open(tmp)
	if err != nil {
		return fmt.Errorf("gpkg: write %s: %w", path, err)
	}
	err = f.Sync()
	f.Close()
	if err != nil {
		return fmt.Errorf("gpkg: sync %s: %w", path, err)
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return fmt.Errorf("gpkg: write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("gpkg: replace %s: %w", path, err)
	}
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// colType returns the SQL type for a property key's values.
func colTypes(l *data.Layer, keep func(int) bool) map[string]string {
	seen := map[string]uint8{} // bit 1 number, 2 whole, 4 bool, 8 text
	for i := 0; i < l.Len(); i++ {
		if keep != nil && !keep(i) {
			continue
		}
		for _, p := range l.Props(i) {
			m := seen[p.Key]
			switch p.Value.Type {
			case data.ValueNumber:
				m |= 1
				if p.Value.Num != math.Trunc(p.Value.Num) || math.Abs(p.Value.Num) > 1<<53 {
					m |= 2
				}
			case data.ValueBool:
				m |= 4
			case data.ValueString, data.ValueJSON:
				m |= 8
			}
			seen[p.Key] = m
		}
	}
	out := map[string]string{}
	for k, m := range seen {
		switch {
		case m == 1:
			out[k] = "INTEGER"
		case m&^2 == 1:
			out[k] = "REAL"
		case m == 4:
			out[k] = "BOOLEAN"
		default:
			out[k] = "TEXT"
		}
	}
	return out
}

func writeDB(ctx context.Context, path string, l *data.Layer, keep func(int) bool) error {
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
	table := l.Name
	if strings.TrimSpace(table) == "" {
		table = "layer"
	}
	types := colTypes(l, keep)
	keys := make([]string, 0, len(l.Keys()))
	for _, k := range l.Keys() {
		if _, ok := types[k]; ok {
			keys = append(keys, k)
		}
	}
	// SQLite column names ignore case: "Name" and "name" need two columns
	taken := map[string]bool{}
	colName := map[string]string{}
	for _, k := range keys {
		n := k
		for i := 2; taken[strings.ToLower(n)]; i++ {
			n = fmt.Sprintf("%s_%d", k, i)
		}
		taken[strings.ToLower(n)] = true
		colName[k] = n
	}
	uniq := func(name string) string {
		for n := name; ; n += "_" {
			if !taken[strings.ToLower(n)] {
				taken[strings.ToLower(n)] = true
				return n
			}
		}
	}
	fid, geom := uniq("fid"), uniq("geom")
	idCol, idType := "", "INTEGER"
	hasIDs := false
	for i := 0; i < l.Len(); i++ {
		id := l.ID(i)
		if id.Type == data.ValueNull {
			continue
		}
		hasIDs = true
		if id.Type != data.ValueNumber || id.Num != math.Trunc(id.Num) || math.Abs(id.Num) > 1<<53 {
			idType = "TEXT"
		}
	}
	if hasIDs {
		idCol = uniq("id")
	}
	defs := []string{quote(fid) + " INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL", quote(geom) + " GEOMETRY"}
	cols := []string{quote(geom)}
	if idCol != "" {
		defs = append(defs, quote(idCol)+" "+idType)
		cols = append(cols, quote(idCol))
	}
	colIdx := map[string]int{}
	for _, k := range keys {
		defs = append(defs, quote(colName[k])+" "+types[k])
		colIdx[k] = len(cols)
		cols = append(cols, quote(colName[k]))
	}
	if _, err := db.ExecContext(ctx, "CREATE TABLE "+quote(table)+" ("+strings.Join(defs, ", ")+")"); err != nil {
		return fmt.Errorf("create table %q: %w", table, err)
	}
	gtype := "GEOMETRY"
	if gts := l.GeometryTypes(); len(gts) == 1 {
		for t := range gts {
			gtype = strings.ToUpper(t)
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")
	ins, err := tx.PrepareContext(ctx, "INSERT INTO "+quote(table)+" ("+strings.Join(cols, ", ")+") VALUES ("+marks+")")
	if err != nil {
		return err
	}
	defer ins.Close()
	args := make([]any, len(cols))
	first := true
	var minX, minY, maxX, maxY float64
	for i := 0; i < l.Len(); i++ {
		if keep != nil && !keep(i) {
			continue
		}
		if i&4095 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		g := l.Geometry(i)
		blob, err := EncodeGeometry(g, 4326)
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
		args[0] = blob
		if idCol != "" {
			if id := l.ID(i); id.Type == data.ValueNumber && idType == "INTEGER" {
				args[1] = int64(id.Num)
			} else if id.Type != data.ValueNull {
				args[1] = id.String()
			}
		}
		for _, p := range l.Props(i) {
			j, ok := colIdx[p.Key]
			if !ok {
				continue
			}
			switch p.Value.Type {
			case data.ValueNumber:
				if types[p.Key] == "INTEGER" {
					args[j] = int64(p.Value.Num)
				} else if types[p.Key] == "TEXT" {
					args[j] = p.Value.String()
				} else {
					args[j] = p.Value.Num
				}
			case data.ValueBool:
				if types[p.Key] == "BOOLEAN" {
					args[j] = p.Value.Num != 0
				} else {
					args[j] = p.Value.String()
				}
			case data.ValueString, data.ValueJSON:
				args[j] = p.Value.Str
			}
		}
		if _, err := ins.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("feature %d: %w", i, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id)
		VALUES (?, 'features', ?, ?, ?, ?, ?, ?, 4326)`, table, table, l.Source, minX, minY, maxX, maxY); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, 4326, 0, 0)`, table, geom, gtype); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return db.Close()
}
