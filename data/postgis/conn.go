// Package postgis reads layers from a PostgreSQL database with PostGIS, the
// way a team shares incidents: only what the map shows is fetched (the
// viewport and the time window filter on the server, through the GiST
// index), rows are limited, low zooms are aggregated into grid cells on the
// server, and geometries arrive as EWKB converted to orb.
//
// SQL is never built from user text: values are query parameters, and table
// and column names are taken from the database's own catalogue
// (geometry_columns, pg_attribute) and quoted. Passwords come from the
// environment (PGPASSWORD) or ~/.pgpass (PGPASSFILE), as libpq reads them;
// Redact gives the connection string to store in a project file.
//
// Reading needs only SELECT. PrepareCells is the one call that changes a
// database, and only when asked: it indexes a table's time column so that
// the cells of a time window are read from the index (see BENCHMARKS.md,
// "Issue 16: PostGIS at low zoom"); Fetch uses such an index when the
// catalogue lists one and scans the table otherwise, with the same cells.
package postgis

import (
	"campmap/internal/dburl"
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ConnectTimeout bounds one connection attempt when the URL sets none.
const ConnectTimeout = 5 * time.Second

// Source is what a project file keeps about a PostGIS layer: the connection
// without its password, and the table and columns chosen. It never holds a
// password: Redact strips it.
type Source struct {
	URL     string `json:"url"`      // postgres:// URL without password
	Schema  string `json:"schema"`   // table's schema
	Table   string `json:"table"`    // table or view name
	GeomCol string `json:"geom"`     // geometry column
	TimeCol string `json:"time"`     // "" for none
	CatCol  string `json:"category"` // "" for none
}

// Ref returns the source's table reference.
func (s Source) Ref() TableRef { return TableRef{Schema: s.Schema, Name: s.Table} }

// Redact returns the postgres:// URL s without its password (in the user
// part or as a password= parameter), safe to store or show. Anything but a
// postgres:// or postgresql:// URL is refused.
func Redact(s string) (string, error) {
	u, err := parseURL(s)
	if err != nil {
		return "", err
	}
	dburl.Strip(u)
	return u.String(), nil
}

func parseURL(s string) (*url.URL, error) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil {
		return nil, errors.New("postgis: the connection is not a URL: write it as postgres://user@host:5432/database")
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return nil, errors.New("postgis: the connection does not start with postgres://: write it as postgres://user@host:5432/database")
	}
	return u, nil
}

// redactLoose hides what may be a password in a string that did not parse
// as a URL: everything between "://user:" and "@".
func redactLoose(s string) string {
	i := strings.Index(s, "://")
	if i < 0 {
		return s
	}
	rest := s[i+3:]
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return s
	}
	if c := strings.Index(rest[:at], ":"); c >= 0 {
		return s[:i+3] + rest[:c] + ":***" + rest[at:]
	}
	return s
}

// ConnError is returned when the database cannot be reached or refuses the
// connection (or drops it during a query). Msg says what to do.
type ConnError struct {
	Target string // user@host:port/database, never a password
	Msg    string
	Err    error
}

// Error returns "postgis: connect to TARGET: MSG".
func (e *ConnError) Error() string { return "postgis: connect to " + e.Target + ": " + e.Msg }

// Unwrap returns the driver's error.
func (e *ConnError) Unwrap() error { return e.Err }

// IsConnError reports whether err means the connection is missing or lost
// (as opposed to a bad query or a refused table): worth retrying later.
func IsConnError(err error) bool {
	var ce *ConnError
	return errors.As(err, &ce)
}

// target names a connection for messages.
func target(cfg *pgconn.Config) string {
	return fmt.Sprintf("%s@%s/%s", cfg.User, net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port))), cfg.Database)
}

// parseConfig parses url with pgx (which reads PGPASSWORD, PGPASSFILE and
// ~/.pgpass like libpq does).
func parseConfig(s string) (*pgx.ConnConfig, error) {
	if _, err := parseURL(s); err != nil {
		return nil, err
	}
	cfg, err := pgx.ParseConfig(strings.TrimSpace(s))
	if err != nil {
		// pgx's message may quote the URL with its password: keep ours.
		return nil, fmt.Errorf("postgis: connection %q: cannot be read: check host, port and parameters", redactLoose(s))
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = ConnectTimeout
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	cfg.RuntimeParams["application_name"] = "campmap"
	cfg.RuntimeParams["timezone"] = "UTC"
	// Aggregating a few hundred thousand rows into cells hashes them in
	// memory instead of sorting on disk (4 MB is the server's default).
	if _, ok := cfg.RuntimeParams["work_mem"]; !ok {
		cfg.RuntimeParams["work_mem"] = "64MB"
	}
	return cfg, nil
}

// connError explains why connecting with cfg failed.
func connError(cfg *pgx.ConnConfig, err error) error {
	t := target(&cfg.Config)
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01":
			if cfg.Password == "" {
				return &ConnError{t, fmt.Sprintf("the server wants a password for user %q and none was given: set PGPASSWORD, or add a line host:port:database:user:password to ~/.pgpass (mode 0600)", cfg.User), err}
			}
			return &ConnError{t, fmt.Sprintf("the server refused the password for user %q: check PGPASSWORD or the matching line of ~/.pgpass", cfg.User), err}
		case "28000":
			return &ConnError{t, fmt.Sprintf("the server does not let user %q in from this machine (pg_hba.conf): ask the database's administrator", cfg.User), err}
		case "3D000":
			return &ConnError{t, fmt.Sprintf("database %q does not exist: check the name at the end of the URL", cfg.Database), err}
		case "53300":
			return &ConnError{t, "the server has too many connections: try again later", err}
		case "57P03":
			return &ConnError{t, "the server is starting up or shutting down: try again in a moment", err}
		}
		return &ConnError{t, pe.Message, err}
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return &ConnError{t, fmt.Sprintf("unknown host %q: check the host name in the URL and your network", cfg.Host), err}
	}
	if errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err) {
		return &ConnError{t, fmt.Sprintf("no answer within %s: check the host and port, and that this machine is on the server's network", cfg.ConnectTimeout), err}
	}
	if errors.Is(err, context.Canceled) {
		return &ConnError{t, "canceled", err}
	}
	var op *net.OpError
	if errors.As(err, &op) {
		return &ConnError{t, "cannot reach the server: check the host and port, and that PostgreSQL is running and accepts TCP connections (listen_addresses)", err}
	}
	return &ConnError{t, "connection failed: " + err.Error(), err}
}
