package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/internal/manifest"
	"github.com/graphlake/graphlake/internal/manifest/manifesttest"
	"github.com/graphlake/graphlake/internal/store"
)

// historyEntries are three rounds, newest first: a compaction, a round
// with a resync and a failure, and the first round.
func historyEntries() []*manifest.Committed {
	at := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	state := &manifest.StateRef{Round: 1, Path: "_manifest/state/00000000000000000001-aa.jsonl.gz", SHA256: "5a", Streams: 2}
	snapshot := &manifest.CurrentRef{Round: 3, Tables: []manifest.CurrentTable{{Table: "users", Path: "current/users/snapshot=00000000000000000003-cc/",
		Rows: 120, Files: []manifest.File{{Table: "users", Path: "current/users/snapshot=00000000000000000003-cc/0000.parquet", Rows: 120, Bytes: 9000, SHA256: "f0"}}}}}
	file := func(table string, rows int64) manifest.File {
		return manifest.File{Table: table, Path: table + "/date=2026-05-04/x.parquet", Rows: rows, Bytes: 100, SHA256: "ab"}
	}
	entry := func(round int64, kind string, started time.Time, took time.Duration, prev string) manifest.Entry {
		return manifest.Entry{Format: 2, Pipeline: "contoso", Round: round, Kind: kind, RunID: "r", StartedAt: started,
			CommittedAt: started.Add(took), HostVersion: "dev", Previous: prev, State: state}
	}
	r1 := entry(1, manifest.KindSync, at, 2500*time.Millisecond, "")
	r1.Streams = []manifest.Stream{{Source: "users", Stream: "users", Mode: "initial", Pages: 2, Upserts: 100, Status: "ok"},
		{Source: "groups", Stream: "groups", Mode: "initial", Pages: 1, Upserts: 20, Status: "ok"}}
	r1.Files = []manifest.File{file("users", 100), file("groups", 20)}
	r2 := entry(2, manifest.KindSync, at.Add(15*time.Minute), 1200*time.Millisecond, "1111111111111111aaaa")
	r2.Streams = []manifest.Stream{{Source: "users", Stream: "users", Mode: "resync", Pages: 2, Upserts: 100, Deletes: 4, Status: "ok"},
		{Source: "groups", Stream: "groups", Mode: "incremental", Status: "failed", Error: "403"}}
	r2.Files = []manifest.File{file("users", 104)}
	r3 := entry(3, manifest.KindCompact, at.Add(20*time.Minute), 800*time.Millisecond, "2222222222222222bbbb")
	r3.Current, r3.Streams, r3.Files = snapshot, []manifest.Stream{}, []manifest.File{}
	r3.Signature = &manifest.Signature{Algorithm: "ed25519", KeyID: "e188dec54f8afa9505740eed0b32923a4d6cf1c74152a8937d16454d616132a9",
		PublicKey: "MCowBQYDK2VwAyEANSL8+l1fHyeiE8Mb7X38GoQ/9bxf0SoeqveKT7dbAPk=", Value: "c2lnbmF0dXJl"}
	return []*manifest.Committed{{Entry: r3, SHA256: "3333333333333333cccc"}, {Entry: r2, SHA256: "2222222222222222bbbb"},
		{Entry: r1, SHA256: "1111111111111111aaaa"}}
}

// historyRowsOf summarises entries read whole, as readHistory does.
func historyRowsOf(entries []*manifest.Committed) []historyRow {
	rows := make([]historyRow, len(entries))
	for i, e := range entries {
		rows[i] = historyRowOf(e)
	}
	return rows
}

