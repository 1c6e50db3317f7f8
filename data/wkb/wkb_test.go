package wkb

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/ewkb"
)

// TestDecodeAgainstGoGeom decodes what another encoder (go-geom) writes in
// every dimension layout: Z and M are dropped, the SRID is kept.
func TestDecodeAgainstGoGeom(t *testing.T) {
	tests := []struct {
		name string
		g    geom.T
		want orb.Geometry
	}{
		{"point xy", geom.NewPointFlat(geom.XY, []float64{1, 2}), orb.Point{1, 2}},
		{"point xyz", geom.NewPointFlat(geom.XYZ, []float64{1, 2, 3}), orb.Point{1, 2}},
		{"point xym", geom.NewPointFlat(geom.XYM, []float64{1, 2, 3}), orb.Point{1, 2}},
		{"line xyzm", geom.NewLineStringFlat(geom.XYZM, []float64{1, 2, 3, 4, 5, 6, 7, 8}), orb.LineString{{1, 2}, {5, 6}}},
		{"polygon xyz", geom.NewPolygonFlat(geom.XYZ, []float64{0, 0, 9, 1, 0, 9, 1, 1, 9, 0, 0, 9}, []int{12}),
			orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}},
		{"multipoint xyz", geom.NewMultiPointFlat(geom.XYZ, []float64{1, 2, 3, 4, 5, 6}), orb.MultiPoint{{1, 2}, {4, 5}}},
	}
	for _, tc := range tests {
		for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
			t.Run(tc.name+" "+order.String(), func(t *testing.T) {
				g := tc.g
				if p, ok := g.(*geom.Point); ok {
					g = p.SetSRID(3857)
				}
				b, err := ewkb.Marshal(g, order)
				if err != nil {
					t.Fatal(err)
				}
				got, srid, n, err := Decode(b)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, tc.want) || n != len(b) {
					t.Errorf("got %#v (%d of %d bytes), want %#v", got, n, len(b), tc.want)
				}
				if _, ok := tc.g.(*geom.Point); ok && srid != 3857 {
					t.Errorf("srid %d, want 3857", srid)
				}
			})
		}
	}
}

func TestDecodeEmptyAndBad(t *testing.T) {
	emptyRing, _ := Encode(orb.Polygon{{}, {{0, 0}, {1, 0}, {0, 1}, {0, 0}}}, 0)
	hole, _ := Encode(orb.Polygon{{{0, 0}, {4, 0}, {0, 4}, {0, 0}}, {}}, 0)
	nanPoint, _ := Encode(orb.Point{math.NaN(), math.NaN()}, 0)
	good, _ := Encode(orb.LineString{{0, 0}, {1, 1}}, 0)
	tests := []struct {
		name string
		b    []byte
		want orb.Geometry
		err  error
	}{
		{"empty outer ring", emptyRing, nil, ErrEmpty},
		{"empty hole dropped", hole, orb.Polygon{{{0, 0}, {4, 0}, {0, 4}, {0, 0}}}, nil},
		{"NaN point", nanPoint, nil, ErrEmpty},
		{"nil", nil, nil, ErrBad},
		{"truncated", good[:len(good)-3], nil, ErrBad},
		{"byte order", []byte{7, 1, 0, 0, 0}, nil, ErrBad},
		{"huge count", []byte{1, 2, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f}, nil, ErrBad},
		{"circular string", []byte{1, 8, 0, 0, 0, 0, 0, 0, 0}, nil, ErrUnsupported},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, _, _, err := Decode(tc.b)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("error %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(g, tc.want) {
				t.Fatalf("got %#v %v, want %#v", g, err, tc.want)
			}
		})
	}
}

func TestEncodeRefusesNil(t *testing.T) {
	for _, g := range []orb.Geometry{nil, orb.Collection{orb.Point{1, 2}, nil}} {
		if _, err := Encode(g, 4326); err == nil {
			t.Errorf("Encode(%#v) gave no error", g)
		}
	}
}

// FuzzDecode checks that Decode never panics, never reads past b, and
// that what it decodes encodes and decodes to the same geometry.
func FuzzDecode(f *testing.F) {
	for _, g := range []orb.Geometry{
		orb.Point{1, 2}, orb.LineString{{1, 2}, {3, 4}}, orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}},
		orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}, orb.Collection{orb.Point{1, 2}, orb.MultiPoint{{3, 4}}},
	} {
		b, err := Encode(g, 4326)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		g, _, n, err := Decode(b)
		if err != nil {
			return
		}
		if g == nil || n > len(b) {
			t.Fatalf("decoded %#v from %d of %d bytes", g, n, len(b))
		}
		b2, err := Encode(g, 0)
		if err != nil {
			t.Fatal(err)
		}
		// compared as bytes, which keep NaN coordinates comparable
		g2, _, _, err := Decode(b2)
		if err != nil {
			t.Fatalf("re-encoded %#v does not decode: %v", g, err)
		}
		if b3, err := Encode(g2, 0); err != nil || !bytes.Equal(b2, b3) {
			t.Fatalf("re-encoding changed %#v into %#v (%v)", g, g2, err)
		}
	})
}

