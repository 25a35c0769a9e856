package graphtest

import "time"

// batchWorkerIdle is how long a batch worker waits for more work before
// it ends.
const batchWorkerIdle = 5 * time.Second

// batchWorkers runs the sub-requests of batches on goroutines kept between
// batches: a fresh goroutine's stack grows, copied each time, through the
// Graph handlers' deep calls, which cost a tenth of a batch's CPU. A
// worker ends after batchWorkerIdle without work, or once quit is closed
// (the server stopped).
type batchWorkers struct {
	work chan func()
	quit <-chan struct{}
}

func newBatchWorkers(quit <-chan struct{}) *batchWorkers {
	return &batchWorkers{work: make(chan func()), quit: quit}
}

// run runs f on an idle worker, or on a new one when none is idle.
func (p *batchWorkers) run(f func()) {
	select {
	case p.work <- f:
	default:
		go p.loop(f)
	}
}

// loop runs f, then whatever work comes, until none comes for
// batchWorkerIdle or the server stops.
func (p *batchWorkers) loop(f func()) {
	idle := time.NewTimer(batchWorkerIdle)
	defer idle.Stop()
	for {
		f()
		idle.Reset(batchWorkerIdle)
		select {
		case f = <-p.work:
		case <-idle.C:
			return
		case <-p.quit:
			return
		}
	}
}
