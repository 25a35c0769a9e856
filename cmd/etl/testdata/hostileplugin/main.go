// Command hostileplugin is an external plugin for the end-to-end tests
// that misbehaves on purpose, the way a buggy or malicious plugin could.
// Its mode is the suffix of the name it is started as
// (hostileplugin-MODE, a link the test makes), since Describe has no
// configuration and the host may not pass its environment on:
//
//   - clash: declares the users table, which the users source writes.
//   - badname: declares a table whose name holds a line break and SQL.
//   - bigmessage: sends a batch of two rows over the batch size cap.
//   - compressed: sends a batch whose compressed buffer claims 1 TiB.
//   - fieldcount: sends a batch whose schema message claims 2^30 fields.
//   - invalid: sends a batch whose string offsets go backwards.
//   - schema: sends a batch whose schema is not the declared one.
//   - ansi: fails its stream with an error and a warning holding
//     terminal escape sequences, and writes them to stderr.
//   - ansierror: fails the whole call with such an error.
//   - bigrow: the users source, with one user's displayName 9 MB long.
//   - hugerow: the same with 70 MB, over the message size limit.
//
// The protocol modes first send a valid batch, which the host must drop
// with the rest of the source.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/go-hclog"

	"github.com/graphlake/graphlake/plugins/users"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
	"github.com/graphlake/graphlake/sdk/wire"
)

// thingsTable is the table the protocol modes declare.
const thingsTable = "hostile_things"

// things declares thingsTable (named name).
func things(name string) table.Table {
	return table.Table{Name: name, Key: []string{"id"},
		Columns: []table.Column{{Name: "id", Type: table.String()}, {Name: "note", Type: table.String()}}}
}

// ansi is text a hostile plugin would like a terminal to interpret: it
// clears the screen, sets the window title and colours what follows.
const ansi = "\x1b[2J\x1b]0;pwned\x07\x1b[31mforged line\x1b[0m\r\n"

// hostile is a raw wire.Source: it bypasses the SDK's own checks.
type hostile struct {
	mode string
	rows wire.Source // the row modes' users source
}

func (h hostile) Describe(ctx context.Context) ([]wire.Table, error) {
	switch h.mode {
	case "bigrow", "hugerow":
		return h.rows.Describe(ctx)
	case "clash":
		t := users.Table()
		return []wire.Table{{Name: t.Name, Key: t.Key, Schema: t.Schema()}}, nil
	case "badname":
		t := things("things\n;DROP TABLE users; --")
		return []wire.Table{{Name: t.Name, Key: t.Key, Schema: t.Schema()}}, nil
	}
	t := things(thingsTable)
	return []wire.Table{{Name: t.Name, Key: t.Key, Schema: t.Schema()}}, nil
}

func (h hostile) Validate(context.Context, []byte) ([]wire.Diagnostic, error) { return nil, nil }

func (h hostile) Sync(ctx context.Context, req wire.SyncRequest, send func(wire.Event) error) error {
	switch h.mode {
	case "bigrow", "hugerow":
		return h.rows.Sync(ctx, req, send)
	case "ansi":
		fmt.Fprint(os.Stderr, "plugin says "+ansi)
		if err := send(&wire.Diagnostic{Severity: wire.SeverityWarning, Stream: "things", Summary: "warning " + ansi, Detail: ansi}); err != nil {
			return err
		}
		return send(&wire.Checkpoint{Stream: "things", Status: wire.StatusFailed, Mode: sdk.ModeInitial, Error: "Graph said " + ansi})
	case "ansierror":
		return errors.New("Graph said " + ansi)
	}
	if err := sendValidBatch(req, send); err != nil {
		return err
	}
	bad, err := badEvent(h.mode, req)
	if err != nil {
		return err
	}
	if err := send(bad); err != nil {
		return err
	}
	return send(&wire.Checkpoint{Stream: "things", Status: wire.StatusOK, Mode: sdk.ModeInitial, DeltaLink: "https://example.invalid/delta", Upserts: 2})
}

func main() {
	mode := strings.TrimPrefix(filepath.Base(os.Args[0]), "hostileplugin-")
	logger := hclog.New(&hclog.LoggerOptions{Output: os.Stderr, JSONFormat: true, Level: hclog.Info})
	wire.Serve(hostile{mode: mode, rows: sdk.InProcess(bigRows{Source: users.New(), huge: mode == "hugerow"})}, logger)
}
