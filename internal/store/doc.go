// Package store is the lake's object storage: named, immutable objects
// behind the Store interface, so a local folder and an S3 bucket look the
// same to the rest of etl.
//
// Names are slash-separated paths relative to the store's root, like S3
// keys. An object becomes visible all at once: streamed objects on Commit,
// small ones through PutIfAbsent, which is also the lake's single-writer
// guard (the manifest entry of a round is created with it).
//
// The package is not responsible for what objects mean (see packages
// manifest and parquetout), for retries, nor for garbage collection of
// objects that a failed round left behind.
package store
