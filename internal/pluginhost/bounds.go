package pluginhost

import (
	"fmt"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/graphlake/graphlake/sdk/wire"
	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// Bounds of the repeated fields of what a plugin sends, checked before
// protobuf reads it (boundMessage): protobuf allocates a message (or a
// string) for every element it reads, two bytes each when empty, so a
// 64 MiB message of empty elements would make the host allocate
// gigabytes before any check of the message could refuse it. They lie far
// above what a source declares (the directory plugin: a few dozen tables,
// keys of one or two columns) or reports.
const (
	// maxDescribedTables is the most tables a plugin may declare.
	maxDescribedTables = 1024
	// maxTableKeys is the most key columns a table may declare.
	maxTableKeys = 64
	// maxDiagnostics is the most diagnostics a Validate may return.
	maxDiagnostics = 1024
)

// The SyncEvent fields whose repeated elements boundSyncEvent counts.
const (
	graphStatsField  = 5 // GraphStats, its statuses field 1
	checkpointsField = 6 // CheckpointList, its checkpoints field 1
)

// boundMessage refuses, as a *ProtocolError, a plugin's message (the
// encoding b of v) whose repeated fields hold more elements than the
// host takes; a message of another type, or one it cannot read, is left
// to protobuf.
func boundMessage(v any, b []byte) error {
	switch v.(type) {
	case *pb.SyncEvent:
		return boundSyncEvent(b)
	case *pb.DescribeResponse:
		return boundTables(b)
	case *pb.ValidateResponse:
		if countField(b, 1) > maxDiagnostics {
			return &ProtocolError{Err: fmt.Errorf("validate: more than %d diagnostics", maxDiagnostics)}
		}
	}
	return nil
}

// boundSyncEvent refuses a SyncEvent whose checkpoint list holds more
// than wire.MaxCheckpointsPerList checkpoints or whose graph stats hold
// more than maxGraphStatuses statuses (counted over every occurrence of
// the field, as protobuf merges them).
func boundSyncEvent(b []byte) error {
	var checkpoints, statuses int
	return eachField(b, func(num protowire.Number, typ protowire.Type, v []byte) error {
		if typ != protowire.BytesType {
			return nil
		}
		switch num {
		case checkpointsField:
			if checkpoints += countField(v, 1); checkpoints > wire.MaxCheckpointsPerList {
				return &ProtocolError{Err: fmt.Errorf("a checkpoint list of more than %d checkpoints", wire.MaxCheckpointsPerList)}
			}
		case graphStatsField:
			if statuses += countField(v, 1); statuses > maxGraphStatuses {
				return &ProtocolError{Err: fmt.Errorf("graph stats: more than %d statuses", maxGraphStatuses)}
			}
		}
		return nil
	})
}

// boundTables refuses a DescribeResponse of more than maxDescribedTables
// tables, or a table of more than maxTableKeys key columns.
func boundTables(b []byte) error {
	tables := 0
	return eachField(b, func(num protowire.Number, typ protowire.Type, table []byte) error {
		if num != 1 || typ != protowire.BytesType {
			return nil
		}
		if tables++; tables > maxDescribedTables {
			return &ProtocolError{Err: fmt.Errorf("describe: more than %d tables", maxDescribedTables)}
		}
		if countField(table, 4) > maxTableKeys {
			return &ProtocolError{Err: fmt.Errorf("describe: a table of more than %d key columns", maxTableKeys)}
		}
		return nil
	})
}

// countField counts the occurrences of field num in a message's bytes,
// of any wire type, up to where they stop being readable.
func countField(b []byte, num protowire.Number) int {
	count := 0
	_ = eachField(b, func(n protowire.Number, _ protowire.Type, _ []byte) error {
		if n == num {
			count++
		}
		return nil
	})
	return count
}

// eachField calls f with the number, wire type and, for a
// length-delimited field, the value of each field of message b in order,
// until f returns an error, which it returns. It stops quietly where b
// cannot be read: protobuf then refuses the message.
func eachField(b []byte, f func(num protowire.Number, typ protowire.Type, v []byte) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil
		}
		m := protowire.ConsumeFieldValue(num, typ, b[n:])
		if m < 0 {
			return nil
		}
		var v []byte
		if typ == protowire.BytesType {
			v, _ = protowire.ConsumeBytes(b[n:])
		}
		if err := f(num, typ, v); err != nil {
			return err
		}
		b = b[n+m:]
	}
	return nil
}
