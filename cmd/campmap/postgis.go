package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"campmap/data/postgis"
)

// runPrepareCells indexes a PostGIS table for campmap's low-zoom cells
// (postgis.PrepareCells): the one command that changes a database, for its
// owner to run once; reading never needs it and gives the same cells
// without it.
func runPrepareCells(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("prepare-postgis")
	table := fs.String("table", "", "the table: SCHEMA.NAME (or NAME in public)")
	geom := fs.String("geom", "geom", "its geometry column")
	timeCol := fs.String("time", "", "its time column (timestamp, timestamptz or date)")
	cat := fs.String("category", "", "its category column, kept in the index of a point table")
	rest, err := parseInterleaved(fs, args)
	switch {
	case err != nil:
	case len(rest) != 1:
		err = usageErrorf("want one postgres:// URL (the password from PGPASSWORD or ~/.pgpass), got %d arguments", len(rest))
	case *table == "":
		err = usageErrorf("--table SCHEMA.NAME is required")
	case *timeCol == "":
		err = usageErrorf("--time COLUMN is required: the cells of a time window are what the index serves")
	}
	if err != nil {
		return fail(stderr, err, "prepare-postgis")
	}
	ref := postgis.TableRef{Schema: "public", Name: *table}
	if s, n, ok := strings.Cut(*table, "."); ok {
		ref = postgis.TableRef{Schema: s, Name: n}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	db, err := postgis.Open(ctx, rest[0])
	if err != nil {
		return fail(stderr, err, "prepare-postgis")
	}
	defer db.Close()
	name, err := db.PrepareCells(ctx, ref, *geom, *timeCol, *cat)
	if err != nil {
		return fail(stderr, err, "prepare-postgis")
	}
	fmt.Fprintf(stdout, "%s: index %s on %s; campmap now reads the cells of a time window from it (DROP INDEX %s undoes it)\n",
		ref, name, *timeCol, name)
	return exitOK
}
