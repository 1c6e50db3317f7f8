package data

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func utcMS(s string) int64 {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UnixMilli()
}

// binLayer builds a layer of points at the given times (RFC 3339, "" for
// undated, "start/end" for a span) with categories cycling through cats.
func binLayer(t testing.TB, times []string, cats []string) *Layer {
	t.Helper()
	b := NewBuilder("bins", len(times))
	for i, s := range times {
		sp := Undated
		if from, to, ok := strings.Cut(s, "/"); ok {
			sp = Span{Start: utcMS(from), End: utcMS(to)}
		} else if s != "" {
			ms := utcMS(s)
			sp = Span{Start: ms, End: ms}
		}
		f := Feature{Geometry: orb.Point{1.85, 50.95}, Span: sp, Kind: KindIncident,
			Props: []Property{{Key: "category", Value: Text(cats[i%len(cats)])}}}
		if err := b.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	return b.Build()
}

func TestBinningGolden(t *testing.T) {
	cats := []string{"intrusion", "fire", "medical"}
	every := func(from, to string, step time.Duration) []string {
		var out []string
		for ms := utcMS(from); ms <= utcMS(to); ms += step.Milliseconds() {
			out = append(out, time.UnixMilli(ms).UTC().Format(time.RFC3339))
		}
		return out
	}
	cases := []struct {
		name, zone string
		unit       Unit
		times      []string
		from, to   string
	}{
		// The night of 25 October 2015: 02:00-03:00 happens twice in Paris
		// (00:00-02:00 UTC) and 01:00-02:00 twice in London (00:00-02:00 UTC).
		{"hours_dst_paris", "Europe/Paris", Hour, every("2015-10-24T22:00:00Z", "2015-10-25T03:45:00Z", 15*time.Minute), "2015-10-24T22:00:00Z", "2015-10-25T03:59:59Z"},
		{"hours_dst_london", "Europe/London", Hour, every("2015-10-24T22:00:00Z", "2015-10-25T03:45:00Z", 15*time.Minute), "2015-10-24T22:00:00Z", "2015-10-25T03:59:59Z"},
		{"six_hours_dst_paris", "Europe/Paris", SixHours, every("2015-10-24T12:00:00Z", "2015-10-26T00:00:00Z", time.Hour), "2015-10-24T12:00:00Z", "2015-10-26T00:00:00Z"},
		{"days_dst_paris", "Europe/Paris", Day, every("2015-10-23T00:00:00Z", "2015-10-27T00:00:00Z", time.Hour), "2015-10-23T00:00:00Z", "2015-10-27T00:00:00Z"},
		{"days_dst_utc", "UTC", Day, every("2015-10-23T00:00:00Z", "2015-10-27T00:00:00Z", time.Hour), "2015-10-23T00:00:00Z", "2015-10-27T00:00:00Z"},
		{"weeks_paris", "Europe/Paris", Week, every("2015-07-01T00:00:00Z", "2015-08-15T00:00:00Z", 6*time.Hour), "2015-07-01T00:00:00Z", "2015-08-15T00:00:00Z"},
		// Month ends: the last millisecond of a month belongs to it, in the
		// display zone (22:30 UTC on 31 July is already August in Paris).
		{"months_ends_paris", "Europe/Paris", Month, []string{
			"2015-06-30T21:59:59Z", "2015-06-30T22:00:00Z", "2015-07-31T21:59:59Z", "2015-07-31T22:30:00Z",
			"2015-08-31T23:00:00Z", "2016-02-29T12:00:00Z", "", "",
		}, "2015-06-01T00:00:00Z", "2016-03-01T00:00:00Z"},
		// Spans count in every bin they overlap: a camp open for ten
		// days, one closing at a day's last millisecond, one opening
		// before the first bin, one after the last, among instants.
		{"days_spans_paris", "Europe/Paris", Day, []string{
			"2015-10-22T12:00:00Z/2015-10-31T12:00:00Z", "2015-10-23T10:00:00Z", "2015-10-24T22:00:00Z/2015-10-25T22:59:59Z",
			"2015-10-01T00:00:00Z/2015-10-23T01:00:00Z", "2015-11-01T00:00:00Z/2015-11-30T00:00:00Z", "2015-10-26T06:00:00Z", "",
		}, "2015-10-23T00:00:00Z", "2015-10-27T00:00:00Z"},
		{"months_ends_utc", "UTC", Month, []string{
			"2015-06-30T21:59:59Z", "2015-06-30T22:00:00Z", "2015-07-31T21:59:59Z", "2015-07-31T22:30:00Z",
			"2015-08-31T23:00:00Z", "2016-02-29T12:00:00Z", "", "",
		}, "2015-06-01T00:00:00Z", "2016-03-01T00:00:00Z"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			loc := mustZone(t, tc.zone)
			l := binLayer(t, tc.times, cats)
			span := Span{Start: utcMS(tc.from), End: utcMS(tc.to)}
			edges := BinEdges(span, tc.unit, loc)
			b := CountBins(l, tc.unit, edges, nil)
			var sb strings.Builder
			fmt.Fprintf(&sb, "unit %s, zone %s, categories %q\n", b.Unit, tc.zone, l.Categories())
			total := b.Outside
			for i, c := range b.Counts {
				fmt.Fprintf(&sb, "%s  %5.2fh  %v\n", FormatTime(edges[i], loc), float64(edges[i+1]-edges[i])/3600e3, c)
				for _, n := range c {
					total += n
				}
			}
			fmt.Fprintf(&sb, "end %s\nundated %v\noutside %d\n", FormatTime(edges[len(edges)-1], loc), b.Undated, b.Outside)
			for _, n := range b.Undated {
				total += n
			}
			// Each dated feature is in every bin it overlaps, or outside.
			want := 0
			for i := range l.Len() {
				sp := l.Span(i)
				n := 0
				for j := 0; j+1 < len(edges); j++ {
					if sp.Dated() && sp.Start < edges[j+1] && sp.End >= edges[j] {
						n++
					}
				}
				want += max(n, 1)
			}
			if total != want {
				t.Errorf("bins hold %d feature-bins, want %d", total, want)
			}
			binGolden(t, filepath.Join("testdata", "golden", "bins_"+tc.name+".txt"), sb.String())
		})
	}
}

