// Package audit checks a lake against its manifest and finds what no
// committed round names.
//
// Verify walks the hash chain from round 1 to the latest and every object
// an entry names (Parquet files and current-state snapshots by size and
// SHA-256, state checkpoints by SHA-256), and reports the first break. Garbage lists the objects under
// the lake's root that no committed round names — the files of rounds that
// failed or lost the commit race — once they are old enough that no round
// in flight can still commit them. Leftovers lists the writes a dead
// process left unfinished (temporary files, multipart uploads).
package audit
