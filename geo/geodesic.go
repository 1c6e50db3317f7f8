package geo

// This file ports the inverse geodesic problem of GeographicLib's Geodesic
// class (C. F. F. Karney, "Algorithms for geodesics", J. Geodesy 87, 43-55,
// 2013, https://doi.org/10.1007/s00190-012-0578-z, with the addenda at
// https://geographiclib.sourceforge.io/geod-addenda.html), with the series to
// order 6. GeographicLib is Copyright (c) Charles Karney and licensed under
// the MIT/X11 licence. The structure and the names follow GeographicLib, so
// that the two can be read side by side.

import (
	"math"

	"github.com/paulmach/orb"
)

// Geodesic is the shortest path on the WGS 84 ellipsoid between two points,
// as Inverse returns it.
type Geodesic struct {
	// Distance is the length of the path in metres.
	Distance float64
	// Azimuth1 is the bearing at the first point, in degrees clockwise
	// from north in [-180, 180].
	Azimuth1 float64
	// Azimuth2 is the bearing at the second point, in degrees clockwise
	// from north in [-180, 180]: the direction of travel on arrival, not
	// the bearing back.
	Azimuth2 float64
	// Arc is the spherical arc length on the auxiliary sphere, in degrees.
	Arc float64
}

// Inverse solves the inverse geodesic problem on the WGS 84 ellipsoid
// between two longitude/latitude points (in degrees): the shortest path's
// length and its azimuths at both ends. It is accurate to about 15 nm
// everywhere, including nearly antipodal points, and agrees with
// GeographicLib's Geodesic.Inverse. Latitudes outside [-90, 90] give NaN.
// Coincident points give a zero distance and azimuths along the meridian.
// Inverse is safe for concurrent use.
func Inverse(a, b orb.Point) Geodesic {
	r := wgs84.genInverse(a[1], a[0], b[1], b[0], false)
	return Geodesic{
		Distance: r.s12,
		Azimuth1: atan2d(r.salp1, r.calp1),
		Azimuth2: atan2d(r.salp2, r.calp2),
		Arc:      r.a12,
	}
}

// The order of the series expansions and the sizes of the coefficient
// arrays derived from it.
const (
	nA1  = 6
	nC1  = 6
	nA2  = 6
	nC2  = 6
	nA3  = 6
	nA3x = nA3
	nC3  = 6
	nC3x = (nC3 * (nC3 - 1)) / 2
	nC4  = 6
	nC4x = (nC4 * (nC4 + 1)) / 2
)

// Iteration limits and tolerances of the Newton solution.
const (
	maxit1 = 20
	maxit2 = maxit1 + 53 + 10 // 53 is the float64 mantissa's digits
	tol0   = 0x1p-52          // machine epsilon
	tol1   = 200 * tol0
)

var (
	tiny    = math.Sqrt(0x1p-1022) // square root of the smallest normal float64
	tol2    = math.Sqrt(tol0)
	tolb    = tol0 * tol2
	xthresh = 1000 * tol2
)

// wgs84 holds the WGS 84 ellipsoid's constants and series coefficients.
var wgs84 = newEllipsoid(wgs84A, wgs84F)

// ellipsoid is an ellipsoid of revolution with the coefficients that the
// geodesic series need, computed once. It is read-only after newEllipsoid.
type ellipsoid struct {
	a, f, f1, e2, ep2, n, b float64
	c2                      float64 // authalic radius squared
	etol2                   float64 // sig12 threshold for "really short" lines
	a3x                     [nA3x]float64
	c3x                     [nC3x]float64
	c4x                     [nC4x]float64
}

func newEllipsoid(a, f float64) *ellipsoid {
	e := &ellipsoid{a: a, f: f, f1: 1 - f}
	e.e2 = f * (2 - f)
	e.ep2 = e.e2 / sq(e.f1)
	e.n = f / (2 - f)
	e.b = a * e.f1
	switch {
	case e.e2 == 0:
		e.c2 = (sq(a) + sq(e.b)) / 2
	case e.e2 > 0:
		e.c2 = (sq(a) + sq(e.b)*math.Atanh(math.Sqrt(e.e2))/math.Sqrt(e.e2)) / 2
	default:
		e.c2 = (sq(a) + sq(e.b)*math.Atan(math.Sqrt(-e.e2))/math.Sqrt(-e.e2)) / 2
	}
	e.etol2 = 0.1 * tol2 / math.Sqrt(math.Max(0.001, math.Abs(f))*math.Min(1.0, 1-f/2)/2)
	e.a3coeff()
	e.c3coeff()
	e.c4coeff()
	return e
}

// inverseResult is what genInverse computes: the arc length (degrees), the
// distance (metres), the sines and cosines of the azimuths and the area
// between the geodesic and the equator (m²), when asked for.
type inverseResult struct {
	a12, s12     float64
	salp1, calp1 float64
	salp2, calp2 float64
	s12area      float64
}

// sq returns x².
func sq(x float64) float64 { return x * x }

// norm scales (x, y) to unit length.
func norm(x, y float64) (float64, float64) {
	r := hypot(x, y)
	return x / r, y / r
}

