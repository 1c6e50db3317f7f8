package geojson

import (
	"errors"
	"runtime"
	"runtime/debug"
	"sync"
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
	first, n, arrEnd, ok, err := ld.parseChunks(name, arr, j0)
	if err != nil || !ok {
		ld.undoDirect()
		return nil, 0, false, err
	}
	// nothing but the end of the object may follow the array
	j := skipSpace(b, arrEnd)
	if j >= len(b) || b[j] != '}' || skipSpace(b, j+1) != len(b) {
		ld.undoDirect()
		return nil, 0, false, nil
	}
	ld.parsed, ld.parsedN = []*featureParser{first}, n
	members = append(before, member{key: "features", start: arr, end: arrEnd})
	directsUsed.Add(1)
	return members, j + 1, true, nil
}

// directChunk is the size of the pieces direct cuts the features array
// into: two goroutines parse them in order, and each piece is merged into
// the layer as soon as those before it are, so that a piece's columns are
// not kept beside the layer's for long (two halves would hold half the
// layer twice at the end of the load). A variable so that tests can cut
// small files into many pieces.
var directChunk = 32 << 20

// chunk is one piece of the features array that direct parses.
type chunk struct {
	start, sizeEnd int // where it starts; where its bytes end, for sizing
	fp             *featureParser
	stop           atomic.Bool // its result is no longer needed
	done           chan struct{}

	end, n int  // offset past the array (or the next piece it stopped at)
	next   int  // the index of that piece; -1: it reached the array's end
	ok     bool // false: it gave up
	err    error
}

// parseChunks parses the features array starting at src[arr] ('['),
// whose first element starts at j0, in pieces, and returns the parser
// holding every feature, how many, and the offset past the array. ok is
// false when a piece gave up; err is set only for a fault.
func (ld *loader) parseChunks(name string, arr, j0 int) (first *featureParser, n, arrEnd int, ok bool, err error) {
	b := ld.src
	// pieces from lines that start a feature at equal steps of the file
	var cs []*chunk
	add := func(start int) {
		c := &chunk{start: start, done: make(chan struct{})}
		c.fp = ld.newFeatureParser(name, growAfter)
		c.fp.late = len(cs) > 0
		cs = append(cs, c)
	}
	add(j0)
	if workers := min(runtime.GOMAXPROCS(0), 2); workers > 1 {
		pieces := max(2, (len(b)-arr)/directChunk)
		for k := 1; k < pieces; k++ {
			if p := splitPoint(b, arr+int(int64(len(b)-arr)*int64(k)/int64(pieces))); p > cs[len(cs)-1].start {
				add(p)
			}
		}
	}
	for k, c := range cs {
		c.sizeEnd = len(b)
		if k+1 < len(cs) {
			c.sizeEnd = cs[k+1].start
		}
	}
	// workers take the pieces in order
	var next atomic.Int64
	var wg sync.WaitGroup
	work := func() {
		defer wg.Done()
		for {
			k := int(next.Add(1) - 1)
			if k >= len(cs) {
				return
			}
			c := cs[k]
			func() {
				defer close(c.done)
				if c.stop.Load() {
					return
				}
				if ld.drop != nil {
					// b is a mapped file another program may cut short
					defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
					defer ld.recoverFault(&c.err)
				}
				c.end, c.n, c.next, c.ok = c.fp.parseFrom(c.start, c.sizeEnd, cs[k+1:], k+1, &c.stop)
			}()
		}
	}
	workers := min(runtime.GOMAXPROCS(0), 2, len(cs))
	wg.Add(workers)
	for range workers {
		go work()
	}
	// whatever happens below, no worker reads b once this returns (the
	// file is unmapped then)
	defer func() {
		for _, c := range cs {
			c.stop.Store(true)
		}
		wg.Wait()
	}()
	if len(cs) > 1 && testHookSplit != nil {
		testHookSplit()
	}
	// merge the pieces in file order, from the first on; a piece whose
	// start the one before went past without stopping there is not used
	first = cs[0].fp
	c0next := -1 // the piece after the first
	for k := 0; ; {
		c := cs[k]
		<-c.done
		if c.err != nil {
			return nil, 0, 0, false, c.err
		}
		if !c.ok {
			return nil, 0, 0, false, nil
		}
		if k > 0 && k == c0next {
			// once the first piece is parsed, a sample of a few hundred
			// thousand features, the layer's columns are sized for the
			// rest of the file from it, so that the pieces are appended
			// without copying the columns again (a piece that does not
			// fit is given exactly its room, by Merge). Text gets more:
			// it grows faster than the bytes down a file, numbered names
			// and ids getting longer.
			rest := float64(len(b)-c.start) / float64(max(1, c.start-j0))
			fb := first.b
			fb.Grow(int(float64(fb.Len())*rest*1.02), int(float64(fb.PropCount())*rest*1.02), int(float64(fb.TextBytes())*rest*1.05))
		}
		if k > 0 {
			c.fp.number(n)
			if err := first.absorb(c.fp); err != nil {
				return nil, 0, 0, false, nil // the scan reports it
			}
			c.fp = nil // its columns are garbage now
		}
		n += c.n
		if c.next < 0 {
			return first, n, c.end, true, nil
		}
		if k == 0 {
			c0next = c.next
		}
		for _, skipped := range cs[k+1 : c.next] {
			skipped.stop.Store(true)
		}
		k = c.next
	}
}

