// Package printable makes text that came from outside the process (Graph's
// error messages, a plugin's errors, warnings and stderr) safe to print to a
// terminal or write to a log.
package printable

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Escape writes as Go escapes every control character but tab (C0, DEL
// and C1: terminal escape sequences, carriage returns and line breaks, so
// that a message stays one line), every Unicode format character
// (bidirectional overrides, zero-width characters), the line and paragraph
// separators, and each byte of invalid UTF-8: ASCII ones and bytes as \xNN,
// the others as \uNNNN. Everything else is kept as it is, and text with
// nothing to escape is returned unchanged without copying.
func Escape(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r) && r < utf8.RuneSelf:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size <= 1) || unsafeRune(r) {
			return true
		}
		i += size
	}
	return false
}

// unsafeRune reports whether r must not reach a terminal or a log as is.
func unsafeRune(r rune) bool {
	if r == '\t' {
		return false
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}
