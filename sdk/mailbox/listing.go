package mailbox

import (
	"iter"
	"sync"

	"github.com/graphlake/graphlake/sdk"
)

// listing is one Run's view of the round's listing of mailboxes, which
// runs on its own goroutine while mailboxes start: some of the mailboxes
// the last round synced start ahead of it, held, and the listing keeps
// them as it names them; the others it names are started in the order
// named.
type listing struct {
	mu sync.Mutex
	// seen holds the users the listing named (the shard's); it is read
	// after the listing ended.
	seen map[string]bool
	// holds are the held mailboxes started ahead, by user.
	holds map[string]*sdk.Hold
	// queued are named users not started ahead, waiting to be started;
	// more wakes toStart when one is queued or the listing ends.
	queued []string
	more   chan struct{}
	done   bool
	// complete and err are the listing's outcome, once done.
	complete bool
	err      error
}

// aheadMailbox is a mailbox started before the listing named it.
type aheadMailbox struct {
	user string
	hold *sdk.Hold
}

func newListing() *listing {
	return &listing{seen: map[string]bool{}, holds: map[string]*sdk.Hold{}, more: make(chan struct{}, 1)}
}

// listed takes a user the listing named: a mailbox started ahead is kept,
// another is queued to start; a user named twice counts once.
func (l *listing) listed(user string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen[user] {
		return
	}
	l.seen[user] = true
	if h := l.holds[user]; h != nil {
		h.Keep()
		return
	}
	l.queued = append(l.queued, user)
	l.wake()
}

// end records the listing's outcome and drops the mailboxes started ahead
// that it did not name.
func (l *listing) end(complete bool, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.done, l.complete, l.err = true, complete, err
	for _, h := range l.holds {
		h.Drop() // does nothing to those kept
	}
	l.wake()
}

func (l *listing) wake() {
	select {
	case l.more <- struct{}{}:
	default:
	}
}

// ahead starts, held, at most n of the users of prior that owns is true
// of and that the listing has not named yet, as prior yields them; none
// once the listing ended (it named every one it selects, and those are
// queued). prior is read without the lock: it may wait for the round's
// states.
func (l *listing) ahead(prior iter.Seq[string], owns func(string) bool, n int, start func(aheadMailbox)) {
	if n <= 0 {
		return
	}
	started := 0
	for user := range prior {
		if !owns(user) {
			continue
		}
		l.mu.Lock()
		if l.done {
			l.mu.Unlock()
			return
		}
		if l.seen[user] || l.holds[user] != nil {
			l.mu.Unlock()
			continue
		}
		h := sdk.NewHold()
		l.holds[user] = h
		l.mu.Unlock()
		start(aheadMailbox{user: user, hold: h})
		if started++; started == n {
			return
		}
	}
}

// toStart yields the queued users, in the order named, until the listing
// has ended and every one was yielded.
func (l *listing) toStart() iter.Seq[string] {
	return func(yield func(string) bool) {
		for {
			l.mu.Lock()
			batch, done := l.queued, l.done
			l.queued = nil
			l.mu.Unlock()
			for _, user := range batch {
				if !yield(user) {
					return
				}
			}
			if done && len(batch) == 0 {
				return
			}
			if len(batch) == 0 {
				<-l.more
			}
		}
	}
}

// result is the listing's outcome; call it after toStart has ended.
func (l *listing) result() (complete bool, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.complete, l.err
}
