package geojson

import (
	"errors"
	"runtime"
	"runtime/debug"
	"sync/atomic"

	"campmap/data"
)

// Parsing a large FeatureCollection in place.
//
// The general loader first scans the "features" array for each feature's
// bytes (scan.go) and then parses them, in two halves on two goroutines.
// For the common large file — a FeatureCollection whose "features" array
// is its last member — the scan costs a fifth of the load's CPU time and
// a list of 16 bytes per feature, though the parser reads the same bytes
// again. direct parses the array in place instead: one goroutine from the
// array's start, another from a likely feature boundary near the middle
// (splitPoint), each finding a feature's end as it reads it (the fast
// path, fastFeatureIn, or else skipValue). As in arrayElemsSplit, the
// second half's features are used only if the first half ends exactly at
// that boundary; its warnings wait until its first feature's number is
// known (featureParser.late).
//
// direct gives up, and the general loader starts again from the top, on
// anything it does not expect: a feature that fails (the general loader
// finds and reports the first problem in the file, as it always did), a
// member after the features array, a campmap record, a type other than
// FeatureCollection before the features, cancellation. So the layer, its
// warnings and every error are those of the general loader;
// TestDirectMatchesScan compares the two.

// directMin is the size of a file from which the loader parses its
// features without a scan first (a variable so that tests can change it).
var directMin = 8 << 20

// noDirect turns direct parsing off (tests compare both ways).
var noDirect = false

// directsUsed counts the loads direct parsed (tests check that it did).
var directsUsed atomic.Int64

// errStopMembers stops scanObject at the "features" array (direct).
var errStopMembers = errors.New("stop at the features")

// direct parses the top-level object starting at src[i] in place when it
// is a large FeatureCollection whose "features" array comes last. ok
// tells that it did, with the object's members and the offset past it as
// the scan would return them, and the chunks in ld.parsed; otherwise the
// loader must scan. err is set only for a file that changed while it was
// read (a fault reading the mapping), which the scan would meet too.
func (ld *loader) direct(i int) (members []member, end int, ok bool, err error) {
	b := ld.src
	if noDirect || len(b) < directMin {
		return nil, 0, false, nil
	}
	arr := -1
	before, _, serr := scanObject(b, i, func(key string, start int) (int, error) {
		if key != "features" {
			return skipValue(b, start)
		}
		arr = start
		return 0, errStopMembers
	})
	if serr != errStopMembers {
		if fe := (*faultError)(nil); errors.As(serr, &fe) {
			return nil, 0, false, ld.changedWhileLoading(fe)
		}
		return nil, 0, false, nil
	}
	typ := ""
	for _, m := range before {
		switch m.key {
		case "features", recordMember:
			return nil, 0, false, nil
		case "type":
			typ, _ = ld.stringMember(&m)
		}
	}
	if typ != "FeatureCollection" {
		return nil, 0, false, nil
	}
	j0 := skipSpace(b, arr+1)
	if j0 >= len(b) || b[j0] == ']' {
		return nil, 0, false, nil
	}
	name := ld.opt.Name
	if name == "" {
		name = data.LayerName(ld.path)
	}
	ld.progressNext = int64(len(b)) / 100
	if testHookParse != nil {
		testHookParse()
	}

	// the second half from a line that starts a feature near the middle
	c := -1
	if runtime.GOMAXPROCS(0) > 1 {
		c = splitPoint(b, arr+(len(b)-arr)/2)
	}
	if c <= j0 {
		c = -1
	}
	first := ld.newFeatureParser(name, growAfter)
	var second *featureParser
	var abandon atomic.Bool
	type result struct {
		end, n int
		ok     bool
		err    error // a fault
	}
	done := make(chan result, 1)
	waited := true
	if c > 0 {
		second = ld.newFeatureParser(name, growAfter)
		second.late = true
		waited = false
		go func() {
			var r result
			defer func() { done <- r }()
			if ld.drop != nil {
				defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
				defer ld.recoverFault(&r.err)
			}
			r.end, r.n, _, r.ok = second.parseFrom(c, -1, &abandon, nil)
		}()
		if testHookSplit != nil {
			testHookSplit()
		}
	}
	defer func() {
		// the first half gave up or faulted (a panic the loader
		// recovers): the second must stop reading b before the file is
		// unmapped
		if !waited {
			abandon.Store(true)
			<-done
		}
	}()
	endA, nA, stopped, okA := first.parseFrom(j0, c, nil, &abandon)
	if !okA {
		return ld.undoDirect()
	}
	ld.parsed, ld.parsedN = []*featureParser{first}, nA
	arrEnd := endA
	if c > 0 {
		if !stopped {
			abandon.Store(true)
		}
		r := <-done
		waited = true
		if stopped {
			if r.err != nil {
				return nil, 0, false, r.err
			}
			if !r.ok {
				return ld.undoDirect()
			}
			second.number(nA)
			ld.parsed, ld.parsedN = append(ld.parsed, second), nA+r.n
			arrEnd = r.end
		}
	}
	// nothing but the end of the object may follow the array
	j := skipSpace(b, arrEnd)
	if j >= len(b) || b[j] != '}' || skipSpace(b, j+1) != len(b) {
		return ld.undoDirect()
	}
	members = append(before, member{key: "features", start: arr, end: arrEnd})
	directsUsed.Add(1)
	return members, j + 1, true, nil
}

