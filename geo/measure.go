package geo

import (
	"math"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

// WGS 84 ellipsoid.
const (
	wgs84A = 6378137.0
	wgs84F = 1 / 298.257223563
	wgs84B = wgs84A * (1 - wgs84F)
)

// Distance returns the geodesic distance in metres between two
// longitude/latitude points on the WGS 84 ellipsoid (Vincenty's inverse
// formula, accurate to well under a millimetre). For nearly antipodal points,
// where the iteration does not converge, it falls back to the great-circle
// distance.
func Distance(a, b orb.Point) float64 {
	if a == b {
		return 0
	}
	L := (b[0] - a[0]) * math.Pi / 180
	U1 := math.Atan((1 - wgs84F) * math.Tan(a[1]*math.Pi/180))
	U2 := math.Atan((1 - wgs84F) * math.Tan(b[1]*math.Pi/180))
	sinU1, cosU1 := math.Sincos(U1)
	sinU2, cosU2 := math.Sincos(U2)
	lambda := L
	for iter := 0; iter < 200; iter++ {
		sinL, cosL := math.Sincos(lambda)
		sinSigma := math.Sqrt((cosU2*sinL)*(cosU2*sinL) + (cosU1*sinU2-sinU1*cosU2*cosL)*(cosU1*sinU2-sinU1*cosU2*cosL))
		if sinSigma == 0 {
			return 0
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
			return wgs84B * A * (sigma - ds)
		}
	}
	return orbgeo.DistanceHaversine(a, b)
}

// Length returns the geodesic length in metres of a line of
// longitude/latitude points.
func Length(ls orb.LineString) float64 {
	d := 0.0
	for i := 1; i < len(ls); i++ {
		d += Distance(ls[i-1], ls[i])
	}
	return d
}

// GroundScale returns the ground metres covered by one pixel at latitude lat
// for viewport v, measured geodesically along the parallel (what a scale bar
// drawn at that latitude must show).
func GroundScale(v Viewport, lat float64) float64 {
	t := v.Transform()
	// Take a 100 px horizontal segment through the centre, moved to lat.
	_, y := t.Project(orb.Point{v.Center[0], lat})
	a := t.Unproject(float64(v.W)/2-50, y)
	b := t.Unproject(float64(v.W)/2+50, y)
	a[1], b[1] = lat, lat
	return Distance(a, b) / 100
}

// NiceLength returns the largest "round" length (1, 2 or 5 times a power of
// ten) not above maxMeters, used for scale bars.
func NiceLength(maxMeters float64) float64 {
	if maxMeters <= 0 || math.IsNaN(maxMeters) || math.IsInf(maxMeters, 0) {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(maxMeters)))
	for _, m := range []float64{5, 2, 1} {
		if m*p <= maxMeters {
			return m * p
		}
	}
	return p
}
