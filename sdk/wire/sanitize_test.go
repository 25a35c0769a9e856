package wire

import "testing"

// TestEscapeControl checks that plugin text goes through the one escaper
// (sdk/internal/printable, which has the full table of cases).
func TestEscapeControl(t *testing.T) {
	if got, want := EscapeControl("\x1b[31mred\r\n\u202e"), `\x1b[31mred\x0d\x0a\u202e`; got != want {
		t.Errorf("EscapeControl = %q, want %q", got, want)
	}
}
