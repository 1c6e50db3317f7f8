package main

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// GeographicLib's values (geo/testdata/geodesic.tsv).
const (
	jungleCoquellesM    = 7943.4034312802605
	jungleCoquellesAzi  = -125.30268281823136 // degrees
	coquellesJungleAzi  = 54.6257196898634
	jungleOutlineAreaM2 = 1563039.4826011658
	jungleOutlinePerimM = 5034.97121347143
)

func TestMeasureText(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string // lines or parts of lines, in order
	}{
		{"jungle to coquelles", []string{"1.905,50.966", "1.8128,50.9247"},
			[]string{"segment 1: 7943.403 m (7.943 km), bearing 234.70° (1.905,50.966 to 1.8128,50.9247)", "total: 7943.403 m (7.943 km)"}},
		{"negative coordinates are not flags", []string{"-1.5,-49.5", "-1.5,-49.4999"},
			[]string{"segment 1: 11.122 m, bearing 0.00°", "total: 11.122 m"}},
		{"a repeated point has no bearing", []string{"1,2", "1,2"},
			[]string{"segment 1: 0.000 m, bearing undefined (the same point)", "total: 0.000 m"}},
		{"area of the jungle outline", []string{"--area", "1.90,50.96", "1.92,50.96", "1.92,50.97", "1.90,50.97"},
			[]string{"segment 3:", "total: 3922.495 m", "area: 1563039.5 m² (156.3 ha, 1.563 km²)", "perimeter: 5034.971 m"}},
		{"a clockwise ring has the same area", []string{"1.90,50.96", "1.90,50.97", "1.92,50.97", "1.92,50.96", "--area"},
			[]string{"area: 1563039.5 m²"}},
		{"spaces inside a point", []string{"1.905, 50.966", " 1.8128 ,50.9247"}, []string{"total: 7943.403 m"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := campmap(t, append([]string{"measure"}, tt.args...)...)
			if code != exitOK {
				t.Fatalf("exit status %d, stderr %q", code, stderr)
			}
			rest := stdout
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("output lacks %q (in order):\n%s", w, stdout)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

func TestMeasureJSON(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		segments []float64
		bearings []any // float64 or nil
		area     float64
		perim    float64
		keys     []string // in order
	}{
		{"one segment", []string{"1.905,50.966", "1.8128,50.9247"},
			[]float64{jungleCoquellesM}, []any{jungleCoquellesAzi + 360}, 0, 0,
			[]string{"segments_m", "distance_m", "bearings_deg"}},
		{"back and forth with a repeated point", []string{"1.905,50.966", "1.8128,50.9247", "1.8128,50.9247", "1.905,50.966"},
			[]float64{jungleCoquellesM, 0, jungleCoquellesM}, []any{jungleCoquellesAzi + 360, nil, coquellesJungleAzi}, 0, 0,
			[]string{"segments_m", "distance_m", "bearings_deg"}},
		{"area", []string{"1.90,50.96", "1.92,50.96", "--json", "1.92,50.97", "1.90,50.97", "--area"},
			nil, nil, jungleOutlineAreaM2, jungleOutlinePerimM,
			[]string{"segments_m", "distance_m", "bearings_deg", "area_m2", "perimeter_m"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"measure", "--json"}, tt.args...)
			code, stdout, stderr := campmap(t, args...)
			if code != exitOK {
				t.Fatalf("exit status %d, stderr %q", code, stderr)
			}
			if got := jsonKeys(t, stdout); strings.Join(got, ",") != strings.Join(tt.keys, ",") {
				t.Errorf("keys %v, want %v in that order", got, tt.keys)
			}
			var r struct {
				Segments  []float64 `json:"segments_m"`
				Distance  float64   `json:"distance_m"`
				Bearings  []any     `json:"bearings_deg"`
				Area      float64   `json:"area_m2"`
				Perimeter float64   `json:"perimeter_m"`
			}
			if err := json.Unmarshal([]byte(stdout), &r); err != nil {
				t.Fatalf("%v in %s", err, stdout)
			}
			sum := 0.0
			for _, s := range r.Segments {
				sum += s
			}
			if math.Abs(sum-r.Distance) > 1e-9 {
				t.Errorf("distance_m %v is not the sum of segments_m %v", r.Distance, r.Segments)
			}
			if len(r.Bearings) != len(r.Segments) {
				t.Errorf("%d bearings for %d segments", len(r.Bearings), len(r.Segments))
			}
			if tt.segments != nil {
				if len(r.Segments) != len(tt.segments) {
					t.Fatalf("segments_m %v, want %v", r.Segments, tt.segments)
				}
				for i := range tt.segments {
					if math.Abs(r.Segments[i]-tt.segments[i]) > 1e-6 {
						t.Errorf("segments_m[%d] = %v, want %v (GeographicLib)", i, r.Segments[i], tt.segments[i])
					}
					switch want := tt.bearings[i].(type) {
					case nil:
						if r.Bearings[i] != nil {
							t.Errorf("bearings_deg[%d] = %v, want null", i, r.Bearings[i])
						}
					case float64:
						if got, ok := r.Bearings[i].(float64); !ok || math.Abs(got-want) > 1e-6 {
							t.Errorf("bearings_deg[%d] = %v, want %v", i, r.Bearings[i], want)
						}
					}
				}
			}
			if math.Abs(r.Area-tt.area) > 0.01 || math.Abs(r.Perimeter-tt.perim) > 1e-6 {
				t.Errorf("area_m2 %v, perimeter_m %v; want %v, %v (GeographicLib)", r.Area, r.Perimeter, tt.area, tt.perim)
			}
		})
	}
}

