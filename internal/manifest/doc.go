// Package manifest is the lake's audit history: one JSON entry per
// committed round under _manifest/, created only if absent and never
// rewritten. Creating the entry is the commit. Each entry carries the
// SHA-256 of the previous one, so a silent edit breaks the chain.
//
// # Chains
//
// A lake holds one hash chain of entries per writer (Chain): the root
// chain, _manifest/ itself, which an unsharded pipeline writes, and one
// chain per shard of a sharded pipeline, under _manifest/shards/. What
// follows holds for every chain alike. Callers hold a Chain value (the
// zero Chain is the root chain) and ask it where its entries, HEAD and
// checkpoints are; a Lake (LoadLake) is every chain's newest entry, from
// which any chain's next entry is placed (Lake.Next) and its stream state
// gathered (Lake.Streams), however many chains the lake has.
//
// A current-state snapshot written in a sharded lake records the newest
// round of each chain it holds (CurrentRef.Covers): readers apply only
// each chain's entries after it (Lake.AfterSnapshot), and an entry that
// carries such a reference is written in format 3 (see FormatVersion).
//
// # Committing
//
// Every entry, of every kind and chain, is committed through a Committer
// (commit.go): Next.Fill sets its chain fields, Commit signs it, creates
// it if absent (the commit; a lost race is a *RoundTakenError) and moves
// HEAD, whose failure only leaves a stale hint (see below).
//
// # Stream state
//
// A pipeline may have hundreds of thousands of streams (every folder of
// every mailbox), so an entry records only the streams whose state changed
// that round (a new deltaLink, a failure, an end) and counts the ones that
// ran without change. The full state lives in state checkpoints,
// _manifest/state/<round>-<run>.jsonl.gz: one line per stream, written
// before the entry that names it and never rewritten. Every entry names
// the newest checkpoint (State); a round's full state is that checkpoint
// with the entries after it applied (Apply). A checkpoint is written every
// CheckpointEvery rounds, so loading the state reads one checkpoint and at
// most CheckpointEvery-1 entries, however long the history.
//
// # Finding the latest round
//
// _manifest/HEAD names the latest round. It is a hint, rewritten after
// each commit: Latest checks that the round it names exists and probes the
// rounds after it (a run may have died between its commit and the HEAD
// update). Without a usable HEAD it finds the latest round by exponential
// and binary search over entry names. Either way start-up reads a handful
// of objects, never the whole history.
//
// The package reads and writes entries and state; it does not decide what
// a round contains (the runner does) nor seal deltaLinks (package sealed).
package manifest