// hypot returns sqrt(x² + y²) within about half an ulp, as the C library's
// hypot that GeographicLib relies on (math.Hypot can be 1 to 2 ulp off,
// enough to break the ordering |bet1| >= |bet2| that the solution depends
// on for points a few ulp apart). The squares and their sum are kept
// exactly with FMA, and one Newton step corrects the square root.
func hypot(x, y float64) float64 {
	x, y = math.Abs(x), math.Abs(y)
	if m := max(x, y); m > 0x1p500 || m < 0x1p-450 || math.IsInf(m, 0) || math.IsNaN(m) {
		return math.Hypot(x, y) // far from 1, where the squares overflow or lose bits
	}
	xx, yy := x*x, y*y
	s, es := sumErr(xx, yy)
	lo := es + math.FMA(x, x, -xx) + math.FMA(y, y, -yy) // s + lo = x² + y²
	h := math.Sqrt(s)
	return h + (math.FMA(-h, h, s)+lo)/(2*h)
}

// sumErr is the error-free transformation of a sum: u + v = s + t exactly,
// with s the rounded sum.
func sumErr(u, v float64) (s, t float64) {
	s = u + v
	up := s - v
	vpp := s - up
	up -= u
	vpp -= v
	if s == 0 {
		return s, s
	}
	return s, 0 - (up + vpp)
}

// polyval evaluates the polynomial p[0]*x^n + ... + p[n] by Horner's method
// (p[0] alone for n = 0, zero for n < 0).
func polyval(n int, p []float64, x float64) float64 {
	if n < 0 {
		return 0
	}
	y := p[0]
	for i := 1; i <= n; i++ {
		y = y*x + p[i]
	}
	return y
}

// angRound rounds an angle so that tiny values underflow to zero: the
// smallest gap left is 1/2^57 degree, 0.7 pm on the earth.
func angRound(x float64) float64 {
	const z = 1.0 / 16
	y := math.Abs(x)
	if y < z {
		y = z - (z - y)
	}
	return math.Copysign(y, x)
}

// angNormalize reduces an angle in degrees to [-180, 180].
func angNormalize(x float64) float64 {
	y := math.Remainder(x, 360)
	if math.Abs(y) == 180 {
		return math.Copysign(180, x)
	}
	return y
}

// latFix replaces latitudes outside [-90, 90] by NaN.
func latFix(x float64) float64 {
	if math.Abs(x) > 90 {
		return math.NaN()
	}
	return x
}

// angDiff returns y - x reduced to [-180, 180] accurately, as d + t with t
// the rounding error.
func angDiff(x, y float64) (d, t float64) {
	d, t = sumErr(math.Remainder(-x, 360), math.Remainder(y, 360))
	d, t = sumErr(math.Remainder(d, 360), t)
	if d == 0 || math.Abs(d) == 180 {
		if t == 0 {
			d = math.Copysign(d, y-x)
		} else {
			d = math.Copysign(d, -t)
		}
	}
	return d, t
}

// quadrant turns the sine and cosine of r into those of r + q·90°.
func quadrant(q int, s, c float64) (float64, float64) {
	switch q & 3 {
	case 1:
		s, c = c, -s
	case 2:
		s, c = -s, -c
	case 3:
		s, c = -c, s
	}
	return s, c
}

// sincosd returns the sine and cosine of x in degrees, exact at multiples
// of 90°.
func sincosd(x float64) (s, c float64) {
	r := math.Mod(x, 360)
	q := 0
	if !math.IsNaN(r) {
		q = int(math.RoundToEven(r / 90))
	}
	r -= 90 * float64(q)
	s, c = math.Sincos(r * (math.Pi / 180))
	s, c = quadrant(q, s, c)
	c += 0
	if s == 0 {
		s = math.Copysign(s, x)
	}
	return s, c
}

// sincosde returns the sine and cosine of x + t in degrees, for x in
// [-180, 180] and t a small correction.
func sincosde(x, t float64) (s, c float64) {
	q := 0
	if !math.IsNaN(x) && !math.IsInf(x, 0) {
		q = int(math.RoundToEven(x / 90))
	}
	r := x - 90*float64(q)
	s, c = math.Sincos(angRound(r+t) * (math.Pi / 180))
	s, c = quadrant(q, s, c)
	c += 0
	if s == 0 {
		s = math.Copysign(s, x)
	}
	return s, c
}

// atan2d returns atan2(y, x) in degrees, in [-180, 180], exact at the axes.
func atan2d(y, x float64) float64 {
	q := 0
	if math.Abs(y) > math.Abs(x) {
		q = 2
		x, y = y, x
	}
	if x < 0 {
		q++
		x = -x
	}
	ang := math.Atan2(y, x) * (180 / math.Pi)
	switch q {
	case 1:
		ang = math.Copysign(180, y) - ang
	case 2:
		ang = 90 - ang
	case 3:
		ang = -90 + ang
	}
	return ang
}

