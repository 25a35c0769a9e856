// Command envplugin is an external plugin for the end-to-end tests: the
// users source, except that before it syncs it writes the environment its
// process was started with to the file its env_file attribute names, so a
// test can see what the host passes to a plugin.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/graphlake/graphlake/plugins/users"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

type config struct {
	EnvFile string `json:"env_file"`
}

type reporting struct{ *users.Source }

func (reporting) ValidateConfig(context.Context, []byte) []sdk.Diagnostic { return nil }

func (reporting) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	var cfg config
	if err := json.Unmarshal(req.Config, &cfg); err != nil {
		return fmt.Errorf("envplugin: read config: %w", err)
	}
	if cfg.EnvFile == "" {
		return fmt.Errorf("envplugin: set env_file")
	}
	if err := os.WriteFile(cfg.EnvFile, []byte(strings.Join(os.Environ(), "\n")+"\n"), 0o600); err != nil {
		return fmt.Errorf("envplugin: %w", err)
	}
	return sdk.RunDelta(ctx, req, emit, sdk.DeltaStream{ID: "users", URL: req.Endpoint + "/users/delta?$select=displayName",
		Item: func(ctx context.Context, emit *sdk.Emitter, stream string, obj table.Object) error {
			return emit.Object(users.TableName, stream, obj)
		}})
}

func main() { sdk.Serve(reporting{users.New()}) }