// jsonKeys returns the top-level keys of a JSON object in order.
func jsonKeys(t *testing.T, s string) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not a JSON object: %s", s)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func TestMeasureUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no points", nil, "at least two points"},
		{"one point", []string{"1.905,50.966"}, "at least two points"},
		{"not a pair", []string{"1.905,50.966", "1.8128"}, `point 2 "1.8128": want LON,LAT`},
		{"three numbers", []string{"1,2,3", "1,2"}, `point 1 "1,2,3": want LON,LAT`},
		{"not a number", []string{"1,2", "east,50"}, `point 2 "east,50": longitude "east" is not a number`},
		{"NaN", []string{"1,NaN", "1,2"}, `latitude "NaN" is not a number`},
		{"latitude out of range, maybe swapped", []string{"1,2", "50.9,120.5"},
			"point 2 \"50.9,120.5\": latitude 120.5 is outside [-90, 90]; did you write LAT,LON? campmap wants LON,LAT (120.5,50.9)"},
		{"latitude out of range", []string{"100,-95", "1,2"}, `point 1 "100,-95": latitude -95 is outside [-90, 90]`},
		{"longitude out of range", []string{"1,2", "-181,0"}, `point 2 "-181,0": longitude -181 is outside [-180, 180]`},
		{"area of two points", []string{"--area", "1,2", "3,4"}, "--area needs at least three different points"},
		{"area of a repeated point", []string{"--area", "1,2", "3,4", "1,2"}, "--area needs at least three different points"},
		{"unknown flag", []string{"1,2", "3,4", "--miles"}, "-miles"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := campmap(t, append([]string{"measure"}, tt.args...)...)
			if code != exitUsage {
				t.Errorf("exit status %d, want %d (stderr %q)", code, exitUsage, stderr)
			}
			if !strings.HasPrefix(stderr, "campmap measure: ") || !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q, want it to say %q", stderr, tt.want)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
		})
	}
}

func TestMeasureInUsage(t *testing.T) {
	_, stdout, _ := campmap(t, "help")
	if !strings.Contains(stdout, "campmap measure LON,LAT LON,LAT [...] [--area] [--json]") {
		t.Error("the usage text does not list measure")
	}
}
