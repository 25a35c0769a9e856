package manifest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"
)

// TestSealedLinksAreHeldRawAndWrittenBackAsRead: a sealed link in
// canonical base64 (as Seal writes every one) is held as its raw bytes, a
// quarter smaller; any text, canonical or not, is written back byte for
// byte as it was read, so that checkpoints re-written from a state, and
// their hashes, are those encoding/json wrote from the text.
func TestSealedLinksAreHeldRawAndWrittenBackAsRead(t *testing.T) {
	seal := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0xfb, 0x01, 0x7f}, 300))
	tests := []struct {
		name    string
		json    string // as a checkpoint holds it
		text    string // the text it stands for
		wantRaw bool
	}{
		{"a sealed link", `"` + seal + `"`, seal, true},
		{"one padding byte", `"` + base64.StdEncoding.EncodeToString([]byte("ab")) + `"`, "YWI=", true},
		{"two padding bytes", `"` + base64.StdEncoding.EncodeToString([]byte("a")) + `"`, "YQ==", true},
		{"no padding", `"YQ"`, "YQ", false},
		{"trailing bits set", `"YR=="`, "YR==", false},
		{"a line break", `"YWJj\nYWJj"`, "YWJj\nYWJj", false},
		{"escaped base64", `"\u0059WJj"`, "YWJj", true},
		{"not base64", `"sealed-a-2"`, "sealed-a-2", false},
		{"HTML characters", `"\u003ca\u0026b\u003e"`, "<a&b>", false},
		{"begins with the raw tag", `"\u0000YWJj"`, "\x00YWJj", false},
		{"begins with the text tag", `"\u0001x"`, "\x01x", false},
		{"empty", `""`, "", false},
		{"null", `null`, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l SealedLink
			if err := jsonv2.Unmarshal([]byte(tt.json), &l); err != nil {
				t.Fatal(err)
			}
			if l.Text() != tt.text {
				t.Fatalf("text %q, want %q", l.Text(), tt.text)
			}
			if l != SealedLinkOf(tt.text) {
				t.Errorf("decoded %q, SealedLinkOf %q: want the same", l, SealedLinkOf(tt.text))
			}
			if raw := l != "" && l[0] == sealedRaw; raw != tt.wantRaw {
				t.Errorf("held raw: %v, want %v", raw, tt.wantRaw)
			}
			if tt.wantRaw && len(l) > len(tt.text)*3/4+1 {
				t.Errorf("held in %d bytes, want at most %d for %d bytes of base64", len(l), len(tt.text)*3/4+1, len(tt.text))
			}
			got, err := json.Marshal(StreamState{DeltaLink: l})
			if err != nil {
				t.Fatal(err)
			}
			want, _ := json.Marshal(struct {
				Source        string `json:"source"`
				Stream        string `json:"stream"`
				Fingerprint   string `json:"fingerprint,omitempty"`
				EndLinkSHA256 string `json:"end_link_sha256,omitempty"`
				DeltaLink     string `json:"delta_link_sealed,omitempty"`
				Round         int64  `json:"round"`
				LinkedAt      string `json:"linked_at"`
			}{DeltaLink: tt.text, LinkedAt: "0001-01-01T00:00:00Z"})
			if !bytes.Equal(got, want) {
				t.Errorf("written as %s, want %s", got, want)
			}
			if tt.text == "" {
				return
			}
			sealed, err := l.Sealed()
			decoded, decodeErr := base64.StdEncoding.DecodeString(tt.text)
			if (err == nil) != (decodeErr == nil) || (err == nil && !bytes.Equal(sealed, decoded)) {
				t.Errorf("Sealed() = %x, %v; want base64's %x, %v", sealed, err, decoded, decodeErr)
			}
		})
	}
}

// TestASealedLinkThatIsNotAStringIsRefused: a checkpoint line whose
// sealed link is not a JSON string does not read, as with a string field.
func TestASealedLinkThatIsNotAStringIsRefused(t *testing.T) {
	for _, v := range []string{`7`, `{}`, `["YWJj"]`, `true`} {
		var st StreamState
		err := jsonv2.Unmarshal([]byte(`{"source":"mail","stream":"a","delta_link_sealed":`+v+`,"round":1}`), &st)
		if err == nil || !strings.Contains(err.Error(), "delta_link_sealed") {
			t.Errorf("%s: err = %v, want a refusal naming delta_link_sealed", v, err)
		}
	}
}

// TestACheckpointIsRewrittenByteForByte: a checkpoint read into a state
// and written again is the same bytes, so its SHA-256 is too.
func TestACheckpointIsRewrittenByteForByte(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	st := State{}
	for i, link := range []string{base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{byte(7)}, 500)), "not base64", "YQ", ""} {
		k := Key{"mail", string(rune('a' + i))}
		st[k] = StreamState{Source: "mail", Stream: k.Stream, Fingerprint: "f", DeltaLink: SealedLinkOf(link), Round: 1}
	}
	first, err := WriteCheckpoint(ctx, s, Chain{}, "p", 1, "0a1b2c3d", st)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ReadCheckpoint(ctx, s, first)
	if err != nil {
		t.Fatal(err)
	}
	again, err := WriteCheckpoint(ctx, s, Chain{}, "p", 1, "4e5f6a7b", back)
	if err != nil {
		t.Fatal(err)
	}
	if again.SHA256 != first.SHA256 {
		t.Errorf("rewritten with SHA-256 %s, first %s", again.SHA256, first.SHA256)
	}
}

// TestACheckpointsLinksShareBlocks: the links of a checkpoint are held in
// a few blocks, not one allocation each (Go would round each up to its
// size class), and hold the same as SealedLinkOf; a link that is not
// canonical base64 is held as its text.
func TestACheckpointsLinksShareBlocks(t *testing.T) {
	texts := make([][]byte, 1000)
	for i := range texts {
		texts[i] = []byte(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{byte(i)}, 800+i%7)))
	}
	texts[500] = []byte("not base64")
	var held []SealedLink
	allocs := testing.AllocsPerRun(1, func() {
		var slab linkSlab
		held = held[:0]
		for _, text := range texts {
			held = append(held, slab.hold(text))
		}
	})
	if allocs > 10 {
		t.Errorf("holding 1,000 links took %v allocations, want a few blocks", allocs)
	}
	for i, text := range texts {
		if held[i] != SealedLinkOf(string(text)) {
			t.Fatalf("link %d held as %q, want %q", i, held[i], SealedLinkOf(string(text)))
		}
	}
}
