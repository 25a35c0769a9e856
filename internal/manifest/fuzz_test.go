package manifest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/graphlake/graphlake/internal/store"
)

// FuzzReadEntryDropsOnlyTheStreams feeds readEntry any bytes as a manifest
// entry, which anyone with write access to the lake may have planted, and
// reads it the three ways etl does: whole, with the streams of an entry
// checkpointed in its own round dropped, and with every entry's streams
// dropped. Dropping streams decodes each with its own, faster rules
// (dropStreams, checkedStrings), which must read and fail exactly as the
// whole decoding does: the three must agree on whether the entry is
// corrupt, and on everything they read but the streams. Nothing may
// panic.
//
//	go test ./internal/manifest -run '^$' -fuzz FuzzReadEntryDropsOnlyTheStreams -fuzztime 5m -fuzzminimizetime 2s
func FuzzReadEntryDropsOnlyTheStreams(f *testing.F) {
	ctx := context.Background()
	dir := f.TempDir()
	s, err := store.NewLocal(dir)
	if err != nil {
		f.Fatal(err)
	}
	vocabulary, err := os.ReadFile(filepath.Join("testdata", "vocabulary-entry.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(vocabulary)
	e := entry(3, "ab")
	e.State = &StateRef{Round: 3, Path: "_state/3.json", SHA256: "cd"}
	e.Streams = append(e.Streams, Stream{Source: "mail", Stream: "u1/inbox", Status: "failed", Error: "503", DeltaLink: SealedLinkOfRaw([]byte("sealed"))})
	for _, state := range []*StateRef{e.State, {Round: 2, Path: "_state/2.json"}, nil} {
		e.State = state
		if _, err := Commit(ctx, s, e); err != nil {
			f.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(Chain{}.EntryName(3))))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		// The same with a stream's string as another kind of value: a
		// corrupt entry, however it is read.
		for _, other := range []string{`7`, `true`, `{}`, `null`} {
			f.Add(bytes.Replace(b, []byte(`"source": "users"`), []byte(`"source": `+other), 1))
		}
		if err := os.RemoveAll(filepath.Join(dir, "_manifest")); err != nil {
			f.Fatal(err)
		}
	}
	name := Chain{}.EntryName(1)
	path := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		whole, wholeErr := readEntry(ctx, s, name, keepStreams)
		for _, which := range []entryStreams{dropCheckpointedStreams, dropAllStreams} {
			got, err := readEntry(ctx, s, name, which)
			if (err == nil) != (wholeErr == nil) {
				t.Fatalf("read whole: %v; with streams dropped (%d): %v", wholeErr, which, err)
			}
			if err != nil {
				continue
			}
			// An entry checkpointed in its own round may drop its streams
			// (unless they come before its state: then it is read whole);
			// any other keeps them, but under dropAllStreams.
			want := *whole
			checkpointed := whole.State != nil && whole.State.Round >= whole.Round
			if which == dropAllStreams || checkpointed && got.Streams == nil {
				want.Streams = nil
			}
			if !reflect.DeepEqual(got, &want) {
				t.Fatalf("with streams dropped (%d) the entry reads\n%+v\nand whole\n%+v", which, got, &want)
			}
		}
	})
}