func TestCountBinsSpans(t *testing.T) {
	// Day bins over 29 June – 2 August 2015, UTC.
	edges := BinEdges(Span{Start: utcMS("2015-06-29T00:00:00Z"), End: utcMS("2015-08-02T23:00:00Z")}, Day, time.UTC)
	day := func(s string) int {
		j := 0
		for edges[j+1] <= utcMS(s) {
			j++
		}
		return j
	}
	tests := []struct {
		name        string
		times       []string
		keep        func(int) bool
		wantFrom    string // first bin holding the feature(s), "" for none
		wantTo      string // last bin
		wantOutside int
	}{
		{"month-long span in every day of July", []string{"2015-07-01T00:00:00Z/2015-07-31T23:59:59.999Z"}, nil,
			"2015-07-01T00:00:00Z", "2015-07-31T00:00:00Z", 0},
		{"instant in its own day only", []string{"2015-07-10T13:00:00Z"}, nil, "2015-07-10T00:00:00Z", "2015-07-10T00:00:00Z", 0},
		{"span from before the first bin", []string{"2015-06-01T00:00:00Z/2015-07-01T00:00:00Z"}, nil,
			"2015-06-29T00:00:00Z", "2015-07-01T00:00:00Z", 0},
		{"span past the last bin", []string{"2015-08-01T12:00:00Z/2015-09-30T00:00:00Z"}, nil,
			"2015-08-01T00:00:00Z", "2015-08-02T00:00:00Z", 0},
		{"span ending before the first bin is outside", []string{"2015-06-01T00:00:00Z/2015-06-28T23:59:59Z"}, nil, "", "", 1},
		{"span starting after the last bin is outside", []string{"2015-08-03T00:00:00Z/2015-08-30T00:00:00Z"}, nil, "", "", 1},
		{"span left out by keep", []string{"2015-07-01T00:00:00Z/2015-07-31T00:00:00Z"}, func(int) bool { return false }, "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := binLayer(t, tt.times, []string{"camp"})
			b := CountBins(l, Day, edges, tt.keep)
			if b.Outside != tt.wantOutside {
				t.Errorf("outside %d, want %d", b.Outside, tt.wantOutside)
			}
			for j, row := range b.Counts {
				want := 0
				if tt.wantFrom != "" && j >= day(tt.wantFrom) && j <= day(tt.wantTo) {
					want = 1
				}
				if got := row[0] + row[1]; got != want {
					t.Errorf("bin %s holds %d, want %d", FormatTime(edges[j], time.UTC), got, want)
				}
			}
		})
	}
}

func binGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestUnitAddAcrossDST(t *testing.T) {
	for _, zone := range []string{"Europe/Paris", "Europe/London"} {
		t.Run(zone, func(t *testing.T) {
			loc := mustZone(t, zone)
			// Stepping hour by hour from 22:00 local on 24 October 2015 to
			// 05:00 local on the 25th takes 8 steps: the hour clocks go back
			// is shown twice, with two different offsets.
			start := time.Date(2015, 10, 24, 22, 0, 0, 0, loc).UnixMilli()
			end := time.Date(2015, 10, 25, 5, 0, 0, 0, loc).UnixMilli()
			var labels []string
			ms := start
			for ms < end {
				labels = append(labels, FormatTime(ms, loc))
				ms = Hour.Add(ms, 1, loc)
			}
			if len(labels) != 8 {
				t.Fatalf("%d hourly steps, want 8: %v", len(labels), labels)
			}
			seen := map[string]int{}
			for _, s := range labels {
				seen[s[11:16]]++
			}
			twice := "02:00"
			if zone == "Europe/London" {
				twice = "01:00"
			}
			if seen[twice] != 2 {
				t.Errorf("%s shown %d times, want 2: %v", twice, seen[twice], labels)
			}
			if labels[3] == labels[4] && labels[4][11:16] == twice {
				t.Errorf("the repeated hour has the same label twice: %v", labels)
			}
			// A day across the change is 25 hours and ends at midnight.
			d0 := time.Date(2015, 10, 25, 0, 0, 0, 0, loc).UnixMilli()
			d1 := Day.Add(d0, 1, loc)
			if h := (d1 - d0) / 3600e3; h != 25 {
				t.Errorf("25 October lasts %d hours, want 25", h)
			}
			if got := time.UnixMilli(d1).In(loc).Format("2006-01-02 15:04"); got != "2015-10-26 00:00" {
				t.Errorf("a day after midnight is %s", got)
			}
			// Back again: a day before 26 October midnight is 25 October midnight.
			if back := Day.Add(d1, -1, loc); back != d0 {
				t.Errorf("a day back lands at %s", FormatTime(back, loc))
			}
			// 29 March 2015, clocks go forward: 23 hours.
			m0 := time.Date(2015, 3, 29, 0, 0, 0, 0, loc).UnixMilli()
			if h := (Day.Add(m0, 1, loc) - m0) / 3600e3; h != 23 {
				t.Errorf("29 March lasts %d hours, want 23", h)
			}
		})
	}
}