// sinCosSeries evaluates, by Clenshaw summation, sum(c[i]·sin(2i·x), i = 1..n)
// when sinp (c[0] unused, n = len(c)-1), or sum(c[i]·cos((2i+1)·x), i = 0..n-1)
// (n = len(c)), from the sine and cosine of x.
func sinCosSeries(sinp bool, sinx, cosx float64, c []float64) float64 {
	k := len(c)
	n := k
	if sinp {
		n--
	}
	ar := 2 * (cosx - sinx) * (cosx + sinx) // 2 cos(2x)
	var y0, y1 float64
	if n&1 != 0 {
		k--
		y0 = c[k]
	}
	for n /= 2; n > 0; n-- {
		k--
		y1 = ar*y0 - y1 + c[k]
		k--
		y0 = ar*y1 - y0 + c[k]
	}
	if sinp {
		return 2 * sinx * cosx * y0 // sin(2x)·y0
	}
	return cosx * (y0 - y1) // cos(x)·(y0 - y1)
}

// astroid solves k⁴ + 2k³ - (x² + y² - 1)k² - 2y²k - y² = 0 for its positive
// root k.
func astroid(x, y float64) float64 {
	p := sq(x)
	q := sq(y)
	r := (p + q - 1) / 6
	if q == 0 && r <= 0 {
		// y = 0 with |x| <= 1: for y small the root is |y|/sqrt(1-x²).
		return 0
	}
	// Avoid a division by zero when r = 0 by multiplying the equations for
	// s and t by r³ and r.
	S := p * q / 4 // r³·s
	r2 := sq(r)
	r3 := r * r2
	// The discriminant of the quadratic equation for T3, zero on the
	// evolute curve p^(1/3) + q^(1/3) = 1.
	disc := S * (S + 2*r3)
	u := r
	if disc >= 0 {
		T3 := S + r3
		// The sign of the square root that maximises |T3| loses least.
		if T3 < 0 {
			T3 -= math.Sqrt(disc)
		} else {
			T3 += math.Sqrt(disc)
		}
		T := math.Cbrt(T3) // r·t
		if T != 0 {
			u += T + r2/T
		}
	} else {
		// T is complex, but u is real.
		ang := math.Atan2(math.Sqrt(-disc), -(S + r3))
		// Of the three cube roots, the one that avoids cancellation
		// (disc < 0 implies r < 0).
		u += 2 * r * math.Cos(ang/3)
	}
	v := math.Sqrt(sq(u) + q) // positive
	var uv float64            // u + v, positive
	if u < 0 {
		uv = q / (v - u)
	} else {
		uv = u + v
	}
	w := (uv - q) / (2 * v)
	return uv / (math.Sqrt(uv+sq(w)) + w)
}

// Coefficients of the series, as GeographicLib lists them: for each term
// the numerator polynomial's coefficients followed by the denominator.
var (
	coeffA1 = [...]float64{1, 4, 64, 0, 256}
	coeffC1 = [...]float64{
		-1, 6, -16, 32,
		-9, 64, -128, 2048,
		9, -16, 768,
		3, -5, 512,
		-7, 1280,
		-7, 2048,
	}
	coeffA2 = [...]float64{-11, -28, -192, 0, 256}
	coeffC2 = [...]float64{
		1, 2, 16, 32,
		35, 64, 384, 2048,
		15, 80, 768,
		7, 35, 512,
		63, 1280,
		77, 2048,
	}
	coeffA3 = [...]float64{
		-3, 128,
		-2, -3, 64,
		-1, -3, -1, 16,
		3, -1, -2, 8,
		1, -1, 2,
		1, 1,
	}
	coeffC3 = [...]float64{
		3, 128,
		2, 5, 128,
		-1, 3, 3, 64,
		-1, 0, 1, 8,
		-1, 1, 4,
		5, 256,
		1, 3, 128,
		-3, -2, 3, 64,
		1, -3, 2, 32,
		7, 512,
		-10, 9, 384,
		5, -9, 5, 192,
		7, 512,
		-14, 7, 512,
		21, 2560,
	}
	coeffC4 = [...]float64{
		97, 15015,
		1088, 156, 45045,
		-224, -4784, 1573, 45045,
		-10656, 14144, -4576, -858, 45045,
		64, 624, -4576, 6864, -3003, 15015,
		100, 208, 572, 3432, -12012, 30030, 45045,
		1, 9009,
		-2944, 468, 135135,
		5792, 1040, -1287, 135135,
		5952, -11648, 9152, -2574, 135135,
		-64, -624, 4576, -6864, 3003, 135135,
		8, 10725,
		1856, -936, 225225,
		-8448, 4992, -1144, 225225,
		-1440, 4160, -4576, 1716, 225225,
		-136, 63063,
		1024, -208, 105105,
		3584, -3328, 1144, 315315,
		-128, 135135,
		-2560, 832, 405405,
		128, 99099,
	}
)

// nextTerm evaluates the term of a coefficient table that starts at *o:
// a polynomial of order m in x divided by the denominator that follows it,
// and moves *o to the next term.
func nextTerm(coeff []float64, o *int, m int, x float64) float64 {
	v := polyval(m, coeff[*o:], x) / coeff[*o+m+1]
	*o += m + 2
	return v
}

// a1m1f returns A1 - 1.
func a1m1f(eps float64) float64 {
	o := 0
	t := nextTerm(coeffA1[:], &o, nA1/2, sq(eps))
	return (t + eps) / (1 - eps)
}

