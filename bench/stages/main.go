// Command stages times each stage of the headless render job (read, parse,
// prepare, basemap, draw, PNG encode) on one GeoJSON file, with an optional
// CPU profile, so BENCHMARKS.md can say where the time goes.
//
//	go run ./bench/stages [-cpuprofile cpu.out] FILE.geojson
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image/png"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"campmap/data"
	"campmap/data/basemap"
	_ "campmap/data/formats/all" // the file may be in any format
	"campmap/geo"
	"campmap/render"

	"github.com/paulmach/orb"
)

func main() {
	cpu := flag.String("cpuprofile", "", "write a CPU profile here")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: stages [-cpuprofile F] FILE.geojson")
		os.Exit(2)
	}
	if *cpu != "" {
		f, err := os.Create(*cpu)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		_ = pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	t0 := time.Now()
	lap := func(name string) {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Printf("%-10s %7.3f s  heap %4d MB  sys %4d MB\n", name, time.Since(t0).Seconds(), ms.HeapAlloc>>20, ms.Sys>>20)
		t0 = time.Now()
	}
	l, err := data.LoadFile(context.Background(), flag.Arg(0), data.LoadOptions{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	lap("load")
	bm, err := basemap.Default()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	lap("basemap")
	sc := render.NewScene(bm, []*data.Layer{l})
	vp := geo.Fit(orb.Bound{Min: orb.Point{-1.5, 49.5}, Max: orb.Point{3, 52}}, 2000, 2000, 0, geo.MaxZoom)
	img := render.Render(sc, vp)
	lap("draw")
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	lap("png")
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	buf.Reset()
	_ = enc.Encode(&buf, img)
	lap("png-fast")
	fmt.Println("features", l.Len(), "png bytes", buf.Len())
}
