package wire

import (
	"strconv"

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
