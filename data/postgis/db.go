package postgis

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// DB is one PostgreSQL database with PostGIS. It keeps a single connection
// and runs one query at a time on it; a connection that broke is replaced by
// the next call (which returns a *ConnError if that fails too). DB is safe
// for concurrent use.
type DB struct {
	cfg      *pgx.ConnConfig
	redacted string
	target   string

	mu   sync.Mutex
	conn *pgx.Conn
	cat  map[tableKey]Table // catalogue as last read
}

// tableKey finds a table and geometry column in the catalogue.
type tableKey struct{ schema, name, geom string }

// Open parses url (postgres://user@host:port/database?sslmode=...) and
// connects. The password comes from the URL, else PGPASSWORD, else the
// password file (PGPASSFILE or ~/.pgpass). It fails with a *ConnError that
// says what to do when the server cannot be reached or refuses the login,
// and with an error naming CREATE EXTENSION when PostGIS is missing.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := parseConfig(url)
	if err != nil {
		return nil, err
	}
	red, err := Redact(url)
	if err != nil {
		return nil, err
	}
	db := &DB{cfg: cfg, redacted: red, target: target(&cfg.Config)}
	db.mu.Lock()
	defer db.mu.Unlock()
	c, err := db.connLocked(ctx)
	if err != nil {
		return nil, err
	}
	var v string
	if err := c.QueryRow(ctx, "SELECT postgis_lib_version()").Scan(&v); err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "42883" {
			db.closeLocked()
			return nil, fmt.Errorf("postgis: %s has no PostGIS: ask its administrator to run CREATE EXTENSION postgis", db.target)
		}
		err = db.queryError(err)
		db.closeLocked()
		return nil, err
	}
	return db, nil
}

// URL returns the connection URL without its password.
func (db *DB) URL() string { return db.redacted }

// Target returns user@host:port/database, for messages.
func (db *DB) Target() string { return db.target }

// Close closes the connection. The DB may still be used: the next call
// connects again.
func (db *DB) Close() {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.closeLocked()
}

func (db *DB) closeLocked() {
	if db.conn != nil {
		ctx, cancel := context.WithTimeout(context.Background(), ConnectTimeout)
		_ = db.conn.Close(ctx) // closing a broken connection fails; nothing to do about it
		cancel()
		db.conn = nil
	}
}

// connLocked returns the open connection, connecting when there is none or
// when the last one broke.
func (db *DB) connLocked(ctx context.Context) (*pgx.Conn, error) {
	if db.conn != nil && !db.conn.IsClosed() {
		return db.conn, nil
	}
	db.closeLocked()
	c, err := pgx.ConnectConfig(ctx, db.cfg)
	if err != nil {
		return nil, connError(db.cfg, err)
	}
	db.conn = c
	return c, nil
}

// queryError turns an error of a query into a *ConnError when the
// connection broke (and drops the connection so the next call reconnects).
func (db *DB) queryError(err error) error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code[:2] {
		case "08", "57": // connection exception, operator intervention (shutdown)
			db.closeLocked()
			return &ConnError{db.target, "the connection was lost (" + pe.Message + "): reconnecting", err}
		}
		return fmt.Errorf("postgis: %s: %w", db.target, err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		if db.conn != nil && db.conn.IsClosed() {
			db.closeLocked()
		}
		return fmt.Errorf("postgis: %s: %w", db.target, err)
	}
	if db.conn == nil || db.conn.IsClosed() || pgconn.SafeToRetry(err) || isNetErr(err) {
		db.closeLocked()
		return &ConnError{db.target, "the connection was lost: reconnecting", err}
	}
	return fmt.Errorf("postgis: %s: %w", db.target, err)
}

// with runs f on the connection, holding the lock.
func (db *DB) with(ctx context.Context, f func(*pgx.Conn) error) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	c, err := db.connLocked(ctx)
	if err != nil {
		return err
	}
	return db.queryError(f(c))
}

