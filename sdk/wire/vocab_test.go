package wire

import (
	"bytes"
	"testing"

	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// The vocabulary's strings are in every lake already written and every
// plugin already built: they are pinned here, with the protocol enum each
// status travels as. The manifest's side is pinned by its own test
// (internal/manifest), against these same constants; the host's receipt
// over real gRPC by internal/pluginhost's.

func TestStatusesKeepTheirTextAndProtocolEnum(t *testing.T) {
	tests := []struct {
		status Status
		text   string
		proto  pb.Checkpoint_Status
	}{
		{StatusOK, "ok", pb.Checkpoint_STATUS_OK},
		{StatusResyncRequired, "resync_required", pb.Checkpoint_STATUS_RESYNC_REQUIRED},
		{StatusFailed, "failed", pb.Checkpoint_STATUS_FAILED},
		{StatusEnded, "ended", pb.Checkpoint_STATUS_ENDED},
		// Host-only statuses travel as no status at all.
		{StatusReset, "reset", pb.Checkpoint_STATUS_UNSPECIFIED},
		{StatusUnknown, "unknown", pb.Checkpoint_STATUS_UNSPECIFIED},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			if string(tc.status) != tc.text {
				t.Errorf("status %q, want %q", tc.status, tc.text)
			}
			got := roundTrip(t, &Checkpoint{Stream: "s", Status: tc.status})
			if got.proto.GetStatus() != tc.proto {
				t.Errorf("status %q travels as %v, want %v", tc.status, got.proto.GetStatus(), tc.proto)
			}
			if want := tc.status.Recorded(); got.host.Status != want {
				t.Errorf("status %q arrives as %q, want %q", tc.status, got.host.Status, want)
			}
		})
	}
}

func TestStatusesAPluginSendsAreRecordedAsSent(t *testing.T) {
	tests := []struct {
		status, want Status
	}{
		{StatusOK, StatusOK},
		{StatusResyncRequired, StatusResyncRequired},
		{StatusFailed, StatusFailed},
		{StatusEnded, StatusEnded},
		{"", StatusUnknown},
		{StatusReset, StatusUnknown},
		{"paused", StatusUnknown},
	}
	for _, tc := range tests {
		if got := tc.status.Recorded(); got != tc.want {
			t.Errorf("Status(%q).Recorded() = %q, want %q", tc.status, got, tc.want)
		}
	}
}

func TestAProtocolStatusThisBuildDoesNotKnowArrivesAsUnknown(t *testing.T) {
	for _, p := range []pb.Checkpoint_Status{pb.Checkpoint_STATUS_UNSPECIFIED, pb.Checkpoint_Status(99)} {
		if got := StatusFromProto(p); got != StatusUnknown {
			t.Errorf("protocol status %v arrives as %q, want %q", p, got, StatusUnknown)
		}
	}
}

func TestModesKeepTheirTextOnTheWire(t *testing.T) {
	tests := []struct {
		mode Mode
		text string
	}{
		{ModeInitial, "initial"},
		{ModeIncremental, "incremental"},
		{ModeResync, "resync"},
		{"", ""},
		// A plugin's own mode arrives as sent (escaped), as before.
		{"partial", "partial"},
	}
	for _, tc := range tests {
		if string(tc.mode) != tc.text {
			t.Errorf("mode %q, want %q", tc.mode, tc.text)
		}
		got := roundTrip(t, &Checkpoint{Stream: "s", Status: StatusOK, Mode: tc.mode})
		if got.proto.GetMode() != tc.text || got.host.Mode != tc.mode {
			t.Errorf("mode %q travels as %q and arrives as %q, want %q both", tc.mode, got.proto.GetMode(), got.host.Mode, tc.text)
		}
	}
}

// trip is a checkpoint as it travels and as the enum's receiver reads it.
type trip struct {
	proto *pb.Checkpoint
	host  *Checkpoint
}

// roundTrip converts cp as a plugin process sends it, and reads it back
// as the host does: status through StatusFromProto, the rest as sent.
func roundTrip(t *testing.T, cp *Checkpoint) trip {
	t.Helper()
	msg, err := eventToProto(cp, DefaultMaxBatchBytes, false, new(bytes.Buffer))
	if err != nil {
		t.Fatal(err)
	}
	p := msg.GetCheckpoint()
	if p == nil {
		t.Fatalf("a checkpoint travels as %T", msg.GetEvent())
	}
	return trip{proto: p, host: &Checkpoint{Stream: p.GetStream(), Status: StatusFromProto(p.GetStatus()), Mode: Mode(p.GetMode())}}
}

func TestReasonsKeepTheirText(t *testing.T) {
	for got, want := range map[string]string{
		RemovedResync: "resync", RemovedEnded: "ended", RemovedExcluded: "excluded", ReasonQueryChanged: "query changed",
	} {
		if got != want {
			t.Errorf("reason %q, want %q", got, want)
		}
	}
}
