package graph

import "github.com/graphlake/graphlake/sdk/internal/printable"

// escapeText makes text that came from the network safe to print (see
// printable.Escape), so that an error message can neither drive the
// terminal nor fake a log line.
func escapeText(s string) string { return printable.Escape(s) }
