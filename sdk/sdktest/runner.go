package sdktest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/graphlake/graphlake/sdk/lake"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// Round is what one round of a source produced.
type Round struct {
	// Rows are the rows of each table in emission order, meta columns
	// included.
	Rows map[string][]map[string]any
	// Checkpoints are the streams' checkpoints, in order.
	Checkpoints []wire.Checkpoint
	// Warnings are the diagnostics the source sent.
	Warnings []wire.Diagnostic
}

// Runner runs rounds of one source against one emulator.
type Runner struct {
	// MaxRetryWait, when set, is each round's graph.max_retry_wait (the
	// host's default otherwise).
	MaxRetryWait time.Duration

	t       testing.TB
	srv     *graphtest.Server
	src     sdk.Source
	tables  map[string]table.Table
	round   int64
	streams map[string]wire.StreamState
	// known are the streams a round has committed, as the host's state
	// holds them: a full round of one of them deletes what it no longer
	// returns.
	known map[string]bool
	log   map[string][]map[string]any // every row of every round, by table
}

// New returns a runner of src against srv.
func New(t testing.TB, srv *graphtest.Server, src sdk.Source) *Runner {
	r := &Runner{t: t, srv: srv, src: src, tables: map[string]table.Table{},
		streams: map[string]wire.StreamState{}, known: map[string]bool{}, log: map[string][]map[string]any{}}
	for _, tb := range src.Tables() {
		r.tables[tb.Name] = tb
	}
	return r
}

// Sync runs one round with config, the source block as JSON. It fails
// the test if the round fails, and if any stream ends with status failed
// that opts do not allow (see AllowFailed).
func (r *Runner) Sync(config string, opts ...RoundOption) Round {
	r.t.Helper()
	var o roundOptions
	for _, opt := range opts {
		opt(&o)
	}
	r.round++
	req := wire.SyncRequest{Round: r.round, StartedAt: time.Now(), Config: []byte(config),
		Graph: wire.GraphSettings{Endpoint: r.srv.GraphURL(), CAPEM: r.srv.CACertPEM(), UserAgent: "graphlake-sdktest",
			MaxRetryWait: r.MaxRetryWait},
		Tokens: tokens{r.srv}, MaxBatchBytes: 4 << 20}
	// The states are served as the host serves them: in pages, in id
	// order (short ones, so that a source's reads answered from the pages
	// read so far are exercised).
	states := orderedStates{states: slices.SortedFunc(maps.Values(r.streams), func(a, b wire.StreamState) int { return strings.Compare(a.Stream, b.Stream) }),
		delay: o.statesDelay}
	req.States, req.StatesInOrder = states, true
	out := Round{Rows: map[string][]map[string]any{}}
	err := sdk.InProcess(r.src).Sync(context.Background(), req, func(ev wire.Event) error { return r.take(&out, ev) })
	if err != nil {
		r.t.Fatalf("round %d: %v", r.round, err)
	}
	if err := r.sweep(&out); err != nil {
		r.t.Fatalf("round %d: %v", r.round, err)
	}
	r.unexpectedFailures(out, &o, r.links(out))
	for _, cp := range out.Checkpoints {
		switch cp.Status {
		case wire.StatusOK:
			r.streams[cp.Stream] = wire.StreamState{Stream: cp.Stream, DeltaLink: cp.DeltaLink, Fingerprint: cp.Fingerprint}
			r.known[cp.Stream] = true
		case wire.StatusResyncRequired:
			delete(r.streams, cp.Stream)
			r.known[cp.Stream] = true
		case wire.StatusFailed:
			r.known[cp.Stream] = r.known[cp.Stream] || cp.Upserts+cp.Deletes > 0
		case wire.StatusEnded:
			delete(r.streams, cp.Stream)
			delete(r.known, cp.Stream)
		}
	}
	return out
}

// links are the deltaLinks the runner holds and the round's checkpoints
// carry: text never to print.
func (r *Runner) links(out Round) []string {
	var links []string
	for _, s := range r.streams {
		links = append(links, s.DeltaLink)
	}
	for _, cp := range out.Checkpoints {
		links = append(links, cp.DeltaLink)
	}
	return links
}

