package export

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/style"
	"campmap/geo"
	"campmap/render"
)

func TestHasherMatchesHashFile(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.geojson"), filepath.Join(dir, "b.csv")
	if err := os.WriteFile(a, []byte(`{"type":"FeatureCollection","features":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b, []byte("lat,lon\n50.9,1.8\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "gone.geojson")
	h := NewHasher()
	h.Start(a, missing, a, "")
	for _, tt := range []struct {
		name, path string
		wantErr    bool
	}{
		{"started in the background", a, false},
		{"not started: hashed now", b, false},
		{"started, missing file", missing, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := h.HashFile(tt.path)
			want, wantErr := HashFile(tt.path)
			if tt.wantErr {
				if err == nil || !errors.Is(err, fs.ErrNotExist) || wantErr == nil {
					t.Fatalf("err %v, want not-exist like HashFile's %v", err, wantErr)
				}
				return
			}
			if err != nil || got != want {
				t.Errorf("HashFile = %+v %v, want %+v", got, err, want)
			}
		})
	}
	t.Run("nil hasher hashes now", func(t *testing.T) {
		var nh *Hasher
		nh.Start(a)
		got, err := nh.HashFile(a)
		want, _ := HashFile(a)
		if err != nil || got != want {
			t.Errorf("HashFile = %+v %v, want %+v", got, err, want)
		}
	})
	t.Run("manifest the same as Describe's", func(t *testing.T) {
		bl := data.NewBuilder("a", 1)
		if err := bl.Add(data.Feature{Geometry: orb.Point{1.8, 50.9}}); err != nil {
			t.Fatal(err)
		}
		l := bl.Build()
		l.Path = a
		sc := &render.Scene{Layers: []render.LayerView{{Layer: l, Style: style.Style{Visible: true}}}, Window: data.Undated}
		h := NewHasher()
		h.Start(a)
		got, err1 := DescribeHashed(sc, "test", h)
		want, err2 := Describe(sc, "test")
		if err1 != nil || err2 != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("DescribeHashed = %+v %v, Describe = %+v %v", got, err1, want, err2)
		}
	})
}

// An export whose inputs are still hashing (DescribePending, Job.Hashes)
// writes the same bytes, manifest included, as one described after the
// hashes; a pending input that cannot be hashed fails the export.
func TestPendingHashesWriteTheSameExport(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.geojson")
	if err := os.WriteFile(a, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1.8,50.9]}}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	bl := data.NewBuilder("a", 1)
	if err := bl.Add(data.Feature{Geometry: orb.Point{1.8, 50.9}, Span: data.Undated}); err != nil {
		t.Fatal(err)
	}
	l := bl.Build()
	l.Path = a
	sc := &render.Scene{Layers: []render.LayerView{{Layer: l, Style: style.Style{Visible: true}}}, Window: data.Undated}
	view := geo.New(orb.Point{1.8, 50.9}, 12, 300, 200)
	for _, format := range []string{FormatPNG, FormatPDF} {
		var page *render.PageOptions
		if format == FormatPDF {
			ps, _ := render.ParsePageSize("a5-landscape")
			page = &render.PageOptions{Size: ps, Title: "T"}
		}
		want, err := Describe(sc, "test")
		if err != nil {
			t.Fatal(err)
		}
		var wb bytes.Buffer
		if _, err := Write(&wb, Job{Scene: sc, Format: format, Page: page, View: view, Bound: l.Bounds().Pad(0.01), Manifest: want}); err != nil {
			t.Fatal(err)
		}
		// a hash still running while the export is described and drawn
		h := NewHasher()
		job := &hashJob{done: make(chan struct{})}
		h.jobs[a] = job
		m, err := DescribePending(sc, "test", h)
		if err != nil {
			t.Fatal(err)
		}
		if in := m.Inputs[0]; in.SHA256 != "" || in.Path != a || in.Name != "a.geojson" {
			t.Fatalf("%s: the input is not pending: %+v", format, in)
		}
		go func() {
			time.Sleep(20 * time.Millisecond)
			job.in, job.err = HashFile(a)
			close(job.done)
		}()
		var gb bytes.Buffer
		res, err := Write(&gb, Job{Scene: sc, Format: format, Page: page, View: view, Bound: l.Bounds().Pad(0.01), Manifest: m, Hashes: h})
		if err != nil {
			t.Fatal(err)
		}
		if format == FormatPNG && !bytes.Equal(gb.Bytes(), wb.Bytes()) {
			t.Errorf("%s: the export with pending hashes differs", format)
		}
		if !bytes.Contains(res.Manifest, []byte(want.Inputs[0].SHA256)) {
			t.Errorf("%s: the manifest lacks the input's hash:\n%s", format, res.Manifest)
		}
	}
	// a pending input removed before its hash: the export fails
	gone := filepath.Join(dir, "gone.geojson")
	h := NewHasher()
	m := Manifest{App: "campmap", Inputs: []Input{{Name: "gone.geojson", Path: gone}}}
	h.Start(gone)
	if _, err := Write(new(bytes.Buffer), Job{Scene: sc, View: view, Manifest: m, Hashes: h}); err == nil {
		t.Error("an input that cannot be hashed did not fail the export")
	}
}