// a2m1f returns A2 - 1.
func a2m1f(eps float64) float64 {
	o := 0
	t := nextTerm(coeffA2[:], &o, nA2/2, sq(eps))
	return (t - eps) / (1 + eps)
}

// c1f sets c[1..nC1] to the coefficients C1.
func c1f(eps float64, c *[nC1 + 1]float64) { oddSeries(eps, coeffC1[:], c[:]) }

// c2f sets c[1..nC2] to the coefficients C2.
func c2f(eps float64, c *[nC2 + 1]float64) { oddSeries(eps, coeffC2[:], c[:]) }

// oddSeries sets c[l], l = 1..len(c)-1, to eps^l times a polynomial in eps²
// of order (n-l)/2, the form of the C1 and C2 coefficients.
func oddSeries(eps float64, coeff, c []float64) {
	n := len(c) - 1
	eps2 := sq(eps)
	d := eps
	o := 0
	for l := 1; l <= n; l++ {
		c[l] = d * nextTerm(coeff, &o, (n-l)/2, eps2)
		d *= eps
	}
}

func (e *ellipsoid) a3coeff() {
	o := 0
	for j := nA3 - 1; j >= 0; j-- { // coefficient of eps^j
		e.a3x[nA3-1-j] = nextTerm(coeffA3[:], &o, min(nA3-j-1, j), e.n) // a polynomial in n
	}
}

func (e *ellipsoid) c3coeff() {
	o, k := 0, 0
	for l := 1; l < nC3; l++ {
		for j := nC3 - 1; j >= l; j-- {
			e.c3x[k] = nextTerm(coeffC3[:], &o, min(nC3-j-1, j), e.n)
			k++
		}
	}
}

func (e *ellipsoid) c4coeff() {
	o, k := 0, 0
	for l := 0; l < nC4; l++ {
		for j := nC4 - 1; j >= l; j-- {
			e.c4x[k] = nextTerm(coeffC4[:], &o, nC4-j-1, e.n)
			k++
		}
	}
}

// a3f returns A3.
func (e *ellipsoid) a3f(eps float64) float64 {
	return polyval(nA3-1, e.a3x[:], eps)
}

// c3f sets c[1..nC3-1] to the coefficients C3.
func (e *ellipsoid) c3f(eps float64, c *[nC3]float64) {
	mult := 1.0
	o := 0
	for l := 1; l < nC3; l++ {
		m := nC3 - l - 1 // order of the polynomial in eps
		mult *= eps
		c[l] = mult * polyval(m, e.c3x[o:], eps)
		o += m + 1
	}
}

// c4f sets c[0..nC4-1] to the coefficients C4.
func (e *ellipsoid) c4f(eps float64, c *[nC4]float64) {
	mult := 1.0
	o := 0
	for l := 0; l < nC4; l++ {
		m := nC4 - l - 1
		c[l] = mult * polyval(m, e.c4x[o:], eps)
		o += m + 1
		mult *= eps
	}
}

// lengths returns s12b, the distance divided by b, when distance is set,
// and m12b, the reduced length divided by b, with m0, the coefficient of
// its secular term, when reduced is set. c1a and c2a are scratch space.
func (e *ellipsoid) lengths(eps, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2 float64,
	distance, reduced bool, c1a *[nC1 + 1]float64, c2a *[nC2 + 1]float64) (s12b, m12b, m0 float64) {
	s12b, m12b, m0 = math.NaN(), math.NaN(), math.NaN()
	var A1, A2, m0x, J12 float64
	if distance || reduced {
		A1 = a1m1f(eps)
		c1f(eps, c1a)
		if reduced {
			A2 = a2m1f(eps)
			c2f(eps, c2a)
			m0x = A1 - A2
			A2 = 1 + A2
		}
		A1 = 1 + A1
	}
	if distance {
		B1 := sinCosSeries(true, ssig2, csig2, c1a[:]) - sinCosSeries(true, ssig1, csig1, c1a[:])
		s12b = A1 * (sig12 + B1)
		if reduced {
			B2 := sinCosSeries(true, ssig2, csig2, c2a[:]) - sinCosSeries(true, ssig1, csig1, c2a[:])
			J12 = m0x*sig12 + (A1*B1 - A2*B2)
		}
	} else if reduced {
		// nC1 >= nC2.
		for l := 1; l <= nC2; l++ {
			c2a[l] = A1*c1a[l] - A2*c2a[l]
		}
		J12 = m0x*sig12 + (sinCosSeries(true, ssig2, csig2, c2a[:]) - sinCosSeries(true, ssig1, csig1, c2a[:]))
	}
	if reduced {
		m0 = m0x
		// The parentheses make the cancellation exact for coincident points.
		m12b = dn2*(csig1*ssig2) - dn1*(ssig1*csig2) - csig1*csig2*J12
	}
	return s12b, m12b, m0
}