// sweep does what the host does after a round: every stream that read
// everything again after earlier rounds committed rows of it gets a
// tombstone (reason "resync") for each key it held that the round did not
// return, and every stream that ended one (reason "ended") for each key
// it held that no stream returned. The tombstones join the round's rows.
func (r *Runner) sweep(out *Round) error {
	streams := map[string]string{}
	for _, cp := range out.Checkpoints {
		if reason, sweep := lake.ReasonFor(r.known[cp.Stream], cp); sweep {
			streams[cp.Stream] = reason
		}
	}
	if len(streams) == 0 {
		return nil
	}
	for name, tb := range r.tables {
		if tb.AppendOnly {
			continue // the host never sweeps an append-only table
		}
		written := out.Rows[name]
		committed := r.log[name][:len(r.log[name])-len(written)]
		sw := lake.NewSweep(tb.Key, streams)
		var maxSeq int64
		for _, row := range committed {
			if err := sw.Committed(row); err != nil {
				return err
			}
		}
		for _, row := range written {
			maxSeq = max(maxSeq, row[table.ColSeq].(int64))
			if err := sw.Returned(row); err != nil {
				return err
			}
		}
		missing := sw.Missing()
		if len(missing) == 0 {
			continue
		}
		rec, err := lake.Tombstones(memory.DefaultAllocator, tb.Schema(), missing, lake.Stamp{Round: r.round, FirstSeq: maxSeq + 1, SyncedAt: time.Now()})
		if err != nil {
			return err
		}
		err = lake.RecordRows(rec, func(row map[string]any) error {
			out.Rows[name] = append(out.Rows[name], row)
			r.log[name] = append(r.log[name], row)
			return nil
		})
		rec.Release()
		if err != nil {
			return err
		}
	}
	return nil
}

func (r *Runner) take(out *Round, ev wire.Event) error {
	switch e := ev.(type) {
	case *wire.Batch:
		defer e.Record.Release()
		return lake.RecordRows(e.Record, func(row map[string]any) error {
			out.Rows[e.Table] = append(out.Rows[e.Table], row)
			r.log[e.Table] = append(r.log[e.Table], row)
			return nil
		})
	case *wire.Checkpoint:
		out.Checkpoints = append(out.Checkpoints, *e)
	case *wire.Diagnostic:
		out.Warnings = append(out.Warnings, *e)
	}
	return nil
}

// Streams returns a copy of the streams that hold a deltaLink, by id.
func (r *Runner) Streams() map[string]wire.StreamState { return maps.Clone(r.streams) }

// State is a table's current state after the rounds so far: its rows
// folded by key and merged by _fields, without deleted rows and, for a
// child table, without the rows whose parent row is not live. Null values
// are left out of the rows and timestamps are RFC 3339 strings, as the
// emulator's WriteState has them.
func (r *Runner) State(name string) []map[string]any {
	r.t.Helper()
	state, err := r.fold(name)
	if err != nil {
		r.t.Fatal(err)
	}
	rows := state.Rows()
	for _, row := range rows {
		Normalise(row)
	}
	return rows
}

// Normalise makes a lake row comparable with the emulator's JSON: nulls
// dropped, timestamps as RFC 3339 strings in UTC, as Graph writes them.
func Normalise(row map[string]any) {
	for k, v := range row {
		switch v := v.(type) {
		case nil:
			delete(row, k)
		case time.Time:
			row[k] = v.UTC().Format(time.RFC3339)
		}
	}
}

func (r *Runner) fold(name string) (*lake.State, error) {
	tb, ok := r.tables[name]
	if !ok {
		return nil, fmt.Errorf("the source declares no table %q", name)
	}
	state := lake.NewState(tb.Key...)
	for _, row := range r.log[name] {
		if err := state.Apply(row); err != nil {
			return nil, fmt.Errorf("fold %s: %w", name, err)
		}
	}
	if tb.Parent != nil {
		parent, err := r.fold(tb.Parent.Table)
		if err != nil {
			return nil, err
		}
		if _, err := state.DropOrphans(parent, tb.Parent.Columns...); err != nil {
			return nil, fmt.Errorf("drop %s rows without a live %s row: %w", name, tb.Parent.Table, err)
		}
	}
	return state, nil
}

// orderedStates serves a round's prior states as the host does
// (wire.StateSource): in stream id order, a few to a page, each page after
// the first delay late.
type orderedStates struct {
	states []wire.StreamState
	delay  time.Duration
}

// orderedStatesPage is how many states a page of orderedStates holds.
const orderedStatesPage = 7

func (o orderedStates) Page(ctx context.Context, offset, limit int) ([]wire.StreamState, int, error) {
	if offset < 0 || offset > len(o.states) {
		return nil, 0, fmt.Errorf("offset %d is outside the %d stream states", offset, len(o.states))
	}
	if offset > 0 && o.delay > 0 {
		select {
		case <-time.After(o.delay):
		case <-ctx.Done():
			return nil, 0, ctx.Err()
		}
	}
	end := min(len(o.states), offset+min(limit, orderedStatesPage))
	return slices.Clone(o.states[offset:end]), len(o.states), nil
}
