#!/usr/bin/python3
"""Write geo/testdata/geodesic.tsv: golden values for geo.Inverse and
geo.RingArea, computed by GeographicLib (Debian's python3-geographiclib).

    apt-get install -y python3-geographiclib
    make geodesic-golden      # or: /usr/bin/python3 geo/testdata/gen_geodesic.py > geo/testdata/geodesic.tsv

The output depends only on this script and on GeographicLib's version (it
is seeded), so running it again writes the same bytes. Rows are
tab-separated; lines starting with # are comments. Two kinds of row:

    inverse  NAME  LON1  LAT1  LON2  LAT2  S12_M  AZI1_DEG  AZI2_DEG  A12_DEG  M12_M
    polygon  NAME  LON LAT,LON LAT,...  AREA_M2  PERIMETER_M

M12 is the reduced length: how far the far end moves per radian of change
in the first azimuth; the tests scale azimuth errors by it, since for short
and for nearly antipodal lines the azimuths are ill-conditioned (a change
in the last bit of an input, or in a sine's rounding, turns them by far
more than 1e-9 degree while moving nothing on the ground by a nanometre).

A polygon's ring is given without its closing point; its area is signed,
counter-clockwise positive (PolygonArea.Compute(reverse=False, sign=True)).
Numbers are printed with repr, so they parse back to the same float64.
"""

import math
import random
import sys

import geographiclib
from geographiclib.geodesic import Geodesic

G = Geodesic.WGS84
rows = []


def inverse(name, lon1, lat1, lon2, lat2):
    r = G.Inverse(lat1, lon1, lat2, lon2, G.STANDARD | G.REDUCEDLENGTH)
    rows.append(["inverse", name] + [repr(float(v)) for v in (
        lon1, lat1, lon2, lat2, r["s12"], r["azi1"], r["azi2"], r["a12"], r["m12"])])


def polygon(name, ring):
    p = G.Polygon(False)
    for lon, lat in ring:
        p.AddPoint(lat, lon)
    _, perimeter, area = p.Compute(False, True)
    pts = ",".join("%r %r" % (float(lon), float(lat)) for lon, lat in ring)
    rows.append(["polygon", name, pts, repr(float(area)), repr(float(perimeter))])


# --- Named places (lon, lat).
calais = (1.8587, 50.9513)        # Calais town hall
dover = (1.3167, 51.1167)         # Dover
dover_port = (1.33, 51.12)
jungle = (1.905, 50.966)          # the Jungle camp
coquelles = (1.8128, 50.9247)     # Eurotunnel terminal, Coquelles
inverse("calais to dover", *calais, *dover)
inverse("calais to port of dover", *calais, *dover_port)
inverse("jungle to coquelles terminal", *jungle, *coquelles)
inverse("coquelles terminal to jungle", *coquelles, *jungle)
inverse("flinders peak to buninyong", 144.42486788888888, -37.95103341666667,
        143.92649552777777, -37.65282113888889)
inverse("jfk to cdg", -73.8, 40.6, 2.55, 49.01666667)
inverse("wellington to salamanca", 174.81, -41.32, -5.50, 40.96)

# --- GeographicLib's own test lines (test_geodesic.py, GeodSolve*).
for i, (lat1, lon1, lat2, lon2) in enumerate([
        (35.60777, -139.44815, -11.17491, -69.95921),
        (55.52454, 106.05087, 77.03196, 197.18234),
        (-21.97856, 142.59065, 41.84138, 98.56635),
        (-66.99028, 112.2363, -12.70631, 285.90344),
        (-17.42761, 173.34268, -15.84784, 5.93557),
        (32.84994, 48.28919, -56.28556, 202.29132),
        (6.96833, 52.74123, -7.39675, 206.17291),
        (-50.56724, -16.30485, -33.56571, -94.97412),
        (-58.93002, -8.90775, -8.91104, 133.13503),
        (-68.82867, -74.28391, -50.63005, -8.36685),
        (-10.62672, -32.0898, 5.883, -134.31681),
        (-21.76221, 166.90563, 48.72884, 213.97627),
        (-19.79938, -174.47484, -11.99349, -154.35109),
        (-11.95887, -116.94513, 4.57352, 7.16501),
        (-87.85331, 85.66836, 66.48646, 16.09921),
        (1.74708, 128.32011, -11.16617, 11.87109),
        (-25.72959, -144.90758, -57.70581, -269.17879),
        (-41.22777, 122.32875, -7.57291, 130.37946),
        (11.01307, 138.25278, 6.62726, 247.05981),
        (-29.47124, 95.14681, -27.46601, -69.15955)]):
    inverse("geographiclib test line %d" % i, lon1, lat1, lon2, lat2)
