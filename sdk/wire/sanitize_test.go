package wire

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestEscapeControl checks that plugin text goes through the one escaper
// (sdk/internal/printable, which has the full table of cases).
func TestEscapeControl(t *testing.T) {
	if got, want := EscapeControl("\x1b[31mred\r\n\u202e"), `\x1b[31mred\x0d\x0a\u202e`; got != want {
		t.Errorf("EscapeControl = %q, want %q", got, want)
	}
}

// TestCutTextBoundsAPluginsText: a plugin's text is untrusted; it is kept
// to the limit, cut at a rune's start and marked.
func TestCutTextBoundsAPluginsText(t *testing.T) {
	const limit = 1024
	for _, tt := range []struct {
		name, in string
		cut      bool
	}{
		{"short", "Round may be cut short at Graph's cap", false},
		{"exactly the limit", strings.Repeat("a", limit), false},
		{"long ASCII", strings.Repeat("a", 64<<20), true},
		{"long two-byte runes", strings.Repeat("é", limit), true},
		{"long four-byte runes", strings.Repeat("😀", limit), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := CutText(tt.in, limit)
			if !tt.cut {
				if got != tt.in {
					t.Fatalf("a text within the limit changed: %q", got)
				}
				return
			}
			if len(got) > limit || !utf8.ValidString(got) || !strings.HasSuffix(got, "…") || !strings.HasPrefix(tt.in, strings.TrimSuffix(got, "…")) {
				t.Fatalf("cut to %d bytes (valid UTF-8: %v, marked: %v), want a prefix of at most %d bytes, marked", len(got), utf8.ValidString(got), strings.HasSuffix(got, "…"), limit)
			}
		})
	}
}
