package pluginhost

import (
	"fmt"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/graphlake/graphlake/sdk/wire"
)

// The SyncEvent fields whose repeated elements boundRepeated counts, and
// the bounds: protobuf allocates a message for every element it reads,
// so a 64 MiB event of empty elements (two bytes each) would make the
// host allocate gigabytes before any check of the event could refuse it.
const (
	graphStatsField  = 5 // GraphStats, its statuses field 1
	checkpointsField = 6 // CheckpointList, its checkpoints field 1
)

// boundRepeated refuses a plugin's SyncEvent, before protobuf reads it,
// whose checkpoint list holds more than wire.MaxCheckpointsPerList
// checkpoints or whose graph stats hold more than maxGraphStatuses
// statuses (counted over every occurrence of the field, as protobuf
// merges them). A message it cannot read is left to protobuf to refuse.
func boundRepeated(b []byte) error {
	var checkpoints, statuses int
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil
		}
		b = b[n:]
		if typ != protowire.BytesType || (num != checkpointsField && num != graphStatsField) {
			m := protowire.ConsumeFieldValue(num, typ, b)
			if m < 0 {
				return nil
			}
			b = b[m:]
			continue
		}
		v, m := protowire.ConsumeBytes(b)
		if m < 0 {
			return nil
		}
		b = b[m:]
		count := countField(v, 1)
		switch num {
		case checkpointsField:
			checkpoints += count
			if checkpoints > wire.MaxCheckpointsPerList {
				return &ProtocolError{Err: fmt.Errorf("a checkpoint list of more than %d checkpoints", wire.MaxCheckpointsPerList)}
			}
		case graphStatsField:
			statuses += count
			if statuses > maxGraphStatuses {
				return &ProtocolError{Err: fmt.Errorf("graph stats: more than %d statuses", maxGraphStatuses)}
			}
		}
	}
	return nil
}

// countField counts the occurrences of field num in a message's bytes,
// up to where they stop being readable.
func countField(b []byte, num protowire.Number) int {
	count := 0
	for len(b) > 0 {
		n, typ, l := protowire.ConsumeTag(b)
		if l < 0 {
			return count
		}
		m := protowire.ConsumeFieldValue(n, typ, b[l:])
		if m < 0 {
			return count
		}
		if n == num {
			count++
		}
		b = b[l+m:]
	}
	return count
}
