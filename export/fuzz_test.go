package export

import (
	"bytes"
	"image"
	"testing"
)

// FuzzReadPNGManifest feeds arbitrary bytes to the PNG chunk reader: it
// must never panic, and must find a manifest it wrote itself.
func FuzzReadPNGManifest(f *testing.F) {
	var b bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	if err := WritePNG(&b, img, 150, []byte(`{"app":"campmap"}`)); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x05iTXtcampm"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ReadPNGManifest(data)
	})
}

// FuzzReadManifest feeds arbitrary JSON to the manifest reader and, when
// it is accepted, checks and applies it: nothing may panic.
func FuzzReadManifest(f *testing.F) {
	f.Add([]byte(`{"app":"campmap","version":"0.1.0","inputs":[{"name":"a","path":"/nonexistent/a.geojson","sha256":"00"}],"layers":[{"name":"x","input":3}],"bbox":[0,0,1,1]}`))
	f.Add([]byte(`{"app":"campmap","inputs":[{"name":"sample:calais-2015/camps.geojson","embedded":true}],"safe":{"cell_m":-1,"min_count":0}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ReadManifest(data)
		if err != nil {
			return
		}
		m.Verify()
		if s := m.Safe; s != nil {
			s.Options().Defaults()
		}
	})
}
