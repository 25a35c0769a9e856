package current

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/internal/store"
)

// ErrUnknownTable means the lake holds no table of that name.
var ErrUnknownTable = errors.New("unknown table")

// View is the lake as current-state readers see it after some round: the
// newest snapshot and the entries committed after it. A View is not safe
// for concurrent use.
type View struct {
	store    store.Store
	snapshot *manifest.CurrentRef
	// tail are the entries after the snapshot's round (all of them when
	// there is none), oldest first.
	tail  []*manifest.Entry
	infos map[string]*tableInfo
}

// Open reads the view after latest, the newest entry of a lake of one
// chain: its snapshot, and the chain's entries after the snapshot's round
// (at most compact_every of them when compaction runs). A nil latest is
// an empty lake.
func Open(ctx context.Context, s store.Store, latest *manifest.Committed) (*View, error) {
	v := &View{store: s, infos: map[string]*tableInfo{}}
	if latest == nil {
		return v, nil
	}
	from := int64(1)
	if latest.Current != nil {
		v.snapshot, from = latest.Current, latest.Current.Round+1
	}
	since, err := manifest.SinceWithoutStreams(ctx, s, latest, from)
	if err != nil {
		return nil, fmt.Errorf("read the rounds after the current-state snapshot: %w", err)
	}
	for _, c := range since {
		v.tail = append(v.tail, &c.Entry)
	}
	return v, nil
}

// With returns the view with e's files applied after the others: a round
// about to commit sees its own changes.
func (v *View) With(e *manifest.Entry) *View {
	return &View{store: v.store, snapshot: v.snapshot, tail: append(v.tail[:len(v.tail):len(v.tail)], e), infos: map[string]*tableInfo{}}
}

// Snapshot is the newest snapshot, nil when there is none.
func (v *View) Snapshot() *manifest.CurrentRef { return v.snapshot }

// Tables lists the lake's tables, sorted: those of the snapshot and those
// the entries after it wrote.
func (v *View) Tables() []string {
	seen := map[string]bool{}
	if v.snapshot != nil {
		for _, t := range v.snapshot.Tables {
			seen[t.Table] = true
		}
	}
	for _, e := range v.tail {
		for _, f := range e.Files {
			seen[f.Table] = true
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// has reports whether the lake holds the table.
func (v *View) has(table string) bool {
	if v.snapshot.Table(table) != nil {
		return true
	}
	for _, e := range v.tail {
		for _, f := range e.Files {
			if f.Table == table {
				return true
			}
		}
	}
	return false
}

// snapshotFiles are the table's snapshot files, in key order.
func (v *View) snapshotFiles(table string) []parquetin.File {
	var files []parquetin.File
	if t := v.snapshot.Table(table); t != nil {
		for _, f := range t.Files {
			files = append(files, parquetin.Recorded(f))
		}
	}
	return files
}

// tailFiles are the table's change-log files after the snapshot, in
// round order, then in the order each entry lists them.
func (v *View) tailFiles(table string) []parquetin.File {
	var files []parquetin.File
	for _, e := range v.tail {
		for _, f := range e.Files {
			if f.Table == table {
				files = append(files, parquetin.Recorded(f))
			}
		}
	}
	return files
}

// info describes a table from its newest file's schema: the last change-log
// file after the snapshot, else the snapshot's first file.
func (v *View) info(ctx context.Context, table string) (*tableInfo, error) {
	if t, ok := v.infos[table]; ok {
		return t, nil
	}
	var newest parquetin.File
	if files := v.tailFiles(table); len(files) > 0 {
		newest = files[len(files)-1]
	} else if files := v.snapshotFiles(table); len(files) > 0 {
		newest = files[0]
	} else {
		return nil, fmt.Errorf("%w %q: the lake has %s", ErrUnknownTable, table, tableList(v.Tables()))
	}
	schema, err := readSchema(ctx, v.store, newest)
	if err != nil {
		return nil, err
	}
	t, err := newTableInfo(table, schema)
	if err != nil {
		return nil, err
	}
	v.infos[table] = t
	return t, nil
}

func tableList(names []string) string {
	if len(names) == 0 {
		return "no tables yet"
	}
	return "tables " + strings.Join(names, ", ")
}

// OpenLake reads the view after the newest round of every chain of the
// lake (see manifest.Chain): the newest snapshot any chain names, and the
// entries of every chain after the round of it the snapshot covers
// (manifest.CurrentRef.Covered), in round order. A lake of one chain reads
// as Open does.
func OpenLake(ctx context.Context, s store.Store) (*View, error) {
	lake, err := manifest.LoadLakeHeads(ctx, s)
	if err != nil {
		return nil, err
	}
	return OpenHeads(ctx, s, lake)
}

// OpenHeads reads the view after the heads of lake, as OpenLake does: a
// round about to commit reads the lake it started from.
func OpenHeads(ctx context.Context, s store.Store, lake *manifest.Lake) (*View, error) {
	v := &View{store: s, infos: map[string]*tableInfo{}, snapshot: lake.Snapshot()}
	after, err := lake.AfterSnapshot(ctx, s, v.snapshot)
	if err != nil {
		return nil, fmt.Errorf("read the rounds after the current-state snapshot: %w", err)
	}
	for _, c := range after {
		v.tail = append(v.tail, &c.Entry)
	}
	return v, nil
}

// Empty reports whether the view holds no committed round.
func (v *View) Empty() bool { return v.snapshot == nil && len(v.tail) == 0 }

// Round is the newest round the view holds (0 for an empty lake).
func (v *View) Round() int64 {
	var n int64
	if v.snapshot != nil {
		n = v.snapshot.Round
	}
	for _, e := range v.tail {
		n = max(n, e.Round)
	}
	return n
}
