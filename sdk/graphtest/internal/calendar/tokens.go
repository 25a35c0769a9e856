package calendar

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"time"
)

// syncState is what a delta token pins: the mailbox, the window, the time
// zone of the first request, and the view as the round that issued it saw
// it (instance id to version), with the calendar's change sequence then.
type syncState struct {
	user     string
	from, to time.Time
	zone     string
	seen     map[string]string
	seq      int64
}

// pending is a round in progress: the pages left to serve and the state
// its deltaLink will pin.
type pending struct {
	pages [][]json.RawMessage
	next  syncState
}

// tokens keeps sync states and rounds in progress by token, evicting the
// least recently used past a cap: a client that keeps using an old
// deltaLink (a stream with nothing new keeps its stored one) keeps it
// alive, as long as others are used less.
type tokens struct {
	max     int
	clock   int64
	order   []use            // oldest first; entries older than used[tok] are stale
	used    map[string]int64 // each live token's last use
	states  map[string]*syncState
	rounds  map[string]*pending
	evicted int
}

// use is one entry of the eviction queue.
type use struct {
	tok string
	at  int64
}

func newTokens(max int) *tokens {
	return &tokens{max: max, used: map[string]int64{}, states: map[string]*syncState{}, rounds: map[string]*pending{}}
}

// newToken draws an opaque token.
func newToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// putState stores a sync state and returns its delta token.
func (t *tokens) putState(st syncState) string {
	tok := newToken()
	t.states[tok] = &st
	t.touch(tok)
	return tok
}

// putRound stores a round in progress and returns its skip token.
func (t *tokens) putRound(p *pending) string {
	tok := newToken()
	t.rounds[tok] = p
	t.touch(tok)
	return tok
}

// state returns the sync state of a delta token, marking it used.
func (t *tokens) state(tok string) *syncState {
	st := t.states[tok]
	if st != nil {
		t.touch(tok)
	}
	return st
}

// takeRound returns and forgets the round in progress of a skip token.
func (t *tokens) takeRound(tok string) *pending {
	p := t.rounds[tok]
	delete(t.rounds, tok)
	delete(t.used, tok)
	return p
}

// touch marks tok used now and evicts the least recently used tokens
// past the cap.
func (t *tokens) touch(tok string) {
	t.clock++
	t.used[tok] = t.clock
	t.order = append(t.order, use{tok: tok, at: t.clock})
	for len(t.used) > t.max && len(t.order) > 0 {
		old := t.order[0]
		t.order = t.order[1:]
		if t.used[old.tok] != old.at {
			continue // used since, or gone
		}
		delete(t.used, old.tok)
		delete(t.states, old.tok)
		delete(t.rounds, old.tok)
		t.evicted++
	}
	if len(t.order) > 4*t.max+1024 { // drop stale entries
		live := t.order[:0]
		for _, u := range t.order {
			if t.used[u.tok] == u.at {
				live = append(live, u)
			}
		}
		t.order = live
	}
}

// expireAll forgets every sync state and round in progress.
func (t *tokens) expireAll() {
	t.order, t.used, t.states, t.rounds = nil, map[string]int64{}, map[string]*syncState{}, map[string]*pending{}
}
