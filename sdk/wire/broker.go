package wire

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

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
