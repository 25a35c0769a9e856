package wire

import (
	"crypto/sha256"
	"encoding/binary"
	"strings"
)

// Shard is the part of a pipeline one process runs: shard Index of Count.
// The zero value, like 0 of 1, is the whole pipeline.
type Shard struct {
	Index, Count int
}

// Sharded reports whether the shard is one of several.
func (s Shard) Sharded() bool { return s.Count > 1 }

// Owns reports whether the shard syncs the streams of shard key key (a
// mailbox's user id): ShardOf(key, Count) == Index. An unsharded shard owns
// every key.
func (s Shard) Owns(key string) bool {
	return !s.Sharded() || ShardOf(key, s.Count) == s.Index
}

// OwnsStream reports whether the shard syncs stream id (see StreamShardKey).
func (s Shard) OwnsStream(id string) bool { return s.Owns(StreamShardKey(id)) }

// StreamShardKey is the shard key of a stream of a sharded source: its id
// up to the first "/" (the whole id when it has none). The mail source's
// streams, "<userId>/folders" and "<userId>/<folderId>", so keep a mailbox
// together in one shard.
func StreamShardKey(id string) string {
	key, _, _ := strings.Cut(id, "/")
	return key
}

// ShardOf assigns key to one of n shards with Lamping and Veach's jump
// consistent hash over the key's SHA-256: stable from round to round and
// process to process, and when n changes to n+1 only about 1/(n+1) of the
// keys move (each to the new shard), so a re-shard moves as few streams as
// it can. Keys are compared as given; callers lower-case ids first.
func ShardOf(key string, n int) int {
	if n <= 1 {
		return 0
	}
	sum := sha256.Sum256([]byte(key))
	h := binary.BigEndian.Uint64(sum[:8])
	b, j := int64(-1), int64(0)
	for j < int64(n) {
		b = j
		h = h*2862933555777941757 + 1
		j = int64(float64(b+1) * (float64(int64(1)<<31) / float64((h>>33)+1)))
	}
	return int(b)
}