// inverseStart returns a starting point for Newton's method in salp1 and
// calp1 (and sig12 = -1), or, for really short lines where Newton's method
// is not needed, also salp2, calp2, dnm and sig12 >= 0.
func (e *ellipsoid) inverseStart(sbet1, cbet1, sbet2, cbet2, lam12, slam12, clam12 float64) (sig12, salp1, calp1, salp2, calp2, dnm float64) {
	sig12 = -1
	salp2, calp2, dnm = math.NaN(), math.NaN(), math.NaN()
	// bet12 = bet2 - bet1 in [0, pi); bet12a = bet2 + bet1 in (-pi, 0].
	sbet12 := sbet2*cbet1 - cbet2*sbet1
	cbet12 := cbet2*cbet1 + sbet2*sbet1
	sbet12a := sbet2 * cbet1
	sbet12a += cbet2 * sbet1

	shortline := cbet12 >= 0 && sbet12 < 0.5 && cbet2*lam12 < 0.5
	var somg12, comg12 float64
	if shortline {
		// sin((bet1+bet2)/2)²
		sbetm2 := sq(sbet1 + sbet2)
		sbetm2 /= sbetm2 + sq(cbet1+cbet2)
		dnm = math.Sqrt(1 + e.ep2*sbetm2)
		omg12 := lam12 / (e.f1 * dnm)
		somg12, comg12 = math.Sincos(omg12)
	} else {
		somg12, comg12 = slam12, clam12
	}

	salp1 = cbet2 * somg12
	if comg12 >= 0 {
		calp1 = sbet12 + cbet2*sbet1*sq(somg12)/(1+comg12)
	} else {
		calp1 = sbet12a - cbet2*sbet1*sq(somg12)/(1-comg12)
	}

	ssig12 := hypot(salp1, calp1)
	csig12 := sbet1*sbet2 + cbet1*cbet2*comg12

	switch {
	case shortline && ssig12 < e.etol2:
		// Really short lines.
		salp2 = cbet1 * somg12
		var t float64
		if comg12 >= 0 {
			t = sq(somg12) / (1 + comg12)
		} else {
			t = 1 - comg12
		}
		calp2 = sbet12 - cbet1*sbet2*t
		salp2, calp2 = norm(salp2, calp2)
		sig12 = math.Atan2(ssig12, csig12)
	case math.Abs(e.n) >= 0.1 || // too eccentric for the astroid
		csig12 >= 0 ||
		ssig12 >= 6*math.Abs(e.n)*math.Pi*sq(cbet1):
		// The zeroth-order spherical approximation will do.
	default:
		// Scale lam12 and bet2 to x, y coordinates where the antipodal point
		// is at the origin and the singular point at y = 0, x = -1 (f > 0
		// here: WGS 84 is oblate, so the prolate branch is left out).
		lam12x := math.Atan2(-slam12, -clam12)
		k2 := sq(sbet1) * e.ep2
		eps := k2 / (2*(1+math.Sqrt(1+k2)) + k2)
		lamscale := e.f * cbet1 * e.a3f(eps) * math.Pi
		betscale := lamscale * cbet1
		x := lam12x / lamscale
		y := sbet12a / betscale
		if y > -tol1 && x > -1-xthresh {
			// Strip near the cut.
			salp1 = math.Min(1.0, -x)
			calp1 = -math.Sqrt(1 - sq(salp1))
		} else {
			// Estimate omg12 from the astroid and alp1 from the spherical
			// formula with omg12 in place of lam12; omg12 is near pi, so
			// work with omg12a = pi - omg12.
			k := astroid(x, y)
			omg12a := lamscale * (-x * k / (1 + k))
			somg12 = math.Sin(omg12a)
			comg12 = -math.Cos(omg12a)
			salp1 = cbet2 * somg12
			calp1 = sbet12a - cbet2*sbet1*sq(somg12)/(1-comg12)
		}
	}
	// Sanity check on the starting guess; the reversed test lets NaN through.
	if !(salp1 <= 0) {
		salp1, calp1 = norm(salp1, calp1)
	} else {
		salp1, calp1 = 1, 0
	}
	return sig12, salp1, calp1, salp2, calp2, dnm
}

// lambda12State is what lambda12 computes for one trial azimuth.
type lambda12State struct {
	lam12                             float64
	salp2, calp2                      float64
	sig12, ssig1, csig1, ssig2, csig2 float64
	eps, domg12, dlam12               float64
}

