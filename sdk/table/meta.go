package table

import (
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/graphlake/graphlake/sdk/wire"
)

// Meta column names. Every row carries them after the declared columns.
const (
	// ColOp is "upsert" or "delete" (see OpUpsert, OpDelete); never null.
	ColOp = "_op"
	// ColRemovedReason is why a row was deleted: Graph's @removed.reason
	// ("changed", "deleted") or the source's own (e.g. "resync").
	ColRemovedReason = "_removed_reason"
	// ColRound is the round that produced the row; never null.
	ColRound = "_round"
	// ColSeq orders rows inside a round: the last one of a key wins.
	ColSeq = "_seq"
	// ColSyncedAt is when the round started, TIMESTAMP(ms, UTC).
	ColSyncedAt = "_synced_at"
	// ColStream names the delta stream the row came from.
	ColStream = "_stream"
	// ColFields lists, sorted, the declared columns whose property the
	// item carried: an absent property means "unchanged", not null.
	ColFields = "_fields"
	// ColExtra is a JSON object of the properties no column reads, or null.
	ColExtra = "_extra"
	// ColTenant is the tenant id of the pipeline that wrote the row (its
	// graph block's tenant_id). The host writes it as the last column of
	// every lake file, after the columns a plugin's schema has: plugins
	// neither declare nor write it. Files written before graphlake wrote
	// it have no such column; readers take it as null there.
	ColTenant = "_tenant"
)

// Values of the _op column.
const (
	OpUpsert = "upsert"
	OpDelete = "delete"
)

// Values of the _removed_reason column for rows deleted because a stream
// read everything again or ended: Graph never announced their deletion.
// The host's sweep writes them, and so may a source that removes such
// rows itself. Graph's own reasons pass through as Graph gives them. The
// vocabulary spells them (package wire, vocab.go).
const (
	// RemovedResync: the stream read everything again and the row did
	// not come back.
	RemovedResync = wire.RemovedResync
	// RemovedEnded: the stream ended (no longer configured, or its mail
	// folder is gone) and no other stream returned the row.
	RemovedEnded = wire.RemovedEnded
)

// Schema metadata keys.
const (
	// MetadataTable is the schema metadata key holding the table's name.
	MetadataTable = "graphlake.table"
	// MetadataKey is the schema metadata key holding the key columns,
	// comma-separated.
	MetadataKey = "graphlake.key"
	// MetadataParent is the schema metadata key holding a child table's
	// parent link, e.g. "groups(groupId)" (see Parent).
	MetadataParent = "graphlake.parent"
	// MetadataShardKey is the schema metadata key holding the column that
	// splits a sharded source's rows and streams across shards (see
	// Table.ShardKey).
	MetadataShardKey = "graphlake.shard_key"
	// MetadataAppendOnly is the schema metadata key marking an append-only
	// table ("true"; see Table.AppendOnly).
	MetadataAppendOnly = "graphlake.append_only"
	// MetadataPartitionBy is the schema metadata key naming the column
	// whose day partitions the table's files (see Table.PartitionBy).
	MetadataPartitionBy = "graphlake.partition_by"
)

// Meta is what the emitter knows about a row.
type Meta struct {
	// Round is the round number.
	Round int64
	// Seq is the row's position within the round.
	Seq int64
	// SyncedAt is the round's start; it is stored in milliseconds.
	SyncedAt time.Time
	// Stream names the delta stream.
	Stream string
}

// metaFields are the meta columns' Arrow fields, in schema order.
func metaFields() []arrow.Field {
	str := arrow.BinaryTypes.String
	return []arrow.Field{
		{Name: ColOp, Type: str},
		{Name: ColRemovedReason, Type: str, Nullable: true},
		{Name: ColRound, Type: arrow.PrimitiveTypes.Int64},
		{Name: ColSeq, Type: arrow.PrimitiveTypes.Int64},
		{Name: ColSyncedAt, Type: timestampType},
		{Name: ColStream, Type: str},
		{Name: ColFields, Type: arrow.ListOf(str), Nullable: true},
		{Name: ColExtra, Type: str, Nullable: true},
	}
}

// isMetaName reports whether name is one of the meta columns.
func isMetaName(name string) bool {
	for _, f := range metaFields() {
		if f.Name == name {
			return true
		}
	}
	return false
}
