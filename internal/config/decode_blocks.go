package config

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// stateKeyHelp tells how to make a state key.
const stateKeyHelp = "Make one with `openssl rand -base64 32` and keep it in your secret store: deltaLinks sealed with it cannot be read without it."

func (d *decoder) state(h *stateHCL) State {
	s := State{DeclRange: blockRange(h.Body)}
	key := strings.TrimSpace(h.Key)
	for _, dec := range []func(string) ([]byte, error){base64.StdEncoding.DecodeString, base64.URLEncoding.DecodeString,
		base64.RawStdEncoding.DecodeString, base64.RawURLEncoding.DecodeString, hex.DecodeString} {
		if b, err := dec(key); err == nil && len(b) == 32 {
			s.Key = b
			return s
		}
	}
	d.errorf(attrRange(h.Body, "key"), "Invalid state key", "state.key must be 32 bytes written as base64 or 64 hex digits. %s", stateKeyHelp)
	return s
}

func (d *decoder) destination(h *destinationHCL) Destination {
	dst := Destination{Kind: h.Kind, Body: h.Remain, DeclRange: h.Remain.MissingItemRange()}
	switch h.Kind {
	case "local":
		attrs, diags := h.Remain.JustAttributes()
		d.diags = append(d.diags, diags...)
		for name, a := range attrs {
			if name != "path" {
				d.errorf(a.NameRange, "Unsupported argument", "destination \"local\" takes only path; remove %q.", name)
			}
		}
		a, ok := attrs["path"]
		if !ok {
			d.errorf(dst.DeclRange, "Missing path", "destination \"local\" needs path = \"./lake\": the lake's folder.")
			return dst
		}
		var path string
		d.diags = append(d.diags, decodeString(a, d.ctx, &path)...)
		dst.Path = resolve(d.dir, path)
	default:
		d.errorf(dst.DeclRange, "Unknown destination", "destination %q is not supported; use destination \"local\" { path = \"./lake\" }.", h.Kind)
	}
	return dst
}

func (d *decoder) sources(hs []*sourceHCL, within hcl.Range) []Source {
	if len(hs) == 0 {
		d.errorf(within, "No sources", "Add at least one source block, e.g. source \"users\" {}; `etl plugins` lists the built-in ones.")
	}
	seen := map[string]bool{}
	var out []Source
	for _, h := range hs {
		src := d.source(h)
		if seen[src.Name] {
			d.errorf(src.DeclRange, "Duplicate source", "A source named %q is already declared; source names must be unique.", src.Name)
		}
		seen[src.Name] = true
		out = append(out, src)
	}
	return out
}

func (d *decoder) source(h *sourceHCL) Source {
	src := Source{Name: h.Name, Plugin: h.Name, AttrRanges: map[string]hcl.Range{}, DeclRange: h.Remain.MissingItemRange()}
	attrs, diags := h.Remain.JustAttributes()
	d.diags = append(d.diags, diags...)
	config := map[string]json.RawMessage{}
	for name, a := range attrs {
		v, diags := a.Expr.Value(d.ctx)
		d.diags = append(d.diags, diags...)
		if diags.HasErrors() {
			continue
		}
		if name == "plugin" {
			d.diags = append(d.diags, decodeString(a, d.ctx, &src.Plugin)...)
			src.Plugin = d.pluginPath(src.Plugin, a)
			continue
		}
		b, err := ctyjson.SimpleJSONValue{Value: v}.MarshalJSON()
		if err != nil {
			d.errorf(a.Expr.Range(), "Unsupported value", "%s cannot be passed to the plugin: %v.", name, err)
			continue
		}
		config[name], src.AttrRanges[name] = b, a.Expr.Range()
	}
	src.Config, _ = json.Marshal(config)
	return src
}

// pluginPath resolves an external plugin's path and checks it.
func (d *decoder) pluginPath(ref string, a *hcl.Attribute) string {
	if !strings.Contains(ref, "/") {
		return ref
	}
	path := resolve(d.dir, ref)
	info, err := os.Stat(path)
	switch {
	case err != nil:
		d.errorf(a.Expr.Range(), "Plugin not found", "No plugin executable at %s: build it or fix the path.", path)
	case info.IsDir() || info.Mode()&0o111 == 0:
		d.errorf(a.Expr.Range(), "Plugin not executable", "%s is not an executable file: chmod +x it, or name a built-in plugin.", path)
	}
	return path
}

func decodeString(a *hcl.Attribute, ctx *hcl.EvalContext, out *string) hcl.Diagnostics {
	v, diags := a.Expr.Value(ctx)
	if diags.HasErrors() {
		return diags
	}
	if v.IsNull() || !v.Type().Equals(cty.String) {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Expected a string",
			Detail: a.Name + " must be a string.", Subject: a.Expr.Range().Ptr()}}
	}
	*out = v.AsString()
	return nil
}
