// Package table is how a plugin declares a table and turns Graph JSON
// objects into Arrow record batches: typed columns named after Graph's
// properties, plus the meta columns every lake row carries (_op,
// _removed_reason, _round, _seq, _synced_at, _stream, _fields, _extra).
//
// It does not send batches (package sdk's Emitter does) nor write files.
package table
