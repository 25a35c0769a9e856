package pluginhost

import (
	"fmt"
	"math"
	"time"

	"github.com/graphlake/graphlake/sdk/wire"
	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// The host's conversions: what it receives from protobuf, what it sends to
// it. The plugin process's are the reverse, in package wire.

func tableFromProto(p *pb.Table) (wire.Table, error) {
	schema, err := decodeSchema(p.GetArrowSchema())
	if err != nil {
		return wire.Table{}, &ProtocolError{Table: p.GetName(), Err: fmt.Errorf("its declared schema: %w", err)}
	}
	return wire.Table{Name: p.GetName(), Doc: p.GetDoc(), Key: p.GetKey(), Schema: schema}, nil
}

func diagnosticFromProto(p *pb.Diagnostic) wire.Diagnostic {
	sev := wire.SeverityError
	if p.GetSeverity() == pb.Diagnostic_SEVERITY_WARNING {
		sev = wire.SeverityWarning
	}
	return wire.Diagnostic{Severity: sev, Summary: p.GetSummary(), Detail: p.GetDetail(), Attribute: p.GetAttribute(), Stream: p.GetStream()}
}

// stateToProto is a prior stream state as the plugin receives it, in the
// SyncRequest or in a page of the StateBroker.
func stateToProto(s wire.StreamState) *pb.StreamState {
	return &pb.StreamState{Stream: s.Stream, DeltaLink: s.DeltaLink, Fingerprint: s.Fingerprint}
}

func checkpointFromProto(p *pb.Checkpoint) *wire.Checkpoint {
	return &wire.Checkpoint{Stream: p.GetStream(), Status: wire.StatusFromProto(p.GetStatus()), DeltaLink: p.GetDeltaLink(),
		Fingerprint: p.GetFingerprint(), Mode: wire.Mode(p.GetMode()), Pages: p.GetPages(), Upserts: p.GetUpserts(),
		Deletes: p.GetDeletes(), Error: p.GetError(), Reason: p.GetReason()}
}

// checkpointEvent is a plugin's checkpoint as the host takes it: within
// the limits of wire.CheckCheckpoint (else a protocol error), its texts
// cut to wire.MaxTextBytes and their control characters escaped.
func checkpointEvent(p *pb.Checkpoint) (*wire.Checkpoint, error) {
	cp := checkpointFromProto(p)
	if err := wire.CheckCheckpoint(cp); err != nil {
		return nil, &ProtocolError{Err: fmt.Errorf("stream %s's checkpoint: %w", wire.Printable(cp.Stream), err)}
	}
	wire.CutCheckpointTexts(cp)
	cp.Error, cp.Reason = wire.EscapeControl(cp.Error), wire.EscapeControl(cp.Reason)
	return cp, nil
}

// sendCheckpoints hands a plugin's checkpoint list to send, one
// checkpoint at a time, in the plugin's order. The codec has bounded its
// length (boundSyncEvent); an empty list is refused, since a plugin never
// sends one.
func sendCheckpoints(list *pb.CheckpointList, send func(wire.Event) error) error {
	cps := list.GetCheckpoints()
	if len(cps) == 0 || len(cps) > wire.MaxCheckpointsPerList {
		return fmt.Errorf("read sync event: %w", &ProtocolError{Err: fmt.Errorf("a checkpoint list of %d checkpoints (1 to %d)", len(cps), wire.MaxCheckpointsPerList)})
	}
	for _, p := range cps {
		cp, err := checkpointEvent(p)
		if err != nil {
			return fmt.Errorf("read sync event: %w", err)
		}
		if err := send(cp); err != nil {
			return err
		}
	}
	return nil
}

func eventFromProto(p *pb.SyncEvent, recv receiver) (wire.Event, error) {
	switch e := p.GetEvent().(type) {
	case *pb.SyncEvent_Batch:
		rec, err := recv.decodeBatch(e.Batch.GetTable(), e.Batch.GetArrowIpc(), e.Batch.GetRows())
		if err != nil {
			return nil, err
		}
		return &wire.Batch{Table: e.Batch.GetTable(), Record: rec}, nil
	case *pb.SyncEvent_Checkpoint:
		return checkpointEvent(e.Checkpoint)
	case *pb.SyncEvent_Progress:
		return &wire.Progress{Stream: wire.EscapeControl(wire.CutText(e.Progress.GetStream(), wire.MaxTextBytes)), Pages: e.Progress.GetPages(), Rows: e.Progress.GetRows()}, nil
	case *pb.SyncEvent_Diagnostic:
		d := escapeDiagnostic(diagnosticFromProto(e.Diagnostic))
		return &d, nil
	case *pb.SyncEvent_GraphStats:
		return graphStatsFromProto(e.GraphStats)
	}
	return nil, fmt.Errorf("unknown sync event %T", p.GetEvent())
}

// escapeDiagnostic cuts a plugin's diagnostic's texts to
// wire.MaxTextBytes and escapes their control characters (see
// EscapeControl): the host logs and prints them.
func escapeDiagnostic(d wire.Diagnostic) wire.Diagnostic {
	wire.CutDiagnosticTexts(&d)
	d.Summary, d.Detail, d.Attribute, d.Stream = wire.EscapeControl(d.Summary), wire.EscapeControl(d.Detail), wire.EscapeControl(d.Attribute), wire.EscapeControl(d.Stream)
	return d
}

// maxGraphStatuses bounds the statuses of one GraphStats event: each
// becomes a metric's label value, and HTTP has fewer than 500 statuses.
const maxGraphStatuses = 64

// graphStatsFromProto checks a plugin's Graph counts before the host
// counts them: statuses 0 or 100–599, each once, no negative count (of
// batches neither).
func graphStatsFromProto(p *pb.GraphStats) (*wire.GraphStats, error) {
	fail := func(format string, args ...any) error {
		return &ProtocolError{Err: fmt.Errorf("graph stats: "+format, args...)}
	}
	if len(p.GetStatuses()) > maxGraphStatuses {
		return nil, fail("%d statuses, more than %d", len(p.GetStatuses()), maxGraphStatuses)
	}
	if p.GetBatches() < 0 || p.GetBatchedRequests() < 0 {
		return nil, fail("a negative count of batches")
	}
	out := &wire.GraphStats{Statuses: make([]wire.GraphStatusStats, 0, len(p.GetStatuses())),
		Batches: p.GetBatches(), BatchedRequests: p.GetBatchedRequests()}
	seen := map[int32]bool{}
	for _, s := range p.GetStatuses() {
		status := s.GetStatus()
		switch {
		case status != 0 && (status < 100 || status > 599):
			return nil, fail("status %d is not an HTTP status", status)
		case seen[status]:
			return nil, fail("status %d is counted twice", status)
		case s.GetRequests() < 0 || s.GetWaits() < 0 || s.GetWaitedMs() < 0:
			return nil, fail("status %d has a negative count", status)
		}
		seen[status] = true
		out.Statuses = append(out.Statuses, wire.GraphStatusStats{Status: int(status), Requests: s.GetRequests(), Waits: s.GetWaits(),
			Waited: time.Duration(min(s.GetWaitedMs(), math.MaxInt64/int64(time.Millisecond))) * time.Millisecond})
	}
	return out, nil
}
