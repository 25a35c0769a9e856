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

// hostBroker is the plugin's side of the host's broker: tokens
// (TokenBroker) and, when the host pages them, the round's prior stream
// states (StateBroker). It dials the host's broker on first use.
type hostBroker struct {
	broker *plugin.GRPCBroker
	id     uint32

	mu   sync.Mutex
	conn *grpc.ClientConn
}

// Token asks the host for a Graph access token.
func (b *hostBroker) Token(ctx context.Context) (string, time.Time, error) {
	conn, err := b.dial()
	if err != nil {
		return "", time.Time{}, err
	}
	resp, err := pb.NewTokenBrokerClient(conn).Token(ctx, &pb.TokenRequest{})
	if err != nil {
		if st, ok := status.FromError(err); ok {
			return "", time.Time{}, errors.New(st.Message())
		}
		return "", time.Time{}, fmt.Errorf("ask the host for a token: %w", err)
	}
	return resp.GetAccessToken(), time.Unix(resp.GetExpiresOnUnix(), 0), nil
}

// brokerStates reads the round's prior stream states from the host's
// StateBroker: a StateSource.
type brokerStates struct{ host *hostBroker }

// Page asks the host for one page of states.
func (s brokerStates) Page(ctx context.Context, offset, limit int) ([]StreamState, int, error) {
	conn, err := s.host.dial()
	if err != nil {
		return nil, 0, err
	}
	resp, err := pb.NewStateBrokerClient(conn).States(ctx, &pb.StatesRequest{Offset: int64(offset), Limit: int32(min(limit, StatesPageSize))})
	if err != nil {
		if st, ok := status.FromError(err); ok {
			return nil, 0, errors.New(st.Message())
		}
		return nil, 0, fmt.Errorf("ask the host for stream states: %w", err)
	}
	if resp.GetTotal() < 0 || resp.GetNext() != int64(offset+len(resp.GetStreams())) {
		return nil, 0, fmt.Errorf("the host's page of stream states at offset %d is inconsistent (next %d, %d states, total %d)",
			offset, resp.GetNext(), len(resp.GetStreams()), resp.GetTotal())
	}
	return streamsFromProto(resp.GetStreams()), int(resp.GetTotal()), nil
}

func (b *hostBroker) dial() (*grpc.ClientConn, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.conn == nil {
		if b.broker == nil {
			return nil, errors.New("no host broker: the plugin was not started by a graphlake host")
		}
		conn, err := b.broker.Dial(b.id)
		if err != nil {
			return nil, fmt.Errorf("dial the host's token broker: %w", err)
		}
		b.conn = conn
	}
	return b.conn, nil
}

func (b *hostBroker) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.conn != nil {
		_ = b.conn.Close()
		b.conn = nil
	}
}
