package lake

import (
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"

	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// logRow is a change-log row of a table keyed by id.
func logRow(id, op, stream string, round, seq int64) map[string]any {
	return map[string]any{"id": id, "_op": op, "_stream": stream, "_round": round, "_seq": seq}
}

func TestSweepFindsTheKeysAFullRoundDidNotReturn(t *testing.T) {
	tests := []struct {
		name      string
		streams   map[string]string
		committed []map[string]any
		returned  []string
		want      []Missing
	}{{
		name:      "a live key the full round did not return is missing",
		streams:   map[string]string{"users": ReasonResync},
		committed: []map[string]any{logRow("u1", "upsert", "users", 1, 1), logRow("u2", "upsert", "users", 1, 2)},
		returned:  []string{"u1"},
		want:      []Missing{{Stream: "users", Reason: ReasonResync, Key: map[string]string{"id": "u2"}}},
	}, {
		name:      "a key already deleted is not deleted again",
		streams:   map[string]string{"users": ReasonResync},
		committed: []map[string]any{logRow("u1", "upsert", "users", 1, 1), logRow("u1", "delete", "users", 2, 1)},
	}, {
		name:      "rows may come in any order: the newest change decides",
		streams:   map[string]string{"users": ReasonResync},
		committed: []map[string]any{logRow("u1", "upsert", "users", 3, 1), logRow("u1", "delete", "users", 2, 1), logRow("u1", "upsert", "users", 1, 1)},
		want:      []Missing{{Stream: "users", Reason: ReasonResync, Key: map[string]string{"id": "u1"}}},
	}, {
		name:      "a key last written by a stream that did not resync is left alone",
		streams:   map[string]string{"a": ReasonResync},
		committed: []map[string]any{logRow("u1", "upsert", "a", 1, 1), logRow("u1", "upsert", "b", 2, 1), logRow("u2", "upsert", "b", 2, 2)},
	}, {
		name:      "a key the round returned through another stream is not missing",
		streams:   map[string]string{"a": ReasonResync},
		committed: []map[string]any{logRow("u1", "upsert", "a", 1, 1)},
		returned:  []string{"u1"},
	}, {
		name:    "missing keys are sorted by stream, then key, each with its stream's reason",
		streams: map[string]string{"a": ReasonResync, "b": ReasonEnded},
		committed: []map[string]any{logRow("u3", "upsert", "b", 1, 1), logRow("u2", "upsert", "a", 1, 2),
			logRow("u1", "upsert", "b", 1, 3)},
		want: []Missing{{Stream: "a", Reason: ReasonResync, Key: map[string]string{"id": "u2"}},
			{Stream: "b", Reason: ReasonEnded, Key: map[string]string{"id": "u1"}}, {Stream: "b", Reason: ReasonEnded, Key: map[string]string{"id": "u3"}}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSweep([]string{"id"}, tt.streams)
			for _, r := range tt.committed {
				if err := s.Committed(r); err != nil {
					t.Fatal(err)
				}
			}
			for _, id := range tt.returned {
				if err := s.Returned(map[string]any{"id": id}); err != nil {
					t.Fatal(err)
				}
			}
			if diff := cmp.Diff(tt.want, s.Missing()); diff != "" {
				t.Errorf("missing keys (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSweepRefusesARowWithoutItsKey(t *testing.T) {
	s := NewSweep([]string{"groupId", "memberId"}, map[string]string{"g": ReasonResync})
	if err := s.Committed(map[string]any{"groupId": "g1"}); err == nil {
		t.Error("a committed row without memberId was accepted")
	}
	if err := s.Returned(map[string]any{"memberId": "u1"}); err == nil {
		t.Error("a returned row without groupId was accepted")
	}
}

func TestTombstonesHoldTheTablesSchema(t *testing.T) {
	members := table.Table{Name: "group_members", Key: []string{"groupId", "memberId"}, Columns: []table.Column{
		{Name: "groupId", Type: table.String()}, {Name: "memberId", Type: table.String()}, {Name: "memberType", Type: table.String()},
	}}
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	missing := []Missing{{Stream: "groups", Reason: ReasonResync, Key: map[string]string{"groupId": "g1", "memberId": "u1"}},
		{Stream: "groups", Reason: ReasonResync, Key: map[string]string{"groupId": "g1", "memberId": "u2"}}}
	rec, err := Tombstones(memory.NewGoAllocator(), members.Schema(), missing, Stamp{Round: 7, FirstSeq: 100, SyncedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Release()
	var got []map[string]any
	if err := RecordRows(rec, func(r map[string]any) error { got = append(got, r); return nil }); err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{
		{"groupId": "g1", "memberId": "u1", "memberType": nil, "_op": "delete", "_removed_reason": "resync", "_round": int64(7),
			"_seq": int64(100), "_synced_at": at, "_stream": "groups", "_fields": []any{"groupId", "memberId"}, "_extra": nil},
		{"groupId": "g1", "memberId": "u2", "memberType": nil, "_op": "delete", "_removed_reason": "resync", "_round": int64(7),
			"_seq": int64(101), "_synced_at": at, "_stream": "groups", "_fields": []any{"groupId", "memberId"}, "_extra": nil},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tombstones (-want +got):\n%s", diff)
	}
}

func TestReasonForSaysWhichRoundsSweep(t *testing.T) {
	tests := []struct {
		name       string
		known      bool
		status     wire.Status
		mode       wire.Mode
		reason     string
		wantReason string
		wantSweep  bool
	}{
		{"a known stream that read everything again sweeps as resync", true, wire.StatusOK, "resync", "", ReasonResync, true},
		{"a known stream whose link was forgotten reads in full and sweeps", true, wire.StatusOK, "initial", "", ReasonResync, true},
		{"a known stream whose window moved sweeps as outside the window", true, wire.StatusOK, "resync", wire.ReasonWindowMoved, ReasonOutsideWindow, true},
		{"a known stream whose query changed sweeps as resync", true, wire.StatusOK, "resync", wire.ReasonQueryChanged, ReasonResync, true},
		{"a known stream that ended sweeps as ended", true, wire.StatusEnded, "incremental", "", ReasonEnded, true},
		{"an incremental round sweeps nothing", true, wire.StatusOK, "incremental", "", "", false},
		{"a failed full round sweeps nothing: it did not see everything", true, wire.StatusFailed, "resync", "", "", false},
		{"a failed round of a moved window sweeps nothing", true, wire.StatusFailed, "resync", wire.ReasonWindowMoved, "", false},
		{"a stream the lake never held has nothing to sweep", false, wire.StatusOK, "initial", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reason, sweep := ReasonFor(tt.known, wire.Checkpoint{Status: tt.status, Mode: tt.mode, Reason: tt.reason})
			if reason != tt.wantReason || sweep != tt.wantSweep {
				t.Errorf("ReasonFor = %q, %v; want %q, %v", reason, sweep, tt.wantReason, tt.wantSweep)
			}
		})
	}
}
