package sdk

import (
	"errors"
	"slices"
	"sync"
)

// ErrDropped is what a held Emitter's methods return once its Hold is
// dropped: the work was done ahead of a decision that went against it,
// and nothing of it reached the host. A source returns it (wrapped or not)
// as it returns any other emit failure; whoever dropped the Hold expects
// it and does not fail the round.
var ErrDropped = errors.New("held emits dropped: the work was done ahead of a decision that went against it")

// Hold decides, later than the work it covers, whether that work's rows
// and checkpoints go to the host. A source that starts work before it
// knows it is wanted (a mailbox the last round synced, before this
// round's listing of users says it still exists) sends through
// Emitter.Held: every emit waits until the Hold is kept, then goes out in
// order as usual, or returns ErrDropped once it is dropped. Keep and
// Drop decide once; the later call of the two does nothing.
type Hold struct {
	once    sync.Once
	decided chan struct{}
	kept    bool
}

// NewHold returns an undecided Hold.
func NewHold() *Hold { return &Hold{decided: make(chan struct{})} }

// Keep lets the held emits through, those waiting and those to come.
func (h *Hold) Keep() { h.decide(true) }

// Drop refuses the held emits, those waiting and those to come, with
// ErrDropped.
func (h *Hold) Drop() { h.decide(false) }

func (h *Hold) decide(keep bool) {
	h.once.Do(func() {
		h.kept = keep
		close(h.decided)
	})
}

// wait blocks until h is decided; nil when kept.
func (h *Hold) wait() error {
	<-h.decided
	if !h.kept {
		return ErrDropped
	}
	return nil
}

// Held returns an Emitter that sends what e sends, to the same host and
// in the same batches, once h is kept (and e's own holds, when e is held
// itself); until then each of its methods waits, and once one of them is
// dropped each returns ErrDropped and sends nothing. Whoever holds h must
// decide it, or the waiting emits never return.
func (e *Emitter) Held(h *Hold) *Emitter {
	return &Emitter{emitterState: e.emitterState, holds: append(slices.Clip(e.holds), h)}
}

// held waits for e's holds, outermost first.
func (e *Emitter) held() error {
	for _, h := range e.holds {
		if err := h.wait(); err != nil {
			return err
		}
	}
	return nil
}
