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
// oldest past a cap.
type tokens struct {
	max     int
	order   []string
	states  map[string]*syncState
	rounds  map[string]*pending
	evicted int
}

func newTokens(max int) *tokens {
	return &tokens{max: max, states: map[string]*syncState{}, rounds: map[string]*pending{}}
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
	t.remember(tok)
	return tok
}

// putRound stores a round in progress and returns its skip token.
func (t *tokens) putRound(p *pending) string {
	tok := newToken()
	t.rounds[tok] = p
	t.remember(tok)
	return tok
}

func (t *tokens) remember(tok string) {
	t.order = append(t.order, tok)
	for len(t.order) > t.max {
		old := t.order[0]
		t.order = t.order[1:]
		delete(t.states, old)
		delete(t.rounds, old)
		t.evicted++
	}
}

// expireAll forgets every sync state and round in progress.
func (t *tokens) expireAll() {
	t.order, t.states, t.rounds = nil, map[string]*syncState{}, map[string]*pending{}
}
