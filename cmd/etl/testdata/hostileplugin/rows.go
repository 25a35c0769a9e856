package main

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/graphlake/graphlake/plugins/users"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

// bigRows is the users source, except that the first user it reads gets
// a displayName of 9 MB (70 MB when huge).
type bigRows struct {
	*users.Source
	huge bool
}

func (bigRows) ValidateConfig(context.Context, []byte) []sdk.Diagnostic { return nil }

func (b bigRows) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	size := 9 << 20
	if b.huge {
		size = 70 << 20
	}
	first := true
	return sdk.RunDelta(ctx, req, emit, sdk.DeltaStream{ID: "users", URL: req.Endpoint + "/users/delta?$select=displayName",
		Item: func(ctx context.Context, emit *sdk.Emitter, stream string, obj table.Object) error {
			if first {
				first = false
				name, _ := json.Marshal(strings.Repeat("n", size))
				big := table.Object{"displayName": name}
				for k, v := range obj {
					if k != "displayName" {
						big[k] = v
					}
				}
				obj = big
			}
			return emit.Object(users.TableName, stream, obj)
		}})
}
