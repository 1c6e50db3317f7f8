package dburl

import (
	"net/url"
	"strings"
	"testing"
)

func TestStrip(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		had      bool
	}{
		{"postgres://team:s3cret@db.example:5432/incidents", "postgres://team@db.example:5432/incidents", true},
		{"postgres://team@db.example/incidents?sslmode=require&password=s3cret", "postgres://team@db.example/incidents?sslmode=require", true},
		{"postgres://a:b@h/d?password=c", "postgres://a@h/d", true},
		{"postgres://team@db.example/incidents", "postgres://team@db.example/incidents", false},
	} {
		u, err := url.Parse(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		had := Strip(u)
		if got := u.String(); got != tc.want || had != tc.had || strings.Contains(got, "s3cret") {
			t.Errorf("Strip(%s) = %s, %v; want %s, %v", tc.in, got, had, tc.want, tc.had)
		}
	}
}
