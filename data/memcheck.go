package data

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
)

// loadCostPerByte is about how many bytes of memory loading costs per byte
// of GeoJSON or CSV input beyond the file itself (which is mapped, not
// copied): the layer's columns (~0.7 of the file for point incidents), the
// feature offsets and the collector's headroom. It is deliberately
// pessimistic so a refusal comes before the machine starts swapping.
const loadCostPerByte = LoadCostPerByte

// LoadCostPerByte is loadCostPerByte for the loaders' tests, which check
// that loading costs no more than the check predicts.
const LoadCostPerByte = 1.2

// memReserve is memory left to the rest of the system when deciding
// whether a file fits.
const memReserve = 256 << 20

// memAvailable returns the kernel's estimate of memory available to new
// work (MemAvailable in /proc/meminfo), in bytes, and false where it is
// unknown. Tests replace it.
var memAvailable = systemMemAvailable

// systemMemAvailable reads MemAvailable from /proc/meminfo.
func systemMemAvailable() (int64, bool) {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Bytes()
		if !bytes.HasPrefix(line, []byte("MemAvailable:")) {
			continue
		}
		fields := bytes.Fields(line[len("MemAvailable:"):])
		if len(fields) == 0 {
			return 0, false
		}
		kb, err := strconv.ParseInt(string(fields[0]), 10, 64)
		if err != nil {
			return 0, false
		}
		return kb << 10, true
	}
	return 0, false
}

// CheckFits refuses the file at path when reading it whole would not fit
// in the memory available now, with a *LoadError wrapping ErrTooLarge
// that says how much it needs. Loaders that hold a whole file in memory
// (GeoJSON, CSV) call it first. It says yes when the available memory is
// unknown, and for what is not a regular file.
func CheckFits(path string) error {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return nil
	}
	size := st.Size()
	avail, ok := memAvailable()
	if !ok {
		return nil
	}
	need := int64(float64(size) * loadCostPerByte)
	if need <= avail-memReserve {
		return nil
	}
	return &LoadError{Path: path, Feature: -1, Err: ErrTooLarge, Msg: fmt.Sprintf(
		"the file is too large for the memory available: it is %s and loading it needs about %s, but only %s is free; "+
			"close other programs, or split the file (for example by date) and open the parts", mb(size), mb(need), mb(max(avail, 0)))}
}

// ErrTooLarge is wrapped by loaders refusing a file that would not fit in
// memory.
var ErrTooLarge = errors.New("file too large for the available memory")

func mb(n int64) string {
	if n >= 10<<30 {
		return fmt.Sprintf("%.0f GB", float64(n)/(1<<30))
	}
	if n >= 1<<30 {
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	}
	return fmt.Sprintf("%d MB", (n+(1<<20)-1)>>20)
}
