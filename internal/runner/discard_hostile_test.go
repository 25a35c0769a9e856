package runner

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/graphlake/graphlake/internal/crashpoint"
	"github.com/graphlake/graphlake/internal/manifest"
)

// TestAStoppedRoundDeletesOnlyWhatItWrote appends an entry, as someone
// with write access to an unsigned lake may, that names objects etl did
// not write (the pipeline file beside the lake, round 1's entry) as the
// state checkpoint or the current-state snapshot of the next round. The
// next round carries that reference forward, is stopped before its
// commit, and removes what it wrote: never what the reference names.
func TestAStoppedRoundDeletesOnlyWhatItWrote(t *testing.T) {
	victims := []string{"pipeline.hcl", manifest.Chain{}.EntryName(1)}
	tests := []struct {
		name  string
		plant func(e *manifest.Entry, next int64)
	}{
		{"a snapshot of the next round", func(e *manifest.Entry, next int64) {
			files := make([]manifest.File, len(victims))
			for i, v := range victims {
				files[i] = manifest.File{Table: fakeTable, Path: v, SHA256: "00"}
			}
			e.Current = &manifest.CurrentRef{Round: next, Tables: []manifest.CurrentTable{{Table: fakeTable, Files: files}}}
		}},
		{"a checkpoint of the next round", func(e *manifest.Entry, next int64) {
			e.State = &manifest.StateRef{Round: next, Path: victims[0], SHA256: "00"}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newTestLake(t)
			l.mustRun(firstRound)
			if err := os.WriteFile(filepath.Join(l.root, victims[0]), []byte("pipeline \"p\" {}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			head := l.latest()
			e := &manifest.Entry{Format: manifest.FormatVersion, Pipeline: "p", Kind: manifest.KindSync, RunID: "planted",
				StartedAt: head.StartedAt, CommittedAt: head.CommittedAt, State: head.State, Streams: []manifest.Stream{}, Files: []manifest.File{}}
			manifest.NextAfter(head).Fill(e)
			tt.plant(e, e.Round+1)
			if _, err := manifest.Commit(context.Background(), l.store, e); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			hook := func(step string) {
				if step == crashpoint.BeforeCommit {
					cancel()
				}
			}
			_, err := l.run(ctx, map[string]streamRound{"a": {ids: []string{"a4"}, link: "https://graph.test/a?token=2"}}, hook)
			if err == nil {
				t.Fatal("the stopped round committed")
			}
			for _, v := range victims {
				if _, err := os.Stat(filepath.Join(l.root, v)); errors.Is(err, os.ErrNotExist) {
					t.Errorf("the stopped round deleted %s, which it did not write", v)
				}
			}
		})
	}
}
