package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/graphlake/graphlake/internal/launcher"
	"github.com/graphlake/graphlake/internal/runner"
	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/wire"
)

// processConnector starts each plugin as its own process.
type processConnector struct {
	log io.Writer
}

func (c processConnector) Open(ctx context.Context, ref string) (runner.Conn, error) {
	p, err := launcher.Launch(ctx, ref, launcher.Options{IsBuiltin: isBuiltin, Log: c.log})
	if err != nil {
		return nil, err
	}
	return processConn{p}, nil
}

type processConn struct{ p *launcher.Plugin }

func (c processConn) Source() wire.Source     { return c.p.Source }
func (c processConn) Explain(err error) error { return c.p.Explain(err) }
func (c processConn) Close()                  { c.p.Close() }

// inProcessConnector runs built-in plugins inside the host (`--in-process`,
// for debugging and measuring the plugin boundary).
type inProcessConnector struct{}

func (inProcessConnector) Open(_ context.Context, ref string) (runner.Conn, error) {
	newSource, ok := builtins()[ref]
	if !ok {
		return nil, errNotBuiltin(ref)
	}
	return inProcessConn{sdk.InProcess(newSource())}, nil
}

type inProcessConn struct{ src wire.Source }

func (c inProcessConn) Source() wire.Source     { return c.src }
func (c inProcessConn) Explain(err error) error { return err }
func (c inProcessConn) Close()                  {}

func errNotBuiltin(ref string) error {
	return fmt.Errorf("--in-process runs built-in plugins only; %q is not one (built-in: %s)", ref, strings.Join(builtinNames(), ", "))
}