for name, (lat1, lon1, lat2, lon2) in [
        ("geodsolve4 short line", (36.493349428792, 0, 36.49334942879201, 0.0000008)),
        ("geodsolve6 a", (88.202499451857, 0, -88.202499451857, 179.981022032992859592)),
        ("geodsolve6 b", (89.262080389218, 0, -89.262080389218, 179.992207982775375662)),
        ("geodsolve6 c", (89.333123580033, 0, -89.333123580032997687, 179.99295812360148422)),
        ("geodsolve9", (56.320923501171, 0, -56.320923501171, 179.664747671772880215)),
        ("geodsolve10", (52.784459512564, 0, -52.784459512563990912, 179.634407464943777557)),
        ("geodsolve11", (48.522876735459, 0, -48.52287673545898293, 179.599720456223079643)),
        ("geodsolve29 unrolled longitudes", (0, 539, 0, 181)),
        ("geodsolve33 equator 179", (0, 0, 0, 179)),
        ("geodsolve33 equator 179.5", (0, 0, 0, 179.5)),
        ("geodsolve33 equator 180", (0, 0, 0, 180)),
        ("geodsolve33 off equator 180", (0, 0, 1, 180)),
        ("geodsolve59 tiny longitude", (5, 0.00000000000001, 10, 180)),
        ("geodsolve74", (54.1589, 15.3872, 54.1591, 15.3877)),
        ("geodsolve76", (-(41 + 19 / 60.0), 174 + 49 / 60.0, 40 + 58 / 60.0, -(5 + 30 / 60.0))),
        ("geodsolve78", (27.2, 0.0, -27.1, 179.5)),
        ("geodsolve80 quarter equator", (0, 0, 0, 90)),
        ("geodsolve80 micro", (0, 0, 1e-6, 1e-6)),
        ("geodsolve80 coincident", (20.001, 0, 20.001, 0)),
        ("geodsolve80 same pole", (90, 0, 90, 180)),
        ("geodsolve92", (37.757540000000006, -122.47018, 37.75754, -122.470177)),
]:
    inverse(name, lon1, lat1, lon2, lat2)

# --- Coincident points.
for name, p in [("origin", (0, 0)), ("calais", calais), ("north pole", (0, 90)),
                ("south pole", (45, -90)), ("antimeridian", (180, 10)),
                ("high latitude", (-123.4, 89.999))]:
    inverse("coincident " + name, *p, *p)
inverse("antimeridian written both ways", 180, 10, -180, 10)
inverse("north pole at two longitudes", 0, 90, 123, 90)

# --- Poles.
inverse("pole to pole", 0, 90, 0, -90)
inverse("pole to pole other meridians", 30, 90, -150, -90)
inverse("north pole to equator", 0, 90, 37, 0)
inverse("south pole to equator", 10, -90, -170, 0)
inverse("north pole to calais", 0, 90, *calais)
inverse("calais to south pole", *calais, 0, -90)
inverse("near pole across", 0, 89.9999, 180, 89.9999)

