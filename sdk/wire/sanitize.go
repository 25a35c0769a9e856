package wire

import (
	"strconv"
	"unicode/utf8"

	"github.com/graphlake/graphlake/sdk/internal/printable"
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
// Graph's messages, its warnings, its stderr) safe to print or log: see
// printable.Escape, which sdk/graph applies to Graph's text too.
func EscapeControl(s string) string { return printable.Escape(s) }

// CutText cuts s to at most n bytes (n at least 3), at a rune's start,
// ending the cut text with "…"; s within n bytes is returned as it is.
func CutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
