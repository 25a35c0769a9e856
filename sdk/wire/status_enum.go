package wire

import pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"

// statusProto pairs each status a plugin may send with the protocol enum
// it travels as; any other status travels as STATUS_UNSPECIFIED. Both
// sides convert through it: a plugin process with StatusToProto, the host
// (internal/pluginhost) with StatusFromProto.
var statusProto = []struct {
	status Status
	proto  pb.Checkpoint_Status
}{
	{StatusOK, pb.Checkpoint_STATUS_OK},
	{StatusResyncRequired, pb.Checkpoint_STATUS_RESYNC_REQUIRED},
	{StatusFailed, pb.Checkpoint_STATUS_FAILED},
	{StatusEnded, pb.Checkpoint_STATUS_ENDED},
}

// StatusToProto is a status's protocol enum: STATUS_UNSPECIFIED for one
// a plugin may not send.
func StatusToProto(s Status) pb.Checkpoint_Status {
	for _, p := range statusProto {
		if p.status == s {
			return p.proto
		}
	}
	return pb.Checkpoint_STATUS_UNSPECIFIED
}

// StatusFromProto is the status a protocol enum names: StatusUnknown for
// STATUS_UNSPECIFIED or a value this build does not know.
func StatusFromProto(p pb.Checkpoint_Status) Status {
	for _, sp := range statusProto {
		if sp.proto == p {
			return sp.status
		}
	}
	return StatusUnknown
}