func TestHistoryPrintsEachRoundAndTheChain(t *testing.T) {
	for _, tt := range []struct {
		golden string
		write  func(*bytes.Buffer, []*manifest.Committed) error
	}{
		{"history.golden", func(b *bytes.Buffer, e []*manifest.Committed) error { return writeHistory(b, historyRowsOf(e)) }},
		{"history-json.golden", func(b *bytes.Buffer, e []*manifest.Committed) error {
			return writeHistoryJSON(b, historyRowsOf(e), func(c *manifest.Committed) (*manifest.Committed, error) { return c, nil })
		}},
	} {
		t.Run(tt.golden+" holds the output", func(t *testing.T) {
			var out bytes.Buffer
			if err := tt.write(&out, historyEntries()); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.golden, out.Bytes())
		})
	}
}

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read %s (run go test -update to create it): %v", golden, err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("output differs from %s; if intended, run go test ./cmd/etl -run %s -update (-want +got):\n%s", golden, t.Name(), diff)
	}
}

// TestHistoryPrintsNoControlCharacters gives writeHistory an entry whose
// texts, read from the lake, hold terminal escapes and line breaks: the
// table it prints holds none of them, so a planted entry cannot redraw
// the terminal or forge lines of the history.
func TestHistoryPrintsNoControlCharacters(t *testing.T) {
	e := historyEntries()[1]
	e.Kind = "sync\x1b[2J\x1b[H"
	e.Previous = "\r\x9b1A\x1b]0;"
	e.Streams[0].Source = "users\nROUND 9 forged"
	e.Signature = &manifest.Signature{KeyID: "\x1b[8m0123456789abcdef"}
	var b bytes.Buffer
	if err := writeHistory(&b, historyRowsOf([]*manifest.Committed{e})); err != nil {
		t.Fatal(err)
	}
	out := strings.TrimSuffix(b.String(), "\n")
	if lines := strings.Count(out, "\n") + 1; lines != 2 {
		t.Errorf("history printed %d lines, want 2:\n%s", lines, out)
	}
	for _, r := range out {
		if r != '\n' && (r < ' ' || r == 0x7f || r >= 0x80 && r <= 0x9f) {
			t.Fatalf("history printed control character %U:\n%q", r, out)
		}
	}
}

// TestGCPrintsNoControlCharacters lists a lake holding objects named with
// terminal escapes and line breaks, one of etl's shape and one foreign:
// gc's listing holds none of those characters.
func TestGCPrintsNoControlCharacters(t *testing.T) {
	ctx := context.Background()
	st, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"x\x1b[2J/date=2026-01-01/0000000001-0001-ab.parquet", "notes\r\x1b[1A.txt"} {
		if err := st.PutIfAbsent(ctx, name, []byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := collect(ctx, &b, st, 0, false); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Count(out, "\n") != 3 {
		t.Errorf("gc printed %d lines, want 3:\n%s", strings.Count(out, "\n"), out)
	}
	for _, r := range out {
		if r != '\n' && r != '\t' && (r < ' ' || r == 0x7f || r >= 0x80 && r <= 0x9f) {
			t.Fatalf("gc printed control character %U:\n%q", r, out)
		}
	}
}

// TestHistoryKeepsNoEntrysStreams: etl history summarises each entry as
// it reads it and keeps it without its streams, so a lake of large
// entries (at 600,000 streams, about a gigabyte each decoded) is read one
// at a time: on a lake of three entries of 5,000 streams each, what it
// holds is under a tenth of what the entries hold read whole, and its
// table counts their streams.
func TestHistoryKeepsNoEntrysStreams(t *testing.T) {
	ctx := context.Background()
	s := manifesttest.Lake(t, 5000, 5000, 5000)
	whole := manifesttest.Retained(func() any {
		entries, err := manifest.History(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		return entries
	})
	var rows []historyRow
	held := manifesttest.Retained(func() any {
		var err error
		if rows, err = readHistory(ctx, s); err != nil {
			t.Fatal(err)
		}
		return rows
	})
	if held > whole/10 {
		t.Errorf("etl history holds %d bytes, the entries read whole %d: want under a tenth", held, whole)
	}
	if len(rows) != 3 || rows[0].entry.Round != 3 || rows[0].streams != 5000 || rows[0].summary.Sources[0] != "mail" {
		t.Errorf("rows: %d, the first round %d with %d streams; want 3 newest first, 5,000 streams of mail", len(rows), rows[0].entry.Round, rows[0].streams)
	}
}
