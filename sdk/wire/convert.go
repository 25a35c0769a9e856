package wire

import (
	"fmt"
	"time"

	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

func tableToProto(t Table) (*pb.Table, error) {
	schema, err := EncodeSchema(t.Schema)
	if err != nil {
		return nil, fmt.Errorf("table %s: %w", t.Name, err)
	}
	return &pb.Table{Name: t.Name, Doc: t.Doc, Key: t.Key, ArrowSchema: schema}, nil
}

func tableFromProto(p *pb.Table) (Table, error) {
	schema, err := DecodeSchema(p.GetArrowSchema())
	if err != nil {
		return Table{}, fmt.Errorf("table %s: %w", p.GetName(), err)
	}
	return Table{Name: p.GetName(), Doc: p.GetDoc(), Key: p.GetKey(), Schema: schema}, nil
}

func diagnosticToProto(d Diagnostic) *pb.Diagnostic {
	sev := pb.Diagnostic_SEVERITY_ERROR
	if d.Severity == SeverityWarning {
		sev = pb.Diagnostic_SEVERITY_WARNING
	}
	return &pb.Diagnostic{Severity: sev, Summary: d.Summary, Detail: d.Detail, Attribute: d.Attribute, Stream: d.Stream}
}

func diagnosticFromProto(p *pb.Diagnostic) Diagnostic {
	sev := SeverityError
	if p.GetSeverity() == pb.Diagnostic_SEVERITY_WARNING {
		sev = SeverityWarning
	}
	return Diagnostic{Severity: sev, Summary: p.GetSummary(), Detail: p.GetDetail(), Attribute: p.GetAttribute(), Stream: p.GetStream()}
}

func streamsToProto(ss []StreamState) []*pb.StreamState {
	out := make([]*pb.StreamState, len(ss))
	for i, s := range ss {
		out[i] = &pb.StreamState{Stream: s.Stream, DeltaLink: s.DeltaLink, Fingerprint: s.Fingerprint}
	}
	return out
}

func streamsFromProto(ps []*pb.StreamState) []StreamState {
	out := make([]StreamState, len(ps))
	for i, p := range ps {
		out[i] = StreamState{Stream: p.GetStream(), DeltaLink: p.GetDeltaLink(), Fingerprint: p.GetFingerprint()}
	}
	return out
}

func checkpointToProto(c *Checkpoint) *pb.Checkpoint {
	return &pb.Checkpoint{Stream: c.Stream, Status: statusToProto(c.Status), DeltaLink: c.DeltaLink,
		Fingerprint: c.Fingerprint, Mode: string(c.Mode), Pages: c.Pages, Upserts: c.Upserts, Deletes: c.Deletes, Error: c.Error, Reason: c.Reason}
}

func checkpointFromProto(p *pb.Checkpoint) *Checkpoint {
	return &Checkpoint{Stream: p.GetStream(), Status: statusFromProto(p.GetStatus()), DeltaLink: p.GetDeltaLink(),
		Fingerprint: p.GetFingerprint(), Mode: Mode(p.GetMode()), Pages: p.GetPages(), Upserts: p.GetUpserts(),
		Deletes: p.GetDeletes(), Error: p.GetError(), Reason: p.GetReason()}
}

// statusProto pairs each status a plugin may send with its protocol enum;
// any other status travels as STATUS_UNSPECIFIED.
var statusProto = []struct {
	status Status
	proto  pb.Checkpoint_Status
}{
	{StatusOK, pb.Checkpoint_STATUS_OK},
	{StatusResyncRequired, pb.Checkpoint_STATUS_RESYNC_REQUIRED},
	{StatusFailed, pb.Checkpoint_STATUS_FAILED},
	{StatusEnded, pb.Checkpoint_STATUS_ENDED},
}

// statusToProto is a status's protocol enum: STATUS_UNSPECIFIED for one
// a plugin may not send.
func statusToProto(s Status) pb.Checkpoint_Status {
	for _, p := range statusProto {
		if p.status == s {
			return p.proto
		}
	}
	return pb.Checkpoint_STATUS_UNSPECIFIED
}

// statusFromProto is the status a protocol enum names: StatusUnknown for
// STATUS_UNSPECIFIED or a value this build does not know.
func statusFromProto(p pb.Checkpoint_Status) Status {
	for _, sp := range statusProto {
		if sp.proto == p {
			return sp.status
		}
	}
	return StatusUnknown
}

// eventToProto converts an event for the wire; a batch is encoded as IPC
// and refused when it exceeds limit (a single row: the message's room),
// so nothing is dropped silently.
func eventToProto(ev Event, limit int64) (*pb.SyncEvent, error) {
	switch e := ev.(type) {
	case *Batch:
		b, err := EncodeRecord(e.Record)
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
	}
	return nil, fmt.Errorf("unknown event type %T", ev)
}

func eventFromProto(p *pb.SyncEvent, recv receiver) (Event, error) {
	switch e := p.GetEvent().(type) {
	case *pb.SyncEvent_Batch:
		rec, err := recv.decodeBatch(e.Batch.GetTable(), e.Batch.GetArrowIpc(), e.Batch.GetRows())
		if err != nil {
			return nil, err
		}
		return &Batch{Table: e.Batch.GetTable(), Record: rec}, nil
	case *pb.SyncEvent_Checkpoint:
		cp := checkpointFromProto(e.Checkpoint)
		cp.Error, cp.Reason, cp.Mode = EscapeControl(cp.Error), EscapeControl(cp.Reason), Mode(EscapeControl(string(cp.Mode)))
		return cp, nil
	case *pb.SyncEvent_Progress:
		return &Progress{Stream: EscapeControl(e.Progress.GetStream()), Pages: e.Progress.GetPages(), Rows: e.Progress.GetRows()}, nil
	case *pb.SyncEvent_Diagnostic:
		d := escapeDiagnostic(diagnosticFromProto(e.Diagnostic))
		return &d, nil
	}
	return nil, fmt.Errorf("unknown sync event %T", p.GetEvent())
}

func unixMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// escapeDiagnostic escapes the control characters of a plugin's
// diagnostic (see EscapeControl).
func escapeDiagnostic(d Diagnostic) Diagnostic {
	d.Summary, d.Detail, d.Attribute, d.Stream = EscapeControl(d.Summary), EscapeControl(d.Detail), EscapeControl(d.Attribute), EscapeControl(d.Stream)
	return d
}
