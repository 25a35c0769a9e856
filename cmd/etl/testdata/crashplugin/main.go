// Command crashplugin is an external plugin for the end-to-end tests: the
// users source, except that it panics after a number of items, the way a
// buggy plugin would.
package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/graphlake/graphlake/plugins/users"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

type config struct {
	CrashAfterItems int `json:"crash_after_items"`
}

type crashing struct{ *users.Source }

func (c crashing) ValidateConfig(context.Context, []byte) []sdk.Diagnostic { return nil }

func (c crashing) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	var cfg config
	if err := json.Unmarshal(req.Config, &cfg); err != nil {
		return err
	}
	seen := 0
	return sdk.RunDelta(ctx, req, emit, sdk.DeltaStream{ID: "users", URL: req.Endpoint + "/users/delta?$select=displayName",
		Item: func(ctx context.Context, emit *sdk.Emitter, stream string, obj table.Object) error {
			if seen++; seen > cfg.CrashAfterItems {
				panic(fmt.Sprintf("crashplugin: deliberate crash after %d items", cfg.CrashAfterItems))
			}
			return emit.Object(users.TableName, stream, obj)
		}})
}

func main() { sdk.Serve(crashing{users.New()}) }
