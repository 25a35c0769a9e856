package runner

import (
	"context"
	"errors"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/graphlake/graphlake/internal/config"
	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/parquetin"
	"github.com/graphlake/graphlake/internal/store"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// testLake is a local lake in a temp folder whose one source, "dir", is
// a fakeSource run in process.
type testLake struct {
	t     *testing.T
	root  string
	store *store.Local
	src   *fakeSource
	// checkpointEvery is Options.CheckpointEvery (0: the default).
	checkpointEvery int64
	// others are more sources, by name (also their plugin's ref).
	others map[string]wire.Source
}

func newTestLake(t *testing.T) *testLake {
	t.Helper()
	root := t.TempDir()
	s, err := store.NewLocal(root)
	if err != nil {
		t.Fatal(err)
	}
	return &testLake{t: t, root: root, store: s, src: &fakeSource{}}
}

// options are the round's options; hook, when set, hears each crashpoint.
func (l *testLake) options(hook func(step string)) Options {
	key := make([]byte, 32)
	for i := range key {
		key[i] = byte(i + 1)
	}
	p := &config.Pipeline{Name: "p", State: config.State{Key: key},
		Sources: []config.Source{{Name: "dir", Plugin: "fake", Config: []byte("{}")}}}
	for _, name := range slices.Sorted(maps.Keys(l.others)) {
		p.Sources = append(p.Sources, config.Source{Name: name, Plugin: name, Config: []byte("{}")})
	}
	return Options{Pipeline: p, Store: l.store, Connector: fakeConnector{l.src, l.others}, Tokens: noTokens{}, HostVersion: "test",
		CheckpointEvery: l.checkpointEvery, Crash: hook}
}

// noTokens is a token source the fake source never asks.
type noTokens struct{}

func (noTokens) Token(context.Context) (string, time.Time, error) {
	return "", time.Time{}, errors.New("the fake source asked for a token")
}

// run runs one round with the given script.
func (l *testLake) run(ctx context.Context, script map[string]streamRound, hook func(step string)) (*Result, error) {
	l.src.script = script
	return Run(ctx, l.options(hook))
}

// mustRun runs a round that must commit.
func (l *testLake) mustRun(script map[string]streamRound) *Result {
	l.t.Helper()
	res, err := l.run(context.Background(), script, nil)
	if err != nil {
		l.t.Fatalf("round: %v", err)
	}
	if res.Entry == nil {
		l.t.Fatal("round committed no entry")
	}
	return res
}

// objects lists every file in the lake's folder, temporary files of
// unfinished writes included.
func (l *testLake) objects() map[string]bool {
	l.t.Helper()
	out := map[string]bool{}
	err := filepath.WalkDir(l.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(l.root, p)
		out[filepath.ToSlash(rel)] = true
		return err
	})
	if err != nil {
		l.t.Fatal(err)
	}
	return out
}

// latest is the newest committed entry (nil: none).
func (l *testLake) latest() *manifest.Committed {
	l.t.Helper()
	c, err := manifest.Latest(context.Background(), l.store)
	if err != nil {
		l.t.Fatal(err)
	}
	return c
}

// lakeRow is one row of the fake table as read back from Parquet.
type lakeRow struct {
	id, stream, op, reason string
}

// rows reads back the rows of an entry's files of the fake table.
func (l *testLake) rows(e *manifest.Entry) []lakeRow {
	l.t.Helper()
	var names []parquetin.File
	for _, f := range e.Files {
		if f.Table == fakeTable {
			names = append(names, parquetin.Recorded(f))
		}
	}
	var out []lakeRow
	err := parquetin.ReadRows(context.Background(), l.store, names, func(row map[string]any) error {
		r := lakeRow{id: str(row["id"]), stream: str(row[table.ColStream]), op: str(row[table.ColOp]), reason: str(row[table.ColRemovedReason])}
		out = append(out, r)
		return nil
	})
	if err != nil {
		l.t.Fatal(err)
	}
	return out
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// streamOf finds a stream's record in an entry.
func streamOf(t *testing.T, e *manifest.Entry, stream string) manifest.Stream {
	t.Helper()
	for _, s := range e.Streams {
		if s.Source == "dir" && s.Stream == stream {
			return s
		}
	}
	t.Fatalf("round %d records no stream %q (it records %d)", e.Round, stream, len(e.Streams))
	return manifest.Stream{}
}

// newObjects lists the objects in after that are not in before.
func newObjects(before, after map[string]bool) []string {
	var out []string
	for name := range after {
		if !before[name] {
			out = append(out, name)
		}
	}
	return out
}
