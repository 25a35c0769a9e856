// Package duckdb holds the DuckDB compatibility tests of graphlake's lake:
// they sync a lake from the Graph emulator with the real etl binary, run
// the SQL that `etl sql --dialect duckdb` prints in DuckDB, and compare
// every current view with the emulator.
//
// It is a module of its own so that DuckDB (cgo, a large static library)
// stays out of the main module's dependencies; run its tests with
// `go -C tests/duckdb test ./...`. It has no code besides its tests.
package duckdb
