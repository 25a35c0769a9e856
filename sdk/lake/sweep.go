package lake

import "sort"

// Meta column a sweep reads besides the fold's (colOp, colRound, colSeq).
const colStream = "_stream"

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

// NewSweep returns a sweep of a table keyed by the key columns, for the
// streams that read everything again or ended this round, with the reason
// their tombstones carry (ReasonResync, ReasonEnded).
func NewSweep(key []string, streams map[string]string) *Sweep {
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
	// Stream is the swept stream that last wrote the key.
	Stream string
	// Reason is the stream's reason (ReasonResync, ReasonEnded), the
	// tombstone's _removed_reason.
	Reason string
	// Key holds the key's values by key column.
	Key map[string]string
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
		values := SplitKey(k)
		stream := s.last[k].stream
		m := Missing{Stream: stream, Reason: s.streams[stream], Key: make(map[string]string, len(s.key))}
		for j, col := range s.key {
			m.Key[col] = values[j]
		}
		out[i] = m
	}
	return out
}

func (s *Sweep) keyOf(row map[string]any) (string, error) { return Key(row, s.key) }