# --- Equator (the geodesic follows it up to 180(1-f) degrees apart).
for lon in [1e-9, 0.001, 1, 45, 90, 135, 179, 179.39, 179.3966, 179.3967, 179.4, 179.5, 179.9, 179.99, 180]:
    inverse("equator %r degrees" % lon, 0, 0, lon, 0)
inverse("equator across the antimeridian", 170, 0, -170, 0)

# --- Meridians.
for lat1, lat2 in [(0, 1), (0, 45), (0, 90), (-45, 45), (-89, 89), (10, 80), (89.5, 89.9)]:
    inverse("meridian %r to %r" % (lat1, lat2), 5, lat1, 5, lat2)
inverse("over the north pole", 5, 80, 185, 80)
inverse("over the north pole nearly", 5, 80, -175.0001, 80)
inverse("over the south pole", 5, -60, -175, -70)

# --- Antipodal and nearly antipodal.
for lat in [0, 1, 10, 30, 45, 60, 89, 90]:
    inverse("antipodal at %r" % lat, 0, lat, 180, -lat)
for d in [1e-12, 1e-9, 1e-6, 1e-3, 0.1, 0.5]:
    inverse("nearly antipodal on the equator by %r" % d, 0, 0, 180 - d, 0)
    inverse("nearly antipodal off the equator by %r" % d, 0, 0, 180, d)
    inverse("nearly antipodal at 40 by %r" % d, 20, 40, -160 - d, -40 + d)
inverse("old haversine fallback case", 0, 0, 179.5, 0.5)

# --- Short lines (1 mm is about 9e-9 degree).
for d in [1e-11, 1e-9, 9e-9, 1e-7, 1e-5, 1e-3]:
    inverse("short %r east at calais" % d, *calais, calais[0] + d, calais[1])
    inverse("short %r north at calais" % d, *calais, calais[0], calais[1] + d)
    inverse("short %r diagonal near the pole" % d, 10, 89.99, 10 + d, 89.99 + d)

rnd = random.Random(20150728)


def rlat():
    return math.degrees(math.asin(2 * rnd.random() - 1))


def rlon():
    return rnd.uniform(-180, 180)


def logu(lo, hi):
    return 10 ** rnd.uniform(math.log10(lo), math.log10(hi))


for i in range(1200):
    inverse("random %d" % i, rlon(), rlat(), rlon(), rlat())
for i in range(300):
    lon1, lat1 = rlon(), rlat()
    inverse("random nearly antipodal %d" % i, lon1, lat1,
            lon1 + 180 + rnd.choice([-1, 1]) * logu(1e-9, 2),
            max(-90.0, min(90.0, -lat1 + rnd.choice([-1, 1]) * logu(1e-9, 2))))
for i in range(200):
    lon1, lat1 = rlon(), rlat()
    d = logu(1e-9, 1)
    az = rnd.uniform(0, 2 * math.pi)
    inverse("random short %d" % i, lon1, lat1, lon1 + d * math.sin(az),
            max(-90.0, min(90.0, lat1 + d * math.cos(az))))
for i in range(100):
    inverse("random equatorial %d" % i, rlon(), 0, rlon(), 0)
for i in range(100):
    lon = rlon()
    inverse("random meridional %d" % i, lon, rlat(), lon + rnd.choice([0, 180]), rlat())
for i in range(50):
    inverse("random from a pole %d" % i, rlon(), rnd.choice([-90, 90]), rlon(), rlat())

