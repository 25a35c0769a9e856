package pluginhost

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/protobuf/proto"

	"github.com/graphlake/graphlake/sdk/wire"
	pb "github.com/graphlake/graphlake/sdk/wire/sourcev1"
)

// answers is a plugin whose Describe and Validate answer as given.
type answers struct {
	pb.UnimplementedSourceServer
	describe *pb.DescribeResponse
	validate *pb.ValidateResponse
}

func (a answers) Describe(context.Context, *pb.DescribeRequest) (*pb.DescribeResponse, error) {
	return a.describe, nil
}

func (a answers) Validate(context.Context, *pb.ValidateRequest) (*pb.ValidateResponse, error) {
	return a.validate, nil
}

// TestAHostileDescribeOrValidateIsRefused: a plugin is untrusted. An
// answer to Describe of more tables (or key columns) than any source
// declares, or to Validate of more diagnostics than any config earns, is
// refused as a protocol error before protobuf reads it: its empty
// elements, two bytes each, would each be a message (or a string) in the
// host. Answers within the bounds pass.
func TestAHostileDescribeOrValidateIsRefused(t *testing.T) {
	tables := func(n, keys int) *pb.DescribeResponse {
		out := &pb.DescribeResponse{}
		for range n {
			out.Tables = append(out.Tables, &pb.Table{Key: make([]string, keys)})
		}
		return out
	}
	diagnostics := func(n int) *pb.ValidateResponse {
		out := &pb.ValidateResponse{}
		for range n {
			out.Diagnostics = append(out.Diagnostics, &pb.Diagnostic{})
		}
		return out
	}
	for _, tc := range []struct {
		name     string
		describe *pb.DescribeResponse
		validate *pb.ValidateResponse
		// says is what the refusal says; "" when the answer passes the
		// bounds (Describe may still refuse its empty tables).
		says string
	}{
		{"200,000 empty tables", tables(200_000, 0), nil, "more than 1024 tables"},
		{"a table of 100,000 empty key columns", tables(1, 100_000), nil, "more than 64 key columns"},
		{"200,000 empty diagnostics", nil, diagnostics(200_000), "more than 1024 diagnostics"},
		{"1,024 diagnostics", nil, diagnostics(maxDiagnostics), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			host := dispensePlugin(t, rawPlugin{server: func(*plugin.GRPCBroker) pb.SourceServer {
				return answers{describe: tc.describe, validate: tc.validate}
			}})
			var err error
			if tc.describe != nil {
				_, err = host.Describe(t.Context())
			} else {
				var diags []wire.Diagnostic
				diags, err = host.Validate(t.Context(), []byte("{}"))
				if tc.says == "" && len(diags) != maxDiagnostics {
					t.Errorf("the host got %d diagnostics, want %d", len(diags), maxDiagnostics)
				}
			}
			if tc.says == "" {
				if err != nil {
					t.Fatalf("an answer within the bounds: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrProtocol) || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("%v, want a protocol error saying %q", err, tc.says)
			}
		})
	}
}

// TestBoundTablesCountsKeysPerTable: key columns count per table, and
// bytes protobuf cannot read pass to protobuf.
func TestBoundTablesCountsKeysPerTable(t *testing.T) {
	many := &pb.DescribeResponse{}
	for range 10 {
		many.Tables = append(many.Tables, &pb.Table{Name: "t", Key: make([]string, maxTableKeys)})
	}
	b, err := proto.Marshal(many)
	if err != nil {
		t.Fatal(err)
	}
	if err := boundTables(b); err != nil {
		t.Errorf("10 tables of %d keys each: %v", maxTableKeys, err)
	}
	for _, bad := range [][]byte{{0xff}, {0x0a, 0x80}, b[:len(b)/3]} {
		if err := boundTables(bad); err != nil {
			t.Errorf("boundTables(%x): %v, want protobuf to decide", bad, err)
		}
	}
}
