package sdk_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

func TestLogStreamURL(t *testing.T) {
	from := time.Date(2026, 3, 1, 12, 30, 0, 0, time.UTC)
	tests := []struct {
		name   string
		stream sdk.LogStream
		want   string
	}{
		{"time filter only", sdk.LogStream{Path: "auditLogs/signIns", TimeProperty: "createdDateTime"},
			"https://g/v1.0/auditLogs/signIns?$filter=createdDateTime%20ge%202026-03-01T12%3A30%3A00Z"},
		{"with a filter and $top", sdk.LogStream{Path: "auditLogs/directoryAudits", TimeProperty: "activityDateTime", Filter: "result eq 'failure'", Top: 500},
			"https://g/v1.0/auditLogs/directoryAudits?$filter=%28result%20eq%20%27failure%27%29%20and%20activityDateTime%20ge%202026-03-01T12%3A30%3A00Z&$top=500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.stream.URL("https://g/v1.0", from); got != tt.want {
				t.Fatalf("URL\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// logSource runs one log stream.
type logSource sdk.LogStream

func (logSource) Tables() []table.Table {
	return []table.Table{{Name: "events", Key: []string{"id"}, Columns: []table.Column{{Name: "id", Type: table.String()}}}}
}

func (s logSource) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	return sdk.RunLog(ctx, req, emit, sdk.LogStream(s))
}

// TestRunLogRefusesAStateThatIsNotACursor: a stored state another kind of
// stream wrote fails the stream with the fix, without calling Graph (the
// request has no Graph to call) and without printing the state.
func TestRunLogRefusesAStateThatIsNotACursor(t *testing.T) {
	src := logSource{ID: "log", Table: "events", Path: "auditLogs/signIns", TimeProperty: "createdDateTime"}
	link := "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=secret"
	var got []wire.Checkpoint
	err := sdk.InProcess(src).Sync(context.Background(), wire.SyncRequest{Round: 2, Tokens: noTokens{},
		Streams: []wire.StreamState{{Stream: "log", DeltaLink: link}}},
		func(ev wire.Event) error {
			if cp, ok := ev.(*wire.Checkpoint); ok {
				got = append(got, *cp)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Status != sdk.StatusFailed || !strings.Contains(got[0].Error, "etl reset") || strings.Contains(got[0].Error, "secret") {
		t.Fatalf("checkpoints %+v, want one failed stream naming etl reset, without the stored state", got)
	}
}
