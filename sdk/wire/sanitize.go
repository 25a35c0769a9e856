package wire

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable renders a name a plugin sent for a message: quoted, with
// control characters and non-ASCII escaped, at most 80 bytes of it.
func Printable(s string) string {
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return strconv.QuoteToASCII(s)
}

// EscapeControl makes text from a plugin (its errors, which may carry
// Graph's messages, its warnings, its stderr) safe to print or log:
// control characters other than tab (line breaks included: a message is
// one line), Unicode's bidirectional controls and invalid UTF-8 are
// written as Go escapes (\x1b, \n, \u202e), so that no terminal escape
// sequence reaches a terminal and no forged line reaches a log.
func EscapeControl(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case escaped(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsEscape(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if escaped(r) {
			return true
		}
	}
	return false
}

// escaped reports whether r is written as an escape: a control character
// (C0, DEL, C1) other than tab, or a bidirectional control.
func escaped(r rune) bool {
	switch {
	case r == '\t':
		return false
	case unicode.IsControl(r):
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e || r == 0x200f || r == 0x061c:
		return true
	}
	return false
}
