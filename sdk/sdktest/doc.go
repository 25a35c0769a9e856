// Package sdktest runs a source in process against the Graph emulator
// (package graphtest), round after round, the way the host does: it keeps
// each stream's deltaLink and fingerprint between rounds, forgets ended
// and resynced streams, and folds every table's rows into its current
// state (child tables without the rows of deleted parents). A plugin's
// unit tests use it to compare the lake they would write with the
// emulator's truth.
//
// A stream that ends with status failed fails the test, naming the stream
// and its error as the host prints them (never a deltaLink): a plugin
// whose query Graph refuses does not pass with no rows. A test that
// expects a failure declares it for the round, by stream id or pattern,
// and asserts on it:
//
//	round := r.Sync(cfg, sdktest.AllowFailed("*/folders"))
//	for _, cp := range round.Failed() {
//		// check cp.Error
//	}
//
// It is not the host: there is no plugin process, no gRPC, no Parquet and
// no manifest. End-to-end tests of those run the etl binary.
package sdktest
