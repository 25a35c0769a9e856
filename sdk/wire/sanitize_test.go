package wire

import "testing"

func TestEscapeControl(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text, with tabs\tand ünïcode", "plain text, with tabs\tand ünïcode"},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"title\x1b]0;pwned\x07", `title\x1b]0;pwned\x07`},
		{"two\r\nlines", `two\x0d\x0alines`},
		{"c1 \u009b2J", `c1 \u009b2J`},
		{"bidi \u202eevil", `bidi \u202eevil`},
		{"bad \xff utf-8", `bad \xff utf-8`},
		{"del \x7f", `del \x7f`},
	}
	for _, tt := range tests {
		if got := EscapeControl(tt.in); got != tt.want {
			t.Errorf("EscapeControl(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
