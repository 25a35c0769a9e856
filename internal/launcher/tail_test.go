package launcher

import (
	"strings"
	"testing"
)

// TestTailKeepsTheLastLinesCut: the tail of a plugin's stderr keeps its
// last lines, however the writes split them, and a line of any length
// (a hostile plugin's stderr may be one endless line, which go-plugin
// hands on in pieces of 64 KiB) only to maxTailLine bytes, marked.
func TestTailKeepsTheLastLinesCut(t *testing.T) {
	long := strings.Repeat("x", 64<<20)
	cut := strings.Repeat("x", maxTailLine-len("…")) + "…"
	pieces := func(s string, size int) []string {
		var out []string
		for len(s) > size {
			out = append(out, s[:size])
			s = s[size:]
		}
		return append(out, s)
	}
	tests := []struct {
		name   string
		writes []string
		want   string
	}{
		{"lines in one write", []string{"a\nb\nc\n"}, "b\nc"},
		{"a line split across writes", []string{"pan", "ic: boom\ngorou", "tine 1\n"}, "panic: boom\ngoroutine 1"},
		{"a last line without its newline", []string{"a\nb\nc"}, "a\nb\nc"},
		{"a long line in pieces", append(append([]string{"before\n"}, pieces(long, 64<<10)...), "\nafter\n"), cut + "\nafter"},
		{"a long line in progress", append([]string{"before\n"}, pieces(long, 64<<10)...), "before\n" + cut},
		{"a line at the limit", []string{strings.Repeat("y", maxTailLine) + "\n"}, strings.Repeat("y", maxTailLine)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := newTail(2)
			for _, w := range tt.writes {
				if n, err := tl.Write([]byte(w)); n != len(w) || err != nil {
					t.Fatalf("Write = %d, %v; want %d, nil", n, err, len(w))
				}
				if len(tl.partial) > maxTailLine+1 {
					t.Fatalf("the line in progress holds %d bytes, more than %d", len(tl.partial), maxTailLine+1)
				}
			}
			if got := tl.String(); got != tt.want {
				t.Errorf("tail = %.80q (%d bytes), want %.80q (%d bytes)", got, len(got), tt.want, len(tt.want))
			}
		})
	}
}
