// Package crashpoint names the steps of a round where a crash test kills
// the host, and parses which step a test asked for.
//
// A round reaches its steps in this order: Fetch and Parquet for every
// batch, Upload while files are written, then FilesDurable, Checkpoint
// (only in a round that writes a state checkpoint), BeforeCommit,
// AfterCommit and AfterHead, once each. The runner, the Parquet writer's
// store and the S3 uploader call a Hook (a func(step string) carried in
// their options; nil does nothing) as they pass a step.
//
// Production binaries never kill themselves: cmd/etl builds the hook only
// under the crashpoints build tag, which the end-to-end tests use. The
// package holds no state of its own; a Hook counts in its closure.
package crashpoint
