package postgis

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
)

// PrepareCells makes the index that lets the server aggregate a time
// window into cells (below AggregateZoom) from an index instead of the
// whole table: a btree on the time column which, in a point table, also
// holds the category column and the geometry, so that the rows of a window
// are read from the index alone (a month among a million rows in about a
// quarter of the CPU time; a window of every time gains nothing). It
// returns the index's name.
//
// Reading never needs it: without the index Fetch scans the table as
// before, and it gives the same cells either way. Making it needs the
// right to create an index on the table (its owner); it is built
// concurrently, so colleagues can keep adding rows meanwhile, and
// PostgreSQL keeps it current, so rows added later appear at the next
// fetch. It costs inserts little (about 40 µs a row on the test machine).
// A category value longer than about 2,700 bytes could no longer be
// inserted (a btree's limit); drop the index (DROP INDEX) to undo it.
func (db *DB) PrepareCells(ctx context.Context, ref TableRef, geomCol, timeCol, catCol string) (string, error) {
	t, err := db.table(ctx, ref, geomCol)
	if err != nil {
		return "", err
	}
	tc, ok := t.column(timeCol)
	if !ok || !tc.IsTime() {
		return "", fmt.Errorf("postgis: %s has no time column %q (timestamp, timestamptz or date)", t.TableRef, timeCol)
	}
	var include []string
	if strings.EqualFold(t.GeomType, "POINT") {
		// larger geometries could exceed a btree entry's size: for them
		// the index finds the window's rows in the table
		if catCol != "" {
			if _, ok := t.column(catCol); !ok {
				return "", fmt.Errorf("postgis: %s has no column %q", t.TableRef, catCol)
			}
			include = append(include, ident(catCol))
		}
		include = append(include, ident(t.GeomCol))
	}
	name := cellsIndexName(t.Name, timeCol)
	sql := "CREATE INDEX CONCURRENTLY IF NOT EXISTS " + ident(name) + " ON " + t.TableRef.quoted() + " (" + ident(tc.Name) + ")"
	if len(include) > 0 {
		sql += " INCLUDE (" + strings.Join(include, ", ") + ")"
	}
	err = db.with(ctx, func(c *pgx.Conn) error {
		why := func(err error) error {
			return fmt.Errorf("prepare %s for cells (this needs the right to create an index on it, which reading does not): %w", t.TableRef, err)
		}
		if _, err := c.Exec(ctx, sql); err != nil {
			// a concurrent build that failed leaves an invalid index behind
			_, _ = c.Exec(ctx, "DROP INDEX CONCURRENTLY IF EXISTS "+pgx.Identifier{t.Schema, name}.Sanitize())
			return why(err)
		}
		// the visibility map, without which an index-only scan reads the
		// table too (autovacuum keeps it up afterwards), and statistics
		if _, err := c.Exec(ctx, "VACUUM (ANALYZE) "+t.TableRef.quoted()); err != nil {
			return why(err)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	if _, err := db.Tables(ctx); err != nil { // the catalogue now lists the index
		return "", err
	}
	return name, nil
}

// cellsIndexName names PrepareCells' index of table's time column, within
// PostgreSQL's 63 bytes.
func cellsIndexName(table, timeCol string) string {
	// cut whole characters off the end of the column's part, then of the
	// table's
	cut := func(s string, max int) string {
		for len(s) > max {
			_, n := utf8.DecodeLastRuneInString(s)
			s = s[:len(s)-n]
		}
		return s
	}
	suffix := cut("_"+timeCol+"_campmap_cells", 31)
	return cut(table, 63-len(suffix)) + suffix
}
