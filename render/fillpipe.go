package render

import (
	"image"
	"image/color"
	"runtime"
)

// The fill pipeline.
//
// A layer of many small lines or polygons costs two things per fill:
// rasterising its coverage (the geometry, the rasteriser) and compositing
// it into the image (memory-bound: each shape's rows lie a stride apart).
// While drawShapes draws many shapes on a raster canvas, the two run on
// two goroutines: the drawing goroutine rasterises each fill's coverage
// into a mask of its own and queues it, with the symbols it stamps, and
// one compositing goroutine applies the queue in order. The image
// receives exactly the same writes in the same order as without the
// pipeline (the coverage of a fill does not depend on the image), so the
// pixels are the same. Any other drawing on the canvas ends the pipeline
// first.

// pipelineMin is the number of shapes in view from which drawShapes
// composites on another goroutine (a variable so that tests can compare
// both ways). Below it the pipeline gains nothing: with 2,000, 40 layers
// of 5,000 shapes (BenchmarkPan40LayersLarge) each started and drained
// one, and a frame took 90–115 ms instead of 68–70.
var pipelineMin = 20000

// pipeMaskMax is the largest mask, in pixels, that goes through the queue;
// a larger fill waits for the queue to drain and composites in place.
// Writes go in batches of up to batchJobs, or batchPix pixels of masks,
// at most pipeDepth batches queued.
const (
	pipeMaskMax = 1 << 16
	batchJobs   = 64
	batchPix    = 1 << 18
	pipeDepth   = 4
)

// fillJob is one queued write into the image: a coverage mask composited
// in colour col over rect, or a stamp drawn at (x, y) inside clip.
type fillJob struct {
	rect  image.Rectangle
	mask  image.Alpha
	col   color.NRGBA
	stamp *stamp
	clip  image.Rectangle
	x, y  int
}

// fillBatch is a run of writes, their masks cut from one array; barrier,
// when set, is closed once the batch is applied.
type fillBatch struct {
	jobs    []fillJob
	pix     []uint8
	barrier chan struct{}
}

// fillPipe is a running pipeline of one raster.
type fillPipe struct {
	cur   *fillBatch      // the batch being filled by the drawing goroutine
	queue chan *fillBatch // batches to apply, in order
	free  chan *fillBatch // batches applied, for reuse
	done  chan struct{}
}

// startPipe starts compositing r's fills on another goroutine, when there
// is another core for it.
func (r *raster) startPipe() {
	if r.pipe != nil || runtime.GOMAXPROCS(0) < 2 {
		return
	}
	p := &fillPipe{queue: make(chan *fillBatch, pipeDepth), free: make(chan *fillBatch, pipeDepth+2), done: make(chan struct{})}
	p.cur = p.newBatch()
	r.pipe = p
	go func() {
		defer close(p.done)
		for b := range p.queue {
			for i := range b.jobs {
				j := &b.jobs[i]
				if j.stamp != nil {
					j.stamp.draw(r.dst, r.origin, j.clip, j.x, j.y)
				} else {
					// the luts belong to this goroutine while the pipe runs
					compositeUniform(r.dst, j.rect, &j.mask, r.lutOf(j.col))
				}
			}
			if b.barrier != nil {
				close(b.barrier)
			}
			b.jobs, b.pix, b.barrier = b.jobs[:0], b.pix[:0], nil
			select {
			case p.free <- b:
			default:
			}
		}
	}()
}

// endPipe waits until every queued write is in the image and stops the
// pipeline; r draws in place again. It does nothing without a pipeline.
func (r *raster) endPipe() {
	if p := r.pipe; p != nil {
		p.send()
		close(p.queue)
		<-p.done
		r.pipe = nil
	}
}

func (p *fillPipe) newBatch() *fillBatch {
	select {
	case b := <-p.free:
		return b
	default:
	}
	return &fillBatch{jobs: make([]fillJob, 0, batchJobs), pix: make([]uint8, 0, batchPix+pipeMaskMax)}
}

// send queues the current batch, when it holds anything, and starts
// another.
func (p *fillPipe) send() {
	if len(p.cur.jobs) == 0 && p.cur.barrier == nil {
		return
	}
	p.queue <- p.cur
	p.cur = p.newBatch()
}

// add queues j (its mask, if any, from mask).
func (p *fillPipe) add(j fillJob) {
	p.cur.jobs = append(p.cur.jobs, j)
	if len(p.cur.jobs) >= batchJobs || len(p.cur.pix) >= batchPix {
		p.send()
	}
}

// wait blocks until every write queued so far is in the image.
func (p *fillPipe) wait() {
	ch := make(chan struct{})
	p.cur.barrier = ch
	p.send()
	<-ch
}

// mask returns a mask of w×h pixels (at most pipeMaskMax) for the next
// job, cut from the current batch. Its pixels are not cleared: the
// rasteriser (draw.Src) writes each of them.
func (p *fillPipe) mask(w, h int) image.Alpha {
	b := p.cur
	n := w * h
	if cap(b.pix)-len(b.pix) < n { // never, with the batch's room; kept safe
		b.pix = make([]uint8, 0, batchPix+pipeMaskMax)
	}
	at := len(b.pix)
	b.pix = b.pix[:at+n]
	return image.Alpha{Pix: b.pix[at : at+n : at+n], Stride: w, Rect: image.Rect(0, 0, w, h)}
}
