// Package sdktest runs a source in process against the Graph emulator
// (package graphtest), round after round, the way the host does: it keeps
// each stream's deltaLink and fingerprint between rounds, forgets ended
// and resynced streams, and folds every table's rows into its current
// state (child tables without the rows of deleted parents). A plugin's
// unit tests use it to compare the lake they would write with the
// emulator's truth.
//
// It is not the host: there is no plugin process, no gRPC, no Parquet and
// no manifest. End-to-end tests of those run the etl binary.
package sdktest
