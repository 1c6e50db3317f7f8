package edit

import (
	"fmt"
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
)

// pointsLayer is a layer of n dated points with three properties each.
func pointsLayer(b testing.TB, n int) *data.Layer {
	bl := data.NewBuilder("points", n)
	for i := 0; i < n; i++ {
		f := NewFeature(orb.Point{float64(i%1000) / 100, float64(i/1000) / 100},
			data.Property{Key: "name", Value: data.Text(fmt.Sprintf("p%d", i))},
			data.Property{Key: "category", Value: data.Text([]string{"a", "b", "c"}[i%3])},
			data.Property{Key: "people", Value: data.Number(float64(i % 40))})
		if err := bl.Add(f); err != nil {
			b.Fatal(err)
		}
	}
	return bl.Build()
}

// BenchmarkApply is one edit (a point moved) of layers of 1,000 and
// 100,000 features: the new layer is built whole.
func BenchmarkApply(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		l := pointsLayer(b, n)
		f := Feature(l, n/2)
		f.Geometry = orb.Point{5, 5}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, _, err := Apply(l, Op{Kind: Replace, At: n / 2, F: f}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSnap is a snap search over 100,000 points, most outside reach.
func BenchmarkSnap(b *testing.B) {
	l := pointsLayer(b, 100000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		SnapTo(flat{}, 500, -50, 10, []*data.Layer{l}, nil)
	}
}
