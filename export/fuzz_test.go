package export

import (
	"bytes"
	"campmap/data"
	"campmap/render"
	"errors"
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
// it is accepted, checks and applies it: nothing may panic, Verify names
// every input it cannot match, the safe settings get usable defaults, and
// applying it to the sample keeps only layers the manifest names, each
// with its style read back as recorded.
func FuzzReadManifest(f *testing.F) {
	f.Add([]byte(`{"app":"campmap","version":"0.1.0","inputs":[{"name":"a","path":"/nonexistent/a.geojson","sha256":"00"}],"layers":[{"name":"x","input":3}],"bbox":[0,0,1,1]}`))
	f.Add([]byte(`{"app":"campmap","inputs":[{"name":"sample:calais-2015/camps.geojson","embedded":true}],"safe":{"cell_m":-1,"min_count":0}}`))
	f.Add([]byte(`{"app":"campmap","layers":[{"name":"Camps","input":-1,"visible":true,"opacity":0.5,"fill":"#112233","category_colors":["#ff0000"],"hidden_categories":[""],"filter":{"key":"name","hidden":["x"]}}]}`))
	sc := sampleScene(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ReadManifest(b)
		if err != nil {
			return
		}
		if err := m.Verify(); err != nil && !errors.Is(err, ErrInputMissing) && !errors.Is(err, ErrInputChanged) {
			t.Errorf("Verify: %v wraps neither ErrInputMissing nor ErrInputChanged", err)
		}
		if s := m.Safe; s != nil {
			if o := s.Options().Defaults(); !(o.CellMeters > 0) || o.MinCount <= 0 {
				t.Errorf("Defaults of %+v gave %+v", *s, o)
			}
		}
		fresh := *sc
		fresh.Layers = append([]render.LayerView(nil), sc.Layers...)
		m.ApplyTo(&fresh, func(*data.Layer) int { return -1 })
		if len(fresh.Layers) > len(m.Layers) {
			t.Fatalf("applying %d layer specs gave %d layers", len(m.Layers), len(fresh.Layers))
		}
		for _, lv := range fresh.Layers {
			var spec *LayerSpec
			for i := range m.Layers {
				if m.Layers[i].Name == lv.Layer.Name {
					spec = &m.Layers[i]
					break
				}
			}
			if spec == nil {
				t.Fatalf("layer %q applied but not in the manifest", lv.Layer.Name)
			}
			if lv.Visible != spec.Visible || lv.Fill != spec.Fill {
				t.Errorf("layer %q: visible %v fill %v, manifest says %v %v", lv.Layer.Name, lv.Visible, lv.Fill, spec.Visible, spec.Fill)
			}
		}
	})
}
