package postgis

import (
	"encoding/binary"
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/paulmach/orb"
	orbewkb "github.com/paulmach/orb/encoding/ewkb"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/ewkb"
)

// allGeometries is one of every geometry type campmap reads, with holes,
// several parts and nesting.
var allGeometries = []struct {
	name string
	g    orb.Geometry
}{
	{"point", orb.Point{1.85, 50.95}},
	{"negative point", orb.Point{-122.4194, -37.7749}},
	{"multipoint", orb.MultiPoint{{1.8, 50.9}, {1.9, 51.0}, {1.95, 50.96}}},
	{"linestring", orb.LineString{{1.8, 50.9}, {1.85, 50.95}, {1.9, 51.0}}},
	{"multilinestring", orb.MultiLineString{{{1.8, 50.9}, {1.9, 51}}, {{2, 51}, {2.1, 51.1}, {2.2, 51.05}}}},
	{"polygon", orb.Polygon{{{1.8, 50.9}, {1.9, 50.9}, {1.9, 51}, {1.8, 51}, {1.8, 50.9}}}},
	{"polygon with hole", orb.Polygon{
		{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}},
		{{2, 2}, {2, 4}, {4, 4}, {4, 2}, {2, 2}},
	}},
	{"multipolygon", orb.MultiPolygon{
		{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}},
		{{{5, 5}, {9, 5}, {9, 9}, {5, 9}, {5, 5}}, {{6, 6}, {6, 7}, {7, 7}, {6, 6}}},
	}},
	{"collection", orb.Collection{
		orb.Point{1, 2},
		orb.LineString{{0, 0}, {1, 1}},
		orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}},
		orb.Collection{orb.MultiPoint{{3, 4}, {5, 6}}},
	}},
}

func TestEWKBRoundTrip(t *testing.T) {
	for _, tc := range allGeometries {
		for _, srid := range []int{4326, 3857, 0} {
			t.Run(tc.name, func(t *testing.T) {
				b, err := EncodeEWKB(tc.g, srid)
				if err != nil {
					t.Fatal(err)
				}
				got, gotSRID, err := DecodeEWKB(b)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, tc.g) {
					t.Errorf("round trip:\n got %#v\nwant %#v", got, tc.g)
				}
				if gotSRID != srid {
					t.Errorf("srid %d, want %d", gotSRID, srid)
				}
			})
		}
	}
}

func TestEWKBBigEndian(t *testing.T) {
	for _, tc := range allGeometries {
		t.Run(tc.name, func(t *testing.T) {
			b, err := orbewkb.Marshal(tc.g, 4326, binary.BigEndian)
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := DecodeEWKB(b)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.g) {
				t.Errorf("got %#v, want %#v", got, tc.g)
			}
		})
	}
}

func TestOrbDropsZM(t *testing.T) {
	tests := []struct {
		name string
		g    geom.T
		want orb.Geometry
	}{
		{"point xyz", geom.NewPointFlat(geom.XYZ, []float64{1, 2, 3}), orb.Point{1, 2}},
		{"point xym", geom.NewPointFlat(geom.XYM, []float64{1, 2, 3}), orb.Point{1, 2}},
		{"point xyzm", geom.NewPointFlat(geom.XYZM, []float64{1, 2, 3, 4}), orb.Point{1, 2}},
		{"line xyz", geom.NewLineStringFlat(geom.XYZ, []float64{1, 2, 3, 4, 5, 6}), orb.LineString{{1, 2}, {4, 5}}},
		{"polygon xyzm", geom.NewPolygonFlat(geom.XYZM, []float64{0, 0, 9, 9, 1, 0, 9, 9, 1, 1, 9, 9, 0, 0, 9, 9}, []int{16}),
			orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}},
		{"multipolygon xyz", geom.NewMultiPolygonFlat(geom.XYZ, []float64{0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 0, 1, 5, 5, 1, 6, 5, 1, 6, 6, 1, 5, 5, 1}, [][]int{{12}, {24}}),
			orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, {{{5, 5}, {6, 5}, {6, 6}, {5, 5}}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := ewkb.Marshal(tc.g, binary.LittleEndian)
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := DecodeEWKB(b)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestDecodeEWKBFailures(t *testing.T) {
	emptyPoint, _ := ewkb.Marshal(geom.NewPointEmpty(geom.XY), binary.LittleEndian)
	emptyColl, _ := ewkb.Marshal(geom.NewGeometryCollection(), binary.LittleEndian)
	emptyLine, _ := ewkb.Marshal(geom.NewLineString(geom.XY), binary.LittleEndian)
	infPoint, _ := ewkb.Marshal(geom.NewPointFlat(geom.XY, []float64{math.Inf(1), 0}), binary.LittleEndian)
	nanLine, _ := ewkb.Marshal(geom.NewLineStringFlat(geom.XY, []float64{0, 0, math.NaN(), 1}), binary.LittleEndian)
	good, _ := EncodeEWKB(orb.LineString{{0, 0}, {1, 1}}, 4326)
	tests := []struct {
		name  string
		b     []byte
		empty bool
	}{
		{"nil", nil, false},
		{"garbage", []byte("not a geometry"), false},
		{"truncated", good[:len(good)-3], false},
		{"unknown type", []byte{1, 99, 0, 0, 0}, false},
		{"point empty", emptyPoint, true},
		{"empty collection", emptyColl, true},
		{"empty line", emptyLine, true},
		{"infinite coordinate", infPoint, false},
		{"NaN in a line", nanLine, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, _, err := DecodeEWKB(tc.b)
			if err == nil {
				t.Fatalf("no error, got %#v", g)
			}
			if errors.Is(err, ErrEmpty) != tc.empty {
				t.Errorf("errors.Is(err, ErrEmpty) = %v, want %v (%v)", !tc.empty, tc.empty, err)
			}
		})
	}
}

func TestEmptyMembersLeftOut(t *testing.T) {
	c := geom.NewGeometryCollection()
	if err := c.Push(geom.NewPointEmpty(geom.XY), geom.NewPointFlat(geom.XY, []float64{1, 2}), geom.NewLineString(geom.XY)); err != nil {
		t.Fatal(err)
	}
	b, err := ewkb.Marshal(c, binary.LittleEndian)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := DecodeEWKB(b)
	if err != nil {
		t.Fatal(err)
	}
	if want := (orb.Collection{orb.Point{1, 2}}); !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, want %#v", got, want)
	}
}

func TestEncodeRefusesNil(t *testing.T) {
	if _, err := EncodeEWKB(nil, 4326); err == nil {
		t.Error("EncodeEWKB(nil) gave no error")
	}
	if _, err := EncodeEWKB(orb.Collection{nil}, 4326); err == nil {
		t.Error("EncodeEWKB(collection with nil) gave no error")
	}
}

func FuzzDecodeEWKB(f *testing.F) {
	for _, tc := range allGeometries {
		b, err := EncodeEWKB(tc.g, 4326)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		g, _, err := DecodeEWKB(b)
		if err != nil {
			return
		}
		if g == nil || !finite(g) {
			t.Fatalf("decoded %#v without error", g)
		}
		// what decodes encodes and decodes to the same geometry
		b2, err := EncodeEWKB(g, 4326)
		if err != nil {
			t.Fatal(err)
		}
		g2, _, err := DecodeEWKB(b2)
		if err != nil || !reflect.DeepEqual(g, g2) {
			t.Fatalf("re-encoding changed %#v into %#v (%v)", g, g2, err)
		}
	})
}