// lambda12 solves the hybrid problem: the longitude difference lam12 (less
// the target's, given as slam120 and clam120) reached by the geodesic
// leaving point 1 at azimuth alp1 when it reaches latitude bet2, and, when
// diffp, its derivative with respect to alp1.
func (e *ellipsoid) lambda12(sbet1, cbet1, dn1, sbet2, cbet2, dn2, salp1, calp1, slam120, clam120 float64,
	diffp bool, c1a *[nC1 + 1]float64, c2a *[nC2 + 1]float64, c3a *[nC3]float64) lambda12State {
	var r lambda12State
	if sbet1 == 0 && calp1 == 0 {
		// Break the degeneracy of the equatorial line (handled before).
		calp1 = -tiny
	}
	// sin(alp1)·cos(bet1) = sin(alp0)
	salp0 := salp1 * cbet1
	calp0 := hypot(calp1, salp1*sbet1) // > 0

	// tan(bet1) = tan(sig1)·cos(alp1); tan(omg1) = sin(alp0)·tan(sig1).
	ssig1 := sbet1
	somg1 := salp0 * sbet1
	csig1 := calp1 * cbet1
	comg1 := csig1
	ssig1, csig1 = norm(ssig1, csig1)
	// somg1, comg1 need no normalising.

	// Enforce the symmetries when |bet2| = -bet1, which could otherwise
	// make the Newton iteration singular.
	salp2 := salp1
	if cbet2 != cbet1 {
		salp2 = salp0 / cbet2
	}
	// calp2 = sqrt(1 - sq(salp2)) = sqrt(sq(calp0) - sq(sbet2)) / cbet2,
	// rearranged, with the positive root: alp2 in [0, pi/2].
	var calp2 float64
	if cbet2 != cbet1 || math.Abs(sbet2) != -sbet1 {
		var d float64
		if cbet1 < -sbet1 {
			d = (cbet2 - cbet1) * (cbet1 + cbet2)
		} else {
			d = (sbet1 - sbet2) * (sbet1 + sbet2)
		}
		calp2 = math.Sqrt(sq(calp1*cbet1)+d) / cbet2
	} else {
		calp2 = math.Abs(calp1)
	}
	// tan(bet2) = tan(sig2)·cos(alp2); tan(omg2) = sin(alp0)·tan(sig2).
	ssig2 := sbet2
	somg2 := salp0 * sbet2
	csig2 := calp2 * cbet2
	comg2 := csig2
	ssig2, csig2 = norm(ssig2, csig2)

	// sig12 = sig2 - sig1, limited to [0, pi].
	sig12 := math.Atan2(math.Max(0.0, csig1*ssig2-ssig1*csig2)+0.0, csig1*csig2+ssig1*ssig2)
	// omg12 = omg2 - omg1, limited to [0, pi].
	somg12 := math.Max(0.0, comg1*somg2-somg1*comg2) + 0.0
	comg12 := comg1*comg2 + somg1*somg2
	// eta = omg12 - lam120
	eta := math.Atan2(somg12*clam120-comg12*slam120, comg12*clam120+somg12*slam120)

	k2 := sq(calp0) * e.ep2
	eps := k2 / (2*(1+math.Sqrt(1+k2)) + k2)
	e.c3f(eps, c3a)
	B312 := sinCosSeries(true, ssig2, csig2, c3a[:]) - sinCosSeries(true, ssig1, csig1, c3a[:])
	domg12 := -e.f * e.a3f(eps) * salp0 * (sig12 + B312)

	r.lam12 = eta + domg12
	r.salp2, r.calp2 = salp2, calp2
	r.sig12, r.ssig1, r.csig1, r.ssig2, r.csig2 = sig12, ssig1, csig1, ssig2, csig2
	r.eps, r.domg12 = eps, domg12
	r.dlam12 = math.NaN()
	if diffp {
		if calp2 == 0 {
			r.dlam12 = -2 * e.f1 * dn1 / sbet1
		} else {
			_, m12b, _ := e.lengths(eps, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2, false, true, c1a, c2a)
			r.dlam12 = m12b * e.f1 / (calp2 * cbet2)
		}
	}
	return r
}

