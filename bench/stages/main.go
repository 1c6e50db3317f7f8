// Command stages times each stage of the headless render job (read, parse,
// prepare, basemap, draw, PNG encode as export writes it) on one GeoJSON file, with an optional
// CPU profile, so BENCHMARKS.md can say where the time goes.
//
//	go run ./bench/stages [-cpuprofile cpu.out] FILE.geojson
//
// Each stage prints its wall time and the process's CPU time (user +
// system, both cores), which a busy machine disturbs much less.
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
	"strings"
	"syscall"
	"time"

	"campmap/data"
	"campmap/data/basemap"
	_ "campmap/data/formats/all" // the file may be in any format
	"campmap/export"
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
	t0, c0 := time.Now(), cpuTime()
	lap := func(name string) {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		c := cpuTime()
		fmt.Printf("%-10s %7.3f s  cpu %6.3f s  heap %4d MB  sys %4d MB\n", name, time.Since(t0).Seconds(), (c - c0).Seconds(), ms.HeapAlloc>>20, ms.Sys>>20)
		t0, c0 = time.Now(), c
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
	if err := export.WritePNG(&buf, img, 0, nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	lap("png") // as campmap render writes it
	fast := png.Encoder{CompressionLevel: png.BestSpeed}
	var fb bytes.Buffer
	_ = fast.Encode(&fb, img)
	lap("png-fast") // for comparison: image/png's fastest level
	fmt.Println("features", l.Len(), "png bytes", buf.Len())
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("peak RSS %d MB, load average %s", ru.Maxrss>>10, loadAvg())
}

// cpuTime is the process's user and system time so far: on a shared
// machine it moves much less than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadAvg is /proc/loadavg's first three figures, to print beside the times.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown\n"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown\n"
	}
	return strings.Join(f[:3], " ") + "\n"
}
