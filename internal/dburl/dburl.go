// Package dburl removes passwords from database connection URLs: the one
// rule the PostGIS connector, the project file and every message follow
// before a URL is stored, printed or shown.
package dburl

import "net/url"

// Strip removes the password of u, in its user part
// (postgres://user:pw@host) and as a password= parameter
// (postgres://host/db?password=pw), and reports whether there was one.
func Strip(u *url.URL) bool {
	had := false
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.User(u.User.Username())
			had = true
		}
	}
	if q := u.Query(); q.Has("password") {
		q.Del("password")
		u.RawQuery = q.Encode()
		had = true
	}
	return had
}