// genInverse solves the inverse problem between (lat1, lon1) and (lat2,
// lon2) in degrees; with area it also computes S12, the area between the
// geodesic and the equator.
func (e *ellipsoid) genInverse(lat1, lon1, lat2, lon2 float64, area bool) inverseResult {
	res := inverseResult{a12: math.NaN(), s12: math.NaN(), s12area: math.NaN()}

	// The longitude difference, computed carefully by angDiff, in
	// [-180, 180] (-180 only for west-going geodesics), made positive.
	lon12, lon12s := angDiff(lon1, lon2)
	lonsign := math.Copysign(1, lon12)
	lon12 *= lonsign
	lon12s *= lonsign
	lam12 := lon12 * (math.Pi / 180)
	slam12, clam12 := sincosde(lon12, lon12s)
	lon12s = (180 - lon12) - lon12s // the supplementary longitude difference

	// Really close to the equator counts as on it.
	lat1 = angRound(latFix(lat1))
	lat2 = angRound(latFix(lat2))
	// Swap the points so that point 1 has the larger |latitude| (a NaN
	// latitude becomes lat1).
	swapp := 1.0
	if math.Abs(lat1) < math.Abs(lat2) || math.IsNaN(lat2) {
		swapp = -1
		lonsign *= -1
		lat1, lat2 = lat2, lat1
	}
	// Make lat1 <= 0.
	latsign := math.Copysign(1, -lat1)
	lat1 *= latsign
	lat2 *= latsign
	// Now 0 <= lon12 <= 180, -90 <= lat1 <= 0 and lat1 <= lat2 <= -lat1;
	// lonsign, swapp and latsign record the transformation, which leaves
	// few cases to check and enforces the symmetries of the results.

	sbet1, cbet1 := sincosd(lat1)
	sbet1 *= e.f1
	sbet1, cbet1 = norm(sbet1, cbet1)
	cbet1 = math.Max(tiny, cbet1) // cbet1 = +epsilon at the poles

	sbet2, cbet2 := sincosd(lat2)
	sbet2 *= e.f1
	sbet2, cbet2 = norm(sbet2, cbet2)
	cbet2 = math.Max(tiny, cbet2)

	// If cbet1 < -sbet1, cbet2 - cbet1 measures |bet1| - |bet2| well;
	// otherwise |sbet2| + sbet1 does (lambda12 uses the same logic). When
	// the measure vanishes, make bet2 = ±bet1 exactly.
	if cbet1 < -sbet1 {
		if cbet2 == cbet1 {
			sbet2 = math.Copysign(sbet1, sbet2)
		}
	} else if math.Abs(sbet2) == -sbet1 {
		cbet2 = cbet1
	}

	dn1 := math.Sqrt(1 + e.ep2*sq(sbet1))
	dn2 := math.Sqrt(1 + e.ep2*sq(sbet2))

	var (
		c1a                        [nC1 + 1]float64
		c2a                        [nC2 + 1]float64
		c3a                        [nC3]float64
		a12, sig12, s12x           float64
		salp1, calp1, salp2, calp2 float64
		somg12, comg12, omg12      = 2.0, 0.0, 0.0 // somg12 = 2: not computed yet
		domg12                     float64
	)

	meridian := lat1 == -90 || slam12 == 0
	if meridian {
		// The end points lie on one full meridian, so the geodesic may run
		// along it.
		calp1, salp1 = clam12, slam12 // head to the target longitude
		calp2, salp2 = 1.0, 0.0       // at the target, heading north

		// tan(bet) = tan(sig)·cos(alp)
		ssig1, csig1 := sbet1, calp1*cbet1
		ssig2, csig2 := sbet2, calp2*cbet2
		// sig12 = sig2 - sig1
		sig12 = math.Atan2(math.Max(0.0, csig1*ssig2-ssig1*csig2)+0.0, csig1*csig2+ssig1*ssig2)
		var m12x float64
		s12x, m12x, _ = e.lengths(e.n, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2, true, true, &c1a, &c2a)

		// sig12 < 1 is checked because zero-length geodesics may give m12 <
		// 0 (20.001 0 20.001 0); a meridional geodesic with sig12 > pi/2 is
		// not a shortest path.
		if sig12 < 1 || m12x >= 0 {
			if sig12 < 3*tiny || (sig12 < tol0 && (s12x < 0 || m12x < 0)) {
				// No negative s12 or m12 for short lines.
				sig12, s12x = 0, 0
			}
			s12x *= e.b
			a12 = sig12 * (180 / math.Pi)
		} else {
			// m12 < 0: prolate and too close to antipodal.
			meridian = false
		}
	}

	switch {
	case meridian:
	case sbet1 == 0 && (e.f <= 0 || lon12s >= e.f*180):
		// The geodesic runs along the equator (mimicking lambda12 with
		// calp1 = 0; sbet2 == 0 too).
		calp1, calp2 = 0, 0
		salp1, salp2 = 1, 1
		s12x = e.a * lam12
		sig12 = lam12 / e.f1
		omg12 = sig12
		a12 = lon12 / e.f1
	default:
		// The points lie within a hemisphere bounded by a meridian and the
		// geodesic is neither meridional nor equatorial.
		var dnm float64
		sig12, salp1, calp1, salp2, calp2, dnm = e.inverseStart(sbet1, cbet1, sbet2, cbet2, lam12, slam12, clam12)
		if sig12 >= 0 {
			// Short lines: inverseStart set salp2, calp2 and dnm.
			s12x = sig12 * e.b * dnm
			a12 = sig12 * (180 / math.Pi)
			omg12 = lam12 / (e.f1 * dnm)
			break
		}
		// Newton's method on f(alp1) = lambda12(alp1) - lam12, which has
		// exactly one root in (0, pi) with a positive derivative there. A
		// bracket (alp1a, alp1b) of the root shrinks with each evaluation;
		// Newton restarts from the bracket's midpoint when the derivative
		// is not positive or the step leaves (0, pi).
		var st lambda12State
		tripn, tripb := false, false
		salp1a, calp1a := tiny, 1.0
		salp1b, calp1b := tiny, -1.0
		for numit := 0; numit < maxit2; {
			st = e.lambda12(sbet1, cbet1, dn1, sbet2, cbet2, dn2, salp1, calp1, slam12, clam12,
				numit < maxit1, &c1a, &c2a, &c3a)
			v := st.lam12
			lim := 1.0
			if tripn {
				lim = 8
			}
			// The reversed test lets NaN escape.
			if tripb || !(math.Abs(v) >= lim*tol0) {
				break
			}
			// Update the bracket.
			if v > 0 && (numit > maxit1 || calp1/salp1 > calp1b/salp1b) {
				salp1b, calp1b = salp1, calp1
			} else if v < 0 && (numit > maxit1 || calp1/salp1 < calp1a/salp1a) {
				salp1a, calp1a = salp1, calp1
			}
			numit++
			if numit < maxit1 && st.dlam12 > 0 {
				dalp1 := -v / st.dlam12
				sdalp1, cdalp1 := math.Sincos(dalp1)
				nsalp1 := salp1*cdalp1 + calp1*sdalp1
				if nsalp1 > 0 && math.Abs(dalp1) < math.Pi {
					calp1 = calp1*cdalp1 - salp1*sdalp1
					salp1 = nsalp1
					salp1, calp1 = norm(salp1, calp1)
					// Where the slope goes to zero convergence is not
					// quadratic: test against epsilon, not its root.
					tripn = math.Abs(v) <= 16*tol0
					continue
				}
			}
			// Bisect the bracket.
			salp1 = (salp1a + salp1b) / 2
			calp1 = (calp1a + calp1b) / 2
			salp1, calp1 = norm(salp1, calp1)
			tripn = false
			tripb = math.Abs(salp1a-salp1)+(calp1a-calp1) < tolb ||
				math.Abs(salp1-salp1b)+(calp1-calp1b) < tolb
		}
		salp2, calp2, sig12 = st.salp2, st.calp2, st.sig12
		domg12 = st.domg12
		s12b, _, _ := e.lengths(st.eps, sig12, st.ssig1, st.csig1, dn1, st.ssig2, st.csig2, dn2, true, false, &c1a, &c2a)
		s12x = s12b * e.b
		a12 = sig12 * (180 / math.Pi)
		if area {
			// omg12 = lam12 - domg12
			sdomg12, cdomg12 := math.Sincos(domg12)
			somg12 = slam12*cdomg12 - clam12*sdomg12
			comg12 = clam12*cdomg12 + slam12*sdomg12
		}
	}

	res.s12 = 0.0 + s12x // -0 becomes 0
	res.a12 = a12

	if area {
		res.s12area = e.area12(meridian, sbet1, cbet1, sbet2, cbet2, salp1, calp1, salp2, calp2,
			somg12, comg12, omg12, swapp*lonsign*latsign)
	}

	// The azimuths, undoing lonsign, swapp and latsign.
	if swapp < 0 {
		salp1, salp2 = salp2, salp1
		calp1, calp2 = calp2, calp1
	}
	res.salp1 = salp1 * swapp * lonsign
	res.calp1 = calp1 * swapp * latsign
	res.salp2 = salp2 * swapp * lonsign
	res.calp2 = calp2 * swapp * latsign
	return res
}