func TestEncodeDecodeZM(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name string
		g    orb.Geometry
		z, m []float64
		typ  uint32 // ISO WKB type of the outer geometry
	}{
		{"point Z", orb.Point{1, 2}, []float64{3}, nil, 1001},
		{"point M", orb.Point{1, 2}, nil, []float64{4}, 2001},
		{"point ZM", orb.Point{1, 2}, []float64{3}, []float64{4}, 3001},
		{"line Z with a gap", orb.LineString{{1, 2}, {3, 4}, {5, 6}}, []float64{1, nan, 3}, nil, 1002},
		{"polygon with hole ZM", orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {0, 0}}, {{1, 1}, {2, 1}, {2, 2}, {1, 1}}}, []float64{1, 2, 3, 4, 5, 6, 7, 8}, []float64{8, 7, 6, 5, 4, 3, 2, 1}, 3003},
		{"multipoint Z", orb.MultiPoint{{1, 2}, {3, 4}}, []float64{10, 20}, nil, 1004},
		{"multilinestring M", orb.MultiLineString{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}}, nil, []float64{1, 2, 3, 4}, 2005},
		{"multipolygon Z", orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}, []float64{1, 2, 3, 4}, nil, 1006},
		{"collection Z", orb.Collection{orb.Point{1, 2}, orb.LineString{{3, 4}, {5, 6}}}, []float64{1, 2, 3}, nil, 1007},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := EncodeZM(tc.g, tc.z, tc.m)
			if err != nil {
				t.Fatal(err)
			}
			if typ := binary.LittleEndian.Uint32(b[1:]); typ != tc.typ {
				t.Errorf("WKB type %d, want %d", typ, tc.typ)
			}
			g, z, m, _, n, err := DecodeZM(b)
			if err != nil || n != len(b) {
				t.Fatalf("decode: %v (%d of %d bytes)", err, n, len(b))
			}
			if !reflect.DeepEqual(g, tc.g) || fmt.Sprint(z) != fmt.Sprint(tc.z) || fmt.Sprint(m) != fmt.Sprint(tc.m) {
				t.Errorf("got %v z %v m %v, want %v z %v m %v", g, z, m, tc.g, tc.z, tc.m)
			}
			if g2, _, _, err := Decode(b); err != nil || !reflect.DeepEqual(g2, tc.g) {
				t.Errorf("Decode: %v %v", g2, err)
			}
		})
	}
	if _, err := EncodeZM(orb.LineString{{1, 2}, {3, 4}}, []float64{1}, nil); err == nil {
		t.Error("one height for two positions was written")
	}
	if b, _ := EncodeZM(orb.Point{1, 2}, nil, nil); binary.LittleEndian.Uint32(b[1:]) != 1 {
		t.Error("a 2D point is not written as 2D WKB")
	}
}

// FuzzDecodeZM checks that DecodeZM never panics, keeps one height and
// measure per position, and that what it decodes encodes to bytes that
// decode to the same.
func FuzzDecodeZM(f *testing.F) {
	for _, g := range []orb.Geometry{orb.Point{1, 2}, orb.LineString{{1, 2}, {3, 4}}, orb.Collection{orb.Point{1, 2}, orb.MultiPoint{{3, 4}}}} {
		n := 0
		switch g := g.(type) {
		case orb.Point:
			n = 1
		case orb.LineString:
			n = len(g)
		case orb.Collection:
			n = 2
		}
		z := make([]float64, n)
		b, err := EncodeZM(g, z, z)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		g, z, m, _, n, err := DecodeZM(b)
		if err != nil {
			return
		}
		if g == nil || n > len(b) {
			t.Fatalf("decoded %#v from %d of %d bytes", g, n, len(b))
		}
		b2, err := EncodeZM(g, z, m)
		if err != nil {
			t.Fatalf("re-encoding %#v with %d heights, %d measures: %v", g, len(z), len(m), err)
		}
		g2, z2, m2, _, _, err := DecodeZM(b2)
		if err != nil {
			t.Fatalf("re-encoded %#v does not decode: %v", g, err)
		}
		if b3, err := EncodeZM(g2, z2, m2); err != nil || !bytes.Equal(b2, b3) {
			t.Fatalf("re-encoding changed %#v into %#v (%v)", g, g2, err)
		}
	})
}
