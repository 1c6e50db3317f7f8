package main

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"campmap/export"
)

// render --bookmark draws the bookmark's view, time window and layers.
func TestRenderBookmark(t *testing.T) {
	dir := t.TempDir()
	proj := filepath.Join(dir, "b.campmap")
	if err := os.WriteFile(proj, []byte(`{"version":1,
"layers":[{"sample":"Camps","visible":true,"opacity":1},{"sample":"Incidents (illustrative)","visible":true,"opacity":1}],
"viewport":{"lon":1.6,"lat":51,"zoom":9},
"bookmarks":[{"name":"Jungle, July","viewport":{"lon":1.885,"lat":50.966,"zoom":14},
  "window":{"start":"2015-07-01T00:00:00Z","end":"2015-07-31T23:59:59Z"},"visible_layers":[1]}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "j.png")
	if code, _, stderr := campmap(t, "render", "--project", proj, "--bookmark", "jungle, july", "-o", out, "--size", "400x300"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, _ := os.ReadFile(out)
	raw, ok := export.ReadPNGManifest(b)
	if !ok {
		t.Fatal("no manifest")
	}
	m, err := export.ReadManifest(raw)
	if err != nil {
		t.Fatal(err)
	}
	if v := m.Viewport; v == nil || math.Abs(v.Lon-1.885) > 1e-9 || math.Abs(v.Zoom-14) > 1e-9 {
		t.Errorf("viewport %+v, want the bookmark's", m.Viewport)
	}
	if m.Window == nil || !strings.HasPrefix(m.Window.From, "2015-07-01") {
		t.Errorf("window %+v, want July 2015", m.Window)
	}
	vis := map[string]bool{}
	for _, l := range m.Layers {
		vis[l.Name] = l.Visible
	}
	if len(m.Layers) != 2 || vis[m.Layers[0].Name] || !vis[m.Layers[1].Name] {
		t.Errorf("layers shown %v, want only the second", vis)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"render", "--project", proj, "--bookmark", "Dover", "-o", out}, `bookmarks are "Jungle, July"`},
		{[]string{"render", "--sample", "--bookmark", "x", "-o", out}, "needs the --project"},
	} {
		if code, _, stderr := campmap(t, tc.args...); code != exitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, %s", tc.args, code, stderr)
		}
	}
}
