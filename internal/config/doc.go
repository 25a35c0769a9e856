// Package config loads pipeline files written in HCL: one pipeline block with
// its graph, state, destination, source and (optional) lake blocks.
//
// Problems come back as hcl.Diagnostics, collected rather than stopping at
// the first: each has a one-line summary, a detail that says the fix and a
// subject range, so WriteDiagnostics can show the offending line. Each
// source's own attributes are handed on as JSON, with their ranges, for its
// plugin to check; a destination's body stays opaque for its kind to decode.
//
// Expressions may call env("NAME"), env("NAME", "fallback"), file("path")
// and trimspace(s); nothing else.
//
// The package does not know which attributes a plugin accepts, does not
// contact Graph or the authority, does not open the destination and does
// not read certificates beyond checking that their files exist.
package config
