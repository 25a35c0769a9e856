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

// swappableTokens lets each Sync call bring its own TokenSource while the
// broker server, started once, keeps serving.
type swappableTokens struct {
	mu  sync.Mutex
	src wire.TokenSource
}

func (s *swappableTokens) set(src wire.TokenSource) {
	s.mu.Lock()
	s.src = src
	s.mu.Unlock()
}

func (s *swappableTokens) Token(ctx context.Context) (string, time.Time, error) {
	s.mu.Lock()
	src := s.src
	s.mu.Unlock()
	if src == nil {
		return "", time.Time{}, errors.New("the host gave this round no token source")
	}
	return src.Token(ctx)
}
