package resync

import (
	"sort"

	"github.com/graphlake/graphlake/internal/lakestate"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// Reasons of the tombstones a sweep writes (_removed_reason).
const (
	// ReasonResync: the stream read everything again and the row did not
	// come back.
	ReasonResync = table.RemovedResync
	// ReasonEnded: the stream ended (no longer configured, or its mail
	// folder is gone) and no other stream returned the row.
	ReasonEnded = table.RemovedEnded
)

// Meta columns a sweep reads.
const (
	colOp     = "_op"
	colRound  = "_round"
	colSeq    = "_seq"
	colStream = "_stream"
)

// Sweep finds, in one table, the keys that resynced streams held live
// before the round and did not return in it.
type Sweep struct {
	key     []string
	streams map[string]string // stream → reason
	// last is the newest committed change of each key.
	last map[string]change
	// returned holds the keys the round wrote, from any stream.
	returned map[string]struct{}
}

// change is the newest committed row of a key, reduced to what the sweep
// needs.
type change struct {
	round, seq int64
	deleted    bool
	stream     string
}

// New returns a sweep of a table keyed by the key columns, for the
// streams that read everything again or ended this round, with the reason
// their tombstones carry (ReasonResync, ReasonEnded).
func New(key []string, streams map[string]string) *Sweep {
	return &Sweep{key: key, streams: streams, last: map[string]change{}, returned: map[string]struct{}{}}
}

// Committed takes one committed change-log (or snapshot) row, in any
// order: the newest (_round, _seq) of each key wins.
func (s *Sweep) Committed(row map[string]any) error {
	k, err := s.keyOf(row)
	if err != nil {
		return err
	}
	round, _ := row[colRound].(int64)
	seq, _ := row[colSeq].(int64)
	if prev, ok := s.last[k]; ok && (round < prev.round || (round == prev.round && seq < prev.seq)) {
		return nil
	}
	stream, _ := row[colStream].(string)
	if _, swept := s.streams[stream]; !swept {
		// Only the streams being swept matter; a key last written by
		// another stream is that stream's (it may have moved there).
		stream = ""
	}
	s.last[k] = change{round: round, seq: seq, deleted: row[colOp] == "delete", stream: stream}
	return nil
}

// Returned takes one row the round wrote, from any stream.
func (s *Sweep) Returned(row map[string]any) error {
	k, err := s.keyOf(row)
	if err != nil {
		return err
	}
	s.returned[k] = struct{}{}
	return nil
}

// Missing is a key to tombstone: the stream that held it, why, and the
// key values by column.
type Missing struct {
	Stream string
	Reason string
	Key    map[string]string
}

// Missing returns the keys that a swept stream held live and the round
// did not return, sorted by stream, then key.
func (s *Sweep) Missing() []Missing {
	var keys []string
	for k, c := range s.last {
		if _, back := s.returned[k]; c.stream != "" && !c.deleted && !back {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := s.last[keys[i]].stream, s.last[keys[j]].stream
		if a != b {
			return a < b
		}
		return keys[i] < keys[j]
	})
	if len(keys) == 0 {
		return nil
	}
	out := make([]Missing, len(keys))
	for i, k := range keys {
		values := lakestate.SplitKey(k)
		stream := s.last[k].stream
		m := Missing{Stream: stream, Reason: s.streams[stream], Key: make(map[string]string, len(s.key))}
		for j, col := range s.key {
			m.Key[col] = values[j]
		}
		out[i] = m
	}
	return out
}

func (s *Sweep) keyOf(row map[string]any) (string, error) { return lakestate.Key(row, s.key) }

// ReasonFor says whether a stream's round calls for a sweep, and the
// reason its tombstones carry: a stream the lake already holds (known)
// that completed a round reading everything again (ReasonResync), or that
// ended (ReasonEnded). A stream the lake never held has nothing to sweep.
func ReasonFor(known bool, status wire.Status, mode wire.Mode) (reason string, sweep bool) {
	switch {
	case !known:
		return "", false
	case status == wire.StatusOK && mode != wire.ModeIncremental:
		return ReasonResync, true
	case status == wire.StatusEnded:
		return ReasonEnded, true
	}
	return "", false
}
