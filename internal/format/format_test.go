package format

import (
	"image/color"
	"testing"
)

func TestGroup(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		sep  string
		want string
	}{
		{0, ",", "0"}, {7, ",", "7"}, {123, ",", "123"}, {-123, ",", "-123"},
		{1234, ",", "1,234"}, {-1234, ",", "-1,234"}, {50000, ",", "50,000"},
		{999999, ",", "999,999"}, {1000000, ",", "1,000,000"}, {-123456, ",", "-123,456"},
		{1234567, " ", "1 234 567"}, {-9223372036854775808, ",", "-9,223,372,036,854,775,808"},
	} {
		if got := Group(tc.n, tc.sep); got != tc.want {
			t.Errorf("Group(%d, %q) = %q, want %q", tc.n, tc.sep, got, tc.want)
		}
	}
	if got := Thousands(-50000); got != "-50,000" {
		t.Errorf("Thousands(-50000) = %q", got)
	}
}

func TestParseColor(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want color.NRGBA
		ok   bool
	}{
		{"#d55e00", color.NRGBA{0xd5, 0x5e, 0x00, 0xff}, true},
		{"d55e00", color.NRGBA{0xd5, 0x5e, 0x00, 0xff}, true},
		{"#D55E0080", color.NRGBA{0xd5, 0x5e, 0x00, 0x80}, true},
		{" #fff ", color.NRGBA{0xff, 0xff, 0xff, 0xff}, true},
		{"White", color.NRGBA{0xff, 0xff, 0xff, 0xff}, true},
		{"black", color.NRGBA{0, 0, 0, 0xff}, true},
		{"none", color.NRGBA{}, true},
		{"transparent", color.NRGBA{}, true},
		{"fff", color.NRGBA{}, false}, // three digits need the #
		{"red", color.NRGBA{}, false},
		{"#12", color.NRGBA{}, false},
		{"#gggggg", color.NRGBA{}, false},
		{"", color.NRGBA{}, false},
		{"#+12345", color.NRGBA{}, false},
	} {
		got, err := ParseColor(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseColor(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestColorRoundTrip(t *testing.T) {
	for _, c := range []color.NRGBA{{0, 0, 0, 0xff}, {0xd5, 0x5e, 0, 0xff}, {1, 2, 3, 4}, {}} {
		s := Color(c)
		back, err := ParseColor(s)
		if err != nil || back != c {
			t.Errorf("%v → %q → %v, %v", c, s, back, err)
		}
	}
	if got := RGB(color.NRGBA{0x11, 0x22, 0x33, 0x44}); got != "#112233" {
		t.Errorf("RGB = %q", got)
	}
}

func FuzzParseColor(f *testing.F) {
	for _, s := range []string{"#d55e00", "#fff", "none", "#11223344", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseColor(s)
		if err != nil {
			return
		}
		back, err := ParseColor(Color(c))
		if err != nil || back != c {
			t.Fatalf("%q → %v does not round-trip: %v %v", s, c, back, err)
		}
	})
}

func TestLengthAndArea(t *testing.T) {
	for _, tc := range []struct {
		m        float64
		imperial bool
		want     string
	}{
		{0, false, "0.0 m"}, {12.345, false, "12.3 m"}, {512.4, false, "512 m"}, {1234, false, "1.23 km"},
		{35000, false, "35.00 km"}, {3456789, false, "3,457 km"}, {-1, false, "–"},
		{100, true, "328 ft"}, {1609.344, true, "1.00 mi"}, {20000, true, "12.43 mi"},
	} {
		if got := Length(tc.m, tc.imperial); got != tc.want {
			t.Errorf("Length(%v, %v) = %q, want %q", tc.m, tc.imperial, got, tc.want)
		}
	}
	for _, tc := range []struct {
		a        float64
		imperial bool
		want     string
	}{
		{250, false, "250 m²"}, {12500, false, "1.25 ha"}, {2.5e6, false, "2.50 km²"},
		{4046.8564224, true, "1.00 acres"}, {2 * 1609.344 * 1609.344, true, "2.00 sq mi"},
	} {
		if got := Area(tc.a, tc.imperial); got != tc.want {
			t.Errorf("Area(%v, %v) = %q, want %q", tc.a, tc.imperial, got, tc.want)
		}
	}
}

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Calais", "calais"},
		{"SANGATTE", "sangatte"},
		{"Évacuation à Grande-Synthe", "evacuation a grande-synthe"},
		{"Dünkirchen Ça", "dunkirchen ca"},
		{"", ""},
		{"\xff", "\ufffd"},
		{"Œuvre Łódź Straße", "oeuvre lodz strasse"},
		{"Noyé à Calais", "noye a calais"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := Fold(tc.in); got != tc.want {
				t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
