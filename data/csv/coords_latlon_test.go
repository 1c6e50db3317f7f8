package csv

import (
	"math"
	"testing"
)

func TestParseLatLon(t *testing.T) {
	for _, tc := range []struct {
		in       string
		lon, lat float64
		ok       bool
	}{
		{"50.95, 1.85", 1.85, 50.95, true},
		{"50.95 1.85", 1.85, 50.95, true},
		{" -33.86 ; 151.21 ", 151.21, -33.86, true},
		{`50°57'30"N 1°51'12"E`, 1.8533333, 50.9583333, true},
		{`50°57'30"N, 1°51'12"E`, 1.8533333, 50.9583333, true},
		{"N 50 57 30, E 1 51 12", 1.8533333, 50.9583333, true},
		{`1°51'12"E, 50°57'30"N`, 1.8533333, 50.9583333, true},
		{"95, 1", 0, 0, false},
		{"Calais", 0, 0, false},
		{"50.95", 0, 0, false},
		{"", 0, 0, false},
	} {
		lon, lat, ok := ParseLatLon(tc.in)
		if ok != tc.ok || ok && (math.Abs(lon-tc.lon) > 1e-6 || math.Abs(lat-tc.lat) > 1e-6) {
			t.Errorf("ParseLatLon(%q) = %v, %v, %v; want %v, %v, %v", tc.in, lon, lat, ok, tc.lon, tc.lat, tc.ok)
		}
	}
}

func FuzzParseLatLon(f *testing.F) {
	for _, s := range []string{"50.95, 1.85", `50°57'30"N 1°51'12"E`, "N 50 57 30, E 1 51 12"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lon, lat, ok := ParseLatLon(s)
		if ok && (lat < -90 || lat > 90 || lon < -180 || lon > 180 || math.IsNaN(lat) || math.IsNaN(lon)) {
			t.Fatalf("%q gave %v, %v", s, lon, lat)
		}
	})
}