// Tables lists the tables and views with a geometry column (one entry per
// geometry column), sorted by schema, name and column, with their other
// columns. The list is also what Fetch checks names against.
func (db *DB) Tables(ctx context.Context) ([]Table, error) {
	var out []Table
	err := db.with(ctx, func(c *pgx.Conn) error {
		var err error
		out, err = readCatalogue(ctx, c)
		return err
	})
	if err != nil {
		return nil, err
	}
	db.mu.Lock()
	db.cat = map[tableKey]Table{}
	for _, t := range out {
		db.cat[tableKey{t.Schema, t.Name, t.GeomCol}] = t
	}
	db.mu.Unlock()
	return out, nil
}

// table returns the catalogue entry of ref's geometry column geom, reading
// the catalogue when it is not known yet.
func (db *DB) table(ctx context.Context, ref TableRef, geom string) (Table, error) {
	db.mu.Lock()
	t, ok := db.cat[tableKey{ref.Schema, ref.Name, geom}]
	db.mu.Unlock()
	if ok {
		return db.checkMixed(ctx, t)
	}
	if _, err := db.Tables(ctx); err != nil {
		return Table{}, err
	}
	db.mu.Lock()
	t, ok = db.cat[tableKey{ref.Schema, ref.Name, geom}]
	db.mu.Unlock()
	if !ok {
		return Table{}, fmt.Errorf("postgis: %s has no table or view %s with geometry column %q: choose one from the list", db.target, ref, geom)
	}
	return db.checkMixed(ctx, t)
}

// checkMixed sets t.Mixed for an unconstrained column, once: whether a row
// has another SRID than the first (one scan of the table).
func (db *DB) checkMixed(ctx context.Context, t Table) (Table, error) {
	if !t.Unconstrained || t.mixedChecked {
		return t, nil
	}
	g := ident(t.GeomCol)
	q := fmt.Sprintf("SELECT EXISTS (SELECT 1 FROM %s WHERE %s IS NOT NULL AND ST_SRID(%[2]s) <> $1)", t.TableRef.quoted(), g)
	var mixed bool
	if err := db.with(ctx, func(c *pgx.Conn) error { return c.QueryRow(ctx, q, int32(t.SRID)).Scan(&mixed) }); err != nil {
		return Table{}, err
	}
	t.Mixed, t.mixedChecked = mixed, true
	db.mu.Lock()
	db.cat[tableKey{t.Schema, t.Name, t.GeomCol}] = t
	db.mu.Unlock()
	return t, nil
}

// catalogueSQL lists geometry columns with every column of their tables.
const catalogueSQL = `
SELECT g.f_table_schema::text, g.f_table_name::text, g.f_geometry_column::text,
       g.srid::int4, g.type::text,
       a.attname::text, t.typname::text, a.attnum::int4
FROM geometry_columns g
JOIN pg_namespace n ON n.nspname = g.f_table_schema::name
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = g.f_table_name::name
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
WHERE has_table_privilege(c.oid, 'SELECT')
ORDER BY 1, 2, 3, a.attnum`

func readCatalogue(ctx context.Context, c *pgx.Conn) ([]Table, error) {
	rows, err := c.Query(ctx, catalogueSQL)
	if err != nil {
		return nil, err
	}
	var out []Table
	for rows.Next() {
		var schema, name, geom, gtype, col, typ string
		var srid, num int32
		if err := rows.Scan(&schema, &name, &geom, &srid, &gtype, &col, &typ, &num); err != nil {
			rows.Close()
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].Schema != schema || out[n-1].Name != name || out[n-1].GeomCol != geom {
			out = append(out, Table{TableRef: TableRef{schema, name}, GeomCol: geom, SRID: int(srid), GeomType: gtype})
		}
		t := &out[len(out)-1]
		if col == geom {
			continue
		}
		t.Columns = append(t.Columns, Column{Name: col, Type: typ})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := readIndexed(ctx, c, out); err != nil {
		return nil, err
	}
	// An unconstrained column (SRID 0 in the catalogue) takes the SRID of
	// its first value.
	for i := range out {
		t := &out[i]
		if t.SRID != 0 {
			continue
		}
		t.Unconstrained = true
		q := fmt.Sprintf("SELECT ST_SRID(%s) FROM %s WHERE %[1]s IS NOT NULL LIMIT 1", ident(t.GeomCol), t.TableRef.quoted())
		var srid int32
		err := c.QueryRow(ctx, q).Scan(&srid)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return nil, err
		}
		t.SRID = int(srid)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Schema != b.Schema {
			return a.Schema < b.Schema
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.GeomCol < b.GeomCol
	})
	return out, nil
}

