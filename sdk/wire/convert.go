package wire

import (
	"bytes"
	"fmt"
	"time"

	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// The plugin process's conversions: what it sends to protobuf, what it
// receives from it. The host's are the reverse, in internal/pluginhost.

func tableToProto(t Table) (*pb.Table, error) {
	schema, err := EncodeSchema(t.Schema)
	if err != nil {
		return nil, fmt.Errorf("table %s: %w", t.Name, err)
	}
	return &pb.Table{Name: t.Name, Doc: t.Doc, Key: t.Key, ArrowSchema: schema}, nil
}

func diagnosticToProto(d Diagnostic) *pb.Diagnostic {
	sev := pb.Diagnostic_SEVERITY_ERROR
	if d.Severity == SeverityWarning {
		sev = pb.Diagnostic_SEVERITY_WARNING
	}
	return &pb.Diagnostic{Severity: sev, Summary: d.Summary, Detail: d.Detail, Attribute: d.Attribute, Stream: d.Stream}
}

func streamsFromProto(ps []*pb.StreamState) []StreamState {
	out := make([]StreamState, len(ps))
	for i, p := range ps {
		out[i] = StreamState{Stream: p.GetStream(), DeltaLink: p.GetDeltaLink(), Fingerprint: p.GetFingerprint()}
	}
	return out
}

func checkpointToProto(c *Checkpoint) *pb.Checkpoint {
	return &pb.Checkpoint{Stream: c.Stream, Status: StatusToProto(c.Status), DeltaLink: c.DeltaLink,
		Fingerprint: c.Fingerprint, Mode: string(c.Mode), Pages: c.Pages, Upserts: c.Upserts, Deletes: c.Deletes, Error: c.Error, Reason: c.Reason}
}

// eventToProto converts an event for the wire; a batch is encoded as IPC
// into buf (whose bytes the message then aliases), compact when the host
// reads compact batches (compactRecord), and refused when it exceeds
// limit (a single row: the message's room), so nothing is dropped
// silently.
func eventToProto(ev Event, limit int64, compact bool, buf *bytes.Buffer) (*pb.SyncEvent, error) {
	switch e := ev.(type) {
	case *Batch:
		rec := e.Record
		if compact {
			if c, ok := compactRecord(rec); ok {
				defer c.Release()
				rec = c
			}
		}
		b, err := encodeRecordInto(buf, rec)
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", e.Table, err)
		}
		if n := int64(len(b)); n > limit && (e.Record.NumRows() != 1 || n > maxSingleRowMessage) {
			return nil, fmt.Errorf("table %s: a batch of %d rows is %d bytes, over the %d-byte limit (a single row may take up to %d); send smaller batches",
				e.Table, e.Record.NumRows(), len(b), limit, int64(maxSingleRowMessage))
		}
		return &pb.SyncEvent{Event: &pb.SyncEvent_Batch{Batch: &pb.RecordBatch{Table: e.Table, ArrowIpc: b, Rows: e.Record.NumRows()}}}, nil
	case *EncodedBatch:
		return &pb.SyncEvent{Event: &pb.SyncEvent_Batch{Batch: &pb.RecordBatch{Table: e.Table, ArrowIpc: e.IPC, Rows: e.Rows}}}, nil
	case *Checkpoint:
		return &pb.SyncEvent{Event: &pb.SyncEvent_Checkpoint{Checkpoint: checkpointToProto(e)}}, nil
	case *Progress:
		return &pb.SyncEvent{Event: &pb.SyncEvent_Progress{Progress: &pb.Progress{Stream: e.Stream, Pages: e.Pages, Rows: e.Rows}}}, nil
	case *Diagnostic:
		return &pb.SyncEvent{Event: &pb.SyncEvent_Diagnostic{Diagnostic: diagnosticToProto(*e)}}, nil
	case *GraphStats:
		return &pb.SyncEvent{Event: &pb.SyncEvent_GraphStats{GraphStats: graphStatsToProto(e)}}, nil
	}
	return nil, fmt.Errorf("unknown event type %T", ev)
}

func graphStatsToProto(s *GraphStats) *pb.GraphStats {
	out := &pb.GraphStats{Statuses: make([]*pb.GraphStatusStats, len(s.Statuses)), Batches: s.Batches, BatchedRequests: s.BatchedRequests}
	for i, st := range s.Statuses {
		out.Statuses[i] = &pb.GraphStatusStats{Status: int32(st.Status), Requests: st.Requests, Waits: st.Waits, WaitedMs: st.Waited.Milliseconds()}
	}
	return out
}

func unixMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
