package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// vincenty is Vincenty's inverse formula on WGS 84 (what Distance used
// before Inverse), kept as an independent check: ok is false where its
// iteration does not converge (nearly antipodal points).
func vincenty(a, b orb.Point) (d float64, ok bool) {
	const wgs84B = wgs84A * (1 - wgs84F)
	if a == b {
		return 0, true
	}
	// Reduce the longitudes first (exactly): in radians, 1e8 degrees
	// would lose millimetres.
	L := (math.Remainder(b[0], 360) - math.Remainder(a[0], 360)) * math.Pi / 180
	U1 := math.Atan((1 - wgs84F) * math.Tan(a[1]*math.Pi/180))
	U2 := math.Atan((1 - wgs84F) * math.Tan(b[1]*math.Pi/180))
	sinU1, cosU1 := math.Sincos(U1)
	sinU2, cosU2 := math.Sincos(U2)
	lambda := L
	for iter := 0; iter < 200; iter++ {
		sinL, cosL := math.Sincos(lambda)
		sinSigma := math.Sqrt((cosU2*sinL)*(cosU2*sinL) + (cosU1*sinU2-sinU1*cosU2*cosL)*(cosU1*sinU2-sinU1*cosU2*cosL))
		if sinSigma == 0 {
			return 0, true
		}
		cosSigma := sinU1*sinU2 + cosU1*cosU2*cosL
		sigma := math.Atan2(sinSigma, cosSigma)
		sinAlpha := cosU1 * cosU2 * sinL / sinSigma
		cos2Alpha := 1 - sinAlpha*sinAlpha
		cos2SigmaM := 0.0
		if cos2Alpha != 0 {
			cos2SigmaM = cosSigma - 2*sinU1*sinU2/cos2Alpha
		}
		C := wgs84F / 16 * cos2Alpha * (4 + wgs84F*(4-3*cos2Alpha))
		prev := lambda
		lambda = L + (1-C)*wgs84F*sinAlpha*(sigma+C*sinSigma*(cos2SigmaM+C*cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)))
		if math.Abs(lambda-prev) < 1e-12 {
			u2 := cos2Alpha * (wgs84A*wgs84A - wgs84B*wgs84B) / (wgs84B * wgs84B)
			A := 1 + u2/16384*(4096+u2*(-768+u2*(320-175*u2)))
			B := u2 / 1024 * (256 + u2*(-128+u2*(74-47*u2)))
			ds := B * sinSigma * (cos2SigmaM + B/4*(cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)-B/6*cos2SigmaM*(-3+4*sinSigma*sinSigma)*(-3+4*cos2SigmaM*cos2SigmaM)))
			return wgs84B * A * (sigma - ds), true
		}
	}
	return math.NaN(), false
}

// maxGeodesic is the longest shortest path on WGS 84: half a meridian.
const maxGeodesic = 20003931.4586255

// checkInverse holds the properties FuzzInverse checks for one pair.
func checkInverse(t *testing.T, a, b orb.Point) {
	t.Helper()
	valid := func(p orb.Point) bool {
		return !math.IsNaN(p[0]) && !math.IsInf(p[0], 0) && !(math.Abs(p[1]) > 90) && !math.IsNaN(p[1])
	}
	g := Inverse(a, b)
	if !valid(a) || !valid(b) {
		if !math.IsNaN(g.Distance) {
			t.Fatalf("Inverse(%v, %v) = %v m for an invalid point, want NaN", a, b, g.Distance)
		}
		return
	}
	if math.IsNaN(g.Distance) || g.Distance < 0 || g.Distance > maxGeodesic+1e-6 {
		t.Fatalf("Inverse(%v, %v) = %v m, want in [0, %v]", a, b, g.Distance, maxGeodesic)
	}
	for _, az := range []float64{g.Azimuth1, g.Azimuth2} {
		if !(math.Abs(az) <= 180) {
			t.Fatalf("Inverse(%v, %v) azimuths %v°, %v°, want in [-180, 180]", a, b, g.Azimuth1, g.Azimuth2)
		}
	}
	if r := Inverse(b, a); math.Abs(r.Distance-g.Distance) > 1e-9 {
		t.Fatalf("d(a,b) = %.12f m but d(b,a) = %.12f m for %v, %v", g.Distance, r.Distance, a, b)
	}
	// Vincenty is accurate to about 0.1 mm where it converges, except close
	// to antipodal points, where it converges slowly onto a worse value.
	if v, ok := vincenty(a, b); ok && g.Arc < 179 && math.Abs(v-g.Distance) > 1e-3 {
		t.Fatalf("Inverse(%v, %v) = %.6f m, Vincenty %.6f m", a, b, g.Distance, v)
	}
}

func FuzzInverse(f *testing.F) {
	f.Add(1.8587, 50.9513, 1.3167, 51.1167)
	f.Add(0.0, 0.0, 179.5, 0.5)
	f.Add(0.0, 0.0, 180.0, 0.0)
	f.Add(0.0, 90.0, 123.0, -90.0)
	f.Add(-122.47018, 37.757540000000006, -122.470177, 37.75754)
	f.Add(0.0, 48.522876735459, 179.599720456223079643, -48.52287673545898293)
	f.Add(1e-300, -1e-300, 5e-324, 89.99999999999)
	f.Fuzz(func(t *testing.T, lon1, lat1, lon2, lat2 float64) {
		checkInverse(t, orb.Point{lon1, lat1}, orb.Point{lon2, lat2})
	})
}

// TestInverseAgainstVincenty runs the fuzz properties on the golden table's
// points and on a grid, so that "go test" checks them without -fuzz.
func TestInverseAgainstVincenty(t *testing.T) {
	inv, _ := readGolden(t)
	for _, g := range inv {
		checkInverse(t, g.a, g.b)
	}
	for lat1 := -90.0; lat1 <= 90; lat1 += 15 {
		for lat2 := -90.0; lat2 <= 90; lat2 += 7.5 {
			for lon := -180.0; lon <= 180; lon += 22.5 {
				checkInverse(t, orb.Point{0, lat1}, orb.Point{lon, lat2})
			}
		}
	}
}

// TestInverseFewUlpsApart checks points a few ulps apart, and their
// antipodes, where rounding can break the ordering the solution relies on
// (GeodSolve92 gave NaN with math.Hypot): no NaN, no negative distance.
func TestInverseFewUlpsApart(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 50000; i++ {
		a := orb.Point{r.Float64()*360 - 180, math.Asin(2*r.Float64()-1) * 180 / math.Pi}
		b := a
		for range 1 + r.IntN(8) {
			switch r.IntN(4) {
			case 0:
				b[1] = math.Nextafter(b[1], 90)
			case 1:
				b[1] = math.Nextafter(b[1], -90)
			case 2:
				b[0] = math.Nextafter(b[0], 1000)
			default:
				b[0], b[1] = math.Nextafter(b[0], -1000), math.Nextafter(b[1], 90)
			}
		}
		if r.IntN(3) == 0 {
			b = orb.Point{b[0] + 180, -b[1]}
		}
		g := Inverse(a, b)
		if math.IsNaN(g.Distance) || g.Distance < 0 || math.IsNaN(g.Azimuth1) || math.IsNaN(g.Azimuth2) {
			t.Fatalf("Inverse(%v, %v) = %+v", a, b, g)
		}
	}
}