// absorb appends the features of o, the chunk after fp's, to fp's: the
// columns, warnings and counts of features skipped.
func (fp *featureParser) absorb(o *featureParser) error {
	if err := fp.b.Merge(o.b); err != nil {
		return err
	}
	fp.w.Merge(o.w)
	fp.nullGeoms += o.nullGeoms
	fp.emptyGeoms += o.emptyGeoms
	if fp.unsplit == 0 && o.unsplit > 0 {
		fp.firstUnsplit, fp.firstUnsplitOff = o.idxBase+o.firstUnsplit-fp.idxBase, o.firstUnsplitOff
	}
	fp.unsplit += o.unsplit
	fp.ownKinds = fp.ownKinds || o.ownKinds
	return nil
}

// undoDirect forgets what direct parsed, for the scan to start again: the
// progress reported so far stays (the scan's reports resume past it).
func (ld *loader) undoDirect() {
	ld.parsed, ld.parsedN = nil, 0
	ld.progressMu.Lock()
	ld.progressDone = 0
	ld.progressMu.Unlock()
}

// parseFrom parses the elements of the features array from src[j], the
// start of one, to the end of the array, or until the next element would
// start where one of the pieces after it, stops[i] (numbered first+i),
// does; sizeEnd is where the bytes it sizes its columns for end. It
// returns the offset just past the array (or that piece's start), how
// many features it added, and the number of the piece it stopped at (-1
// at the array's end); ok is false when it gave up, as it does when stop
// is set. Pieces it goes past without stopping are told to stop.
func (fp *featureParser) parseFrom(j, sizeEnd int, stops []*chunk, first int, stop *atomic.Bool) (end, n, next int, ok bool) {
	b := fp.ld.src
	start, dropped, reported := j, j, j
	// a fast-path feature must end within this: larger ones take the
	// general way (checkValueSizes, bigFeature), as after a scan
	window := min(bigFeatureBytes-1, maxValueBytes)
	for k := 0; ; k++ {
		for len(stops) > 0 && j >= stops[0].start {
			if j == stops[0].start {
				fp.dropBehind(dropped, j)
				return j, k, first, true
			}
			stops[0].stop.Store(true) // it started inside a feature
			stops, first = stops[1:], first+1
		}
		if k&2047 == 0 && k > 0 {
			if fp.ld.drop != nil && j-dropped >= dropStep {
				fp.ld.drop(dropped, j)
				dropped = j
			}
			if fp.ld.ctx.Err() != nil || stop.Load() {
				return 0, 0, 0, false
			}
			fp.ld.progress(int64(j - reported))
			reported = j
		}
		if k == growAfter {
			// the columns for the features to come in this piece, from
			// the bytes to come
			ratio := float64(sizeEnd-j) / float64(max(1, j-start))
			fp.grow(int(float64(k)*ratio*1.02), ratio)
		}
		if j >= len(b) || b[j] != '{' {
			return 0, 0, 0, false
		}
		e, handled, err := fp.fastFeatureIn(b, j, min(len(b), j+window), k, false)
		if err != nil {
			return 0, 0, 0, false
		}
		if !handled {
			if e, err = skipValue(b, j); err != nil {
				return 0, 0, 0, false
			}
			if fp.parseOne(j, e, k) != nil {
				return 0, 0, 0, false
			}
		}
		j = skipSpace(b, e)
		if j >= len(b) {
			return 0, 0, 0, false
		}
		switch b[j] {
		case ',':
			j = skipSpace(b, j+1)
		case ']':
			fp.ld.progress(int64(j + 1 - reported))
			fp.dropBehind(dropped, j)
			return j + 1, k + 1, -1, true
		default:
			return 0, 0, 0, false
		}
	}
}

// dropBehind lets the kernel drop a mapped file's src[lo:hi] from memory
// when the loader is done with it: a piece's last bytes too, or every
// piece of ten million features would keep up to 8 MB of the file
// resident (half a gigabyte in all).
func (fp *featureParser) dropBehind(lo, hi int) {
	if fp.ld.drop != nil && hi > lo {
		fp.ld.drop(lo, hi)
	}
}
