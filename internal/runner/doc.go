// Package runner runs one round of a pipeline: it reads the last committed
// state, runs every source's plugin, writes their batches as Parquet, and
// commits the round by creating its manifest entry, only after every file
// is durable. A round that fails before the commit changes nothing: the
// next run starts from the same deltaLinks and the files it left are
// orphans for `etl gc`.
//
// It does not parse pipeline files, start processes or render output; it
// is handed a Connector and a Reporter for those.
package runner