# --- Polygons (lon, lat), counter-clockwise unless named otherwise.
polygon("planimeter0 around the north pole", [(0, 89), (90, 89), (180, 89), (270, 89)])
polygon("planimeter0 around the south pole", [(0, -89), (90, -89), (180, -89), (270, -89)])
polygon("planimeter0 diamond", [(-1, 0), (0, -1), (1, 0), (0, 1)])
polygon("planimeter0 octant", [(0, 90), (0, 0), (90, 0)])
polygon("planimeter5 pole crossing", [(0.1, 89), (90.1, 89), (-179.9, 89)])
polygon("planimeter6 a", [(-0.00000000000001, 9), (180, 9), (0, 9)])
polygon("planimeter6 b", [(0.00000000000001, 9), (0, 9), (180, 9)])
polygon("planimeter12 arctic circle", [(0, 66.562222222), (180, 66.562222222), (360, 66.562222222)])
polygon("planimeter13 around the pole twice", [(-360, 89), (-240, 89), (-120, 89), (0, 89), (120, 89), (240, 89)])
polygon("planimeter15", [(1, 2), (2, 1), (3, 3)])
polygon("jungle camp outline", [(1.90, 50.96), (1.92, 50.96), (1.92, 50.97), (1.90, 50.97)])
polygon("jungle camp outline clockwise", [(1.90, 50.96), (1.90, 50.97), (1.92, 50.97), (1.92, 50.96)])
polygon("coquelles terminal", [(1.7985, 50.9245), (1.808, 50.9222), (1.819, 50.9228), (1.8275, 50.9262),
                               (1.829, 50.9312), (1.8235, 50.9352), (1.813, 50.9365), (1.803, 50.9345),
                               (1.7975, 50.93)])
polygon("one square metre", [(1.85, 50.95), (1.85 + 1.4e-5, 50.95), (1.85 + 1.4e-5, 50.95 + 9e-6), (1.85, 50.95 + 9e-6)])
polygon("calais dover triangle", [calais, coquelles, dover])
polygon("france roughly", [(-4.8, 48.4), (-1.8, 43.4), (3.1, 42.4), (7.6, 43.7), (8.2, 49.0), (2.5, 51.1)])
polygon("africa roughly", [(-17.5, 14.7), (-9.8, 29.5), (11.0, 37.3), (32.3, 31.3), (43.3, 11.8),
                           (51.3, 11.8), (40.3, -15.0), (20.0, -34.8), (11.8, -17.0), (9.0, 4.0)])
polygon("northern hemisphere cap at 10", [(lon, 10) for lon in range(-180, 180, 30)])
polygon("southern cap westwards", [(lon, -30) for lon in range(180, -180, -20)])
polygon("more than half the earth", [(0, -60), (120, -60), (-120, -60)])
polygon("equator ring", [(0, 0), (90, 0), (180, 0), (270, 0)])
polygon("across the antimeridian", [(179, -1), (-179, -1), (-179, 1), (179, 1)])
polygon("bowtie", [(0, 0), (1, 1), (1, 0), (0, 1)])
polygon("degenerate line", [(0, 0), (1, 1), (2, 2)])
polygon("quarter of the earth", [(0, 0), (90, 0), (0, 90)])
polygon("big triangle", [(-100, -40), (100, -40), (0, 70)])
for i in range(40):
    clon, clat = rlon(), rnd.uniform(-80, 80)
    r = logu(1e-4, 20)
    n = rnd.randint(3, 12)
    angs = sorted(rnd.uniform(0, 2 * math.pi) for _ in range(n))
    ring = [(clon + r * rnd.uniform(0.3, 1) * math.cos(a) / max(0.2, math.cos(math.radians(clat))),
             max(-89.9, min(89.9, clat + r * rnd.uniform(0.3, 1) * math.sin(a)))) for a in angs]
    if rnd.random() < 0.3:
        ring.reverse()
    polygon("random ring %d" % i, ring)

out = sys.stdout
out.write("# Golden values for geo.Inverse and geo.RingArea on WGS 84, written by\n")
out.write("# geo/testdata/gen_geodesic.py with GeographicLib %s (python3-geographiclib).\n" % geographiclib.__version__)
out.write("# inverse NAME LON1 LAT1 LON2 LAT2 S12_M AZI1_DEG AZI2_DEG A12_DEG M12_M\n")
out.write("# polygon NAME LON LAT,... AREA_M2 PERIMETER_M (signed, counter-clockwise positive)\n")
for r in rows:
    out.write("\t".join(r) + "\n")
