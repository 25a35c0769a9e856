package sdk_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// heldSource emits a row and a checkpoint of stream "ahead" through a held
// Emitter on another goroutine, then a checkpoint of stream "now" through
// the round's own Emitter, then decides the Hold; heldErr is what the held
// emits returned.
type heldSource struct {
	keep    bool
	heldErr chan error
}

func (heldSource) Tables() []table.Table { return rowsSource{}.Tables() }

func (s heldSource) Sync(_ context.Context, _ *sdk.SyncRequest, emit *sdk.Emitter) error {
	h := sdk.NewHold()
	held := emit.Held(h)
	go func() {
		err := held.Object("things", "ahead", table.Object{"id": []byte(`"early"`)})
		if err == nil {
			err = held.Checkpoint(sdk.Checkpoint{Stream: "ahead", Status: sdk.StatusOK})
		}
		s.heldErr <- err
	}()
	time.Sleep(20 * time.Millisecond) // the held emits are waiting by now, or about to
	if err := emit.Checkpoint(sdk.Checkpoint{Stream: "now", Status: sdk.StatusOK}); err != nil {
		return err
	}
	if s.keep {
		h.Keep()
	} else {
		h.Drop()
	}
	if err := <-s.heldErr; err != nil && !errors.Is(err, sdk.ErrDropped) {
		return err
	}
	// After the decision a held emit no longer waits.
	err := held.Checkpoint(sdk.Checkpoint{Stream: "after", Status: sdk.StatusOK})
	s.heldErr <- err
	return nil
}

// TestHeldEmitsWaitForTheDecision: what a held Emitter sends reaches the
// host only once its Hold is kept, after what the round sent meanwhile;
// once dropped, nothing of it does and every held emit says ErrDropped.
func TestHeldEmitsWaitForTheDecision(t *testing.T) {
	tests := []struct {
		keep       bool
		wantEvents []string
		wantErr    error
	}{
		{keep: true, wantEvents: []string{"checkpoint now", "batch of 1", "checkpoint ahead", "checkpoint after"}},
		{keep: false, wantEvents: []string{"checkpoint now"}, wantErr: sdk.ErrDropped},
	}
	for _, tt := range tests {
		var events []string
		src := heldSource{keep: tt.keep, heldErr: make(chan error, 1)}
		err := sdk.InProcess(src).Sync(context.Background(), wire.SyncRequest{Round: 1, Tokens: noTokens{}},
			func(ev wire.Event) error {
				switch ev := ev.(type) {
				case *wire.Batch:
					events = append(events, "batch of "+strconv.FormatInt(ev.Record.NumRows(), 10))
					ev.Record.Release()
				case *wire.Checkpoint:
					events = append(events, "checkpoint "+ev.Stream)
				}
				return nil
			})
		if err != nil {
			t.Fatalf("keep %v: %v", tt.keep, err)
		}
		if got := <-src.heldErr; !errors.Is(got, tt.wantErr) {
			t.Errorf("keep %v: an emit after the decision returned %v, want %v", tt.keep, got, tt.wantErr)
		}
		if !slices.Equal(events, tt.wantEvents) {
			t.Errorf("keep %v: the host got %q, want %q", tt.keep, events, tt.wantEvents)
		}
	}
}

// nestedSource emits one checkpoint through emit.Held(outer).Held(inner),
// keeps inner at once and decides outer as keepOuter says.
type nestedSource struct {
	keepOuter bool
	err       chan error
}

func (nestedSource) Tables() []table.Table { return rowsSource{}.Tables() }

func (s nestedSource) Sync(_ context.Context, _ *sdk.SyncRequest, emit *sdk.Emitter) error {
	outer, inner := sdk.NewHold(), sdk.NewHold()
	inner.Keep()
	done := make(chan error, 1)
	go func() {
		done <- emit.Held(outer).Held(inner).Checkpoint(sdk.Checkpoint{Stream: "nested", Status: sdk.StatusOK})
	}()
	if s.keepOuter {
		outer.Keep()
	} else {
		outer.Drop()
	}
	s.err <- <-done
	return nil
}

// TestAHeldViewOfAHeldViewWaitsForBoth: a mailbox held for the listing
// holds its folders' streams again for its folders stream; what they emit
// goes out only when both keep it.
func TestAHeldViewOfAHeldViewWaitsForBoth(t *testing.T) {
	for _, keepOuter := range []bool{true, false} {
		src := nestedSource{keepOuter: keepOuter, err: make(chan error, 1)}
		var got []string
		err := sdk.InProcess(src).Sync(context.Background(), wire.SyncRequest{Round: 1, Tokens: noTokens{}},
			func(ev wire.Event) error {
				if cp, ok := ev.(*wire.Checkpoint); ok {
					got = append(got, cp.Stream)
				}
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		emitErr := <-src.err
		switch {
		case keepOuter && (emitErr != nil || len(got) != 1):
			t.Errorf("both kept: %v, the host got %q; want the checkpoint", emitErr, got)
		case !keepOuter && (!errors.Is(emitErr, sdk.ErrDropped) || len(got) != 0):
			t.Errorf("the outer hold dropped: %v, the host got %q; want ErrDropped and nothing", emitErr, got)
		}
	}
}
