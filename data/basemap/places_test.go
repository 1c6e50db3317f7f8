package basemap

import (
	"bytes"
	"testing"

	"github.com/paulmach/orb"
)

func TestDefaultPlaces(t *testing.T) {
	bm, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(bm.Places) < 7000 {
		t.Fatalf("%d places", len(bm.Places))
	}
	byName := map[string]Place{}
	channel := orb.Bound{Min: orb.Point{0, 50}, Max: orb.Point{3.5, 51.6}}
	for i, p := range bm.Places {
		if i > 0 && p.MinZoom < bm.Places[i-1].MinZoom {
			t.Fatalf("places out of order at %d: %+v after %+v", i, p, bm.Places[i-1])
		}
		if channel.Contains(p.At) || p.Name == "London" && p.Pop > 1e6 {
			byName[p.Name] = p
		}
	}
	// The towns around Calais, each with the zoom it is named from at most.
	for name, z := range map[string]float64{"London": 2, "Lille": 6, "Dover": 6.1, "Calais": 6.7, "Dunkerque": 6.7, "Boulogne-sur-Mer": 6.7, "Brugge": 7} {
		p, ok := byName[name]
		if !ok {
			t.Errorf("no %s", name)
			continue
		}
		if p.MinZoom > z {
			t.Errorf("%s named from zoom %v, want %v or less", name, p.MinZoom, z)
		}
	}
	if c := byName["Calais"]; geoDist(c.At, orb.Point{1.85, 50.95}) > 0.05 {
		t.Errorf("Calais at %v", c.At)
	}
}

func geoDist(a, b orb.Point) float64 { return max(abs(a[0]-b[0]), abs(a[1]-b[1])) }

func abs(v float64) float64 { return max(v, -v) }

func TestPlacesRoundTrip(t *testing.T) {
	in := []Place{
		{Name: "Calais", At: orb.Point{1.833314, 50.950416}, MinZoom: 6.7, Rank: 7, Pop: 92201},
		{Name: "Dunkerque", At: orb.Point{2.171, 51.022}, MinZoom: 6.7, Rank: 7},
		{Name: "Ürümqi", At: orb.Point{87.575, 43.805}, MinZoom: 3, Rank: 1, Pop: 2151000},
		{Name: "", At: orb.Point{-179.999999, -89.5}},
	}
	var buf bytes.Buffer
	if err := EncodePlaces(&buf, in); err != nil {
		t.Fatal(err)
	}
	out, err := DecodePlaces(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(in) {
		t.Fatalf("%d places back, want %d", len(out), len(in))
	}
	for i := range in {
		w := in[i]
		g := out[i]
		if g.Name != w.Name || g.At != w.At || g.MinZoom != w.MinZoom || g.Rank != w.Rank || g.Pop != w.Pop || g.AtMerc == (orb.Point{}) && w.At != (orb.Point{}) {
			t.Errorf("place %d: %+v, want %+v", i, g, w)
		}
	}
	t.Run("errors", func(t *testing.T) {
		for name, ps := range map[string][]Place{
			"bad UTF-8":    {{Name: "\xff"}},
			"out of range": {{Name: "x", At: orb.Point{200, 0}}},
			"negative pop": {{Name: "x", Pop: -1}},
		} {
			if err := EncodePlaces(&bytes.Buffer{}, ps); err == nil {
				t.Errorf("%s: encoded", name)
			}
		}
		for _, b := range [][]byte{nil, []byte("not gzip"), buf.Bytes()[:buf.Len()/2]} {
			if _, err := DecodePlaces(bytes.NewReader(b)); err == nil {
				t.Errorf("DecodePlaces(%d bytes) succeeded", len(b))
			}
		}
	})
}

func FuzzDecodePlaces(f *testing.F) {
	var buf bytes.Buffer
	if err := EncodePlaces(&buf, []Place{{Name: "Calais", At: orb.Point{1.83, 50.95}, MinZoom: 6.7, Rank: 7, Pop: 92201}}); err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("CMPL\x01\x00"))
	f.Add([]byte("CMPL\x01\x01\x01a\x02\x02\x43\x07\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ps, err := decodePlacesRaw(b)
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := EncodePlaces(&out, ps); err != nil {
			t.Fatalf("decoded places do not encode: %v", err)
		}
	})
}
