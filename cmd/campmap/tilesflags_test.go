package main

import (
	"errors"
	"strings"
	"testing"

	"campmap/data/basemap/tiles"
)

func TestTileFlags(t *testing.T) {
	tests := []struct {
		name        string
		args        []string
		attribution string // "" when no source
		offline     bool
		usage       bool
	}{
		{"none", nil, "", false, false},
		{"osm", []string{"--tiles", "osm"}, tiles.OpenStreetMap.Attribution, false, false},
		{"hot offline", []string{"--tiles", "hot", "--offline"}, tiles.Humanitarian.Attribution, true, false},
		{"template", []string{"--tiles", "http://127.0.0.1:1/{z}/{x}/{y}.png", "--offline"}, "", true, false},
		{"unknown preset", []string{"--tiles", "google"}, "", false, true},
		{"bad template", []string{"--tiles", "https://t.example/{z}/{x}.png"}, "", false, true},
		{"cache without tiles", []string{"--tile-cache", "DIR"}, "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := newFlagSet("render")
			f := addTileFlags(fs)
			args := append([]string(nil), tt.args...)
			if len(args) > 0 && args[0] == "--tiles" {
				args = append(args, "--tile-cache", t.TempDir())
			}
			if err := fs.Parse(args); err != nil {
				t.Fatal(err)
			}
			src, err := f.source()
			if tt.usage {
				if !errors.Is(err, errUsage) {
					t.Fatalf("source: %v, want a usage error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(tt.args) == 0 {
				if src != nil {
					t.Fatal("a source without --tiles")
				}
				return
			}
			defer src.Close()
			on, ok := src.(*tiles.Online)
			if !ok {
				t.Fatalf("source is a %T", src)
			}
			if got := on.Metadata().Attribution; got != tt.attribution {
				t.Errorf("attribution %q, want %q", got, tt.attribution)
			}
			if on.Offline() != tt.offline {
				t.Errorf("offline = %v", on.Offline())
			}
			if ua := on.UserAgent(); !strings.Contains(ua, "campmap/"+version) || !strings.Contains(ua, website) {
				t.Errorf("User-Agent %q", ua)
			}
		})
	}
}
