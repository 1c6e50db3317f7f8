// Package sqlitedb opens SQLite files (GeoPackage, MBTiles) through the
// pure-Go driver, the one way campmap's readers do it.
package sqlitedb

import (
	"database/sql"
	"net/url"
	"path/filepath"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// OpenReadOnly opens the database at path read-only (the file is never
// created or changed), with at most conns connections, which is how many
// queries may run at once. Like sql.Open it does not touch the file: the
// first query reports a missing or damaged one.
func OpenReadOnly(path string, conns int) (*sql.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: "mode=ro"}
	db, err := sql.Open("sqlite", "file:"+u.EscapedPath()+"?"+u.RawQuery)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	return db, nil
}
