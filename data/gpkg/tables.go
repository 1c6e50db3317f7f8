package gpkg

import (
	"context"
	"fmt"
	"strings"

	"campmap/internal/sqlitedb"
)

// OtherTables lists the tables and views of the GeoPackage at path other
// than layer's own and the GeoPackage's bookkeeping (gpkg_*, rtree_*,
// sqlite_*): other feature tables, QGIS's layer_styles, attribute tables.
// Saving edits rewrites the file with one layer, so a file that holds
// others is not edited in place.
func OtherTables(ctx context.Context, path, layer string) ([]string, error) {
	db, err := sqlitedb.OpenReadOnly(path, 1)
	if err != nil {
		return nil, fmt.Errorf("gpkg: %s: %w", path, err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("gpkg: %s: %w", path, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("gpkg: %s: %w", path, err)
		}
		low := strings.ToLower(name)
		if name == layer || strings.HasPrefix(low, "gpkg_") || strings.HasPrefix(low, "rtree_") || strings.HasPrefix(low, "sqlite_") {
			continue
		}
		out = append(out, name)
	}
	return out, rows.Err()
}
