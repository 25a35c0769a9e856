package wire

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// tokenServer serves the host's TokenSource to a plugin.
type tokenServer struct {
	pb.UnimplementedTokenBrokerServer
	tokens TokenSource
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
	src TokenSource
}

func (s *swappableTokens) set(src TokenSource) {
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

// brokerTokens is the plugin's side of the token broker: it dials the
// host's broker on first use.
type brokerTokens struct {
	broker *plugin.GRPCBroker
	id     uint32

	mu   sync.Mutex
	conn *grpc.ClientConn
}

func (b *brokerTokens) Token(ctx context.Context) (string, time.Time, error) {
	client, err := b.client()
	if err != nil {
		return "", time.Time{}, err
	}
	resp, err := client.Token(ctx, &pb.TokenRequest{})
	if err != nil {
		if st, ok := status.FromError(err); ok {
			return "", time.Time{}, errors.New(st.Message())
		}
		return "", time.Time{}, fmt.Errorf("ask the host for a token: %w", err)
	}
	return resp.GetAccessToken(), time.Unix(resp.GetExpiresOnUnix(), 0), nil
}

func (b *brokerTokens) client() (pb.TokenBrokerClient, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.conn == nil {
		if b.broker == nil {
			return nil, errors.New("no token broker: the plugin was not started by a graphlake host")
		}
		conn, err := b.broker.Dial(b.id)
		if err != nil {
			return nil, fmt.Errorf("dial the host's token broker: %w", err)
		}
		b.conn = conn
	}
	return pb.NewTokenBrokerClient(b.conn), nil
}

func (b *brokerTokens) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.conn != nil {
		_ = b.conn.Close()
		b.conn = nil
	}
}
