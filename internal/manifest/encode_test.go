package manifest

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk/wire"
)

// TestEncodeToIsEncode holds EncodeTo's bytes to Encode's, for entries
// with no streams (nil and empty), one and many, and fields that JSON
// escapes (HTML characters, control characters, line breaks, non-ASCII,
// invalid UTF-8, a stream named as the marker is), with and without the
// optional fields.
func TestEncodeToIsEncode(t *testing.T) {
	odd := []string{"", "a", "<b>&amp;</b>", "line\nbreak\ttab", "\u2028\u2029", "caf\u00e9 \U0001F600", "bad \xff utf8",
		"\x00", streamsMarker, `{"source": "x"}`, "    ", ",\n    "}
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func() string { return odd[rng.IntN(len(odd))] }
	stream := func(full bool) Stream {
		s := Stream{Source: pick(), Stream: pick(), Pages: rng.Int64N(10), Upserts: rng.Int64N(1000), Deletes: rng.Int64N(5), Status: wire.StatusOK}
		if full {
			s.Mode, s.Fingerprint, s.StartLinkSHA256, s.EndLinkSHA256 = wire.ModeIncremental, pick(), strings.Repeat("ab", 32), strings.Repeat("cd", 32)
			s.DeltaLink, s.Error, s.Reason, s.Swept, s.Status = "c2VhbGVk+/==", pick(), pick(), 3, wire.StatusFailed
		}
		return s
	}
	base := func() Entry {
		return Entry{Format: FormatVersion, Pipeline: "p<&>", Round: 7, Kind: KindSync, RunID: "run", StartedAt: time.Unix(1, 5).UTC(),
			CommittedAt: time.Unix(2, 0).UTC(), HostVersion: "v\n1", Previous: strings.Repeat("e", 64),
			State: &StateRef{Round: 7, Path: "_state/x", SHA256: "s", Streams: 3}, Unchanged: 4,
			Files: []File{{Table: "messages", Path: "messages/a.parquet", Rows: 1, Bytes: 2, SHA256: "h"}}}
	}
	many := make([]Stream, 500)
	for i := range many {
		many[i] = stream(i%2 == 0)
	}
	cases := []struct {
		name    string
		streams []Stream
		edit    func(*Entry)
	}{
		{"nil streams", nil, nil},
		{"empty streams", []Stream{}, nil},
		{"one bare stream", []Stream{{}}, nil},
		{"one stream", []Stream{stream(true)}, nil},
		{"many streams", many, nil},
		{"no files or state", many[:3], func(e *Entry) { e.Files, e.State, e.Unchanged, e.Previous = nil, nil, 0, "" }},
		{"a shard's chain", many[:7], func(e *Entry) { e.Chain, e.Seq = Chain{Index: 1, Count: 4}, 9 }},
		{"a signed entry", many[:2], func(e *Entry) {
			e.Signature = &Signature{Algorithm: SignatureAlgorithm, KeyID: "k", PublicKey: "p", Value: "v"}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := base()
			e.Streams = tc.streams
			if tc.edit != nil {
				tc.edit(&e)
			}
			want, err := Encode(&e)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := EncodeTo(&got, &e); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Fatalf("EncodeTo differs from Encode:\n%s\nwant\n%s", got.Bytes(), want)
			}
		})
	}
}
