// Command gen writes the illustrative incidents of the Calais 2015 sample:
//
//	go run ./data/sample/gen [-seed N] [-out data/sample/calais-2015/incidents.geojson]
//
// The output depends only on the seed and on the embedded routes and
// terminals: the same seed gives the same bytes.
package main

import (
	"flag"
	"fmt"
	"os"

	"campmap/data/sample"
)

func main() {
	seed := flag.Uint64("seed", sample.IncidentSeed, "random seed")
	out := flag.String("out", "data/sample/calais-2015/incidents.geojson", "file to write")
	flag.Parse()
	b, err := sample.GenerateIncidents(*seed)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %s (%d bytes)\n", *out, len(b))
}
