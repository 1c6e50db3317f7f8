package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A file that is not what it was taken for (a project layer, a basemap or
// a manifest pointing at /etc/shadow, /proc/self/environ or any private
// file) is refused without its content in the message: stderr and stdout
// never hold the secret, whichever input names the file.
func TestMessagesNeverQuoteAnUnexpectedFile(t *testing.T) {
	contents := map[string]string{
		"text":   "root:SECRET:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\nuser:SECRET2:19000:0:99999:7:::\n",
		"binary": "PATH=/usr/bin\x00PASSWORD=SECRET\x00HOME=/root\x00",
		"commas": "root,SECRET,19000\nx\n", // a delimiter, but not a table
	}
	names := []string{"shadow", "environ", "secret.csv", "secret.txt", "secret.tsv", "secret.geojson", "secret.json", "secret.gpkg", "secret.campmap", "secret.mbtiles", "secret.pmtiles"}
	for kind, content := range contents {
		for _, name := range names {
			dir := t.TempDir()
			secret := filepath.Join(dir, name)
			if err := os.WriteFile(secret, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			layerProject := filepath.Join(dir, "layer.campmap")
			os.WriteFile(layerProject, []byte(`{"version": 1, "layers": [{"path": "`+name+`", "visible": true, "opacity": 1}], "basemap": {}}`), 0o644)
			basemapProject := filepath.Join(dir, "basemap.campmap")
			os.WriteFile(basemapProject, []byte(`{"version": 1, "layers": [], "basemap": {"path": "`+name+`"}}`), 0o644)
			out := filepath.Join(dir, "out.png")
			runs := [][]string{
				{"inspect", secret},
				{"inspect", "--json", secret},
				{"inspect", "--project", layerProject},
				{"render", "--project", layerProject, "-o", out},
				{"render", "--project", basemapProject, "-o", out},
				{"inspect", "--project", secret},
				{"inspect", "--basemap", secret},
				{"render", "--sample", "--basemap", secret, "-o", out},
				{"render", "--manifest", secret, "-o", out},
				{"convert", secret, "-o", filepath.Join(dir, "out.geojson")},
			}
			for _, args := range runs {
				code, stdout, stderr := campmap(t, args...)
				if strings.Contains(stdout+stderr, "SECRET") {
					t.Errorf("%s %s: %v: exit %d, the message quotes the file:\n%s%s", kind, name, args, code, stdout, stderr)
				}
				if code == exitOK && args[0] != "render" {
					t.Errorf("%s %s: %v: exit 0", kind, name, args)
				}
			}
		}
	}
}
