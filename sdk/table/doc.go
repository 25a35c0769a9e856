// Package table is how a plugin declares a table and turns Microsoft Graph
// JSON items into Arrow record batches.
//
// A [Table] is data: a name, key columns and typed [Column]s named after
// Graph's properties. Its [Table.Schema] is the declared columns, all
// nullable, followed by the meta columns every lake row carries: _op,
// _removed_reason, _round, _seq, _synced_at, _stream, _fields and _extra
// (see the Col constants). A [Builder] decodes items straight into Arrow
// builders, without an intermediate map of Go values: an item carrying
// "@removed" becomes a tombstone, anything else an upsert; properties the
// table does not declare are kept, as JSON, in _extra.
//
// The package is not responsible for sending batches to the host (package
// sdk's Emitter does), for writing Parquet (the host does), nor for
// deciding which item wins when one repeats within a round (the lake's
// readers use _seq).
package table
