package pluginhost

import (
	"context"
	"errors"
	"sync"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/graphlake/graphlake/sdk/wire"
	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// tokenServer serves the host's TokenSource to a plugin.
type tokenServer struct {
	pb.UnimplementedTokenBrokerServer
	tokens wire.TokenSource
}

func (s *tokenServer) Token(ctx context.Context, _ *pb.TokenRequest) (*pb.TokenResponse, error) {
	tok, exp, err := s.tokens.Token(ctx)
	if err != nil {
		return nil, status.Errorf(codes.Unauthenticated, "get Graph access token: %v", err)
	}
	return &pb.TokenResponse{AccessToken: tok, ExpiresOnUnix: exp.Unix()}, nil
}

// current holds what the plugin's Sync in progress brings (its
// TokenSource, its StateSource) while the broker's servers, started once,
// keep serving: the zero value between rounds.
type current[T any] struct {
	mu  sync.Mutex
	val T
}

func (c *current[T]) set(v T) {
	c.mu.Lock()
	c.val = v
	c.mu.Unlock()
}

func (c *current[T]) get() T {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.val
}

// swappableTokens is the TokenSource of the Sync in progress.
type swappableTokens struct{ current[wire.TokenSource] }

func (s *swappableTokens) Token(ctx context.Context) (string, time.Time, error) {
	src := s.get()
	if src == nil {
		return "", time.Time{}, errors.New("the host gave this round no token source")
	}
	return src.Token(ctx)
}

// stateServer serves the prior stream states of the plugin's Sync in
// progress (StateBroker). A plugin is untrusted: a page is capped at
// wire.StatesPageSize states and about wire.MaxStatesPageBytes, whatever
// it asks; an offset outside the states is refused; between two rounds it
// gets nothing; and at most stateServerPages pages are built at once, so
// that a plugin cannot make the host hold more than a few pages by asking
// in parallel.
type stateServer struct {
	pb.UnimplementedStateBrokerServer
	states *swappableStates
	slots  chan struct{}
}

// stateServerPages is how many pages a stateServer builds at once.
const stateServerPages = 2

func newStateServer(states *swappableStates) *stateServer {
	return &stateServer{states: states, slots: make(chan struct{}, stateServerPages)}
}

func (s *stateServer) States(ctx context.Context, req *pb.StatesRequest) (*pb.StatesResponse, error) {
	src := s.states.get()
	if src == nil {
		return nil, status.Error(codes.FailedPrecondition, "no round of this plugin is in progress: the host serves stream states only during a Sync")
	}
	limit := int(req.GetLimit())
	if limit <= 0 || limit > wire.StatesPageSize {
		limit = wire.StatesPageSize
	}
	// The offset is checked against the total by the source; one past
	// the int range is refused here.
	offset := req.GetOffset()
	if offset < 0 || offset > int64(^uint32(0)>>1) {
		return nil, status.Errorf(codes.InvalidArgument, "stream states: offset %d is out of range", offset)
	}
	select {
	case s.slots <- struct{}{}:
		defer func() { <-s.slots }()
	case <-ctx.Done():
		return nil, status.FromContextError(ctx.Err()).Err()
	}
	page, total, err := src.Page(ctx, int(offset), limit)
	if err != nil {
		return nil, status.Errorf(codes.FailedPrecondition, "stream states: %v", err)
	}
	resp := &pb.StatesResponse{Total: int64(total), Streams: make([]*pb.StreamState, 0, len(page))}
	// The page's messages in one allocation rather than one a state.
	protos := make([]pb.StreamState, len(page))
	size := 0
	for i, st := range page {
		size += len(st.Stream) + len(st.DeltaLink) + len(st.Fingerprint)
		if size > wire.MaxStatesPageBytes && len(resp.Streams) > 0 {
			break
		}
		p := &protos[i]
		p.Stream, p.DeltaLink, p.Fingerprint = st.Stream, st.DeltaLink, st.Fingerprint
		resp.Streams = append(resp.Streams, p)
	}
	resp.Next = offset + int64(len(resp.Streams))
	return resp, nil
}

// swappableStates is the StateSource of the Sync in progress: nil
// between rounds.
type swappableStates = current[wire.StateSource]
