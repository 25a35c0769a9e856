package mailbox

import (
	"slices"
	"testing"

	"github.com/graphlake/graphlake/sdk"
)

// TestKeepPrefer: a stream keeps LegacyPrefer only when its stored
// deltaLink was made with it; otherwise, or without a deltaLink, it uses
// Prefer.
func TestKeepPrefer(t *testing.T) {
	prefer, legacy := []string{"odata.maxpagesize=1000", "b"}, []string{"odata.maxpagesize=200", "b"}
	s := sdk.DeltaStream{ID: "u1/F1", URL: "https://graph.microsoft.com/v1.0/users/u1/mailFolders/F1/messages/delta", Prefer: prefer}
	old := s
	old.Prefer = legacy
	tests := []struct {
		name   string
		legacy []string
		state  *sdk.StreamState
		want   []string
	}{
		{"no state: Prefer", legacy, nil, prefer},
		{"made with Prefer: Prefer", legacy, &sdk.StreamState{Stream: s.ID, DeltaLink: "l", Fingerprint: s.Fingerprint()}, prefer},
		{"made with LegacyPrefer: LegacyPrefer", legacy, &sdk.StreamState{Stream: s.ID, DeltaLink: "l", Fingerprint: old.Fingerprint()}, legacy},
		{"LegacyPrefer's fingerprint without a deltaLink: Prefer", legacy, &sdk.StreamState{Stream: s.ID, Fingerprint: old.Fingerprint()}, prefer},
		{"another query: Prefer", legacy, &sdk.StreamState{Stream: s.ID, DeltaLink: "l", Fingerprint: "other"}, prefer},
		{"no LegacyPrefer: Prefer", nil, &sdk.StreamState{Stream: s.ID, DeltaLink: "l", Fingerprint: old.Fingerprint()}, prefer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var states []sdk.StreamState
			if tt.state != nil {
				states = append(states, *tt.state)
			}
			b := &mailboxRun{Folders: &Folders{LegacyPrefer: tt.legacy}, Mailbox: &Mailbox{User: "u1", Req: &sdk.SyncRequest{Streams: sdk.NewStreamStates(states...)}}}
			if got := b.keepPrefer(s).Prefer; !slices.Equal(got, tt.want) {
				t.Errorf("Prefer %q; want %q", got, tt.want)
			}
		})
	}
}