// area12 returns S12, the area between the geodesic and the equator, for
// the canonical configuration that genInverse works in; sign undoes its
// transformation.
func (e *ellipsoid) area12(meridian bool, sbet1, cbet1, sbet2, cbet2, salp1, calp1, salp2, calp2,
	somg12, comg12, omg12, sign float64) float64 {
	// From lambda12: sin(alp1)·cos(bet1) = sin(alp0).
	salp0 := salp1 * cbet1
	calp0 := hypot(calp1, salp1*sbet1) // > 0
	var S12 float64
	if calp0 != 0 && salp0 != 0 {
		// From lambda12: tan(bet) = tan(sig)·cos(alp).
		ssig1, csig1 := norm(sbet1, calp1*cbet1)
		ssig2, csig2 := norm(sbet2, calp2*cbet2)
		k2 := sq(calp0) * e.ep2
		eps := k2 / (2*(1+math.Sqrt(1+k2)) + k2)
		// a²·e²·cos(alp0)·sin(alp0)
		A4 := sq(e.a) * calp0 * salp0 * e.e2
		var c4a [nC4]float64
		e.c4f(eps, &c4a)
		B41 := sinCosSeries(false, ssig1, csig1, c4a[:])
		B42 := sinCosSeries(false, ssig2, csig2, c4a[:])
		S12 = A4 * (B42 - B41)
	}
	// Otherwise sig1 and sig2 are indeterminate on the equator: S12 = 0.

	if !meridian && somg12 == 2.0 {
		somg12, comg12 = math.Sincos(omg12)
	}

	var alp12 float64
	if !meridian && comg12 > -0.7071 && sbet2-sbet1 < 1.75 {
		// omg12 < 3/4 pi and the latitude difference not too big: use
		// tan(Gamma/2) = tan(omg12/2)·(tan(bet1/2)+tan(bet2/2))/(1+tan(bet1/2)·tan(bet2/2))
		// with tan(x/2) = sin(x)/(1+cos(x)).
		domg12 := 1 + comg12
		dbet1 := 1 + cbet1
		dbet2 := 1 + cbet2
		alp12 = 2 * math.Atan2(somg12*(sbet1*dbet2+sbet2*dbet1), domg12*(sbet1*sbet2+dbet1*dbet2))
	} else {
		// alp12 = alp2 - alp1, used in atan2 so no need to normalise.
		salp12 := salp2*calp1 - calp2*salp1
		calp12 := calp2*calp1 + salp2*salp1
		// With alp1 = ±180 and alp2 = 0, salp12 = -0 and alp12 = -180
		// depend on the sign of zero: make it explicit.
		if salp12 == 0 && calp12 < 0 {
			salp12 = tiny * calp1
			calp12 = -1.0
		}
		alp12 = math.Atan2(salp12, calp12)
	}
	S12 += e.c2 * alp12
	S12 *= sign
	return S12 + 0.0 // -0 becomes 0
}