func TestUnitFloorAndMonthEnds(t *testing.T) {
	paris := mustZone(t, "Europe/Paris")
	cases := []struct {
		name string
		unit Unit
		at   string
		loc  *time.Location
		want string // local
	}{
		{"hour in the repeated hour (second)", Hour, "2015-10-25T01:30:00Z", paris, "2015-10-25 02:00 CET"},
		{"hour in the repeated hour (first)", Hour, "2015-10-25T00:30:00Z", paris, "2015-10-25 02:00 CEST"},
		{"six hours", SixHours, "2015-07-28T20:15:00Z", paris, "2015-07-28 18:00 CEST"},
		{"day in Paris is the next UTC day", Day, "2015-07-31T22:30:00Z", paris, "2015-08-01 00:00 CEST"},
		{"week starts Monday", Week, "2015-08-02T12:00:00Z", paris, "2015-07-27 00:00 CEST"},
		{"month", Month, "2015-07-31T21:59:59Z", paris, "2015-07-01 00:00 CEST"},
		{"month UTC", Month, "2015-07-31T22:30:00Z", time.UTC, "2015-07-01 00:00 UTC"},
		{"year", Year, "2015-07-31T22:30:00Z", time.UTC, "2015-01-01 00:00 UTC"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := FormatTime(tc.unit.Floor(utcMS(tc.at), tc.loc), tc.loc); got != tc.want {
				t.Errorf("Floor = %s, want %s", got, tc.want)
			}
		})
	}
	t.Run("month step from the 31st", func(t *testing.T) {
		jan31 := time.Date(2016, 1, 31, 12, 0, 0, 0, paris).UnixMilli()
		got := time.UnixMilli(Month.Add(jan31, 1, paris)).In(paris).Format("2006-01-02 15:04")
		if got != "2016-02-29 12:00" {
			t.Errorf("a month after 31 January 2016 is %s", got)
		}
	})
}

func TestParseStep(t *testing.T) {
	cases := []struct {
		in   string
		want Step
		bad  bool
	}{
		{"1d", Step{1, Day}, false},
		{"7d", Step{7, Day}, false},
		{"6h", Step{6, Hour}, false},
		{"1w", Step{1, Week}, false},
		{"1mo", Step{1, Month}, false},
		{"2m", Step{2, Month}, false},
		{"month", Step{1, Month}, false},
		{"hour", Step{1, Hour}, false},
		{" D ", Step{1, Day}, false},
		{"0d", Step{}, true},
		{"", Step{}, true},
		{"1x", Step{}, true},
		{"-1d", Step{}, true},
		{"99999999999999999999d", Step{}, true},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseStep(tc.in)
			if tc.bad {
				if !errors.Is(err, ErrBadStep) {
					t.Errorf("ParseStep(%q) = %v, %v; want ErrBadStep", tc.in, got, err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("ParseStep(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
			if back, err := ParseStep(got.String()); err != nil || back != got {
				t.Errorf("round trip of %v via %q = %v, %v", got, got.String(), back, err)
			}
		})
	}
}

func TestChooseUnit(t *testing.T) {
	day := int64(86400e3)
	cases := []struct {
		name string
		len  int64
		want Unit
	}{
		{"a day", day - 1, Hour},
		{"a week", 7*day - 1, SixHours},
		{"three months", 92 * day, Day},
		{"two years", 730 * day, Week},
		{"ten years", 3650 * day, Month},
		{"thirty years", 10950 * day, Year},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := ChooseUnit(Span{Start: 0, End: tc.len}, 160); got != tc.want {
				t.Errorf("ChooseUnit = %v, want %v", got, tc.want)
			}
		})
	}
}

func FuzzParseStep(f *testing.F) {
	for _, s := range []string{"1d", "7d", "6h", "1mo", "month", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		st, err := ParseStep(s)
		if err == nil && (st.N < 1 || st.Unit < Hour || st.Unit > Year) {
			t.Errorf("ParseStep(%q) = %v", s, st)
		}
	})
}

func BenchmarkCountBins(b *testing.B) {
	times := make([]string, 100000)
	for i := range times {
		times[i] = time.UnixMilli(utcMS("2015-06-01T00:00:00Z") + int64(i)*90e3).UTC().Format(time.RFC3339)
	}
	l := binLayer(b, times, []string{"a", "b", "c"})
	paris := mustZone(b, "Europe/Paris")
	ext := l.TimeExtent()
	b.ReportAllocs()
	for b.Loop() {
		CountBins(l, Day, BinEdges(ext, Day, paris), nil)
	}
}