// indexedSQL lists the columns that lead a valid, whole-table btree index:
// the time columns whose windows the server can read from an index
// (cellQuery).
const indexedSQL = `
SELECT DISTINCT n.nspname::text, c.relname::text, a.attname::text
FROM pg_index i
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam AND am.amname = 'btree'
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
WHERE i.indisvalid AND i.indpred IS NULL AND has_table_privilege(c.oid, 'SELECT')`

// readIndexed sets the indexed columns of the tables in out.
func readIndexed(ctx context.Context, c *pgx.Conn, out []Table) error {
	rows, err := c.Query(ctx, indexedSQL)
	if err != nil {
		return err
	}
	defer rows.Close()
	idx := map[TableRef][]string{}
	for rows.Next() {
		var schema, name, col string
		if err := rows.Scan(&schema, &name, &col); err != nil {
			return err
		}
		r := TableRef{schema, name}
		idx[r] = append(idx[r], col)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range out {
		out[i].indexed = idx[out[i].TableRef]
	}
	return nil
}

// TableRef names a table or view.
type TableRef struct {
	Schema string
	Name   string
}

// String returns schema.name as a user reads it (not quoted for SQL).
func (r TableRef) String() string {
	if r.Schema == "" || r.Schema == "public" {
		return r.Name
	}
	return r.Schema + "." + r.Name
}

func (r TableRef) quoted() string { return pgx.Identifier{r.Schema, r.Name}.Sanitize() }

func ident(s string) string { return pgx.Identifier{s}.Sanitize() }

// Table is a table or view with a geometry column, as the catalogue
// describes it.
type Table struct {
	TableRef
	GeomCol  string   // the geometry column
	SRID     int      // its spatial reference (0: unknown, read as longitude/latitude)
	GeomType string   // POINT, MULTIPOLYGON, GEOMETRY, ...
	Columns  []Column // the other columns, in table order

	// Unconstrained is set for a column the catalogue gives no SRID: SRID
	// is that of its first value, and other rows may have others.
	Unconstrained bool
	// Mixed is set for an unconstrained column whose rows have more than
	// one SRID (checked once, on the first fetch): each row is then
	// transformed on its own, or left out and counted (lonLat,
	// fetchFeatures), and the view cannot use the spatial index.
	Mixed        bool
	mixedChecked bool
	// indexed lists the columns that lead a btree index, as the catalogue
	// was last read (PrepareCells makes one for the time column).
	indexed []string
}

// Column is a column of a table other than its geometry.
type Column struct {
	Name string
	Type string // PostgreSQL type name: int4, text, timestamptz, ...
}

// IsTime reports whether the column can be the layer's time: timestamp,
// timestamptz or date.
func (c Column) IsTime() bool {
	switch c.Type {
	case "timestamp", "timestamptz", "date":
		return true
	}
	return false
}

// IsCategory reports whether the column can categorise features: text,
// numbers and booleans (not geometry, binary or arrays).
func (c Column) IsCategory() bool {
	switch c.Type {
	case "text", "varchar", "bpchar", "name", "citext", "int2", "int4", "int8", "bool":
		return true
	}
	return false
}

// TimeColumns returns the columns that can be the layer's time.
func (t Table) TimeColumns() []string {
	var out []string
	for _, c := range t.Columns {
		if c.IsTime() {
			out = append(out, c.Name)
		}
	}
	return out
}

// CategoryColumns returns the columns that can categorise features.
func (t Table) CategoryColumns() []string {
	var out []string
	for _, c := range t.Columns {
		if c.IsCategory() {
			out = append(out, c.Name)
		}
	}
	return out
}

// column returns the named column.
func (t Table) column(name string) (Column, bool) {
	for _, c := range t.Columns {
		if c.Name == name {
			return c, true
		}
	}
	return Column{}, false
}
