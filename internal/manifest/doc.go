// Package manifest is the lake's audit history: one JSON entry per
// committed round under _manifest/, created only if absent and never
// rewritten. Creating the entry is the commit. Each entry carries the
// SHA-256 of the previous one, so a silent edit breaks the chain.
//
// The package reads and writes entries; it does not decide what a round
// contains (the runner does) nor seal deltaLinks (package sealed).
package manifest
