package sdk_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// funcSource runs sync as its round, without Graph or tables.
type funcSource func(emit *sdk.Emitter) error

func (funcSource) Tables() []table.Table { return nil }

func (f funcSource) Sync(_ context.Context, _ *sdk.SyncRequest, emit *sdk.Emitter) error {
	return f(emit)
}

// longLink is a deltaLink longer than a host keeps.
var longLink = "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=" + strings.Repeat("t", wire.MaxDeltaLinkBytes)

// The Emitter's stream helpers send the checkpoints the host reads as a
// failed stream (previous deltaLink kept), a stream not run, an ended
// stream and a held one. A checkpoint the host would refuse
// (wire.CheckCheckpoint) fails its stream instead, saying why; texts are
// cut to wire.MaxTextBytes.
func TestStreamHelpersSendTheirCheckpoint(t *testing.T) {
	ok := sdk.Checkpoint{Stream: "s", Status: sdk.StatusOK, DeltaLink: "new", Mode: sdk.ModeIncremental, Pages: 2}
	tests := []struct {
		name string
		send func(*sdk.Emitter) error
		want sdk.Checkpoint
	}{
		{"FailStream keeps the previous deltaLink", func(e *sdk.Emitter) error { return e.FailStream("s", errors.New("boom")) },
			sdk.Checkpoint{Stream: "s", Status: sdk.StatusFailed, Error: "boom"}},
		{"SkipStream fails an incremental round not run", func(e *sdk.Emitter) error { return e.SkipStream("s", errors.New("folders failed")) },
			sdk.Checkpoint{Stream: "s", Status: sdk.StatusFailed, Mode: sdk.ModeIncremental, Error: "not run: folders failed"}},
		{"EndStream makes the host forget the stream", func(e *sdk.Emitter) error { return e.EndStream("s") },
			sdk.Checkpoint{Stream: "s", Status: sdk.StatusEnded}},
		{"Release sends a held checkpoint as it is", func(e *sdk.Emitter) error { return e.Release(ok) }, ok},
		{"ReleaseFailed drops an ok checkpoint's new deltaLink", func(e *sdk.Emitter) error { return e.ReleaseFailed(ok, "retry") },
			sdk.Checkpoint{Stream: "s", Status: sdk.StatusFailed, Mode: sdk.ModeIncremental, Pages: 2, Error: "retry"}},
		{"ReleaseFailed sends a checkpoint that did not end ok as it is", func(e *sdk.Emitter) error {
			return e.ReleaseFailed(sdk.Checkpoint{Stream: "s", Status: sdk.StatusResyncRequired, Error: "410"}, "retry")
		}, sdk.Checkpoint{Stream: "s", Status: sdk.StatusResyncRequired, Error: "410"}},
		{"a deltaLink longer than the host keeps fails its stream", func(e *sdk.Emitter) error {
			return e.Checkpoint(sdk.Checkpoint{Stream: "s", Status: sdk.StatusOK, DeltaLink: longLink, Fingerprint: "f", Mode: sdk.ModeIncremental, Pages: 3, Upserts: 5})
		}, sdk.Checkpoint{Stream: "s", Status: sdk.StatusFailed, Pages: 3, Upserts: 5,
			Error: fmt.Sprintf("the stream's checkpoint held a deltaLink of %d bytes, more than the %d a stream's state holds; the stream keeps its previous deltaLink", len(longLink), wire.MaxDeltaLinkBytes)}},
		{"a mode longer than the host records fails its stream", func(e *sdk.Emitter) error {
			return e.Checkpoint(sdk.Checkpoint{Stream: "s", Status: sdk.StatusOK, DeltaLink: "new", Mode: sdk.Mode(strings.Repeat("m", 65))})
		}, sdk.Checkpoint{Stream: "s", Status: sdk.StatusFailed,
			Error: "the stream's checkpoint held a mode of 65 bytes, more than 64; the stream keeps its previous deltaLink"}},
		{"a long error is cut", func(e *sdk.Emitter) error { return e.FailStream("s", errors.New(strings.Repeat("x", 1<<20))) },
			sdk.Checkpoint{Stream: "s", Status: sdk.StatusFailed, Error: strings.Repeat("x", wire.MaxTextBytes-len("…")) + "…"}},
		{"a deltaLink at the limit is kept", func(e *sdk.Emitter) error {
			return e.Checkpoint(sdk.Checkpoint{Stream: "s", Status: sdk.StatusOK, DeltaLink: longLink[:wire.MaxDeltaLinkBytes], Mode: sdk.ModeIncremental})
		}, sdk.Checkpoint{Stream: "s", Status: sdk.StatusOK, DeltaLink: longLink[:wire.MaxDeltaLinkBytes], Mode: sdk.ModeIncremental}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []sdk.Checkpoint
			err := sdk.InProcess(funcSource(tt.send)).Sync(context.Background(), wire.SyncRequest{Round: 1, Tokens: noTokens{}},
				func(ev wire.Event) error {
					if cp, ok := ev.(*wire.Checkpoint); ok {
						got = append(got, *cp)
					}
					return nil
				})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]sdk.Checkpoint{tt.want}, got); diff != "" {
				t.Errorf("checkpoints (-want +got):\n%s", diff)
			}
		})
	}
}
