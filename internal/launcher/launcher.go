package launcher

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"

	"github.com/graphlake/graphlake/internal/pluginhost"
	"github.com/graphlake/graphlake/sdk/wire"
)

// Options says how to start plugins.
type Options struct {
	// Executable is the etl binary that serves built-in plugins (default:
	// this process's executable).
	Executable string
	// IsBuiltin reports whether a name is a built-in plugin.
	IsBuiltin func(name string) bool
	// Log receives the plugins' own log lines (default: discarded).
	Log io.Writer
}

// Plugin is a running plugin process.
type Plugin struct {
	// Ref is the built-in name or path it was started from.
	Ref string
	// Source is the plugin as the host talks to it.
	Source wire.Source
	client *plugin.Client
	stderr *tail
}

// Launch starts the plugin ref: a built-in name or a path to an executable.
func Launch(ctx context.Context, ref string, opts Options) (*Plugin, error) {
	cmd, err := command(ctx, ref, opts)
	if err != nil {
		return nil, err
	}
	cmd.Env = pluginEnv(os.Environ())
	var logOut io.Writer = io.Discard
	if opts.Log != nil {
		logOut = escapingWriter{opts.Log}
	}
	stderr := newTail(20)
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  wire.Handshake(),
		VersionedPlugins: pluginhost.PluginSets(),
		Cmd:              cmd,
		// The plugin gets the allow-listed environment cmd carries, not
		// the host's (see allowedEnv).
		SkipHostEnv:      true,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		AutoMTLS:         true,
		GRPCDialOptions:  pluginhost.DialOptions(),
		Stderr:           stderr,
		Logger:           hclog.New(&hclog.LoggerOptions{Name: "plugin", Output: logOut, Level: hclog.Warn}),
	})
	p := &Plugin{Ref: ref, client: client, stderr: stderr}
	rpc, err := client.Client()
	if err != nil {
		client.Kill()
		return nil, p.explain(fmt.Errorf("start plugin %s: %w", ref, err))
	}
	raw, err := rpc.Dispense(wire.PluginName)
	if err != nil {
		client.Kill()
		return nil, p.explain(fmt.Errorf("start plugin %s: %w", ref, err))
	}
	src, ok := raw.(wire.Source)
	if !ok {
		client.Kill()
		return nil, fmt.Errorf("start plugin %s: it does not serve a graphlake source", ref)
	}
	p.Source = src
	return p, nil
}

// Close stops the plugin process.
func (p *Plugin) Close() { p.client.Kill() }

// Explain adds what is known about a plugin that went away to err: its
// exit and the last lines it wrote to stderr.
func (p *Plugin) Explain(err error) error {
	if err == nil || !p.exited() {
		return err
	}
	return p.explain(fmt.Errorf("plugin %s exited during the round: %w", p.Ref, err))
}

func (p *Plugin) explain(err error) error {
	if lines := escapeLines(p.stderr.String()); lines != "" {
		return fmt.Errorf("%w\nlast lines the plugin wrote to stderr:\n%s", err, indent(lines))
	}
	return err
}

func command(ctx context.Context, ref string, opts Options) (*exec.Cmd, error) {
	if !strings.Contains(ref, "/") {
		if opts.IsBuiltin == nil || !opts.IsBuiltin(ref) {
			return nil, fmt.Errorf("no built-in plugin is named %q (see `etl plugins`); an external plugin is named by its path, e.g. \"./bin/my-plugin\"", ref)
		}
		exe := opts.Executable
		if exe == "" {
			var err error
			if exe, err = os.Executable(); err != nil {
				return nil, fmt.Errorf("find the etl binary to serve plugin %s: %w", ref, err)
			}
		}
		return exec.CommandContext(ctx, exe, "plugin", ref), nil
	}
	info, err := os.Stat(ref)
	if err != nil {
		return nil, fmt.Errorf("plugin %s: %w", ref, err)
	}
	if info.IsDir() || info.Mode()&0o111 == 0 {
		return nil, fmt.Errorf("plugin %s is not an executable file", ref)
	}
	return exec.CommandContext(ctx, ref), nil
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n  ")
}

// exited reports whether the process is gone, giving a dying process a
// moment to be noticed: the broken stream often arrives first.
func (p *Plugin) exited() bool {
	deadline := time.Now().Add(2 * time.Second)
	for !p.client.Exited() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}
