package ui

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite ui/testdata/iom-channel.csv")

// iomFixture is ui/testdata/iom-channel.csv: n seeded incidents in the
// columns of the IOM Missing Migrants export (current schema), around the
// Channel coast, for the attribute table's tests and screenshots. No row
// comes from the real export (see testdata/README.md).
func iomFixture(n int) []byte {
	r := rand.New(rand.NewPCG(14, 2026))
	places := []struct {
		name     string
		lat, lon float64
	}{
		{"Calais, near the Eurotunnel terminal", 50.9346, 1.8115},
		{"Off Sangatte beach, France", 50.9456, 1.7523},
		{"Grande-Synthe camp, Dunkerque", 51.0139, 2.3022},
		{"Off Wimereux", 50.7701, 1.5902},
		{"Boulogne-sur-Mer harbour", 50.7264, 1.5977},
		{"Équihen-Plage, dunes", 50.6794, 1.5722},
		{"A16 motorway near Marck", 50.9530, 1.9510},
		{"Port of Dunkerque, lorry park", 51.0343, 2.3768},
	}
	causes := []string{"Drowning", "Vehicle accident / death linked to hazardous transport", "Violence", "Harsh environmental conditions / lack of adequate shelter, food, water", "Mixed or unknown", "Accidental death"}
	origins := []string{"Sudan", "Eritrea", "Afghanistan", "Iraq", "Syrian Arab Republic", "Unknown", "Viet Nam"}
	sources := []string{"Coastguard", "NGO", "La Voix du Nord", "Préfecture maritime de la Manche et de la mer du Nord", "Media"}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"Main ID", "Incident ID", "Incident Type", "Region of Incident", "Incident Date", "Incident Year", "Month",
		"Number of Dead", "Minimum Estimated Number of Missing", "Total Number of Dead and Missing", "Number of Survivors",
		"Country of Origin", "Cause of Death", "Country of Incident", "Migration Route", "Location Description", "Coordinates",
		"Information Source", "URL", "Source Quality"})
	day := time.Date(2023, 1, 3, 0, 0, 0, 0, time.UTC)
	empty := func(k int) string {
		if k == 0 {
			return ""
		}
		return fmt.Sprint(k)
	}
	for i := range n {
		day = day.AddDate(0, 0, 1+r.IntN(3))
		p := places[r.IntN(len(places))]
		dead, missing := r.IntN(4), 0
		if r.IntN(3) == 0 {
			missing = 1 + r.IntN(8)
		}
		if dead+missing == 0 {
			dead = 1
		}
		id := fmt.Sprintf("%d.MMP%04d", day.Year(), i+1)
		url := ""
		if r.IntN(2) == 0 {
			url = fmt.Sprintf("https://example.org/report/%d", i+1)
		}
		_ = w.Write([]string{id, id, "Incident", "Europe", day.Format("2006-01-02"), fmt.Sprint(day.Year()), day.Format("January"),
			empty(dead), empty(missing), fmt.Sprint(dead + missing), empty(r.IntN(3) * r.IntN(20)),
			origins[r.IntN(len(origins))], causes[r.IntN(len(causes))], "France", "English Channel to the UK", p.name,
			fmt.Sprintf("%.4f, %.4f", p.lat+(r.Float64()-0.5)*0.02, p.lon+(r.Float64()-0.5)*0.03),
			sources[r.IntN(len(sources))], url, fmt.Sprint(1 + r.IntN(5))})
	}
	w.Flush()
	return b.Bytes()
}

// iomFixturePath is where the fixture is kept.
var iomFixturePath = filepath.Join("testdata", "iom-channel.csv")

// TestIOMFixtureIsCurrent: the committed fixture is what iomFixture
// writes (go test ./ui -run TestIOMFixtureIsCurrent -update rewrites it).
func TestIOMFixtureIsCurrent(t *testing.T) {
	want := iomFixture(400)
	if *update {
		if err := os.WriteFile(iomFixturePath, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(iomFixturePath)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("%s is not what iomFixture writes (%v): run with -update", iomFixturePath, err)
	}
}
