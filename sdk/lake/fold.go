package lake

import (
	"fmt"
	"sort"
	"strings"
)

// Meta columns the fold reads.
const (
	colOp     = "_op"
	colRound  = "_round"
	colSeq    = "_seq"
	colFields = "_fields"
)

// State is the current state of one table, by key.
type State struct {
	key  []string
	rows map[string]map[string]any
	// at orders rows: (round, seq) of the last change applied per key.
	at map[string][2]int64
	// deleted is the (round, seq) of the last delete per key.
	deleted map[string][2]int64
}

// NewState returns an empty state for a table keyed by the given columns.
func NewState(key ...string) *State {
	return &State{key: key, rows: map[string]map[string]any{}, at: map[string][2]int64{}, deleted: map[string][2]int64{}}
}

// Apply folds one change-log row in. Rows of a key must come in (_round,
// _seq) order; an older row than the last applied is an error, since
// applying it would resurrect stale values.
func (s *State) Apply(row map[string]any) error {
	k, err := s.keyOf(row)
	if err != nil {
		return err
	}
	round, _ := row[colRound].(int64)
	seq, _ := row[colSeq].(int64)
	if prev, ok := s.at[k]; ok && (round < prev[0] || (round == prev[0] && seq <= prev[1])) {
		return fmt.Errorf("row %s at round %d seq %d is not newer than round %d seq %d: apply rows in order", k, round, seq, prev[0], prev[1])
	}
	s.at[k] = [2]int64{round, seq}
	if row[colOp] == "delete" {
		delete(s.rows, k)
		s.deleted[k] = s.at[k]
		return nil
	}
	cur, ok := s.rows[k]
	if !ok {
		cur = map[string]any{}
		s.rows[k] = cur
	}
	for _, col := range s.key {
		cur[col] = row[col]
	}
	fields, _ := row[colFields].([]any)
	for _, f := range fields {
		if name, ok := f.(string); ok {
			cur[name] = row[name]
		}
	}
	return nil
}

// Rows returns the live rows sorted by key; values are the typed columns
// that some row carried (meta columns excluded).
func (s *State) Rows() []map[string]any {
	keys := make([]string, 0, len(s.rows))
	for k := range s.rows {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]map[string]any, len(keys))
	for i, k := range keys {
		out[i] = s.rows[k]
	}
	return out
}

// Len is the number of live rows.
func (s *State) Len() int { return len(s.rows) }

func (s *State) keyOf(row map[string]any) (string, error) { return Key(row, s.key) }

// Key joins a row's key values (string columns, in order) into one map
// key; "\x00", which no Graph id holds, separates them (SplitKey undoes it).
func Key(row map[string]any, key []string) (string, error) {
	if len(key) == 1 {
		if v, ok := row[key[0]].(string); ok {
			return v, nil // most tables: no join, no allocation
		}
	}
	parts := make([]string, len(key))
	for i, col := range key {
		v, ok := row[col].(string)
		if !ok {
			return "", fmt.Errorf("row has no string key column %q: %v", col, row[col])
		}
		parts[i] = v
	}
	return strings.Join(parts, "\x00"), nil
}

// SplitKey returns the values Key joined.
func SplitKey(k string) []string { return strings.Split(k, "\x00") }

// DropOrphans removes the rows whose parent is not live in parent, and the
// rows last written before their parent's last deletion (a restored parent
// comes back as a new object, and its children with it): the child's
// columns cols hold the parent's key, in the parent's key order. A child
// table's current state is its own fold without the rows of deleted
// parents (see table.Parent); both states must come from one source, whose
// rows share one (_round, _seq) order. It returns how many rows it removed.
func (s *State) DropOrphans(parent *State, cols ...string) (int, error) {
	if len(cols) != len(parent.key) {
		return 0, fmt.Errorf("parent key has %d columns, the link names %d", len(parent.key), len(cols))
	}
	dropped := 0
	for k, row := range s.rows {
		parts := make([]string, len(cols))
		for i, col := range cols {
			v, ok := row[col].(string)
			if !ok {
				return dropped, fmt.Errorf("row %s has no string parent column %q", k, col)
			}
			parts[i] = v
		}
		pk := strings.Join(parts, "\x00")
		_, live := parent.rows[pk]
		if del, ok := parent.deleted[pk]; !live || ok && before(s.at[k], del) {
			delete(s.rows, k)
			dropped++
		}
	}
	return dropped, nil
}

// before reports whether position a precedes b in (_round, _seq) order.
func before(a, b [2]int64) bool { return a[0] < b[0] || a[0] == b[0] && a[1] < b[1] }
