// Package s3store is the lake on Amazon S3 or an S3-compatible store
// (MinIO, R2, Ceph, versitygw), as a store.Store.
//
// Objects stream up as they are written: a multipart upload whose memory is
// bounded by the part size times the upload concurrency, whatever the
// object's size; a failed or abandoned upload is aborted, so no partial
// object appears. PutIfAbsent is a PUT with If-None-Match: *, the lake's
// commit: 412 means another writer holds the name, 409 (a concurrent
// conditional write in flight) is retried. ProbeConditionalWrites checks
// once whether the store honours that header at all.
package s3store