// undoDirect forgets what direct parsed, for the scan to start again: the
// progress reported so far stays (the scan's reports resume past it).
func (ld *loader) undoDirect() ([]member, int, bool, error) {
	ld.parsed, ld.parsedN = nil, 0
	ld.progressMu.Lock()
	ld.progressDone = 0
	ld.progressMu.Unlock()
	return nil, 0, false, nil
}

// parseFrom parses the elements of the features array from src[j], the
// start of one, to the end of the array, or until the next element would
// start at stopAt (-1: none). It returns the offset just past the array
// (or stopAt), how many features it added, and whether it stopped at
// stopAt; ok is false when it gave up. It gives up, too, when stop is set
// (nil: never); passed is set when the elements go past stopAt without
// one starting there.
func (fp *featureParser) parseFrom(j, stopAt int, stop, passed *atomic.Bool) (end, n int, stopped, ok bool) {
	b := fp.ld.src
	start, dropped, reported := j, j, j
	// a fast-path feature must end within this: larger ones take the
	// general way (checkValueSizes, bigFeature), as after a scan
	window := min(bigFeatureBytes-1, maxValueBytes)
	for k := 0; ; k++ {
		if j == stopAt {
			return j, k, true, true
		}
		if stopAt >= 0 && j > stopAt {
			passed.Store(true) // the other half started inside a feature
			stopAt = -1
		}
		if k&2047 == 0 && k > 0 {
			if fp.ld.drop != nil && j-dropped >= dropStep {
				fp.ld.drop(dropped, j)
				dropped = j
			}
			if fp.ld.ctx.Err() != nil || (stop != nil && stop.Load()) {
				return 0, 0, false, false
			}
			fp.ld.progress(int64(j - reported))
			reported = j
		}
		if k == growAfter {
			// the columns for the features to come, from the bytes to
			// come (to the end of the file: the first half is sized for
			// the whole layer, so the second is appended without copying
			// the first's columns again)
			ratio := float64(len(b)-j) / float64(max(1, j-start))
			fp.grow(int(float64(k)*ratio*1.02), ratio)
		}
		if j >= len(b) || b[j] != '{' {
			return 0, 0, false, false
		}
		e, handled, err := fp.fastFeatureIn(b, j, min(len(b), j+window), k, false)
		if err != nil {
			return 0, 0, false, false
		}
		if !handled {
			if e, err = skipValue(b, j); err != nil {
				return 0, 0, false, false
			}
			if fp.parseOne(j, e, k) != nil {
				return 0, 0, false, false
			}
		}
		j = skipSpace(b, e)
		if j >= len(b) {
			return 0, 0, false, false
		}
		switch b[j] {
		case ',':
			j = skipSpace(b, j+1)
		case ']':
			fp.ld.progress(int64(j + 1 - reported))
			return j + 1, k + 1, false, true
		default:
			return 0, 0, false, false
		}
	}
}
