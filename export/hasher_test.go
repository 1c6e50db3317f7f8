package export

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/style"
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
