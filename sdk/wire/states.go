package wire

import (
	"context"
	"fmt"
)

// StatesPageSize is the most stream states one page of a StateSource holds:
// what a plugin asks for, and the most a host serves whatever it is asked.
const StatesPageSize = 1000

// MaxStatesPageBytes caps one page's states in bytes (stream ids,
// deltaLinks and fingerprints); a page holds at least one state.
const MaxStatesPageBytes = 4 << 20

// EachState calls fn with every prior stream state of the round: those sent
// in req.Streams, then those of req.States, a page at a time. A host that
// answers a page with no state before the end, or with more than asked, is
// refused, so a round cannot loop on a broken host.
func EachState(ctx context.Context, req SyncRequest, fn func(StreamState)) error {
	return EachStatePage(ctx, req, func(page []StreamState) error {
		for _, s := range page {
			fn(s)
		}
		return nil
	})
}

// EachStatePage is EachState a page at a time: fn gets req.Streams (when
// there are any), then each page of req.States, as it comes. An error
// from fn ends the reading with it.
func EachStatePage(ctx context.Context, req SyncRequest, fn func(page []StreamState) error) error {
	if len(req.Streams) > 0 {
		if err := fn(req.Streams); err != nil {
			return err
		}
	}
	if req.States == nil {
		return nil
	}
	for offset := 0; ; {
		page, total, err := req.States.Page(ctx, offset, StatesPageSize)
		if err != nil {
			return fmt.Errorf("read the stream states from offset %d: %w", offset, err)
		}
		if len(page) > StatesPageSize {
			return fmt.Errorf("read the stream states from offset %d: the host sent %d, more than the %d asked", offset, len(page), StatesPageSize)
		}
		if err := fn(page); err != nil {
			return fmt.Errorf("read the stream states from offset %d: %w", offset, err)
		}
		offset += len(page)
		if offset >= total {
			return nil
		}
		if len(page) == 0 {
			return fmt.Errorf("read the stream states: the host sent none at offset %d of %d", offset, total)
		}
	}
}
